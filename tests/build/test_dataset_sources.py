"""Datasets keep their sources (issue 12 item 5), checked by hand against the survey text."""

from __future__ import annotations

import re

import pyoxigraph as ox
from tables import flat, rows, select

from llm4cell_kg.curation.load import load


def test_dataset_citations(store: ox.Store, survey_text: str) -> None:
    r = rows(store, "dataset-citations")
    text = flat(survey_text)
    for _d, _p, _l, _s, q, _c in r:
        assert flat(q) in text, q
    got = {(d, p, s) for d, p, _l, s, _q, _c in r}
    # §3, paragraph 2: "Tabula Muris (Consortium* et al., 2022), and the Human Cell Atlas (Travaglini et al., 2020)
    # [...] Cusanovich mouse atlas (Cusanovich et al., 2018), human adult/fetal scATAC (Domcke et al., 2020) [...]
    # TEA-seq (Swanson et al., 2021), DOGMA-seq (Mimitou et al., 2021), CITEseq (Stoeckius et al., 2017) [...]
    # Visium (Oliveira et al., 2025), Slide-seqV2 (Stickels et al., 2021), MERFISH (Chen et al., 2015), Stereo-seq
    # (Chen et al., 2022) [...] Perturb-seq (Replogle et al., 2022) [...] scPlantDB (He et al., 2024), Arabidopsis
    # E-CURD-4 (Shulse et al., 2019)"; Table 2 rows 1 and 3 print Cusanovich and Domcke again
    expected = {
        ("tabula-muris", "consortium-et-al-2022", "§3"),
        ("hca-data-browser", "travaglini-et-al-2020", "§3"),
        ("cusanovich-mouse-sci-atac", "cusanovich-et-al-2018", "§3"),
        ("cusanovich-mouse-sci-atac", "cusanovich-et-al-2018", "Table 2 row 1"),
        ("human-fetal-scatac-atlas", "domcke-et-al-2020", "§3"),
        ("human-fetal-scatac-atlas", "domcke-et-al-2020", "Table 2 row 3"),
        ("tea-seq", "swanson-et-al-2021", "§3"),
        ("dogma-seq", "mimitou-et-al-2021", "§3"),
        ("cite-seq-compendia", "stoeckius-et-al-2017", "§3"),
        ("visium", "oliveira-et-al-2025", "§3"),
        ("slide-seq-v2", "stickels-et-al-2021", "§3"),
        ("merfish", "chen-et-al-2015", "§3"),
        ("stereo-seq", "chen-et-al-2022", "§3"),
        ("replogle-2022-perturb-seq", "replogle-et-al-2022", "§3"),
        ("scplantdb", "he-et-al-2024", "§3"),
        ("arabidopsis-e-curd-4", "shulse-et-al-2019", "§3"),
    }
    assert got == {(f"dataset:{d}", f"pub:{p}", s) for d, p, s in expected}
    cav = {d: c for d, _p, _l, _s, _q, c in r if c}
    # the reference printed after Tabula Muris is "The tabula sapiens: A multiple-organ, single-cell transcriptomic
    # atlas of humans"; Travaglini et al., 2020 is "A molecular cell atlas of the human lung"
    assert set(cav) == {"dataset:tabula-muris", "dataset:hca-data-browser"}
    assert "names Tabula Sapiens" in cav["dataset:tabula-muris"]


def test_every_table_citation_in_the_reference_list_is_linked() -> None:
    rec = load()
    labels = {p["label"]: p["id"] for p in rec["publications"]}
    linked = {(x["dataset"], x["publication"]) for x in rec["dataset_citations"] if x["source"].startswith("Table")}
    printed = set()
    for d in rec["datasets"]:
        for cite in re.findall(r"\(([^()]*?et al\., \d{4}[a-z]?)", d["printed"]["dataset"]):
            if cite in labels:
                printed.add((d["id"], labels[cite]))
    # Table 2 row 2 "(Zhang et al., 2021)", row 4 "(Satpathy et al., 2019)", row 6 "(Giles et al., 2022)" are not in
    # the reference list; rows 1 and 3 are
    assert (
        printed
        == linked
        == {
            ("cusanovich-mouse-sci-atac", "cusanovich-et-al-2018"),
            ("human-fetal-scatac-atlas", "domcke-et-al-2020"),
        }
    )


