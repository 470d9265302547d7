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
    """`data` serialised in memory (pyoxigraph returns None only when it writes to a file); Turtle and TriG with
    their prefixes in sorted order (`sorted_prefixes`)."""
    out = ox.serialize(data, format=fmt, prefixes=prefixes)
    if out is None:  # pragma: no cover - no output file was given
        raise RuntimeError("pyoxigraph.serialize returned nothing")
    return sorted_prefixes(out) if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else out


def sorted_prefixes(text: bytes) -> bytes:
    r"""Turtle or TriG with its leading `@prefix` lines sorted by prefix name (pyoxigraph writes them in the order
    of its hash map, the same on every run but in no order a reader can follow).

    >>> sorted_prefixes(b"@prefix rdfs: <r#> .\n@prefix CL: <c_> .\n@prefix l4c: <l#> .\n<a> <b> <c> .\n")
    b'@prefix CL: <c_> .\n@prefix l4c: <l#> .\n@prefix rdfs: <r#> .\n<a> <b> <c> .\n'
    """
    lines = text.split(b"\n")
    n = 0
    while n < len(lines) and lines[n].startswith(b"@prefix "):
        n += 1
    head = sorted(lines[:n], key=lambda line: (line.split()[1].lower(), line))
    return b"\n".join(head + lines[n:])
