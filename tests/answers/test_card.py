"""`llm4cell-kg show NAME`: name resolution and the card, pinned by hand against the survey.

Expected values are the survey's own cells: Table 7 rows 1 (scGPT), 2 (Geneformer) and 52 (CellVerse),
Table 1 rows 3 (Mouse Cell Atlas) and 4 (HLCA), and the prose of §4.5 and §C.5 for CellVerse's family conflict.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from llm4cell_kg.answers.card import Card, card_for, plain, render
from llm4cell_kg.answers.lookup import Ambiguous, NotFound, expand, index, norm, printed_names
from llm4cell_kg.cli import main


def values(card: Card, prop: str) -> dict[str, list[str]]:
    """value CURIE/text -> its sources, for one property of the card's facts (or links)."""
    for f in card.facts + card.links:
        if f.property == prop:
            return {v.value: v.sources for v in f.values}
    return {}


def test_each_fact_once(store: ox.Store) -> None:
    for name in ("scgpt", "geneformer", "cellverse", "HLCA", "scMCA"):
        card = card_for(store, name)
        for f in card.facts + card.links:
            shown = [v.value for v in f.values]
            assert len(shown) == len(set(shown)), (name, f.property)


def test_scgpt_card(store: ox.Store) -> None:
    card = card_for(store, "scgpt")
    assert (card.curie, card.kind, card.label) == ("model:scgpt", "model", "scGPT")
    # Table 7 row 1, as printed
    assert card.printed["where"] == "Table 7 row 1"
    assert list(card.printed["cells"].values()) == [
        "scGPT (Cui et al., 2024)",
        "Nature Methods",
        "Foundation",
        "Multiomics (scRNA + optionally multi-omic modes)",
        "Atlas (trained on large atlas of single-cell datasets)",
        "No",
        "Annotation, Integration, Perturbation (annotation as primary)",
        "6",
    ]
    assert set(values(card, "l4c:modality")) == {"modality:rna", "modality:multiomic"}
    assert set(values(card, "l4c:groundingType")) == {"grounding:atlas"}
    assert values(card, "l4c:agentic") == {"false": ["Table 7 row 1"]}
    assert values(card, "l4c:year") == {"2024": ["Table 7 row 1"]}
    assert values(card, "l4c:publishedIn") == {"venue:nature-methods": ["Table 7 row 1"]}
    tasks = values(card, "l4c:task")
    # the Primary Task cell (survey line 564): Annotation, Integration, Perturbation; each stated once, Table 7 first
    # among its sources. Its Modality cell prints "Multiomics (scRNA + optionally multi-omic modes)", so the row's
    # "Integration" is multi-omic integration (issue 12 item 2); §4.1's "strong transfer for annotation and
    # integration" (of foundation models on scRNA-seq, line 62) is data/batch integration
    for t in ("task:annotation", "task:multiomic-integration", "task:trajectory-perturbation"):
        assert tasks[t][0] == "Table 7 row 1"
    assert tasks["task:data-integration"] == ["§4.1"]
    # §4.1 names scGPT among the foundation models (prose as well as the table)
    fam = values(card, "l4c:family")
    assert list(fam) == ["family:foundation"] and fam["family:foundation"][0] == "Table 7 row 1"
    assert "§4.1" in fam["family:foundation"]
    # §C.1: "scGPT and scFoundation were pretrained on human–mouse atlases"
    assert set(values(card, "l4c:species")) == {"NCBITaxon:9606", "NCBITaxon:10090"}
    # every dataset the survey links to scGPT is named in a sentence about a group (issue 12 item 1): none is its own
    assert {v.basis for v in card.datasets} == {"group"}
    # each dataset once, with every sentence naming it (issue 25): 7 datasets from 13 statements. §5.1 (line 100):
    # "Foundation models such as scGPT, scFoundation, and scBERT achieve high accuracy on atlases like Tabula Sapiens
    # and the Human Cell Atlas ... Models are finetuned on curated references (e.g., Azimuth PBMC, HCA Lung)"; §5.2
    # (line 104): Geneformer, scGPT, scRDiT "trained on datasets such as Replogle 2022 Perturb-seq and sci-Plex";
    # §5.7 (line 134): "These models are pretrained on large atlases such as Tabula Sapiens and HCA"; §5.8 (line 142):
    # Geneformer, scGPT, EpiFoundation, EpiAgent "trained or evaluated on ... sci-Plex, Replogle 2022 Perturb-seq, and
    # the ARC Virtual Cell Challenge"; §C.1 (line 465): "scGPT and scFoundation were pretrained on human–mouse atlases
    # from Tabula Sapiens and HCA"
    assert [(v.value, v.sources) for v in card.datasets] == [
        ("dataset:azimuth-references", ["§5.1"]),
        ("dataset:replogle-2022-perturb-seq", ["§5.2", "§5.8"]),
        ("dataset:hca-lung-project", ["§5.1"]),
        ("dataset:hca-data-browser", ["§5.1", "§5.7", "§C.1"]),
        ("dataset:sci-plex", ["§5.2", "§5.8"]),
        ("dataset:tabula-sapiens-v2", ["§5.1", "§5.7", "§C.1"]),
        ("dataset:virtual-cell-challenge", ["§5.8"]),
    ]
    assert sum(len(v.stated) for v in card.datasets) == 13
    ts = next(v for v in card.datasets if v.value == "dataset:tabula-sapiens-v2")
    # each source keeps its basis and its group (members in the order the sentence names them; §5.7's "These models"
    # names none, so alphabetically); a value named by several groups belongs to no single one
    assert [(s.where, s.basis, s.group) for s in ts.stated] == [
        ("§5.1", "group", ["scGPT", "scFoundation", "scBERT"]),
        ("§5.7", "group", ["CellFM", "Geneformer", "scFoundation", "scGPT"]),
        ("§C.1", "group", ["scGPT", "scFoundation"]),
    ]
    assert ts.group == []
    azimuth = card.datasets[0]
    assert azimuth.group == ["CellLM", "GenePT", "scAgent", "scBERT", "scELMo", "scFoundation", "scGPT"]
    text = render(card, "text")
    lines = text.splitlines()
    # each group sentence is cited by its section (numbered where the card cites two groups of one section: §5.1's
    # "Models are finetuned on curated references" names seven models, its "Foundation models such as scGPT,
    # scFoundation, and scBERT" three) and listed once, with its group, under the card's legend (issue 25)
    assert "  Tabula Sapiens v2 (dataset:tabula-sapiens-v2) — named with 3 groups  [§5.1 #2, §5.7, §C.1]" in lines
    assert "  Azimuth reference collections (dataset:azimuth-references) — named with a group  [§5.1 #1]" in lines
    assert text.count("(dataset:tabula-sapiens-v2)") == 1
    legend = lines[lines.index("Group sentences cited above (what one states is the group's, not scGPT's alone):") :]
    assert legend[1 : legend.index("")] == [
        # §1 (line 20) "Early foundation models such as scGPT ..., Geneformer ..., and scFoundation" and §4.1 (line 62)
        # "Representative systems such as scGPT ..., Geneformer ..., and scFoundation": one group, two sentences
        "  §1, §4.1 #2 — group: scGPT, Geneformer, scFoundation",
        "  §4.1 #1 — group: GeneCompass, Geneformer, scBERT, scFoundation, scGPT, scGraphformer, tGPT, UCE",
        "  §5 — group: scGPT, Geneformer",
        "  §5.1 #1 — group: CellLM, GenePT, scAgent, scBERT, scELMo, scFoundation, scGPT",
        "  §5.1 #2 — group: scGPT, scFoundation, scBERT",
        "  §5.2 — group: Geneformer, scGPT, scRDiT",
        "  §5.7 — group: scGPT, scFoundation, CellFM, Geneformer",
        "  §5.8 — group: Geneformer, scGPT, EpiFoundation, EpiAgent",
        "  §6.1 — group: scGPT, Geneformer, EpiFoundation",
        "  §6.4 — group: Geneformer, scGPT, EpiAgent",
        "  §A.3 — group: scGPT, scFoundation, CellLM",
        "  §C.1 — group: scGPT, scFoundation",
    ]
    # faithful: every row citing a group sentence says "group" (the members are one line away, in the legend)
    refs = {g.ref for g in card.group_sentences}
    assert len(refs) == len(card.group_sentences) == 13
    grouped = [v for v in card.values() if any(st.basis == "group" for st in v.stated)]
    citing = []
    for line in lines[: lines.index(legend[0])]:
        cited = re.search(r"  \[(.*)\]", line)
        parts = cited.group(1).split("; ") if cited else []
        named = [p.partition(": ")[2].split(", ") for p in parts if p.startswith("group sentence")]
        if "— named with " in line:  # every source a group sentence: by reference only
            named.append(parts[0].split(", "))
        if named:
            assert all(ref in refs for refs_ in named for ref in refs_), line
            citing.append(line)
    # 11 facts, 2 species links, 7 datasets and 1 group statement: each row citing a group sentence says so
    assert len(citing) == len(grouped) == 21
    assert "(group:" not in text  # no member list repeated on a row
    # lineage (Table 7 rows 22, 29, 41, 42): built on by scGPT-spatial ("Extends scGPT via continual pretraining"),
    # spaLLM ("scGPT embeddings + GNN"), scMPT ("combines scGPT-derived embeddings"), and GET, whose row 41 copies
    # scMPT's row 42 (the copied-cells caveat stays beside it)
    assert [(v.value, v.via, v.sources, v.basis) for v in card.lineage] == [
        ("model:get", "l4c:usesEmbeddingsOf", ["Table 7 row 41"], "builtOnBy"),
        ("model:scgpt-spatial", "l4c:extends", ["Table 7 row 22"], "builtOnBy"),
        ("model:scmpt", "l4c:usesEmbeddingsOf", ["Table 7 row 42"], "builtOnBy"),
        ("model:spallm", "l4c:usesEmbeddingsOf", ["Table 7 row 29"], "builtOnBy"),
    ]
    assert card.lineage[0].caveat.startswith("Table 7 row 41 repeats row 42 (scmpt) in every content column")
    assert not any(v.caveat for v in card.lineage[1:])
    assert card.audit == []
    assert card.similar and all(s.curie != "model:scgpt" for s in card.similar)
    # the models of its lineage come first (similar_to), then scFoundation: family, tasks and modalities in common
    assert {s.curie for s in card.similar[:4]} == {"model:get", "model:scgpt-spatial", "model:scmpt", "model:spallm"}
    assert card.similar[4].curie == "model:scfoundation"
    assert "family" in card.similar[4].shared and "tasks" in card.similar[4].shared


