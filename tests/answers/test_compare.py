"""`llm4cell-kg compare`: side by side, checked against Table 7 rows 1 and 2 and Table 1 rows 3 and 4."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from llm4cell_kg.answers.compare import compare, render
from llm4cell_kg.cli import main
from llm4cell_kg.errors import UserError


def test_scgpt_vs_geneformer(store: ox.Store) -> None:
    cmp = compare(store, ["scgpt", "Geneformer"])
    rows = {r.property: r for r in cmp.rows}
    assert [e["curie"] for e in cmp.entities] == ["model:scgpt", "model:geneformer"]
    # both "Foundation" in Table 7 rows 1 and 2, both "No" agentic, both domain score 6
    for same in ("family", "agentic", "domain score"):
        assert not rows[same].differs, same
    assert rows["family"].shared == ["Foundation Models"]
    assert rows["domain score"].values == [["6"], ["6"]]
    # Multiomics vs scRNA; Atlas vs None / Rank-based (implicit); 2024 vs 2023; Nature Methods vs Nature
    assert rows["modalities"].differs and rows["modalities"].shared == ["RNA"]
    assert rows["grounding"].values == [["atlas"], ["implicit", "none"]]
    assert rows["year"].values == [["2024"], ["2023"]]
    assert rows["venue"].values == [["Nature Methods"], ["Nature"]]
    assert rows["Table 7 row"].values == [["Table 7 row 1"], ["Table 7 row 2"]]
    assert "annotation and ontology mapping" in rows["tasks"].shared


def test_datasets_and_errors(store: ox.Store) -> None:
    rows = {r.property: r for r in compare(store, ["HLCA", "scMCA"]).rows}
    assert rows["species"].values == [["Homo sapiens"], ["Mus musculus"]]
    assert rows["tissues"].values == [["lung"], []]
    assert not rows["modalities"].differs  # both scRNA-seq atlases
    with pytest.raises(UserError, match="scGPT is a model, Human Lung Cell Atlas v1.0 is a dataset"):
        compare(store, ["scgpt", "HLCA"])
    with pytest.raises(UserError, match="at least two"):
        compare(store, ["scgpt"])
    with pytest.raises(UserError, match="named twice"):
        compare(store, ["scgpt", "model:scgpt"])


def test_formats(store: ox.Store) -> None:
    cmp = compare(store, ["scgpt", "geneformer", "uce"])
    data = json.loads(render(cmp, "json"))
    assert [e["label"] for e in data["entities"]] == ["scGPT", "Geneformer", "UCE"]
    table = list(csv.reader(io.StringIO(render(cmp, "csv"))))
    assert table[0] == ["property", "scGPT", "Geneformer", "UCE", "differs"]
    year = next(r for r in table if r[0] == "year")
    assert year == ["year", "2024", "2023", "2023", "yes"]  # UCE: Rosen et al., 2023 (Table 7 row 8)
    md = render(cmp, "markdown")
    assert "| **year** | 2024 | 2023 | 2023 | yes |" in md
    text = render(cmp, "text")
    assert "≠ year" in text and "  agentic" in text


def test_cli() -> None:
    r = CliRunner().invoke(main, ["compare", "scgpt", "geneformer"])
    assert r.exit_code == 0, r.output
    assert "scGPT" in r.output.splitlines()[0] and "Geneformer" in r.output.splitlines()[0]
    r = CliRunner().invoke(main, ["compare", "scgpt", "Geneformr"])
    assert r.exit_code == 1 and "Did you mean: Geneformer" in r.output


def test_lineage_and_datasets_with_basis_as_on_the_card(store: ox.Store) -> None:
    """Datasets keep their basis and lineage its direction, relation and caveat, as `show` prints them (issue 12)."""
    rows = {r.property: r for r in compare(store, ["scgpt", "scFoundation", "scGPT-spatial"]).rows}
    # Table 7 rows 22, 29, 41 (GET copies scMPT's row 42), 42; scFoundation builds on no model; row 22 extends scGPT
    assert rows["lineage"].values == [
        [
            "built on by GET (usesEmbeddingsOf; copied row)",
            "built on by scGPT-spatial (extends)",
            "built on by scMPT (usesEmbeddingsOf)",
            "built on by spaLLM (usesEmbeddingsOf)",
        ],
        [],
        ["builds on scGPT (extends)"],
    ]
    # §5.1 (line 100: scGPT, scFoundation and scBERT "on atlases like Tabula Sapiens and the Human Cell Atlas"), §5.7
    # (line 134: "These models are pretrained on large atlases such as Tabula Sapiens and HCA") and §C.1 ("scGPT and
    # scFoundation were pretrained on human–mouse atlases from Tabula Sapiens and HCA") are group sentences: shared by
    # both, never either's own, each dataset listed once with every section (issue 25); scGPT-spatial's row names none
    sapiens = "Tabula Sapiens v2 (group, §5.1; §5.7; §C.1)"
    assert rows["datasets"].values[1] == [
        "Azimuth reference collections (group, §5.1)",  # §5.1: "Models are finetuned on ... Azimuth PBMC, HCA Lung"
        "HCA lung project (group, §5.1)",
        "Human Cell Atlas data browser (group, §5.1; §5.7; §C.1)",
        sapiens,
    ]
    assert len(rows["datasets"].values[0]) == 7 and sapiens in rows["datasets"].values[0]
    assert set(rows["datasets"].values[1]) <= set(rows["datasets"].values[0])
    assert not any("(group" not in v for v in rows["datasets"].values[0])
    assert rows["datasets"].values[2] == []
    # a dataset's models: §5.6 names the Mouse Cell Atlas for iSEEEK, UCE, GeneCompass and scPlantLLM as a group
    mca = {r.property: r for r in compare(store, ["scMCA", "HLCA"]).rows}
    assert mca["used by"].values[0] == [f"{m} (group, §5.6)" for m in ("GeneCompass", "iSEEEK", "scPlantLLM", "UCE")]


def test_basis_marks_in_every_format(store: ox.Store) -> None:
    """A value the survey states only in sentences about groups is marked "(group)" (issue 24): §4.5 names Teddy an
    agentic framework ("Frameworks such as scAgent, CellVerse, and Teddy") and says it annotates ("These systems
    enable dialogue-based annotation") only of groups; Table 7 row 37 prints scAgent's Category "Agentic Framework
    (Text- Bridge hybrid)" and "Universal cell annotation"."""
    cmp = compare(store, ["Teddy", "scAgent"])
    rows = {r.property: r for r in cmp.rows}
    assert rows["family"].values == [
        ["Agentic Frameworks (group)", "Foundation Models"],
        ["Agentic Frameworks", "Text-Bridge LLMs"],
    ]
    assert rows["family"].shared == [] and rows["family"].differs
    assert rows["tasks"].values == [
        ["annotation and ontology mapping (group)", "disease modeling"],
        ["annotation and ontology mapping"],
    ]
    # C.5: "Grounding sources include the Human Cell Atlas ontology, UBERON, and PubMed", of the agentic systems
    c5 = ["Human Cell Atlas ontology (group, §C.5)", "PubMed (group, §C.5)", "UBERON (group, §C.5)"]
    assert rows["grounding sources"].values == [c5, c5] and not rows["grounding sources"].differs
    table = list(csv.reader(io.StringIO(render(cmp, "csv"))))
    assert [
        "family",
        "Agentic Frameworks (group), Foundation Models",
        "Agentic Frameworks, Text-Bridge LLMs",
        "yes",
    ] in (table)
    md = render(cmp, "markdown")
    assert (
        "| **family** | Agentic Frameworks (group), Foundation Models | Agentic Frameworks, Text-Bridge LLMs | yes |"
        in (md)
    )
    data = json.loads(render(cmp, "json"))
    family = next(r for r in data["rows"] if r["property"] == "family")
    assert family["values"][0] == ["Agentic Frameworks (group)", "Foundation Models"]
    text = render(cmp, "text")
    assert "Agentic Frameworks (group), Foundation Models" in text
    assert text.endswith("(group): stated only in sentences about a group of models)")
    # species links: §C.1 "scGPT and scFoundation were pretrained on human–mouse atlases" (a group sentence) vs
    # iSEEEK's Table 7 row 5, "Atlas (11.9M cells, human + mouse)"
    species = {r.property: r for r in compare(store, ["scgpt", "iseeek"]).rows}["species"]
    assert species.values == [["Homo sapiens (group)", "Mus musculus (group)"], ["Homo sapiens", "Mus musculus"]]


def _column_texts(text: str, row: str) -> list[str]:
    """Each entity's cell of `row` in a wrapped text table, its lines joined again."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(row))
    block = [lines[start]]
    for line in lines[start + 1 :]:
        if not line.startswith(" " * 4) or "·" in line:
            break
        block.append(line)
    cells = [[c.strip() for c in (line + " ").split(" | ")[1:]] for line in block]
    n = max(len(c) for c in cells)
    joined = []
    for i in range(n):
        text = ""
        for part in (c[i] for c in cells if i < len(c) and c[i]):
            text += part if not text or text.endswith("-") else " " + part  # wrapped at a space or after a hyphen
        joined.append(text)
    return joined


def test_text_wraps_and_never_cuts(store: ox.Store) -> None:
    """Issue 25: the ≠ tasks row read "annotation and ontology mapping, data and batch i…" for all three models."""
    cmp = compare(store, ["scgpt", "geneformer", "uce"])
    text = render(cmp, "text", width=100)
    assert "…" not in text and max(len(line) for line in text.splitlines()[:-1]) <= 100
    tasks = _column_texts(text, "≠ tasks")
    # Table 2 / the prose: what distinguishes them is at the end of the cells the old table cut
    assert "multi-omic integration" in tasks[0] and "multi-omic integration" not in tasks[1]
    assert "regulatory-network and pathway inference" in tasks[1]
    assert "cross-species translation" in tasks[2]
    assert tasks == [", ".join(v) for v in next(r for r in cmp.rows if r.property == "tasks").values]
    # without a width: one line a row, every value whole
    one_line = render(cmp, "text")
    assert "annotation and ontology mapping, clustering, cross-species translation, data and batch integration" in (
        one_line
    )
    # header, rule, rows, count, the note that the link rows are links out (issue 22), legend
    assert len(one_line.splitlines()) == 2 + len(cmp.rows) + 3
    assert one_line.splitlines()[-2].startswith("(paper, code, weights, documentation, licence, listed in: links out")


def test_cli_width() -> None:
    r = CliRunner().invoke(main, ["compare", "scgpt", "geneformer", "uce", "--width", "80"])
    assert r.exit_code == 0, r.output
    assert "…" not in r.output and max(len(line) for line in r.output.splitlines()[:-1]) <= 80
    # Geneformer's task, past the old 50-character cut
    assert "regulatory-network and pathway inference" in _column_texts(r.output, "≠ tasks")[1]
    r = CliRunner().invoke(main, ["compare", "scgpt", "geneformer", "--width", "0"])
    assert "trajectory and perturbation modeling" in next(x for x in r.output.splitlines() if "≠ tasks" in x)
