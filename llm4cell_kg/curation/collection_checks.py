"""The checks of one collection (one file, or one section of ontology_links.yaml): each record's fields, unique
ids and names, ontology links, claims and scale figures."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from .fields import CURIE, check_field, check_scale, check_vocab
from .problems import Problem, suggest
from .records import MAX_ID_CHARS, Records, line_of, record_label
from .safeyaml import clip
from .schema import CLAIM_OBJECTS, CLAIM_RELATIONS, EXTERNAL, LINK_PROPERTIES, SECTIONS, Rule
from .vocabulary import Vocabulary


def check_collection(
    records: Records, name: str, rules: dict[str, Rule], vocab: Vocabulary, problems: list[Problem]
) -> None:
    shown = records.files[name]
    seen_ids: dict[str, int] = {}
    seen_names: dict[str, str] = {}
    seen_links: dict[tuple[Any, ...], str] = {}
    records.current = shown
    for i, rec in enumerate(records[name], start=1):
        label = record_label(rec, i)

        def add(fld: str, msg: str, label: str = label, rec: dict[str, Any] = rec) -> None:
            problems.append(
                Problem(shown, label, fld, msg, line=line_of(rec, fld), record_line=getattr(rec, "line", None))
            )

        for fld in rec:
            if fld not in rules:
                add(str(fld), f"unknown field.{suggest(fld, set(rules))}")
        for fld, rule in rules.items():
            check_field(records, rec, fld, rule, vocab, add)
        rid = rec.get("id")
        if name in SECTIONS:
            _check_link(records, rec, add, seen_links)
        elif isinstance(rid, str):
            if len(rid) > MAX_ID_CHARS:
                add("id", f"an id of {len(rid):,} characters; ids have at most {MAX_ID_CHARS}")
            elif not re.fullmatch(r"[a-z0-9][a-z0-9.-]*", rid):
                add("id", f"{clip(rid)} is not a valid id: use lower-case letters, digits, '-' and '.'")
            if rid in seen_ids:
                add("id", f"duplicate id '{rid}' (also record #{seen_ids[rid]}); ids must be unique")
            seen_ids.setdefault(rid, i)
        nm = rec.get("name")
        if isinstance(nm, str) and name in ("models", "datasets", "prose_models", "prose_datasets"):
            key = nm.casefold()
            if key in seen_names:
                add("name", f"duplicate name '{nm}' (also record '{seen_names[key]}'); names must be unique")
            seen_names.setdefault(key, label)
        if name == "claims":
            _check_claim(records, rec, vocab, add)
        if name in ("datasets", "prose_scales"):
            check_scale(rec.get("scale"), vocab, add)
        if name == "datasets":
            _check_accessions_printed(rec, add)
    if name in EXTERNAL:
        kind = EXTERNAL[name][:-1]
        why = f"is already a {kind} of the survey; a record from another source needs an id of its own"
        problems.extend(_taken_ids(records[name], records.ids(EXTERNAL[name]), why, shown, at_record=True))
    if name in ("prose_models", "prose_datasets"):
        table = "models" if name == "prose_models" else "datasets"
        table_ids = {r.get("id") for r in records[table] if isinstance(r.get("id"), str)}
        why = f"already has a table row in {records.files[table]}"
        problems.extend(_taken_ids(records[name], table_ids, why, shown))


def _check_accessions_printed(rec: dict[str, Any], add: Any) -> None:
    """Each accession of a table row is printed in one of its cells: the graph says what the survey prints."""
    printed = rec.get("printed")
    cells = " ".join(str(v) for v in printed.values()) if isinstance(printed, dict) else ""
    for acc in rec.get("accessions") or []:
        if isinstance(acc, str) and acc not in cells:
            add("accessions", f"{clip(acc)} is not printed in the row's cells (`printed`); list only what it prints")


def _taken_ids(
    recs: list[dict[str, Any]], taken: Collection[Any], why: str, shown: str, *, at_record: bool = False
) -> list[Problem]:
    """A problem for each record whose id is already in `taken` ("'<id>' <why>"); `at_record`: also name the line
    the record starts on."""
    return [
        Problem(
            shown,
            record_label(rec, i),
            "id",
            f"'{rec['id']}' {why}",
            line=line_of(rec, "id"),
            record_line=getattr(rec, "line", None) if at_record else None,
        )
        for i, rec in enumerate(recs, start=1)
        if isinstance(rec.get("id"), str) and rec["id"] in taken
    ]


def _check_link(records: Records, rec: dict[str, Any], add: Any, seen: dict[tuple[Any, ...], str]) -> None:
    """Property known, term prefix allowed for it, no duplicate link (where it is printed: locators.py)."""
    prop, term = rec.get("property"), rec.get("term")
    if not isinstance(prop, str) or prop not in LINK_PROPERTIES:
        add("property", f"unknown property {clip(prop)}.{suggest(prop, set(LINK_PROPERTIES))}")
    elif isinstance(term, str) and CURIE.fullmatch(term) and term.split(":")[0] not in LINK_PROPERTIES[prop]:
        allowed = ", ".join(f"{p}:..." for p in LINK_PROPERTIES[prop])
        add("term", f"{term} is not a {prop} term: use {allowed}")
    key = (rec.get("subject"), prop, term)
    if all(isinstance(k, str) for k in key):
        if key in seen:
            add("term", f"duplicate link (also {seen[key]})")
        seen.setdefault(key, rec["id"])


def _check_claim(records: Records, rec: dict[str, Any], vocab: Vocabulary, add: Any) -> None:
    rel, obj = rec.get("relation"), rec.get("object")
    if not isinstance(rel, str):
        return  # the field check said "must be text"
    if rel not in CLAIM_OBJECTS:
        add("relation", f"unknown relation {clip(rel)}.{suggest(rel, set(CLAIM_RELATIONS))}")
        return
    if not isinstance(obj, str) or not obj:
        add("object", "missing; this field is required")
        return
    where, _prop = CLAIM_OBJECTS[rel]
    kind, name = where.split(":")
    if kind == "vocab":
        check_vocab("object", obj, name, vocab, add)
    elif records.refs_checkable(name) and obj not in records.ids(name):
        add("object", f"{clip(obj)} is not a known {name} id.{suggest(obj, records.ids(name))}")