def test_geneformer_card(store: ox.Store) -> None:
    card = card_for(store, "Geneformer")
    assert card.printed["where"] == "Table 7 row 2"
    cells = card.printed["cells"]
    assert cells["Model (Year)"] == "Geneformer (Theodoris et al., 2023)"
    assert list(cells.values())[1:] == [
        "Nature",
        "Foundation",
        "scRNA",
        "None / Rank-based (implicit)",
        "No",
        "Cell classification, in-silico perturbation, network prediction",
        "6",
    ]
    assert set(values(card, "l4c:groundingType")) == {"grounding:none", "grounding:implicit"}
    assert set(values(card, "l4c:modality")) == {"modality:rna"}
    tasks = values(card, "l4c:task")
    assert tasks["task:regulatory-network"][0] == "Table 7 row 2"  # "network prediction"
    assert values(card, "l4c:year") == {"2023": ["Table 7 row 2"]}
    assert values(card, "l4c:publishedIn") == {"venue:nature": ["Table 7 row 2"]}


def test_cellverse_card_shows_its_conflicts(store: ox.Store) -> None:
    card = card_for(store, "CellVerse")
    assert card.printed["where"] == "Table 7 row 52"
    assert card.printed["cells"]["Category"] == "Benchmark / Evaluation"
    assert card.printed["cells"]["Agentic (Y/N)"] == "No"
    fam = values(card, "l4c:family")
    # Table 7 (and §2's "Benchmark studies including ... CellVerse") say Benchmark / Evaluation; §4.5 and §C.5 call it
    # an agentic framework: both kept, each with its sources
    assert fam["family:benchmark-evaluation"] == ["Table 7 row 52", "§2"]
    assert {"§4.5", "§C.5"} <= set(fam["family:agentic"])
    rules = sorted((a["rule"], a["where_b"]) for a in card.audit)
    assert rules == [
        ("agentic-flag", "§4.5"),
        ("agentic-flag", "§C.5"),
        ("family-conflict", "§4.5"),
        ("family-conflict", "§C.5"),
    ]
    assert all(a["where_a"].startswith("Table 7 row 52") for a in card.audit)


