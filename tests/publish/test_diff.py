"""The release notes count what was added by source (issue 23 item 4): how many added models and datasets are the
survey's and how many each other source states, in CHANGES.md and changes.json. The shipped graph holds Table 7's 58
models and 2 the prose names (60: `sparql 'SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a l4c:Model }'`), the 56
records of graph/catalogue_models.yaml, 48 datasets and 754 prose claims."""

from __future__ import annotations

import pyoxigraph as ox

from llm4cell_kg.publish import diff as df
from llm4cell_kg.publish import release as rl
from llm4cell_kg.publish import void

AWESOME = "Awesome-Single-Cell-Foundation-Models site/data.json @ 6e7140c (2026-07-21)"
ARXIV, DOI = "arXiv:2410.15445", "doi:10.1093/nar/gkae1142"  # tests/fixtures/external: CellWhisperer, the Census
GENEFORMER = "https://w3id.org/llm4cell/model/geneformer"


def _survey(quads: list[ox.Quad]) -> list[ox.Quad]:
    """The quads without the graphs of records from other sources."""
    others = {ox.NamedNode(g) for g in void.other_sources(quads)}
    return [q for q in quads if q.graph_name not in others]


def test_first_release_counts_the_survey_and_the_catalogue(quads: list[ox.Quad]) -> None:
    text, data = rl.first_release_notes(quads, "0.2.0")
    assert text == (
        "# 0.2.0\n\nFirst release: 116 models (60 from the survey; 56 not in the survey: "
        f"{AWESOME}), 48 datasets (all from the survey), 754 claims.\n"
    )
    assert data["counts"] == {"models": 116, "datasets": 48, "claims": 754}
    assert data["added_by_source"] == {
        "models": {"survey": 60, "not_in_survey": 56, "other_sources": {AWESOME: 56}},
        "datasets": {"survey": 48, "not_in_survey": 0, "other_sources": {}},
    }


def test_first_release_of_the_survey_alone(quads: list[ox.Quad]) -> None:
    text, data = rl.first_release_notes(_survey(quads), "0.1.0")
    assert (
        text
        == "# 0.1.0\n\nFirst release: 60 models (all from the survey), 48 datasets (all from the survey), 754 claims.\n"
    )
    assert data["added_by_source"]["models"] == {"survey": 60, "not_in_survey": 0, "other_sources": {}}


def test_a_later_release_counts_its_additions_by_source(quads: list[ox.Quad]) -> None:
    """From the survey's graph without Geneformer to the shipped one: Geneformer (Table 7 row 2) is the survey's,
    the 56 catalogue records are not in the survey; the notes group them so."""
    old = [q for q in _survey(quads) if q.subject.value != GENEFORMER]
    d = df.compare(old, quads, "0.2.0", "0.3.0")
    assert len(d.added["models"]) == 57 and d.added["datasets"] == []
    assert d.to_json()["added_by_source"] == {
        "models": {"survey": 1, "not_in_survey": 56, "other_sources": {AWESOME: 56}},
        "datasets": {"survey": 0, "not_in_survey": 0, "other_sources": {}},
    }
    md = df.markdown(d)
    section = md[md.index("### Added") : md.index("## Claims")]
    assert section.startswith(
        f"### Added\n\n1 from the survey; 56 not in the survey: {AWESOME}.\n\n"
        f"From the survey:\n\n- model:geneformer\n\nNot in the survey ({AWESOME}):\n\n- model:cancerfoundation\n"
    )
    assert section.count("\n- model:") == 57


def test_records_from_two_publications(quads: list[ox.Quad], full_quads: list[ox.Quad]) -> None:
    """tests/fixtures/external beside the survey's records: CellWhisperer (arXiv) and the CELLxGENE Census 2025
    (doi) are added, each not in the survey, each named by its publication."""
    d = df.compare(_survey(quads), full_quads)
    assert (d.added["models"], d.added["datasets"]) == (["model:cellwhisperer"], ["dataset:cellxgene-census-2025"])
    assert d.added_by_source == {
        "models": {"survey": 0, "not_in_survey": 1, "other_sources": {ARXIV: 1}},
        "datasets": {"survey": 0, "not_in_survey": 1, "other_sources": {DOI: 1}},
    }
    md = df.markdown(d)
    assert f"### Added\n\n0 from the survey; 1 not in the survey: {DOI}.\n\n- dataset:cellxgene-census-2025\n" in md


def test_one_model_two_sources_and_no_count_without_additions(quads: list[ox.Quad], full_quads: list[ox.Quad]) -> None:
    """The fixture's CellWhisperer record beside the catalogue's (one model, the same id): counted under each
    source, once in the total; a release adding nothing says so as before."""
    record = ox.NamedNode("https://w3id.org/llm4cell/source/external/model/cellwhisperer")
    both = [*quads, *(q for q in full_quads if q.graph_name == record)]
    text, data = rl.first_release_notes(both, "0.2.0")
    assert data["added_by_source"]["models"] == {
        "survey": 60,
        "not_in_survey": 56,
        "other_sources": {AWESOME: 56, ARXIV: 1},
    }
    assert list(data["added_by_source"]["models"]["other_sources"]) == [AWESOME, ARXIV]  # the largest first
    assert f"116 models (60 from the survey; 56 not in the survey: 56 from {AWESOME}, 1 from {ARXIV})" in text
    same = df.compare(quads, quads, "0.2.0", "0.2.1")
    assert df.markdown(same) == "# Changes from 0.2.0 to 0.2.1\n\nNo model, dataset or claim changed.\n"
