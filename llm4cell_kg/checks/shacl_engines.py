"""The reference SHACL engines on the union graph as N-Triples: pyshacl, and pyrudof (rudof's native engine); the
default engine is the shapes compiled to SPARQL (shacl_sparql.py)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .. import paths
from ..common.namespaces import RDF
from ..common.terms import to_bytes

SH = "http://www.w3.org/ns/shacl#"


SHAPES_FILE = paths.ONTOLOGY_DIR / "shapes.ttl"


def union_nt(quads: Iterable[ox.Quad]) -> bytes:
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
