"""`query new-since-survey` (issue 23 item 5): the models the survey does not list, with the date their source gives
them, when their record was added and last changed, and the source; the survey's own answer is empty."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from click.testing import CliRunner

from llm4cell_kg import paths
from llm4cell_kg.cli import main

AWESOME = "Awesome-Single-Cell-Foundation-Models site/data.json @ 6e7140c (2026-07-21)"


def _rows(args: list[str]) -> list[dict[str, str]]:
    out = CliRunner().invoke(main, ["query", "new-since-survey", "--format", "csv", *args])
    assert out.exit_code == 0, out.output
    text = out.output[out.output.index("model,") :]
    return list(csv.DictReader(io.StringIO(text)))


def test_the_survey_lists_nothing_new() -> None:
    assert _rows([]) == []


def test_every_catalogue_model_the_survey_lacks_with_its_dates() -> None:
    rows = _rows(["--sources", "all"])
    assert len(rows) == 56 and {r["source"] for r in rows} == {AWESOME}
    # newest first, by the date the catalogue prints: scVision 2026-07-15 (facts.yaml)
    assert rows[0] == {
        "model": "model:scvision",
        "name": "scVision",
        "date": "2026-07-15",
        "added": "2026-12-06",
        "changed": "2026-12-06",
        "category": "General",
        "mappedFamily": "foundation",
        "source": AWESOME,
        "rests_on": f"not in the survey ({AWESOME})",  # the marker column's wording (docs/curation.md)
    }
    tahoe = next(r for r in rows if r["name"] == "Tahoe-x1")
    assert (tahoe["date"], tahoe["category"], tahoe["mappedFamily"]) == ("2025-10-23", "Domain / Task", "")
    assert not {r["name"] for r in rows} & {"scGPT", "CellAgent", "Geneformer"}


def test_a_curated_record_adds_its_own_row_and_dates(tmp_path: Path) -> None:
    """tests/fixtures/external-full: Tahoe-x1 curated from its paper on 2026-03-01, changed 2026-04-02."""
    graph = tmp_path / "graph"
    shutil.copytree(paths.GRAPH_DIR, graph)
    for f in (Path(__file__).parents[1] / "fixtures" / "external-full").glob("*.yaml"):
        shutil.copy(f, graph / f.name)
    out = CliRunner().invoke(
        main, ["--data", str(graph), "query", "new-since-survey", "--sources", "all", "--format", "csv"]
    )
    assert out.exit_code == 0, out.output
    got = [r for r in csv.DictReader(io.StringIO(out.output[out.output.index("model,") :])) if r["name"] == "Tahoe-x1"]
    assert [(r["date"], r["added"], r["changed"], r["source"]) for r in got] == [
        ("2025-10-23", "2026-12-06", "2026-12-06", AWESOME),
        ("2025-10-23", "2026-03-01", "2026-04-02", "doi:10.1101/2025.10.23.683759"),
    ]
