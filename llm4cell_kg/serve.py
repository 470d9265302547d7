"""`llm4cell-kg serve`: a read-only SPARQL 1.1 Protocol endpoint and the web explorer, on the standard library's
threaded HTTP server; queries run in worker processes (executor.py) so the timeout can stop any of them."""

from __future__ import annotations

import os
import re
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import click

from .atomic import atomic_dir
from .errors import UserError

STATIC_DIR = Path(__file__).resolve().parent / "web" / "static"
MAX_BODY = 1 << 20  # 1 MiB of query text is plenty
STATIC_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
    "": "text/plain; charset=utf-8",
}
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
    "connect-src 'self'; font-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'"
)
ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


@dataclass
class Settings:
    """Server options (the `serve` command's flags)."""

    timeout: float = 10.0
    row_cap: int = 10000
    allow_service: bool = False
    figures: Path | None = None
    draw_figures: bool = True  # without `figures`, draw them from the served graph on the first /figures request


def _files(root: Path) -> dict[str, Path]:
    """Every regular file under `root`, by its relative POSIX path: the only paths the server will open."""
    if not root.is_dir():
        return {}
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


class App:
    """What the handler needs: the worker pool, the settings, the canned queries and the static files."""

    def __init__(self, pool: Any, settings: Settings, graph: Path | None = None, workdir: Path | None = None) -> None:
        from .query import list_queries

        self.pool, self.settings = pool, settings
        self.queries = {q.name: q for q in list_queries()}
        self.static = _files(STATIC_DIR)
        self._graph, self._workdir, self._lock = graph, workdir, threading.Lock()

    def figure_dir(self) -> Path | None:
        """`--figures DIR`, else the figures drawn (once, into the server's temp dir) from the served graph."""
        if self.settings.figures or not self.settings.draw_figures or not (self._graph and self._workdir):
            return self.settings.figures
        out = self._workdir / "figures"
        with self._lock:
            if not out.is_dir():
                from .figures import draw_all
                from .store import load_file

                with atomic_dir(out, durable=False) as tmp:  # the server's own temp dir: no need to fsync
                    draw_all(load_file(self._graph), tmp)
        return out

    def figure_files(self) -> dict[str, Path]:
        d = self.figure_dir()
        files = _files(d) if d else {}
        return {k: v for k, v in files.items() if "/" not in k and v.suffix.lower() in (".png", ".svg")}


