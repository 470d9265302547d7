"""What the store says about one entity, read for its card: each fact once with its sources, the statements
pointing at it, its scale figures, its sources (the survey's and the curators'), its datasets and lineage."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from ...common.prefixes import compress
from ...curation.schema import SOURCE_STATES
from ..lookup import view_query
from .model import (
    BASES,
    CURATOR_ASSERTION,
    Fact,
    Stated,
    Value,
    plain,
    sentence_order,
    split_sources,
    strongest,
    where_key,
)


def _val(term: Any) -> tuple[str, str | None]:
    if isinstance(term, ox.NamedNode):
        return compress(term.value), term.value
    return ("" if term is None else term.value), None


def text_of(term: Any) -> str:
    return "" if term is None else term.value


def bases_of(store: Any, iri: str) -> dict[str, Stated]:
    """Each named graph stating something about `iri` (as subject or as object) -> where it is and on what basis,
    a group sentence with its members and words."""
    from ...store.sparql import run

    out = {}
    for src, where, basis, members, sentence in run(
        store, view_query("entity-source-basis"), {"entity": ox.NamedNode(iri)}
    ).rows:
        b, words = text_of(basis), plain(text_of(sentence))
        group = sentence_order([m for m in text_of(members).split("|") if m], words) if b == "group" else []
        out[src.value] = Stated(text_of(where), b, group, words if group else "", [src.value])
    return out


def stated_by(graphs: list[str], bases: dict[str, Stated]) -> list[Stated]:
    """The survey locations of a value (its graphs), each once with its own basis, in reading order."""
    merged: dict[tuple[str, str, tuple[str, ...]], Stated] = {}
    for g in graphs:
        st = bases.get(g)
        if st is None or not st.where:  # an ontology release's own statement (a term's label): no survey location
            continue
        key = (st.where, st.basis, tuple(st.group))
        if key in merged:
            merged[key].graphs = sorted({*merged[key].graphs, g})
        else:
            merged[key] = Stated(st.where, st.basis, list(st.group), st.sentence, [g])
    return sorted(merged.values(), key=lambda s: (where_key(s.where), BASES.index(s.basis), s.group))


def with_bases(v: Value, bases: dict[str, Stated]) -> Value:
    """`v` with each of its sources' basis (`stated`) and the strongest of them (`basis`)."""
    v.stated = stated_by(v.graphs, bases)
    v.basis = strongest([s.basis for s in v.stated])
    return v


def facts_of(store: Any, iri: str, bases: dict[str, Stated] | None = None) -> list[Fact]:
    """Each distinct (property, value) about `iri` once, sources aggregated with their bases (`bases_of`),
    grouped by property."""
    from ...store.sparql import run

    bases = bases_of(store, iri) if bases is None else bases
    res = run(store, view_query("entity-facts"), {"entity": ox.NamedNode(iri)})
    by_prop: dict[str, Fact] = {}
    for p, o, p_label, o_label, sources, graphs in res.rows:
        shown, o_iri = _val(o)
        fact = by_prop.setdefault(p.value, Fact(compress(p.value), text_of(p_label) or compress(p.value), []))
        v = Value(
            shown, text_of(o_label) or shown, o_iri, split_sources(text_of(sources)), sorted(text_of(graphs).split())
        )
        fact.values.append(with_bases(v, bases))
    for fact in by_prop.values():
        fact.values.sort(key=lambda v: (v.label.casefold(), v.value))
    return sorted(by_prop.values(), key=lambda f: f.property)


def notes_of(store: Any, iri: str) -> dict[tuple[str, str], tuple[str, frozenset[str]]]:
    """(row graph, property IRI) -> the note on the values `iri` has there, 'override: REASON; printed '6'', and the
    IRIs of the values it is about (empty: all of them)."""
    from ...store.sparql import run

    out: dict[tuple[str, str], tuple[str, frozenset[str]]] = {}
    res = run(store, view_query("entity-notes"), {"entity": ox.NamedNode(iri)})
    for g, p, kind, reason, printed, value in res.rows:
        text = f"{text_of(kind)}: {text_of(reason)}; printed {text_of(printed)!r}"
        about = out.get((g.value, p.value), (text, frozenset()))[1]
        out[(g.value, p.value)] = (text, about | ({value.value} if value is not None else set()))
    return out


