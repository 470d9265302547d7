"""Run SPARQL queries in worker processes: each holds the graph, and a worker past the timeout is killed and replaced.

pyoxigraph cannot interrupt a query from another thread, so a runaway query is stopped by killing its process.
"""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from .protocol import Job, ProtocolError, Reply, Term


def _plain(t: Any) -> Term | None:
    import pyoxigraph as ox

    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return ("uri", t.value)
    if isinstance(t, ox.BlankNode):
        return ("bnode", t.value)
    if isinstance(t, ox.Literal):
        return ("literal", t.value, t.datatype.value, t.language or "")
    return ("literal", str(t), "", "")


def execute(store: Any, job: Job, row_cap: int) -> Reply:
    """Run `job` on `store` (in a worker process) and build its reply, cutting results at `row_cap` rows."""
    import pyoxigraph as ox

    from ..common.prefixes import PREFIX_MAP
    from . import protocol as p
    from . import results

    kwargs: dict[str, Any] = {"prefixes": PREFIX_MAP, "base_iri": job.base_iri}
    if job.default_graphs or job.named_graphs:  # the protocol's dataset replaces the query's FROM / FROM NAMED
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    # else the query's own FROM / FROM NAMED, or the store's default graph: the union, made by load_union()
    if job.substitutions:
        kwargs["substitutions"] = {ox.Variable(k): ox.NamedNode(v) for k, v in job.substitutions.items()}
    try:
        res = store.query(job.query, **kwargs)
    except SyntaxError as exc:
        raise ProtocolError(400, f"SPARQL syntax error: {exc}") from None
    except ValueError as exc:
        raise ProtocolError(400, f"bad query: {exc}") from None
    if isinstance(res, ox.QueryBoolean):
        if job.mode == "rows":
            return Reply(boolean=bool(res))
        ask_fmt = p.negotiate("results", job.accept, job.format_param)
        return Reply(ask_fmt.media_type, results.serialize_boolean(bool(res), ask_fmt), boolean=bool(res))
    if isinstance(res, ox.QueryTriples):
        graph_fmt = p.negotiate("graph", job.accept, job.format_param)
        triples: list[ox.Triple] = []
        for t in res:
            if len(triples) == row_cap:
                return Reply(
                    graph_fmt.media_type,
                    results.serialize_triples(triples, graph_fmt),
                    truncated=True,
                    count=len(triples),
                )
            triples.append(t)
        return Reply(graph_fmt.media_type, results.serialize_triples(triples, graph_fmt), count=len(triples))
    variables = [v.value for v in res.variables]
    sel_fmt = p.negotiate("results", job.accept, job.format_param) if job.mode == "protocol" else None
    rows: list[list[Any]] = []
    truncated = False
    for sol in res:
        if len(rows) == row_cap:
            truncated = True
            break
        rows.append([sol[v] for v in variables])
    if sel_fmt is None:
        return Reply(
            variables=variables, rows=[[_plain(t) for t in r] for r in rows], truncated=truncated, count=len(rows)
        )
    return Reply(
        sel_fmt.media_type, results.serialize_solutions(variables, rows, sel_fmt), truncated=truncated, count=len(rows)
    )


WORKER_STACK = 256 << 20  #: bytes of stack for the thread that runs queries in a worker


