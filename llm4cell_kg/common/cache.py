"""The build cache's folder and its keyed JSON files (`KIND-<key>.json`), shared by every layer that keeps derived
data there: the store's graph and memo, the reasoners' verdicts, the figures.

A key is a digest of everything the data was derived from (`key`); a file is written atomically (a temp file, then
a rename; not fsynced: a cache), and a missing, unreadable or unwritable file only costs deriving the data again.
Writing one key's file of a kind removes that kind's files of other keys, so the folder holds one of each.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from .atomic import atomic_file


def cache_dir() -> Path | None:
    """Where built graphs are cached (`LLM4CELL_KG_CACHE`, default ~/.cache/llm4cell-kg); None when set to 0."""
    env = os.environ.get("LLM4CELL_KG_CACHE")
    if env == "0":
        return None
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "llm4cell-kg"


def key(digest: str, *texts: str) -> str:
    """The key of data derived from inputs of digest `digest` by code or queries of these `texts`."""
    h = hashlib.blake2b(digest.encode(), digest_size=16)
    for text in texts:
        h.update(b"\0" + text.encode("utf-8"))
    return h.hexdigest()


def cache_file(kind: str, digest: str, suffix: str = ".json") -> Path | None:
    """The path of `kind`'s file for `digest` in the cache folder, or None when caching is off."""
    folder = cache_dir()
    return folder / f"{kind}-{digest}{suffix}" if folder else None


def load(kind: str, digest: str) -> Any:
    """The data of `kind` kept for `digest` (a `key`), or None."""
    path = cache_file(kind, digest)
    if path is None:
        return None
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None


def save(kind: str, digest: str, data: Any) -> None:
    """Keep `data` (JSON-able) as the data of `kind` for `digest`; errors are ignored (it is only a cache)."""
    path = cache_file(kind, digest)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_file(path, durable=False) as tmp:
            tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        forget_others(kind, path)
    except (OSError, TypeError, ValueError):
        return


def forget_others(kind: str, kept: Path) -> None:
    """Remove `kind`'s files other than `kept` (not another kind's, such as `KIND-x-<digest>`)."""
    mine = re.compile(rf"{re.escape(kind)}-[0-9a-f]+{re.escape(kept.suffix)}")
    for old in kept.parent.glob(f"{kind}-*{kept.suffix}"):
        if old != kept and mine.fullmatch(old.name):
            old.unlink(missing_ok=True)


def update(kind: str, digest: str, name: str, value: Any) -> None:
    """Add `name: value` to the dict kept as `kind` for `digest` (a lost race only loses an entry: it is a cache)."""
    kept = load(kind, digest)
    data = kept if isinstance(kept, dict) else {}
    data[name] = value
    save(kind, digest, data)


__all__ = ["cache_dir", "cache_file", "forget_others", "key", "load", "save", "update"]
