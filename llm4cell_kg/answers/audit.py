"""Where the survey disagrees with itself: run every audit rule (queries/audit/*.rq) and report the findings."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import click

from ..common.options import endpoint_option, format_option, store_option
from ..errors import UserError
from .query import CannedQuery, list_queries

PREFIX = "audit/"
#: the columns every audit rule selects, in order (checked against each rule's header)
COLUMNS = ("subject", "subjectLabel", "sourceA", "whereA", "textA", "sourceB", "whereB", "textB", "detail")


@dataclass(frozen=True)
class Finding:
    """One disagreement: what it is about, and the two places of the survey that disagree."""

    rule: str
    subject: str
    subject_label: str
    source_a: str
    where_a: str
    text_a: str
    source_b: str
    where_b: str
    text_b: str
    detail: str


def rules() -> list[CannedQuery]:
    """The audit rules: one canned query per kind of disagreement."""
    found = [q for q in list_queries() if q.name.startswith(PREFIX)]
    for q in found:
        if q.columns != COLUMNS:
            raise UserError(
                f"{q.path}: an audit rule must select {', '.join(COLUMNS)} (its header says {', '.join(q.columns)})"
            )
    return found


def rule_texts() -> list[str]:
    """The texts of the audit rules' files, in the order of their names (read, not parsed: to key cached findings)."""
    from .. import paths

    base = paths.QUERIES_DIR / PREFIX.rstrip("/")
    files = sorted(base.rglob("*.rq"), key=lambda p: p.relative_to(base).as_posix())
    return [f.relative_to(base).as_posix() + "\n" + f.read_text(encoding="utf-8") for f in files]


def rule_names() -> list[str]:
    return [q.name[len(PREFIX) :] for q in rules()]


def run_audit(store: Any = None, rule: str | None = None, subject: str | None = None) -> list[Finding]:
    """Run every audit rule (or only `rule`) on `store` (default: the graph built from the curated records); with
    `subject` (an IRI), only the findings about it, its ?subject bound before evaluation (fast on large graphs)."""
    from ..store.sparql import run, term_text

    chosen = rules()
    if rule is not None:
        chosen = [q for q in chosen if q.name == PREFIX + rule]
        if not chosen:
            import difflib

            near = difflib.get_close_matches(rule, rule_names(), n=1, cutoff=0.4)
            hint = f" Did you mean '{near[0]}'?" if near else ""
            raise UserError(f"no audit rule named '{rule}'.{hint} Rules: {', '.join(rule_names())}.")
    if store is None:
        from ..store.embedded import open_store

        store = open_store()
    findings: list[Finding] = []
    bindings = None
    if subject is not None:
        import pyoxigraph as ox

        bindings = {"subject": ox.NamedNode(subject)}
    for q in chosen:
        result = run(store, q.text, bindings)
        for row in result.rows:
            cells = dict(zip(result.variables, row, strict=True))
            text = {v: term_text(cells.get(v)) for v in COLUMNS}
            iris = {
                v: cells[v].value if hasattr(cells.get(v), "value") else text[v]
                for v in ("subject", "sourceA", "sourceB")
            }
            findings.append(
                Finding(
                    q.name[len(PREFIX) :],
                    iris["subject"],
                    text["subjectLabel"],
                    iris["sourceA"],
                    text["whereA"],
                    text["textA"],
                    iris["sourceB"],
                    text["whereB"],
                    text["textB"],
                    text["detail"],
                )
            )
    return findings


def to_frame(findings: list[Finding]) -> Any:
    """The findings as a pandas DataFrame (one row per finding, one column per Finding field)."""
    import pandas as pd

    return pd.DataFrame([asdict(f) for f in findings], columns=[f.name for f in fields(Finding)])


def render(findings: list[Finding], fmt: str = "table") -> str:
    """`table`: one line per finding (long cells cut) and a count per rule; `json`: every field in full."""
    counts = Counter(f.rule for f in findings)
    if fmt == "json":
        return json.dumps(
            {"findings": [asdict(f) for f in findings], "counts": dict(sorted(counts.items())), "total": len(findings)},
            indent=2,
            ensure_ascii=False,
        )
    from ..common.prefixes import compress
    from ..store.sparql import table

    header = ["rule", "subject", "A: where", "A: text", "B: where", "B: text", "detail"]
    rows = [[f.rule, compress(f.subject), f.where_a, f.text_a, f.where_b, f.text_b, f.detail] for f in findings]
    summary = ", ".join(f"{r} {n}" for r, n in sorted(counts.items()))
    return table(header, rows, width=48) + f"\n{len(findings)} finding(s): {summary or 'none'}"


@click.command("audit")
@format_option(("table", "json"))
@click.option(
    "--rule",
    "rule",
    default=None,
    metavar="NAME",
    help="Run only this rule (family-conflict, agentic-flag, copied-cells, citation-other-model, "
    "citation-other-name, citation-review, citation-unlisted, count-mismatch, dataset-venue-mismatch, "
    "duplicate-dataset, highest-rank-conflict, missing-table, modality-conflict, scale-mismatch, venue-mismatch).",
)
@store_option()
@endpoint_option("Audit the graph a SPARQL endpoint holds (see `llm4cell-kg load`).")
def command(fmt: str, rule: str | None, store_path: Path | None, endpoint: str | None) -> None:
    """List every place where the survey disagrees with itself, each with both of its sources.

    The survey's graphs alone, by nature (each rule's `# sources: survey` header): records from other sources never
    add or hide a finding; where a catalogue disagrees with a record, see `llm4cell-kg drift`.

    Findings are computed from the graph by the rules in queries/audit/*.rq. They are facts about the survey,
    not errors: the command exits 0 whatever it finds (non-zero only for bad options).
    """
    from ..store.remote import open_backend
    from .sources import restrict

    store = restrict(open_backend(endpoint, store_path), "survey")
    click.echo(render(run_audit(store, rule), fmt))
