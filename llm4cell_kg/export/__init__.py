"""`llm4cell-kg export`: the graph in the formats of graph tools (one module per format, one registry here)."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from ..build.derived import strip
from ..common.atomic import atomic_dir, atomic_file
from ..common.options import data_option, endpoint_option, sources_option
from ..errors import UserError


@dataclass(frozen=True)
class Format:
    """One export format: the module that writes and reads it, and whether it is one file or a directory."""

    name: str
    module: str
    directory: bool
    what: str

    def load(self) -> Any:
        return importlib.import_module(f"{__name__}.{self.module}")


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", "rdf", False, "Turtle, the union of all graphs"),
        Format("ntriples", "rdf", False, "N-Triples, the union of all graphs"),
        Format("trig", "rdf", False, "TriG, with the named graphs"),
        Format("nquads", "rdf", False, "N-Quads, with the named graphs"),
        Format("jsonld", "jsonld", False, "JSON-LD 1.1 with the named graphs, @context embedded"),
        Format("graphml", "graphml", False, "GraphML (Gephi, yEd, networkx)"),
        Format("gexf", "gexf", False, "GEXF 1.2 (Gephi)"),
        Format("cytoscape", "cytoscape", False, "Cytoscape.js JSON (elements)"),
        Format("neo4j", "neo4j", True, "CSV for neo4j-admin database import, and a Cypher script"),
        Format("kgx", "kgx", True, "KGX TSV nodes and edges with Biolink categories and predicates"),
        Format("sssom", "sssom", False, "SSSOM TSV: the models' mappings to catalogue entries, with its metadata"),
    )
}


def get_format(name: str) -> Format:
    if name not in FORMATS:
        raise UserError(f"unknown export format '{name}'; valid formats: {', '.join(FORMATS)}")
    return FORMATS[name]


def export(quads: Iterable[Any], fmt: str, out: str | Path, with_derived: bool = False, **options: Any) -> Path:
    """Write `quads` as `fmt` to `out` (a file, or a directory for neo4j/kgx), atomically; returns `out`.

    The build-time helper triples (docs/derived.md) are left out unless `with_derived`; the writer gets exactly the
    quads to write. `options` go to the format's writer (jsonld: `reference=True` names the published @context URL).
    """
    f = get_format(fmt)
    out = Path(out)
    if out.exists() and out.is_dir() != f.directory:
        kind = "a directory" if f.directory else "a file"
        raise UserError(f"{out}: format '{fmt}' writes {kind}; choose another OUT path")
    module = f.load()
    if f.directory and out.is_dir():
        foreign = sorted(p.name for p in out.iterdir() if p.name not in module.FILES)
        if foreign:
            raise UserError(
                f"{out}: holds {', '.join(foreign[:5])}, which a {fmt} export does not write; "
                "choose a new or empty directory (an earlier export there is replaced)"
            )
    out.parent.mkdir(parents=True, exist_ok=True)
    quads = list(quads) if with_derived else strip(quads)
    with atomic_dir(out) if f.directory else atomic_file(out) as tmp:
        module.write(quads, tmp, fmt, **options)
    return out


def read(fmt: str, path: str | Path) -> list[Any]:
    """The quads of an export, read back (the reverse mapping the round-trip tests use)."""
    return get_format(fmt).load().read(Path(path), fmt)


@click.command("export")
@click.option("--format", "fmt", required=True, metavar="FORMAT", help=f"One of: {', '.join(FORMATS)}.")
@click.argument("out", type=click.Path(path_type=Path))
@data_option()
@endpoint_option("Export the graph held by this SPARQL endpoint (loaded with `llm4cell-kg load`) instead.")
@click.option(
    "--reference-context",
    is_flag=True,
    help="jsonld only: name the published @context URL instead of embedding the context.",
)
@click.option(
    "--with-derived",
    is_flag=True,
    help="Keep the build-time helper triples (graphs src:derived/..., docs/derived.md), left out by default.",
)
@sources_option
def command(
    fmt: str,
    out: Path,
    data: Path | None,
    endpoint: str | None,
    reference_context: bool,
    with_derived: bool,
    sources: str,
) -> None:
    """Export the graph to OUT (a file; a directory for neo4j and kgx): the survey's statements, or with
    `--sources all` also the records curated from other publications (graph/external_*.yaml)."""
    get_format(fmt)
    if reference_context and fmt != "jsonld":
        raise UserError("--reference-context applies to --format jsonld only")
    options = {"reference": True} if reference_context else {}
    if endpoint and data:
        raise UserError("give either --endpoint (a triplestore's graph) or --data (records to build), not both")
    if endpoint:
        from ..store.remote import RemoteStore

        quads = RemoteStore(endpoint).quads()
    else:
        from ..checks.pipeline import checked_quads

        quads = checked_quads(data)
    if sources != "all":
        from ..build.graph import survey_only

        quads = survey_only(quads)
    if not with_derived:
        quads = strip(quads)  # here too, so that the count printed is what the file holds
    export(quads, fmt, out, with_derived=with_derived, **options)
    click.echo(f"wrote {fmt} ({len(quads)} quads) to {out}")
