"""The transport: the standard library's threaded HTTP server reads a request (headers, then a body framed by
Content-Length or chunked), hands it to `routes.handle` and writes the response. One thread per connection; queries
run in worker processes (executor.py) so that the timeout can stop any of them."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ..errors import UserError
from .app import App, Settings, graph_file
from .protocol import MAX_BODY, ProtocolError
from .routes import Request, Response, error, handle

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
    "connect-src 'self'; font-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'"
)
#: pending connections the kernel queues before accept() (the standard library's default, 5, drops bursts; Linux
#: caps it at net.core.somaxconn, 4096 by default)
LISTEN_BACKLOG = 1024


class HTTPServer(ThreadingHTTPServer):
    """ThreadingHTTPServer with a listen backlog that holds a burst of hundreds of clients."""

    request_queue_size = LISTEN_BACKLOG
    daemon_threads = True


class Handler(BaseHTTPRequestHandler):
    """Reads one request, asks `routes.handle` for the response, writes it."""

    server_version = "llm4cell-kg"
    protocol_version = "HTTP/1.1"
    timeout = 60  # seconds a client may take to send its request
    disable_nagle_algorithm = True  # headers and body are two writes: without this, delayed ACKs add ~40 ms
    app: App  # set on the subclass made by Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        if os.environ.get("LLM4CELL_SERVE_LOG"):
            super().log_message(format, *args)

    def _dispatch(self) -> None:
        headers = {k.lower(): v for k, v in self.headers.items()}
        req = Request(self.command, self.path, headers)
        try:
            body = self._read_body(headers)
        except ProtocolError as exc:
            self._write(req, error(req, exc.status, str(exc)), close=True)
            return
        except (OSError, ValueError):  # the client went away or sent a broken chunk: nothing to answer
            self.close_connection = True
            return
        req = Request(self.command, self.path, headers, body)
        self._write(req, handle(self.app, req, log=lambda m: self.log_error("%s", m)))

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _dispatch

    def _read_body(self, headers: dict[str, str]) -> bytes:
        """The request body, framed as HTTP/1.1 says (chunked wins over Content-Length); at most MAX_BODY bytes."""
        te = headers.get("transfer-encoding", "").strip().lower()
        if te:
            if te != "chunked":
                raise ProtocolError(501, f"Transfer-Encoding '{te}' is not supported (send chunked or Content-Length)")
            return self._read_chunked()
        raw = headers.get("content-length", "").strip()
        if not raw:
            return b""
        if not raw.isdigit():  # no sign, no spaces, no list: RFC 9110 section 8.6
            raise ProtocolError(400, f"bad Content-Length '{raw}'")
        length = int(raw)
        if length > MAX_BODY:
            raise ProtocolError(413, f"request body over {MAX_BODY} bytes")
        body = self.rfile.read(length)
        if len(body) < length:
            raise OSError("body cut short")
        return body

    def _read_chunked(self) -> bytes:
        parts: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(1026)
            size_text = line.split(b";", 1)[0].strip()
            if not size_text or any(c not in b"0123456789abcdefABCDEF" for c in size_text):
                raise ProtocolError(400, "bad chunk size in a chunked body")
            size = int(size_text, 16)
            if size == 0:
                while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):  # trailer fields, ignored
                    pass
                return b"".join(parts)
            total += size
            if total > MAX_BODY:
                raise ProtocolError(413, f"request body over {MAX_BODY} bytes")
            parts.append(self.rfile.read(size))
            if self.rfile.readline(3) not in (b"\r\n", b"\n"):
                raise ProtocolError(400, "a chunk does not end with CRLF")

    def _write(self, req: Request, resp: Response, close: bool = False) -> None:
        try:
            self.send_response(resp.status)
            self.send_header("Content-Type", resp.media_type)
            self.send_header("Content-Length", str(len(resp.body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Content-Security-Policy", CSP)
            for k, v in resp.headers.items():
                self.send_header(k, v)
            if close or resp.close:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if req.method != "HEAD":
                self.wfile.write(resp.body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class Server:
    """The HTTP server and its worker pool; `start()` serves in a background thread, `close()` stops both."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 8000,
        *,
        settings: Settings | None = None,
        workers: int = 2,
        graph: Path | None = None,
        memory_mb: int = 4096,
    ) -> None:
        from .executor import Pool

        self.settings = settings or Settings()
        handler: type[Handler] = type("BoundHandler", (Handler,), {})
        try:
            self.httpd = HTTPServer((host, port), handler)  # bind first: a busy port fails fast
        except OSError as exc:
            raise UserError(f"cannot listen on {host}:{port}: {exc.strerror}; choose another --port") from None
        self._tmp = Path(tempfile.mkdtemp(prefix="llm4cell-serve-"))
        try:
            served = graph_file(graph, self._tmp, self.settings.sources)
            self.pool = Pool(
                served,
                workers=workers,
                timeout=self.settings.timeout,
                row_cap=self.settings.row_cap,
                memory_mb=memory_mb,
                sandbox=not self.settings.allow_service,
            )
        except BaseException:
            self.httpd.server_close()
            shutil.rmtree(self._tmp, ignore_errors=True)
            raise
        self.app = handler.app = App(self.pool, self.settings, served, self._tmp, url=self.url)
        self.app.start_background()
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host.decode() if isinstance(host, bytes) else host}:{port}"

    def start(self) -> Server:
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        if self._thread is not None:
            self.httpd.shutdown()
        self.httpd.server_close()
        self.pool.close()
        shutil.rmtree(self._tmp, ignore_errors=True)
