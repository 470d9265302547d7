"""`llm4cell-kg search`: ranked full-text search (SQLite FTS5) with snippets, checked against the survey."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from llm4cell_kg.answers.search import build_index, fts_query, search, suggest
from llm4cell_kg.cli import main
from llm4cell_kg.errors import UserError

# Table 1 rows 4, 5, 7 name the lung in their dataset cell; Table 3 row 3 lists "(PBMC, lung, kidney, fetal)"
LUNG_DATASETS = {"dataset:hlca-v1", "dataset:hca-lung-project", "dataset:yale-lung-disease-atlas"}


def test_lung_datasets_first(store: ox.Store) -> None:
    hits = search("lung", store, limit=10)
    assert {h.curie for h in hits[:3]} == LUNG_DATASETS
    assert hits[3].curie == "dataset:azimuth-references"
    assert all(h.kind == "dataset" for h in hits[:4])
    assert "[lung]" in hits[3].snippet.lower()


def test_cell_sentences(store: ox.Store) -> None:
    # Table 7: Cell2Sentence 'converted to "cell sentences"', C2S-Scale 'trains large LLMs on cell sentences',
    # ChatCell 'scRNA → "cell sentence"' (phrase matches come before matches of the separate words)
    hits = search("cell sentences", store, limit=8)
    top = [h.curie for h in hits[:5]]
    assert {"model:cell2sentence", "model:c2s-scale", "model:chatcell"} <= set(top)
    assert {"model:get", "model:scmpt"} <= set(top)  # GET and scMPT print "cell sentences" grounding (rows 41, 42)


def test_exact_name_first_and_filters(store: ox.Store) -> None:
    assert search("scgpt", store, limit=3)[0].curie == "model:scgpt"
    assert search("HLCA", store, limit=1)[0].curie == "dataset:hlca-v1"
    perturb = search("perturb", store, kinds={"dataset"}, limit=20)
    assert perturb and all(h.kind == "dataset" for h in perturb)
    assert "dataset:replogle-2022-perturb-seq" in {h.curie for h in perturb}


def test_user_text_is_never_fts_syntax(store: ox.Store) -> None:
    assert fts_query('cell" OR x*') == '"cell" AND "OR" AND "x"'
    search('"; DROP TABLE docs; --', store)  # no error, no harm
    with pytest.raises(UserError, match="nothing to search for"):
        search("***", store)


def test_suggestions_complete_the_last_word(store: ox.Store) -> None:
    assert "model:geneformer" in {h.curie for h in suggest("genefor", store)}
    assert suggest("", store) == []


def test_index_file(store: ox.Store, tmp_path: Path) -> None:
    db = build_index(store, tmp_path / "s.sqlite")
    db.close()
    n = sqlite3.connect(tmp_path / "s.sqlite").execute("SELECT COUNT(*) FROM docs").fetchone()[0]
    assert n > 100 + 58  # 60 models, 48 datasets, vocabulary, venues, publications, ontology terms


def test_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM4CELL_KG_CACHE", str(tmp_path))
    r = CliRunner().invoke(main, ["search", "lung", "--limit", "3", "--format", "json"])
    assert r.exit_code == 0, r.output
    assert {h["curie"] for h in json.loads(r.output)} == LUNG_DATASETS
    assert list(tmp_path.glob("search-*.sqlite"))  # kept beside the build cache, under the same digest
    r = CliRunner().invoke(main, ["search", "cell sentences", "--type", "model"])
    assert r.exit_code == 0 and "model:cell2sentence" in r.output


@pytest.mark.parametrize(
    ("text", "curie"),
    [
        ("scMCA", "dataset:mouse-cell-atlas"),  # Table 1 row 3: "Mouse Cell Atlas (scMCA)"
        ("Replogle 2022", "dataset:replogle-2022-perturb-seq"),  # §5.2: "Replogle 2022 Perturb-seq"
        ("HLCA v1.0", "dataset:hlca-v1"),  # Table 1 row 4: "Human Lung Cell Atlas (HLCA v1.0)"
    ],
)
def test_alternative_names_found_first(store: ox.Store, text: str, curie: str) -> None:
    """The short names the survey prints (issue 12 item 6, graph/aliases.yaml) rank their resource first."""
    hits = search(text, store, limit=5)
    assert hits[0].curie == curie
    assert "[" in hits[0].snippet  # the match is marked in the snippet
