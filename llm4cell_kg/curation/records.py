"""The curated records as loaded (`Records`: every collection, its file, what failed to load, the survey's
structure and the normalisation rules they are checked against) and where a field sits in its file (`line_of`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .normalise import FieldRule
from .safeyaml import line_of as line_of  # where a field sits: defined beside the located values
from .structure import Survey, Table

#: a record id is a short slug (a 1 MiB id once made SHACL run for two minutes)
MAX_ID_CHARS = 64


@dataclass(frozen=True)
class Note:
    """Why a normalised value differs from what its printed cell plainly says: a curator's `override` (with its
    reason) or a `correction` of graph/normalisation.yaml; `printed` is the cell as printed."""

    kind: str  # override | correction
    reason: str
    printed: str
    # an override of a list field: the record's values its cell does not give (the note is beside these only);
    # empty: the note is about every value of the field
    values: tuple[str, ...] = ()

    def text(self) -> str:
        """'override: REASON; printed 6', as the card shows it beside the value."""
        return f"{self.kind}: {self.reason}; printed {self.printed!r}"


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
    #: the survey's structure (graph/survey.yaml); None when that file did not load
    survey: Survey | None = None
    #: how normalised fields are read from their cells (graph/normalisation.yaml): collection -> field -> rule
    rules: dict[str, dict[str, FieldRule]] = field(default_factory=dict)
    rules_source: Any = None  # graph/normalisation.yaml as read (where each rule sits)
    #: (collection, record id, field) -> why a normalised value is not the plain reading of its cell
    notes: dict[tuple[str, str, str], Note] = field(default_factory=dict)

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

    def row_of(self, name: str, rid: Any) -> dict[str, Any] | None:
        """The record of table collection `name` (models, datasets) with id `rid`: its table row, or None."""
        return next((r for r in self[name] if r.get("id") == rid), None) if isinstance(rid, str) else None

    def table_of(self, name: str, rec: dict[str, Any]) -> Table | None:
        """The survey table that prints `rec`, a row of collection `name`: its only table (models: Table 7), or the
        one its `table` field numbers (datasets), if graph/survey.yaml declares it for `name`."""
        tables = self.survey.tables_of(name) if self.survey else []
        if len(tables) == 1:
            return tables[0]
        n = rec.get("table")
        return next((t for t in tables if t.number == n and not isinstance(n, bool)), None)

    def __getitem__(self, name: str) -> list[dict[str, Any]]:
        return self.collections.get(name, [])

    def ids(self, name: str) -> set[str]:
        found = {r["id"] for r in self[name] if isinstance(r.get("id"), str)}
        if name == "models":
            found |= self.ids("prose_models")
        if name == "datasets":
            found |= self.ids("prose_datasets")
        return found


def record_label(rec: dict[str, Any], index: int) -> str:
    rid = rec.get("id")
    if isinstance(rid, str) and rid and len(rid) <= MAX_ID_CHARS:
        return rid
    if isinstance(rid, str) and rid:
        return rid[:40] + "..."
    return str(rid) if isinstance(rid, int) and not isinstance(rid, bool) else f"#{index}"
