"""SHACL validation of the graph (ontology/shapes.ttl) with reports that name the YAML file, record and field."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import click
import pyoxigraph as ox

from .. import paths
from ..build.graph import build_quads, ontology_quads
from ..common.namespaces import ONTOLOGY_IRI
from ..common.options import format_option
from ..common.prefixes import compress
from ..curation.load import load
from ..curation.schema import CURATED_FILES
from ..errors import UserError
from .locate import StoreIndex
from .provenance import store_provenance_results
from .shacl_engines import SHAPES_FILE, run_pyrudof, run_pyshacl, union_nt
from .shacl_report import SEVERITIES, Report, Result, format_report

ENGINES = ("sparql", "pyshacl", "pyrudof")


def validate_quads(
    quads: Iterable[ox.Quad], engine: str = "sparql", shapes: Path = SHAPES_FILE, provenance: bool = True
) -> Report:
    """Validate quads: SHACL on their union (plus the ontology when absent), provenance on the quads.

    `sparql` (the default) runs the shapes compiled to SPARQL on a pyoxigraph store of the quads
    (shacl_sparql.py); `pyshacl` (the reference) and `pyrudof` run on the union as N-Triples.
    """
    from ..build.derived import GRAPH_PREFIX, strip

    quads = quads if isinstance(quads, list) else list(quads)
    store = ox.Store()
    store.bulk_extend(quads)
    for g in list(store.named_graphs()):  # not the build-time helper triples (derived.py): an index, not data
        if isinstance(g, ox.NamedNode) and g.value.startswith(GRAPH_PREFIX):
            store.remove_graph(g)
    ontology = [] if store.contains_named_graph(ox.NamedNode(ONTOLOGY_IRI)) else list(ontology_quads())
    store.bulk_extend(ontology)
    if engine == "sparql":
        from .shacl_sparql import run_sparql

        raw = run_sparql(store, shapes)
    else:
        raw = (run_pyshacl if engine == "pyshacl" else run_pyrudof)(union_nt(strip(quads) + ontology), shapes)
    if provenance:
        raw += store_provenance_results(store)
    index = StoreIndex(store)
    results = []
    for r in raw:
        file, record, fld = index.locate(r["focus"], r["path"], r["value"])
        results.append(
            Result(
                severity=r["severity"],
                shape=compress(r["shape"]),
                message=r["message"],
                focus=r["focus"],
                path=r["path"],
                value=r["value"],
                file=file,
                record=record,
                field=fld,
            )
        )
    results.sort(
        key=lambda r: (
            SEVERITIES.index(r.severity) if r.severity in SEVERITIES else 9,
            r.shape,
            r.message,
            r.focus,
            r.value,
        )
    )
    return Report(results)


def check_quads(quads: list[ox.Quad]) -> Report:
    """Raise UserError with the grouped report when there are Violations (warnings do not fail)."""
    report = validate_quads(quads)
    if not report.conforms:
        raise UserError(
            "the graph does not pass validation (ontology/shapes.ttl); nothing was written.\n"
            + format_report(report.violations)
        )
    return report


# ---------------------------------------------------------------- inputs
RDF_SUFFIXES = {
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ttl": ox.RdfFormat.TURTLE,
}


def quads_for(inputs: list[Path]) -> list[ox.Quad]:
    """The quads to validate: the built graph, with curated YAML files overlaid, plus any RDF files."""
    yaml_files = [p for p in inputs if p.suffix in (".yaml", ".yml")]
    rdf_files = [p for p in inputs if p.suffix in RDF_SUFFIXES]
    other = [p for p in inputs if p not in yaml_files and p not in rdf_files]
    if other:
        raise UserError(f"cannot validate {other[0]}: give .yaml records or .nq/.trig/.nt/.ttl RDF files")
    quads: list[ox.Quad] = []
    if yaml_files or not rdf_files:
        if yaml_files:
            for p in yaml_files:
                if not p.exists():
                    raise UserError(f"{p}: no such file")
                if p.name not in CURATED_FILES:
                    raise UserError(
                        f"{p}: not a curated file name; a changed copy of one of graph/'s files is "
                        f"validated in its place, so name it one of: {', '.join(CURATED_FILES)}"
                    )
            with tempfile.TemporaryDirectory() as tmp:
                data = Path(tmp) / "graph"
                paths.announce()  # the records the given files are validated among
                shutil.copytree(paths.GRAPH_DIR, data)
                for p in yaml_files:
                    shutil.copy(p, data / p.name)
                quads = build_quads(load(data, shown_as={p.name: str(p) for p in yaml_files}))
        else:
            quads = build_quads()
    for p in rdf_files:
        try:
            quads += list(ox.parse(path=str(p), format=RDF_SUFFIXES[p.suffix]))
        except (OSError, SyntaxError) as exc:
            raise UserError(f"{p}: cannot read RDF: {exc}") from None
    return quads


@click.command(name="validate")
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@format_option(("text", "json"))
@click.option(
    "--max-examples",
    type=click.IntRange(min=0),
    default=5,
    show_default=True,
    help="Focus nodes shown per (severity, shape, message) group.",
)
@click.option(
    "--engine",
    type=click.Choice(list(ENGINES)),
    default="sparql",
    show_default=True,
    help="sparql: the shapes compiled to SPARQL on the embedded store (fast); pyshacl: the reference engine.",
)
@click.pass_context
def command(ctx: click.Context, inputs: tuple[Path, ...], fmt: str, max_examples: int, engine: str) -> None:
    """Validate the graph (or curated YAML / RDF files INPUTS) against ontology/shapes.ttl.

    Exits 1 when there are violations; warnings alone exit 0.
    """
    report = validate_quads(quads_for(list(inputs)), engine=engine)
    # results located in a file the user passed name that file, not graph/'s copy of the same name
    mine = {f"graph/{p.name}": str(p) for p in inputs if p.suffix in (".yaml", ".yml")}
    report = Report([replace(r, file=mine.get(r.file, r.file)) for r in report.results])
    click.echo(report.as_json() if fmt == "json" else report.text(max_examples))
    if not report.conforms:
        ctx.exit(1)
