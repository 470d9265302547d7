"""Typed helpers over pyoxigraph terms and serialisation (the graph is RDF 1.1: it holds no quoted triples)."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | ox.DefaultGraph


def value(term: Term) -> str:
    """The IRI, blank-node id or lexical form of `term` (a quoted triple or the default graph as its text)."""
    if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return term.value
    return str(term)


def to_bytes(
    data: Iterable[ox.Triple] | Iterable[ox.Quad], fmt: ox.RdfFormat, prefixes: dict[str, str] | None = None
) -> bytes:
    """`data` serialised in memory (pyoxigraph returns None only when it writes to a file)."""
    out = ox.serialize(data, format=fmt, prefixes=prefixes)
    if out is None:  # pragma: no cover - no output file was given
        raise RuntimeError("pyoxigraph.serialize returned nothing")
    return out
