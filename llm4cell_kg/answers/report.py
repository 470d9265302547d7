"""The main job: build, validate, reason, answer every canned question and draw the figures, as a Markdown report."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..common.atomic import atomic_dir
from ..common.options import data_option, quiet_option
from ..common.progress import Progress
from ..errors import UserError
from .report_html import Section, html_pages

#: the steps write_report tells its progress
REPORT_STEPS = 6

if TYPE_CHECKING:
    import pyoxigraph as ox

    from ..checks.reason import Reasoning
    from ..checks.shacl_report import Report
    from ..store.sparql import Result
    from .figures import Figure
    from .query import CannedQuery

MARKER = ".llm4cell-kg-report"  # written into every report directory; only such a directory is ever replaced
MAX_ROWS = 60  # rows shown per query in index.md (the CSV under results/ has them all)
MAX_CELL = 160  # characters shown per cell in index.md
ONE_LINE = 80  # characters of a result's first row shown as its answer on the index of the HTML report
#: figure name -> the canned query its section is drawn next to
FIGURE_QUERY = {
    "figure1-taxonomy": "figure1-taxonomy",
    "figure3-task-model-heatmap": "figure3-task-model-matrix",
    "figure4-agentic-task-coverage": "figure4-agentic-task-coverage",
    "figure5-agentic-domain-coverage": "figure5-agentic-domain-coverage",
    "dataset-scale-by-modality": "cells-per-modality",
}
PART_TITLES = {
    "": "Survey questions",
    "links": "Ontology-link questions (CL, UBERON, NCBITaxon, EFO, PO)",
    "audit": "Audit questions (contradictions and gaps)",
}


@dataclass
class Answer:
    query: CannedQuery
    result: Result
    csv: str  # path relative to the report directory


@dataclass
class Outcome:
    """What one report run found and wrote."""

    out: Path
    quads: int
    triples: int
    graphs: int
    validation: Report
    reasoning: Reasoning
    answers: list[Answer] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    others: tuple[int, int] = (0, 0)  # quads and named graphs of other sources' records, checked with the survey's


# ---------------------------------------------------------------- the steps
def check_reasoning(quads: list[ox.Quad]) -> Reasoning:
    """HermiT over the graph; UserError when it is inconsistent, has unsatisfiable classes or is not OWL 2 DL."""
    from ..checks.reason import verdict

    with contextlib.redirect_stderr(io.StringIO()):  # owlready2's note on the documented punning of l4c:species
        v = verdict(quads)
    if not v.ok:
        raise UserError("the graph fails reasoning (HermiT); no report was written.\n" + v.text())
    return v.reasoning


def answer_all(store: ox.Store, results_dir: Path) -> list[Answer]:
    """Run every canned query on `store`; write each full result as CSV (or text for ASK/CONSTRUCT)."""
    from ..store.sparql import render, run
    from .query import bind_params, example_params, list_queries

    answers = []
    for q in list_queries():
        bindings = bind_params(q, example_params(q), store) or None  # a query for one entity: its example
        try:
            result = run(store, q.text, bindings)
        except (SyntaxError, OSError, ValueError) as exc:
            raise UserError(f"canned query {q.path} fails: {exc}") from None
        ext = (
            "csv"
            if result.boolean is None and result.triples is None
            else ("txt" if result.boolean is not None else "ttl")
        )
        path = results_dir / f"{q.name}.{ext}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(result, "csv") if ext == "csv" else render(result) + "\n", encoding="utf-8")
        answers.append(Answer(q, result, path.relative_to(results_dir.parent).as_posix()))
    return answers


# ---------------------------------------------------------------- Markdown
MD_ESCAPES = str.maketrans(
    {"\\": "\\\\", "|": "\\|", "*": "\\*", "`": "\\`", "[": "\\[", "]": "\\]", "<": "&lt;", "&": "&amp;"}
)


def _cell(text: str) -> str:
    """One table cell: whitespace collapsed, cut to MAX_CELL characters, Markdown and HTML characters escaped."""
    text = " ".join(text.split())
    if len(text) > MAX_CELL:
        text = text[: MAX_CELL - 1] + "…"
    return text.translate(MD_ESCAPES)


def md_table(result: Result, csv_link: str, max_rows: int = MAX_ROWS) -> str:
    """A Markdown table of the first `max_rows` rows, saying how many were left out."""
    from ..store.sparql import render, term_text

    if result.boolean is not None:
        return f"**Answer:** {str(result.boolean).lower()}"
    if result.triples is not None:
        return f"{len(result.triples)} triples: [{csv_link}]({csv_link})\n\n```turtle\n{render(result)[:4000]}\n```"
    if not result.rows:
        return "_No rows: the graph holds no answer to this question._"
    lines = ["| " + " | ".join(result.variables) + " |", "|" + "---|" * len(result.variables)]
    for row in result.rows[:max_rows]:
        lines.append("| " + " | ".join(_cell(term_text(t)) for t in row) + " |")
    n = len(result.rows)
    more = (
        f"_{n - max_rows} more rows omitted ({n} in all); the full result is in [{csv_link}]({csv_link})._"
        if n > max_rows
        else f"_{n} row{'s' if n != 1 else ''}; CSV: [{csv_link}]({csv_link})._"
    )
    return "\n".join(lines) + "\n\n" + more


def _anchor(name: str) -> str:
    return "q-" + name.replace("/", "-")


def _summary(o: Outcome) -> list[str]:
    """The Summary section: counts, the validation and reasoning results, warnings and inferred memberships."""
    from ..common.prefixes import compress

    v, r = o.validation, o.reasoning
    out = ["## Summary", "", "| what | value |", "|---|---|"]
    for what, n in o.counts.items():
        out.append(f"| {what} | {n} |")
    out += [
        f"| quads (named graphs) | {o.quads} ({o.graphs}) |",
        f"| triples (union of the graphs) | {o.triples} |",
        *_others_row(o),
        f"| SHACL validation | {'conforms' if v.conforms else 'does not conform'}: {len(v.violations)} "
        f"violations, {len(v.warnings)} warnings |",
        f"| OWL reasoning (HermiT) | {'consistent' if r.consistent else 'INCONSISTENT'}, "
        f"{len(r.unsatisfiable)} unsatisfiable classes, {len(r.inferred)} inferred class memberships |",
        f"| canned questions answered | {len(o.answers)} |",
        f"| figures | {len(o.figures)} (PNG and SVG in [figures/](figures/)) |",
        "",
    ]
    if v.warnings:
        out += ["**Validation warnings** (they do not fail the build; `llm4cell-kg validate` lists each one):", ""]
        per_shape: dict[str, int] = {}
        for w in v.warnings:
            per_shape[f"{w.shape}: {w.message}"] = per_shape.get(f"{w.shape}: {w.message}", 0) + 1
        out += [f"- {_cell(k)} ({n} nodes)" for k, n in sorted(per_shape.items())] + [""]
    if r.inferred:
        out += [
            "**Inferred class memberships** (HermiT, from the ontology's defined classes; "
            "graph `src:inferred/hermit`):",
            "",
            "| class | members |",
            "|---|---:|",
        ]
        out += [f"| {compress(c)} | {n} |" for c, n in sorted(r.counts().items(), key=lambda x: (-x[1], x[0]))] + [""]
    return out


def _others(o: Outcome) -> str:
    """What the build checked beside the survey's graphs and the answers leave out, or ''."""
    quads, graphs = o.others
    if not graphs:
        return ""
    return (
        f"{quads} quads in {graphs} named graphs of records not in the survey, validated and reasoned with the "
        "survey's; answers with them: --sources all"
    )


