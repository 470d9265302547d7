"""The model and dataset finders: facets with counts, filters from the URL, results table, CSV (pure functions).

Filters combine as usual in faceted search: values of one facet are alternatives (OR), facets must all hold (AND),
and each value's count is the number of results it would give with the other facets' filters as they are.
By default only the survey's tables count (Table 7 for models, Tables 1-6 for datasets), so the counts can be
checked against the printed tables; `src=all` adds what the prose says (prose-only entities included). Where the
graph holds other sources' records (`serve --sources all`), a Source facet and, on the model finder, New since the
survey (the day each model the survey lacks was added, as `query new-since-survey` gives it) join them.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from ..answers.lookup import view_query
from ..answers.sources import SURVEY_LABEL, describe
from ..common.namespaces import L4C, RDFS
from ..common.prefixes import compress


@dataclass
class Facet:
    """A facet: its URL key, its title and the property it reads (or a range over a number)."""

    key: str
    title: str
    prop: str
    kind: str = "values"  # values | range


MODEL_FACETS = [
    Facet("family", "Family", L4C + "family"),
    Facet("task", "Task", L4C + "task"),
    Facet("modality", "Modality", L4C + "modality"),
    Facet("grounding", "Grounding type", L4C + "groundingType"),
    Facet("agentic", "Agentic (Table 7)", L4C + "agentic"),
    Facet("score", "Domain score", L4C + "domainScoreMin", "range"),
    Facet("year", "Year", L4C + "year"),
    Facet("venue", "Venue", L4C + "publishedIn"),
    Facet("links", "Links out (catalogues and references, not Table 7)", "links"),
]
DATASET_FACETS = [
    Facet("modality", "Modality", L4C + "modality"),
    Facet("task", "Task", L4C + "task"),
    Facet("species", "Species", L4C + "species"),
    Facet("tissue", "Tissue", L4C + "tissue"),
    Facet("table", "Table", L4C + "tableName"),
    Facet("cells", "Cells", L4C + "cells", "range"),
]
#: which source an item rests on: a facet and a column only where the graph holds records from other publications
SOURCE = Facet("source", "Source", "source")
#: when each model the survey lacks was added to the graph (the `added` day of queries/new-since-survey.rq), the
#: survey's own models "in the survey": a facet and a column of the model finder only where there is such a model
ADDED = Facet("added", "New since the survey", "added")
IN_SURVEY = ("survey", "in the survey")  # the value and label of the survey's models in ADDED
#: the facets (and columns) shown only where they tell something: (facet, column header)
WHERE_OTHER_SOURCES = [(SOURCE, "Source"), (ADDED, "New since the survey")]
#: results table columns: (header, facet key or field)
MODEL_COLUMNS = [
    ("Model", "label"),
    ("Family", "family"),
    ("Task", "task"),
    ("Modality", "modality"),
    ("Grounding", "grounding"),
    ("Agentic", "agentic"),
    ("Score", "score"),
    ("Year", "year"),
    ("Venue", "venue"),
]
DATASET_COLUMNS = [
    ("Dataset", "label"),
    ("Table", "table"),
    ("Modality", "modality"),
    ("Task", "task"),
    ("Species", "species"),
    ("Tissue", "tissue"),
    ("Cells", "cells"),
    ("Scale (printed)", "scale"),
]


@dataclass
class Item:
    """One model or dataset: facet key -> {value: label}, and numbers for the range facets."""

    iri: str
    label: str
    values: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    numbers: dict[str, tuple[float, float]] = field(default_factory=dict)
    scale: str = ""

    @property
    def id(self) -> str:
        return self.iri.rsplit("/", 1)[-1]


_CACHE: dict[tuple[int, str, str], tuple[Any, list[Item]]] = {}


def items(store: Any, kind: str, src: str = "table") -> list[Item]:
    """Every model (kind "model") or dataset with its facet values, from the tables only or (src "all") also prose."""
    key = (id(store), kind, src)
    hit = _CACHE.get(key)
    if hit and hit[0] is store:
        return hit[1]
    from ..store.sparql import run

    facets = MODEL_FACETS if kind == "model" else DATASET_FACETS
    by_prop = {f.prop: f for f in facets}
    found: dict[str, Item] = {}
    lows: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    rows = run(store, view_query(f"finder-{kind}s")).rows
    surveyed: set[str] = set()  # the items the survey states something of
    for e, p, o, o_label, in_table, other in rows:
        table_only = in_table is not None and in_table.value in ("true", "1")
        if src == "table" and not table_only and other is None:  # a record from another publication: its "table"
            continue
        it = found.setdefault(e.value, Item(e.value, ""))
        if other is not None:
            mark = describe({other.value})
            it.values[SOURCE.key][mark] = mark
        else:
            surveyed.add(e.value)
        if p.value == RDFS + "label":
            it.label = it.label or o.value
            continue
        if p.value == L4C + "printedScale":
            it.scale = o.value
            continue
        if p.value in (L4C + "domainScoreMin", L4C + "domainScoreMax", L4C + "cells"):
            lows[e.value][p.value].append(float(o.value))
            continue
        f = by_prop.get(p.value)
        if f is None:
            continue
        if isinstance(o, ox.NamedNode):
            it.values[f.key][compress(o.value)] = o_label.value if o_label is not None else compress(o.value)
        else:
            shown = {"true": "Yes", "false": "No"}.get(o.value, o.value)
            it.values[f.key][shown] = shown
    for e, link_kind in run(store, view_query("finder-links")).rows:  # a facet of its own, whatever `src`
        if e.value in found:
            found[e.value].values["links"][link_kind.value] = link_kind.value
    for iri, nums in lows.items():
        if iri not in found:
            continue
        if kind == "model" and nums.get(L4C + "domainScoreMin"):
            found[iri].numbers["score"] = (
                min(nums[L4C + "domainScoreMin"]),
                max(nums.get(L4C + "domainScoreMax") or nums[L4C + "domainScoreMin"]),
            )
        if kind == "dataset" and nums.get(L4C + "cells"):
            found[iri].numbers["cells"] = (min(nums[L4C + "cells"]), max(nums[L4C + "cells"]))
    if any(SOURCE.key in i.values for i in found.values()):  # other publications' records: every item names its source
        for i in found.values():
            if i.iri in surveyed:
                i.values[SOURCE.key][SURVEY_LABEL] = SURVEY_LABEL
        if kind == "model":
            _mark_added(store, found)
    out = sorted((i for i in found.values() if i.label), key=lambda i: i.label.casefold())
    _CACHE[key] = (store, out)
    return out


def _mark_added(store: Any, found: dict[str, Item]) -> None:
    """Each model the survey does not list: `added DAY` for each of its records, the day as the canned question
    new-since-survey gives it (a model the survey lists is not among them, whoever else lists it); then, where there
    is one such model, every other model `in the survey`."""
    from ..answers.query import get_query
    from ..store.sparql import run

    result = run(store, get_query("new-since-survey").text)
    at_model, at_day = result.variables.index("model"), result.variables.index("added")
    for row in result.rows:
        it = found.get(row[at_model].value)
        if it is not None:
            it.values[ADDED.key][row[at_day].value] = f"added {row[at_day].value}"
    if any(ADDED.key in i.values for i in found.values()):
        for i in found.values():
            if ADDED.key not in i.values:
                i.values[ADDED.key][IN_SURVEY[0]] = IN_SURVEY[1]


@dataclass
class Selection:
    """The filter state read from the URL."""

    chosen: dict[str, list[str]]
    ranges: dict[str, tuple[float | None, float | None]]
    text: str
    src: str
    sort: str
    desc: bool


def _shown_where_other_sources(every: list[Item]) -> list[tuple[Facet, str]]:
    """Source when some item comes from another publication; New since the survey when some model is not in it."""
    return [(f, header) for f, header in WHERE_OTHER_SOURCES if any(f.key in i.values for i in every)]


def facets_of(kind: str, every: list[Item]) -> list[Facet]:
    """The facets of the finder of `kind`, with Source and New since the survey where they tell something."""
    facets = MODEL_FACETS if kind == "model" else DATASET_FACETS
    return [*facets, *(f for f, _ in _shown_where_other_sources(every))]


def columns_of(kind: str, every: list[Item]) -> list[tuple[str, str]]:
    """The results table's columns, with Source and New since the survey where they tell something."""
    columns = MODEL_COLUMNS if kind == "model" else DATASET_COLUMNS
    return [*columns, *((header, f.key) for f, header in _shown_where_other_sources(every))]