class Handler(BaseHTTPRequestHandler):
    """Routes: /sparql (protocol), / /explorer /queries[/NAME] /model/ID /dataset/ID /figures[/FILE] /static/PATH."""

    server_version = "llm4cell-kg"
    protocol_version = "HTTP/1.1"
    timeout = 60  # seconds a client may take to send its request
    disable_nagle_algorithm = True  # headers and body are two writes: without this, delayed ACKs add ~40 ms
    app: App  # set on the subclass made by make_server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        if os.environ.get("LLM4CELL_SERVE_LOG"):
            super().log_message(format, *args)

    # -- responses ---------------------------------------------------------------------------------------------

    def send(self, status: int, body: bytes, media_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", CSP)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def html(self, body: str, status: int = 200) -> None:
        self.send(status, body.encode(), "text/html; charset=utf-8")

    def fail(self, status: int, message: str) -> None:
        from .web import pages

        if self.command == "POST":
            self.close_connection = True  # the body may be unread: do not reuse the connection
        if "text/html" in self.headers.get("Accept", "") and not self.path.startswith("/sparql"):
            self.html(pages.error_page(status, message), status)
        else:
            self.send(status, (message + "\n").encode(), "text/plain; charset=utf-8")

    # -- dispatch ------------------------------------------------------------------------------------------------

    def do_GET(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        from .protocol import ProtocolError

        try:
            raw = urlsplit(self.path)
            path = unquote(raw.path)
            if ".." in path.split("/") or "\\" in path or "\x00" in path or "//" in path:
                raise ProtocolError(400, "bad path")
            if self.command == "POST" and path != "/sparql":
                raise ProtocolError(405, "POST is accepted only at /sparql")
            self._route(path, raw.query)
        except ProtocolError as exc:
            self.fail(exc.status, str(exc))
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as exc:  # noqa: BLE001 - a bug must not drop the connection without an answer
            self.log_error("internal error on %s: %r", self.path, exc)
            self.close_connection = True
            self.fail(500, f"internal error: {type(exc).__name__}")

    def _route(self, path: str, query: str) -> None:
        from .protocol import ProtocolError

        routes: list[tuple[str, Callable[..., None]]] = [
            (r"/sparql", lambda: self.sparql(query)),
            (r"/", self.index),
            (r"/explorer", self.explorer),
            (r"/queries", self.queries),
            (r"/queries/(.+)", self.canned),
            (r"/(model|dataset)/([^/]+)", self.entity),
            (r"/figures", self.figures),
            (r"/figures/([^/]+)", self.figure_file),
            (r"/static/(.+)", self.static),
        ]
        for pattern, fn in routes:
            m = re.fullmatch(pattern, path)
            if m:
                fn(*m.groups())
                return
        raise ProtocolError(404, f"no page at {path}")

    # -- SPARQL protocol -----------------------------------------------------------------------------------------

    def _params(self, query: str) -> tuple[dict[str, list[str]], str | None]:
        """Protocol parameters from the URL and, for POST, the body; plus a query sent directly as the body."""
        from .protocol import ProtocolError

        params = parse_qs(query, keep_blank_values=True)
        if self.command != "POST":
            return params, None
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise ProtocolError(400, "bad Content-Length") from None
        if length > MAX_BODY:
            raise ProtocolError(413, f"request body over {MAX_BODY} bytes")
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is refused")
        if ctype == "application/sparql-query":
            return params, body
        if ctype == "application/x-www-form-urlencoded":
            for k, v in parse_qs(body, keep_blank_values=True).items():
                params.setdefault(k, []).extend(v)
            return params, None
        raise ProtocolError(
            415,
            f"unsupported Content-Type '{ctype}': send application/sparql-query or application/x-www-form-urlencoded",
        )

    def sparql(self, query_string: str) -> None:
        from .executor import Job
        from .protocol import ProtocolError, check_query

        params, direct = self._params(query_string)
        if "update" in params:
            raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is refused")
        queries = params.get("query", []) + ([direct] if direct is not None else [])
        if not queries:
            if self.command == "GET" and "text/html" in self.headers.get("Accept", ""):
                self.send(303, b"", "text/plain", {"Location": "/explorer"})
                return
            raise ProtocolError(400, "missing 'query' parameter (SPARQL 1.1 Protocol: GET ?query=... or POST)")
        if len(queries) > 1:
            raise ProtocolError(400, "exactly one 'query' parameter is allowed")
        check_query(queries[0], self.app.settings.allow_service)
        fmts = params.get("format") or params.get("output")
        fmt = fmts[0] if fmts else None
        job = Job(
            queries[0],
            accept=self.headers.get("Accept"),
            format_param=fmt,
            default_graphs=params.get("default-graph-uri", []),
            named_graphs=params.get("named-graph-uri", []),
        )
        reply = self.app.pool.run(job)
        headers = {"X-Result-Count": str(reply.count), "Vary": "Accept"}
        if reply.truncated:
            headers["X-Result-Truncated"] = f"true; row cap {self.app.settings.row_cap}"
        media = reply.media_type + ("; charset=utf-8" if reply.media_type.startswith("text/") else "")
        self.send(200, reply.body, media, headers)

    # -- pages -------------------------------------------------------------------------------------------------

    def rows(self, query: str, **substitutions: str) -> Any:
        from .executor import Job

        return self.app.pool.run(Job(query, mode="rows", substitutions=substitutions))

    def index(self) -> None:
        from .web import pages

        self.html(pages.index(self.rows(pages.page_query("entities")).rows, list(self.app.queries.values())))

    def explorer(self) -> None:
        from .web import pages

        self.html(pages.explorer(list(self.app.queries.values())))

    def queries(self) -> None:
        from .web import pages

        self.html(pages.queries_page(list(self.app.queries.values())))

    def canned(self, name: str) -> None:
        from .protocol import ProtocolError
        from .web import pages

        q = self.app.queries.get(name)
        if q is None:
            raise ProtocolError(404, f"no canned query named '{name}' (see /queries)")
        r = self.rows(q.text)
        self.html(pages.query_page(q, r.variables, r.rows, r.truncated, r.boolean))

    def entity(self, kind: str, ident: str) -> None:
        from .namespaces import L4C, RDF, SCHEMES
        from .protocol import ProtocolError
        from .web import pages

        if not ID.fullmatch(ident):
            raise ProtocolError(404, f"no {kind} with id '{ident}'")
        iri = SCHEMES[kind] + ident
        facts = self.rows(pages.page_query("entity-facts"), entity=iri).rows
        cls = L4C + kind.capitalize()
        if not any(pages.text(r[1]) == RDF + "type" and pages.text(r[2]) == cls for r in facts):
            raise ProtocolError(404, f"no {kind} with id '{ident}' (see the list on /)")
        incoming = self.rows(pages.page_query("entity-incoming"), entity=iri).rows
        scale = self.rows(pages.page_query("entity-scale"), entity=iri).rows if kind == "dataset" else []
        self.html(pages.entity_page(kind, ident, facts, incoming, scale))

    def figures(self) -> None:
        from .web import pages

        figure_queries = [q for q in self.app.queries.values() if q.name.startswith("figure")]
        self.html(pages.figures_page(sorted(self.app.figure_files()), figure_queries))

    def _file(self, files: dict[str, Path], name: str) -> None:
        from .protocol import ProtocolError

        p = files.get(name)
        if p is None:
            raise ProtocolError(404, f"no file {name}")
        self.send(
            200,
            p.read_bytes(),
            STATIC_TYPES.get(p.suffix, "application/octet-stream"),
            {"Cache-Control": "max-age=3600"},
        )

    def figure_file(self, name: str) -> None:
        self._file(self.app.figure_files(), name)

    def static(self, name: str) -> None:
        self._file(self.app.static, name)


def graph_file(source: Path | None, workdir: Path) -> Path:
    """An N-Quads file for the workers: `source` as given (.nq), else converted, else the graph built now."""
    import pyoxigraph as ox

    if source is not None and source.suffix == ".nq":
        return source
    out = workdir / "graph.nq"
    if source is not None:
        try:
            quads = list(ox.parse(path=str(source)))
        except (SyntaxError, ValueError, OSError) as exc:
            raise UserError(
                f"{source}: cannot read it as RDF ({exc}); give a .nq, .trig, .nt or .ttl file "
                "written by `llm4cell-kg build`"
            ) from None
    else:
        from .pipeline import checked_quads

        quads = checked_quads()
    ox.serialize(quads, str(out), ox.RdfFormat.N_QUADS)
    return out


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
            self.httpd = ThreadingHTTPServer((host, port), handler)  # bind first: a busy port fails fast
        except OSError as exc:
            raise UserError(f"cannot listen on {host}:{port}: {exc.strerror}; choose another --port") from None
        self._tmp = Path(tempfile.mkdtemp(prefix="llm4cell-serve-"))
        try:
            served = graph_file(graph, self._tmp)
            self.pool = Pool(
                served,
                workers=workers,
                timeout=self.settings.timeout,
                row_cap=self.settings.row_cap,
                memory_mb=memory_mb,
            )
        except BaseException:
            self.httpd.server_close()
            shutil.rmtree(self._tmp, ignore_errors=True)
            raise
        handler.app = App(self.pool, self.settings, served, self._tmp)
        self.httpd.daemon_threads = True
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


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free).")
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(0.1),
    help="Seconds a query may run before its worker is killed (HTTP 504).",
)
@click.option(
    "--row-cap",
    default=10000,
    show_default=True,
    type=click.IntRange(1),
    help="Most rows (or triples) in one answer; longer answers are cut, with header X-Result-Truncated.",
)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Query worker processes (each holds the graph in memory).",
)
@click.option(
    "--memory-mb",
    default=4096,
    show_default=True,
    type=click.IntRange(0),
    help="Address-space limit of each worker in MiB (0: none).",
)
@click.option("--allow-service", is_flag=True, help="Allow SERVICE (federated queries to other endpoints).")
@click.option(
    "--graph",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Serve this RDF file (from `llm4cell-kg build`) instead of building the graph from the records.",
)
@click.option(
    "--figures",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Directory of PNG/SVG figures (from `llm4cell-kg figures DIR`) to show at /figures "
    "(default: drawn from the served graph on the first visit).",
)
def command(
    host: str,
    port: int,
    timeout: float,
    row_cap: int,
    workers: int,
    memory_mb: int,
    allow_service: bool,
    graph: Path | None,
    figures: Path | None,
) -> None:
    """Serve the SPARQL endpoint (/sparql, read-only) and the web explorer."""
    settings = Settings(timeout=timeout, row_cap=row_cap, allow_service=allow_service, figures=figures)
    server = Server(host, port, settings=settings, workers=workers, graph=graph, memory_mb=memory_mb)
    click.echo(f"serving {server.url}/ (SPARQL endpoint {server.url}/sparql); Ctrl-C stops")

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)  # a plain `kill` also removes the workers and the temp dir
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