def load_union(graph_file: str) -> Any:
    """A store holding `graph_file`'s quads, and in its default graph the union of all its graphs (each triple once).

    SPARQL's default graph is then what the endpoint has always served (the union), with RDF-merge semantics (a
    triple held by several named graphs is one triple), and a query's FROM / FROM NAMED can replace it."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=graph_file, format=ox.RdfFormat.N_QUADS)
    named = [ox.Quad(q.subject, q.predicate, q.object) for q in store if q.graph_name != ox.DefaultGraph()]
    store.bulk_extend(named)
    return store


def no_network() -> bool:
    """Move this (single-threaded) process into a new user and network namespace with no interfaces, so that no
    query can reach another host, whatever the query check missed. False where the kernel does not allow it."""
    import ctypes

    clone_newuser, clone_newnet = 0x10000000, 0x40000000
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.unshare(clone_newuser | clone_newnet) == 0
    except (OSError, AttributeError):
        return False


def _worker_main(fd: int, graph_file: str, row_cap: int, memory_mb: int, sandbox: bool) -> None:
    """A worker: (without network if `sandbox`) load the graph once, then answer jobs until the pipe closes."""
    isolated = no_network() if sandbox else False  # before any thread starts: unshare needs a single thread
    if memory_mb > 0:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        store = load_union(graph_file)
    except OSError as exc:  # e.g. the server stopped (and removed its temp dir) while this worker started
        print(f"llm4cell-kg query worker: cannot load {graph_file}: {exc}", file=sys.stderr)
        return
    conn = Connection(fd)
    # a thread with a large stack answers: the engine recurses on the query's tree; the text checks keep queries
    # far below its limits, this leaves a margin even so
    threading.stack_size(WORKER_STACK)
    t = threading.Thread(target=_serve_jobs, args=(conn, store, row_cap, isolated))
    t.start()
    t.join()


def _serve_jobs(conn: Connection, store: Any, row_cap: int, isolated: bool) -> None:
    try:
        conn.send(("ready", len(store), isolated))
    except OSError:  # the server stopped while this worker was loading
        return
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        msg: tuple[Any, ...]
        try:
            msg = ("ok", execute(store, job, row_cap))
        except ProtocolError as exc:
            msg = ("error", exc.status, str(exc))
        except MemoryError:
            msg = ("error", 503, "the query needed more memory than a query worker may use")
        except Exception as exc:  # noqa: BLE001 - any failure is reported to the client as a 500
            msg = ("error", 500, f"query failed: {type(exc).__name__}: {exc}")
        try:
            conn.send(msg)
        except OSError:  # the server went away
            return


class _Worker:
    """One worker: `python -m llm4cell_kg.server.executor` talking pickles over a socket pair (no fork of the threaded
    server, and no re-import of the caller's main module as multiprocessing's spawn would do)."""

    def __init__(self, graph_file: str, row_cap: int, memory_mb: int, sandbox: bool) -> None:
        parent, child = socket.socketpair()
        env = dict(os.environ)
        pkg_parent = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [pkg_parent, env.get("PYTHONPATH")]))
        self.isolated = False
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "llm4cell_kg.server.executor",
                str(child.fileno()),
                graph_file,
                str(row_cap),
                str(memory_mb),
                "sandbox" if sandbox else "network",
            ],
            pass_fds=[child.fileno()],
            env=env,
            stdin=subprocess.DEVNULL,
        )
        child.close()
        self.conn = Connection(parent.detach())

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise RuntimeError("a query worker did not load the graph in time")
        try:
            msg = self.conn.recv()
        except EOFError:
            self.kill()
            raise RuntimeError("a query worker exited while loading the graph") from None
        if msg[0] != "ready":
            raise RuntimeError(f"a query worker failed to start: {msg}")
        self.isolated = bool(msg[2])

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(10)
        self.conn.close()


class Pool:
    """`workers` processes, each with the whole graph; `run` sends a job to an idle one and waits up to `timeout`.

    With `sandbox` the workers have no network (where the kernel allows it: `isolated` says whether they do)."""

    def __init__(
        self,
        graph_file: str | Path,
        *,
        workers: int = 2,
        timeout: float = 10.0,
        row_cap: int = 10000,
        queue_timeout: float = 60.0,
        memory_mb: int = 4096,
        sandbox: bool = False,
    ) -> None:
        self.graph_file, self.timeout, self.row_cap = str(graph_file), timeout, row_cap
        self.sandbox = sandbox
        self.queue_timeout, self.memory_mb = queue_timeout, memory_mb
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self.killed = 0
        first = self._spawn()  # alone, so that it loads the graph with the machine to itself: the server answers
        first.wait_ready(120)  # once it is ready, and the others load in the background
        self._idle.put(first)
        self.isolated = first.isolated  # every worker runs the same code on the same kernel
        for _ in range(max(1, workers) - 1):
            self._replace()

    def _spawn(self) -> _Worker:
        return _Worker(self.graph_file, self.row_cap, self.memory_mb, self.sandbox)

    def _replace(self) -> None:
        """Start a new worker in the background (the pool is one short until it has loaded the graph); also how the
        workers after the first start."""

        def start() -> None:
            for _ in range(3):
                if self._closed:
                    return
                w = self._spawn()
                try:
                    w.wait_ready(120)
                except RuntimeError:
                    time.sleep(1)
                    continue
                if self._closed:
                    w.kill()
                else:
                    self._idle.put(w)
                return

        threading.Thread(target=start, daemon=True).start()

    def run(self, job: Job) -> Reply:
        """The reply to `job`; raises ProtocolError (503 busy, 504 timeout, 4xx/5xx from the worker)."""
        deadline = time.monotonic() + self.queue_timeout
        w: _Worker | None
        while True:
            try:
                w = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise ProtocolError(
                    503, f"all query workers stayed busy for {self.queue_timeout:g} s; retry later"
                ) from None
            if w.process.poll() is None:
                break
            w.kill()  # it died while idle (killed from outside, out of memory): replace it, take another
            self._replace()
        healthy = True  # False once `w` is killed: it must not go back to the idle queue
        try:
            w.conn.send(job)
            if not w.conn.poll(self.timeout):
                self.killed += 1
                healthy = False
                w.kill()
                self._replace()
                raise ProtocolError(504, f"query stopped: it ran longer than the {self.timeout:g} s timeout")
            msg = w.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            if healthy:
                healthy = False
                w.kill()
                self._replace()
            raise ProtocolError(500, "the query worker died (out of memory?); it has been replaced") from None
        finally:
            if healthy:
                self._idle.put(w)
        if msg[0] == "error":
            raise ProtocolError(msg[1], msg[2])
        return msg[1]

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                return


if __name__ == "__main__":  # a worker process started by Pool; import the module so pickles name its classes
    from .executor import _worker_main as main

    main(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == "sandbox")