def selection(params: dict[str, list[str]], kind: str) -> Selection:
    extra = [f for f, _ in WHERE_OTHER_SOURCES]
    facets = [*(MODEL_FACETS if kind == "model" else DATASET_FACETS), *extra]
    chosen = {f.key: [v for v in params.get(f.key, []) if v] for f in facets if f.kind == "values"}
    ranges: dict[str, tuple[float | None, float | None]] = {}
    for f in facets:
        if f.kind == "range":
            ranges[f.key] = (_num(params.get(f"{f.key}_min")), _num(params.get(f"{f.key}_max")))
    src = (params.get("src") or ["table"])[0]
    sort = (params.get("sort") or ["label"])[0]
    columns = {c for _, c in (MODEL_COLUMNS if kind == "model" else DATASET_COLUMNS)} | {f.key for f in extra}
    return Selection(
        {k: v for k, v in chosen.items() if v},
        ranges,
        (params.get("q") or [""])[0].strip(),
        src if src in ("table", "all") else "table",
        sort if sort in columns else "label",
        (params.get("order") or [""])[0] == "desc",
    )


def _num(values: list[str] | None) -> float | None:
    if not values or not values[0].strip():
        return None
    try:
        return float(values[0].replace(",", ""))
    except ValueError:
        return None


def _matches(it: Item, sel: Selection, skip: str | None = None) -> bool:
    for key, wanted in sel.chosen.items():
        if key != skip and not set(wanted) & set(it.values.get(key, {})):
            return False
    for key, (lo, hi) in sel.ranges.items():
        if key == skip or (lo is None and hi is None):
            continue
        if key not in it.numbers:
            return False
        a, b = it.numbers[key]
        if (lo is not None and a < lo) or (hi is not None and b > hi):
            return False
    return not sel.text or sel.text.casefold() in it.label.casefold()


