"""Cytoscape.js JSON (`elements` with `data`), which Cytoscape desktop imports as .cyjs.

List attributes stay JSON arrays of scalars (Cytoscape list columns); `provenance` (lists of lists) and the schema
are JSON text, since Cytoscape's tables hold no nested values. Edges get ids `e0..`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from . import nx as pg


def write(quads: list[ox.Quad], path: Path, fmt: str = "cytoscape", **_: Any) -> None:
    import networkx as nx

    G = pg.to_networkx(quads, with_derived=True)  # export() has chosen the quads
    G.graph["schema"] = json.dumps(G.graph["schema"], ensure_ascii=False, sort_keys=True)
    for _n, a in G.nodes(data=True):
        if "provenance" in a:
            a["provenance"] = json.dumps(a["provenance"], ensure_ascii=False, sort_keys=True)
    data = nx.cytoscape_data(G, name="label", ident="id")
    for i, e in enumerate(data["elements"]["edges"]):
        e["data"]["id"] = f"e{i}"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def read(path: Path, fmt: str = "cytoscape") -> list[ox.Quad]:
    import networkx as nx

    data = json.loads(path.read_text(encoding="utf-8"))
    G = nx.cytoscape_graph(data, name="label", ident="id")
    for _n, a in G.nodes(data=True):
        if "provenance" in a:
            a["provenance"] = json.loads(a["provenance"])
    return pg.from_networkx(G, json.loads(dict(data["data"])["schema"]))
