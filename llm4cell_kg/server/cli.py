"""`llm4cell-kg serve`: a read-only SPARQL 1.1 Protocol endpoint and the web explorer."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Any

import click

from .app import Settings
from .transport import LISTEN_BACKLOG, Server


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