def test_hlca_card(store: ox.Store) -> None:
    card = card_for(store, "HLCA")
    assert (card.curie, card.kind) == ("dataset:hlca-v1", "dataset")
    assert "HLCA" in card.alt_labels
    assert card.printed["where"] == "Table 1 row 4"
    assert list(card.printed["cells"].values()) == [
        "Human Lung Cell Atlas (HLCA v1.0)",
        "Integrated human lung reference built from 49 scRNA-seq datasets (~2.4 M cells) across 16 studies; "
        "unified epithelial, immune, and stromal annotations.",
        "Annotation, Integration, Disease Modeling",
        "~2.4 M / 49 datasets / 16 studies",
        "HLCA v1.0 Portal",
    ]
    scale = {v.label for v in next(f for f in card.facts if f.property == "l4c:scale").values}
    assert scale == {"cells: ~2400000", "datasets: 49", "studies: 16"}
    assert set(values(card, "l4c:tissue")) == {"UBERON:0002048"}
    assert set(values(card, "l4c:species")) == {"NCBITaxon:9606"}
    # Table 1 row 4 (survey line 501) prints "Annotation, Integration, Disease Modeling" for an scRNA-seq atlas: the
    # integration of one modality is data/batch integration, not multi-omic (issue 12 item 2); §B.1: "Organ-specific
    # datasets like the Human Lung Cell Atlas (HLCA) and the Allen Brain Map enable domain-specific benchmarking"
    assert values(card, "l4c:task") == {
        "task:annotation": ["Table 1 row 4"],
        "task:benchmarking": ["§B.1"],
        "task:data-integration": ["Table 1 row 4"],
        "task:disease-modeling": ["Table 1 row 4"],
    }
    assert card.similar[0].curie in ("dataset:yale-lung-disease-atlas", "dataset:hca-lung-project")
    assert "tissues" in card.similar[0].shared


