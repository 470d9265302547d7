"""GraphML (Gephi, yEd, networkx): the property graph with list and mapping values as JSON text.

GraphML holds only scalar values: list attributes (`category`, `graphs`, and every attribute the schema marks as
a list) and `provenance` are JSON text; the schema is the graph attribute `schema` (JSON).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox

from . import nx as pg


def write(quads: list[ox.Quad], path: Path, fmt: str = "graphml", **_: Any) -> None:
    import networkx as nx

    G = pg.to_networkx(quads, with_derived=True)  # export() has chosen the quads
    nx.write_graphml(pg.flatten(G), str(path), encoding="utf-8", prettyprint=True)


def read(path: Path, fmt: str = "graphml") -> list[ox.Quad]:
    import networkx as nx

    return pg.from_networkx(pg.unflatten(nx.read_graphml(str(path), force_multigraph=True)))
