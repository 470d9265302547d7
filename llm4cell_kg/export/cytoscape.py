"""Cytoscape.js JSON (`elements` with `data`): lists and provenance stay JSON arrays and objects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from . import nx as pg


def write(quads: list[ox.Quad], path: Path, fmt: str = "cytoscape", **_: Any) -> None:
    import networkx as nx

    G = pg.to_networkx(quads)
    data = nx.cytoscape_data(G, name="label", ident="id")
    for i, e in enumerate(data["elements"]["edges"]):
        e["data"]["id"] = f"e{i}"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def read(path: Path, fmt: str = "cytoscape") -> list[ox.Quad]:
    import networkx as nx

    data = json.loads(path.read_text(encoding="utf-8"))
    G = nx.cytoscape_graph(data, name="label", ident="id")
    return pg.from_networkx(G, dict(data["data"])["schema"])
