"""Data derived from the default graph (the name index, the facets, audit findings), kept in the build cache beside
the graph, so that a command started from the cache need not derive it again.

A file `KIND-<key>.json` is keyed by the graph's inputs digest (`store.inputs_digest`: records, ontology, code) and
the texts of the queries that derive the data (`key`), since those (views/, queries/) are not among the inputs.

Only the store `store.default_store` made is remembered (`store.default_digest`); any other store is derived from
each time. The files are kept by `common.cache` (JSON, written atomically; a missing, unreadable or unwritable file
only costs deriving the data again; writing one digest's file of a kind removes that kind's files of other digests).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..common.cache import key, load, save, update


def derived(store: Any, kind: str, compute: Callable[[], Any], *texts: str) -> Any:
    """`compute()` (JSON-able data derived from `store` by queries of these `texts`); for the default graph, from
    the cache when kept there.

    The result is always what JSON gives back (lists, not tuples), whether computed now or read from the cache, so
    callers see the same data either way."""
    from .embedded import default_digest

    digest = default_digest(store)
    if digest is not None:
        kind = view_kind(kind, digest)
        digest = key(digest, *texts)
        kept = load(kind, digest)
        if kept is not None:
            return kept
    data = json.loads(json.dumps(compute()))
    if digest is not None:
        save(kind, digest, data)
    return data


def view_kind(kind: str, digest: str) -> str:
    """`kind`, or `kind-<view>` for a view of the default graph (`embedded.view`, whose digest is the graph's with
    `-<view>`): the graph's and its view's files of a kind are kept side by side (saving one removes neither)."""
    return f"{kind}-{digest.rsplit('-', 1)[1]}" if "-" in digest else kind


__all__ = ["derived", "key", "load", "save", "update", "view_kind"]