def _others_row(o: Outcome) -> list[str]:
    return [f"| other sources (not in these answers) | {_others(o)} |"] if o.others[1] else []


def _figure(f: Figure) -> list[str]:
    """One figure's section: its title, the PNG, and a link to the question whose data it draws."""
    png = next(p for p in f.paths if p.suffix == ".png")
    q = FIGURE_QUERY.get(f.name)
    link = f" (data: [{q}](#{_anchor(q)}))" if q else ""
    return [f"### {f.title}", "", f"![{f.title}](figures/{png.name}){link}", ""]


def _question(a: Answer, figure: Figure | None) -> list[str]:
    """One canned question's section: title, question, the survey location it answers, the query, its table."""
    from .query import example_params

    cq = a.query
    example = "".join(f" --param {n}={v}" for n, v in example_params(cq).items())
    out = [
        f'<a id="{_anchor(cq.name)}"></a>',
        "",
        f"### {cq.title}",
        "",
        f"- **Question:** {cq.question}",
        f"- **Answers (survey):** {cq.answers}",
        f"- **Query:** `{cq.name}` (`llm4cell-kg query {cq.name}{example}`)",
    ]
    if example:
        out.append(f"- **Example:** the query answers for {cq.required()}; shown for{example}")
    if figure is not None:
        out.append(f"- **Figure:** [{figure.title}](figures/{figure.name}.png) ([SVG](figures/{figure.name}.svg))")
    return out + ["", md_table(a.result, a.csv), ""]


