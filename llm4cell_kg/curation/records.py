"""The curated records as loaded (`Records`: every collection, its file, what failed to load) and where a field
sits in its file (`line_of`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .safeyaml import LocatedDict, LocatedList

#: a record id is a short slug (a 1 MiB id once made SHACL run for two minutes)
MAX_ID_CHARS = 64


@dataclass
class Records:
    """All curated collections, keyed by collection name, each a list of record dicts."""

    collections: dict[str, list[dict[str, Any]]]
    aliases: dict[str, dict[str, list[dict[str, str]]]]
    files: dict[str, str]
    #: collections whose file did not load (syntax, encoding, shape): references to them are not checked
    failed: set[str] = field(default_factory=set)
    #: (file being checked, collection) pairs whose reference checks were skipped because the collection failed
    skipped: set[tuple[str, str]] = field(default_factory=set)
    current: str = ""  # the file being checked

    def refs_checkable(self, name: str) -> bool:
        """usable(name); when not, remember that the current file's references to it went unchecked."""
        if self.usable(name):
            return True
        self.skipped.add((self.current, name))
        return False

    def usable(self, name: str) -> bool:
        """Whether references to `name` can be checked (its file, and its prose counterpart's, loaded)."""
        extra = {"models": "prose_models", "datasets": "prose_datasets"}.get(name)
        return name not in self.failed and extra not in self.failed

    def __getitem__(self, name: str) -> list[dict[str, Any]]:
        return self.collections.get(name, [])

    def ids(self, name: str) -> set[str]:
        found = {r["id"] for r in self[name] if isinstance(r.get("id"), str)}
        if name == "models":
            found |= self.ids("prose_models")
        if name == "datasets":
            found |= self.ids("prose_datasets")
        return found


def line_of(value: Any, path: str = "") -> int | None:
    """The line of `value` (a LocatedDict/LocatedList), or of the field at `path` in it: 'scale[2].quantity',
    'printed.model', 'families'."""
    line = getattr(value, "line", None) or None
    cur = value
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        if name and isinstance(cur, LocatedDict) and name in cur:
            line = cur.lines.get(name, line)
            cur = cur[name]
        elif index and isinstance(cur, LocatedList) and 0 < int(index) <= len(cur):
            line = cur.lines[int(index) - 1]
            cur = cur[int(index) - 1]
        else:
            break
    return line


def record_label(rec: dict[str, Any], index: int) -> str:
    rid = rec.get("id")
    if isinstance(rid, str) and rid and len(rid) <= MAX_ID_CHARS:
        return rid
    if isinstance(rid, str) and rid:
        return rid[:40] + "..."
    return str(rid) if isinstance(rid, int) and not isinstance(rid, bool) else f"#{index}"
