"""The checks that every place a record names is a place of the survey, as graph/survey.yaml declares it: a table
row within its table, once, in the page part that prints it; a `source` "Table N" is the record's own row, its
`column` a column of that table, and what it quotes is printed in the cell it names."""

from __future__ import annotations

from typing import Any

from .problems import Problem, about_record, suggest
from .records import Records, record_label
from .safeyaml import clip
from .structure import Table

#: the collection of table rows a record's subject field names, per collection with a `source`
SUBJECTS = {"lineage": ("subject", "models"), "dataset_citations": ("dataset", "datasets")}
#: the column of a dataset's row that prints its citation (graph/dataset_citations.yaml quotes it)
CITATION_COLUMN = "dataset"


def check_locators(records: Records, problems: list[Problem]) -> None:
    """Table rows, sources, columns and quoted cells of every collection that names them."""
    survey = records.survey
    if survey is None:
        return  # graph/survey.yaml did not load: its own problem is reported, and the field checks note the skip
    for coll in ("models", "datasets"):
        _rows(records, coll, problems)
    for coll in SUBJECTS:
        records.current = records.files[coll]
        if records.refs_checkable(SUBJECTS[coll][1]):
            _sources(records, coll, problems)
    for coll in ("dataset_links", "model_links"):
        records.current = records.files[coll]
        if records.refs_checkable("datasets" if coll == "dataset_links" else "models"):
            _link_sources(records, coll, problems)