def _parts(o: Outcome) -> dict[str, list[Answer]]:
    """The answers by part (the folder of their query: survey questions, links/, audit/), in query order."""
    parts: dict[str, list[Answer]] = {}
    for a in o.answers:
        parts.setdefault(a.query.name.rpartition("/")[0], []).append(a)
    return parts


def _part_title(part: str) -> str:
    return PART_TITLES.get(part, part + "/ questions")


HEAD = [
    "# LLM4Cell knowledge graph: report",
    "",
    "Built from the curated records of the survey *LLM4Cell: A Survey of Large Language and Agentic Models "
    "for Single-Cell Biology*, validated with SHACL, reasoned over with HermiT, and queried on the embedded "
    "pyoxigraph store (the asserted graph plus HermiT's inferred memberships). Every answer below is the "
    "result of one canned SPARQL query (`queries/*.rq`); run one yourself with `llm4cell-kg query NAME`.",
    "",
]


def markdown(o: Outcome) -> str:
    """The report's index.md: every section on one page."""
    fig_by_query = {FIGURE_QUERY.get(f.name, ""): f for f in o.figures}
    out = [*HEAD, *_summary(o), "## Figures", ""]
    for f in o.figures:
        out += _figure(f)
    parts = _parts(o)
    out += ["## Questions", ""]
    for part, answers in parts.items():
        out.append(f"- {_part_title(part)}")
        out += [f"  - [{a.query.title}](#{_anchor(a.query.name)})" for a in answers]
    out.append("")
    for part, answers in parts.items():
        out += [f"## {_part_title(part)}", ""]
        for a in answers:
            out += _question(a, fig_by_query.get(a.query.name))
    return "\n".join(out).rstrip("\n") + "\n"


def one_line(result: Result) -> str:
    """A question's answer in one line for the report's index: the boolean, the size, and the first row."""
    from ..store.sparql import term_text

    if result.boolean is not None:
        return str(result.boolean).lower()
    if result.triples is not None:
        return f"{len(result.triples)} triples"
    if not result.rows:
        return "no rows"
    n = len(result.rows)
    first = " · ".join(" ".join(term_text(t).split()) for t in result.rows[0])
    if len(first) > ONE_LINE:
        first = first[: ONE_LINE - 1] + "…"
    return f"{n} row{'s' if n != 1 else ''}; first: {first}"


def sections(o: Outcome) -> list[Section]:
    """The report's sections, each a page of the HTML report listed on its index with a one-line answer."""
    v, r = o.validation, o.reasoning
    fig_by_query = {FIGURE_QUERY.get(f.name, ""): f for f in o.figures}
    verdict = (
        f"SHACL {'conforms' if v.conforms else 'does not conform'} ({len(v.violations)} violations, "
        f"{len(v.warnings)} warnings); HermiT {'consistent' if r.consistent else 'INCONSISTENT'}, "
        f"{len(r.inferred)} inferred memberships; {o.quads} quads"
    )
    out = [Section("summary", "Summary", "Summary", "\n".join(_summary(o)), verdict)]
    for f in o.figures:
        q = FIGURE_QUERY.get(f.name)
        about = f"drawn from `{q}`" if q else "drawn from the canned queries"
        out.append(Section(f.name, f.title, "Figures", "\n".join(_figure(f)), f"PNG and SVG; {about}"))
    for part, answers in _parts(o).items():
        for a in answers:
            text = "\n".join(_question(a, fig_by_query.get(a.query.name)))
            answer = _cell(one_line(a.result))
            out.append(Section(_anchor(a.query.name), a.query.title, _part_title(part), text, answer))
    return out


