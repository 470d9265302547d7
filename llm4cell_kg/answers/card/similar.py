"""Computed once per store for every card: each entity's facet values, the most similar entities, and the audit
findings about an entity (for the default graph, kept in the build cache)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyoxigraph as ox

from ...common.namespaces import L4C
from ...common.prefixes import compress
from ..lookup import Entity, index, view_query
from .model import FACETS, GROUP_MARK, LINEAGE, Similar
from .reads import text_of

Facets = dict[str, dict[str, set[tuple[str, str, bool]]]]
_FACETS: dict[int, tuple[Any, Facets]] = {}


def facets(store: Any) -> Facets:
    """entity IRI -> facet word -> {(value IRI or text, label, stated only of groups)}; lineage is any link between
    two models/datasets (for the default graph, kept in the build cache)."""
    hit = _FACETS.get(id(store))
    if hit and hit[0] is store:
        return hit[1]
    from ...store.memo import derived

    kept = derived(store, "facets", lambda: _facet_lists(store), view_query("facets"))
    result = {
        e: {w: {(v, label, bool(group)) for v, label, group in values} for w, values in words.items()}
        for e, words in kept.items()
    }
    _FACETS.clear()
    _FACETS[id(store)] = (store, result)
    return result


def _facet_lists(store: Any) -> dict[str, dict[str, list[tuple[str, str, bool]]]]:
    """`facets` as JSON-able data: the (value, label, group only) triples of each facet sorted."""
    from ...store.sparql import run

    out: Facets = defaultdict(lambda: defaultdict(set))
    for e, _type, p, o, o_label, group_only in run(store, view_query("facets")).rows:
        word = FACETS.get(p.value)
        if word is None:
            if isinstance(o, ox.NamedNode) and p.value not in (L4C + "publishedIn",):
                if p.value == L4C + "trainedOrEvaluatedOn":
                    continue
                # a link between two models (or datasets) puts both in one lineage: each shares it with the other
                for end in (e.value, o.value):
                    out[end][LINEAGE].update({(e.value, "", False), (o.value, "", False)})
            continue
        out[e.value][word].add((o.value, text_of(o_label) or compress(o.value), group_only.value == "1"))
    return {e: {word: sorted(values) for word, values in words.items()} for e, words in out.items()}


_AUDIT: dict[tuple[int, str], tuple[Any, list[Any]]] = {}


def audit_findings(store: Any, iri: str) -> list[Any]:
    """The audit findings about `iri` (every rule, its ?subject bound), remembered per store and entity (for the
    default graph, in the build cache)."""
    hit = _AUDIT.get((id(store), iri))
    if hit and hit[0] is store:
        return hit[1]
    from dataclasses import astuple

    from ...store.embedded import default_digest
    from ...store.memo import key, load, update, view_kind
    from ..audit import Finding, rule_texts, run_audit

    digest = default_digest(store)
    kind = view_kind("audit", digest or "")
    if digest:
        digest = key(digest, *rule_texts())
    kept = load(kind, digest) if digest else None
    if isinstance(kept, dict) and iri in kept:
        found = [Finding(*row) for row in kept[iri]]
    else:
        found = run_audit(store, subject=iri)
        if digest:
            update(kind, digest, iri, [list(astuple(f)) for f in found])
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
            a = {v for v, _, _ in mine.get(word, set())}
            b = {v for v, _, _ in theirs.get(word, set())}
            common = a & b
            n_shared += len(common)
            n_all += len(a | b)
            if common:
                labels = {v: lab for v, lab, _ in mine.get(word, set())}
                # a value either states only in sentences about groups is shared as the groups'
                # (docs/modelling.md, "Group statements"): marked, as on the facts
                grouped = {v for v, _, g in mine.get(word, set()) | theirs.get(word, set()) if g}
                shared[word] = sorted(
                    (labels[v] or (idx.by_iri[v].label if v in idx.by_iri else compress(v)))
                    + (GROUP_MARK if v in grouped else "")
                    for v in common
                )
        if n_shared:
            scored.append(Similar(other.curie, other.label, shared, round(n_shared / n_all, 3)))
    # a shared lineage (one builds on the other) first, then the most shared values
    scored.sort(key=lambda s: (LINEAGE not in s.shared, -sum(len(v) for v in s.shared.values()), -s.score, s.label))
    return scored[:n]
