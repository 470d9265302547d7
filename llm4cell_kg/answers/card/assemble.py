"""The summary card of one entity (`llm4cell-kg show NAME`): what it is, each fact once with its sources, ontology
links, datasets, lineage, audit findings, the printed row and the most similar entities."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

import click
import pyoxigraph as ox

from ...common.namespaces import L4C, RDF, RDFS, SCHEMES, SKOS
from ...common.options import format_option, sources_option
from ...common.prefixes import compress
from ..lookup import KINDS, Entity, index, view_query

#: properties shown in their own card sections rather than among the facts
LINK_PROPS = {L4C + p for p in ("species", "tissue", "cellType", "assay", "groundingOntology")}
PRINTED_PREFIX = L4C + "printed"
#: printed cells in the order of the table's columns (Table 7; Tables 1-6)
PRINTED_ORDER = [
    L4C + "printed" + c
    for c in ("Model", "Venue", "Category", "Modality", "Grounding", "Agentic", "PrimaryTask", "DomainScore")
    + ("Dataset", "Description", "Tasks", "Scale", "Link")
]
SKIP_FACTS = {
    RDF + "type",
    RDFS + "label",
    SKOS + "altLabel",
    SKOS + "definition",
    "http://www.geneontology.org/formats/oboInOwl#hasSynonym",
    L4C + "rowSubject",
    L4C + "ancestry",
    L4C + "ancestor",
}
#: facets compared to find similar entities, with the word the card uses for each
FACETS: dict[str, str] = {
    L4C + "family": "family",
    L4C + "task": "tasks",
    L4C + "modality": "modalities",
    L4C + "groundingType": "grounding",
    L4C + "trainedOrEvaluatedOn": "datasets",
    L4C + "species": "species",
    L4C + "tissue": "tissues",
    L4C + "cellType": "cell types",
    L4C + "assay": "assays",
}
LINEAGE = "lineage"
WHERE_ORDER = re.compile(r"^(Table (\d+) row (\d+))|(§(.*))$")


def where_key(where: str) -> tuple[Any, ...]:
    """Table rows first (by table and row), then sections in reading order."""
    m = WHERE_ORDER.match(where)
    if m and m.group(1):
        return (0, int(m.group(2)), int(m.group(3)), "")
    parts = tuple((0, int(x), "") if x.isdigit() else (1, 0, x) for x in where.lstrip("§").split("."))
    return (1, 0, 0, parts)


def split_sources(text: str) -> list[str]:
    return sorted({s for s in text.split("; ") if s}, key=where_key)


def plain(text: str) -> str:
    """A quote as plain text: markdown emphasis markers removed (`**scGPT**` -> `scGPT`)."""
    return re.sub(r"(\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w))", "", text)


@dataclass
class Value:
    """One value of a property, stated once, with every source that states it."""

    value: str  # CURIE of an IRI, or the literal's text
    label: str
    iri: str | None
    sources: list[str]
    graphs: list[str] = field(default_factory=list)
    via: str = ""  # for statements pointing at the entity: the property (l4c:trainedOrEvaluatedOn)
    caveat: str = ""  # an audit finding kept beside this value (a citation's, a copied row's)
    basis: str = ""  # datasets: table | model | group; lineage: buildsOn | builtOnBy
    group: list[str] = field(default_factory=list)  # basis group: the group's members, as the sentence names them


@dataclass
class Fact:
    property: str
    label: str
    values: list[Value]


@dataclass
class Similar:
    curie: str
    label: str
    shared: dict[str, list[str]]
    score: float


@dataclass
class Card:
    """Everything `show` prints about one entity."""

    iri: str
    curie: str
    id: str
    kind: str
    label: str
    summary: str
    types: list[str]
    alt_labels: list[str]
    printed_names: list[str]
    definition: str
    facts: list[Fact]
    links: list[Fact]
    datasets: list[Value]
    used_by: list[Value]
    lineage: list[Value]
    audit: list[dict[str, str]]
    printed: dict[str, Any]
    similar: list[Similar]
    sources: list[dict[str, str]]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _val(term: Any) -> tuple[str, str | None]:
    if isinstance(term, ox.NamedNode):
        return compress(term.value), term.value
    return ("" if term is None else term.value), None


def _text(term: Any) -> str:
    return "" if term is None else term.value


def facts_of(store: Any, iri: str) -> list[Fact]:
    """Each distinct (property, value) about `iri` once, sources aggregated, grouped by property."""
    from ...store.sparql import run

    res = run(store, view_query("entity-facts"), {"entity": ox.NamedNode(iri)})
    by_prop: dict[str, Fact] = {}
    for p, o, p_label, o_label, sources, graphs in res.rows:
        shown, o_iri = _val(o)
        fact = by_prop.setdefault(p.value, Fact(compress(p.value), _text(p_label) or compress(p.value), []))
        fact.values.append(
            Value(shown, _text(o_label) or shown, o_iri, split_sources(_text(sources)), sorted(_text(graphs).split()))
        )
    for fact in by_prop.values():
        fact.values.sort(key=lambda v: (v.label.casefold(), v.value))
    return sorted(by_prop.values(), key=lambda f: f.property)


def incoming_of(store: Any, iri: str) -> list[tuple[str, Value, str]]:
    """(property CURIE, subject, subject type IRI) for each distinct statement pointing at `iri`."""
    from ...store.sparql import run

    res = run(store, view_query("entity-incoming"), {"entity": ox.NamedNode(iri)})
    out = []
    for s, p, s_label, _p_label, s_type, sources, graphs in res.rows:
        shown, s_iri = _val(s)
        v = Value(shown, _text(s_label) or shown, s_iri, split_sources(_text(sources)), sorted(_text(graphs).split()))
        out.append((compress(p.value), v, _text(s_type)))
    return sorted(out, key=lambda x: (x[0], x[1].label.casefold()))


def scale_of(store: Any, iri: str) -> dict[str, str]:
    """Each scale figure of a dataset as text: `cells: ~2400000`, `tissues: >40`, `cells: 1000000-2000000`."""
    from ...store.sparql import run

    out = {}
    for _e, fig, quantity, value, qualifier, mx in run(
        store, view_query("entity-scale"), {"entity": ox.NamedNode(iri)}
    ).rows:
        q = "" if _text(qualifier) in ("=", "range") else _text(qualifier)
        v = f"{_text(value)}-{_text(mx)}" if mx is not None else _text(value)
        out[fig.value] = f"{quantity.value.rsplit('#', 1)[-1].rsplit('/', 1)[-1]}: {q}{v}"
    return out


def sources_of(store: Any, iri: str) -> list[dict[str, str]]:
    """Each survey location stating something about `iri`, with its quote as plain text."""
    from ...store.sparql import run

    res = run(store, view_query("entity-sources"), {"entity": ox.NamedNode(iri)})
    out = []
    for src, kind, section, table_, row, quote in res.rows:
        where = f"{_text(table_)} row {_text(row)}" if table_ is not None and row is not None else f"§{_text(section)}"
        out.append(
            {
                "graph": src.value,
                "kind": kind.value.rsplit("#", 1)[-1],
                "where": where,
                "quote": plain(_text(quote)),
            }
        )
    return sorted(out, key=lambda s: (where_key(s["where"]), s["graph"])) + external_sources_of(store, iri)


CURATOR_ASSERTION = "CuratorAssertion"
NOT_IN_SURVEY = "not in the survey"


def external_sources_of(store: Any, iri: str) -> list[dict[str, str]]:
    """Each publication other than the survey stating something about `iri` (a curator assertion of
    graph/external_*.yaml): its identifier, IRI, curator and date; `where` is what the card's facts cite."""
    from ...store.sparql import run

    out = []
    for src, ident, derived, curator, curator_label, at in run(
        store, view_query("entity-external-sources"), {"entity": ox.NamedNode(iri)}
    ).rows:
        name, date = _text(curator_label) or curator.value, at.value[:10]
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
            }
        )
    return sorted(out, key=lambda s: (s["source"], s["graph"]))


