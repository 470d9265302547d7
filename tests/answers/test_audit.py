# ruff: noqa: E501  (fixtures and expected findings are kept one statement per line)
"""The audit: every conflict the issue names is found on the real graph; each rule fires on a tiny fixture that has
its kind of disagreement and stays silent on one that does not."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from llm4cell_kg.answers.audit import COLUMNS, Finding, render, rule_names, run_audit, to_frame
from llm4cell_kg.answers.query import get_query
from llm4cell_kg.build.derived import derived_quads
from llm4cell_kg.build.graph import ontology_quads
from llm4cell_kg.cli import main

RULES = [
    "agentic-flag",
    "citation-other-model",
    "citation-other-name",
    "citation-review",
    "citation-unlisted",
    "copied-cells",
    "count-mismatch",
    "dataset-venue-mismatch",
    "duplicate-dataset",
    "family-conflict",
    "highest-rank-conflict",
    "missing-table",
    "modality-conflict",
    "scale-mismatch",
    "venue-mismatch",
]


def local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@pytest.fixture(scope="module")
def findings(store: ox.Store) -> list[Finding]:
    return run_audit(store)


def of(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def test_one_rule_per_kind_with_the_common_columns() -> None:
    assert rule_names() == RULES
    for name in RULES:
        assert get_query(f"audit/{name}").columns == COLUMNS


def test_every_finding_has_both_sources(findings: list[Finding]) -> None:
    # 65 + citation-review's 2 (OmiCLIP, Table 7 row 26 and §4.3; issue 12); issue 24: scale-mismatch keeps 1 of 4
    # (3 were compatible figures), + citation-other-name 2, citation-unlisted 3, dataset-venue-mismatch 5,
    # duplicate-dataset 1, highest-rank-conflict 3, modality-conflict 13
    assert len(findings) == 91
    for f in findings:
        assert f.source_a.startswith("https://w3id.org/llm4cell/") and f.source_b.startswith(
            "https://w3id.org/llm4cell/"
        )
        assert f.where_a and f.text_a and f.where_b and f.text_b and f.detail


# ---------------------------------------------------------------- the conflicts named in the issue, on the real graph
def test_family_table_vs_prose(findings: list[Finding]) -> None:
    got = {(local(f.subject), f.where_b) for f in of(findings, "family-conflict")}
    # Table 7 Category vs §4.4/§4.5/§4.2 (read in the survey: Teddy "Foundation Model / Disease- aware Trans- former",
    # GET "Text- Bridge LLM (Hybrid Fusion Model)", CellLM "Foundation Model / Represen- tation model")
    assert {
        ("teddy", "§4.5"),
        ("cellverse", "§4.5"),
        ("epiagent", "§4.5"),
        ("get", "§4.4"),
        ("genemamba", "§4.4"),
        ("scmamba", "§4.4"),
        ("celllm", "§4.2"),
        ("pilot", "§C.5"),
    } <= got
    assert len(got) == 17
    teddy = next(f for f in of(findings, "family-conflict") if local(f.subject) == "teddy" and f.where_b == "§4.5")
    assert teddy.where_a == "Table 7 row 50, Category"
    assert teddy.text_a == "Foundation Model / Disease- aware Trans- former"
    assert "**Teddy** (Chevalier et al., 2025)" in teddy.text_b


def test_agentic_flag_vs_section_4_5(findings: list[Finding]) -> None:
    # Table 7 prints "No" for Teddy (row 50), CellVerse (row 52), EpiAgent (row 39), Pilot (row 51);
    # §4.5 and C.5 call them agentic frameworks.
    got = {(local(f.subject), f.where_a, f.where_b, f.text_a) for f in of(findings, "agentic-flag")}
    assert got == {
        ("teddy", "Table 7 row 50, Agentic (Y/N)", "§4.5", "No"),
        ("teddy", "Table 7 row 50, Agentic (Y/N)", "§C.5", "No"),
        ("cellverse", "Table 7 row 52, Agentic (Y/N)", "§4.5", "No"),
        ("cellverse", "Table 7 row 52, Agentic (Y/N)", "§C.5", "No"),
        ("epiagent", "Table 7 row 39, Agentic (Y/N)", "§4.5", "No"),
        ("epiagent", "Table 7 row 39, Agentic (Y/N)", "§C.5", "No"),
        ("pilot", "Table 7 row 51, Agentic (Y/N)", "§C.5", "No"),
    }


def test_copied_cells(findings: list[Finding]) -> None:
    got = {(local(f.subject), f.where_a, f.where_b) for f in of(findings, "copied-cells")}
    assert got == {
        ("get", "Table 7 row 41", "Table 7 row 42"),  # GET and scMPT rows identical in every content column
        ("cell2text", "Table 7 row 33, Primary Task", "Table 7 row 40, Primary Task"),  # ChromFound's regulatory syntax
        ("scmmgpt", "Table 7 row 30, Grounding Type", "Table 7 row 30, Primary Task"),  # "Annotation, description"
    }
    cell2text = next(f for f in of(findings, "copied-cells") if local(f.subject) == "cell2text")
    assert "learns regulatory syntax from chromatin accessibility and DNA motifs" in cell2text.text_a
    assert "scMPT" in next(f.detail for f in of(findings, "copied-cells") if local(f.subject) == "get")
    assert (
        next(f.text_a for f in of(findings, "copied-cells") if local(f.subject) == "scmmgpt")
        == "Annotation, description"
    )


def test_citation_naming_another_model(findings: list[Finding]) -> None:
    got = {(local(f.subject), f.where_a, f.where_b) for f in of(findings, "citation-other-model")}
    # TransformerST cites "Lu et al., 2024", whose title is scTrans's ("Sctrans: multi-scale ...")
    assert ("transformerst", "Table 7 row 21, Model (Year)", "References entry 42 (Lu et al., 2024)") in got
    assert ("transformerst", "§4.3", "References entry 42 (Lu et al., 2024)") in got
    # §5.6 "*UCE* (Shen et al., 2023)": Table 7 cites Shen et al., 2023 for tGPT
    assert ("uce", "§5.6", "References entry 57 (Shen et al., 2023)") in got
    # scGPT-spatial cites Cui et al., 2024 = "scgpt: toward building a foundation model ..."
    assert ("scgpt-spatial", "Table 7 row 22, Model (Year)", "References entry 17 (Cui et al., 2024)") in got
    # §6.3 "**scMGPT** (Palayew et al., 2025)": Table 7 cites Palayew et al., 2025 for scMPT
    assert ("scmmgpt", "§6.3", "References entry 50 (Palayew et al., 2025)") in got
    details = {(local(f.subject), f.detail) for f in of(findings, "citation-other-model")}
    assert ("uce", "UCE cited as (Shen et al., 2023): Table 7 cites it for tGPT (Shen et al., 2023) (tGPT)") in details
    assert (
        "scmmgpt",
        "scMMGPT cited as (Palayew et al., 2025): Table 7 cites it for scMPT (Palayew et al., 2025) (scMPT)",
    ) in details
    assert (
        "scgpt-spatial",
        "scGPT-spatial cited as (Cui et al., 2024): the cited title names scGPT (scGPT)",
    ) in details
    # the models' own citations are not findings
    assert not {s for s, _w, _b in got} & {"scgpt", "sctrans", "tgpt", "scmpt"}


def test_counts_vs_rows(findings: list[Finding]) -> None:
    got = {(local(f.subject), f.where_a, f.text_b) for f in of(findings, "count-mismatch")}
    assert got == {
        # "over 40" datasets (Abstract, §1, §3 "over forty", §8) vs 40 rows of Tables 1-6
        ("rowsOfTables1to6", "Abstract", "40 rows of Tables 1-6"),
        ("rowsOfTables1to6", "§1", "40 rows of Tables 1-6"),
        ("rowsOfTables1to6", "§3", "40 rows of Tables 1-6"),
        ("rowsOfTables1to6", "§8", "40 rows of Tables 1-6"),
        # "ten quantitative scores" (§4) vs Table 7's single Domain Score column
        ("domainScoreColumnsOfTable7", "§4", "1 domain-score columns of Table 7"),
        # "58 ... five methodological families" vs 56 rows (Pilot and CellVerse are "Benchmark / Evaluation")
        ("rowsOfTable7InFiveFamilies", "§1", "56 rows of Table 7 in the five families"),
        ("rowsOfTable7InFiveFamilies", "§4", "56 rows of Table 7 in the five families"),
        ("rowsOfTable7InFiveFamilies", "§A.2", "56 rows of Table 7 in the five families"),
    }
    # "58 models" agrees with Table 7's 58 rows, "40+" and "around 40" with the 40 dataset rows: no finding


def test_missing_tables_a1_a3(findings: list[Finding]) -> None:
    got = {(f.subject_label, f.where_a, f.text_b) for f in of(findings, "missing-table")}
    assert got == {(f"Table A{n}", "§B.7", "7 tables, numbered 1 to 7") for n in (1, 2, 3)}
    assert all("Tables A1–A3" in f.text_a for f in of(findings, "missing-table"))


def test_scale_figures_appendix_b_vs_tables(findings: list[Finding]) -> None:
    got = {(local(f.subject), f.where_a, f.where_b, f.detail) for f in of(findings, "scale-mismatch")}
    # B.1 "*Tabula Sapiens* (>1 M cells, 24 tissues)" vs Table 1 "1.1 M cells / 28 organs / 24 donors": the table
    # prints no tissues. Its ">1 M" cells agree with 1.1 M; B.6 scPlantDB "2.5 M cells" with Table 6 "~2.5 M"; B.3
    # Multiome Benchmark Pack ">40 datasets" with Table 3 "41 datasets total": figures that agree are no finding
    assert got == {("tabula-sapiens-v2", "§B.1", "Table 1 row 1, Scale", "tissues: 24 in prose vs none in the table")}


def test_no_finding_is_a_compatible_figure(findings: list[Finding]) -> None:
    assert not [f for f in findings if "compatible" in f.detail.lower()]


def test_one_resource_printed_as_two_dataset_rows(findings: list[Finding]) -> None:
    # Table 1 row 4 "Human Lung Cell Atlas (HLCA v1.0)" "~2.4 M / 49 datasets / 16 studies" and row 5 "HCA lung
    # project (example project page)" "2.4 M cells / 49 datasets": the same lung atlas (both descriptions: ~2.4 M
    # cells from 49 datasets), printed twice
    got = [(local(f.subject), f.where_a, f.where_b) for f in of(findings, "duplicate-dataset")]
    assert got == [("hlca-v1", "Table 1 row 4, Dataset and Scale", "Table 1 row 5, Dataset and Scale")]
    f = of(findings, "duplicate-dataset")[0]
    assert f.text_a == "Human Lung Cell Atlas (HLCA v1.0): ~2.4 M / 49 datasets / 16 studies"
    assert f.text_b == "HCA lung project (example project page): 2.4 M cells / 49 datasets"
    assert local(f.source_a) == "4" and local(f.source_b) == "5"
    assert f.detail == (
        "'HCA lung project (example project page)' is a second row for the resource of 'Human Lung Cell Atlas "
        "(HLCA v1.0)': the two Scale cells print the same 2 figures"
    )


def test_citations_missing_from_the_reference_list(findings: list[Finding]) -> None:
    # Table 2 prints "(Zhang et al., 2021)" (row 2), "(Satpathy et al., 2019)" (row 4), "(Giles et al., 2022)" (row
    # 6); the References (82 entries) have none of them. Every other author-year citation printed in Tables 1-7 is
    # listed ("Consortium* et al., 2022" with its star; Table 5's "(Replogle 2022)" has no comma: not read)
    got = {(local(f.subject), f.where_a, f.text_b) for f in of(findings, "citation-unlisted")}
    assert got == {
        ("human-adult-scatac-atlas", "Table 2 row 2, Dataset", "82 entries, none labelled 'Zhang et al., 2021'"),
        ("satpathy-scatac", "Table 2 row 4, Dataset", "82 entries, none labelled 'Satpathy et al., 2019'"),
        ("t-cell-epigenetic-atlas", "Table 2 row 6, Dataset", "82 entries, none labelled 'Giles et al., 2022'"),
    }
    assert {f.where_b for f in of(findings, "citation-unlisted")} == {"References"}
    assert {f.text_a for f in of(findings, "citation-unlisted")} >= {"T cell epigenetic atlas (Giles et al., 2022)"}


def test_dataset_venues_and_years_vs_references(findings: list[Finding]) -> None:
    # Link / Citation cells vs the reference the survey cites for the dataset (its Dataset cell or §3):
    # Table 2 row 1 "GSE111586, Science 2018" vs Cusanovich et al., 2018 in *Cell*; Table 3 row 5 "Nature Cell Biol.
    # 2022" vs Mimitou et al., 2021 in *Nature biotechnology*; Table 3 row 7 "Nat. Methods 2019" vs Stoeckius et al.,
    # 2017 in *Nature methods*; Table 4 row 1 "Nat. Biotechnol. 2020" vs Stickels et al., 2021 in *Nature
    # biotechnology*; Table 4 row 2 "Science 2018" vs Chen et al., 2015 in *Science*. Domcke (Science 2020),
    # Stereo-seq (Cell 2022) and Replogle (Cell 2022) agree with their references
    got = {(local(f.subject), f.where_a, f.where_b) for f in of(findings, "dataset-venue-mismatch")}
    assert got == {
        (
            "cusanovich-mouse-sci-atac",
            "Table 2 row 1, Link / Citation",
            "References entry 18 (Cusanovich et al., 2018)",
        ),
        ("dogma-seq", "Table 3 row 5, Link / Citation", "References entry 45 (Mimitou et al., 2021)"),
        ("cite-seq-compendia", "Table 3 row 7, Link / Citation", "References entry 63 (Stoeckius et al., 2017)"),
        ("slide-seq-v2", "Table 4 row 1, Link / Citation", "References entry 62 (Stickels et al., 2021)"),
        ("merfish", "Table 4 row 2, Link / Citation", "References entry 10 (Chen et al., 2015)"),
    }
    details = {local(f.subject): f.detail for f in of(findings, "dataset-venue-mismatch")}
    assert details["cusanovich-mouse-sci-atac"] == (
        "Table 2 prints 'Science 2018'; the cited reference (Cusanovich et al., 2018) appeared in Cell, 2018 (another venue)"
    )
    assert details["dogma-seq"].endswith("appeared in Nature Biotechnology, 2021 (another venue and year)")
    assert details["cite-seq-compendia"].endswith("appeared in Nature Methods, 2017 (another year)")


def test_two_groups_each_scoring_highest(findings: list[Finding]) -> None:
    # C.2 (Text-Bridge): "These systems rank highest in Explainability and Emerging paradigms scores (Appendix Table
    # 7)"; C.5 (agentic): "These systems score highest in Explainability and Emerging paradigms"; §6.10 (scAgent,
    # CellVerse, EpiAgent): "These systems achieve the highest scores in explainability and cross-modal planning".
    # C.5 and §6.10 speak of the same agentic frameworks: no finding between them
    got = {(local(f.subject), f.where_a, f.where_b) for f in of(findings, "highest-rank-conflict")}
    assert got == {
        ("explainability", "§C.2", "§C.5"),
        ("emerging-paradigms", "§C.2", "§C.5"),
        ("explainability", "§6.10", "§C.2"),
    }
    c2 = next(f for f in of(findings, "highest-rank-conflict") if f.where_a == "§C.2" and "Explain" in f.subject_label)
    assert c2.text_a == "These systems rank highest in Explainability and Emerging paradigms scores (Appendix Table 7)"
    assert c2.text_b == "These systems score highest in Explainability and Emerging paradigms"
    # C.2's group: scELMo, CellLM, GenePT, Cell2Sentence, Cell2Text; C.5's: scAgent, CellVerse, EpiAgent, Teddy, Pilot
    assert c2.detail == (
        "two groups with no model in common each score highest in Explainability and Interpretability: "
        "§C.2 says it of 5 models, §C.5 of 5 others"
    )


def test_modalities_the_prose_gives_that_table_7_does_not(findings: list[Finding]) -> None:
    # read in the survey: §5.3 "*GET* learns cross-attention between gene and chromatin tokens", C.4 "ChromFound and GET
    # jointly model RNA and ATAC modalities", §5.5 "ChromFound and GET link RNA and accessibility signals" vs row 41
    # "RNA (scRNA) / Text embeddings" and row 40 "(chromatin"; §5.5 "GeneMamba (Qi et al., 2025a) and scMamba employ
    # state-space layers for ... long-range chromatin dependencies" vs row 45 "RNA (scRNA)" (scMamba's "Multi-omics
    # (RNA + others)" may hold ATAC: no finding); C.3 "Multi-omic extensions such as *scMMGPT* and *FmH2ST* integrate
    # RNA, ATAC, and protein" vs row 30 "RNA + Text (metadata)" and row 25 "Histology image + spatial tran-
    # scriptomics" (its RNA is the spatial transcriptomics: no finding); §5.4 "Models like HEIST and FmH2ST fuse H&E
    # images with RNA profiles" vs row 23 "Spatial transcriptomics + proteomics"; §5.4 "spaLLM and OmiCLIP align
    # histology and transcriptomic features" and C.3 "*spaLLM* aligns histology-derived captions" vs row 29 "Spatial
    # multi-omics (RNA, ATAC, protein)"
    got = {
        (local(f.subject), f.where_b, f.detail.split(" takes ")[1].split(";")[0])
        for f in of(findings, "modality-conflict")
    }
    assert got == {
        ("get", "§5.3", "ATAC"),
        ("get", "§5.5", "ATAC"),
        ("get", "§C.4", "ATAC"),
        ("chromfound", "§5.5", "RNA"),
        ("chromfound", "§C.4", "RNA"),
        ("genemamba", "§5.5", "ATAC"),
        ("scmmgpt", "§C.3", "ATAC"),
        ("scmmgpt", "§C.3", "protein"),
        ("fmh2st", "§C.3", "ATAC"),
        ("fmh2st", "§C.3", "protein"),
        ("heist", "§5.4", "histology"),
        ("spallm", "§5.4", "histology"),
        ("spallm", "§C.3", "histology"),
    }
    get = next(f for f in of(findings, "modality-conflict") if f.where_b == "§5.3")
    assert (get.where_a, get.text_a) == ("Table 7 row 41, Modality", "RNA (scRNA) / Text embeddings")
    assert get.text_b == "*GET* learns cross-attention between gene and chromatin tokens"
    assert get.detail == "§5.3 says GET takes ATAC; its Modality cell prints 'RNA (scRNA) / Text embeddings'"


def test_model_row_citing_a_differently_named_models_paper(findings: list[Finding]) -> None:
    # Table 7 row 29 "spaLLM (Ji et al., 2024)"; References: "Boya Ji, [...] 2024. Spacco: Large language model-based
    # cell-cell communication inference ..." -- SpaCCo, not spaLLM (and not row 28's SpaCCC). Row 13 "scFormer (Xu et
    # al., 2024)"; References: "Jing Xu, De-Shuang Huang, and Xiujun Zhang. 2024. scmformer integrates large-scale
    # single-cell proteomics and transcriptomics data by multi-task transformer" -- scMFormer, not scFormer
    got = [(local(f.subject), f.where_a, f.where_b, f.detail) for f in of(findings, "citation-other-name")]
    assert got == [
        (
            "scformer",
            "Table 7 row 13, Model (Year)",
            "References entry 73 (Xu et al., 2024)",
            "scFormer cited as (Xu et al., 2024): the cited title is the paper of scmformer, a differently named model",
        ),
        (
            "spallm",
            "Table 7 row 29, Model (Year)",
            "References entry 31 (Ji et al., 2024)",
            "spaLLM cited as (Ji et al., 2024): the cited title is the paper of Spacco, a differently named model",
        ),
    ]


def test_venues_table_7_vs_references(findings: list[Finding]) -> None:
    got = {local(f.subject): (f.text_a, f.text_b) for f in of(findings, "venue-mismatch")}
    assert got["chromfound"] == ("Nature", "*arXiv preprint arXiv:2505.12638*.")  # Jiao et al., 2025
    assert set(got) == {
        "cellplm",
        "chromfound",
        "epiagent",
        "heist",
        "omiclip",
        "pilot",
        "spaccc",
        "transformerst",
        "scformer",
        "scgpt-spatial",
        "scmoformer",
        "scmulan",
        "scrdit",
        "spallm",
    }
    assert "get" not in got  # GET: Table 7 "Nature", Fu et al., 2025 in *Nature*


# ---------------------------------------------------------------- each rule on a fixture that triggers it, and one that does not
PREFIXES = """@prefix l4c: <https://w3id.org/llm4cell/ontology#> . @prefix model: <https://w3id.org/llm4cell/model/> .
@prefix dataset: <https://w3id.org/llm4cell/dataset/> . @prefix family: <https://w3id.org/llm4cell/family/> .
@prefix pub: <https://w3id.org/llm4cell/publication/> . @prefix venue: <https://w3id.org/llm4cell/venue/> .
@prefix src: <https://w3id.org/llm4cell/source/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""
ROW_A = """src:t\\/a l4c:rowSubject model:a ; l4c:tableName "Table 7" ; l4c:rowNumber 1 ; l4c:quote "A row" .
"""
FAMILY = (
    ROW_A
    + """src:t\\/a {{ model:a a l4c:Model ; rdfs:label "scA" ; l4c:printedCategory "Foundation" ;
    l4c:family family:foundation . }}
src:c\\/1 a l4c:ProseClaim ; l4c:sectionNumber "4.5" ; l4c:quote "scA plans tasks" ; l4c:claimPredicate l4c:family ;
    l4c:claimSubject model:a ; l4c:claimObject family:{family} .
src:c\\/1 {{ model:a l4c:family family:{family} . }}
"""
)
AGENTIC = (
    ROW_A
    + """src:t\\/a {{ model:a a l4c:Model ; rdfs:label "scA" ; l4c:agentic {flag} ; l4c:printedAgentic "{printed}" . }}
src:c\\/1 a l4c:ProseClaim ; l4c:sectionNumber "4.5" ; l4c:quote "scA plans tasks" ; l4c:claimPredicate l4c:family ;
    l4c:claimSubject model:a ; l4c:claimObject family:agentic .
src:c\\/1 {{ model:a l4c:family family:agentic . }}
"""
)
ROWS = """src:t\\/a l4c:rowSubject model:a ; l4c:tableName "Table 7" ; l4c:rowNumber 1 ; l4c:quote "A row" .
src:t\\/b l4c:rowSubject model:b ; l4c:tableName "Table 7" ; l4c:rowNumber 2 ; l4c:quote "B row" .
src:t\\/a {{ model:a a l4c:Model ; rdfs:label "scA" ; l4c:printedCategory "Foundation" ; l4c:printedModality "scRNA" ;
    l4c:printedGrounding "{ga}" ; l4c:printedAgentic "No" ; l4c:printedPrimaryTask "{pa}" ;
    l4c:printedDomainScore "6" {ground} . }}
src:t\\/b {{ model:b a l4c:Model ; rdfs:label "scB" ; l4c:printedCategory "Foundation" ; l4c:printedModality "scRNA" ;
    l4c:printedGrounding "Atlas" ; l4c:printedAgentic "No" ; l4c:printedPrimaryTask "{pb}" ;
    l4c:printedDomainScore "6" ; l4c:groundingType <https://w3id.org/llm4cell/grounding/atlas> . }}
"""
LONG = "Expression prediction & regulatory inference - learns regulatory syntax from chromatin accessibility"
GROUNDED = "; l4c:groundingType <https://w3id.org/llm4cell/grounding/atlas>"
CITATION = (
    ROW_A
    + """src:t\\/a {{ model:a a l4c:Model ; rdfs:label "scA" ; l4c:printedModel "scA (X et al., 2024)" ;
    l4c:citation pub:x . }}
model:b a l4c:Model ; rdfs:label "scB" .
src:r\\/1 l4c:rowSubject pub:x ; l4c:tableName "References" ; l4c:rowNumber 1 .
src:r\\/1 {{ pub:x l4c:title "{title}" ; l4c:citationLabel "X et al., 2024" . }}
"""
)
PROSE_CITATION = """src:t\\/b l4c:rowSubject model:b ; l4c:tableName "Table 7" ; l4c:rowNumber 2 .
src:t\\/b {{ model:b a l4c:Model ; rdfs:label "scB" ; l4c:printedModel "scB (Y et al., 2023)" ; l4c:citation pub:y . }}
model:a a l4c:Model ; rdfs:label "scA" .
src:r\\/2 l4c:rowSubject pub:y ; l4c:tableName "References" ; l4c:rowNumber 2 .
src:r\\/2 {{ pub:y l4c:title "Generative pretraining" ; l4c:citationLabel "Y et al., 2023" . }}
src:c\\/2 a l4c:ProseClaim ; l4c:sectionNumber "5.6" ; l4c:quote "scA (Y et al., 2023)" ; l4c:claimPredicate l4c:proseCitation ;
    l4c:claimSubject {who} ; l4c:claimObject pub:y .
"""
COUNT = (
    ROW_A
    + """src:t\\/b l4c:rowSubject model:b ; l4c:tableName "Table 7" ; l4c:rowNumber 2 .
src:t\\/a {{ model:a l4c:printedModel "scA" . }} src:t\\/b {{ model:b l4c:printedModel "scB" . }}
src:n\\/1 a l4c:CountStatement ; l4c:sectionNumber "1" ; l4c:quote "{stated} models" ; l4c:statedCount {n} ;
    l4c:statedQualifier "{q}" ; l4c:countMeasure l4c:rowsOfTable7 .
"""
)
TABLES = """src:table1 a l4c:SurveyTable ; l4c:tableNumber "1" .
src:x\\/1 a l4c:TableReference ; l4c:sectionNumber "B.7" ; l4c:quote "see Table {t}" ; l4c:referencedTable "{t}" .
"""
SCALE = """src:t\\/d l4c:rowSubject dataset:d ; l4c:tableName "Table 1" ; l4c:rowNumber 1 .
src:t\\/d {{ dataset:d a l4c:Dataset ; rdfs:label "D" ; l4c:printedScale "1.1 M cells" ; l4c:scale dataset:d\\/scale\\/cells .
    dataset:d\\/scale\\/cells l4c:quantity l4c:cells ; l4c:value 1100000 ; l4c:qualifier "=" . }}
src:p\\/1 l4c:sectionNumber "B.1" ; l4c:quote "D ({printed} cells)" .
src:p\\/1 {{ dataset:d l4c:proseScale dataset:d\\/p\\/cells .
    dataset:d\\/p\\/cells l4c:quantity l4c:cells ; l4c:value {value} ; l4c:qualifier "{q}" . }}
"""
VENUE = (
    ROW_A
    + """src:t\\/a {{ model:a a l4c:Model ; rdfs:label "scA" ; l4c:printedVenue "Nature" ; l4c:citation pub:x ;
    l4c:publishedIn venue:nature . }}
venue:nature rdfs:label "Nature" . venue:arxiv rdfs:label "arXiv" .
src:r\\/1 l4c:rowSubject pub:x ; l4c:tableName "References" ; l4c:rowNumber 1 .
src:r\\/1 {{ pub:x l4c:publishedIn venue:{venue} ; l4c:citationLabel "X et al., 2025" ; l4c:printedReference "X. 2025. T." ;
    l4c:container "*{venue}*" . }}
"""
)

