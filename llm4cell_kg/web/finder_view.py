"""The model and dataset finders' pages (/models, /datasets): facets with counts, the filters in the URL, a sortable
results table, CSV and compare links; the data and counts come from finder.py."""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import urlencode

from . import finder
from .explore import link
from .pages import layout


def _query(params: dict[str, list[str]], drop: tuple[str, ...] = ()) -> str:
    pairs = [(k, v) for k, vs in params.items() if k not in drop for v in vs if v]
    return urlencode(pairs)


def finder_page(store: Any, kind: str, params: dict[str, list[str]]) -> str:
    """/models or /datasets: facets with counts, the filters in the URL, a sortable results table, CSV, compare."""
    sel, every, shown = finder.results(store, kind, params)
    counts = finder.counts(every, sel, kind)
    facets = finder.facets_of(kind, every)
    columns = finder.columns_of(kind, every)
    plural = f"{kind}s"
    table_name = "Table 7" if kind == "model" else "Tables 1-6"
    records = finder.SOURCE in facets  # other publications' records, listed as the survey's tables are
    src_words = (
        (f"{table_name} and other publications' records", f"{table_name}, other publications' records and the prose")
        if records
        else (f"{table_name} only", f"{table_name} and the prose")
    )
    fs = []
    for f in facets:
        if f.kind == "range":
            lo, hi = sel.ranges.get(f.key, (None, None))
            step = "1" if f.key == "score" else "any"
            fs.append(
                f'<fieldset class="facet range" data-facet="{f.key}"><legend>{escape(f.title)}</legend>'
                f'<input type="number" step="{step}" name="{f.key}_min" aria-label="{f.key} from" '
                f'value="{"" if lo is None else finder._fmt(lo)}" placeholder="from"> – '
                f'<input type="number" step="{step}" name="{f.key}_max" aria-label="{f.key} to" '
                f'value="{"" if hi is None else finder._fmt(hi)}" placeholder="to"></fieldset>'
            )
            continue
        boxes = facet_boxes(f.key, counts[f.key], set(sel.chosen.get(f.key, [])))
        fs.append(f'<fieldset class="facet" data-facet="{f.key}"><legend>{escape(f.title)}</legend>{boxes}</fieldset>')
    src_options = "".join(
        f'<option value="{v}"{" selected" if sel.src == v else ""}>{escape(t)}</option>'
        for v, t in zip(("table", "all"), src_words, strict=True)
    )
    form = (
        f'<form id="finder" class="finder" method="get" action="/{plural}">'
        f'<div class="finder-top"><label>Name contains <input type="search" name="q" value="{escape(sel.text)}">'
        f'</label> <label>Statements from <select name="src">{src_options}</select></label> '
        f'<input type="hidden" name="sort" value="{escape(sel.sort)}">'
        f'<input type="hidden" name="order" value="{"desc" if sel.desc else ""}">'
        f'<button type="submit">Apply filters</button> <a href="/{plural}">Clear</a></div>'
        f'<div class="facets">{"".join(fs)}</div></form>'
    )
    ths = ['<th class="no-sort">Compare</th>']
    for h, k in columns:
        attrs = f' data-key="{k}"'
        if k in ("score", "year", "cells"):
            attrs += ' data-sort-method="number"'
        if k == sel.sort:
            attrs += ' aria-sort="descending"' if sel.desc else ' aria-sort="ascending"'
        ths.append(f"<th{attrs}>{escape(h)}</th>")
    head = "".join(ths)
    body_rows = []
    for it in shown:
        tds = [
            f'<td><input type="checkbox" name="e" value="{escape(it.id)}" form="compare-form" '
            f'aria-label="compare {escape(it.label)}"></td>'
        ]
        for _, k in columns:
            text = finder.cell(it, k)
            num = it.numbers.get(k, (None,))[0]
            attr = f' data-sort="{finder._fmt(num)}"' if num is not None else ""
            content = link(it.iri, text) if k == "label" else escape(text)
            tds.append(f"<td{attr}>{content}</td>")
        body_rows.append(f'<tr data-id="{escape(it.id)}">{"".join(tds)}</tr>')
    qs = _query(params)
    results = (
        f'<p class="count" id="result-count">{len(shown)} of {len(every)} {plural}</p>'
        f'<p class="actions"><a id="csv-link" href="/{plural}.csv{"?" + escape(qs) if qs else ""}">Download CSV</a> '
        f'<form id="compare-form" method="get" action="/compare" class="inline">'
        f'<button type="submit">Compare selected</button></form></p>'
        f'<table id="results" class="finder-results"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body_rows)}</tbody></table>"
    )
    intro = (
        f"<p>Filter the {plural} of the survey by facet; each value shows how many {plural} it would give. "
        f"Counts come from {src_words[0].removesuffix(' only')} unless you add the prose. "
        "The filters are in the URL: bookmark or share it. "
        f"Tick {plural} to compare them side by side.</p>"
    )
    if finder.ADDED in facets:
        intro += (
            f"<p>{escape(finder.ADDED.title)}: the day each model the survey does not list was added to the graph "
            "(as <code>query new-since-survey</code> lists them); a model the survey lists is in the survey, "
            "whoever else lists it.</p>"
        )
    absent = [f.title for f, _ in finder.WHERE_OTHER_SOURCES if f not in facets and f.key in sel.chosen]
    if absent:  # a link from a server with every source, opened on one with the survey's graphs only
        intro += (
            f'<p class="error">This server answers from the survey\'s graphs only, so the filter '
            f"{' and '.join(escape(t) for t in absent)} (records of other sources) matches no {kind}: start it with "
            "<code>llm4cell-kg serve --sources all</code> to see them.</p>"
        )
    return layout(f"{kind.capitalize()} finder", intro + form + results)


#: how many values of a facet show before its "more" control (the values chosen always show)
FACET_SHOWN = 8


def facet_boxes(key: str, values: list[tuple[str, str, int]], chosen: set[str]) -> str:
    """A facet's checkboxes, most frequent first: the first FACET_SHOWN and every chosen value, then the others
    behind a "N more" control (all of them when no more than two would hide); none scrolls out of sight."""

    def box(v: str, label: str, n: int) -> str:
        on = v in chosen
        return (
            f'<label class="{"on" if on else ""}"><input type="checkbox" name="{key}" value="{escape(v)}"'
            f'{" checked" if on else ""}> {escape(label)} <span class="n" data-value="{escape(v)}">({n})</span></label>'
        )

    shown = [x for i, x in enumerate(values) if i < FACET_SHOWN or x[0] in chosen]
    rest = [x for x in values if x not in shown]
    if len(rest) <= 2:
        shown, rest = values, []
    more = (
        f'<details class="more"><summary>{len(rest)} more</summary>{"".join(box(*x) for x in rest)}</details>'
        if rest
        else ""
    )
    return "".join(box(*x) for x in shown) + more