# ---------------------------------------------------------------- writing
def _check_target(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise UserError(f"{out} is a file; give a directory for the report")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise UserError(
            f"{out} exists and is not an llm4cell-kg report (no {MARKER} in it); it is left alone. "
            "Give a new or empty directory."
        )


def write_report(out: Path, data: Path | None = None, progress: Progress | None = None) -> Outcome:
    """Build, validate, reason, answer every canned query, draw the figures; write OUT/index.md, the HTML index
    and its pages atomically.

    `progress` (a progress.Progress of REPORT_STEPS steps) is told each step as it starts. While HermiT runs, a
    background thread draws the figures from the asserted graph into the build cache (kept by their data: the
    figures step copies them when the reasoned graph gives the same data, and draws them anew otherwise) and, for
    the default graph, derives what `show`, `search` and `compare` read (`warm`)."""
    from ..build.graph import store_from_quads, survey_only, union_triples
    from ..checks.pipeline import checked_graph
    from ..store.embedded import default_file, register_default
    from .figures import draw_all
    from .frames import query_df
    from .sources import restrict
    from .warm import Ahead, derive, draw_figures

    step = progress.step if progress is not None else (lambda _what: None)
    out = out.resolve()
    _check_target(out)
    step("reading the records, building and validating the graph (SHACL)")
    graph = checked_graph(data)  # the default graph with its report: from the build cache when the inputs are unchanged
    quads, validation = graph.quads, graph.report
    default = register_default(quads) if data is None else None
    asserted = restrict(store_from_quads(quads), "survey")
    jobs = [lambda: draw_figures(asserted)]  # the report's figures, as they will be unless reasoning changes them
    if default is not None:  # what later commands read (`serve` shows the figures of the unrestricted graph file)
        jobs += [lambda: derive(default), lambda: draw_figures(default, default_file())]
    ahead = Ahead(*jobs)
    try:
        step("reasoning with HermiT")
        reasoning = check_reasoning(quads)
        step("loading the store")
        store = store_from_quads(quads + reasoning.quads())  # the reasoned graph: asserted + src:inferred/hermit
        store = restrict(store, "survey")  # the report says what the survey says (other sources: --sources all)
        summary = query_df("graph-summary", store)
        survey = survey_only(graph.released)  # what the answers read, counted as `build` writes the graph
        survey_graphs = len({q.graph_name for q in survey})
        o = Outcome(
            out=out,
            quads=len(survey),
            triples=len(union_triples(survey)),
            graphs=survey_graphs,
            others=(len(graph.released) - len(survey), graph.graphs - survey_graphs),
            validation=validation,
            reasoning=reasoning,
            counts=dict(zip(summary["what"], summary["count"], strict=True)),
        )
        with atomic_dir(out) as tmp:  # an older report stays whole until the new one is complete
            step("answering every canned question")
            o.answers = answer_all(store, tmp / "results")
            step("drawing the figures")
            ahead.wait(1)  # the report's own figures; what later commands read may still be derived meanwhile
            o.figures = draw_all(store, tmp / "figures")
            step("writing the report")
            text = markdown(o)
            (tmp / "index.md").write_text(text, encoding="utf-8")
            for name, page in html_pages(HEAD[0].removeprefix("# "), "\n".join(HEAD[2:]), sections(o)).items():
                (tmp / name).parent.mkdir(exist_ok=True)
                (tmp / name).write_text(page, encoding="utf-8")
            (tmp / MARKER).write_text(
                "written by `llm4cell-kg report`; the next run replaces this directory\n", encoding="utf-8"
            )
    finally:
        ahead.wait()  # never leave the thread writing the cache behind a failed run
    o.figures = [replace(f, paths=[out / "figures" / p.name for p in f.paths]) for f in o.figures]
    return o


@click.command(name="report")
@click.argument("out", required=False, type=click.Path(file_okay=False, path_type=Path), default=Path("report"))
@data_option()
@quiet_option
def command(out: Path, data: Path | None, quiet: bool) -> None:
    """The main job: build, validate, reason, answer every canned question and draw the figures into OUT
    (default: report/; OUT/index.md, OUT/index.html and its pages/, OUT/results/*.csv, OUT/figures/*.png|svg)."""
    with Progress(REPORT_STEPS, "report", quiet=quiet, log=True) as progress:
        o = write_report(out, data, progress)
    v, r = o.validation, o.reasoning
    click.echo(f"report: {o.out / 'index.md'}")
    click.echo("  graph: " + ", ".join(f"{n} {what}" for what, n in o.counts.items()))
    click.echo(f"  {o.quads} quads in {o.graphs} named graphs, {o.triples} triples (the survey's)")
    if o.others[1]:
        click.echo(f"  {_others(o)}")
    click.echo(f"  validation: conforms ({len(v.violations)} violations, {len(v.warnings)} warnings)")
    click.echo(
        f"  reasoning: consistent, {len(r.unsatisfiable)} unsatisfiable classes, {len(r.inferred)} inferred memberships"
    )
    click.echo(
        f"  {len(o.answers)} canned questions answered (results/*.csv), {len(o.figures)} figures (figures/*.png, *.svg)"
    )
