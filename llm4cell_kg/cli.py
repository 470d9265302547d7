"""The `llm4cell-kg` command line: one group; each command's module is imported only when it runs."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path
from typing import Any

import click

from .common.options import data_option, endpoint_option, format_option, out_option, sources_option, store_option
from .errors import UserError

#: command name -> "module:attribute" of a click command defined in that module
LAZY_COMMANDS: dict[str, str] = {
    "audit": "llm4cell_kg.answers.audit:command",
    "validate": "llm4cell_kg.checks.validate:command",
    "reason": "llm4cell_kg.checks.reason:command",
    "query": "llm4cell_kg.answers.query:command",
    "figures": "llm4cell_kg.answers.figures:command",
    "report": "llm4cell_kg.answers.report:command",
    "link": "llm4cell_kg.checks.link_check:command",
    "export": "llm4cell_kg.export:command",
    "serve": "llm4cell_kg.server.cli:command",
    "load": "llm4cell_kg.store.remote:command",
    "show": "llm4cell_kg.answers.card.show:command",
    "search": "llm4cell_kg.answers.search:command",
    "compare": "llm4cell_kg.answers.compare:command",
    "drift": "llm4cell_kg.answers.drift:command",
    "release": "llm4cell_kg.publish.release:command",
    "diff": "llm4cell_kg.publish.diff:command",
    "new": "llm4cell_kg.curation.skeleton:command",
    "schemas": "llm4cell_kg.curation.json_schema:command",
}


class Group(click.Group):
    """Lazily loads commands and turns UserError into a clean message and a non-zero exit."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        lazy = [n for n, spec in LAZY_COMMANDS.items() if importlib.util.find_spec(spec.split(":")[0])]
        return sorted(set(super().list_commands(ctx)) | set(lazy))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in LAZY_COMMANDS and importlib.util.find_spec(LAZY_COMMANDS[name].split(":")[0]):
            module, attr = LAZY_COMMANDS[name].split(":")
            return getattr(importlib.import_module(module), attr)
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context) -> Any:
        from . import paths

        try:
            return super().invoke(ctx)
        except UserError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)
        finally:
            paths.use(None)  # `--data` lasts one command, also when several run in one process (tests)


@click.group(cls=Group)
@click.version_option(package_name="llm4cell-kg")
@data_option()
def main(data: Path | None) -> None:
    """A knowledge graph of the LLM4Cell survey: models, datasets, claims and their sources."""
    from . import paths

    paths.use(data)


def run() -> None:
    """The console script: like `main`, and says on stderr which records a building command used."""
    from . import paths

    paths.announce_on_stderr()
    main()


@main.command()
@out_option("Directory for the Turtle, N-Triples, N-Quads and TriG files.", directory=True, default=Path("build"))
@data_option()
def build(out: Path, data: Path | None) -> None:
    """Build the graph from graph/*.yaml, validate it, and write it under OUT.

    For the default records it also keeps, in the build cache, what later commands read: the checked graph, the
    name, facet and full-text indexes (`show`, `search`, `compare`), the projections and the figures (`serve`),
    derived in the background while the files are written (a figure whose data is unchanged is not drawn again)."""
    from . import paths
    from .answers.warm import Ahead, derive, draw_figures, projections
    from .build.graph import contents, write_outputs
    from .checks.pipeline import checked_graph
    from .store.embedded import default_file, register_default

    if data is not None:
        paths.use(data)
    graph = checked_graph()
    ahead = None
    if data is None:
        default = register_default(graph.quads)
        ahead = Ahead(
            lambda: derive(default), lambda: projections(graph.quads), lambda: draw_figures(default, default_file())
        )
    kept = graph.released  # what the files hold: the build-time helper triples stay out (docs/derived.md)
    try:
        written = write_outputs(kept, out)
    finally:
        if ahead is not None:
            ahead.wait()
    click.echo(f"built {len(kept)} quads in {graph.graphs} graphs")
    holds = contents(kept)
    for name, path in written.items():
        click.echo(f"  {path}: {holds[name]}")
    helpers = len(graph.quads) - len(kept)
    click.echo(
        f"left out of these files: {helpers} build-time helper quads (graphs src:derived/..., docs/derived.md), "
        "which the embedded store and `load` keep for the audit"
    )


@main.command()
@click.argument("query_or_file")
@format_option()
@store_option("Use (and on first use fill) an on-disk pyoxigraph store at this path instead of memory.")
@endpoint_option("Query a triplestore's SPARQL endpoint holding the loaded graph (see `load`) instead.", metavar="URL")
@sources_option
def sparql(query_or_file: str, fmt: str, store_path: Path | None, endpoint: str | None, sources: str) -> None:
    """Run a SPARQL SELECT, ASK or CONSTRUCT query (text or .rq file) on the embedded store or an endpoint."""
    from .answers.sources import answer
    from .store import sparql as sq
    from .store.remote import open_backend

    text = sq.read_query(query_or_file)
    store = open_backend(endpoint, store_path)
    try:
        result = answer(store, text, sources, canned=False)
    except SyntaxError as exc:
        raise UserError(f"SPARQL syntax error: {exc}") from None
    click.echo(sq.render(result, fmt).rstrip("\n"))


if __name__ == "__main__":  # pragma: no cover
    run()
