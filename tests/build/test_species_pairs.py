"""A row that prints two species pairs each tissue with its own (issue 24 item 4): Table 4 row 4 (DBiT-seq) prints
"capturing spatial RNA and protein expression in mouse embryo and human lymph node", so the graph answers "mouse
embryo" and "human lymph node", never "human embryo"; Table 4 row 3 (Stereo-seq) prints "MOSTA (mouse embryo) and
3D <i>Drosophila</i> atlases", so never "Drosophila embryo"."""

from __future__ import annotations

import pyoxigraph as ox

from llm4cell_kg.answers.query import run_query
from llm4cell_kg.common.prefixes import compress
from llm4cell_kg.store.sparql import run

HUMAN, MOUSE, FLY = "NCBITaxon:9606", "NCBITaxon:10090", "NCBITaxon:7215"
EMBRYO, LYMPH_NODE = "UBERON:0000922", "UBERON:0000029"


def pairs(store: ox.Store) -> set[tuple[str, str, str]]:
    res = run_query("links/species-tissue-pairs", store)
    return {(compress(r[0].value), compress(r[2].value), compress(r[4].value)) for r in res.rows}


def test_dbit_seq_pairs_mouse_embryo_and_human_lymph_node(store: ox.Store) -> None:
    got = {(sp, t) for d, sp, t in pairs(store) if d == "dataset:dbit-seq"}
    assert got == {(MOUSE, EMBRYO), (HUMAN, LYMPH_NODE)}


def test_no_dataset_answers_human_or_fly_embryo(store: ox.Store) -> None:
    embryos = {(d, sp) for d, sp, t in pairs(store) if t == EMBRYO}
    assert embryos == {("dataset:dbit-seq", MOUSE), ("dataset:stereo-seq", MOUSE)}


def test_the_links_stay_as_printed(store: ox.Store) -> None:
    # the dataset keeps both species and both tissues of its row; the pairs are added beside them, in the links'
    # graphs (the tissue link's with_species)
    q = "SELECT ?p ?o WHERE { <https://w3id.org/llm4cell/dataset/dbit-seq> ?p ?o }"
    got = {(compress(p.value), compress(o.value)) for p, o in run(store, q).rows}
    assert {("l4c:species", HUMAN), ("l4c:species", MOUSE), ("l4c:tissue", EMBRYO), ("l4c:tissue", LYMPH_NODE)} <= got
    samples = {o for p, o in got if p == "l4c:sample"}
    assert len(samples) == 2


def test_a_one_species_row_pairs_it_with_each_tissue(store: ox.Store) -> None:
    # Table 1 row 4 "Integrated human lung reference": human lung, without a printed pair
    assert ("dataset:hlca-v1", HUMAN, "UBERON:0002048") in pairs(store)
