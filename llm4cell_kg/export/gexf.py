"""GEXF 1.2 (Gephi): the property graph with list and mapping values as JSON text.

GEXF holds scalars (networkx reads a list as dynamic spells): list attributes and `provenance` are JSON text, and
the schema (JSON) is the `<meta><description>` of the file.
"""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pyoxigraph as ox

from . import nx as pg

NS = {"g": "http://www.gexf.net/1.2draft"}


def write(quads: list[ox.Quad], path: Path, fmt: str = "gexf", **_: Any) -> None:
    import networkx as nx

    F = pg.flatten(pg.to_networkx(quads, with_derived=True))  # export() has chosen the quads
    buf = io.BytesIO()
    nx.write_gexf(F, buf, encoding="utf-8", prettyprint=True)
    text = buf.getvalue().decode("utf-8")
    desc = f"</creator>\n    <description>{escape(F.graph['schema'])}</description>"
    path.write_text(text.replace("</creator>", desc, 1), encoding="utf-8")


def read(path: Path, fmt: str = "gexf") -> list[ox.Quad]:
    import networkx as nx

    meta = ET.parse(path).getroot().find("g:meta/g:description", NS)
    schema = json.loads(meta.text if meta is not None and meta.text else "{}")
    return pg.from_networkx(pg.unflatten(nx.read_gexf(str(path)), schema))