def test_appendix_b_statements(store: ox.Store, survey_text: str) -> None:
    r = rows(store, "dataset-statements")
    text = flat(survey_text)
    assert all(flat(q) in text for *_x, q in r)
    got = {(d, rel, o, b, s) for d, rel, o, b, s, _q in r}
    # B.2: "joint RNA–ATAC modalities (*SHARE-seq*, *SNARE-seq2*) characterize regulatory landscapes supporting
    # trajectory and GRN inference" -- prose-only datasets
    for d in ("dataset:share-seq", "dataset:snare-seq2"):
        assert (d, "task", "task:regulatory-network", "group", "B.2") in got
        assert (d, "modality", "modality:multiomic", "group", "B.2") in got
    # B.4: "imaging technologies (MERFISH, STARmap, Stereo-seq, CosMx, Xenium) capture near single-molecule
    # resolution"; B.5: "Large CRISPR-based datasets (*Replogle 2022 Perturb-seq*, *Norman 2019*, *sci-Plex*)"
    assert ("dataset:starmap", "modality", "modality:spatial", "group", "B.4") in got
    assert ("dataset:norman-2019-perturb-seq", "modality", "modality:perturbation", "group", "B.5") in got
    assert ("dataset:norman-2019-perturb-seq", "task", "task:causal-inference", "group", "B.5") in got
    # B.5: "community benchmarks (*Virtual Cell Challenge*)" -- named alone
    assert ("dataset:virtual-cell-challenge", "task", "task:benchmarking", "dataset", "B.5") in got
    # B.6: "Arabidopsis E-CURD-4 and transgenic tobacco scRNA-seq datasets enable cross-kingdom and stress-response
    # modeling"
    assert ("dataset:tobacco-leaf-scrna", "task", "task:cross-species", "group", "B.6") in got
    assert len(r) == len(got) == 50
    # the per-dataset reading lives in the statement's graph, with its quote
    q = select(
        store,
        """SELECT ?q WHERE { GRAPH ?g { dataset:share-seq l4c:task task:trajectory-perturbation }
           ?g a l4c:DatasetStatement ; l4c:quote ?q }""",
    )
    assert q == [["characterize regulatory landscapes supporting trajectory and GRN inference"]]


def test_adamson_k562(store: ox.Store) -> None:
    # Table 5: "Adamson et al. 2016\tPerturbation, Stress-response, GRN\tSingle-cell CRISPR Perturb-seq of ER-stress
    # pathways in K562 cells"
    r = select(
        store,
        """SELECT ?t ?label ?ev WHERE { GRAPH ?g { dataset:adamson-2016 l4c:cellLine ?t } ?t rdfs:label ?label .
           ?g l4c:quote ?ev }""",
    )
    assert r == [["EFO:0002067", "K562", "ER-stress pathways in K562 cells"]]


def test_hca_abbreviation(store: ox.Store) -> None:
    # Table 1 row 5 "HCA lung cohort integrating ~2.4 M single cells"; Table 3 row 2 "Human Cell Atlas (HCA) data
    # browser (multi-project)\t[...]\tA global human cell atlas"
    r = select(
        store,
        """SELECT ?q ?vt ?vr ?vq WHERE { GRAPH ?g { dataset:hca-lung-project l4c:species obo:NCBITaxon_9606 }
           ?g l4c:quote ?q ; l4c:alsoSupportedBy ?v . ?v l4c:tableName ?vt ; l4c:rowNumber ?vr ; l4c:quote ?vq }""",
    )
    assert r == [["HCA lung cohort", "Table 3", "2", "Human Cell Atlas (HCA) data browser (multi-project)"]]
    lung = {x[0] for x in rows(store, "human-lung-datasets-over-1m-cells")}
    assert lung == {"dataset:hlca-v1", "dataset:hca-lung-project"}