def test_mouse_cell_atlas_by_its_printed_short_name(store: ox.Store) -> None:
    card = card_for(store, "scMCA")  # printed in Table 1 row 3 as "Mouse Cell Atlas (scMCA)"
    assert card.curie == "dataset:mouse-cell-atlas"
    assert card.printed["cells"]["Dataset"] == "Mouse Cell Atlas (scMCA)"
    assert card.printed["cells"]["Scale"] == ">400,000 cells / >40 tissues"
    scale = {v.label for v in next(f for f in card.facts if f.property == "l4c:scale").values}
    assert scale == {"cells: >400000", "tissues: >40"}
    assert set(values(card, "l4c:species")) == {"NCBITaxon:10090"}
    assert set(values(card, "l4c:assay")) == {"EFO:0030002"}  # Microwell-seq
    # §5.6 (survey line 128) names it for a group: "iSEEEK, UCE, GeneCompass, and scPlantLLM, trained on paired or
    # homolog-mapped datasets such as the Mouse Cell Atlas, Tabula Muris, and scPlantDB"; no member on its own
    group = ["GeneCompass", "iSEEEK", "scPlantLLM", "UCE"]
    assert [(v.value, v.basis, v.group, v.sources) for v in card.used_by] == [
        (f"model:{m.casefold()}", "group", group, ["§5.6"]) for m in group
    ]
    assert set(values(card, "l4c:task")) == {"task:annotation", "task:data-integration"}  # line 500: RNA only


def test_ontology_term_by_curie(store: ox.Store) -> None:
    card = card_for(store, "UBERON:0002048")
    assert (card.label, card.kind, card.iri) == ("lung", "term", "http://purl.obolibrary.org/obo/UBERON_0002048")
    assert card.definition
    # Tables 1 and 3 rows about lung: HLCA, HCA lung project, Yale lung atlases, Azimuth (PBMC, lung, kidney, fetal)
    assert {v.value for v in card.used_by} == {
        "dataset:hlca-v1",
        "dataset:hca-lung-project",
        "dataset:yale-lung-disease-atlas",
        "dataset:azimuth-references",
    }


@pytest.mark.parametrize(
    ("name", "curie"),
    [
        ("scgpt", "model:scgpt"),
        ("SCGPT", "model:scgpt"),
        ("model:scgpt", "model:scgpt"),
        ("https://w3id.org/llm4cell/model/scgpt", "model:scgpt"),
        ("Spatial2Sentence", "model:spatial2sentence"),  # printed "Spatial2- Sentence" in Table 7
        ("C2S", "model:cell2sentence"),  # "Cell2Sentence (C2S) (Levine et al., 2024)"
        ("scPilot", "model:pilot"),  # §C.5 spelling
        ("iSEEEK", "model:iseeek"),
        ("HLCA", "dataset:hlca-v1"),
        ("HLCA v1.0", "dataset:hlca-v1"),  # Table 1 row 4
        ("scMCA", "dataset:mouse-cell-atlas"),  # Table 1 row 3
        ("Replogle 2022", "dataset:replogle-2022-perturb-seq"),  # Table 5: "Genome-scale Perturb-seq (Replogle 2022)"
        ("hca lung project", "dataset:hca-lung-project"),
        ("EFO:0030002", "EFO:0030002"),
        ("NCBITaxon:9606", "NCBITaxon:9606"),
    ],
)
def test_resolves(store: ox.Store, name: str, curie: str) -> None:
    assert index(store).resolve(name).curie == curie


def test_near_miss_and_ambiguity(store: ox.Store) -> None:
    with pytest.raises(NotFound) as exc:
        index(store).resolve("Geneformr")
    assert [e.curie for e in exc.value.suggestions][0] == "model:geneformer"
    assert "Did you mean: Geneformer (model:geneformer)" in str(exc.value)
    with pytest.raises(Ambiguous) as amb:
        index(store).resolve("trajectory-perturbation")  # a §5 task and a §6 domain dimension
    assert {e.curie for e in amb.value.candidates} == {"task:trajectory-perturbation", "domain:trajectory-perturbation"}
    assert index(store).resolve("trajectory-perturbation", {"domain"}).curie == "domain:trajectory-perturbation"


def test_helpers() -> None:
    assert norm("Spatial2- Sentence") == "spatial2sentence"
    assert printed_names("Mouse Cell Atlas (scMCA)") == ["Mouse Cell Atlas (scMCA)", "Mouse Cell Atlas", "scMCA"]
    assert printed_names("scGPT (Cui et al., 2024)") == ["scGPT (Cui et al., 2024)", "scGPT"]
    assert expand("UBERON:0002048") == "http://purl.obolibrary.org/obo/UBERON_0002048"
    assert expand("EFO:0008913") == "http://www.ebi.ac.uk/efo/EFO_0008913"
    assert expand("scgpt") is None
    assert plain("**scGPT**, *UCE* and 2*3") == "scGPT, UCE and 2*3"


