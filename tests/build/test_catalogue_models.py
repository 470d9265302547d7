"""Models since the survey (issue 23 item 2): graph/catalogue_models.yaml, written by catalogues/regenerate.py from
the committed facts of Awesome-Single-Cell-Foundation-Models: one record per entry the survey lacks, carrying only
what the entry states, its category as printed and the family that category maps to, kept as a mapping."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
import pytest
import yaml
from click.testing import CliRunner

from llm4cell_kg import paths
from llm4cell_kg.cli import main

CATALOGUE = "https://github.com/juntaic7/Awesome-Single-Cell-Foundation-Models"
COMMIT = "6e7140c598f448aeedf0572e99eb773d70fd7e21"
REPO = paths.GRAPH_DIR.parent


@pytest.fixture(scope="module")
def records() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((paths.GRAPH_DIR / "catalogue_models.yaml").read_text(encoding="utf-8"))
    return {r["id"]: r for r in data}


def test_the_committed_records_are_what_the_script_writes(regenerate: Any) -> None:
    facts = yaml.safe_load((REPO / "catalogues" / "awesome-scfm" / "facts.yaml").read_text(encoding="utf-8"))
    models = regenerate.caveated(regenerate.survey_models())
    first = regenerate.render(regenerate.catalogue_model_records(facts["models"], models), regenerate.MODELS_HEADER)
    assert first == (paths.GRAPH_DIR / "catalogue_models.yaml").read_text(encoding="utf-8")


def test_the_snapshot_keeps_every_entry_and_no_note() -> None:
    text = (REPO / "catalogues" / "awesome-scfm" / "facts.yaml").read_text(encoding="utf-8")
    facts = yaml.safe_load(text)
    assert len(facts["models"]) == 85  # site/data.json at 6e7140c: 85 model entries
    assert all(set(m) <= {"name", "category", "date", "paper", "code", "resources"} for m in facts["models"])


def test_every_entry_the_survey_lacks_and_none_it_names(records: dict[str, dict[str, Any]]) -> None:
    # 85 entries: 29 name a survey model (24 matched beyond the name, e.g. scGPT, CellAgent, HEIST; 5 carry only a
    # survey name, CellPLM, scFormer, Nicheformer, scPilot, scInterpreter: a name is not enough to call them new)
    assert len(records) == 56
    names = {r["name"] for r in records.values()}
    assert not names & {"scGPT", "CellAgent", "HEIST", "CellPLM", "scFormer", "Nicheformer", "scPilot", "GET"}
    assert {"Tahoe-x1", "CellWhisperer", "Novae", "State", "TranscriptFormer", "Nephrobase Cell+"} <= names


def test_a_record_carries_only_what_its_entry_states(records: dict[str, dict[str, Any]]) -> None:
    """Tahoe-x1's entry (facts.yaml): bioRxiv 10.1101/2025.10.23.683759, GitHub tahoebio/tahoe-x1, Hugging Face
    tahoebio/Tahoe-x1, a blog (not a link kind: dropped), Domain / Task, 2025-10-23."""
    r = records["tahoe-x1"]
    assert r["source"] == {
        "url": f"{CATALOGUE}/blob/{COMMIT}/site/data.json",
        "curator": "LLM4Cell-KG curators",
        "date": "2026-12-06",
    }
    assert r["listed_in"] == {
        "name": "Awesome-Single-Cell-Foundation-Models",
        "repository": CATALOGUE,
        "path": "site/data.json",
        "commit": COMMIT,
        "date": "2026-07-21",
    }
    assert (r["date"], r["category"]) == ("2025-10-23", "Domain / Task")
    assert r["paper"] == ["https://doi.org/10.1101/2025.10.23.683759"]
    assert r["code"] == ["https://github.com/tahoebio/tahoe-x1"]
    assert r["weights"] == ["https://huggingface.co/tahoebio/Tahoe-x1"]
    assert "mapped_families" not in r and "families" not in r and "year" not in r  # nothing guessed
    assert r["source_states"] == ["name", "date", "category", "paper", "code", "weights"]
    # a name and a paper link only, and the record says so
    assert records["nephrobase-cell-plus"]["source_states"] == ["name", "date", "category", "paper"]
    assert records["nephrobase-cell-plus"]["paper"] == ["https://arxiv.org/abs/2509.26223"]
    assert records["lingshu-cell"]["date"] == "2026-03"  # a month, as printed


def test_a_category_maps_to_a_family_only_through_the_table(records: dict[str, dict[str, Any]]) -> None:
    table = yaml.safe_load((REPO / "catalogues" / "category-families.yaml").read_text(encoding="utf-8"))
    assert {c: v["families"] for c, v in table["awesome-scfm"].items()} == {
        "General": ["foundation"],
        "Multimodal / Spatial": ["spatial-multimodal"],
        "LLM-native / Agentic": [],
        "Domain / Task": [],
    }
    for r in records.values():
        assert r.get("mapped_families", []) == table["awesome-scfm"][r["category"]]["families"], r["id"]
    assert records["novae"]["mapped_families"] == ["spatial-multimodal"]
    assert "mapped_families" not in records["cellwhisperer"]  # LLM-native / Agentic spans two survey families


def test_built_as_curator_assertions_with_the_mapping_apart(quads: list[ox.Quad]) -> None:
    g = ox.NamedNode("https://w3id.org/llm4cell/source/external/catalogue-model/novae")
    m = "https://w3id.org/llm4cell/model/novae"
    l4c = "https://w3id.org/llm4cell/ontology#"
    got = {(q.subject.value, q.predicate.value, q.object.value) for q in quads if q.graph_name == g}
    assert (g.value, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", l4c + "CuratorAssertion") in got
    assert (g.value, l4c + "listedIn", f"{CATALOGUE}/blob/{COMMIT}/site/data.json") in got
    assert (m, l4c + "catalogueCategory", "Multimodal / Spatial") in got
    assert (m, l4c + "mappedFamily", "https://w3id.org/llm4cell/family/spatial-multimodal") in got
    assert not any(p == l4c + "family" for s, p, _o in got if s == m)  # the catalogue states no survey family
    assert (m, l4c + "paper", "https://doi.org/10.1038/s41592-025-02899-6") in got
    assert (g.value, "http://purl.org/dc/terms/created", "2026-12-06T00:00:00") in got


def test_counted_beside_the_survey_models() -> None:
    q = "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a l4c:Model }"
    runner = CliRunner()
    default = runner.invoke(main, ["sparql", q, "--format", "csv"])
    everything = runner.invoke(main, ["sparql", q, "--format", "csv", "--sources", "all"])
    assert default.output.splitlines()[-1] == "60"  # Table 7's 58 rows and 2 prose-only models, as before
    assert everything.output.splitlines()[-1].split(",")[0] == "116"  # and the catalogue's 56
