"""HermiT over the ontology and the graph: consistent OWL 2 DL, defined-class memberships match the asserted links."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from llm4cell_kg.build.graph import ontology_quads
from llm4cell_kg.checks import reason as rs
from llm4cell_kg.cli import main
from llm4cell_kg.common.namespaces import L4C, OWL, RDF, RDFS, SCHEMES
from llm4cell_kg.store.sparql import run

N = ox.NamedNode
TYPE = N(RDF + "type")


@pytest.fixture(scope="module")
def reasoning(quads: list[ox.Quad]) -> rs.Reasoning:
    return rs.reason(quads)


def members(r: rs.Reasoning, cls: str) -> set[str]:
    return {i.rsplit("/", 1)[-1] for i, c in r.inferred if c == L4C + cls}


def select(store: ox.Store, where: str) -> set[str]:
    result = run(store, f"SELECT DISTINCT ?m WHERE {{ ?m a l4c:Model . {where} }}")
    return {row[0].value.rsplit("/", 1)[-1] for row in result.rows}


def test_graph_is_consistent_without_unsatisfiable_classes(reasoning: rs.Reasoning) -> None:
    assert reasoning.consistent
    assert reasoning.unsatisfiable == {}


def test_agentic_capability_matches_table7(reasoning: rs.Reasoning) -> None:
    # Table 7 prints 'Agentic (Y/N)' = Yes for exactly these five rows (QUST-LLM is Text-Bridge, yet agentic)
    assert members(reasoning, "AgenticCapableModel") == {"qust-llm", "scextract", "scagent", "cellatria", "cellagent"}


def test_agentic_framework_includes_table7_and_prose_assignments(reasoning: rs.Reasoning, store: ox.Store) -> None:
    got = members(reasoning, "AgenticFramework")
    assert {"scagent", "cellagent", "cellatria"} <= got
    assert got == select(store, "?m l4c:family family:agentic")


@pytest.mark.parametrize(
    ("cls", "where"),
    [
        ("FoundationModel", "?m l4c:family family:foundation"),
        ("TextBridgeModel", "?m l4c:family family:text-bridge"),
        ("EpigenomicModel", "?m l4c:family family:epigenomic"),
        ("SpatialModel", "?m l4c:modality modality:spatial"),
        ("OntologyGroundedModel", "?m l4c:groundingType grounding:ontology"),
        ("MultimodalModel", "{ SELECT ?m WHERE { ?m l4c:modality ?x } GROUP BY ?m HAVING (COUNT(DISTINCT ?x) >= 2) }"),
        ("MultiFamilyModel", "{ SELECT ?m WHERE { ?m l4c:family ?x } GROUP BY ?m HAVING (COUNT(DISTINCT ?x) >= 2) }"),
    ],
)
def test_defined_class_members_equal_sparql(reasoning: rs.Reasoning, store: ox.Store, cls: str, where: str) -> None:
    """HermiT's memberships equal an independent SPARQL reading of the definition (HermiT keeps the most specific
    types; the defined classes do not subsume each other, so none is hidden)."""
    expected = select(store, where)
    assert expected, cls
    assert members(reasoning, cls) == expected


def test_measured_counts(reasoning: rs.Reasoning) -> None:
    """The figures docs/reasoning.md reports."""
    counts = {c.rsplit("#", 1)[-1]: n for c, n in reasoning.counts().items()}
    assert counts["AgenticCapableModel"] == 5
    assert sum(counts.values()) == len(reasoning.inferred)
    assert set(counts) <= {
        "AgenticCapableModel",
        "AgenticFramework",
        "FoundationModel",
        "TextBridgeModel",
        "EpigenomicModel",
        "SpatialModel",
        "OntologyGroundedModel",
        "MultimodalModel",
        "MultiFamilyModel",
    }


def test_inferred_quads_are_in_their_own_described_graph(reasoning: rs.Reasoning) -> None:
    quads = reasoning.quads()
    g = N(rs.INFERRED_GRAPH)
    data = [q for q in quads if q.graph_name == g]
    assert len(data) == len(reasoning.inferred)
    assert all(q.predicate == TYPE for q in data)
    meta = {(q.predicate.value, q.object.value) for q in quads if q.subject == g}
    assert ("http://www.w3.org/ns/prov#wasDerivedFrom", "https://w3id.org/llm4cell/ontology") in meta
    assert (RDF + "type", "http://www.w3.org/ns/prov#Entity") in meta


def test_built_graph_is_owl2_dl_structurally(quads: list[ox.Quad]) -> None:
    assert rs.dl_problems(rs.reasoning_input(quads)) == []


def test_dl_check_catches_mixed_declarations() -> None:
    bad = [
        ox.Triple(N(L4C + "x"), TYPE, N(OWL + "ObjectProperty")),
        ox.Triple(N(L4C + "x"), TYPE, N(OWL + "DatatypeProperty")),
        ox.Triple(N(SCHEMES["model"] + "m"), TYPE, N(L4C + "Undeclared")),
        ox.Triple(N(SCHEMES["model"] + "m"), N(L4C + "nope"), ox.Literal("1")),
    ]
    assert rs.dl_problems(bad) == [
        "l4c:x is declared as datatype property and object property",
        "property l4c:nope is used but not declared",
        "l4c:Undeclared is used as a class (rdf:type of model:m) but not declared owl:Class",
    ]


def test_inconsistency_is_reported() -> None:
    """A model that is also a dataset contradicts `Model owl:disjointWith Dataset`."""
    m = N(SCHEMES["model"] + "chimera")
    quads = list(ontology_quads()) + [ox.Quad(m, TYPE, N(L4C + "Model")), ox.Quad(m, TYPE, N(L4C + "Dataset"))]
    r = rs.reason(quads)
    assert not r.consistent
    assert rs.describe(r).startswith("INCONSISTENT")


def test_unsatisfiable_class_named_with_axioms() -> None:
    bad = N(L4C + "ModelDataset")
    quads = list(ontology_quads()) + [
        ox.Quad(bad, TYPE, N(OWL + "Class")),
        ox.Quad(bad, N(RDFS + "subClassOf"), N(L4C + "Model")),
        ox.Quad(bad, N(RDFS + "subClassOf"), N(L4C + "Dataset")),
    ]
    r = rs.reason(quads)
    assert list(r.unsatisfiable) == [L4C + "ModelDataset"]
    axioms = r.unsatisfiable[L4C + "ModelDataset"]
    assert any(a.startswith("SubClassOf") and a.endswith(".Model") for a in axioms)
    assert any(a.startswith("SubClassOf") and a.endswith(".Dataset") for a in axioms)
    assert "l4c:ModelDataset" in rs.describe(r)


def test_cli_reason_writes_inferred_quads(
    reasoning: rs.Reasoning, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rs, "reason", lambda quads=None, reasoner="HermiT": reasoning)  # HermiT ran in the fixture
    out = tmp_path / "inferred.nq"
    result = CliRunner().invoke(main, ["reason", "--no-pellet", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "consistent: True" in result.output and "l4c:AgenticCapableModel: 5" in result.output
    written = list(ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS))
    assert sorted(written, key=str) == reasoning.quads()


def test_verdicts_are_kept_by_their_input(
    quads: list[ox.Quad], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A verdict is read from the build cache only for the very same input: run once, read once (no reasoner
    started), and a changed model (scGPT placed in a second family) is reasoned over anew, with the new membership."""
    monkeypatch.setenv("LLM4CELL_KG_CACHE", str(tmp_path))
    first = rs.reason(quads)
    assert list(tmp_path.glob("reasoning-*.json"))
    real = rs.reasoners_run
    monkeypatch.setattr(rs, "reasoners_run", lambda *a: pytest.fail("the kept verdict was not read"))
    assert rs.reason(quads) == first
    scgpt = N(SCHEMES["model"] + "scgpt")
    changed = [*quads, ox.Quad(scgpt, N(L4C + "family"), N(SCHEMES["family"] + "agentic"), N(SCHEMES["src"] + "x"))]
    ran: list[tuple[str, ...]] = []
    monkeypatch.setattr(rs, "reasoners_run", lambda data, names: ran.append(names) or real(data, names))
    again = rs.reason(changed)
    assert ran == [("HermiT",)]
    assert set(again.inferred) - set(first.inferred) == {
        (scgpt.value, L4C + "AgenticFramework"),
        (scgpt.value, L4C + "MultiFamilyModel"),
    }