def test_show_command() -> None:
    runner = CliRunner()
    r = runner.invoke(main, ["show", "scgpt"])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("scGPT\nscGPT (model:scgpt): model — Foundation Models; 2024; Table 7 row 1")
    r = runner.invoke(main, ["show", "HLCA", "--format", "json"])
    data = json.loads(r.output)
    assert data["curie"] == "dataset:hlca-v1" and data["printed"]["where"] == "Table 1 row 4"
    r = runner.invoke(main, ["show", "UBERON:0002048", "--format", "markdown"])
    assert r.output.startswith("# lung\n") and "## Used by" in r.output
    r = runner.invoke(main, ["show", "Geneformr"])
    assert r.exit_code == 1 and "Did you mean: Geneformer (model:geneformer)?" in r.output
    r = runner.invoke(main, ["show", "scMCA"])
    assert r.exit_code == 0 and "Mouse Cell Atlas (dataset:mouse-cell-atlas)" in r.output


def test_markdown_quotes_are_plain(store: ox.Store) -> None:
    card = card_for(store, "scgpt")
    assert all("**" not in s["quote"] for s in card.sources)
    assert "**" not in render(card, "markdown").replace("## ", "")


def test_lineage_on_both_cards(store: ox.Store) -> None:
    """Table 7 row 22 prints "Extends scGPT via continual pretraining to spatial data" for scGPT-spatial; the card of
    each end shows the l4c:buildsOn relation (issue 12 item 4) and counts it as a shared facet."""
    child = card_for(store, "scGPT-spatial")
    assert [(v.value, v.via, v.sources, v.basis) for v in child.lineage] == [
        ("model:scgpt", "l4c:extends", ["Table 7 row 22"], "buildsOn")
    ]
    assert "builds on: scGPT (model:scgpt) via l4c:extends  [Table 7 row 22]" in render(child, "text")
    parent = card_for(store, "scgpt")
    assert ("model:scgpt-spatial", "l4c:extends") in [(v.value, v.via) for v in parent.lineage]
    assert any("lineage" in s.shared for s in parent.similar if s.curie == "model:scgpt-spatial")


@pytest.mark.parametrize(
    ("name", "publication", "other"),
    [
        # Table 7 prints "Lu et al., 2024" for both TransformerST and scTrans
        ("TransformerST", "pub:lu-et-al-2024", "scTrans"),
        # §5.6 cites UCE as (Shen et al., 2023), the reference of tGPT
        ("UCE", "pub:shen-et-al-2023", "tGPT"),
        # OmiCLIP's "Cui et al., 2025" is a review of the field
        ("OmiCLIP", "pub:cui-et-al-2025", None),
    ],
)
def test_citation_caveat_beside_the_citation(store: ox.Store, name: str, publication: str, other: str | None) -> None:
    card = card_for(store, name)
    cited = [v for f in card.facts if f.property in ("l4c:citation", "l4c:proseCitation") for v in f.values]
    shown = [v for v in cited if v.value == publication]
    assert shown and all(v.caveat for v in shown[:1])
    for v in (v for v in shown if v.caveat):
        assert "audit rule citation-" in v.caveat
        assert (f"the paper of another model, {other}" if other else "an overview of the field") in v.caveat
    assert "l4c:citationCaveat" not in {f.property for f in card.facts}  # shown beside the link, not apart
    assert "— caveat: The citation" in render(card, "text")


# -- the basis of each fact: a table cell, a sentence about the entity alone, a sentence about a group (issue 24) ----

#: §4.5 (survey line 85): the sentence that names Teddy an agentic framework, among a group
S45_FRAMEWORKS = (
    "Frameworks such as scAgent (Mao et al., 2025), CellVerse (Zhang et al., 2025b), and Teddy (Chevalier et al., "
    "2025) combine domain-specific encoders with LLM controllers"
)
#: C.5 (line 491): "Teddy/scPilot (Joodaki et al., 2024) provide lightweight orchestrators" (Teddy and Pilot)
SC5_ORCHESTRATORS = "Teddy/scPilot (Joodaki et al., 2024) provide lightweight orchestrators for benchmarking pipelines"
#: C.5 (line 491), of the agentic systems the paragraph names: scAgent, CellVerse, EpiAgent, Teddy/scPilot
SC5_GROUNDING = "Grounding sources include the Human Cell Atlas ontology, UBERON, and PubMed"
C5_GROUP = ["CellVerse", "EpiAgent", "Pilot", "scAgent", "Teddy"]  # the sentence names none: alphabetical


