"""The VoID description of a dataset holding records from other publications (issue 23 item 2): one void:subset per
source, the survey's and each other publication's, with its quads and entities; none for the survey alone."""

from __future__ import annotations

import pyoxigraph as ox

from llm4cell_kg.build.graph import survey_only
from llm4cell_kg.common.namespaces import L4C, PROV, SURVEY_IRI
from llm4cell_kg.publish.void import RELEASE_BASE, VOID, source_partitions

REL = RELEASE_BASE + "9.9.9"


def _parts(quads: list[ox.Quad]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for t in source_partitions(ox.NamedNode(REL), REL, quads):
        if t.subject.value != REL:
            out.setdefault(t.subject.value.rsplit("/", 1)[1], {})[t.predicate.value] = t.object.value
    return out


def test_one_partition_per_source(full_quads: list[ox.Quad], quads: list[ox.Quad]) -> None:
    """CellWhisperer's record is 18 quads (its curator assertion: type, paper, identifier, curator, date, and when the
    record was added and changed (dcterms:created, dcterms:modified, issue 23); the curator as an agent with a name;
    the model's type, name, family, grounding, agentic, year, 2 modalities and 1 task) about 3 entities in the
    project's namespace (its graph, the curator, the model); the Census dataset's 14 quads (the ORCID curator is
    outside the namespace) about 2; the survey's subset is every other quad, the survey-only build's."""
    parts = _parts(full_quads)
    assert sorted(parts) == ["arXiv-2410-15445", "doi-10-1093-nar-gkae1142", "survey"]
    arxiv, doi, survey = parts["arXiv-2410-15445"], parts["doi-10-1093-nar-gkae1142"], parts["survey"]
    assert (arxiv[VOID + "triples"], arxiv[VOID + "entities"]) == ("18", "3")
    assert (doi[VOID + "triples"], doi[VOID + "entities"]) == ("14", "2")
    assert arxiv[PROV + "wasDerivedFrom"] == "https://arxiv.org/abs/2410.15445"
    assert arxiv[L4C + "sourceIdentifier"] == "arXiv:2410.15445"
    assert (
        arxiv["http://purl.org/dc/terms/title"] == "Curator records from arXiv:2410.15445, not in the survey (1 graph)"
    )
    assert survey[PROV + "wasDerivedFrom"] == SURVEY_IRI
    assert int(survey[VOID + "triples"]) == len(full_quads) - 32 == len(survey_only(quads))
    assert _parts(survey_only(quads)) == {}  # the survey alone: no partitions (its VoID as before)
