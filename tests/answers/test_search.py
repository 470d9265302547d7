"""`llm4cell-kg search`: names (prefix, typo, spelling variants) then full text (SQLite FTS5) with snippets, checked
against the survey."""

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
    assert all(h.snippet.startswith("name words: [") for h in hits[:3])  # "lung" is a word of their names
    # issue 25: names before printed cells, so the UBERON term named "lung" (and "pair of lungs", synonym "lungs")
    # now come before Azimuth, whose printed cell alone says "(PBMC, lung, kidney, fetal)"
    assert [h.curie for h in hits[3:6]] == ["UBERON:0002048", "UBERON:0000170", "dataset:azimuth-references"]
    assert "[lung]" in hits[5].snippet.lower()
    # words are not stemmed: "lunge feeding organ" (digestive system element's definition) is not a lung
    assert "UBERON:0013765" not in {h.curie for h in search("lung", store, limit=50)}
    assert [h.curie for h in search("lunge", store)] == ["UBERON:0013765"]


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


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("genefor", "model:geneformer"),  # issue 25: "no match" before prefixes were matched
        ("scgp", "model:scgpt"),
        ("xtrimo", "model:xtrimogene"),
        ("geneformr", "model:geneformer"),  # one edit
        ("scfoundaton", "model:scfoundation"),
        ("sciplex", "dataset:sci-plex"),  # Table 1 "sci-Plex collection (drug screens)": hyphens and case aside
        ("slideseq", "dataset:slide-seq-v2"),  # Table 3 "Slide-seq / Slide-seqV2"
        ("perturbation", "task:trajectory-perturbation"),  # the task, not the 9 Perturb-seq datasets of before
        ("agentic", "family:agentic"),  # the family, before the dimension "Agentic capability"
        ("cell type annotation", "task:annotation"),  # scTrans came first with no visible match
        ("spatial", "modality:spatial"),  # a vocabulary entry named exactly before Spatial2Sentence named in part
        ("gene regulatory network", "task:regulatory-network"),  # "regulatory-network and pathway inference"
    ],
)
def test_what_people_type(store: ox.Store, text: str, first: str) -> None:
    assert search(text, store, limit=5)[0].curie == first


def test_ranking_groups(store: ox.Store) -> None:
    hits = search("perturbation", store, limit=10)
    # the task and the modality whose labels name it, the domain, then the dataset whose name holds "perturbations"
    assert [h.curie for h in hits[:4]] == [
        "task:trajectory-perturbation",
        "modality:perturbation",
        "domain:trajectory-perturbation",
        "dataset:virtual-cell-challenge",
    ]
    assert hits[4].snippet.startswith("[Perturbation]")  # then printed cells: Table 1 "Perturbation, GRN, ..."
    agentic = [h.curie for h in search("agentic", store, limit=4)]
    assert agentic[:3] == ["family:agentic", "dimension:agentic-capability", "domain:emerging-paradigms"]
    assert agentic[3] in {"model:cellagent", "model:cellatria"}  # Table 6 rows print "Agentic Frame- work"


def test_names_not_cell_fragments(store: ox.Store) -> None:
    """Descriptive parentheses of printed cells are not names; abbreviations in parentheses are."""
    from llm4cell_kg.answers.lookup import index
    from llm4cell_kg.answers.namesearch import search_names

    names = {e.curie: search_names(e) for e in index(store).entities}
    assert "example project page" not in names["dataset:hca-lung-project"]
    assert "brain / ASD genes" not in names["dataset:in-vivo-perturb-seq"]
    assert "imaging" not in names["dataset:merfish"]
    assert {"scMCA", "Mouse Cell Atlas"} <= set(names["dataset:mouse-cell-atlas"])
    assert "STOmics" in names["dataset:stereo-seq"] and "GSE90063" in names["dataset:dixit-2016"]
    # the suggestions for "gene" are the Gene... models, not two Perturb-seq datasets printing "genes"
    assert [h.curie for h in suggest("gene", store)[:4]] == [
        "model:genept",
        "model:genemamba",
        "model:geneformer",
        "model:genecompass",
    ]


def test_suggestions_rank_as_search(store: ox.Store) -> None:
    for text in ("perturbation", "agentic", "lung", "scgp"):
        names = [h.curie for h in search(text, store, limit=8) if h.how != "text"]
        assert [h.curie for h in suggest(text, store)][: len(names)] == names[:8]


def test_typos_need_a_long_enough_name(store: ox.Store) -> None:
    # below four characters only exact names and prefixes: "scg" is not "scGT" with a typo
    assert {h.how for h in suggest("scg", store)} == {"name prefix"}
    assert [h.curie for h in suggest("scgt", store)][:1] == ["model:scgt"]
    assert search("scgtp", store, limit=1)[0].curie == "model:scgpt"  # a swap is one edit, and same length first


def test_only_the_last_word_is_completed(store: ox.Store) -> None:
    """A word in the middle of the query is whole: "gene" in "gene regulatory network" is not "generative"
    (task:generation, "generative simulation"); and a label matched in part needs whole words: the "seq" of
    "ATAC-seq" is not the "sequence" of the modality "DNA sequence"."""
    assert "task:generation" not in {h.curie for h in search("gene regulatory network", store, limit=10)}
    atac = [h.curie for h in search("ATAC-seq", store, limit=10)]
    assert "modality:atac" in atac[:3] and "modality:dna-sequence" not in atac
    assert search("tabula sap", store, limit=1)[0].curie == "dataset:tabula-sapiens-v2"  # the last word, in part
