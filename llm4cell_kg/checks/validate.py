"""SHACL validation of the graph (ontology/shapes.ttl) with reports that name the YAML file, record and field."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import click
import pyoxigraph as ox

from .. import paths
from ..build.graph import PRINTED_PROPS, build_quads, ontology_quads
from ..common.namespaces import BASE, L4C, ONTOLOGY_IRI, RDF, SCHEMES
from ..common.options import format_option
from ..common.prefixes import SHAPES_NS, compress
from ..common.terms import to_bytes, value
from ..curation.load import load
from ..curation.schema import CURATED_FILES, file_of_graph, record_of_graph, shown_file
from ..errors import UserError

SH = "http://www.w3.org/ns/shacl#"
SHAPES_FILE = paths.ONTOLOGY_DIR / "shapes.ttl"
SEVERITIES = ("Violation", "Warning", "Info")
PROVENANCE_SHAPE = SHAPES_NS + "ProvenanceQuadCheck"
MSG_UNSOURCED = (
    "This statement about a model, dataset or scale figure is in no named graph: every such triple must "
    "come from a survey location (table row or prose claim); add it through graph/*.yaml, not by hand."
)
MSG_UNDESCRIBED = (
    "This named graph is not described as an l4c:SourceLocation (TableRow, ProseClaim or ProseMention "
    "with quote and section): add the record's `quote` and `section`."
)
SOURCED_CLASSES = {L4C + "Model", L4C + "Dataset", L4C + "ScaleFigure"}
LOCATION_CLASSES = {
    L4C + "SourceLocation",
    L4C + "TableRow",
    L4C + "ProseClaim",
    L4C + "ProseMention",
    L4C + "GroupClaim",
    L4C + "CitationCaveat",
    L4C + "DatasetStatement",
    L4C + "CuratorAssertion",  # a record from another publication (graph/external_*.yaml)
}

#: ontology property (local name) -> YAML field, per curated file
FIELDS: dict[str, str] = {
    "label": "name",
    "family": "families",
    "modality": "modalities",
    "groundingType": "grounding",
    "task": "tasks",
    "agentic": "agentic",
    "domainScoreMin": "domain_score",
    "domainScoreMax": "domain_score",
    "year": "year",
    "publishedIn": "venues",
    "citation": "citation",
    "accession": "accessions",
    "scale": "scale",
    "quantity": "scale[].quantity",
    "value": "scale[].value",
    "maxValue": "scale[].max",
    "qualifier": "scale[].qualifier",
    "quote": "quote",
    "sectionNumber": "section",
    "claimSubject": "subject",
    "claimPredicate": "relation",
    "claimObject": "object",
    "claimRelation": "relation",
    "rowNumber": "row",
    "inTable": "table",
    "citationLabel": "label",
    "authors": "authors",
    "title": "title",
    "container": "container",
    "printedReference": "printed",
    "pageChunk": "page_chunk",
    "altLabel": "(alias label)",
    "species": "species",
    "tissue": "tissue",
    "cellType": "cell_type",
    "assay": "assay",
    "trainedOrEvaluatedOn": "(claim: dataset)",
    "domainStrength": "(claim: domain_strength)",
    "domainLimitation": "(claim: domain_limitation)",
    "groundingSource": "(claim: grounding_source)",
    "proseCitation": "(claim: citation)",
    "statedCount": "value",
    "statedQualifier": "qualifier",
    "countMeasure": "measure",
    "referencedTable": "table",
    "proseScale": "scale",
}
CLAIM_FIELDS = {
    "trainedOrEvaluatedOn",
    "domainStrength",
    "domainLimitation",
    "groundingSource",
    "family",
    "task",
    "proseCitation",
}


@dataclass(frozen=True)
class Result:
    """One SHACL result, with where a curator fixes it."""

    severity: str  # Violation | Warning | Info
    shape: str  # source shape, as a CURIE
    message: str
    focus: str  # focus node IRI
    path: str = ""
    value: str = ""
    file: str = ""
    record: str = ""
    field: str = ""


@dataclass
class Report:
    results: list[Result]

    @property
    def conforms(self) -> bool:
        return not self.violations

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Warning"]

    def focus_nodes(self, severity: str | None = None) -> set[str]:
        return {r.focus for r in self.results if severity is None or r.severity == severity}

    def text(self, max_examples: int = 5) -> str:
        return format_report(self.results, max_examples)

    def as_json(self) -> str:
        return json.dumps(
            {
                "conforms": self.conforms,
                "violations": len(self.violations),
                "warnings": len(self.warnings),
                "results": [
                    {**asdict(r), "focus": compress(r.focus), "path": compress(r.path), "value": compress(r.value)}
                    for r in self.results
                ],
            },
            indent=2,
        )


def format_report(results: list[Result], max_examples: int = 5) -> str:
    """Grouped by severity, then shape, then message; at most `max_examples` focus nodes per group."""
    if not results:
        return "conforms: no violations, no warnings"
    groups: dict[str, dict[str, dict[str, list[Result]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for r in results:
        groups[r.severity][r.shape][r.message].append(r)
    n_v = sum(r.severity == "Violation" for r in results)
    n_w = sum(r.severity == "Warning" for r in results)
    out = [f"{'does not conform' if n_v else 'conforms'}: {n_v} violation(s), {n_w} warning(s)"]
    for sev in sorted(groups, key=lambda s: SEVERITIES.index(s) if s in SEVERITIES else 9):
        out.append(f"{sev} ({sum(len(x) for m in groups[sev].values() for x in m.values())})")
        for shape in sorted(groups[sev]):
            for msg, rs in sorted(groups[sev][shape].items()):
                out.append(f"  [{shape}] {msg} ({len(rs)} node(s))")
                for r in sorted(rs, key=lambda r: (r.focus, r.value))[:max_examples]:
                    val = f" value {compress(r.value)!r}" if r.value else ""
                    where = (
                        f" -> {r.file}"
                        + (f" record '{r.record}'" if r.record else "")
                        + (f" field '{r.field}'" if r.field else "")
                        if r.file
                        else ""
                    )
                    out.append(f"    - {compress(r.focus)}{val}{where}")
                if len(rs) > max_examples:
                    out.append(f"    ... and {len(rs) - max_examples} more")
    return "\n".join(out)


# ---------------------------------------------------------------- where a focus node comes from
class SourceIndex:
    """Maps focus nodes (and their property values) back to the curated file, record and field."""

    def __init__(self, quads: Iterable[ox.Quad]) -> None:
        self.graphs: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        self.subject_graphs: dict[str, list[str]] = defaultdict(list)
        self.graph_subjects: dict[str, list[str]] = defaultdict(list)
        for q in quads:
            if isinstance(q.graph_name, ox.NamedNode) and not q.graph_name.value.startswith(ONTOLOGY_IRI):
                g, s = q.graph_name.value, value(q.subject)
                self.graphs[(s, q.predicate.value, value(q.object))].append(g)
                if g not in self.subject_graphs[s]:
                    self.subject_graphs[s].append(g)
                if q.predicate.value == RDF + "type" and s not in self.graph_subjects[g]:
                    self.graph_subjects[g].append(s)

    def locate(self, focus: str, path: str, value: str) -> tuple[str, str, str]:
        prop = path.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if path else ""
        fld = FIELDS.get(prop, prop)
        if path.startswith(L4C + "printed"):
            fld = "printed." + next((k for k, v in PRINTED_PROPS.items() if L4C + v == path), prop)
        src = SCHEMES["src"]
        if focus.startswith(src):  # a survey location: the record is what its graph describes
            loc = focus[len(src) :]
            file = file_of_graph(loc)
            subjects = self.graph_subjects.get(focus, [])
            record = record_of_graph(loc) or (_local(subjects[0]) if subjects else loc)
            if prop == "quote" and file in (shown_file("models"), shown_file("datasets")):
                fld = "printed"
            return file, record, fld
        if "/prose-scale/" in focus and focus.startswith(SCHEMES["dataset"]):
            return shown_file("prose_scales"), focus.split("/prose-scale/")[1].split("/")[0], fld
        if "/scale/" in focus and focus.startswith(SCHEMES["dataset"]):
            return shown_file("datasets"), focus[len(SCHEMES["dataset"]) :].split("/scale/")[0], fld
        graphs = self.graphs.get((focus, path, value)) if value else None
        graphs = graphs or self.subject_graphs.get(focus, [])
        if graphs:
            graphs = sorted(graphs, key=lambda g: "/claim/" in g)  # a table row before a prose claim
            loc = graphs[0][len(src) :] if graphs[0].startswith(src) else graphs[0]
            file = file_of_graph(loc)
            if loc.startswith("link/"):  # link/<kind>/<subject>/<property>/<term>
                return file, "/".join(loc.split("/")[2:4]), "term"
            if loc.startswith("claim/"):
                return file, loc[len("claim/") :], "object" if prop in CLAIM_FIELDS else fld
            if file == shown_file("publications") and prop == "publishedIn":
                fld = "venue"
            return file, _local(focus), fld
        for scheme, coll in (
            ("venue", "venues"),
            ("pub", "publications"),
            ("model", "models"),
            ("dataset", "datasets"),
        ):
            if focus.startswith(SCHEMES[scheme]):
                return shown_file(coll), focus[len(SCHEMES[scheme]) :], fld
        if focus.startswith(BASE):
            return "ontology/llm4cell.ttl", compress(focus), prop
        return "", "", fld


def _local(iri: str) -> str:
    for ns in SCHEMES.values():
        if iri.startswith(ns):
            return iri[len(ns) :]
    return iri


# ---------------------------------------------------------------- engines
def _union_nt(quads: Iterable[ox.Quad]) -> bytes:
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    return to_bytes(list(triples), ox.RdfFormat.N_TRIPLES)


def run_pyshacl(data_nt: bytes, shapes: Path = SHAPES_FILE) -> list[dict[str, str]]:
    """Raw results of pyshacl on N-Triples data: dicts with severity, shape, message, focus, path, value."""
    import pyshacl
    from rdflib import Graph, Namespace, URIRef

    data = Graph()
    data.parse(data=data_nt, format="nt")
    sg = Graph()
    sg.parse(str(shapes), format="turtle")
    _conforms, rg, _text = pyshacl.validate(data, shacl_graph=sg, inference="none", advanced=False, allow_warnings=True)
    sh = Namespace(SH)
    out = []
    for res in rg.subjects(URIRef(RDF + "type"), sh.ValidationResult):

        def one(p: Any, res: Any = res) -> str:
            v = rg.value(res, p)
            return "" if v is None else str(v)

        out.append(
            {
                "severity": one(sh.resultSeverity).rsplit("#", 1)[-1],
                "shape": one(sh.sourceShape),
                "message": one(sh.resultMessage),
                "focus": one(sh.focusNode),
                "path": one(sh.resultPath),
                "value": one(sh.value),
            }
        )
    return out


def run_pyrudof(data_nt: bytes, shapes: Path = SHAPES_FILE) -> list[dict[str, str]]:
    """Raw results of pyrudof (rudof's native SHACL engine), same keys as run_pyshacl."""
    import pyrudof

    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "data.nt"
        p.write_bytes(data_nt)
        rudof.read_data(str(p), format=pyrudof.RDFFormat.NTriples)
        rudof.read_shacl(str(shapes), format=pyrudof.ShaclFormat.Turtle)
        report = rudof.validate_shacl()
    out = []
    for e in report.violations if hasattr(report, "violations") else report:
        out.append(
            {
                "severity": _strip(str(e.severity)).rsplit("#", 1)[-1],
                "shape": _strip(str(e.source_shape)),
                "message": _strip(str(e.message or "")),
                "focus": _strip(str(e.focus_node)),
                "path": _strip(str(e.path or "")),
                "value": _strip(str(e.value or "")),
            }
        )
    return out


def _strip(x: str) -> str:
    """'<iri>' -> 'iri'; '"text"' (a literal as rudof prints it) -> 'text'."""
    if x.startswith("<") and x.endswith(">"):
        return x[1:-1]
    if x.startswith('"') and x.rfind('"') > 0:
        return x[1 : x.rfind('"')]
    return x


def provenance_results(quads: Iterable[ox.Quad]) -> list[dict[str, str]]:
    """Quad-level provenance: model/dataset triples sit in named graphs that are described survey locations."""
    quads = list(quads)
    typed: dict[str, set[str]] = defaultdict(set)
    for q in quads:
        if q.predicate.value == RDF + "type":
            typed[value(q.subject)].add(value(q.object))
    out: list[dict[str, str]] = []
    seen_graphs: set[str] = set()
    for q in quads:
        s = value(q.subject)
        if isinstance(q.graph_name, ox.DefaultGraph):
            if typed.get(s, set()) & SOURCED_CLASSES:
                out.append(
                    {
                        "severity": "Violation",
                        "shape": PROVENANCE_SHAPE,
                        "message": MSG_UNSOURCED,
                        "focus": s,
                        "path": q.predicate.value,
                        "value": value(q.object),
                    }
                )
        elif not q.graph_name.value.startswith(ONTOLOGY_IRI) and q.graph_name.value not in seen_graphs:
            g = q.graph_name.value
            seen_graphs.add(g)
            if not typed.get(g, set()) & LOCATION_CLASSES:
                out.append(
                    {
                        "severity": "Violation",
                        "shape": PROVENANCE_SHAPE,
                        "message": MSG_UNDESCRIBED,
                        "focus": g,
                        "path": "",
                        "value": "",
                    }
                )
    return out


def store_provenance_results(store: ox.Store) -> list[dict[str, str]]:
    """`provenance_results` as two SPARQL queries on a store of the quads (direct types in any graph)."""
    typed = "VALUES ?c { %s } { ?s a ?c } UNION { GRAPH ?t { ?s a ?c } }"
    sourced = typed % " ".join(f"<{c}>" for c in sorted(SOURCED_CLASSES))
    located = (typed % " ".join(f"<{c}>" for c in sorted(LOCATION_CLASSES))).replace("?s", "?g")
    unsourced = f"SELECT ?s ?p ?o WHERE {{ {{ SELECT DISTINCT ?s WHERE {{ {sourced} }} }} ?s ?p ?o }}"
    undescribed = (
        f'SELECT ?g WHERE {{ GRAPH ?g {{}} FILTER(isBlank(?g) || !STRSTARTS(STR(?g), "{ONTOLOGY_IRI}")) '
        f"MINUS {{ {located} }} }}"  # one pass over the described graphs, not a look-up per graph
    )
    out: list[dict[str, str]] = []
    for row in store.query(unsourced):  # type: ignore[union-attr]
        s, p, o = (value(row[k]) for k in "spo")
        out.append(
            {"severity": "Violation", "shape": PROVENANCE_SHAPE, "message": MSG_UNSOURCED, "focus": s, "path": p}
            | {"value": o}
        )
    for row in store.query(undescribed):  # type: ignore[union-attr]
        g = value(row["g"])
        out.append(
            {"severity": "Violation", "shape": PROVENANCE_SHAPE, "message": MSG_UNDESCRIBED, "focus": g, "path": ""}
            | {"value": ""}
        )
    return out


def _node(iri: str) -> ox.NamedNode | ox.BlankNode:
    return ox.NamedNode(iri) if ":" in iri else ox.BlankNode(iri)


class StoreIndex(SourceIndex):
    """SourceIndex answered by look-ups in a store of the quads (only for the focus nodes of the results).

    The graphs of a statement or subject come in the order of the quads sorted as text, which is the order of
    `build_quads`, so the located file, record and field are those SourceIndex gives on the built graph.
    """

    def __init__(self, store: ox.Store) -> None:  # noqa: D107 - no full pass over the quads
        self.store = store
        self.graphs = _Lazy(self._graphs)
        self.subject_graphs = _Lazy(self._subject_graphs)
        self.graph_subjects = _Lazy(self._graph_subjects)

    def _quads(self, s: str | None, p: str | None = None, g: str | None = None) -> list[ox.Quad]:
        return sorted(
            (
                q
                for q in self.store.quads_for_pattern(
                    _node(s) if s else None, ox.NamedNode(p) if p else None, None, _node(g) if g else None
                )
                if isinstance(q.graph_name, ox.NamedNode) and not q.graph_name.value.startswith(ONTOLOGY_IRI)
            ),
            key=str,
        )

    def _graphs(self, key: tuple[str, str, str]) -> list[str]:
        s, p, o = key
        return [value(q.graph_name) for q in self._quads(s, p) if value(q.object) == o]

    def _subject_graphs(self, s: str) -> list[str]:
        return list(dict.fromkeys(value(q.graph_name) for q in self._quads(s)))

    def _graph_subjects(self, g: str) -> list[str]:
        return list(dict.fromkeys(value(q.subject) for q in self._quads(None, RDF + "type", g)))


class _Lazy(dict):
    """A dict that computes a missing key's value once (`get` included)."""

    def __init__(self, compute: Any) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, key: Any) -> Any:
        self[key] = v = self.compute(key)
        return v

    def get(self, key: Any, default: Any = None) -> Any:
        try:
            return self[key] or default
        except (ValueError, SyntaxError):
            return default


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
        raw = (run_pyshacl if engine == "pyshacl" else run_pyrudof)(_union_nt(strip(quads) + ontology), shapes)
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
