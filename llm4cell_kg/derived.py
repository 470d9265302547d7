"""Helper triples computed once at build time, so that pairwise audit rules join instead of comparing all against all.

Each helper is an index, never a new fact: it lists candidate pairs for a rule whose query still checks the full
condition (documented in docs/derived.md). The triples sit in their own named graphs `src:derived/<name>`, are
re-derived from the other quads by `derived_quads` on every build, and are left out of exports and reasoning
(`strip`). Their predicates live in the `drv:` namespace below, declared in the .rq files that use them.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from .namespaces import L4C, RDF, RDFS, SCHEMES, SKOS

DRV = "https://w3id.org/llm4cell/derived#"
GRAPH_PREFIX = SCHEMES["src"] + "derived/"

#: graph -> what its triples mean
GRAPHS = {
    "title-names": "pub drv:titleNames model: a word of the publication's title is one of the model's names "
    "(label or other spelling, 3+ characters of A-Z, a-z, 0-9, '-'), compared case-insensitively "
    "(audit/citation-other-model)",
    "same-cells": "model drv:sameCells other: two models with a common value in each of Category, Modality, "
    "Grounding Type, Agentic, Primary Task and Domain Score as printed (audit/copied-cells)",
    "same-task-start": "model drv:samePrimaryTaskStart other: two different printed Primary Task cells of 60+ "
    "characters with the same first 60 (audit/copied-cells)",
}

_NAME = re.compile(r"^[A-Za-z0-9-]+$")
_WORD = re.compile(r"[a-z0-9-]+")
_CELLS = ("printedCategory", "printedModality", "printedGrounding", "printedAgentic", "printedPrimaryTask")
_CELLS += ("printedDomainScore",)


def is_derived(q: ox.Quad) -> bool:
    """Whether `q` is a helper triple (in a `src:derived/...` graph)."""
    return isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(GRAPH_PREFIX)


def strip(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The quads without the helper triples (for exports, reasoning and validation)."""
    return [q for q in quads if not is_derived(q)]


def _values(quads: Iterable[ox.Quad], preds: set[str]) -> dict[str, dict[ox.Term, set[ox.Term]]]:
    """predicate IRI -> subject -> its objects, over the union of all graphs."""
    out: dict[str, dict[ox.Term, set[ox.Term]]] = {p: defaultdict(set) for p in preds}
    for q in quads:
        p = q.predicate.value
        if p in preds:
            out[p][q.subject].add(q.object)
    return out


def _pairs(groups: Iterable[set[ox.Term]]) -> set[tuple[ox.Term, ox.Term]]:
    return {(a, b) for g in groups for a, b in itertools.permutations(g, 2)}


def derived_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The helper triples for `quads` (the built graph without helpers), sorted."""
    quads = strip(quads)
    cells = [L4C + c for c in _CELLS]
    v = _values(quads, {RDF + "type", RDFS + "label", SKOS + "altLabel", L4C + "title", *cells})
    out: list[ox.Quad] = []

    def emit(graph: str, pred: str, pairs: Iterable[tuple[ox.Term, ox.Term]]) -> None:
        g, p = ox.NamedNode(GRAPH_PREFIX + graph), ox.NamedNode(DRV + pred)
        out.extend(ox.Quad(s, p, o, g) for s, o in pairs)  # type: ignore[arg-type]

    # title-names: index the names of models by their lower-case form, then look up each title's words
    model = ox.NamedNode(L4C + "Model")
    by_name: dict[str, set[ox.Term]] = defaultdict(set)
    for s, types in v[RDF + "type"].items():
        if model in types:
            for name in v[RDFS + "label"].get(s, set()) | v[SKOS + "altLabel"].get(s, set()):
                if isinstance(name, ox.Literal) and len(name.value) >= 3 and _NAME.match(name.value):
                    by_name[name.value.lower()].add(s)
    names: set[tuple[ox.Term, ox.Term]] = set()
    for pub, titles in v[L4C + "title"].items():
        for title in titles:
            for word in set(_WORD.findall(title.value.lower())):
                names.update((pub, m) for m in by_name.get(word, ()))
    emit("title-names", "titleNames", names)

    # same-cells: group rows by every combination of their printed cells
    groups: dict[tuple[ox.Term, ...], set[ox.Term]] = defaultdict(set)
    for s in v[cells[0]]:
        for combo in itertools.product(*(v[c].get(s, set()) for c in cells)):
            groups[combo].add(s)
    emit("same-cells", "sameCells", _pairs(groups.values()))

    # same-task-start: group Primary Task cells of 60+ characters by their first 60
    starts: dict[str, set[tuple[ox.Term, str]]] = defaultdict(set)
    for s, tasks in v[L4C + "printedPrimaryTask"].items():
        for t in tasks:
            if len(t.value) >= 60:
                starts[t.value[:60]].add((s, t.value))
    task_pairs = {(a, b) for grp in starts.values() for (a, ta), (b, tb) in itertools.permutations(grp, 2) if ta != tb}
    emit("same-task-start", "samePrimaryTaskStart", task_pairs)
    return sorted(out, key=str)
