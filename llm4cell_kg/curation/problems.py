"""What is wrong with the curated records, and how it is told: one `Problem` per field, grouped by file and
record; the nearest valid value suggested."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import UserError
from .safeyaml import line_of


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field of one record."""

    file: str
    record: str
    field: str
    message: str
    severity: str = "error"  # error | note (a note explains a check that was skipped; it does not count)
    line: int | None = None
    record_line: int | None = None  # where the record starts

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: record '{self.record}', field '{self.field}': {self.message}"


class CurationError(UserError):
    """The curated records have problems; `problems` lists them all."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(format_problems(problems))


def about_record(problems: list[Problem], file: str, label: str, rec: Any) -> Callable[[str, str], None]:
    """add(field, message): a problem of record `rec` (labelled `label` in `file`), at the line of the field."""

    def add(fld: str, message: str) -> None:
        line = line_of(rec, fld)
        problems.append(Problem(file, label, fld, message, line=line, record_line=getattr(rec, "line", None)))

    return add


def format_problems(problems: list[Problem]) -> str:
    """Group problems by file, then record; each line starts with its line number when known."""
    errors = [p for p in problems if p.severity != "note"]
    by_file: dict[str, dict[str, list[Problem]]] = defaultdict(lambda: defaultdict(list))
    for p in errors:
        by_file[p.file][p.record].append(p)
    out = [f"{len(errors)} problem(s) in the curated records:"]
    for file, recs in by_file.items():
        out.append(file)
        for rec, probs in recs.items():
            if rec == "(file)":
                out.extend(f"  {_at(p.line)}{p.message}" for p in probs)
                continue
            first = next((p.record_line for p in probs if p.record_line), None) or min(
                (p.line for p in probs if p.line), default=None
            )
            out.append(f"  record '{rec}'" + (f" (line {first})" if first else ""))
            out.extend(f"    {_at(p.line)}{p.field}: {p.message}" for p in probs)
    out.extend(f"note: {p.file}: {p.message}" for p in problems if p.severity == "note")
    return "\n".join(out)


def _at(line: int | None) -> str:
    return f"line {line}, " if line else ""


def suggest(value: Any, allowed: set[str]) -> str:
    value = str(value)[:200]
    near = difflib.get_close_matches(value, sorted(allowed), n=1, cutoff=0.5)
    hint = f" Did you mean '{near[0]}'?" if near else ""
    listing = ", ".join(sorted(allowed)) if len(allowed) <= 30 else f"{len(allowed)} ids"
    return f"{hint} Allowed: {listing}."
