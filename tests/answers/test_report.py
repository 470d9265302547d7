"""The main job (`llm4cell-kg report`) on the real graph: every canned question answered, hand-checked answers,
figures embedded, and a failing run leaves the previous report untouched."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result

from llm4cell_kg.answers.query import list_queries
from llm4cell_kg.answers.report import MARKER, MAX_ROWS, _anchor, check_reasoning
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


#: the report as the code before issue 27 wrote it (sha256 per section of index.md and per file)
BEFORE = Path(__file__).parent / "fixtures" / "report-before-issue-27.json"


def manifest(out: Path) -> dict[str, dict[str, str]]:
    """sha256 of each section of OUT/index.md (split at `## ` headings and query anchors) and of each file."""
    sections: dict[str, list[str]] = {"(top)": []}
    key = "(top)"
    for line in (out / "index.md").read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith(("## ", '<a id="')):
            key = line.strip()
            sections[key] = []
        sections[key].append(line)
    digest = {k: hashlib.sha256("".join(v).encode()).hexdigest() for k, v in sections.items()}
    files = {p.relative_to(out).as_posix(): p for p in sorted(out.rglob("*")) if p.is_file()}
    return {"sections": digest, "files": {k: hashlib.sha256(p.read_bytes()).hexdigest() for k, p in files.items()}}


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
    # the counts are the survey's graphs, which the answers read; graph/catalogue_models.yaml's 56 records (one graph
    # each) are checked with them and named apart, never counted in
    others = re.search(r"\| other sources \(not in these answers\) \| (\d+) quads in (\d+) named graphs", summary)
    assert others and others.group(2) == "56", summary
    # the validation warnings are the survey's: a catalogue record is never told its survey names no dataset
    assert "(58 nodes)" in summary and "l4cs:ModelHasDataset" in summary
    # AgenticCapableModel = Table 7 "Agentic: Yes" rows (QuST-LLM, scExtract, scAgent, CellAtria, CellAgent)
    assert "| l4c:AgenticCapableModel | 5 |" in summary


def test_a_section_for_every_canned_query(run: tuple[Result, Path], index: str) -> None:
    _, out = run
    for q in list_queries():
        text = section(index, q.name)
        assert f"### {q.title}" in text and q.question in text and q.answers in text, q.name
        assert f"(#{_anchor(q.name)})" in index  # in the table of contents
        assert (out / "results" / f"{q.name}.csv").is_file(), q.name


def test_the_report_is_the_one_before_issue_27(run: tuple[Result, Path], index: str) -> None:
    """Issue 27 made the report fast, not different: every section of index.md, every CSV, both renderings of each
    figure, index.html and each page under pages/ are byte for byte what the code before it wrote (the fixture's
    sha256; issue 25 made index.html an index of pages/, one page per section, and rewrote it). A change of the
    records, queries or figures that is meant changes the report: then rewrite the fixture from a run of the new
    code (`manifest(OUT)`), saying why in the commit."""
    _, out = run
    before = json.loads(BEFORE.read_text(encoding="utf-8"))
    now = manifest(out)
    changed = sorted(
        k
        for k in before["sections"].keys() | now["sections"].keys()
        if before["sections"].get(k) != now["sections"].get(k)
    )
    assert changed == [], f"sections of index.md that differ: {changed}"
    assert now["files"] == before["files"]


def test_a_kept_report_is_never_stale(graph_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the inputs unchanged a second report reads what the first kept (the checked graph, HermiT's verdict,
    the figures, the HTML) and is the same; edit one record (scGPT placed in a second family) and the next report,
    with that cache in place, is the one an empty cache gives: new memberships, a new taxonomy figure."""
    monkeypatch.setenv("LLM4CELL_KG_DATA", str(graph_copy))  # the default rules, on records of this test's own

    def report(cache: str, out: str) -> dict[str, bytes]:
        monkeypatch.setenv("LLM4CELL_KG_CACHE", str(tmp_path / cache))
        r = CliRunner().invoke(main, ["report", str(tmp_path / out)])
        assert r.exit_code == 0, r.output
        return {p.relative_to(tmp_path / out).as_posix(): p.read_bytes() for p in (tmp_path / out).rglob("*.*")}

    first = report("cache", "first")
    kinds = {p.name.split("-")[0] for p in (tmp_path / "cache").iterdir()}
    assert {"graph", "validation", "reasoning", "figure", "html", "names", "facets", "search"} <= kinds
    assert report("cache", "again") == first
    models = graph_copy / "models.yaml"
    text = models.read_text(encoding="utf-8")
    text = text.replace("  families: [foundation]\n", "  families: [foundation, agentic]\n", 1)  # scGPT's
    cite = "  citation: cui-et-al-2024\n"  # kept against its printed Category 'Foundation' by an override
    text = text.replace(cite, cite + "  override:\n    families:\n      reason: a fixture of this test\n", 1)
    models.write_text(text, "utf-8")
    edited = report("cache", "edited")
    assert edited == report("empty-cache", "cold")
    summary = edited["index.md"].decode()
    assert "| l4c:AgenticFramework | 9 |" in summary and "| l4c:AgenticFramework | 8 |" in first["index.md"].decode()
    assert edited["figures/figure1-taxonomy.svg"] != first["figures/figure1-taxonomy.svg"]
    assert edited["figures/dataset-scale-by-modality.svg"] == first["figures/dataset-scale-by-modality.svg"]


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
    pages = {p.name: p.read_text(encoding="utf-8") for p in (out / "pages").glob("*.html")}  # for a browser
    assert sum(page.count("<img ") for page in pages.values()) == 5
    assert '<img alt="Figure 1: taxonomy tree" src="../figures/figure1-taxonomy.png"' in pages["figure1-taxonomy.html"]
    assert sum(page.count("<table>") for page in pages.values()) >= len(list_queries())
    assert "<td>false</td>\n<td>53</td>" in pages["q-agentic-vs-non-agentic.html"]


