"""The survey's structure as graph/survey.yaml declares it (`Survey`: its sections, its tables with their rows,
columns and page chunks), read with a problem for every part of the file that is not what a structure holds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .safeyaml import clip, line_of
from .schema import TABLE_COLLECTIONS

#: add(record, field, message, line): how `read_survey` reports a problem of the file
Report = Callable[[str, str, str, "int | None"], None]


@dataclass(frozen=True)
class Table:
    """One table of the survey: where it is, how many rows it prints, its columns (record key -> header)."""

    name: str  # "Table 7"
    number: int
    holds: str  # the collection whose records are its rows (models, datasets)
    section: str  # the appendix that holds it
    title: str
    rows: int
    columns: dict[str, str]
    chunks: tuple[int, ...] = ()  # rows per page-width part (Table 7), in order
    rows_line: int | None = None  # where graph/survey.yaml says `rows`

    @property
    def label(self) -> str:
        """The table's caption as printed: 'Table 7: Full comparison ...'."""
        return f"{self.name}: {self.title}"

    def chunk_of(self, row: int) -> int | None:
        """The page-width part (from 1) that prints `row`, or None when the table declares no parts."""
        end = 0
        for n, size in enumerate(self.chunks, start=1):
            end += size
            if row <= end:
                return n
        return None

    def header(self, key: str) -> str:
        return self.columns.get(key, key)

    def key_of(self, header: str) -> str | None:
        """The record key of the column printed as `header`."""
        return next((k for k, h in self.columns.items() if h == header), None)


@dataclass(frozen=True)
class Survey:
    """The survey's sections (number -> heading) and tables (name -> Table)."""

    sections: dict[str, str]
    tables: dict[str, Table]

    def table(self, name: Any) -> Table | None:
        return self.tables.get(name) if isinstance(name, str) else None

    def numbered(self, number: Any) -> Table | None:
        """The table numbered `number` (7 -> Table 7)."""
        return next((t for t in self.tables.values() if t.number == number), None)

    def tables_of(self, collection: str) -> list[Table]:
        """The tables whose rows are records of `collection` (models: Table 7; datasets: Tables 1-6)."""
        return [t for t in self.tables.values() if t.holds == collection]

    def is_section(self, value: Any) -> bool:
        return isinstance(value, str) and value in self.sections

    @property
    def locations(self) -> tuple[str, ...]:
        """Every table name and section number: what a `source` may name."""
        return (*self.tables, *self.sections)


#: the most rows a table may declare (the survey's largest, Table 7, prints 58)
MAX_ROWS = 1000
#: what a section or a source must be, naming the file that declares the survey ({file}: graph/survey.yaml)
SECTION_WORDS = "a section of the survey ({file} `sections`)"
SOURCE_WORDS = "a table ('Table 1' .. 'Table 7') or a section of the survey ({file})"


def read_survey(data: Any, report: Report) -> Survey | None:
    """The structure `data` (graph/survey.yaml as read) declares, or None with its problems reported."""
    before = _Count(report)
    if not isinstance(data, dict):
        before("(file)", "(top level)", "must map `sections` and `tables`", line_of(data))
        return None
    for key in data:
        if key not in ("sections", "tables"):
            before("(file)", str(key), "unknown key; the file holds `sections` and `tables`", line_of(data, str(key)))
    sections = _sections(data.get("sections"), data, before)
    tables = _tables(data.get("tables"), data, before)
    raw = data.get("tables")
    for t in tables.values():
        if sections and t.section not in sections:
            spec = raw.get(t.name) if isinstance(raw, dict) else None
            before(t.name, "section", f"{clip(t.section)} is not one of `sections`", line_of(spec, "section"))
    return Survey(sections, tables) if not before.count else None


class _Count:
    """A report that counts what it reports."""

    def __init__(self, report: Report) -> None:
        self.report, self.count = report, 0

    def __call__(self, record: str, fld: str, message: str, line: int | None) -> None:
        self.count += 1
        self.report(record, fld, message, line)


def _sections(raw: Any, data: Any, report: _Count) -> dict[str, str]:
    if not isinstance(raw, dict) or not raw:
        report("sections", "sections", "must map each section number to its heading", line_of(data, "sections"))
        return {}
    out: dict[str, str] = {}
    for number, heading in raw.items():
        if not isinstance(number, str) or not isinstance(heading, str) or not heading.strip():
            report(
                "sections",
                clip(number, 20),
                'a section is a quoted number ("4.1") or letter (C.5) with its heading as printed',
                line_of(raw, str(number)),
            )
            continue
        out[number] = heading
    return out


def _tables(raw: Any, data: Any, report: _Count) -> dict[str, Table]:
    if not isinstance(raw, dict) or not raw:
        report("tables", "tables", "must map each table ('Table 1') to its rows and columns", line_of(data, "tables"))
        return {}
    out: dict[str, Table] = {}
    for name, spec in raw.items():
        label = clip(name, 30).strip("'")
        number = str(name).removeprefix("Table ")
        if not isinstance(name, str) or not name.startswith("Table ") or not number.isdigit():
            report(label, "(table)", "a table is named 'Table N', as the survey prints it", line_of(raw, str(name)))
            continue
        if not isinstance(spec, dict):
            report(name, "(table)", "must map section, title, rows and columns", line_of(raw, name))
            continue
        table = _table(name, int(number), spec, report)
        if table is not None:
            out[name] = table
    return out


def _table(name: str, number: int, spec: Any, report: _Count) -> Table | None:
    def bad(fld: str, message: str) -> None:
        report(name, fld, message, line_of(spec, fld))

    for key in spec:
        if key not in ("holds", "section", "title", "rows", "columns", "chunks"):
            bad(str(key), "unknown key; a table has holds, section, title, rows, columns and (Table 7) chunks")
    holds, section, title, rows = spec.get("holds"), spec.get("section"), spec.get("title"), spec.get("rows")
    columns, chunks = spec.get("columns"), spec.get("chunks", [])
    ok = True
    if holds not in TABLE_COLLECTIONS:
        bad("holds", f"{clip(holds)} is not a file of table rows; one of {', '.join(TABLE_COLLECTIONS)}")
        ok = False
    for fld, value in (("section", section), ("title", title)):
        if not isinstance(value, str) or not value.strip():
            bad(fld, "missing; write it as printed")
            ok = False
    if isinstance(rows, bool) or not isinstance(rows, int) or not 1 <= rows <= MAX_ROWS:
        bad("rows", f"must be the number of rows the table prints (1 to {MAX_ROWS:,}), got {clip(rows)}")
        ok = False
    if (
        not isinstance(columns, dict)
        or not columns
        or not all(isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in columns.items())
    ):
        bad("columns", "must map each printed-cell key of a record to the column's header as printed")
        ok = False
    if not isinstance(chunks, list) or not all(
        isinstance(c, int) and not isinstance(c, bool) and c > 0 for c in chunks
    ):
        bad("chunks", "must list the rows of each page-width part of the table, in order")
        ok = False
    elif chunks and isinstance(rows, int) and sum(chunks) != rows:
        bad("chunks", f"the parts hold {sum(chunks)} rows, the table {rows}")
        ok = False
    if not ok:
        return None
    return Table(
        name,
        number,
        str(holds),
        str(section),
        str(title),
        int(rows),
        dict(columns),
        tuple(chunks),
        line_of(spec, "rows"),
    )
