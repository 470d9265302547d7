"""Turtle and N-Triples (the union of all graphs: they cannot name graphs), TriG and N-Quads (with them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..build.graph import union_triples
from ..common.prefixes import PREFIX_MAP
from ..common.terms import to_bytes

RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}
WITH_GRAPHS = ("trig", "nquads")


def write(quads: list[ox.Quad], path: Path, fmt: str, **_: Any) -> None:
    data = quads if fmt in WITH_GRAPHS else union_triples(quads)
    prefixes = PREFIX_MAP if fmt in ("turtle", "trig") else None
    path.write_bytes(to_bytes(data, RDF_FORMATS[fmt], prefixes))  # Turtle and TriG prefixes in sorted order


def read(path: Path, fmt: str) -> list[ox.Quad]:
    return sorted(ox.parse(path=str(path), format=RDF_FORMATS[fmt]), key=str)
