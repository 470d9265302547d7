"""What the reasoners are given (issue 27): the ontology and the models and datasets with their statements. That
part is sound: on the survey graph both reasoners find from it exactly what they find from every triple (the same
consistency, no unsatisfiable class, the same 130 memberships), and it leaves out the provenance around them."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from llm4cell_kg.checks import owl_input
from llm4cell_kg.checks import reason as rs
from llm4cell_kg.common.namespaces import L4C, RDF, SCHEMES

TYPE = RDF + "type"


@pytest.fixture(scope="module")
def parts(quads: list[ox.Quad]) -> tuple[list[ox.Triple], list[ox.Triple]]:
    full = owl_input.full(quads)
    return full, owl_input.classifiable(quads, full)


def _typed(triples: list[ox.Triple], cls: str) -> set[ox.NamedNode | ox.BlankNode | ox.Triple]:
    return {t.subject for t in triples if t.predicate.value == TYPE and t.object == ox.NamedNode(cls)}


def test_the_part_is_a_subset_with_every_model_and_dataset_statement(
    parts: tuple[list[ox.Triple], list[ox.Triple]],
) -> None:
    full, part = parts
    assert set(part) <= set(full) and part == sorted(part, key=str)
    assert len(part) < len(full) / 3  # most of the graph is provenance
    members = _typed(full, L4C + "Model") | _typed(full, L4C + "Dataset")
    assert len(members) == 164  # 60 models and 48 datasets of the survey, 56 models of graph/catalogue_models.yaml
    assert {t for t in full if t.subject in members} <= set(part)
    # the ontology's graph is in whole (classes, properties, axioms, the vocabulary's individuals)
    onto_subjects = {t.subject for t in full if t.predicate.value == TYPE and t.object.value.endswith("#Class")}
    assert {t for t in full if t.subject in onto_subjects} <= set(part)


def test_claims_and_sources_are_left_out(parts: tuple[list[ox.Triple], list[ox.Triple]]) -> None:
    full, part = parts
    for cls in ("ProseClaim", "TableRow", "ProseMention", "Publication"):
        assert _typed(full, L4C + cls), cls
        assert not _typed(part, L4C + cls), cls
    quote = ox.NamedNode(L4C + "quote")
    assert not [t for t in part if t.predicate == quote]


def test_a_property_domain_or_range_brings_its_individual_in() -> None:
    """An individual no statement types as a model is one when a property with domain Model says so."""
    from llm4cell_kg.build.graph import ontology_quads

    odd = ox.NamedNode(SCHEMES["model"] + "untyped")
    claim = ox.NamedNode(SCHEMES["src"] + "claim/x")
    quads = [
        *ontology_quads(),
        ox.Quad(odd, ox.NamedNode(L4C + "family"), ox.NamedNode(SCHEMES["family"] + "agentic")),
        ox.Quad(claim, ox.NamedNode(TYPE), ox.NamedNode(L4C + "ProseClaim")),
        ox.Quad(claim, ox.NamedNode(L4C + "groupMember"), ox.NamedNode(SCHEMES["model"] + "member")),
    ]
    part = owl_input.classifiable(quads)
    assert ox.Triple(odd, ox.NamedNode(L4C + "family"), ox.NamedNode(SCHEMES["family"] + "agentic")) in part
    # the range of groupMember makes its object a model: that statement is given, the claim's type is not
    assert ox.Triple(claim, ox.NamedNode(L4C + "groupMember"), ox.NamedNode(SCHEMES["model"] + "member")) in part
    assert ox.Triple(claim, ox.NamedNode(TYPE), ox.NamedNode(L4C + "ProseClaim")) not in part


@pytest.mark.parametrize("reasoner", ["HermiT", "Pellet"])
def test_the_part_gives_what_the_whole_graph_gives(
    parts: tuple[list[ox.Triple], list[ox.Triple]], reasoner: str
) -> None:
    """Both reasoners run on every triple (slow: most of a minute) and on the part: the same verdict."""
    full, part = parts
    whole = rs.reason_triples(full, (reasoner,), cached=False)[reasoner]
    reduced = rs.reason_triples(part, (reasoner,), cached=False)[reasoner]
    assert whole.consistent and reduced.consistent
    assert whole.unsatisfiable == reduced.unsatisfiable == {}
    assert len(whole.inferred) == 130
    assert reduced.inferred == whole.inferred