def _value(card: dict[str, Any], prop: str, value: str) -> dict[str, Any]:
    """One value of a JSON card's facts (or links)."""
    for f in card["facts"] + card["links"]:
        if f["property"] == prop:
            return next(v for v in f["values"] if v["value"] == value)
    raise KeyError((prop, value))


def test_teddy_json_marks_the_agentic_family_as_a_group_fact() -> None:
    r = CliRunner().invoke(main, ["show", "Teddy", "--format", "json"])
    assert r.exit_code == 0, r.output
    card = json.loads(r.output[r.output.index("{") :])
    # the summary says what Table 7 row 50 and sentences about Teddy alone say: its Category cell "Foundation Model /
    # Disease- aware Trans- former"; "agentic" is only ever said of groups, so it is not Teddy's own family
    assert card["summary"] == "Teddy (model:teddy): model — Foundation Models; 2025; Table 7 row 50"
    agentic = _value(card, "l4c:family", "family:agentic")
    assert agentic["basis"] == "group"
    assert [(s["where"], s["basis"], s["group"], s["sentence"]) for s in agentic["stated"]] == [
        ("§4.5", "group", ["scAgent", "CellVerse", "Teddy"], S45_FRAMEWORKS),
        ("§C.5", "group", ["Teddy", "Pilot"], SC5_ORCHESTRATORS),
    ]
    foundation = _value(card, "l4c:family", "family:foundation")
    assert (foundation["basis"], [(s["where"], s["basis"]) for s in foundation["stated"]]) == (
        "table",
        [("Table 7 row 50", "table")],
    )
    # §6.6 (line 174): "**Teddy** (Chevalier et al., 2025) introduces benchmarking for fairness and representation
    # balance", a sentence about Teddy alone
    fairness = _value(card, "l4c:domainStrength", "domain:atlas-fairness")
    assert [(s["where"], s["basis"], s["group"]) for s in fairness["stated"]] == [("§6.6", "model", [])]
    # C.5's grounding sources are the group's: no ontology link of Teddy's own, four group statements
    assert card["links"] == []
    assert [(v["label"], v["via"], v["sources"], v["group"]) for v in card["group_statements"]] == [
        ("Human Cell Atlas ontology", "l4c:groundingSource", ["§C.5"], C5_GROUP),
        # the same C.5 sentence read as grounding types, the group's (issue 24 item 4)
        ("literature / text", "l4c:groundingType", ["§C.5"], C5_GROUP),
        ("ontology", "l4c:groundingType", ["§C.5"], C5_GROUP),
        ("PubMed", "l4c:groundingSource", ["§C.5"], C5_GROUP),
        ("UBERON", "l4c:groundingSource", ["§C.5"], C5_GROUP),
        ("UBERON", "l4c:groundingOntology", ["§C.5"], C5_GROUP),
    ]
    assert {s["sentence"] for v in card["group_statements"] for s in v["stated"]} == {SC5_GROUNDING}


def test_teddy_text_card_marks_each_group_source(store: ox.Store) -> None:
    text = render(card_for(store, "Teddy"), "text")
    lines = text.splitlines()
    assert lines[1] == "Teddy (model:teddy): model — Foundation Models; 2025; Table 7 row 50"
    # §4.5 and C.5 each hold two sentences about different groups Teddy is in: numbered #1, #2 (issue 25)
    assert "      Agentic Frameworks (family:agentic)  [group sentences: §4.5 #2, §C.5 #2]" in lines
    assert "      Foundation Models (family:foundation)  [Table 7 row 50]" in lines
    assert "      Atlas Fairness and Representation Balance (domain:atlas-fairness)  [§6.6]" in lines
    assert "Ontology links:" not in lines
    assert "Stated of a group it belongs to, never of it alone:" in lines
    assert "  UBERON (obo:uberon.owl) via l4c:groundingOntology — named with a group  [§C.5 #1]" in lines
    legend = lines.index("Group sentences cited above (what one states is the group's, not Teddy's alone):")
    assert lines[legend + 1 : legend + 6] == [
        "  §4.5 #1 — group: CellVerse, EpiAgent, scAgent, Teddy",  # "These systems enable dialogue-based annotation"
        "  §4.5 #2 — group: scAgent, CellVerse, Teddy",  # "Frameworks such as scAgent ..., CellVerse ..., and Teddy"
        "  §C.5 #1 — group: CellVerse, EpiAgent, Pilot, scAgent, Teddy",  # "Grounding sources include ..."
        "  §C.5 #2 — group: Teddy, Pilot",  # "Teddy/scPilot ... provide lightweight orchestrators"
        "",
    ]
    markdown = render(card_for(store, "Teddy"), "markdown")
    assert "## Stated of a group it belongs to, never of it alone" in markdown
    assert "  - Agentic Frameworks (family:agentic)  [group sentences: §4.5 #2, §C.5 #2]" in markdown
    assert "## Group sentences cited above (what one states is the group's, not Teddy's alone)" in markdown
    assert "- §C.5 #2 — group: Teddy, Pilot" in markdown.splitlines()


