"""The embedded pyoxigraph store: in memory (built from the records) or on disk."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox


def open_store(path: str | Path | None = None, *, rebuild: bool = False) -> ox.Store:
    """An in-memory store built from the curated records, or a disk store at `path`.

    A disk store is filled on first use (or when `rebuild`), then reused as it is.
    """
    from .build import build_quads

    if path is None:
        store = ox.Store()
        store.extend(build_quads())
        return store
    store = ox.Store(str(path))
    if rebuild:
        store.clear()
    if rebuild or len(store) == 0:
        store.bulk_extend(build_quads())
        store.flush()
    return store


def load_file(path: str | Path, store: ox.Store | None = None) -> ox.Store:
    """A store holding one RDF file (N-Quads, TriG, N-Triples, Turtle ...), format from its extension."""
    store = store or ox.Store()
    store.bulk_load(path=str(path))
    return store