DUPLICATE = """src:t\\/d l4c:rowSubject dataset:d ; l4c:tableName "Table 1" ; l4c:rowNumber 1 .
src:t\\/e l4c:rowSubject dataset:e ; l4c:tableName "Table 1" ; l4c:rowNumber 2 .
src:t\\/d {{ dataset:d a l4c:Dataset ; rdfs:label "D" ; l4c:printedDataset "D atlas" ; l4c:printedScale "~2.4 M / 49 datasets" ;
    l4c:scale dataset:d\\/s\\/cells , dataset:d\\/s\\/datasets .
    dataset:d\\/s\\/cells l4c:quantity l4c:cells ; l4c:value 2400000 ; l4c:qualifier "~" .
    dataset:d\\/s\\/datasets l4c:quantity l4c:datasets ; l4c:value 49 ; l4c:qualifier "=" . }}
src:t\\/e {{ dataset:e a l4c:Dataset ; rdfs:label "E" ; l4c:printedDataset "E project" ; l4c:printedScale "2.4 M cells" ;
    l4c:scale dataset:e\\/s\\/cells , dataset:e\\/s\\/datasets .
    dataset:e\\/s\\/cells l4c:quantity l4c:cells ; l4c:value 2400000 ; l4c:qualifier "=" .
    dataset:e\\/s\\/datasets l4c:quantity l4c:datasets ; l4c:value {n} ; l4c:qualifier "=" . }}
"""
UNLISTED = """src:t\\/d l4c:rowSubject dataset:d ; l4c:tableName "Table 2" ; l4c:rowNumber 2 .
src:t\\/d {{ dataset:d a l4c:Dataset ; rdfs:label "D" ; l4c:printedDataset "D atlas ({cited})" . }}
src:r\\/1 l4c:rowSubject pub:x ; l4c:tableName "References" ; l4c:rowNumber 1 .
src:r\\/1 {{ pub:x a l4c:Publication ; l4c:citationLabel "Xu* et al., 2021" . }}
"""
DATASET_VENUE = """src:t\\/d l4c:rowSubject dataset:d ; l4c:tableName "Table 3" ; l4c:rowNumber 7 .
src:t\\/d {{ dataset:d a l4c:Dataset ; rdfs:label "D" ; l4c:printedLink "{link}" . }}
src:c\\/d {{ dataset:d l4c:citation pub:x . }}
venue:nature-methods rdfs:label "Nature Methods" .
src:r\\/1 l4c:rowSubject pub:x ; l4c:tableName "References" ; l4c:rowNumber 1 .
src:r\\/1 {{ pub:x l4c:year 2017 ; l4c:publishedIn venue:nature-methods ; l4c:citationLabel "X et al., 2017" ;
    l4c:container "*Nature methods*, 14(9)." . }}
"""
HIGHEST = """src:g\\/1 a l4c:GroupClaim ; l4c:groupRelation "domain_strength" ; l4c:sectionNumber "C.2" ;
    l4c:groupObject <https://w3id.org/llm4cell/domain/explainability> ; l4c:groupMember model:a ;
    l4c:quote "These systems rank highest in Explainability" .
src:g\\/2 a l4c:GroupClaim ; l4c:groupRelation "domain_strength" ; l4c:sectionNumber "C.5" ;
    l4c:groupObject <https://w3id.org/llm4cell/domain/explainability> ; l4c:groupMember {member} ;
    l4c:quote "These systems score highest in Explainability" .
model:a rdfs:label "scA" . model:b rdfs:label "scB" .
"""

