"""Every canned query against values counted by hand from the survey text."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from llm4cell_kg import sparql
from llm4cell_kg.cli import main
from llm4cell_kg.errors import UserError
from llm4cell_kg.query import get_query, list_queries, run_query


def rows(store: ox.Store, name: str) -> list[list[str]]:
    return [[sparql.term_text(t) for t in r] for r in run_query(name, store).rows]


def col(store: ox.Store, name: str, i: int = 0) -> list[str]:
    return [r[i] for r in rows(store, name)]


def as_dict(store: ox.Store, name: str, k: int = 0, v: int = -1) -> dict[str, str]:
    return {r[k]: r[v] for r in rows(store, name)}


def test_at_least_30_queries_with_headers() -> None:
    qs = list_queries()
    assert len(qs) >= 30
    for q in qs:
        assert q.title and q.question and q.answers and q.columns, q.name


def test_columns_in_header_match_the_select(store: ox.Store) -> None:
    for q in list_queries():
        res = run_query(q.name, store)
        if res.boolean is None and res.triples is None:
            assert tuple(res.variables) == q.columns, q.name


def test_unknown_query_suggests() -> None:
    with pytest.raises(UserError, match="Did you mean: models-per-family"):
        get_query("models-per-famly")


def test_agentic_vs_non_agentic(store: ox.Store) -> None:
    assert as_dict(store, "agentic-vs-non-agentic") == {"true": "5", "false": "53"}


def test_domain_score_distribution(store: ox.Store) -> None:
    assert as_dict(store, "domain-score-distribution") == {"2": "1", "3": "7", "4": "11", "5": "6", "5-7": "1",
                                                           "6": "12", "7": "17", "8": "3"}


def test_models_per_year(store: ox.Store) -> None:
    # years in Table 7's Model (Year) citations, counted by hand
    assert as_dict(store, "models-per-year") == {"2022": "4", "2023": "8", "2024": "20", "2025": "26"}


def test_models_per_family_printed_categories(store: ox.Store) -> None:
    fam = as_dict(store, "models-per-family")
    # rows whose printed Category says Agentic (4), Epigenomic/Epigenome (5), Benchmark / Evaluation (2)
    assert (fam["family:agentic"], fam["family:epigenomic"], fam["family:benchmark-evaluation"]) == ("4", "5", "2")
    assert sum(int(v) for v in fam.values()) >= 58


def test_models_per_family_prose_has_the_agentic_list(store: ox.Store) -> None:
    assert int(as_dict(store, "models-per-family-prose")["family:agentic"]) >= 4  # §4.5 names four


def test_models_per_modality_and_task(store: ox.Store) -> None:
    mod = as_dict(store, "models-per-modality")
    assert int(mod["modality:rna"]) >= 40 and mod["modality:dna-sequence"] == "1"  # EpiAttend "sequence +"
    task = as_dict(store, "models-per-task")
    assert set(task) >= {"task:annotation", "task:regulatory-network", "task:cross-species"}


def test_grounding_types(store: ox.Store) -> None:
    g = as_dict(store, "models-per-grounding-type")
    # printed "None" (CellAgent), "None / Rank-based (implicit)" (Geneformer), "Model- agnostic ..." (Pilot)
    assert g["grounding:none"] == "3"
    # printed "Literature / Text embedding grounding" (GenePT) among the literature/text ones
    assert int(g["grounding:literature-text"]) >= 1


def test_venues(store: ox.Store) -> None:
    v = as_dict(store, "models-per-venue")
    # "ArXiv" printed 17 times in Table 7 + "NeurIPS / ArXiv" (xTrimoGene)
    assert v["venue:arxiv"] == "18"
    # "BioRxiv" 12 times + "Bioarxiv" (scFormer Cell+)
    assert v["venue:biorxiv"] == "13"


def test_task_models_table_and_prose(store: ox.Store) -> None:
    r = {(x[0], x[2]): (x[4], x[5]) for x in rows(store, "task-models")}
    # §5.6: iSEEEK, UCE, GeneCompass and scPlantLLM are representative cross-species models
    for m in ("iseeek", "uce", "genecompass", "scplantllm"):
        assert "5.6" in r[("task:cross-species", f"model:{m}")][1]
    assert r[("task:cross-species", "model:genecompass")][0] == "true"  # Table 7 too
    assert r[("task:spatial-mapping", "model:heist")][0] == "true"  # Table 7: "spatial clustering"
    assert "5.4" in r[("task:spatial-mapping", "model:heist")][1]


def test_agentic_annotation(store: ox.Store) -> None:
    r = as_dict(store, "agentic-annotation")
    assert {"model:cellagent", "model:cellatria", "model:scagent", "model:scextract"} <= set(r)
    assert r["model:cellagent"] == "Table 7 row 58"
    assert "annotation §5.1" in r["model:scagent"] and "Table 7 row 37" in r["model:scagent"]
    assert "model:qust-llm" not in r  # agentic, but its Primary Task is spatial narratives


def test_domain_dimension_models(store: ox.Store) -> None:
    r = {(x[0], x[2], x[4]) for x in rows(store, "domain-dimension-models")}
    for m in ("scgpt", "geneformer", "epifoundation", "transformerst", "omiclip"):  # §6.1
        assert ("domain:biological-grounding", f"model:{m}", "strength") in r
    for m in ("scgft", "chatcell"):  # §6.8 "raise concerns over re-identification"
        assert ("domain:privacy-ethics", f"model:{m}", "limitation") in r
    for m in ("xtrimogene", "genemamba", "scmamba", "cellfm"):  # §6.9
        assert ("domain:scalability", f"model:{m}", "strength") in r


def test_figure5_domain_coverage(store: ox.Store) -> None:
    r = {x[0]: (int(x[2]), int(x[3])) for x in rows(store, "figure5-domain-coverage")}
    assert len(r) == 10
    assert r["domain:biological-grounding"][0] >= 5 and r["domain:privacy-ethics"][1] >= 2


def test_datasets_per_modality(store: ox.Store) -> None:
    # Tables 1 (7), 5 (8) and 6 (5) are RNA; Table 5 is also perturbation; 2 ATAC, 3 multiome, 4 spatial
    assert as_dict(store, "datasets-per-modality") == {"modality:rna": "20", "modality:atac": "6",
                                                       "modality:multiomic": "8", "modality:perturbation": "8",
                                                       "modality:spatial": "6"}


def test_cells_per_modality(store: ox.Store) -> None:
    r = {x[0]: (x[2], x[3]) for x in rows(store, "cells-per-modality")}
    # spatial: MERFISH ~4 M cells + Xenium/CosMx 10k-100k cells (lower end)
    assert r["modality:spatial"] == ("2", "4010000")
    # multiome: HCA 63.2 M + Azimuth 100k + TEA-seq 100k + DOGMA-seq 50k + CITE-seq 500k
    assert r["modality:multiomic"] == ("5", "63950000")
    # perturbation (Table 5): 2.5M + 200k + 100k + 30k + 650k + 300k + 200k + 300k
    assert r["modality:perturbation"] == ("8", "4280000")


def test_datasets_per_task(store: ox.Store) -> None:
    r = {x[0]: int(x[2]) for x in rows(store, "datasets-per-task")}
    # "Annotation" in the Tasks cell of: T1 all 7, T2 4 (not ENCODE-integration? see below), ...
    assert r["task:drug-response"] == 1  # only Compressed Perturb-seq prints "Drug response"
    assert r["task:cross-species"] == 1  # only Allen Brain Map prints "Cross-species"
    assert r["task:spatial-mapping"] == 6  # every Table 4 row


def test_largest_and_over_1m(store: ox.Store) -> None:
    top = rows(store, "largest-datasets")
    assert [t[0] for t in top[:2]] == ["dataset:hca-data-browser", "dataset:merfish"]
    assert top[0][4] == "63200000"
    assert sorted(col(store, "datasets-over-1m-cells")) == sorted([
        "dataset:tabula-sapiens-v2", "dataset:hlca-v1", "dataset:hca-lung-project", "dataset:allen-brain-map",
        "dataset:hca-data-browser", "dataset:merfish", "dataset:replogle-2022-perturb-seq", "dataset:scplantdb"])


def test_model_dataset_claims(store: ox.Store) -> None:
    pairs = {(x[0], x[2]) for x in rows(store, "model-dataset-claims")}
    # §5.2: Geneformer, scGPT and scRDiT "trained on datasets such as Replogle 2022 Perturb-seq and sci-Plex"
    for m in ("geneformer", "scgpt", "scrdit"):
        assert (f"model:{m}", "dataset:replogle-2022-perturb-seq") in pairs
        assert (f"model:{m}", "dataset:sci-plex") in pairs
    # §5.6: trained on "the Mouse Cell Atlas, Tabula Muris, and scPlantDB"
    assert ("model:scplantllm", "dataset:scplantdb") in pairs
    assert col(store, "datasets-by-model-count")


def test_task_modality_gaps(store: ox.Store) -> None:
    gaps = {(x[0], x[2]) for x in rows(store, "task-modality-gaps")}
    # worked out by hand from the Tasks cells of Tables 1-6
    expected = {("task:annotation", "modality:perturbation"), ("task:multiomic-integration", "modality:perturbation")}
    expected |= {("task:cross-species", m) for m in ("modality:atac", "modality:multiomic", "modality:perturbation",
                                                     "modality:spatial")}
    expected |= {("task:drug-response", m) for m in ("modality:atac", "modality:multiomic", "modality:spatial")}
    expected |= {("task:generation", m) for m in ("modality:atac", "modality:multiomic", "modality:perturbation",
                                                  "modality:rna", "modality:spatial")}
    expected |= {("task:spatial-mapping", m) for m in ("modality:atac", "modality:multiomic", "modality:perturbation",
                                                       "modality:rna")}
    assert gaps == expected


def test_figure1_taxonomy(store: ox.Store) -> None:
    tree = {}
    for fam, _fl, model, _ml in rows(store, "figure1-taxonomy"):
        tree.setdefault(fam, set()).add(model)
    assert tree["family:agentic"] == {"model:scextract", "model:scagent", "model:cellatria", "model:cellagent"}
    assert tree["family:benchmark-evaluation"] == {"model:pilot", "model:cellverse"}
    assert {m for ms in tree.values() for m in ms} >= {"model:scgpt", "model:epiattend"}
    assert len({m for ms in tree.values() for m in ms}) == 58


def test_figure3_and_figure4(store: ox.Store) -> None:
    matrix = {(x[0], x[2]) for x in rows(store, "figure3-task-model-matrix")}
    assert ("model:scgpt", "task:annotation") in matrix and ("model:scgpt", "task:trajectory-perturbation") in matrix
    f4 = {x[0]: (x[2], x[3]) for x in rows(store, "figure4-agentic-task-coverage")}
    # Yes rows: scExtract (annotation, integration), scAgent, CellAtria, CellAgent (annotation), QuST-LLM (spatial)
    assert f4["task:annotation"][0] == "4"
    assert f4["task:spatial-mapping"][0] == "1" and f4["task:multiomic-integration"][0] == "1"
    assert f4["task:regulatory-network"][0] == "0"


def test_tables_reproduced(store: ox.Store) -> None:
    t = rows(store, "tables1-6")
    assert len(t) == 40 and t[0][:3] == ["Table 1", "1", "Tabula Sapiens v2"]
    assert t[-1][:3] == ["Table 6", "5", "Plant scRNA Browser (PscB)"]
    t7 = rows(store, "model-table7-row")
    assert len(t7) == 58 and t7[-1][3] == "CellAgent (Xiao et al., 2024)"
    refs = rows(store, "references")
    assert len(refs) == 82 and refs[0][1] == "Aljohani et al., 2025" and refs[-1][1] == "Zhao et al., 2023"


def test_prose_only_and_aliases(store: ox.Store) -> None:
    assert {"model:scinterpreter"} <= set(col(store, "prose-only-models"))
    assert {"dataset:share-seq", "dataset:snare-seq2", "dataset:starmap"} <= set(col(store, "prose-only-datasets"))
    alt = {(x[0], x[2]) for x in rows(store, "alternative-names")}
    assert ("model:iseeek", "iSEEK") in alt and ("model:pilot", "scPilot") in alt


def test_grounding_sources_and_claims_per_section(store: ox.Store) -> None:
    g = {(x[0], x[2]) for x in rows(store, "grounding-sources")}
    assert ("resource:pubmed", "model:genept") in g  # C.2: "GenePT jointly pre-trains on PubMed"
    assert any(s == "resource:uberon" for s, _ in g)  # C.5
    sec = {(x[0], x[1]) for x in rows(store, "claims-per-section")}
    assert ("5.6", "task") in sec and ("6.8", "domain_limitation") in sec


def test_accessions_and_models_without_prose(store: ox.Store) -> None:
    acc = col(store, "datasets-with-accessions", 2)
    assert len(acc) == 15 and "E-CURD-4" in acc and "SCP815" in acc
    quiet = col(store, "models-without-prose")
    assert "model:scprint" in quiet and "model:scgpt" not in quiet


def test_query_command_list_and_formats() -> None:
    r = CliRunner().invoke(main, ["query", "--list"])
    assert r.exit_code == 0 and "models-per-family" in r.output
    r = CliRunner().invoke(main, ["query", "agentic-vs-non-agentic", "--format", "tsv"])
    assert r.output.splitlines() == ["agentic\tmodels", "true\t5", "false\t53"]
    r = CliRunner().invoke(main, ["query", "nope"])
    assert r.exit_code == 1 and "no canned query named 'nope'" in r.output


def test_graph_summary(store: ox.Store) -> None:
    # Table 7: 58 rows; Tables 1-6: 7+6+8+6+8+5 = 40 rows; the reference list has 82 entries; the prose adds
    # scInterpreter (§2) and Single-Cell Omics Arena (§2) as models; 64 scale figures are parsed from the Scale cells
    # and 6 from Appendix B (B.1 Tabula Sapiens: >1 M cells, 24 tissues; B.3: >40 datasets; B.6 scPlantDB: 67
    # datasets, 17 species, 2.5 M cells)
    summary = as_dict(store, "graph-summary")
    assert summary["models in Table 7"] == "58" and summary["models (Table 7 and prose)"] == "60"
    assert summary["datasets in Tables 1-6"] == "40"
    assert summary["reference-list entries"] == "82"
    assert summary["dataset scale figures"] == "70"


def test_human_lung_datasets_over_1m_cells(store: ox.Store) -> None:
    # Table 1: HLCA v1.0 "Integrated human lung reference ... (~2.4 M cells)". The HCA lung project (2.4 M cells)
    # is lung but its row never says human, so it has no species link; Yale (~300k) and Azimuth (100k-1 M) are
    # human lung under 1M.
    assert rows(store, "human-lung-datasets-over-1m-cells") == [
        ["dataset:hlca-v1", "Human Lung Cell Atlas v1.0", "2400000", "~", "~2.4 M / 49 datasets / 16 studies", "lung"]]
