"""The drift page (`/drift`): the curators' work queue of `llm4cell-kg drift` as HTML, every value escaped."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ..answers.drift import KEPT, Drift
from .pages import layout


def _link(url: str, text: str) -> str:
    """A link out (a catalogue's page) or to a page of the explorer (a path)."""
    if url.startswith("https://"):
        return f'<a href="{escape(url)}" rel="external">{escape(text)}</a>'
    return f'<a href="{escape(url)}">{escape(text)}</a>' if url.startswith("/") else escape(text)


def _table(head: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    if not rows:
        return "<p>None.</p>"
    th = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def drift_html(d: Drift) -> str:
    """The page: the snapshots compared, then one table per kind of drift, each with its count."""
    c = d.counts()
    pinned = "".join(
        f"<li>{_link(s['repository'], s['name'])} @ <code>{escape(s['commit'][:7])}</code> ({escape(s['date'])})</li>"
        for s in d.sources
    )
    entry = [(escape(r["source"]), _link(r["entry"], r["name"]), escape(r["date"])) for r in d.lacking]
    held = [(escape(r["source"]), escape(r["name"]), escape(r["date"])) for r in d.not_in_survey]
    unlisted = [(_link("/model/" + r["model"].rsplit("/", 1)[-1], r["name"]),) for r in d.unlisted]
    disagree = [(escape(r["name"]), escape(r["about"]), escape(r["text"])) for r in d.disagreements]
    body = (
        "<p>The graph compared with the catalogue snapshots committed in <code>catalogues/</code> "
        f"(<code>llm4cell-kg drift</code>): what a curator may add or check. {escape(KEPT)}.</p>"
        f"<ul>{pinned}</ul>"
        f"<h2>Entries the graph lacks ({c['lacking']})</h2>"
        + _table(("Catalogue", "Entry", "Date"), entry)
        + f"<h2>Survey models no catalogue lists ({c['unlisted']})</h2>"
        + _table(("Model",), unlisted)
        + f"<h2>Disagreements between a catalogue and our record ({c['disagreements']})</h2>"
        + _table(("Model", "About", "What differs"), disagree)
        + f"<h2>Not in the survey: held only as catalogue records ({c['not_in_survey']})</h2>"
        + _table(("Catalogue", "Model", "Date"), held)
    )
    return layout("Drift: the graph and the catalogues", body)
