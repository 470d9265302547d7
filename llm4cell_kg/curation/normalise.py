"""How a printed table cell gives a record's normalised value, as graph/normalisation.yaml declares it: the rules
read (`read_rules`, with a problem for each entry that is not a rule) and applied to a cell (`derive`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .safeyaml import clip, line_of

#: add(record, field, message, line): how `read_rules` reports a problem of the file
Report = Callable[[str, str, str, "int | None"], None]

#: how a cell can be read (graph/normalisation.yaml `read`), with the keys each way takes besides `cell` and `read`
READS: dict[str, tuple[str, ...]] = {
    "score": (),
    "choice": ("choices",),
    "pattern": ("pattern",),
    "venues": ("spellings",),
    "phrases": ("phrases",),
}
ENTRY_KEYS = ("words", "values", "when", "correction")


@dataclass(frozen=True)
class Phrase:
    """Printed words (any of `words`) that give `values`; only when the record holds each (field, value) of `when`.
    A `correction` says why the value is not what the words themselves name (it is shown beside the value)."""

    words: tuple[str, ...]
    values: tuple[str, ...]
    when: tuple[tuple[str, str], ...] = ()
    correction: str = ""


@dataclass(frozen=True)
class FieldRule:
    """How field `field` of a record is read from its printed cell `cell`."""

    field: str
    cell: str
    read: str
    choices: tuple[tuple[str, Any], ...] = ()
    pattern: re.Pattern[str] | None = None
    phrases: tuple[Phrase, ...] = ()


@dataclass(frozen=True)
class Reading:
    """What a cell gives: `value` (None when the rule cannot read the cell: `why`) and the corrections used."""

    value: Any
    corrections: tuple[str, ...] = ()
    why: str = ""


def fold(text: str) -> tuple[str, frozenset[int]]:
    """Text as the rules compare it, and where its words start: case ignored, runs of spaces one space, a hyphen (and
    the line break after one) dropped and its next letter a word start ("Text- Bridge" -> "textbridge")."""
    out: list[str] = []
    starts: set[int] = set()
    after_hyphen = False
    for ch in text.casefold():
        if ch == "-":
            after_hyphen = True
            continue
        if ch.isspace():
            if after_hyphen or (out and out[-1] == " "):
                continue
            ch = " "
        if after_hyphen or not out or not out[-1].isalnum():
            starts.add(len(out))
        after_hyphen = False
        out.append(ch)
    return "".join(out), frozenset(starts)


def _find(words: str, text: str, starts: frozenset[int], used: list[bool]) -> int:
    """Where `words` (folded) stand in `text` from a word start, over no character read already, or -1."""
    at = text.find(words)
    while at >= 0:
        if at in starts and not any(used[at : at + len(words)]):
            return at
        at = text.find(words, at + 1)
    return -1


def read_phrases(phrases: tuple[Phrase, ...], cell: str, record: Mapping[str, Any]) -> Reading:
    """Each phrase, in order, whose words the cell prints gives its values; its words are then read no further."""
    text, starts = fold(cell)
    used = [False] * len(text)
    values: list[str] = []
    corrections: list[str] = []
    for ph in phrases:
        if not all(_holds(record.get(f), v) for f, v in ph.when):
            continue
        hit = False
        for w in ph.words:
            words = fold(w)[0]
            at = _find(words, text, starts, used)
            while words and at >= 0:
                hit = True
                used[at : at + len(words)] = [True] * len(words)
                at = _find(words, text, starts, used)
        if hit:
            values += [v for v in ph.values if v not in values]
            if ph.correction and ph.correction not in corrections:
                corrections.append(ph.correction)
    return Reading(values, tuple(corrections))


def _holds(value: Any, wanted: str) -> bool:
    return wanted in value if isinstance(value, list) else value == wanted


def derive(rule: FieldRule, cell: str, record: Mapping[str, Any], venues: Mapping[str, str]) -> Reading:
    """What `cell` gives for `rule.field` of `record`; `venues` maps each folded venue label to its id."""
    if rule.read == "score":
        m = re.fullmatch(r"\s*(\d+)\s*(?:[-–]\s*(\d+))?\s*", cell)
        if not m:
            return Reading(None, why="the cell is not a whole number or a range 'LOW-HIGH'")
        return Reading(int(m.group(1)) if not m.group(2) else f"{m.group(1)}-{m.group(2)}")
    if rule.read == "choice":
        found = dict(rule.choices)
        if cell.strip() not in found:
            return Reading(None, why=f"the cell is none of {', '.join(repr(k) for k in found)}")
        return Reading(found[cell.strip()])
    if rule.read == "pattern":
        m = rule.pattern.search(cell) if rule.pattern else None
        if not m:
            return Reading(None, why="the rule's pattern finds no value in the cell")
        return Reading(int(m.group(1)))
    if rule.read == "venues":
        return _read_venues(rule.phrases, cell, venues)
    return read_phrases(rule.phrases, cell, record)


def _read_venues(spellings: tuple[Phrase, ...], cell: str, venues: Mapping[str, str]) -> Reading:
    """The cell as one spelling, else each part between '/' as a venue by its label or as a spelling."""
    whole = _spelling(spellings, cell)
    if whole is not None:
        return whole
    values: list[str] = []
    corrections: list[str] = []
    for part in (p for p in cell.split("/") if p.strip()):
        key = venue_key(part)
        if key in venues:
            values.append(venues[key])
            continue
        found = _spelling(spellings, part)
        if found is None:
            return Reading(None, why=f"{part.strip()!r} is no venue's label in graph/venues.yaml nor a spelling")
        values += found.value
        corrections += found.corrections
    return Reading(values, tuple(corrections))


def _spelling(spellings: tuple[Phrase, ...], text: str) -> Reading | None:
    key = venue_key(text)
    for sp in spellings:
        if any(venue_key(w) == key for w in sp.words):
            return Reading(list(sp.values), (sp.correction,) if sp.correction else ())
    return None


def venue_key(text: str) -> str:
    """A venue's name as the rules compare it: folded, only its letters, digits and spaces."""
    return " ".join(re.sub(r"[^\w\s]", " ", fold(text)[0]).split())


