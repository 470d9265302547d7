"""Data derived from the default graph (the name index, the facets, audit findings), kept in the build cache beside
the graph, so that a command started from the cache need not derive it again.

A file `KIND-<key>.json` is keyed by the graph's inputs digest (`store.inputs_digest`: records, ontology, code) and
the texts of the queries that derive the data (`key`), since those (views/, queries/) are not among the inputs.

Only the store `store.default_store` made is remembered (`store.default_digest`); any other store is derived from
each time. The files are JSON, written atomically (a temp file, then a rename; not fsynced: a cache), and a
missing, unreadable or unwritable file only costs deriving the data again. Writing one digest's file of a kind
removes that kind's files of other digests.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..common.atomic import atomic_file


def key(digest: str, *texts: str) -> str:
    """The key of data derived from the graph of inputs `digest` by queries of these `texts`."""
    h = hashlib.blake2b(digest.encode(), digest_size=16)
    for text in texts:
        h.update(b"\0" + text.encode("utf-8"))
    return h.hexdigest()


def _file(kind: str, digest: str) -> Path | None:
    from .embedded import cache_dir

    folder = cache_dir()
    return folder / f"{kind}-{digest}.json" if folder else None


def load(kind: str, digest: str) -> Any:
    """The data of `kind` kept for `digest` (a `key`), or None."""
    path = _file(kind, digest)
    if path is None:
        return None
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None


def save(kind: str, digest: str, data: Any) -> None:
    """Keep `data` (JSON-able) as the data of `kind` for `digest`; errors are ignored (it is only a cache)."""
    path = _file(kind, digest)
    if path is None:
        return
    try:
        with atomic_file(path, durable=False) as tmp:
            tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        mine = re.compile(rf"{re.escape(kind)}-[0-9a-f]+\.json")  # not another kind's file (`KIND-x-<digest>`)
        for old in path.parent.glob(f"{kind}-*.json"):
            if old != path and mine.fullmatch(old.name):
                old.unlink(missing_ok=True)
    except (OSError, TypeError, ValueError):
        return


def derived(store: Any, kind: str, compute: Callable[[], Any], *texts: str) -> Any:
    """`compute()` (JSON-able data derived from `store` by queries of these `texts`); for the default graph, from
    the cache when kept there.

    The result is always what JSON gives back (lists, not tuples), whether computed now or read from the cache, so
    callers see the same data either way."""
    from .embedded import default_digest

    digest = default_digest(store)
    if digest is not None:
        digest = key(digest, *texts)
        kept = load(kind, digest)
        if kept is not None:
            return kept
    data = json.loads(json.dumps(compute()))
    if digest is not None:
        save(kind, digest, data)
    return data


def update(kind: str, digest: str, key: str, value: Any) -> None:
    """Add `key: value` to the dict kept as `kind` for `digest` (a lost race only loses an entry: it is a cache)."""
    kept = load(kind, digest)
    data = kept if isinstance(kept, dict) else {}
    data[key] = value
    save(kind, digest, data)


__all__ = ["derived", "key", "load", "save", "update"]
