"""The shapes compiled to SPARQL (engine `sparql`, the default) find exactly what pyshacl, the reference, finds."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from llm4cell_kg.checks.provenance import provenance_results, store_provenance_results
from llm4cell_kg.checks.shacl_engines import SHAPES_FILE
from llm4cell_kg.checks.shacl_report import Report
from llm4cell_kg.checks.shacl_sparql import run_sparql
from llm4cell_kg.checks.validate import validate_quads
from llm4cell_kg.common.namespaces import L4C, RDFS, SCHEMES, XSD

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
SCGPT = ox.NamedNode(SCHEMES["model"] + "scgpt")
GENEFORMER = ox.NamedNode(SCHEMES["model"] + "geneformer")
INT = ox.NamedNode(XSD + "integer")


def findings(report: Report) -> Counter[tuple[str, ...]]:
    """Every result with all it says, duplicates counted."""
    return Counter(
        (r.severity, r.shape, r.focus, r.path, r.value, r.message, r.file, r.record, r.field) for r in report.results
    )


def same(quads: list[ox.Quad], provenance: bool = True) -> Report:
    fast = validate_quads(quads, engine="sparql", provenance=provenance)
    assert findings(fast) == findings(validate_quads(quads, engine="pyshacl", provenance=provenance))
    return fast


def mutated(quads: list[ox.Quad]) -> list[ox.Quad]:
    """The survey graph with scGPT's family outside the ontology, its score max 11, Geneformer's year ill-typed
    and a second Geneformer name."""
    out = []
    for q in quads:
        p = q.predicate.value
        if q.subject == SCGPT and p == L4C + "family":
            q = ox.Quad(q.subject, q.predicate, ox.NamedNode(L4C + "NoSuchFamily"), q.graph_name)
        elif q.subject == SCGPT and p == L4C + "domainScoreMax":
            q = ox.Quad(q.subject, q.predicate, ox.Literal("11", datatype=INT), q.graph_name)
        elif q.subject == GENEFORMER and p == L4C + "year":
            q = ox.Quad(q.subject, q.predicate, ox.Literal("twenty", datatype=INT), q.graph_name)
        elif q.subject == GENEFORMER and p == RDFS + "label":
            out.append(ox.Quad(q.subject, q.predicate, ox.Literal("Geneformer (again)"), q.graph_name))
        out.append(q)
    return out


def test_same_findings_on_the_survey_graph(quads: list[ox.Quad]) -> None:
    report = same(quads)
    assert report.conforms
    assert {r.shape for r in report.warnings} == {"l4cs:ModelHasDataset", "l4cs:DatasetHasSpecies"}


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir()))
def test_same_findings_on_every_shape_fixture(name: str) -> None:
    same(list(ox.parse(path=str(FIXTURES / name), format=ox.RdfFormat.TRIG)), provenance=name.endswith(".trig"))


def test_same_findings_on_injected_violations(quads: list[ox.Quad]) -> None:
    report = same(mutated(quads))
    got = {(r.shape, r.focus.rsplit("/", 1)[-1], r.value, r.file, r.field) for r in report.violations}
    assert got == {
        ("l4cs:ModelFamily", "scgpt", L4C + "NoSuchFamily", "graph/models.yaml", "families"),
        ("l4cs:ModelScoreMax", "scgpt", "11", "graph/models.yaml", "domain_score"),
        ("l4cs:ModelYear", "geneformer", "twenty", "graph/models.yaml", "year"),
        ("l4cs:ModelLabel", "geneformer", "", "graph/models.yaml", "name"),  # sh:maxCount 1
    }
    # "twenty" is not an integer and compares with neither bound: sh:datatype, sh:minInclusive, sh:maxInclusive
    assert [r.shape for r in report.violations].count("l4cs:ModelYear") == 3


def test_a_constraint_outside_the_compiled_subset_is_refused(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        SHAPES_FILE.read_text(encoding="utf-8")
        + "\nl4cs:Odd a sh:NodeShape ; sh:targetClass l4c:Model ; sh:property [ sh:path l4c:year ; "
        'sh:uniqueLang true ; sh:message "odd" ] .\n',
        encoding="utf-8",
    )
    with pytest.raises(NotImplementedError, match="uniqueLang"):
        run_sparql(ox.Store(), shapes)


@pytest.mark.parametrize("name", ["provenance.trig", "curator.trig", "valid.trig", "injected"])
def test_provenance_on_the_store_equals_the_pass_over_the_quads(name: str, quads: list[ox.Quad]) -> None:
    if name == "injected":
        data = mutated(quads) + [
            ox.Quad(SCGPT, ox.NamedNode(L4C + "year"), ox.Literal("2024", datatype=INT)),  # in the default graph
            ox.Quad(SCGPT, ox.NamedNode(L4C + "agentic"), ox.Literal("false"), ox.NamedNode(SCHEMES["src"] + "x")),
        ]
    else:
        data = list(ox.parse(path=str(FIXTURES / name), format=ox.RdfFormat.TRIG))
    store = ox.Store()
    store.bulk_extend(data)
    key = lambda r: tuple(sorted(r.items()))  # noqa: E731
    fast = sorted(map(key, store_provenance_results(store)))
    assert fast == sorted(map(key, provenance_results(data)))
    assert bool(fast) == (name in ("provenance.trig", "injected"))