LINK = re.compile(r'(?:href|src)="([^"#:]+)(?:#[^"]*)?"')


def test_the_html_report_is_an_index_of_pages(run: tuple[Result, Path], index: str) -> None:
    """index.html lists every section (the summary, 5 figures, every canned question) with a one-line answer and
    links to its page; each page has its heading, a link back to the index, and links that resolve."""
    _, out = run
    home = (out / "index.html").read_text(encoding="utf-8")
    listed = re.findall(r'<td><a href="pages/([^"]+)\.html">([^<]+)</a></td>\n<td>([^\n]*)</td>', home)
    names = [name for name, _, _ in listed]
    assert len(names) == len(set(names)) == 1 + 5 + len(list_queries())
    assert {p.stem for p in (out / "pages").glob("*")} == set(names)  # no page the index does not list
    answers = {name: answer for name, _, answer in listed}
    # Table 7 "Agentic (Y/N)": 5 Yes, 53 No (its first row: true, 5); agentic annotation: 7 models, CellAgent first
    assert answers["q-agentic-vs-non-agentic"] == "2 rows; first: true · 5"
    assert answers["q-agentic-annotation"] == "7 rows; first: model:cellagent · CellAgent · Table 7 row 58"
    assert answers["summary"].startswith("SHACL conforms (0 violations, ")
    for part in ("Summary", "Figures", "Survey questions", "Audit questions (contradictions and gaps)"):
        assert f"<h2>{part}</h2>" in home, part
    for link in LINK.findall(home):
        assert (out / link).exists(), link
    for name, title, _ in listed:
        page = (out / "pages" / f"{name}.html").read_text(encoding="utf-8")
        assert f"<h1>{title}</h1>" in page and '<a href="../index.html">↑ Report index</a>' in page, name
        for link in LINK.findall(page):
            assert (out / "pages" / link).resolve().exists(), (name, link)
    # a question's page holds its section of index.md: the same rows, links rewritten from pages/
    page = (out / "pages" / "q-model-table7-row.html").read_text(encoding="utf-8")
    assert page.count("<tr>") == 1 + len(table_rows(section(index, "model-table7-row"))) == 59
    assert 'href="../results/model-table7-row.csv"' in page


def test_the_html_pages_are_short(run: tuple[Result, Path]) -> None:
    """The one page of 102,400 px (87,800 px when issue 25 was filed) became an index and a page per section: none
    holds more than one result table of at most MAX_ROWS rows, and the index one row per section (measured in
    Chromium at 1400x1000: the index 3,900 px, the median page under 900 px, the tallest, Table 7's 58 rows,
    10,700 px)."""
    _, out = run
    home = (out / "index.html").read_text(encoding="utf-8")
    assert home.count("<h2>") == 5  # summary, figures, survey, ontology-link and audit questions
    assert home.count("<tr>") == 5 + 1 + 5 + len(list_queries())  # a header per part, then one row per section
    assert len(home.encode()) < 32_000
    for page in (out / "pages").glob("q-*.html"):
        text = page.read_text(encoding="utf-8")
        assert text.count("<table>") <= 1 and text.count("<tr>") <= MAX_ROWS + 1, page.name
        assert len(text.encode()) < 64_000, page.name


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