def counts(all_items: list[Item], sel: Selection, kind: str) -> dict[str, list[tuple[str, str, int]]]:
    """Facet key -> [(value, label, count)], each count under the other facets' filters; chosen values always kept."""
    facets = facets_of(kind, all_items)
    out = {}
    for f in facets:
        if f.kind != "values":
            continue
        n: dict[str, int] = defaultdict(int)
        labels: dict[str, str] = {}
        for it in all_items:
            if not _matches(it, sel, skip=f.key):
                continue
            for v, label in it.values.get(f.key, {}).items():
                n[v] += 1
                labels[v] = label
        for v in sel.chosen.get(f.key, []):
            n.setdefault(v, 0)
            labels.setdefault(v, v)
        out[f.key] = sorted(((v, labels[v], c) for v, c in n.items()), key=lambda x: (-x[2], x[1].casefold()))
    return out


def cell(it: Item, key: str) -> str:
    """The text of one results-table cell."""
    if key == "label":
        return it.label
    if key == "scale":
        return it.scale
    if key in it.numbers:
        lo, hi = it.numbers[key]
        return _fmt(lo) if lo == hi else f"{_fmt(lo)}-{_fmt(hi)}"
    return ", ".join(sorted(it.values.get(key, {}).values(), key=str.casefold))


def _fmt(x: float) -> str:
    return str(int(x)) if x == int(x) else str(x)


def sort_key(it: Item, key: str) -> tuple[Any, ...]:
    if key in it.numbers:
        return (0, it.numbers[key][0], it.label.casefold())
    if key == "year":
        years = sorted(it.values.get("year", {}))
        return (0, float(years[0]) if years else 0.0, it.label.casefold())
    if key == ADDED.key:  # by the day first added, the survey's models first (so descending lists the newest first)
        days = sorted(d for d in it.values.get(key, {}) if d != IN_SURVEY[0])
        return (0, days[0] if days else "", it.label.casefold())
    return (0 if cell(it, key) else 1, cell(it, key).casefold(), it.label.casefold())


def results(store: Any, kind: str, params: dict[str, list[str]]) -> tuple[Selection, list[Item], list[Item]]:
    """(selection, every item, the items shown in order) for the URL parameters `params`."""
    sel = selection(params, kind)
    every = items(store, kind, sel.src)
    shown = sorted((i for i in every if _matches(i, sel)), key=lambda i: sort_key(i, sel.sort), reverse=sel.desc)
    return sel, every, shown


def to_csv(store: Any, kind: str, params: dict[str, list[str]]) -> str:
    """The rows the finder shows for `params`, as CSV (id and IRI first, then the table's columns)."""
    _, every, shown = results(store, kind, params)
    cols = columns_of(kind, every)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "iri", *[h for h, _ in cols]])
    for it in shown:
        w.writerow([compress(it.iri), it.iri, *[cell(it, k) for _, k in cols]])
    return buf.getvalue()
