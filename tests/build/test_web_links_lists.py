"""The reading lists added for issue 22's remaining Table 7 models (catalogues/vision-omics, histo-st,
sc-model-zoo): each link pinned by hand against the survey's reference list and the list's own line at its pinned
commit; the facts of an unlicensed list only; and the dzyim list's scFormer (2022), the scFormer bioRxiv preprint,
is a name collision with Table 7's scFormer (Xu et al., 2024), never mapped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import yaml
from regenerate_script import regenerate

from llm4cell_kg.store import sparql

REPO = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def built() -> tuple[dict[str, dict[str, Any]], list[str]]:
    records, collisions = regenerate().build_records()
    return {r["id"]: r for r in records}, collisions


@pytest.mark.parametrize(
    ("rid", "model", "paper", "source", "commit", "evidence"),
    [
        (  # NAR 53(17):gkaf865, References entry 68 (Wang et al., 2025); the list's line 79
            "histo-st-fmh2st",
            "fmh2st",
            "https://doi.org/10.1093/nar/gkaf865",
            "https://github.com/ZZhangsm/Awesome-Histopathology-Based-Generation",
            "5b799815bffffab766c9fc62d000333410f62ee4",
            [
                "name: FmH2ST = Table 7 row 25 FmH2ST",
                "title: 'FmH2ST: foundation model-based spatial transcriptomics generation from histological images' "
                "= References entry 68 (Wang et al., 2025)",
                "year: 2025",
                "venue: nucleic-acids-research",
            ],
        ),
        (  # the list prints the title without the name: compared as 'xTrimoGene: <title>'
            "sc-model-zoo-xtrimogene",
            "xtrimogene",
            "https://doi.org/10.1101/2023.03.24.534055",
            "https://github.com/dzyim/single-cell-models",
            "d08e2b22a4d2d396b2401796e9a95dfb2e19697a",
            [
                "name: xTrimoGene = Table 7 row 53 xTrimoGene",
                "title: 'an efficient and scalable representation learner for single-cell RNA-seq data' = References "
                "entry 25 (Gong et al., 2023)",
                "year: 2023",
            ],
        ),
        (  # publications.js line 196; ijcai.org/proceedings/2024/658 is IJCAI's DOI 10.24963/ijcai.2024/658
            "xue-homepage-sctrans",
            "sctrans",
            "https://doi.org/10.24963/ijcai.2024/658",
            "https://github.com/Davidcoach/Davidcoach.github.io",
            "eb3efe0fcca0b2d7e89e978c945df218166c100f",
            [
                "name: SCTrans = Table 7 row 19 scTrans",
                "title: 'SCTrans: Multi-scale scRNA-seq Sub-vector Completion Transformer for Gene-selective Cell Type "
                "Annotation' = References entry 42 (Lu et al., 2024)",
                "year: 2024",
                "venue: ijcai",
            ],
        ),
        (  # academic.oup.com/bib/article/25/2/bbae052/7618072; the name is the code repository's
            "vision-omics-transformerst",
            "transformerst",
            "https://doi.org/10.1093/bib/bbae052",
            "https://github.com/hrlblab/computer_vision_spatial_omics",
            "36e3874631145742367cef6a6aa055f6f990506c",
            ["name: TransformerST = Table 7 row 21 TransformerST", "year: 2024", "venue: briefings-in-bioinformatics"],
        ),
    ],
)
def test_links_from_the_added_lists(
    built: tuple[dict[str, dict[str, Any]], list[str]],
    rid: str,
    model: str,
    paper: str,
    source: str,
    commit: str,
    evidence: list[str],
) -> None:
    rec = built[0][rid]
    assert (rec["model"], rec["paper"], rec["source"]["repository"], rec["source"]["commit"]) == (
        model,
        [paper],
        source,
        commit,
    )
    assert rec["evidence"] == evidence
    assert "conflicts" not in rec


def test_transformerst_is_a_close_match_on_the_year_and_venue_only(
    built: tuple[dict[str, dict[str, Any]], list[str]],
) -> None:
    """Its printed citation is scTrans's paper (graph/citation_caveats.yaml): neither title agrees nor conflicts."""
    entry = built[0]["vision-omics-transformerst"]["entry"]
    assert (entry["predicate"], entry["justification"], entry["confidence"]) == (
        "skos:closeMatch",
        "semapv:LexicalMatching",
        0.7,
    )
    assert built[0]["vision-omics-transformerst"]["code"] == ["https://github.com/Zhaocy-Research/TransformerST"]


def test_the_scformer_preprint_is_not_table_7_scformer(built: tuple[dict[str, dict[str, Any]], list[str]]) -> None:
    """dzyim's 'scFormer (2022)' is Cui et al.'s bioRxiv preprint; Table 7 row 13 scFormer cites Xu et al., 2024 and
    is dated 2024: the name alone, so it is left unmatched and reported."""
    records, collisions = built
    assert "sc-model-zoo-scformer" not in records
    assert (
        "Single Cell Models (dzyim) scFormer (https://doi.org/10.1101/2022.11.20.517285, 2022) is not Table 7 row 13 "
        "scFormer" in collisions
    )