def venue_keys(venues: list[dict[str, Any]]) -> dict[str, str]:
    """Compared label (and the abbreviation in a label's brackets: 'PMLR') -> venue id."""
    out: dict[str, str] = {}
    for v in venues:
        label, vid = v.get("label"), v.get("id")
        if isinstance(label, str) and isinstance(vid, str):
            out[venue_key(label)] = vid
            m = re.search(r"\(([^()]+)\)\s*$", label)
            if m:
                out[venue_key(m.group(1))] = vid
    return out


def same(kind: str, a: Any, b: Any) -> bool:
    """Whether a record's value `a` is the value `b` a cell gives: lists as sets, scores as ranges."""
    if isinstance(a, list) and isinstance(b, list):
        return {str(x) for x in a} == {str(x) for x in b}
    if kind == "score":
        return _range(a) == _range(b) and _range(a) is not None
    return type(a) is type(b) and a == b


def _range(v: Any) -> tuple[int, int] | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v, v
    m = re.fullmatch(r"\s*(\d+)\s*(?:[-–]\s*(\d+))?\s*", str(v))
    return (int(m.group(1)), int(m.group(2) or m.group(1))) if m else None


def shown(value: Any) -> str:
    """A value as the messages write it: a list as [a, b], text as printed."""
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in sorted(value, key=str)) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def read_rules(data: Any, fields: Mapping[str, Mapping[str, Any]], report: Report) -> dict[str, dict[str, FieldRule]]:
    """The rules `data` (graph/normalisation.yaml as read) declares: collection -> field -> FieldRule. `fields` names
    the fields each collection may normalise (collection -> field -> its schema rule)."""
    out: dict[str, dict[str, FieldRule]] = {}
    if not isinstance(data, dict):
        report("(file)", "(top level)", "must map a collection (models) to its fields' rules", line_of(data))
        return out
    for coll, table in data.items():
        if coll not in fields:
            allowed = ", ".join(fields)
            report(
                clip(coll, 30), "(collection)", f"unknown collection; rules are for {allowed}", line_of(data, str(coll))
            )
            continue
        if not isinstance(table, dict):
            report(coll, "(collection)", "must map each field to its rule", line_of(data, coll))
            continue
        out[coll] = {}
        for fld, spec in table.items():
            rule = _field_rule(coll, fld, spec, fields[coll], table, report)
            if rule is not None:
                out[coll][fld] = rule
        for fld in fields[coll]:
            if fld not in table:
                report(
                    coll, fld, "missing: every normalised field is read from its cell by a rule", line_of(data, coll)
                )
    for coll in fields:
        if coll not in data:
            report("(file)", coll, "missing: the rules of each normalised field of this collection", line_of(data))
    return out


