"""The main job (`llm4cell-kg report`) on the real graph: every canned question answered, hand-checked answers,
figures embedded, and a failing run leaves the previous report untouched."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result

from llm4cell_kg.answers.query import list_queries
from llm4cell_kg.answers.report import MARKER, _anchor, check_reasoning
from llm4cell_kg.build.graph import ontology_quads
from llm4cell_kg.cli import main
from llm4cell_kg.common.namespaces import L4C, RDF, SCHEMES
from llm4cell_kg.errors import UserError


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    """One full report run (build, SHACL, HermiT, every query, figures) for the whole module."""
    out = tmp_path_factory.mktemp("main") / "report"
    return CliRunner().invoke(main, ["report", str(out)]), out


@pytest.fixture(scope="module")
def index(run: tuple[Result, Path]) -> str:
    result, out = run
    assert result.exit_code == 0, result.output
    return (out / "index.md").read_text(encoding="utf-8")


def section(index: str, name: str) -> str:
    """The text of one query's section in index.md."""
    start = index.index(f'<a id="{_anchor(name)}"></a>')
    nxt = index.find('<a id="', start + 1)
    return index[start : nxt if nxt > 0 else len(index)]


def table_rows(text: str) -> list[list[str]]:
    return [
        [c.strip() for c in ln.strip("|").split(" | ")]
        for ln in text.splitlines()
        if ln.startswith("| ") and not ln.startswith("|---")
    ][1:]


def test_summary_on_stdout(run: tuple[Result, Path]) -> None:
    result, out = run
    assert result.exit_code == 0, result.output
    assert f"report: {out / 'index.md'}" in result.output
    assert "58 models in Table 7" in result.output and "40 datasets in Tables 1-6" in result.output
    assert "validation: conforms (0 violations" in result.output
    assert "reasoning: consistent, 0 unsatisfiable classes, " in result.output
    assert f"{len(list_queries())} canned questions answered" in result.output
    assert "\r[" not in result.output  # no progress counter when stderr is not a terminal (issue 17 item 11)


def test_summary_section(index: str) -> None:
    summary = index[index.index("## Summary") : index.index("## Figures")]
    # Table 7 has 58 rows (Appendix E), Tables 1-6 have 7+6+8+6+8+5 = 40 rows (Appendix D), 82 references
    for row in (
        "| models in Table 7 | 58 |",
        "| datasets in Tables 1-6 | 40 |",
        "| reference-list entries | 82 |",
        "| SHACL validation | conforms: 0 violations,",
        "| OWL reasoning (HermiT) | consistent, 0 unsatisfiable classes,",
    ):
        assert row in summary, row
    assert re.search(r"\| quads \(named graphs\) \| \d{4,} \(\d+\) \|", summary)
    # AgenticCapableModel = Table 7 "Agentic: Yes" rows (QuST-LLM, scExtract, scAgent, CellAtria, CellAgent)
    assert "| l4c:AgenticCapableModel | 5 |" in summary


def test_a_section_for_every_canned_query(run: tuple[Result, Path], index: str) -> None:
    _, out = run
    for q in list_queries():
        text = section(index, q.name)
        assert f"### {q.title}" in text and q.question in text and q.answers in text, q.name
        assert f"(#{_anchor(q.name)})" in index  # in the table of contents
        assert (out / "results" / f"{q.name}.csv").is_file(), q.name


def test_hand_checked_answers(index: str) -> None:
    # Table 7 "Agentic (Y/N)": 5 Yes, 53 No
    assert table_rows(section(index, "agentic-vs-non-agentic")) == [["true", "5"], ["false", "53"]]
    # Tables 1-6 Scale cells of one million cells or more
    over = {r[0] for r in table_rows(section(index, "datasets-over-1m-cells"))}
    assert over == {
        "dataset:tabula-sapiens-v2",
        "dataset:hlca-v1",
        "dataset:hca-lung-project",
        "dataset:allen-brain-map",
        "dataset:hca-data-browser",
        "dataset:merfish",
        "dataset:replogle-2022-perturb-seq",
        "dataset:scplantdb",
    }
    # years in Table 7's Model (Year) citations
    assert table_rows(section(index, "models-per-year")) == [
        ["2022", "4"],
        ["2023", "8"],
        ["2024", "20"],
        ["2025", "26"],
    ]
    f4 = {r[0]: r[2:] for r in table_rows(section(index, "figure4-agentic-task-coverage"))}
    assert f4["task:annotation"][0] == "4" and f4["task:regulatory-network"][0] == "0"