def test_oup_and_biorxiv_urls_read_as_dois() -> None:
    regen = regenerate()
    assert regen.paper_iri("https://academic.oup.com/bib/article/25/2/bbae052/7618072") == (
        "https://doi.org/10.1093/bib/bbae052"
    )
    assert regen.paper_iri("https://academic.oup.com/nar/article-pdf/53/17/gkaf865/64870080/gkaf865.pdf") == (
        "https://doi.org/10.1093/nar/gkaf865"
    )
    early = "https://www.biorxiv.org/content/biorxiv/early/2025/08/04/2024.09.27.615337.full.pdf"
    assert regen.paper_iri(early) == "https://doi.org/10.1101/2024.09.27.615337"
    assert regen.venue_of("https://doi.org/10.1093/bib/bbae052") == "briefings-in-bioinformatics"
    assert regen.paper_iri("https://www.ijcai.org/proceedings/2024/658") == "https://doi.org/10.24963/ijcai.2024/658"
    assert regen.paper_iri("https://www.sciopen.com/article/10.26599/BDMA.2024.9020056") == (
        "https://doi.org/10.26599/BDMA.2024.9020056"
    )


def test_unlicensed_lists_keep_facts_only() -> None:
    """No line of an unlicensed README is committed: only its name, year, venue, title and URLs."""
    for key in ("histo-st", "sc-model-zoo", "spatial-tools", "xue-homepage"):
        facts = yaml.safe_load((REPO / "catalogues" / key / "facts.yaml").read_text(encoding="utf-8"))
        assert {k for f in facts["entries"] for k in f} <= {"line", "name", "year", "title", "venue", "paper", "code"}
        assert not list((REPO / "catalogues" / key).glob("*.tsv"))
    assert (
        (REPO / "catalogues" / "vision-omics" / "LICENSE")
        .read_text(encoding="utf-8")
        .lstrip()
        .startswith("Apache License")
    )


def test_the_cited_reference_of_scformer_cell_plus_gets_its_paper_not_the_model(
    built: tuple[dict[str, dict[str, Any]], list[str]], store: ox.Store
) -> None:
    """Row 47 scFormer Cell+ cites References entry 16 (Cui et al., 2022, 'scformer: a universal representation
    learning approach ...', bioRxiv), which the audit finds to be scFormer's paper (graph/citation_caveats.yaml).
    scRNA-tools' scFormer gives that paper's DOI, title, bioRxiv and 2022 agreeing: the DOI is stated of the
    publication, the catalogue's tool is mapped to no model, and the model reaches the DOI through its citation."""
    doi = "https://doi.org/10.1101/2022.11.20.517285"
    rec = built[0]["scrna-tools-scformer-cell-plus-ref"]
    assert (rec["model"], rec["publication"], rec["paper"], "entry" in rec) == (
        "scformer-cell-plus",
        "cui-et-al-2022",
        [doi],
        False,
    )
    assert rec["evidence"][2:] == [
        "title: 'scFormer: A Universal Representation Learning Approach for Single-Cell Data Using Transformers' = "
        "References entry 16 (Cui et al., 2022)",
        "year: 2022",
        "venue: biorxiv",
    ]
    assert sparql.run(store, f"ASK {{ pub:cui-et-al-2022 l4c:paper <{doi}> }}").boolean
    assert not sparql.run(store, f"ASK {{ model:scformer-cell-plus l4c:paper <{doi}> }}").boolean
    assert not sparql.run(store, "ASK { model:scformer-cell-plus skos:exactMatch|skos:closeMatch ?entry }").boolean


def test_spaccc_from_the_spatial_tools_list_keeps_both_repositories(
    built: tuple[dict[str, dict[str, Any]], list[str]],
) -> None:
    """anthbapt's list (line 176): SpaCCC, 12/2024, sciopen.com/article/10.26599/BDMA.2024.9020056 (Big Data Mining
    and Analytics), code iamjiboya/SpaCCC. Row 28 prints 2024 (its citation is another paper, so no title is
    compared): a close match on the name and year; the model's own repository (jiboyalab/SpaCCC) differs, and each
    record shows the other's as a conflict."""
    rec, repo = built[0]["spatial-tools-spaccc"], built[0]["repo-spaccc"]
    assert (rec["model"], rec["paper"], rec["code"]) == (
        "spaccc",
        ["https://doi.org/10.26599/BDMA.2024.9020056"],
        ["https://github.com/iamjiboya/SpaCCC"],
    )
    assert rec["evidence"] == ["name: SpaCCC = Table 7 row 28 SpaCCC", "year: 2024"]
    assert (rec["entry"]["predicate"], rec["entry"]["confidence"]) == ("skos:closeMatch", 0.6)
    assert rec["conflicts"] == [
        "code: jiboyalab/SpaCCC (the model's own repository) gives https://github.com/jiboyalab/SpaCCC"
    ]
    assert (
        "code: Spatial Biology Tools (KCL Spatial Biology Facility) gives https://github.com/iamjiboya/SpaCCC"
        in repo["conflicts"]
    )