@pytest.mark.parametrize(
    ("name", "prop", "value", "where", "group", "sentence"),
    [
        # §4.5 (line 85): "These systems" are the frameworks the paragraph names: scAgent, CellVerse, Teddy, EpiAgent
        (
            "Teddy",
            "l4c:task",
            "task:annotation",
            "§4.5",
            ["CellVerse", "EpiAgent", "scAgent", "Teddy"],
            "These systems enable dialogue-based annotation and multi-step reasoning but lack standardized benchmarks "
            "for reasoning fidelity",
        ),
        # §5.6 (line 128): iSEEEK's Table 7 row 5 prints no cross-species task; only this group sentence does (its
        # quote stops at 25 words, before "and **scPlantLLM** (Cao et al., 2025)", so scPlantLLM is listed last)
        (
            "iSEEEK",
            "l4c:task",
            "task:cross-species",
            "§5.6",
            ["iSEEEK", "UCE", "GeneCompass", "scPlantLLM"],
            "Representative models include iSEEEK (Shen et al., 2022), UCE (Universal Cell Embeddings) (Rosen et al., "
            "2023), GeneCompass (Yang et al., 2024b)",
        ),
        # §5.7 (line 134): scGPT's Table 7 row 1 prints "Annotation, Integration, Perturbation", no generation
        (
            "scGPT",
            "l4c:task",
            "task:generation",
            "§5.7",
            ["scGPT", "scFoundation", "CellFM", "Geneformer"],
            "Representative approaches include scGPT, scFoundation, CellFM (Zeng et al., 2025), and Geneformer",
        ),
        # §4.1 (line 62): "These models" are the eight foundation models the paragraph names
        (
            "Geneformer",
            "l4c:domainLimitation",
            "domain:explainability",
            "§4.1",
            ["GeneCompass", "Geneformer", "scBERT", "scFoundation", "scGPT", "scGraphformer", "tGPT", "UCE"],
            "These models underpin most single-cell LLM pipelines, offering strong transfer for annotation and "
            "integration but limited ontology grounding and explainability",
        ),
        # C.1 (line 465): an ontology link whose evidence is a sentence about two models (graph/ontology_links.yaml)
        (
            "scGPT",
            "l4c:species",
            "NCBITaxon:9606",
            "§C.1",
            ["scGPT", "scFoundation"],
            "scGPT and scFoundation were pretrained on human–mouse atlases from Tabula Sapiens and HCA",
        ),
        # B.1 (line 433): an Appendix B sentence about two datasets
        (
            "HLCA",
            "l4c:task",
            "task:benchmarking",
            "§B.1",
            ["Allen Brain Map Cell Types RNA-seq", "Human Lung Cell Atlas v1.0"],
            "Organ-specific datasets like the Human Lung Cell Atlas (HLCA) and the Allen Brain Map enable "
            "domain-specific benchmarking and ontology-aware evaluation",
        ),
    ],
)
def test_group_only_facts_by_hand(
    store: ox.Store, name: str, prop: str, value: str, where: str, group: list[str], sentence: str
) -> None:
    card = card_for(store, name)
    [v] = [v for f in card.facts + card.links if f.property == prop for v in f.values if v.value == value]
    assert v.basis == "group" and v.sources == [where]
    [st] = v.stated
    assert (st.where, st.basis, st.group, st.sentence) == (where, "group", group, sentence)
    # the row cites the sentence by its section (numbered when the card cites two groups there); the card's legend
    # lists it once with its group (issue 25)
    assert st.ref.partition(" #")[0] == where
    [legend] = [g for g in card.group_sentences if g.ref == st.ref]
    assert (legend.where, set(legend.members)) == (where, set(group)) and sentence in legend.sentences
    text = render(card, "text")
    assert f"[group sentence: {st.ref}]" in text
    assert any(
        st.ref in line.partition(" — group: ")[0].strip().split(", ") and line.endswith(", ".join(legend.members))
        for line in text.splitlines()
    )


def test_own_and_group_sources_of_one_value(store: ox.Store) -> None:
    # scAgent's annotation task: Table 7 row 37 ("Universal cell annotation"), C.5 "scAgent executes multistep
    # annotation workflows via ontology queries" (alone), §4.5 "These systems enable dialogue-based annotation" (group)
    card = card_for(store, "scAgent")
    [v] = [v for f in card.facts if f.property == "l4c:task" for v in f.values if v.value == "task:annotation"]
    bases = {(s.where, s.basis) for s in v.stated}
    assert {("Table 7 row 37", "table"), ("§C.5", "model"), ("§4.5", "group")} <= bases
    assert v.basis == "table"  # the strongest of its sources
    assert card.summary.startswith("scAgent (model:scagent): model — Agentic Frameworks, Text-Bridge LLMs;")


