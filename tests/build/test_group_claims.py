"""Group statements (issue 12 item 1): every prose claim classified, datasets of a group kept on the group."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
import pytest
from tables import flat, rows, select

from llm4cell_kg.curation.load import load
from llm4cell_kg.curation.problems import CurationError


def test_every_claim_is_classified(store: ox.Store) -> None:
    rec = load()
    n = len(rec["claims"])
    got = dict(
        select(store, "SELECT ?b (COUNT(?c) AS ?n) WHERE { ?c a l4c:ProseClaim ; l4c:claimBasis ?b } GROUP BY ?b")
    )
    in_groups = sum(len(g["claims"]) for g in rec["group_claims"])
    assert got == {"group": str(in_groups), "model": str(n - in_groups)}
    # issue 24: + 8 grounding sentences about one model, 9 about groups (57 claims); modality: 2 and 6 (24 claims)
    assert (n, in_groups, len(rec["group_claims"])) == (754, 618, 126)


def test_classification_rule_holds() -> None:
    """The rule (docs/modelling.md, "Group statements"): a claim is `group` when its sentence attaches its object to
    two or more models; `model` when it names that model alone or prints a citation beside its name."""
    rec = load()
    grouped = {cid: g["id"] for g in rec["group_claims"] for cid in g["claims"]}
    by_quote: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for c in rec["claims"]:
        by_quote[(c["section"], c["quote"], c["relation"])].add(c["subject"])
    for c in rec["claims"]:
        several = len(by_quote[(c["section"], c["quote"], c["relation"])]) > 1
        if c["relation"] == "citation":
            assert c["id"] not in grouped, c["id"]
        elif several:
            assert c["id"] in grouped, f"{c['id']} shares its quote with other models but is in no group"
    # hand-checked single-model sentences stay `model`
    for cid, words in (
        ("c0532", "scAgent executes multistep annotation workflows via ontology queries"),  # C.5
        ("c0425", "Geneformer aggregates thousands of GEO datasets"),  # C.1
        ("c0393", "**Teddy** (Chevalier et al., 2025) introduces benchmarking for fairness"),  # §6.6
    ):
        c = next(x for x in rec["claims"] if x["id"] == cid)
        assert words in c["quote"] and cid not in grouped
    # §5.6 "Representative models include iSEEEK, UCE, GeneCompass, and scPlantLLM": one list over two quotes
    assert grouped["c0307"] == grouped["c0310"] == "g058"


def test_model_datasets_basis(store: ox.Store, survey_text: str) -> None:
    r = rows(store, "model-datasets")
    assert {x[2] for x in r} <= {"table", "model", "group"}
    text = flat(survey_text)
    for _m, _d, _b, _s, q in r:
        assert flat(q) in text, q
    by_pair: dict[tuple[str, str], set[str]] = defaultdict(set)
    for m, d, b, _s, _q in r:
        by_pair[(m, d)].add(b)
    # §5.6: "Representative models include **iSEEEK** [...], **UCE** [...], **GeneCompass** [...], and
    # **scPlantLLM** (Cao et al., 2025), trained on paired or homolog-mapped datasets such as the Mouse Cell Atlas,
    # Tabula Muris, and scPlantDB" -- a group; no sentence pairs scPlantLLM with a mouse atlas, or UCE with scPlantDB
    # §5.1: "Models are finetuned on curated references (e.g., Azimuth PBMC, HCA Lung)" -- the paragraph's models
    for m, d in (
        ("scplantllm", "mouse-cell-atlas"),
        ("scagent", "azimuth-references"),
        ("uce", "scplantdb"),
    ):
        assert by_pair[(f"model:{m}", f"dataset:{d}")] == {"group"}
    g = {(x[0], x[1]): (x[3], x[4]) for x in r if x[2] == "group"}
    assert g[("model:scplantllm", "dataset:mouse-cell-atlas")][0] == "5.6"
    assert "Mouse Cell Atlas, Tabula Muris, and scPlantDB" in g[("model:uce", "dataset:scplantdb")][1]
    assert g[("model:scagent", "dataset:azimuth-references")] == (
        "5.1",
        "Models are finetuned on curated references (e.g., Azimuth PBMC, HCA Lung)",
    )
    # the only sentences that pair one model with a dataset: C.1 "Geneformer aggregates thousands of GEO datasets",
    # C.4 "EpiFoundation pre-trains on the ENCODE scATAC compendium"
    assert {(m, d, s) for m, d, b, s, _q in r if b == "model"} == {
        ("model:geneformer", "dataset:geo-datasets", "C.1"),
        ("model:epifoundation", "dataset:encode-scatac-compendium", "C.4"),
    }
    # a pair never appears as `model` on the strength of a group sentence: no plain triple for group pairs
    assert not select(
        store,
        """SELECT ?m ?d WHERE { ?grp l4c:groupPredicate l4c:trainedOrEvaluatedOn ; l4c:memberClaim ?c .
           ?c l4c:claimSubject ?m ; l4c:claimObject ?d . GRAPH ?c { ?m l4c:trainedOrEvaluatedOn ?d } }""",
    )


def test_group_claim_node(store: ox.Store) -> None:
    r = select(
        store,
        """SELECT ?sec ?coll (GROUP_CONCAT(DISTINCT STR(?m); separator=" ") AS ?ms)
                  (GROUP_CONCAT(DISTINCT STR(?o); separator=" ") AS ?os)
           WHERE { <https://w3id.org/llm4cell/source/group-claim/g059> a l4c:GroupClaim ;
                   l4c:sectionNumber ?sec ; l4c:collective ?coll ; l4c:groupMember ?m ;
                   l4c:groupObject ?o } GROUP BY ?sec ?coll""",
    )
    assert len(r) == 1
    sec, coll, ms, os_ = r[0]
    assert (sec, coll) == ("5.6", "true")
    assert sorted(x.rsplit("/", 1)[1] for x in ms.split()) == ["genecompass", "iseeek", "scplantllm", "uce"]
    assert sorted(x.rsplit("/", 1)[1] for x in os_.split()) == ["mouse-cell-atlas", "scplantdb", "tabula-muris"]


def test_other_queries_say_their_basis(store: ox.Store) -> None:
    ds = {x[0]: x for x in rows(store, "datasets-by-model-count")}
    # scPlantDB: only §5.6's group names it with models (4 members, no model alone, 1 group sentence)
    assert ds["dataset:scplantdb"][2:] == ["4", "false", "0", "1"]
    assert ds["dataset:geo-datasets"][2:] == ["1", "true", "1", "0"]
    gs = {(x[0], x[2]): x[5] for x in rows(store, "grounding-sources")}
    assert gs[("resource:pubmed", "model:genept")] == "model"  # C.2 "GenePT jointly pre-trains on PubMed"
    assert gs[("resource:uberon", "model:scagent")] == "group"  # C.5 "Grounding sources include ... UBERON"
    tm = {(x[0], x[2]): x[6] for x in rows(store, "task-models")}
    # C.5 "scAgent executes multistep annotation workflows" (alone), §4.5 "These systems enable dialogue-based
    # annotation" (group)
    assert (
        tm[("task:annotation", "model:scagent")] == "group, model"
        or tm[("task:annotation", "model:scagent")] == "model, group"
    )
    f5 = {x[0]: x[2:] for x in rows(store, "figure5-domain-coverage")}
    # §6.6 "**Teddy** (Chevalier et al., 2025) introduces benchmarking for fairness": one model, alone
    assert f5["domain:atlas-fairness"] == ["1", "0", "1", "0"]


def test_bad_group_claim_is_refused(graph_copy) -> None:  # type: ignore[no-untyped-def]
    p = graph_copy / "group_claims.yaml"
    p.write_text(p.read_text().replace("claims: [c0001, c0002, c0003]", "claims: [c0001, c0013]", 1))
    with pytest.raises(CurationError) as e:
        load(graph_copy)
    assert "has section" in str(e.value) or "already in group" in str(e.value)


def test_ontology_links_from_group_sentences(store: ox.Store, survey_text: str) -> None:
    """An ontology link whose evidence is a sentence about a group points to its group claim (l4c:groupSentence,
    graph/ontology_links.yaml `group`; issue 24): §6.5 "**iSEEEK**, **UCE**, and **GeneCompass** align human and mouse
    cell embeddings via ortholog mapping" (UCE, GeneCompass: iSEEEK's species come from its Table 7 row 5), C.1 "scGPT
    and scFoundation were pretrained on human–mouse atlases", C.5 "Grounding sources include the Human Cell Atlas
    ontology, UBERON, and PubMed" (the five agentic systems)."""
    got = select(
        store,
        """SELECT ?m (GROUP_CONCAT(DISTINCT STR(?g); separator=" ") AS ?groups) (COUNT(DISTINCT ?link) AS ?n)
           WHERE { GRAPH ?link { ?m ?p ?term } ?link l4c:groupSentence ?g ; a l4c:ProseMention ; l4c:quote ?q .
                   ?g a l4c:GroupClaim ; l4c:groupMember ?m ; l4c:quote ?gq . FILTER(CONTAINS(?gq, ?q)) }
           GROUP BY ?m ORDER BY ?m""",
    )
    g = "https://w3id.org/llm4cell/source/group-claim/"
    assert got == [
        ["model:cellverse", g + "g109", "1"],
        ["model:epiagent", g + "g109", "1"],
        ["model:genecompass", g + "g076", "2"],
        ["model:pilot", g + "g109", "1"],
        ["model:scagent", g + "g109", "1"],
        ["model:scfoundation", g + "g086", "2"],
        ["model:scgpt", g + "g086", "2"],
        ["model:teddy", g + "g109", "1"],
        ["model:uce", g + "g076", "2"],
    ]
    # scPlantLLM's §5.6 "*scPlantLLM* adapts the paradigm to plant single-cell data across 17 species" is its own
    own = select(store, "SELECT (STR(?link) AS ?l) WHERE { GRAPH ?link { model:scplantllm l4c:species ?t } }")
    assert own == [["https://w3id.org/llm4cell/source/link/model/scplantllm/species/NCBITaxon_33090"]]
    assert not select(store, f"SELECT ?g WHERE {{ <{own[0][0]}> l4c:groupSentence ?g }}")
    assert select(store, f"SELECT ?q WHERE {{ <{own[0][0]}> l4c:quote ?q }}") == [
        ["*scPlantLLM* adapts the paradigm to plant single-cell data across 17 species"]
    ]
    assert "Grounding sources include the Human Cell Atlas ontology, UBERON, and PubMed" in flat(survey_text)