def external_only(card_sources: list[dict[str, str]]) -> list[dict[str, str]]:
    """The other publications a card rests on when the survey states nothing about it, else []."""
    if any(s["kind"] != CURATOR_ASSERTION for s in card_sources):
        return []
    return [s for s in card_sources if s["kind"] == CURATOR_ASSERTION]


def datasets_of(store: Any, iri: str, model_side: bool) -> list[Value]:
    """The datasets the survey links to model `iri` (or, not `model_side`, the models it links to dataset `iri`),
    one value per (entity, basis, group sentence): table and single-model sentences first, then group sentences."""
    from ...store.sparql import run

    res = run(store, view_query("entity-datasets"), {"entity": ox.NamedNode(iri)})
    own: dict[tuple[str, str], Value] = {}
    groups: list[Value] = []
    for model, dataset, m_label, d_label, basis, where, members in res.rows:
        other, label = (dataset, d_label) if model_side else (model, m_label)
        shown, o_iri = _val(other)
        b = _text(basis)
        if b == "group":
            names = sorted(_text(members).split(", "), key=str.casefold)
            groups.append(Value(shown, _text(label) or shown, o_iri, [_text(where)], basis=b, group=names))
            continue
        v = own.setdefault((shown, b), Value(shown, _text(label) or shown, o_iri, [], basis=b))
        v.sources = sorted({*v.sources, _text(where)}, key=where_key)
    order = {"table": 0, "model": 1}
    out = sorted(own.values(), key=lambda v: (order.get(v.basis, 2), v.label.casefold()))
    return out + sorted(groups, key=lambda v: (v.label.casefold(), where_key(v.sources[0])))