MODALITY = (
    ROW_A
    + """src:t\\/a {{ model:a a l4c:Model ; rdfs:label "scA" ; l4c:printedModality "{printed}" ; {mods} . }}
src:c\\/1 a l4c:ProseClaim ; l4c:sectionNumber "C.4" ; l4c:quote "scA models RNA and ATAC" ; l4c:claimBasis "group" ;
    l4c:claimPredicate l4c:modality ; l4c:claimSubject model:a ; l4c:claimObject <https://w3id.org/llm4cell/modality/atac> .
"""
)

# rule -> (fixture that triggers it, expected (subject, whereA, whereB) of its findings, fixture that does not)
CASES: dict[str, tuple[str, set[tuple[str, str, str]], str]] = {
    "family-conflict": (
        FAMILY.format(family="agentic"),
        {("a", "Table 7 row 1, Category", "§4.5")},
        FAMILY.format(family="foundation"),
    ),
    "agentic-flag": (
        AGENTIC.format(flag="false", printed="No"),
        {("a", "Table 7 row 1, Agentic (Y/N)", "§4.5")},
        AGENTIC.format(flag="true", printed="Yes"),
    ),
    "copied-cells": (
        ROWS.format(ga="Atlas", pa="Annotation", pb="Annotation", ground=GROUNDED),
        {("a", "Table 7 row 1", "Table 7 row 2")},
        ROWS.format(ga="Atlas", pa="Annotation", pb="Integration", ground=GROUNDED),
    ),
    "copied-cells/primary-task": (
        ROWS.format(
            ga="Atlas",
            pa=LONG + " to predict expression",
            ground=GROUNDED,
            pb=LONG + " to predict gene expression in unseen cell types",
        ),
        {("a", "Table 7 row 1, Primary Task", "Table 7 row 2, Primary Task")},
        ROWS.format(ga="Atlas", pa=LONG, pb="Annotation", ground=GROUNDED),
    ),
    "copied-cells/grounding": (
        ROWS.format(ga="Annotation, description", pa="Generation and annotation", pb="x", ground=""),
        {("a", "Table 7 row 1, Grounding Type", "Table 7 row 1, Primary Task")},
        ROWS.format(ga="Marker genes", pa="Generation and annotation", pb="x", ground=""),
    ),
    "citation-other-model": (
        CITATION.format(title="scB: a foundation model"),
        {("a", "Table 7 row 1, Model (Year)", "References entry 1 (X et al., 2024)")},
        CITATION.format(title="scA: a foundation model built on scB"),
    ),
    "citation-other-model/table": (
        PROSE_CITATION.format(who="model:a"),
        {("a", "§5.6", "References entry 2 (Y et al., 2023)")},
        PROSE_CITATION.format(who="model:b"),
    ),
    # OmiCLIP's "Cui et al., 2025" is "Towards multimodal foundation models in molecular cell biology" (issue 12)
    "citation-review": (
        CITATION.format(title="Towards multimodal foundation models in molecular cell biology"),
        {("a", "Table 7 row 1, Model (Year)", "References entry 1 (X et al., 2024)")},
        CITATION.format(title="scA: a foundation model for molecular cell biology"),
    ),
    "citation-review/survey": (
        CITATION.format(title="A survey on foundation language models for single-cell biology"),
        {("a", "Table 7 row 1, Model (Year)", "References entry 1 (X et al., 2024)")},
        CITATION.format(title="Large-scale foundation model on single-cell transcriptomics"),
    ),
    "count-mismatch": (
        COUNT.format(stated="over 2", n=2, q=">"),
        {("rowsOfTable7", "§1", "Appendix E, Table 7")},
        COUNT.format(stated="2", n=2, q="="),
    ),
    "missing-table": (TABLES.format(t="A1"), {("1", "§B.7", "table captions")}, TABLES.format(t="1")),
    "scale-mismatch": (
        SCALE.format(printed="1.2 M", value=1200000, q="="),
        {("d", "§B.1", "Table 1 row 1, Scale")},
        SCALE.format(printed="1.1 M", value=1100000, q="="),
    ),
    # ">1 M" beside the table's 1.1 M agrees (printed with another precision): no finding
    "scale-mismatch/compatible": (
        SCALE.format(printed="1.0 M", value=1000000, q="="),
        {("d", "§B.1", "Table 1 row 1, Scale")},
        SCALE.format(printed=">1 M", value=1000000, q=">"),
    ),
    "duplicate-dataset": (
        DUPLICATE.format(n=49),
        {("d", "Table 1 row 1, Dataset and Scale", "Table 1 row 2, Dataset and Scale")},
        DUPLICATE.format(n=41),  # one figure in common (2.4 M cells) is not the same resource
    ),
    "citation-unlisted": (
        UNLISTED.format(cited="Zhang et al., 2021"),
        {("d", "Table 2 row 2, Dataset", "References")},
        UNLISTED.format(cited="Xu et al., 2021"),  # the References label "Xu* et al., 2021", its star dropped
    ),
    "dataset-venue-mismatch": (
        DATASET_VENUE.format(link="Nat. Methods 2019 / GSE100866"),
        {("d", "Table 3 row 7, Link / Citation", "References entry 1 (X et al., 2017)")},
        DATASET_VENUE.format(link="Nat. Methods 2017 / GSE100866"),
    ),
    "dataset-venue-mismatch/venue": (
        DATASET_VENUE.format(link="GSE111586, Science 2017"),
        {("d", "Table 3 row 7, Link / Citation", "References entry 1 (X et al., 2017)")},
        DATASET_VENUE.format(link="Portal"),  # no venue and year printed
    ),
    "highest-rank-conflict": (
        HIGHEST.format(member="model:b"),
        {("explainability", "§C.2", "§C.5")},
        HIGHEST.format(member="model:a"),  # the same group twice
    ),
    "citation-other-name": (
        CITATION.format(title="Spacco: large language model-based inference"),
        {("a", "Table 7 row 1, Model (Year)", "References entry 1 (X et al., 2024)")},
        CITATION.format(title="scB: a foundation model"),  # another model of the graph: citation-other-model's
    ),
    "citation-other-name/one-letter-more": (
        CITATION.format(title="scaformer integrates proteomics and transcriptomics").replace('"scA"', '"scFormer"'),
        {("a", "Table 7 row 1, Model (Year)", "References entry 1 (X et al., 2024)")},
        CITATION.format(title="scformer integrates proteomics").replace('"scA"', '"scFormer"'),  # its own name
    ),
    "modality-conflict": (
        MODALITY.format(printed="RNA (scRNA)", mods="l4c:modality <https://w3id.org/llm4cell/modality/rna>"),
        {("a", "Table 7 row 1, Modality", "§C.4")},
        MODALITY.format(printed="scRNA + scATAC", mods="l4c:modality <https://w3id.org/llm4cell/modality/atac>"),
    ),
    "modality-conflict/other-omics": (
        MODALITY.format(printed="RNA (scRNA)", mods="l4c:modality <https://w3id.org/llm4cell/modality/rna>"),
        {("a", "Table 7 row 1, Modality", "§C.4")},
        # "Multi-omics (RNA + others)" may hold ATAC
        MODALITY.format(
            printed="Multi-omics (RNA + others)", mods="l4c:modality <https://w3id.org/llm4cell/modality/multiomic>"
        ),
    ),
    "venue-mismatch": (
        VENUE.format(venue="arxiv"),
        {("a", "Table 7 row 1, Published where", "References entry 1 (X et al., 2025)")},
        VENUE.format(venue="nature"),
    ),
}


