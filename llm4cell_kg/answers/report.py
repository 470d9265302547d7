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


def markdown(o: Outcome) -> str:
    """The report's index.md."""
    from ..common.prefixes import compress
    from .query import example_params

    v, r = o.validation, o.reasoning
    fig_by_query = {FIGURE_QUERY.get(f.name, ""): f for f in o.figures}
    out = [
        "# LLM4Cell knowledge graph: report",
        "",
        "Built from the curated records of the survey *LLM4Cell: A Survey of Large Language and Agentic Models "
        "for Single-Cell Biology*, validated with SHACL, reasoned over with HermiT, and queried on the embedded "
        "pyoxigraph store (the asserted graph plus HermiT's inferred memberships). Every answer below is the "
        "result of one canned SPARQL query (`queries/*.rq`); run one yourself with `llm4cell-kg query NAME`.",
        "",
        "## Summary",
        "",
        "| what | value |",
        "|---|---|",
    ]
    for what, n in o.counts.items():
        out.append(f"| {what} | {n} |")
    out += [
        f"| quads (named graphs) | {o.quads} ({o.graphs}) |",
        f"| triples (union of the graphs) | {o.triples} |",
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
    out += ["## Figures", ""]
    for f in o.figures:
        png = next(p for p in f.paths if p.suffix == ".png")
        q = FIGURE_QUERY.get(f.name)
        link = f" (data: [{q}](#{_anchor(q)}))" if q else ""
        out += [f"### {f.title}", "", f"![{f.title}](figures/{png.name}){link}", ""]
    parts: dict[str, list[Answer]] = {}
    for a in o.answers:
        parts.setdefault(a.query.name.rpartition("/")[0], []).append(a)
    out += ["## Questions", ""]
    for part, answers in parts.items():
        out.append(f"- {PART_TITLES.get(part, part + '/ questions')}")
        out += [f"  - [{a.query.title}](#{_anchor(a.query.name)})" for a in answers]
    out.append("")
    for part, answers in parts.items():
        out += [f"## {PART_TITLES.get(part, part + '/ questions')}", ""]
        for a in answers:
            cq = a.query
            example = "".join(f" --param {n}={v}" for n, v in example_params(cq).items())
            out += [
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
            if cq.name in fig_by_query:
                f = fig_by_query[cq.name]
                out.append(f"- **Figure:** [{f.title}](figures/{f.name}.png) ([SVG](figures/{f.name}.svg))")
            out += ["", md_table(a.result, a.csv), ""]
    return "\n".join(out).rstrip("\n") + "\n"


HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>LLM4Cell knowledge graph: report</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 78rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }}
table {{ border-collapse: collapse; margin: 0.5rem 0; font-size: 0.9rem; }}
th, td {{ border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: left; vertical-align: top; }}
th {{ background: #f0f3f7; }} img {{ max-width: 100%; border: 1px solid #eee; }} code {{ background: #f4f4f4; }}
</style></head>
<body>
{body}
</body></html>
"""


def html(md: str) -> str:
    """index.html: the same report rendered from its Markdown (tables, images and links kept)."""
    import markdown as mdlib

    return HTML_PAGE.format(body=mdlib.markdown(md, extensions=["tables", "fenced_code"]))


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
    """Build, validate, reason, answer every canned query, draw the figures; write OUT/index.md atomically.

    `progress` (a progress.Progress of REPORT_STEPS steps) is told each step as it starts."""
    from ..build.graph import store_from_quads, union_triples
    from ..checks.pipeline import checked_graph
    from .figures import draw_all
    from .frames import query_df
    from .sources import restrict

    step = progress.step if progress is not None else (lambda _what: None)
    out = out.resolve()
    _check_target(out)
    step("reading the records, building and validating the graph (SHACL)")
    graph = checked_graph(data)
    quads, validation = graph.quads, graph.report
    step("reasoning with HermiT")
    reasoning = check_reasoning(quads)
    step("loading the store")
    store = store_from_quads(quads + reasoning.quads())  # the reasoned graph: asserted + src:inferred/hermit
    store = restrict(store, "survey")  # the report says what the survey says (records of other sources: --sources all)
    summary = query_df("graph-summary", store)
    o = Outcome(  # counted as `build` writes the graph: without the build-time helper triples
        out=out,
        quads=len(graph.released),
        triples=len(union_triples(graph.released)),
        graphs=graph.graphs,
        validation=validation,
        reasoning=reasoning,
        counts=dict(zip(summary["what"], summary["count"], strict=True)),
    )
    with atomic_dir(out) as tmp:  # an older report stays whole until the new one is complete
        step("answering every canned question")
        o.answers = answer_all(store, tmp / "results")
        step("drawing the figures")
        o.figures = draw_all(store, tmp / "figures")
        step("writing the report")
        text = markdown(o)
        (tmp / "index.md").write_text(text, encoding="utf-8")
        (tmp / "index.html").write_text(html(text), encoding="utf-8")
        (tmp / MARKER).write_text(
            "written by `llm4cell-kg report`; the next run replaces this directory\n", encoding="utf-8"
        )
    o.figures = [replace(f, paths=[out / "figures" / p.name for p in f.paths]) for f in o.figures]
    return o


@click.command(name="report")
@click.argument("out", required=False, type=click.Path(file_okay=False, path_type=Path), default=Path("report"))
@data_option()
@quiet_option
def command(out: Path, data: Path | None, quiet: bool) -> None:
    """The main job: build, validate, reason, answer every canned question and draw the figures into OUT
    (default: report/; OUT/index.md, OUT/results/*.csv, OUT/figures/*.png|svg)."""
    with Progress(REPORT_STEPS, "report", quiet=quiet) as progress:
        o = write_report(out, data, progress)
    v, r = o.validation, o.reasoning
    click.echo(f"report: {o.out / 'index.md'}")
    click.echo("  graph: " + ", ".join(f"{n} {what}" for what, n in o.counts.items()))
    click.echo(f"  {o.quads} quads in {o.graphs} named graphs, {o.triples} triples")
    click.echo(f"  validation: conforms ({len(v.violations)} violations, {len(v.warnings)} warnings)")
    click.echo(
        f"  reasoning: consistent, {len(r.unsatisfiable)} unsatisfiable classes, {len(r.inferred)} inferred memberships"
    )
    click.echo(
        f"  {len(o.answers)} canned questions answered (results/*.csv), {len(o.figures)} figures (figures/*.png, *.svg)"
    )