def test_long_results_are_capped_and_complete_in_csv(run: tuple[Result, Path], index: str) -> None:
    _, out = run
    with (out / "results" / "alternative-names.csv").open(encoding="utf-8", newline="") as fh:
        n = sum(1 for _ in csv.reader(fh)) - 1
    text = section(index, "alternative-names")
    assert len(table_rows(text)) == 60
    assert f"{n - 60} more rows omitted ({n} in all)" in text and n > 150
    # a question about one entity is answered for its example, and says so: scGPT's 34 statements (6 tasks, 3 domain
    # limitations, 2 strengths, 2 modalities, 2 species, 8 printed Table 7 cells, 11 other facts; its card agrees)
    text = section(index, "provenance-of-statement")
    assert "`llm4cell-kg query provenance-of-statement --param model=model:scgpt`" in text
    assert "the query answers for one model or one dataset; shown for --param model=model:scgpt" in text
    assert len(table_rows(text)) == 34 and {r[0] for r in table_rows(text)} == {"model:scgpt"}
    # Table 7 (58 rows) fits whole
    assert len(table_rows(section(index, "model-table7-row"))) == 58


def test_figures_embedded_and_present(run: tuple[Result, Path], index: str) -> None:
    _, out = run
    images = re.findall(r"!\[[^\]]*\]\((figures/[^)]+\.png)\)", index)
    assert len(images) == 5
    for rel in images:
        png = out / rel
        assert png.is_file() and png.with_suffix(".svg").is_file()
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "figures/figure4-agentic-task-coverage.png" in section(index, "figure4-agentic-task-coverage")
    page = (out / "index.html").read_text(encoding="utf-8")  # the same report for a browser
    assert page.count("<img ") == 5 and 'src="figures/figure1-taxonomy.png"' in page
    assert page.count("<table>") >= len(list_queries()) and "<td>false</td>\n<td>53</td>" in page


def test_failing_validation_leaves_previous_report(
    run: tuple[Result, Path], graph_failing_shacl: Path, tmp_path: Path
) -> None:
    _, good = run
    out = tmp_path / "reports" / "report"
    shutil.copytree(good, out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    r = CliRunner().invoke(main, ["report", str(out), "--data", str(graph_failing_shacl)])
    assert r.exit_code == 1
    assert "does not pass validation" in r.output and "l4cs:AssertionNotSurvey" in r.output
    assert "Traceback" not in r.output and isinstance(r.exception, SystemExit)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in out.parent.iterdir()] == ["report"]  # no temp directory left beside it


def test_refuses_to_replace_a_directory_that_is_not_a_report(tmp_path: Path) -> None:
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "todo.txt").write_text("keep me", encoding="utf-8")
    r = CliRunner().invoke(main, ["report", str(mine)])
    assert r.exit_code == 1 and "is not an llm4cell-kg report" in r.output and "Traceback" not in r.output
    assert (mine / "todo.txt").read_text(encoding="utf-8") == "keep me" and not (mine / MARKER).exists()


def test_inconsistent_graph_fails_reasoning() -> None:
    """A model that is also a dataset contradicts `Model owl:disjointWith Dataset` (real HermiT run)."""
    m = ox.NamedNode(SCHEMES["model"] + "chimera")
    t = ox.NamedNode(RDF + "type")
    quads = list(ontology_quads()) + [
        ox.Quad(m, t, ox.NamedNode(L4C + "Model")),
        ox.Quad(m, t, ox.NamedNode(L4C + "Dataset")),
    ]
    with pytest.raises(UserError, match="fails reasoning .HermiT.; no report was written.\nINCONSISTENT"):
        check_reasoning(quads)