def incoming_of(store: Any, iri: str, bases: dict[str, Stated] | None = None) -> list[tuple[str, Value, str]]:
    """(property CURIE, subject, subject type IRI) for each distinct statement pointing at `iri`, its sources with
    their bases."""
    from ...store.sparql import run

    bases = bases_of(store, iri) if bases is None else bases
    res = run(store, view_query("entity-incoming"), {"entity": ox.NamedNode(iri)})
    out = []
    for s, p, s_label, _p_label, s_type, sources, graphs in res.rows:
        shown, s_iri = _val(s)
        v = Value(
            shown, text_of(s_label) or shown, s_iri, split_sources(text_of(sources)), sorted(text_of(graphs).split())
        )
        out.append((compress(p.value), with_bases(v, bases), text_of(s_type)))
    return sorted(out, key=lambda x: (x[0], x[1].label.casefold()))


def group_grounding_of(store: Any, iri: str) -> list[Value]:
    """The grounding sources (C.5) and grounding types (C.3) a sentence about a group attaches to a group model `iri`
    belongs to, one value per object and sentence, with the group's members and words (the survey pairs none with the
    model alone)."""
    from ...store.sparql import run

    out = []
    for source, label, where, members, sentence, _group, via in run(
        store, view_query("entity-group-grounding"), {"entity": ox.NamedNode(iri)}
    ).rows:
        shown, s_iri = _val(source)
        words = plain(text_of(sentence))
        names = sentence_order(text_of(members).split("|"), words)
        st = Stated(text_of(where), "group", names, words, [_group.value])
        out.append(
            Value(
                shown,
                text_of(label) or shown,
                s_iri,
                [st.where],
                via=compress(via.value),
                basis="group",
                group=names,
                stated=[st],
            )
        )
    return sorted(out, key=lambda v: (v.label.casefold(), where_key(v.sources[0])))


def scale_of(store: Any, iri: str) -> dict[str, str]:
    """Each scale figure of a dataset as text: `cells: ~2400000`, `tissues: >40`, `cells: 1000000-2000000`."""
    from ...store.sparql import run

    out = {}
    for _e, fig, quantity, value, qualifier, mx in run(
        store, view_query("entity-scale"), {"entity": ox.NamedNode(iri)}
    ).rows:
        q = "" if text_of(qualifier) in ("=", "range") else text_of(qualifier)
        v = f"{text_of(value)}-{text_of(mx)}" if mx is not None else text_of(value)
        out[fig.value] = f"{quantity.value.rsplit('#', 1)[-1].rsplit('/', 1)[-1]}: {q}{v}"
    return out


def sources_of(store: Any, iri: str) -> list[dict[str, str]]:
    """Each survey location stating something about `iri`, with its quote as plain text."""
    from ...store.sparql import run

    res = run(store, view_query("entity-sources"), {"entity": ox.NamedNode(iri)})
    out = []
    for src, kind, section, table_, row, quote in res.rows:
        where = (
            f"{text_of(table_)} row {text_of(row)}"
            if table_ is not None and row is not None
            else f"§{text_of(section)}"
        )
        out.append(
            {
                "graph": src.value,
                "kind": kind.value.rsplit("#", 1)[-1],
                "where": where,
                "quote": plain(text_of(quote)),
            }
        )
    return sorted(out, key=lambda s: (where_key(s["where"]), s["graph"])) + external_sources_of(store, iri)


def external_sources_of(store: Any, iri: str) -> list[dict[str, str]]:
    """Each publication other than the survey stating something about `iri` (a curator assertion of
    graph/external_*.yaml): its identifier, IRI, curator and date; `where` is what the card's facts cite."""
    from ...store.sparql import run

    out = []
    for src, ident, derived, curator, curator_label, at, states in run(
        store, view_query("entity-external-sources"), {"entity": ox.NamedNode(iri)}
    ).rows:
        name, date = text_of(curator_label) or curator.value, at.value[:10]
        stated = text_of(states).split("|")
        out.append(
            {
                "graph": src.value,
                "kind": CURATOR_ASSERTION,
                "where": f"{ident.value}, curated by {name} on {date}",
                "quote": "",
                "source": ident.value,
                "derived_from": derived.value,
                "curator": name,
                "curator_iri": curator.value,
                "date": date,
                # what a catalogue's entry states, in the record's order of fields ("" for a publication's record)
                "states": ", ".join(w for w in SOURCE_STATES if w in stated),
            }
        )
    return sorted(out, key=lambda s: (s["source"], s["graph"]))


#: the order of the kinds of link on a card
LINK_KINDS = ("accession", "paper", "code", "weights", "documentation", "licence", "listed in", "conflict")