def _whole(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 1


def _rows(records: Records, coll: str, problems: list[Problem]) -> None:
    """Each row within its table's rows, one record per row, on the page part (Table 7) that prints it; every row
    of the tables the collection holds has its record."""
    seen: dict[tuple[str, int], str] = {}
    if not _each_row(records, coll, seen, problems) or coll in records.failed:
        return  # a bad, repeated or out-of-range row is reported where it is; which row lacks a record is unclear
    for table in records.survey.tables_of(coll) if records.survey else []:
        missing = [n for n in range(1, table.rows + 1) if (table.name, n) not in seen]
        if missing:
            problems.append(_missing(records, coll, table, missing))


def _missing(records: Records, coll: str, table: Table, missing: list[int]) -> Problem:
    """One problem for the rows of `table` no record of `coll` holds: at the table's `rows` in graph/survey.yaml
    when they all follow the last row held (the table may be declared too long), else where the first is missing."""
    rows = [r for r in records[coll] if records.table_of(coll, r) is table]
    last = max((r["row"] for r in rows), default=0)
    which = _ranges(missing)
    if missing[0] > last:
        held = f"rows 1-{last}" if last else "no row"
        return Problem(
            records.files["survey"],
            table.name,
            "rows",
            f"{table.name} prints {table.rows} rows, but {records.files[coll]} holds {held} of it: add the record of "
            f"row {which}, or correct `rows`",
            line=table.rows_line,
        )
    after = min((r for r in rows if r["row"] > missing[0]), key=lambda r: r["row"])
    return Problem(
        records.files[coll],
        f"{table.name} row {missing[0]}",
        "row",
        f"{table.name} prints {table.rows} rows ({records.files['survey']}); no record holds row {which}: add it",
        line=getattr(after, "line", None),
    )


def _ranges(numbers: list[int]) -> str:
    """[2, 5, 6, 7] -> '2, 5-7'."""
    out: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(out)


def _each_row(records: Records, coll: str, seen: dict[tuple[str, int], str], problems: list[Problem]) -> bool:
    """Check each record's row (and page part); whether every record has a row of its own, within its table."""
    ok = True
    for i, rec in enumerate(records[coll], start=1):
        label = record_label(rec, i)
        add = about_record(problems, records.files[coll], label, rec)
        table, row = records.table_of(coll, rec), rec.get("row")
        if table is None or not isinstance(row, int) or not _whole(row):
            ok = False
            continue  # the field rules report a bad table or row
        if row > table.rows:
            add("row", f"{table.name} prints {table.rows} rows; there is no row {row}")
            ok = False
            continue
        if (table.name, row) in seen:
            add("row", f"{table.name} row {row} is also record '{seen[table.name, row]}'; each row is one record")
            ok = False
        seen.setdefault((table.name, row), label)
        part, given = table.chunk_of(row), rec.get("page_chunk")
        if part is not None and _whole(given) and given != part:
            add(
                "page_chunk",
                f"{table.name} prints row {row} in its part {part} ({records.files['survey']} `chunks`), not {given}",
            )
    return ok


def _sources(records: Records, coll: str, problems: list[Problem]) -> None:
    """A record printed in a table (lineage, dataset citations): the table is its subject's, its quote in the cell."""
    subject_field, rows = SUBJECTS[coll]
    survey = records.survey
    if survey is None:
        return
    for i, rec in enumerate(records[coll], start=1):
        add = about_record(problems, records.files[coll], record_label(rec, i), rec)
        source, subject = rec.get("source"), rec.get(subject_field)
        table = survey.table(source)
        if coll == "lineage":
            _copied(records, rec, table, add)
        if table is None:
            if coll == "lineage" and rec.get("column") is not None and survey.is_section(source):
                add("column", "a column names a cell of a table row; with `source` a section, remove it")
            continue
        row = records.row_of(rows, subject)
        if row is None:
            if isinstance(subject, str) and subject in records.ids(rows):
                add(
                    "source",
                    f"'{subject}' has no table row (it is named in the prose only); give the section that prints it",
                )
            continue
        own = records.table_of(rows, row)
        if own is None or own.name != table.name:
            where = f"{own.name} row {row.get('row')}" if own else "none"
            add("source", f"{table.name} is not the table of '{subject}': its row is {where}")
            continue
        key = _column(table, rec, add) if coll == "lineage" else CITATION_COLUMN
        if key is not None:
            _quoted(rec, row, table, key, add)


def _column(table: Table, rec: dict[str, Any], add: Any) -> str | None:
    """The record key of the lineage record's `column` (a header of `table`), or None with a problem."""
    column = rec.get("column")
    headers = set(table.columns.values())
    if column is None:
        add("column", f"missing; name the column of {table.name} whose cell prints the quote.{suggest('', headers)}")
        return None
    key = table.key_of(column) if isinstance(column, str) else None
    if key is None:
        add("column", f"{clip(column)} is not a column of {table.name}.{suggest(column, headers)}")
    return key


def _quoted(rec: dict[str, Any], row: dict[str, Any], table: Table, key: str, add: Any) -> None:
    """The record's quote stands in the cell `key` of its row, as printed."""
    printed, quote = row.get("printed"), rec.get("quote")
    cell = printed.get(key) if isinstance(printed, dict) else None
    if isinstance(quote, str) and quote.strip() and isinstance(cell, str) and quote not in cell:
        add(
            "quote",
            f"{clip(quote)} is not in {table.name} row {row.get('row')}'s {table.header(key)} cell, {clip(cell, 120)}; "
            "quote the cell's words as printed",
        )


def _copied(records: Records, rec: dict[str, Any], table: Table | None, add: Any) -> None:
    """`copied_from` names another model whose Table 7 row prints the same quoted cell."""
    other, subject = rec.get("copied_from"), rec.get("subject")
    if not isinstance(other, str):
        return
    if other == subject:
        add("copied_from", "a row cannot copy itself; name the model whose row this row repeats")
        return
    if table is None:
        if records.survey is not None and records.survey.is_section(rec.get("source")):
            add(
                "copied_from", "a copied row is a table row; give `source` the table (with its `column`) or remove this"
            )
        return
    row = records.row_of("models", other)
    if row is None:
        if other in records.ids("models"):
            add("copied_from", f"'{other}' has no Table 7 row (it is named in the prose only)")
        return
    key = table.key_of(rec["column"]) if isinstance(rec.get("column"), str) else None
    printed, quote = row.get("printed"), rec.get("quote")
    cell = printed.get(key) if key and isinstance(printed, dict) else None
    if isinstance(cell, str) and isinstance(quote, str) and quote not in cell:
        add("copied_from", f"row {row.get('row')} ({other}) does not print the quote in its {rec['column']} cell")


def _link_sources(records: Records, coll: str, problems: list[Problem]) -> None:
    """An ontology link printed in a table is printed in its subject's own row (and its `via`, in the row of the
    dataset it names), the evidence verbatim in that row's cells."""
    kind = "datasets" if coll == "dataset_links" else "models"
    for rec in records[coll]:
        add = about_record(problems, records.files[coll], str(rec.get("id")), rec)
        source = rec.get("source")
        if isinstance(source, str) and records.survey and records.survey.table(source):
            _printed_in(records, kind, rec.get("subject"), source, rec.get("evidence"), "", add)
        via = rec.get("via")
        if isinstance(via, dict):
            dataset = via.get("dataset")
            if isinstance(dataset, str) and records.row_of("datasets", dataset) is None:
                add(
                    "via.dataset",
                    f"{clip(dataset)} is not a dataset with a table row.{suggest(dataset, _ids(records))}",
                )
            elif isinstance(via.get("source"), str):
                _printed_in(records, "datasets", dataset, via["source"], via.get("evidence"), "via.", add)
    if coll == "dataset_links":
        _species_pairs(records, problems)


def _species_pairs(records: Records, problems: list[Problem]) -> None:
    """A tissue link's `with_species` names species its dataset links; a dataset linked to two or more species pairs
    every tissue with its species, so that "mouse embryo and human lymph node" never answers "human embryo"."""
    species: dict[Any, set[str]] = {}
    for rec in records["dataset_links"]:
        if rec.get("property") == "species" and isinstance(rec.get("term"), str):
            species.setdefault(rec.get("subject"), set()).add(rec["term"])
    for rec in records["dataset_links"]:
        add = about_record(problems, records.files["dataset_links"], str(rec.get("id")), rec)
        linked = species.get(rec.get("subject"), set())
        paired = rec.get("with_species")
        if paired is not None and rec.get("property") != "tissue":
            add("with_species", f"only a tissue link is paired with its species; this is a {rec.get('property')} link")
        elif isinstance(paired, list):
            for sp in paired:
                if isinstance(sp, str) and sp not in linked:
                    known = ", ".join(sorted(linked)) or "none"
                    add(
                        "with_species",
                        f"{clip(sp)} is not a species link of {rec.get('subject')} (its species: {known})",
                    )
        elif rec.get("property") == "tissue" and len(linked) > 1:
            add(
                "with_species",
                f"{rec.get('subject')} is linked to {len(linked)} species ({', '.join(sorted(linked))}): say which the "
                "row prints this tissue with, e.g. with_species: [" + sorted(linked)[0] + "]",
            )


def _ids(records: Records) -> set[str]:
    return {r["id"] for r in records["datasets"] if isinstance(r.get("id"), str)}


def _printed_in(records: Records, kind: str, rid: Any, source: str, evidence: Any, at: str, add: Any) -> None:
    row = records.row_of(kind, rid)
    table = records.table_of(kind, row) if row is not None else None
    if row is None or table is None or source != table.name:
        where = f"{table.name}" if table is not None else "none (not a table row)"
        add(f"{at}source", f"{clip(source)} is not the table row of {rid} (its table: {where})")
        return
    printed = row.get("printed")
    if (
        isinstance(evidence, str)
        and isinstance(printed, dict)
        and evidence not in "\t".join(map(str, printed.values()))
    ):
        add(f"{at}evidence", f"{clip(evidence)} is not verbatim in the row's printed cells; quote the printed words")