def lineage_of(store: Any, iri: str) -> list[Value]:
    """The l4c:buildsOn relations (and sub-properties) of model `iri`, both ways, with the caveat of a copied row."""
    from ...store.sparql import run

    out = []
    for other, direction, p, label, sources, caveat in run(
        store, view_query("entity-lineage"), {"entity": ox.NamedNode(iri)}
    ).rows:
        shown, o_iri = _val(other)
        out.append(
            Value(
                shown,
                _text(label) or shown,
                o_iri,
                split_sources(_text(sources)),
                via=compress(p.value),
                caveat=_text(caveat),
                basis=_text(direction),
            )
        )
    return sorted(out, key=lambda v: (v.basis != "buildsOn", v.label.casefold()))


# -- facets, similarity and audit (computed once per store) -------------------------------------------------------

_FACETS: dict[int, tuple[Any, dict[str, dict[str, set[tuple[str, str]]]]]] = {}


def facets(store: Any) -> dict[str, dict[str, set[tuple[str, str]]]]:
    """entity IRI -> facet word -> {(value IRI or text, label)}; lineage is any link between two models/datasets
    (for the default graph, kept in the build cache)."""
    hit = _FACETS.get(id(store))
    if hit and hit[0] is store:
        return hit[1]
    from ...store.memo import derived

    kept = derived(store, "facets", lambda: _facet_lists(store), view_query("facets"))
    result = {e: {w: {(v, label) for v, label in pairs} for w, pairs in words.items()} for e, words in kept.items()}
    _FACETS.clear()
    _FACETS[id(store)] = (store, result)
    return result


def _facet_lists(store: Any) -> dict[str, dict[str, list[tuple[str, str]]]]:
    """`facets` as JSON-able data: the (value, label) pairs of each facet sorted."""
    from ...store.sparql import run

    out: dict[str, dict[str, set[tuple[str, str]]]] = defaultdict(lambda: defaultdict(set))
    for e, _type, p, o, o_label in run(store, view_query("facets")).rows:
        word = FACETS.get(p.value)
        if word is None:
            if isinstance(o, ox.NamedNode) and p.value not in (L4C + "publishedIn",):
                if p.value == L4C + "trainedOrEvaluatedOn":
                    continue
                # a link between two models (or datasets) puts both in one lineage: each shares it with the other
                for end in (e.value, o.value):
                    out[end][LINEAGE].update({(e.value, ""), (o.value, "")})
            continue
        out[e.value][word].add((o.value, _text(o_label) or compress(o.value)))
    return {e: {word: sorted(pairs) for word, pairs in words.items()} for e, words in out.items()}


_AUDIT: dict[tuple[int, str], tuple[Any, list[Any]]] = {}


def audit_findings(store: Any, iri: str) -> list[Any]:
    """The audit findings about `iri` (every rule, its ?subject bound), remembered per store and entity (for the
    default graph, in the build cache)."""
    hit = _AUDIT.get((id(store), iri))
    if hit and hit[0] is store:
        return hit[1]
    from dataclasses import astuple

    from ...store.embedded import default_digest
    from ...store.memo import key, load, update
    from ..audit import Finding, rule_texts, run_audit

    digest = default_digest(store)
    if digest:
        digest = key(digest, *rule_texts())
    kept = load("audit", digest) if digest else None
    if isinstance(kept, dict) and iri in kept:
        found = [Finding(*row) for row in kept[iri]]
    else:
        found = run_audit(store, subject=iri)
        if digest:
            update("audit", digest, iri, [list(astuple(f)) for f in found])
    if len(_AUDIT) > 2000:
        _AUDIT.clear()
    _AUDIT[(id(store), iri)] = (store, found)
    return found


