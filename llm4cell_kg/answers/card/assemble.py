"""The summary card of one entity (`llm4cell-kg show NAME`): what it is, each fact once with its sources, ontology
links, datasets, lineage, audit findings, the printed row and the most similar entities."""

from __future__ import annotations

from typing import Any

from ...common.namespaces import L4C, SCHEMES, SKOS
from ...common.prefixes import compress
from ..lookup import Entity, index
from .model import (
    COLLECTIVE_LINKS,
    LINK_PROPS,
    NOT_IN_SURVEY,
    PRINTED_ORDER,
    PRINTED_PREFIX,
    SKIP_FACTS,
    Card,
    Fact,
    Value,
    group_sentences,
    where_key,
)
from .reads import (
    bases_of,
    datasets_of,
    external_only,
    external_sources_of,
    facts_of,
    group_grounding_of,
    incoming_of,
    lineage_of,
    notes_of,
    scale_of,
    sources_of,
    web_links_of,
)
from .similar import audit_findings, similar_to


def build_card(store: Any, entity: Entity, audit: bool = True) -> Card:
    """The card of `entity`, from `store` (without its audit findings when not `audit`)."""
    bases = bases_of(store, entity.iri)
    facts = facts_of(store, entity.iri, bases)
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
    group_statements = _group_links(links)
    _notes_beside_values(kept, notes_of(store, entity.iri))
    used_by, incoming = [], incoming_of(store, entity.iri, bases)
    if entity.kind == "model":
        datasets = datasets_of(store, entity.iri, model_side=True)
        lineage = lineage_of(store, entity.iri, bases)
        group_statements = group_grounding_of(store, entity.iri) + group_statements
    elif entity.kind == "dataset":
        used_by = datasets_of(store, entity.iri, model_side=False)
    for p, v, s_type in incoming:
        if v.iri in same_kind or _full(p) == L4C + "trainedOrEvaluatedOn":
            continue  # lineage and datasets_of show these
        if s_type in (L4C + "Model", L4C + "Dataset"):
            used_by.append(Value(v.value, v.label, v.iri, v.sources, v.graphs, via=p, basis=v.basis, stated=v.stated))
    findings = [
        {k: getattr(f, k) for k in ("rule", "where_a", "text_a", "where_b", "text_b", "detail")}
        for f in (audit_findings(store, entity.iri) if audit and entity.kind in ("model", "dataset") else [])
    ]
    cells = {label: v for (_, label), v in sorted(printed_cells.items())}
    printed = {"where": "; ".join(sorted(printed_src, key=where_key)), "cells": cells} if cells else {}
    sources = sources_of(store, entity.iri)
    card = Card(
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
        group_statements=group_statements,
        web_links=web_links_of(store, entity.iri) if entity.kind in ("model", "dataset") else [],
    )
    card.group_sentences = group_sentences(card.values())
    return card


def _group_links(links: list[Fact]) -> list[Value]:
    """Take out of `links` the ontology links stated only of a group whose property stays the group's
    (COLLECTIVE_LINKS: C.5's grounding ontology UBERON), and return them as group statements."""
    out: list[Value] = []
    for f in links:
        if _full(f.property) not in COLLECTIVE_LINKS:
            continue
        for v in [v for v in f.values if v.basis == "group"]:
            f.values.remove(v)
            v.via = f.property
            v.group = v.stated[0].group if len(v.stated) == 1 else []  # one sentence: its group
            out.append(v)
    links[:] = [f for f in links if f.values]
    return out


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


def _notes_beside_values(facts: list[Fact], notes: dict[tuple[str, str], tuple[str, frozenset[str]]]) -> None:
    """Put each normalisation note (an override or a correction) beside the values it is about: the values of its
    property stated in its row's graph (only those it names, where the cell gives the others)."""
    if not notes:
        return
    for f in facts:
        prop = _full(f.property)
        for v in f.values:
            about = [notes[(g, prop)] for g in v.graphs if (g, prop) in notes]
            v.note = "; ".join(text for text, values in about if not values or v.iri in values)


def _rank(prop: str) -> int:
    return PRINTED_ORDER.index(prop) if prop in PRINTED_ORDER else len(PRINTED_ORDER)


def _full(curie_or_iri: str) -> str:
    from ..lookup import expand

    return expand(curie_or_iri) or curie_or_iri


def _labels(facts: list[Fact], prop: str) -> list[str]:
    """The labels of the values of `prop` that a table cell, a sentence about the entity alone or another publication
    states: a value stated only of groups is not the entity's own."""
    for f in facts:
        if _full(f.property) == L4C + prop:
            return [v.label for v in f.values if v.basis != "group"]
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


def resolve(store: Any, name: str, kinds: set[str] | None = None, everything: Any = None) -> Entity:
    """The entity `name` names in `store` (the survey's statements, by default). When it names none there but
    `everything` (the store with the records from other publications) holds a record it names, the error says so
    and how to see it (`--sources all`), instead of "no model named ..."."""
    from ...curation.schema import file_of_graph
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
        held = {
            f"{s['source']} ({file_of_graph(s['graph'].removeprefix(SCHEMES['src'])) or 'graph/external_*.yaml'})"
            for s in external_sources_of(everything, found.iri)
        }
        raise UserError(
            f"{found.label} ({found.curie}) is {NOT_IN_SURVEY}: it is a {found.kind} curated from "
            f"{' and from '.join(sorted(held)) or source}. Add `--sources all` to include records from other sources."
        ) from None


def card_for(store: Any, name: str, kinds: set[str] | None = None, everything: Any = None) -> Card:
    """Resolve `name` (label, alternative label, id, CURIE) and build its card (see `resolve` for `everything`)."""
    return build_card(store, resolve(store, name, kinds, everything))