def web_links_of(store: Any, iri: str) -> list[dict[str, Any]]:
    """Where `iri` leads outside the graph (entity-web-links.rq): one entry per (kind, target), in LINK_KINDS order,
    each with every source stating it (`sources`: 'scRNA-tools database/tools.tsv @ 39f8949 (2025-09-20)' or
    'References entry 44 (the survey)'; a dataset's accession: 'Table 4 row 1 (the survey prints GSE158013; ...)');
    a catalogue entry also says how it was matched."""
    from ...store.sparql import run

    found: dict[tuple[str, str], dict[str, Any]] = {}
    for kind, target, label, predicate, where, date, confidence, graph in run(
        store, view_query("entity-web-links"), {"entity": ox.NamedNode(iri)}
    ).rows:
        k = text_of(kind)
        key = (k, text_of(target) or text_of(label))
        entry = found.setdefault(
            key,
            {"kind": k, "target": text_of(target), "label": text_of(label), "sources": [], "match": []},
        )
        entry["sources"] = sorted({*entry["sources"], text_of(where)})
        if k == "listed in":
            entry["match"] = sorted({*entry["match"], f"{compress(predicate.value)} {text_of(confidence)}"})
        del graph, date  # the source names both (its identifier ends with the commit's date)
    return sorted(found.values(), key=lambda e: (LINK_KINDS.index(e["kind"]), e["target"], e["label"]))


def external_only(card_sources: list[dict[str, str]]) -> list[dict[str, str]]:
    """The other publications a card rests on when the survey states nothing about it, else []."""
    if any(s["kind"] != CURATOR_ASSERTION for s in card_sources):
        return []
    return [s for s in card_sources if s["kind"] == CURATOR_ASSERTION]


def datasets_of(store: Any, iri: str, model_side: bool) -> list[Value]:
    """The datasets the survey links to model `iri` (or, not `model_side`, the models it links to dataset `iri`),
    each once with every statement naming it (`stated`: each source with its own basis, a group sentence with its
    group): those a table cell or a sentence about the model alone states first, then those only groups name."""
    from ...store.sparql import run

    res = run(store, view_query("entity-datasets"), {"entity": ox.NamedNode(iri)})
    found: dict[str, tuple[Value, list[Stated]]] = {}
    for model, dataset, m_label, d_label, basis, where, members, sentence, graph in res.rows:
        other, label = (dataset, d_label) if model_side else (model, m_label)
        shown, o_iri = _val(other)
        b, words = text_of(basis), plain(text_of(sentence)) if text_of(basis) == "group" else ""
        group = sentence_order([m for m in text_of(members).split("|") if m], words) if b == "group" else []
        v, stated = found.setdefault(shown, (Value(shown, text_of(label) or shown, o_iri, []), []))
        stated.append(Stated(text_of(where), b, group, words, [text_of(graph)] if graph is not None else []))
    out = [_aggregated(v, stated) for v, stated in found.values()]
    order = {"table": 0, "model": 1}
    return sorted(out, key=lambda v: (order.get(v.basis, 2), v.label.casefold()))


def _aggregated(v: Value, stated: list[Stated]) -> Value:
    """`v` with its statements `stated` merged (one per location, basis, group and sentence), its sources, graphs
    and strongest basis; a value named by one group sentence only keeps that group's members (alphabetically)."""
    merged: dict[tuple[str, str, tuple[str, ...], str], Stated] = {}
    for st in stated:
        key = (st.where, st.basis, tuple(st.group), st.sentence)
        if key in merged:
            merged[key].graphs = sorted({*merged[key].graphs, *st.graphs})
        else:
            merged[key] = st
    v.stated = sorted(merged.values(), key=lambda s: (where_key(s.where), BASES.index(s.basis), s.group))
    v.sources = sorted({s.where for s in v.stated}, key=where_key)
    v.graphs = sorted({g for s in v.stated for g in s.graphs})
    v.basis = strongest([s.basis for s in v.stated])
    if v.basis == "group" and len(v.stated) == 1:
        v.group = sorted(v.stated[0].group, key=str.casefold)
    return v


def lineage_of(store: Any, iri: str, bases: dict[str, Stated] | None = None) -> list[Value]:
    """The l4c:buildsOn relations (and sub-properties) of model `iri`, both ways, with the caveat of a copied row."""
    from ...store.sparql import run

    out = []
    bases = bases_of(store, iri) if bases is None else bases
    for other, direction, p, label, sources, caveat, graphs in run(
        store, view_query("entity-lineage"), {"entity": ox.NamedNode(iri)}
    ).rows:
        shown, o_iri = _val(other)
        v = Value(
            shown,
            text_of(label) or shown,
            o_iri,
            split_sources(text_of(sources)),
            sorted(text_of(graphs).split()),
            via=compress(p.value),
            caveat=text_of(caveat),
            basis=text_of(direction),
        )
        v.stated = stated_by(v.graphs, bases)
        out.append(v)
    return sorted(out, key=lambda v: (v.basis != "buildsOn", v.label.casefold()))