def test_group_grounding_is_never_a_models_own_link(store: ox.Store) -> None:
    """C.5's grounding sources are stated of the agentic systems as a group: none of the five models the build gives
    the group (scAgent, CellVerse, EpiAgent, Teddy, Pilot) has UBERON as an ontology link of its own."""
    for name in ("scAgent", "CellVerse", "EpiAgent", "Teddy", "Pilot"):
        card = card_for(store, name)
        assert "l4c:groundingOntology" not in {f.property for f in card.links}, name
        ontology = [v for v in card.group_statements if v.via == "l4c:groundingOntology"]
        assert [(v.value, v.sources, v.group) for v in ontology] == [("obo:uberon.owl", ["§C.5"], C5_GROUP)], name


def test_similar_entities_share_a_groups_value_as_the_groups(store: ox.Store) -> None:
    """Teddy's annotation task is stated only in §4.5's "These systems enable dialogue-based annotation": a model
    sharing it shares a group's value, marked as on the facts; its Table 7 family "Foundation Models" is its own."""
    card = card_for(store, "Teddy")
    assert card.similar and all(s.shared["tasks"] == ["annotation and ontology mapping (group)"] for s in card.similar)
    assert all(s.shared["family"] == ["Foundation Models"] for s in card.similar)
    # scGPT and scFoundation: annotation is in both Table 7 rows (1 and 3), shared unmarked; generation only in §5.7
    # "Representative approaches include scGPT, scFoundation, CellFM, and Geneformer", species only in C.1 "scGPT and
    # scFoundation were pretrained on human–mouse atlases"
    scfoundation = next(s for s in card_for(store, "scgpt").similar if s.curie == "model:scfoundation")
    assert "annotation and ontology mapping" in scfoundation.shared["tasks"]
    assert "generative simulation (group)" in scfoundation.shared["tasks"]
    assert scfoundation.shared["species"] == ["Homo sapiens (group)", "Mus musculus (group)"]


def test_show_json_lists_each_dataset_once_with_all_its_sources() -> None:
    """Issue 25: `show scGPT --format json` lists each of its 7 datasets once (13 statements name them), each with
    every source and that source's basis and group (§5.2 line 104, §5.8 line 142 for sci-Plex)."""
    r = CliRunner().invoke(main, ["show", "scGPT", "--format", "json"])
    assert r.exit_code == 0, r.output
    card = json.loads(r.output[r.output.index("{") :])
    datasets = card["datasets"]
    assert len(datasets) == 7 and len({d["value"] for d in datasets}) == 7
    counts = {d["value"].removeprefix("dataset:"): len(d["stated"]) for d in datasets}
    assert counts == {
        "azimuth-references": 1,
        "replogle-2022-perturb-seq": 2,
        "hca-lung-project": 1,
        "hca-data-browser": 3,
        "sci-plex": 2,
        "tabula-sapiens-v2": 3,
        "virtual-cell-challenge": 1,
    }
    plex = next(d for d in datasets if d["value"] == "dataset:sci-plex")
    assert plex["basis"] == "group" and plex["sources"] == ["§5.2", "§5.8"]
    # the quoted clauses name no member ("trained on datasets such as ..."): members alphabetically
    assert [(s["where"], s["basis"], s["group"]) for s in plex["stated"]] == [
        ("§5.2", "group", ["Geneformer", "scGPT", "scRDiT"]),
        ("§5.8", "group", ["EpiAgent", "EpiFoundation", "Geneformer", "scGPT"]),
    ]
    assert plex["stated"][0]["sentence"] == "trained on datasets such as Replogle 2022 Perturb-seq and sci-Plex"
    assert plex["stated"][1]["sentence"].startswith("trained or evaluated on large-scale pharmacotranscriptomic")
    # each group source carries the reference the card cites it by, and the card's group_sentences (issue 25) list
    # each once: §5.2's two sentences about Geneformer, scGPT and scRDiT (line 104) under one reference
    assert [s["ref"] for s in plex["stated"]] == ["§5.2", "§5.8"]
    legend = {g["ref"]: g for g in card["group_sentences"]}
    assert legend["§5.2"] == {
        "ref": "§5.2",
        "where": "§5.2",
        "members": ["Geneformer", "scGPT", "scRDiT"],
        "sentences": [
            "Geneformer (Theodoris et al., 2023), scGPT (Cui et al., 2024), and scRDiT (Dong et al., 2025) model "
            "temporal or perturbation trajectories",
            "trained on datasets such as Replogle 2022 Perturb-seq and sci-Plex",
        ],
    }
    # every group source of every row is in the legend, with the same group
    rows = [v for f in card["facts"] + card["links"] for v in f["values"]] + datasets + card["group_statements"]
    for st in (st for v in rows for st in v["stated"] if st["basis"] == "group"):
        assert (
            set(legend[st["ref"]]["members"]) == set(st["group"]) and st["sentence"] in legend[st["ref"]]["sentences"]
        )
