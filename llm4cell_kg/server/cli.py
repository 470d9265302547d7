"""`llm4cell-kg serve`: a read-only SPARQL 1.1 Protocol endpoint and the web explorer."""

from __future__ import annotations

import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..common.options import FC, sources_option
from .app import Settings
from .transport import LISTEN_BACKLOG, Server


def _tuning(name: str, default: float, kind: click.ParamType, help: str) -> Callable[[FC], FC]:
    """A numeric limit of the server, its default shown in --help."""
    return click.option(name, default=default, show_default=True, type=kind, help=help)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free).")
@_tuning("--timeout", 10.0, click.FloatRange(0.1), "Seconds a query may run before its worker is killed (HTTP 504).")
@_tuning(
    "--row-cap",
    10000,
    click.IntRange(1),
    "Most rows (or triples) in one answer; longer answers are cut, with header X-Result-Truncated.",
)
@_tuning("--workers", 2, click.IntRange(1, 64), "Query worker processes (each holds the graph in memory).")
@_tuning("--memory-mb", 4096, click.IntRange(0), "Address-space limit of each worker in MiB (0: none).")
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
@sources_option
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
    sources: str,
) -> None:
    """Serve the SPARQL endpoint (/sparql, read-only) and the web explorer."""
    settings = Settings(timeout=timeout, row_cap=row_cap, allow_service=allow_service, figures=figures, sources=sources)
    server = Server(host, port, settings=settings, workers=workers, graph=graph, memory_mb=memory_mb)
    click.echo(f"serving {server.url}/ (SPARQL endpoint {server.url}/sparql); Ctrl-C stops")
    click.echo(
        f"{workers} query worker(s), timeout {timeout:g} s, listen backlog {LISTEN_BACKLOG}; "
        + (
            "SERVICE allowed"
            if allow_service
            else "SERVICE refused"
            + ("" if server.pool.isolated else " (the workers could not be cut off from the network on this system)")
        )
    )

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)  # a plain `kill` also removes the workers and the temp dir
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
