"""Figures 1, 3, 4, 5 and the dataset-scale chart: files, readable labels, plotted values hand-checked on the survey."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from llm4cell_kg.answers import figures
from llm4cell_kg.cli import main

NAMES = [
    "figure1-taxonomy",
    "figure3-task-model-heatmap",
    "figure4-agentic-task-coverage",
    "figure5-agentic-domain-coverage",
    "dataset-scale-by-modality",
]


@pytest.fixture(scope="module")
def drawn(store: ox.Store, tmp_path_factory: pytest.TempPathFactory) -> dict[str, figures.Figure]:
    out = tmp_path_factory.mktemp("figures")
    return {f.name: f for f in figures.draw_all(store, out)}


def svg(f: figures.Figure) -> str:
    return next(p for p in f.paths if p.suffix == ".svg").read_text(encoding="utf-8")


def test_every_figure_as_png_and_svg(drawn: dict[str, figures.Figure]) -> None:
    from PIL import Image

    assert list(drawn) == NAMES
    for name, f in drawn.items():
        assert [p.name for p in f.paths] == [f"{name}.png", f"{name}.svg"]
        with Image.open(f.paths[0]) as im:
            w, h = im.size
        assert 900 <= w <= 4000 and 500 <= h <= 5000, (name, w, h)
        assert svg(f).lstrip().startswith("<?xml") and "<text" in svg(f)  # labels kept as text
        assert not list(f.paths[0].parent.glob(".*"))  # no temp files left behind


def test_figure1_taxonomy_tree(drawn: dict[str, figures.Figure]) -> None:
    f = drawn["figure1-taxonomy"]
    tree: dict[str, set[str]] = {}
    for fam, model in zip(f.data["family"], f.data["modelLabel"], strict=True):
        tree.setdefault(fam, set()).add(model)
    # Table 7 rows whose Category is "Agentic Framework": scExtract, scAgent, CellAtria, CellAgent (rows 36, 37, 57,
    # 58); "Benchmark / Evaluation": Pilot and CellVerse
    assert tree["family:agentic"] == {"scExtract", "scAgent", "CellAtria", "CellAgent"}
    assert tree["family:benchmark-evaluation"] == {"Pilot", "CellVerse"}
    assert len({m for ms in tree.values() for m in ms}) == 58  # every Table 7 row
    text = svg(f)
    for label in (
        "Foundation Models",
        "Text-Bridge LLMs",
        "Epigenomic Models",
        "Agentic Frameworks",
        "Benchmark / Evaluation",
        "scGPT",
        "EpiAttend",
        "scExtract",
        "CellAgent",
        "LLM4Cell",
        "(4 models)",
        "(2 models)",
    ):
        assert label in text, label


def test_figure3_heatmap(drawn: dict[str, figures.Figure]) -> None:
    f = drawn["figure3-task-model-heatmap"]
    pairs = set(zip(f.data["modelLabel"], f.data["task"], strict=True))
    # §5: "scGPT and Geneformer support both annotation and perturbation prediction"
    for m in ("scGPT", "Geneformer"):
        assert (m, "task:annotation") in pairs and (m, "task:trajectory-perturbation") in pairs
    assert f.data["task"].nunique() == 8  # the eight analytical tasks of §5
    text = svg(f)
    for label in ("scGPT", "Geneformer", "CellAgent", "Task vs Model", "cross-species"):
        assert label in text, label


def test_figure3_hatches_the_cells_only_groups_name(drawn: dict[str, figures.Figure]) -> None:
    f = drawn["figure3-task-model-heatmap"]
    basis = {(r.modelLabel, r.task): r.basis for r in f.data.itertuples()}
    # 124 model-task cells: 97 named by a Table 7 row, 1 only by a sentence about the model alone, 26 only by
    # sentences about groups (docs/modelling.md, "Group statements")
    assert sorted(basis.values()).count("group") == 26 and len(basis) == 124
    assert list(basis.values()).count("table") == 97
    # hand-checked: §4.5 "These systems enable dialogue-based annotation" (Teddy's row 50 prints disease
    # classification); §5.7 "Representative approaches include scGPT, scFoundation, CellFM, and Geneformer" (scGPT's
    # row 1 prints no generation); §5.6 "Representative models include iSEEEK, UCE, GeneCompass, and scPlantLLM"
    for cell in (("Teddy", "task:annotation"), ("scGPT", "task:generation"), ("iSEEEK", "task:cross-species")):
        assert basis[cell] == "group", cell
    # scGPT's annotation: Table 7 row 1 and three group sentences (§4.1, §5, §5.1); the table cell decides
    row = f.data[(f.data["modelLabel"] == "scGPT") & (f.data["task"] == "task:annotation")].iloc[0]
    assert (row.sources, row.tableRows, row.aloneClaims, row.groupClaims, row.basis) == (4, 1, 0, 3, "table")
    text = svg(f)
    assert text.count('id="group-only ') == 26
    assert 'id="group-only Teddy / annotation and ontology mapping"' in text
    assert 'id="group-only scGPT / annotation and ontology mapping"' not in text
    assert "hatched: named only in sentences about a group of models" in text


def test_figure4_values_and_labels(drawn: dict[str, figures.Figure]) -> None:
    f = drawn["figure4-agentic-task-coverage"]
    d = f.data.set_index("task")
    # Table 7 rows marked Agentic "Yes": QuST-LLM (spatial narratives), scExtract (annotation + integration),
    # scAgent, CellAtria, CellAgent (annotation) -> 5 agentic rows, 53 "No" rows. scExtract's "Annotation &
    # Integration - [...] apply them for dataset harmonization" is data integration of one modality (issue 12), not
    # multi-omic integration
    assert int(d["agentic"].sum()) == 6 and d.loc["task:data-integration", "agentic"] == 1
    assert d.loc["task:annotation", "agentic"] == 4 and d.loc["task:annotation", "agenticShare"] == 80.0
    assert d.loc["task:spatial-mapping", "agentic"] == 1 and d.loc["task:multiomic-integration", "agentic"] == 0
    assert d.loc["task:regulatory-network", "agentic"] == 0 and d.loc["task:trajectory-perturbation", "agentic"] == 0
    assert list(f.data["task"][:2]) == ["task:annotation", "task:trajectory-perturbation"]  # §5 order
    text = svg(f)
    for label in (
        "agentic (n=5)",
        "non-agentic (n=53)",
        "annotation and ontology",
        "multi-omic integration",
        "Figure 4",
    ):
        assert label in text, label
    assert "fill: #1b3a6b" in text and "fill: #f2c230" in text  # dark blue and yellow, as in the survey


def test_figure5_values_and_labels(drawn: dict[str, figures.Figure]) -> None:
    f = drawn["figure5-agentic-domain-coverage"]
    assert len(f.data) == 20 and f.data["domain"].nunique() == 10  # 10 domain dimensions (§6.1-6.10) x 2 kinds
    ag = {(r.domain, r.kind): r.agentic for r in f.data.itertuples() if r.agentic}
    # scAgent is the only Table 7 "Yes" row the prose names for a domain: §6.7 ("Agentic systems (scAgent) extend
    # this"), §6.10 (emerging paradigms) and C.5 ("Open challenges include ... privacy")
    assert ag == {
        ("domain:explainability", "strength"): 1,
        ("domain:emerging-paradigms", "strength"): 1,
        ("domain:privacy-ethics", "limitation"): 1,
    }
    text = svg(f)
    for label in ("Biological Grounding", "Privacy and Ethics", "strengths", "limitations", "non-agentic"):
        assert label in text, label
    # of scAgent's three, only §6.7 names it alone ("Agentic systems (**scAgent**) extend this via natural-language
    # reasoning"); §6.10 "Recent frameworks (scAgent, CellVerse, EpiAgent)" and C.5 "Open challenges include ...
    # privacy" are about groups
    alone = {(r.domain, r.kind): r.agenticAlone for r in f.data.itertuples() if r.agentic}
    assert alone == {
        ("domain:explainability", "strength"): 1,
        ("domain:emerging-paradigms", "strength"): 0,
        ("domain:privacy-ethics", "limitation"): 0,
    }
    # non-agentic rows named alone: Teddy (§6.6 "introduces benchmarking for fairness"), scPlantLLM (§6.5 "while
    # **scPlantLLM** (Cao et al., 2025) extends this to plants"), CellFM and xTrimoGene (§6.9)
    own = {(r.domain, r.kind): r.nonAgenticAlone for r in f.data.itertuples() if r.nonAgenticAlone}
    assert own == {
        ("domain:atlas-fairness", "strength"): 1,
        ("domain:cross-species-generalization", "strength"): 1,
        ("domain:scalability", "strength"): 2,
    }
    assert "1 (0 alone)" in text and "5 (1 alone)" in text  # the bars say both
    assert "only in sentences about groups" in text  # the legend
    # issue 25: the legend gives n as Figure 4's does (Table 7: 5 "Yes" rows, 53 others) and both panels count models
    # on one x-scale (they were 0-16 and 0-20): the longest bar is the 20 limitation models, the same ticks on each
    assert "agentic (n=5)" in text and "non-agentic (n=53)" in text
    assert int(f.data[["agentic", "nonAgentic"]].to_numpy().max()) == 20
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", text)
    strength, limitation = (texts.index(f"Table 7 models named as a {k}") for k in ("strength", "limitation"))
    ticks = texts[:strength]
    assert (
        ticks == ["0", "3", "6", "9", "12", "15", "18", "21"] and texts[limitation - len(ticks) : limitation] == ticks
    )


def test_dataset_scale_values(drawn: dict[str, figures.Figure]) -> None:
    f = drawn["dataset-scale-by-modality"]
    d = f.data.set_index("modality")
    # multiome (Table 3): HCA 63.2 M + Azimuth 100k + TEA-seq 100k + DOGMA-seq 50k + CITE-seq 500k
    assert (d.loc["modality:multiomic", "cells"], d.loc["modality:multiomic", "datasetsWithCells"]) == (63950000, 5)
    # spatial (Table 4): MERFISH ~4 M + Xenium/CosMx 10k (lower end)
    assert d.loc["modality:spatial", "cells"] == 4010000
    # Table 5 perturbation: 2.5M + 200k + 100k + 30k + 650k + 300k + 200k + 300k
    assert d.loc["modality:perturbation", "cells"] == 4280000
    assert d.loc["modality:atac", "cells"] == 0  # Table 2 prints nuclei, not cells
    assert dict(d["datasets"]) == {
        "modality:rna": 20,
        "modality:multiomic": 8,
        "modality:perturbation": 8,
        "modality:atac": 6,
        "modality:spatial": 6,
    }
    # issue 25: Table 1 rows 4 and 5 print one lung atlas (HLCA v1.0 "~2.4 M / 49 datasets / 16 studies"; "HCA lung
    # project" "2.4 M cells / 49 datasets", linked to the "HLCA Project Page"): its 2.4 M cells count once. RNA: Table 1
    # (TS v2 1.1 M, Tabula Muris ~100k, MCA >400k, HLCA ~2.4 M, Allen >1.8 M, Yale ~300k), Table 5's 8 perturbation
    # rows (4.28 M, all "~"), Table 6 (scPlantDB ~2.5 M, E-CURD-4 10,779, tobacco ~25k): 17 datasets, 12,915,779 cells
    rna = d.loc["modality:rna"]
    assert (rna["cells"], rna["datasetsWithCells"], rna["datasets"], rna["atlases"]) == (12915779, 17, 20, 19)
    assert rna["merged"] == "HCA lung project"
    # the qualifiers: RNA 13 "~" (HLCA, Tabula Muris, Yale, scPlantDB, tobacco and the 8 Table 5 rows), 2 ">" (MCA,
    # Allen); multi-omic: HCA ~63.2 M, TEA-seq ~100k, DOGMA-seq ~50k, CITE-seq >500k, Azimuth "100k–1 M" (a range)
    marks = {m: (r.approx, r.lowerBound, r.ranges) for m, r in zip(d.index, d.itertuples(), strict=True)}
    assert marks == {
        "modality:multiomic": (3, 1, 1),
        "modality:rna": (13, 2, 0),
        "modality:perturbation": (8, 0, 0),
        "modality:spatial": (1, 0, 1),  # MERFISH ~4 M, Xenium / CosMx "10k–100k"
        "modality:atac": (0, 0, 0),
    }
    text = svg(f)
    for label in (
        "at least ~63.95 M cells",
        "(5 datasets: 3 '~', 1 '&gt;', 1 range at its lower end)",
        "at least ~12.92 M cells",
        "~4.28 M cells",
        "Table 1 rows 4 and 5 print one lung atlas (HLCA v1.0, ~2.4 M cells), counted once.",
        "no cell count printed",
        "ATAC",
        "multi-omic",
    ):
        assert label in text, label


def test_rerun_gives_identical_svg(store: ox.Store, drawn: dict[str, figures.Figure], tmp_path: Path) -> None:
    again = figures.draw_all(store, tmp_path, cached=False)  # drawn again, not copied from the build cache
    for f in again:
        assert f.paths[1].read_bytes() == drawn[f.name].paths[1].read_bytes(), f.name


def test_figures_are_kept_by_their_data(store: ox.Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A figure is drawn once per change of the query results it plots: drawn again from the same results it is
    copied from the build cache, byte for byte; other results (a graph without scGPT) draw it anew."""
    monkeypatch.setenv("LLM4CELL_KG_CACHE", str(tmp_path / "cache"))
    first = figures.figure1_taxonomy(store, tmp_path / "a")
    drawn: list[int] = []
    real = figures._pyplot  # what every drawing starts with (matplotlib is imported only to draw)
    monkeypatch.setattr(figures, "_pyplot", lambda: drawn.append(1) or real())
    again = figures.figure1_taxonomy(store, tmp_path / "b")
    assert drawn == [] and [p.read_bytes() for p in again.paths] == [p.read_bytes() for p in first.paths]
    fewer = ox.Store()
    fewer.extend(q for q in store if "scgpt" not in str(q.subject))
    figures.figure1_taxonomy(fewer, tmp_path / "c")
    assert drawn == [1]


def test_figures_command(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["figures", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        f"{n}.{e}" for n in NAMES for e in ("png", "svg")
    )
    assert "Figure 4: agentic vs non-agentic task coverage" in r.output


def test_figures_command_refuses_a_file(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("x", encoding="utf-8")
    r = CliRunner().invoke(main, ["figures", str(target)])
    assert r.exit_code == 2 and "is a file" in r.output and "Traceback" not in r.output
