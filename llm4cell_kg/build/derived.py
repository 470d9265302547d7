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

from ..common.namespaces import L4C, RDF, RDFS, SCHEMES, SKOS

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple  # a term of the graph
DRV = "https://w3id.org/llm4cell/derived#"
GRAPH_PREFIX = SCHEMES["src"] + "derived/"

#: graph -> what its triples mean. Each helper node stands for one group (never for a model or a publication), so
#: no statement is made about a model itself: the store's rule that every statement about a model or dataset sits
#: in a described survey location still holds.
GRAPHS = {
    "title-names": "word drv:word text; drv:nameOf model; drv:inTitleOf pub: a word of the publication's title "
    "(drv:word, lower case) is one of the "
    "model's names (label or other spelling, 3+ characters of A-Z, a-z, 0-9, '-'), compared case-insensitively "
    "(audit/citation-other-model)",
    "same-cells": "group drv:sameCellsRow model, model, ...: models with a common value in each of Category, "
    "Modality, Grounding Type, Agentic, Primary Task and Domain Score as printed (audit/copied-cells)",
    "same-task-start": "group drv:taskStartRow model, model, ...: models with a printed Primary Task cell of 60+ "
    "characters beginning with the same 60 (audit/copied-cells)",
}

_NAME = re.compile(r"^[A-Za-z0-9-]+$")
_WORD = re.compile(r"[a-z0-9-]+")
_CELLS = (
    "printedCategory",
    "printedModality",
    "printedGrounding",
    "printedAgentic",
    "printedPrimaryTask",
    "printedDomainScore",
)


def is_derived(q: ox.Quad) -> bool:
    """Whether `q` is a helper triple: in a `src:derived/...` graph, or with a `drv:` predicate (so that one read
    from a store where it landed in another graph is told too)."""
    in_graph = isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(GRAPH_PREFIX)
    return in_graph or q.predicate.value.startswith(DRV)


def strip(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The quads without the helper triples (for the written files, releases, exports, reasoning and validation)."""
    return [q for q in quads if not is_derived(q)]


def _values(quads: Iterable[ox.Quad], preds: set[str]) -> dict[str, dict[Term, set[Term]]]:
    """predicate IRI -> subject -> its objects, over the union of all graphs."""
    out: dict[str, dict[Term, set[Term]]] = {p: defaultdict(set) for p in preds}
    for q in quads:
        p = q.predicate.value
        if p in preds:
            out[p][q.subject].add(q.object)
    return out


def derived_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The helper triples for `quads` (the built graph without helpers), sorted: of the survey's statements only (a
    curator assertion's graph, e.g. a catalogue's model, indexes no name: the audit is about the survey)."""
    quads = strip(quads)
    kinds = {ox.NamedNode(L4C + "CuratorAssertion"), ox.NamedNode(L4C + "LinkAssertion")}
    curated = {q.graph_name for q in quads if q.predicate.value == RDF + "type" and q.object in kinds}
    quads = [q for q in quads if q.graph_name not in curated]
    cells = [L4C + c for c in _CELLS]
    v = _values(quads, {RDF + "type", RDFS + "label", SKOS + "altLabel", L4C + "title", *cells})
    out: list[ox.Quad] = []

    def emit(graph: str, groups: Iterable[dict[str, set[Term]]]) -> None:
        """One node per group (numbered in a stable order), linked by each predicate to its members."""
        g = ox.NamedNode(GRAPH_PREFIX + graph)
        keyed = sorted(groups, key=lambda grp: sorted(f"{p} {t}" for p, ts in grp.items() for t in ts))
        for n, grp in enumerate(keyed, start=1):
            node = ox.NamedNode(f"{GRAPH_PREFIX}{graph}/{n}")
            for pred, members in grp.items():
                out.extend(ox.Quad(node, ox.NamedNode(DRV + pred), m, g) for m in members)

    # title-names: index the models by the lower-case form of each name, then look up each title's words
    model = ox.NamedNode(L4C + "Model")
    by_name: dict[str, set[Term]] = defaultdict(set)
    for s, types in v[RDF + "type"].items():
        if model in types:
            for name in v[RDFS + "label"].get(s, set()) | v[SKOS + "altLabel"].get(s, set()):
                if isinstance(name, ox.Literal) and len(name.value) >= 3 and _NAME.match(name.value):
                    by_name[name.value.lower()].add(s)
    in_titles: dict[str, set[Term]] = defaultdict(set)
    for pub, titles in v[L4C + "title"].items():
        for title in titles:
            if not isinstance(title, ox.Literal):
                continue
            for word in _WORD.findall(title.value.lower()):
                if word in by_name:
                    in_titles[word].add(pub)
    emit(
        "title-names",
        [{"word": {ox.Literal(w)}, "nameOf": by_name[w], "inTitleOf": pubs} for w, pubs in in_titles.items()],
    )

    # same-cells: group rows by every combination of their printed cells
    rows: dict[tuple[Term, ...], set[Term]] = defaultdict(set)
    for s in v[cells[0]]:
        for combo in itertools.product(*(v[c].get(s, set()) for c in cells)):
            rows[combo].add(s)
    emit("same-cells", [{"sameCellsRow": grp} for grp in rows.values() if len(grp) > 1])

    # same-task-start: group Primary Task cells of 60+ characters by their first 60
    starts: dict[str, set[tuple[Term, str]]] = defaultdict(set)
    for s, tasks in v[L4C + "printedPrimaryTask"].items():
        for t in tasks:
            if isinstance(t, ox.Literal) and len(t.value) >= 60:
                starts[t.value[:60]].add((s, t.value))
    groups = [{"taskStartRow": {s for s, _ in grp}} for grp in starts.values() if len({t for _, t in grp}) > 1]
    emit("same-task-start", groups)
    return sorted(out, key=str)