def similar_to(store: Any, entity: Entity, n: int = 5) -> list[Similar]:
    """The entities of the same kind sharing the most facet values (tasks, modalities, grounding, datasets, lineage,
    ...), each with the shared values named; those of the same lineage first, ties broken by Jaccard similarity."""
    if entity.kind not in ("model", "dataset"):
        return []
    all_facets = facets(store)
    mine = all_facets.get(entity.iri, {})
    idx = index(store)
    scored = []
    for other in idx.of_kind({entity.kind}):
        if other.iri == entity.iri:
            continue
        theirs = all_facets.get(other.iri, {})
        shared: dict[str, list[str]] = {}
        n_shared = n_all = 0
        for word in sorted(set(mine) | set(theirs)):  # sorted: the same JSON from run to run
            a = {v for v, _ in mine.get(word, set())}
            b = {v for v, _ in theirs.get(word, set())}
            common = a & b
            n_shared += len(common)
            n_all += len(a | b)
            if common:
                labels = {v: lab for v, lab in mine.get(word, set())}
                shared[word] = sorted(
                    labels[v] or (idx.by_iri[v].label if v in idx.by_iri else compress(v)) for v in common
                )
        if n_shared:
            scored.append(Similar(other.curie, other.label, shared, round(n_shared / n_all, 3)))
    # a shared lineage (one builds on the other) first, then the most shared values
    scored.sort(key=lambda s: (LINEAGE not in s.shared, -sum(len(v) for v in s.shared.values()), -s.score, s.label))
    return scored[:n]


# -- the card ----------------------------------------------------------------------------------------------------


def build_card(store: Any, entity: Entity, audit: bool = True) -> Card:
    """The card of `entity`, from `store` (without its audit findings when not `audit`)."""
    facts = facts_of(store, entity.iri)
    kept: list[Fact] = []
    links: list[Fact] = []
    printed_cells: dict[tuple[int, str], str] = {}
    definition = ""
    datasets: list[Value] = []
    lineage: list[Value] = []
    same_kind = {e.iri for e in index(store).of_kind({entity.kind})} if entity.kind in ("model", "dataset") else set()
    printed_src: set[str] = set()
    for f in facts:
        iri = f.property
        full = _full(iri)
        if full == SKOS + "definition":
            definition = "; ".join(v.value for v in f.values)
        if full in SKIP_FACTS:
            continue
        if full.startswith(PRINTED_PREFIX):
            for v in f.values:
                printed_cells[(_rank(full), f.label.removeprefix("printed ").strip())] = v.value
                printed_src.update(v.sources)
            continue
        if full == L4C + "scale":
            figures = scale_of(store, entity.iri)
            for v in f.values:
                v.label = figures.get(v.iri or "", v.label)
        if full in LINK_PROPS:
            links.append(f)
            continue
        if full == L4C + "trainedOrEvaluatedOn":
            continue  # shown under Datasets, each with its basis (datasets_of)
        kept.append(f)
    _caveats_beside_citations(kept)
    used_by, incoming = [], incoming_of(store, entity.iri)
    if entity.kind == "model":
        datasets = datasets_of(store, entity.iri, model_side=True)
        lineage = lineage_of(store, entity.iri)
    elif entity.kind == "dataset":
        used_by = datasets_of(store, entity.iri, model_side=False)
    for p, v, s_type in incoming:
        if v.iri in same_kind or _full(p) == L4C + "trainedOrEvaluatedOn":
            continue  # lineage and datasets_of show these
        if s_type in (L4C + "Model", L4C + "Dataset"):
            used_by.append(Value(v.value, v.label, v.iri, v.sources, via=p))
    findings = [
        {k: getattr(f, k) for k in ("rule", "where_a", "text_a", "where_b", "text_b", "detail")}
        for f in (audit_findings(store, entity.iri) if audit and entity.kind in ("model", "dataset") else [])
    ]
    cells = {label: v for (_, label), v in sorted(printed_cells.items())}
    printed = {"where": "; ".join(sorted(printed_src, key=where_key)), "cells": cells} if cells else {}
    sources = sources_of(store, entity.iri)
    return Card(
        iri=entity.iri,
        curie=entity.curie,
        id=entity.id,
        kind=entity.kind,
        label=entity.label,
        summary=summary(entity, facts, printed, external_only(sources)),
        types=[compress(t) for t in entity.types],
        alt_labels=[a for a in entity.alt_labels if a != entity.label],
        printed_names=[n for n in entity.names() if n not in entity.alt_labels and n != entity.label][:8]
        if entity.kind != "term"
        else entity.synonyms,
        definition=definition,
        facts=kept,
        links=links,
        datasets=datasets,
        used_by=used_by,
        lineage=lineage,
        audit=findings,
        printed=printed,
        similar=similar_to(store, entity),
        sources=sources,
    )