def _field_rule(
    coll: str, fld: Any, spec: Any, known: Mapping[str, Any], table: Any, report: Report
) -> FieldRule | None:
    where = f"{coll}.{clip(fld, 30)}".replace("'", "")

    def bad(key: str, message: str, line: int | None = None) -> None:
        report(where, key, message, line or line_of(spec, key) or line_of(table, str(fld)))

    if fld not in known:
        bad("(field)", f"{coll} has no normalised field {clip(fld)}; they are {', '.join(known)}")
        return None
    if not isinstance(spec, dict):
        bad("(rule)", "must map cell, read and what the way of reading needs")
        return None
    read, cell = spec.get("read"), spec.get("cell")
    if not isinstance(read, str) or read not in READS:
        bad("read", f"{clip(read)} is not a way of reading a cell; one of {', '.join(READS)}")
        return None
    for key in spec:
        if key not in ("cell", "read", *READS[read]):
            bad(str(key), f"unknown key for read: {read}; it takes cell{''.join(', ' + k for k in READS[read])}")
    if not isinstance(cell, str) or not cell:
        bad("cell", "missing; name the printed cell (a key of the record's `printed`)")
        return None
    if read == "choice":
        choices = spec.get("choices")
        if not isinstance(choices, dict) or not choices or not all(isinstance(k, str) for k in choices):
            bad("choices", "must map each printed text to its value")
            return None
        return FieldRule(str(fld), cell, read, choices=tuple(choices.items()))
    if read == "pattern":
        try:
            pattern = re.compile(str(spec.get("pattern")))
        except re.error as exc:
            bad("pattern", f"not a regular expression: {exc}")
            return None
        if pattern.groups < 1:
            bad("pattern", "needs a group, (...), around the value")
            return None
        return FieldRule(str(fld), cell, read, pattern=pattern)
    if read in ("phrases", "venues"):
        key = "phrases" if read == "phrases" else "spellings"
        entries = spec.get(key, [])
        if not isinstance(entries, list) or (read == "phrases" and not entries):
            bad(key, "must list entries {words, values}")
            return None
        phrases = [_phrase(e, n, spec.get(key), where, key, report) for n, e in enumerate(entries, start=1)]
        return FieldRule(str(fld), cell, read, phrases=tuple(p for p in phrases if p is not None))
    return FieldRule(str(fld), cell, read)


def _phrase(entry: Any, n: int, entries: Any, where: str, key: str, report: Report) -> Phrase | None:
    at = f"{key}[{n}]"
    line = line_of(entries, f"[{n}]")
    if not isinstance(entry, dict):
        report(where, at, "must be a mapping {words, values}", line)
        return None
    ok = True
    for k in entry:
        if k not in ENTRY_KEYS:
            report(where, f"{at}.{k}", f"unknown key; an entry has {', '.join(ENTRY_KEYS)}", line_of(entry, str(k)))
            ok = False
    words, values, when = entry.get("words"), entry.get("values"), entry.get("when", {})
    correction = entry.get("correction", "")
    if not isinstance(words, list) or not words or not all(isinstance(w, str) and fold(w)[0].strip() for w in words):
        report(where, f"{at}.words", "must list the printed words, each as printed", line_of(entry, "words") or line)
        ok = False
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        report(
            where, f"{at}.values", "must list the ids the words give (or [] for none)", line_of(entry, "values") or line
        )
        ok = False
    if not isinstance(when, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in when.items()):
        report(where, f"{at}.when", "must map a field to the value the record holds", line_of(entry, "when") or line)
        ok = False
    if not isinstance(correction, str):
        report(where, f"{at}.correction", "must say, as text, why the value is read so", line_of(entry, "correction"))
        ok = False
    if not ok or not isinstance(words, list) or not isinstance(values, list) or not isinstance(when, dict):
        return None
    return Phrase(tuple(words), tuple(values), tuple(when.items()), str(correction).strip())
