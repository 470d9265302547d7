"""The checks that a record's normalised values are what its printed cells give by graph/normalisation.yaml (or
carry an `override` with its reason), and that the rules themselves name real cells and ids. Each override and
correction used is kept in `Records.notes`, for the build to put beside the value."""

from __future__ import annotations

from typing import Any

from .fields import check_vocab
from .normalise import FieldRule, derive, same, shown, venue_keys
from .problems import Problem, about_record, suggest
from .records import Note, Records, record_label
from .safeyaml import clip, line_of
from .schema import SCHEMAS
from .vocabulary import Vocabulary


def check_rules(records: Records, vocab: Vocabulary, problems: list[Problem]) -> None:
    """Each rule reads a cell of its table, and gives only ids its field allows."""
    shown_file = records.files["normalisation"]
    for coll, rules in records.rules.items():
        tables = records.survey.tables_of(coll) if records.survey else []
        for fld, rule in rules.items():
            where = f"{coll}.{fld}"

            def add(key: str, message: str, where: str = where, rule: FieldRule = rule) -> None:
                problems.append(Problem(shown_file, where, key, message, line=_rule_line(records, rule, key)))

            for table in tables:
                if rule.cell not in table.columns:
                    add(
                        "cell",
                        f"{clip(rule.cell)} is not a cell of {table.name}.{suggest(rule.cell, set(table.columns))}",
                    )
                    break
            field_rule = SCHEMAS[coll][1][fld]
            for n, ph in enumerate(rule.phrases, start=1):
                key = f"{'spellings' if rule.read == 'venues' else 'phrases'}[{n}]"
                for v in ph.values:
                    if field_rule.vocab:
                        check_vocab(f"{key}.values", v, field_rule.vocab, vocab, add)
                    elif field_rule.ref and records.usable(field_rule.ref) and v not in records.ids(field_rule.ref):
                        add(f"{key}.values", f"{clip(v)} is not a known {field_rule.ref} id")
                for f, _v in ph.when:
                    if f not in SCHEMAS[coll][1]:
                        add(f"{key}.when", f"{clip(f)} is not a field of {coll}")
            if rule.read == "choice" and field_rule.kind == "bool":
                for printed, value in rule.choices:
                    if not isinstance(value, bool):
                        add("choices", f"{printed!r} gives {clip(value)}; {fld} is true or false")


def _rule_line(records: Records, rule: FieldRule, key: str) -> int | None:
    """The line of `key` ('cell', 'phrases[3].values') in the rule's part of graph/normalisation.yaml."""
    data = records.rules_source
    coll = next((c for c, rules in records.rules.items() if rules.get(rule.field) is rule), "")
    return line_of(data, f"{coll}.{rule.field}.{key}") if data is not None else None


def check_normalised(records: Records, problems: list[Problem]) -> None:
    """Each normalised field of each row is what its printed cell gives, or is overridden with a reason."""
    reported = {(p.file, p.record, p.field.split(".")[0].split("[")[0]) for p in problems if p.severity == "error"}
    venues = venue_keys(records["venues"])
    for coll, rules in records.rules.items():
        shown_file = records.current = records.files[coll]
        for i, rec in enumerate(records[coll], start=1):
            label = record_label(rec, i)
            printed, overrides = rec.get("printed"), rec.get("override")
            if not isinstance(printed, dict) or (shown_file, label, "printed") in reported:
                continue
            overrides = overrides if isinstance(overrides, dict) else {}
            add = about_record(problems, shown_file, label, rec)
            for fld, rule in rules.items():
                cell = printed.get(rule.cell)
                if (shown_file, label, fld) in reported or fld not in rec or not isinstance(cell, str):
                    continue
                if rule.read == "venues" and not records.refs_checkable("venues"):
                    continue  # graph/venues.yaml did not load: the venues a cell names cannot be read
                _compare(records, coll, rec, fld, rule, cell, overrides.get(fld), venues, add)


def _compare(
    records: Records,
    coll: str,
    rec: dict[str, Any],
    fld: str,
    rule: FieldRule,
    cell: str,
    override: Any,
    venues: dict[str, str],
    add: Any,
) -> None:
    """One field against what its cell gives; the note to keep when an override or a correction explains it."""
    reading = derive(rule, cell, rec, venues)
    value, kind = rec.get(fld), SCHEMAS[coll][1][fld].kind
    table = records.table_of(coll, rec)
    where = f"{table.name} row {rec.get('row')}" if table else f"row {rec.get('row')}"
    column = table.header(rule.cell) if table else rule.cell
    key = (coll, str(rec.get("id")), fld)
    reason = override.get("reason") if isinstance(override, dict) else None
    if reading.value is not None and same(kind, value, reading.value):
        if override is not None:
            add(
                f"override.{fld}",
                f"not needed: the printed cell ({column}, {where}) gives {shown(value)} too; remove the override",
            )
        elif reading.corrections:
            records.notes[key] = Note("correction", "; ".join(reading.corrections), cell)
        return
    if isinstance(reason, str) and reason.strip():
        records.notes[key] = Note("override", reason.strip(), cell, _added(value, reading.value))
        return
    if override is not None:
        return  # the override's own check says what it lacks
    gives = f"gives {shown(reading.value)}" if reading.value is not None else f"cannot be read: {reading.why}"
    fix = f"write {shown(reading.value)}, or keep" if reading.value is not None else "keep"
    add(
        fld,
        f"{shown(value)} is not what its printed cell says: {column} {clip(cell, 80)} ({where}) {gives} by "
        f"{records.files['normalisation']}; {fix} {shown(value)} with `override: {{{fld}: {{reason: WHY}}}}`",
    )


def _added(value: Any, given: Any) -> tuple[str, ...]:
    """The values of an overridden list that its cell does not give, when the cell gives the others (else none: the
    override is about the whole field)."""
    if not isinstance(value, list) or not isinstance(given, list):
        return ()
    added = tuple(v for v in value if v not in given)
    return added if len(added) < len(value) else ()