CITATION_PROPS = (L4C + "citation", L4C + "proseCitation")


def _caveats_beside_citations(facts: list[Fact]) -> None:
    """Move each l4c:citationCaveat beside the citation it is about (the link stated in the caveat's own graph);
    a caveat that matches no link stays a fact of its own."""
    cav = next((f for f in facts if _full(f.property) == L4C + "citationCaveat"), None)
    if cav is None:
        return
    placed = set()
    for f in facts:
        if _full(f.property) not in CITATION_PROPS:
            continue
        for v in f.values:
            for c in cav.values:
                if set(c.graphs) & set(v.graphs):
                    v.caveat = "; ".join(x for x in (v.caveat, c.value) if x)
                    placed.add(c.value)
    cav.values = [c for c in cav.values if c.value not in placed]
    if not cav.values:
        facts.remove(cav)


def _rank(prop: str) -> int:
    return PRINTED_ORDER.index(prop) if prop in PRINTED_ORDER else len(PRINTED_ORDER)


def _full(curie_or_iri: str) -> str:
    from ..lookup import expand

    return expand(curie_or_iri) or curie_or_iri


def _labels(facts: list[Fact], prop: str) -> list[str]:
    for f in facts:
        if _full(f.property) == L4C + prop:
            return [v.label for v in f.values]
    return []


def summary(
    entity: Entity, facts: list[Fact], printed: dict[str, Any], external: list[dict[str, str]] | None = None
) -> str:
    """One line: what the entity is; for a record that only other publications state (`external`), "not in the
    survey" and where it comes from."""
    what = {"term": "ontology term", "resource": "grounding source"}.get(entity.kind, entity.kind)
    bits = []
    if entity.kind == "model":
        bits += [", ".join(_labels(facts, "family"))]
        year = _labels(facts, "year")
        bits += [f"{', '.join(year)}" if year else ""]
    elif entity.kind == "dataset":
        bits += [", ".join(_labels(facts, "modality"))]
    if printed.get("where"):
        bits.append(printed["where"])
    elif external:
        bits.append(f"{NOT_IN_SURVEY}: from " + "; ".join(s["where"] for s in external))
    elif entity.kind in ("model", "dataset"):
        bits.append("named in the prose only")
    detail = "; ".join(b for b in bits if b)
    return f"{entity.label} ({entity.curie}): {what}" + (f" — {detail}" if detail else "")


# -- rendering ---------------------------------------------------------------------------------------------------


def _src(v: Value) -> str:
    return f"  [{'; '.join(v.sources)}]" if v.sources else ""


def name_rows(card: Card) -> list[tuple[str, str]]:
    """The card's other names and definition as (heading, text), shared by the text and HTML cards."""
    rows = []
    if card.alt_labels:
        rows.append(("also called", ", ".join(card.alt_labels)))
    if card.printed_names:
        rows.append(("synonyms" if card.kind == "term" else "printed as", ", ".join(card.printed_names)))
    if card.definition:
        rows.append(("definition", plain(card.definition)))
    return rows


