"""JSON-LD 1.1 with the named graphs (`@graph` per graph), compacted with the project's `@context`.

The context is the package's prefix map (`prefixes.jsonld_context()`), published as `ontology/context.jsonld` at
CONTEXT_URL. By default it is embedded (the package works
offline, and so do consumers); with `reference=True` the output names CONTEXT_URL instead.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .. import paths
from ..common.prefixes import jsonld_context
from ..common.terms import to_bytes

CONTEXT_URL = "https://w3id.org/llm4cell/context.jsonld"
CONTEXT_FILE = paths.ONTOLOGY_DIR / "context.jsonld"


def context() -> dict[str, Any]:
    """The `@context` object (ontology/context.jsonld is written from the same prefix map)."""
    ctx: dict[str, Any] = jsonld_context()["@context"]
    return ctx


def to_rdflib(quads: list[ox.Quad]) -> Any:
    """An rdflib Dataset holding `quads` (via N-Quads, which both libraries read exactly)."""
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(data=to_bytes(quads, ox.RdfFormat.N_QUADS).decode("utf-8"), format="nquads")
    return ds


def write(quads: list[ox.Quad], path: Path, fmt: str = "jsonld", reference: bool = False) -> None:
    ctx = context()
    text = to_rdflib(quads).serialize(format="json-ld", context=ctx, auto_compact=True, indent=1)
    doc = json.loads(text)
    doc["@context"] = CONTEXT_URL if reference else ctx
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def from_rdflib(ds: Any) -> list[ox.Quad]:
    return sorted(ox.parse(ds.serialize(format="nquads").encode("utf-8"), ox.RdfFormat.N_QUADS), key=str)


def read(path: Path, fmt: str = "jsonld") -> list[ox.Quad]:
    """Expand the file with rdflib's JSON-LD processor (the embedded context, or the local copy of CONTEXT_URL)."""
    from rdflib import Dataset

    doc = json.loads(path.read_text(encoding="utf-8"))
    if doc.get("@context") == CONTEXT_URL:
        doc["@context"] = context()
    ds = Dataset()
    ds.parse(data=json.dumps(doc), format="json-ld")
    return from_rdflib(ds)
