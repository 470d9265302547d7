"""The HTML report's index and pages, on three made-up sections (the real report: tests/answers/test_report.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from llm4cell_kg.answers.report_html import Section, html_pages

SECTIONS = [
    Section("summary", "Summary", "Summary", "## Summary\n\n| what | value |\n|---|---|\n| models | 58 |", "58 models"),
    Section(
        "q-a",
        "Models | tasks",
        "Survey questions",
        '<a id="q-a"></a>\n\n### Models | tasks\n\n'
        "![fig](figures/f.png) (data: [b](#q-links-b))\n\n_1 row; CSV: [results/a.csv](results/a.csv)._",
        "1 row; first: model:scgpt",
    ),
    Section("q-links-b", "B", "Ontology-link questions", "### B\n\n**Answer:** true", "true"),
]


@pytest.fixture()
def pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("LLM4CELL_KG_CACHE", str(tmp_path / "cache"))
    return html_pages("Report", "The intro.", SECTIONS)


def test_one_page_per_section_and_an_index(pages: dict[str, str]) -> None:
    assert sorted(pages) == ["index.html", "pages/q-a.html", "pages/q-links-b.html", "pages/summary.html"]
    home = pages["index.html"]
    assert "<title>Report</title>" in home and "<h2>Ontology-link questions</h2>" in home
    # the title's `|` is escaped, so the row keeps its two cells
    assert '<td><a href="pages/q-a.html">Models | tasks</a></td>\n<td>1 row; first: model:scgpt</td>' in home


def test_a_page_has_its_heading_its_neighbours_and_relative_links(pages: dict[str, str]) -> None:
    first, middle, last = pages["pages/summary.html"], pages["pages/q-a.html"], pages["pages/q-links-b.html"]
    assert "<h1>Summary</h1>" in first and "←" not in first and 'href="q-a.html">Models | tasks →' in first
    assert "<title>Models | tasks: Report</title>" in middle and "<h1>Models | tasks</h1>" in middle
    assert 'href="summary.html">← Summary' in middle and 'href="q-links-b.html">B →' in middle
    assert 'src="../figures/f.png"' in middle and 'href="../results/a.csv"' in middle
    assert 'href="q-links-b.html">b</a>' in middle  # index.md's anchor, as the page it became
    assert "→" not in last and '<a href="../index.html">↑ Report index</a>' in last


def test_the_pages_are_kept_and_read_back(tmp_path: Path, pages: dict[str, str]) -> None:
    kept = list((tmp_path / "cache").glob("html-*.json"))
    assert len(kept) == 1
    marked = {path: page + "<!-- kept -->" for path, page in pages.items()}
    kept[0].write_text(json.dumps(marked), encoding="utf-8")
    assert html_pages("Report", "The intro.", SECTIONS) == marked  # read back, not rendered again
    kept[0].write_text('{"index.html": "stale"}', encoding="utf-8")  # a kept set of other pages is not used
    assert html_pages("Report", "The intro.", SECTIONS) == pages