def render_text(card: Card, markdown: bool = False) -> str:
    """The card as plain text or Markdown."""
    h = (lambda t: f"\n## {t}") if markdown else (lambda t: f"\n{t}:")
    item = "- " if markdown else "  "
    out = [f"# {card.label}" if markdown else card.label, card.summary]
    out.append(f"{item}IRI: {card.iri}")
    out.append(f"{item}types: {', '.join(card.types)}")
    out.extend(f"{item}{head}: {text}" for head, text in name_rows(card))
    external = [s for s in card.sources if s["kind"] == CURATOR_ASSERTION]
    if external:
        title = "Source (not in the survey)" if external_only(card.sources) else "Other sources (not in the survey)"
        out.append(h(title))
        out += [
            f"{item}{s['source']} ({s['derived_from']}), curated by {s['curator']}"
            + (f" ({s['curator_iri']})" if s["curator_iri"] != s["curator"] else "")
            + f" on {s['date']}"
            for s in external
        ]
    if card.printed:
        out.append(h(f"Printed row ({card.printed['where']})"))
        out += [f"{item}{k}: {v}" for k, v in card.printed["cells"].items()]
    if card.facts:
        out.append(h("Facts (each value once, with the sources that state it)"))
        for f in card.facts:
            out.append(f"{item}{f.label} ({f.property})")
            sub = "  - " if markdown else "      "
            out += [f"{sub}{_shown(v)}{_src(v)}{_caveat(v)}" for v in f.values]
    if card.links:
        out.append(h("Ontology links"))
        for f in card.links:
            out += [f"{item}{f.label}: {v.label} ({v.value}){_src(v)}" for v in f.values]
    for title, values in (("Datasets", card.datasets), ("Used by", card.used_by), ("Lineage", card.lineage)):
        if values:
            out.append(h(title))
            out += [f"{item}{_listed(v)}{_caveat(v)}" for v in values]
    if card.kind in ("model", "dataset"):
        out.append(h(f"Audit findings ({len(card.audit)})"))
        if not card.audit:
            out.append(f"{item}none")
        for a in card.audit:
            out.append(f"{item}{a['rule']}: {a['detail']} ({a['where_a']} vs {a['where_b']})")
    if card.similar:
        out.append(h("Most similar"))
        for s in card.similar:
            shared = "; ".join(f"{k}: {', '.join(v)}" for k, v in sorted(s.shared.items()))
            out.append(f"{item}{s.label} ({s.curie}) — shares {shared}")
    return "\n".join(out)


BASIS_WORDS = {"table": "", "model": "", "buildsOn": "builds on: ", "builtOnBy": "built on by: "}


def _listed(v: Value) -> str:
    """A dataset, model or lineage entry with its basis (a group sentence's dataset is never the model's own)."""
    if v.basis == "group":
        return f"{_shown(v)} — named with a group: {', '.join(v.group)}, {'; '.join(v.sources)}"
    return f"{BASIS_WORDS.get(v.basis, '')}{_shown(v)}{_src(v)}"


def _caveat(v: Value) -> str:
    return f" — caveat: {v.caveat}" if v.caveat else ""


def _shown(v: Value) -> str:
    shown = f"{v.label} ({v.value})" if v.iri and v.label != v.value else v.value
    return f"{shown} via {v.via}" if v.via else shown


def render(card: Card, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(card.to_dict(), indent=2, ensure_ascii=False)
    return render_text(card, markdown=fmt == "markdown")


def resolve(store: Any, name: str, kinds: set[str] | None = None, everything: Any = None) -> Entity:
    """The entity `name` names in `store` (the survey's statements, by default). When it names none there but
    `everything` (the store with the records from other publications) holds a record it names, the error says so
    and how to see it (`--sources all`), instead of "no model named ..."."""
    from ...errors import UserError
    from ..lookup import NotFound
    from ..sources import row_sources

    try:
        return index(store).resolve(name, kinds)
    except NotFound:
        if everything is None or everything is store:
            raise
        try:
            found = index(everything).resolve(name, kinds)
        except UserError:
            found = None
        source = row_sources(everything).get(found.iri) if found else None
        if found is None or source is None:
            raise
        raise UserError(
            f"{found.label} ({found.curie}) is {NOT_IN_SURVEY}: it is a {found.kind} curated from {source} "
            "(graph/external_*.yaml). Add `--sources all` to include records from other publications."
        ) from None


def card_for(store: Any, name: str, kinds: set[str] | None = None, everything: Any = None) -> Card:
    """Resolve `name` (label, alternative label, id, CURIE) and build its card (see `resolve` for `everything`)."""
    return build_card(store, resolve(store, name, kinds, everything))


@click.command("show")
@click.argument("name")
@click.option("--type", "kind", type=click.Choice(KINDS), default=None, help="Only entities of this kind.")
@format_option(("text", "json", "markdown"))
@sources_option
def command(name: str, kind: str | None, fmt: str, sources: str) -> None:
    """Show the card of NAME: a label, alternative label, id (scgpt) or CURIE (model:scgpt, UBERON:0002048).

    By default the card says what the survey says; `--sources all` also finds, and cites, records curated from
    other publications (graph/external_*.yaml), marked "not in the survey"."""
    from ...store.embedded import open_store
    from ..sources import restrict

    full = open_store()
    card = card_for(restrict(full, sources), name, {kind} if kind else None, everything=full)
    click.echo(render(card, fmt))


__all__ = ["Card", "build_card", "card_for", "render", "SCHEMES"]