def fixture_store(trig: str) -> ox.Store:
    """A store holding the fixture and the ontology (labels of families, quantities, count measures), with the helper
    triples a build derives from them (derived.py), as in a built graph."""
    store = ox.Store()
    store.extend(ox.parse(PREFIXES + trig, format=ox.RdfFormat.TRIG))
    store.extend(ontology_quads())
    store.extend(derived_quads(list(store)))
    return store


def found(rule: str, trig: str) -> set[tuple[str, str, str]]:
    return {
        (local(f.subject).split("-")[-1], f.where_a, f.where_b)
        for f in run_audit(fixture_store(trig), rule.split("/")[0])
    }


def test_every_rule_has_fixtures() -> None:
    assert {case.split("/")[0] for case in CASES} == set(RULES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_rule_triggers_on_its_fixture(case: str) -> None:
    trig, expected, _clean = CASES[case]
    assert found(case, trig) == expected


@pytest.mark.parametrize("case", sorted(CASES))
def test_rule_is_silent_without_the_conflict(case: str) -> None:
    _trig, _expected, clean = CASES[case]
    assert found(case, clean) == set()


# ---------------------------------------------------------------- output and command
def test_render_table_and_json(findings: list[Finding]) -> None:
    table = render(of(findings, "missing-table"), "table")
    lines = table.splitlines()
    assert lines[0].split(" | ")[0].strip() == "rule"
    assert lines[-1] == "3 finding(s): missing-table 3"
    data = json.loads(render(of(findings, "missing-table"), "json"))
    assert data["total"] == 3 and data["counts"] == {"missing-table": 3}
    assert data["findings"][0]["text_a"] == "Representative datasets and links are provided in Tables A1–A3"
    frame = to_frame(findings)
    assert len(frame) == 91 and list(frame.columns)[:3] == ["rule", "subject", "subject_label"]


def test_command_exits_0_with_findings_and_1_on_a_bad_rule() -> None:
    r = CliRunner().invoke(main, ["audit", "--rule", "missing-table"])
    assert r.exit_code == 0, r.output
    assert "no table is numbered A1" in r.output and r.output.rstrip().endswith("missing-table 3")
    r = CliRunner().invoke(main, ["audit", "--rule", "venue-mismatch", "--format", "json"])
    assert r.exit_code == 0 and json.loads(r.output)["total"] == 14
    r = CliRunner().invoke(main, ["audit", "--rule", "venue-missmatch"])
    assert r.exit_code == 1 and "Did you mean 'venue-mismatch'?" in r.output
    assert "exits 0" in CliRunner().invoke(main, ["audit", "--help"]).output


def test_citation_review(findings: list[Finding]) -> None:
    # Table 7 row 26 "OmiCLIP (Cui et al., 2025)" and §4.3 "**OmiCLIP** (Cui et al., 2025)"; References: "Haotian Cui,
    # [...] 2025. Towards multimodal foundation models in molecular cell biology. *Nature*" -- an overview, not OmiCLIP
    got = {(local(f.subject), f.where_a, f.where_b) for f in of(findings, "citation-review")}
    assert got == {
        ("omiclip", "Table 7 row 26, Model (Year)", "References entry 15 (Cui et al., 2025)"),
        ("omiclip", "§4.3", "References entry 15 (Cui et al., 2025)"),
    }
