"""Synthetic graphs k times the survey graph, for the benchmarks.

Every model, dataset and source-location quad is repeated under new IRIs (model:x -> model:x/r7); the ontology,
the vocabularies, publications and import modules stay shared, so every canned query still matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from llm4cell_kg.common.namespaces import ONTOLOGY_IRI, SCHEMES

REPLICATED = (SCHEMES["model"], SCHEMES["dataset"], SCHEMES["pub"], SCHEMES["resource"], SCHEMES["src"])
_IRI = re.compile("<(" + "|".join(re.escape(ns) for ns in REPLICATED) + ")([^>]*)>")


def _rename(term, k: int):  # type: ignore[no-untyped-def]
    if isinstance(term, ox.NamedNode) and term.value.startswith(REPLICATED):
        return ox.NamedNode(f"{term.value}/r{k}")
    return term


def _shared(q: ox.Quad) -> bool:
    return isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(ONTOLOGY_IRI)


def synthetic(quads: list[ox.Quad], factor: int) -> list[ox.Quad]:
    """The graph with its instance data repeated `factor` times under new IRIs (copy 0 is the original)."""
    data = [q for q in quads if not _shared(q)]
    out = list(quads)
    for k in range(1, factor):
        out += [
            ox.Quad(_rename(q.subject, k), q.predicate, _rename(q.object, k), _rename(q.graph_name, k)) for q in data
        ]
    return out


def write_nquads(quads: Iterable[ox.Quad], factor: int, path: Path) -> int:
    """Stream the same synthetic graph as N-Quads text to `path` (for factors too large for Python objects)."""
    quads = list(quads)
    shared = ox.serialize([q for q in quads if _shared(q)], format=ox.RdfFormat.N_QUADS).decode()
    data = ox.serialize([q for q in quads if not _shared(q)], format=ox.RdfFormat.N_QUADS).decode()
    n = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(shared)
        out.write(data)
        for k in range(1, factor):
            out.write(_IRI.sub(lambda m, k=k: f"<{m.group(1)}{m.group(2)}/r{k}>", data))
    n = shared.count("\n") + factor * data.count("\n")
    return n
