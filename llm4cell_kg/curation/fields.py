"""The checks of one field's value against its rule (schema.Rule): text, numbers, CURIEs, scores, sources,
ontology ids, scale figures."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from . import identifiers
from .problems import suggest
from .records import Records
from .safeyaml import clip
from .schema import (
    ENTRY_KEYS,
    LINK_SOURCE_KEYS,
    MAPPING_JUSTIFICATIONS,
    MAPPING_PREDICATES,
    SCALE_QUALIFIERS,
    SOURCE_IDS,
    SOURCE_IRIS,
    SOURCE_KEYS,
    Rule,
)
from .structure import SECTION_WORDS, SOURCE_WORDS
from .vocabulary import Vocabulary

_SCORE = re.compile(r"^\s*(\d+)\s*(?:[-–]\s*(\d+))?\s*$")


def parse_score(value: Any) -> tuple[int, int] | None:
    """6 -> (6, 6); '5-7' -> (5, 7); anything else -> None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value, value
    m = _SCORE.match(str(value))
    if not m:
        return None
    lo = int(m.group(1))
    return lo, int(m.group(2) or lo)


def check_field(records: Records, rec: dict[str, Any], fld: str, rule: Rule, vocab: Vocabulary, add: Any) -> None:
    if fld not in rec or rec[fld] is None or rec[fld] == "" and rule.kind == "str" and rule.required:
        if rule.required:
            add(fld, "missing; this field is required")
        return
    value = rec[fld]
    if rule.many:
        if not isinstance(value, list):
            add(fld, f"must be a list, e.g. [{clip(value)}]")
            return
        if rule.nonempty and not value:
            add(fld, "must list at least one value")
    values = value if rule.many else [value]
    for j, v in enumerate(values, start=1):
        _check_value(records, f"{fld}[{j}]" if rule.many and rule.kind == "dict" else fld, v, rule, vocab, add)


def _check_value(records: Records, fld: str, v: Any, rule: Rule, vocab: Vocabulary, add: Any) -> None:
    if rule.kind == "str":
        if not isinstance(v, str):
            add(fld, f"must be text, got {clip(v)}")
            return
        if v and not v.strip():
            add(fld, "holds only spaces; write the text or remove the field")
            return
        if v != v.strip() and fld in ("id", "name"):
            add(fld, f"{clip(v)} has spaces at its start or end; remove them")
        if rule.choices and v not in rule.choices:
            add(fld, f"{clip(v)} is not allowed.{suggest(v, set(rule.choices))}")
        if rule.locator:
            check_locator(records, fld, v, rule.locator, add)
        if rule.words is not None and len(v.split()) > rule.words:
            add(fld, f"has {len(v.split())} words; keep it to at most {rule.words}")
        if rule.vocab:
            check_vocab(fld, v, rule.vocab, vocab, add)
        if rule.ref and records.refs_checkable(rule.ref):
            allowed = records.ids(rule.ref)
            if v not in allowed:
                where = records.files.get(rule.ref)
                add(fld, f"{clip(v)} is not a known {rule.ref} id (see {where}).{suggest(v, allowed)}")
    elif rule.kind == "int":
        if isinstance(v, bool) or not isinstance(v, int):
            add(fld, f"must be a whole number, got {clip(v)}")
        elif (rule.min is not None and v < rule.min) or (rule.max is not None and v > rule.max):
            bounds = f"{rule.min}..{rule.max}" if rule.max is not None else f"at least {rule.min}"
            add(fld, f"{v} is out of range; allowed {bounds}")
    elif rule.kind == "curie":
        if not isinstance(v, str) or not CURIE.fullmatch(v):
            add(
                fld,
                f"{clip(v)} is not a valid CURIE: write PREFIX:ID as the ontology does, e.g. UBERON:0002048, "
                "CL:0000084, NCBITaxon:9606, EFO:0008913, PO:0025034 (or obo:uberon.owl for an ontology); "
                "no IRI, no underscore, no label" + _curie_hint(v),
            )
        elif v.split(":")[0] in _SEVEN_DIGITS and len(v.split(":")[1]) != 7:
            add(
                fld,
                f"{v!r} is malformed: {v.split(':')[0]} ids have 7 digits, e.g. "
                f"{v.split(':')[0]}:{v.split(':')[1].zfill(7)[-7:]}",
            )
    elif rule.kind == "bool":
        if not isinstance(v, bool):
            add(fld, f"must be true or false, got {clip(v)}")
    elif rule.kind == "score":
        rng = parse_score(v) if isinstance(v, (int, str)) else None
        if rng is None:
            add(
                fld,
                f"{clip(v)} is not a number; write a whole number {rule.min}-{rule.max} or a range like '5-7'",
            )
        elif rng[0] > rng[1]:
            add(fld, f"range '{v}' runs backwards; write the low end first")
        elif rng[0] < (rule.min or 0) or rng[1] > (rule.max or 10):
            near = min(max(rng[0], rule.min or 0), rule.max or 10) if rng[0] == rng[1] else None
            hint = f" (nearest valid value: {near})" if near is not None else ""
            add(fld, f"{v} is out of range; a domain score is {rule.min}..{rule.max}{hint}")
    elif rule.kind == "source":
        _check_source(fld, v, add)
    elif rule.kind == "date":
        _check_date(fld, v, add)
    elif rule.kind in ("url", "licence"):
        why = identifiers.problem(rule.kind, v) or (_identifier_problem(v) if rule.kind == "url" else None)
        if why:
            add(fld, why)
    elif rule.kind == "accession":
        why = identifiers.accession_problem(v)
        if why:
            add(fld, why)
    elif rule.kind == "link_source":
        _check_link_source(fld, v, add)
    elif rule.kind == "entry":
        _check_entry(fld, v, add)
    elif rule.kind == "override":
        _check_override(records, fld, v, add)
    elif rule.kind == "dict":
        if not isinstance(v, dict):
            add(fld, "must be a mapping of key: value")
            return
        for k in rule.keys:
            if k not in v or v[k] is None:
                add(f"{fld}.{k}", "missing; keep the cell as printed (an empty cell is '')")
            elif not isinstance(v[k], str):
                add(f"{fld}.{k}", f"must be the printed text as a string, got {clip(v[k])}")
        if rule.keys:
            for k in v:
                if k not in rule.keys:
                    add(f"{fld}.{k}", f"unknown key.{suggest(k, set(rule.keys))}")


def check_locator(records: Records, fld: str, v: str, locator: str, add: Any) -> None:
    """`v` names a place of the survey as graph/survey.yaml declares it: a section (`section`), a table or a
    section (`source`, `section-or-table`)."""
    survey = records.survey
    if not records.refs_checkable("survey") or survey is None:
        return
    if locator == "section":
        if not survey.is_section(v):
            what = SECTION_WORDS.format(file=records.files["survey"])
            add(fld, f"{clip(v)} is not {what}.{suggest(v, set(survey.sections))}")
    elif survey.table(v) is None and not survey.is_section(v):
        what = SOURCE_WORDS.format(file=records.files["survey"])
        add(fld, f"{clip(v)} is not {what}.{suggest(v, set(survey.locations))}")


def _check_override(records: Records, fld: str, v: Any, add: Any) -> None:
    """{FIELD: {reason: TEXT}}: each FIELD a field graph/normalisation.yaml reads from a cell, each with its reason."""
    if not isinstance(v, dict) or not v:
        add(fld, "must map each normalised field kept unlike its printed cell to {reason: WHY}")
        return
    known = {f for rules in records.rules.values() for f in rules}
    for key, spec in v.items():
        if known and key not in known:
            add(f"{fld}.{key}", f"no rule of {records.files['normalisation']} reads this field.{suggest(key, known)}")
        if not isinstance(spec, dict) or set(spec) != {"reason"}:
            add(f"{fld}.{key}", "must be {reason: WHY}: say why the value is not what the printed cell gives")
        elif not isinstance(spec["reason"], str) or not spec["reason"].strip():
            add(f"{fld}.{key}.reason", "missing; say why the value is not what the printed cell gives")


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _check_source(fld: str, v: Any, add: Any) -> None:
    """The publication a record comes from (one of doi, arxiv, url), who curated it, and when."""
    if not isinstance(v, dict):
        add(
            fld,
            "must be a mapping {doi | arxiv | url, curator, date}, e.g. {arxiv: '2501.01234', curator: "
            "'Ada Lovelace', date: 2026-01-15}",
        )
        return
    for k in v:
        if k not in SOURCE_KEYS:
            add(f"{fld}.{k}", f"unknown key.{suggest(k, set(SOURCE_KEYS))}")
    given = [k for k in SOURCE_IDS if v.get(k) not in (None, "")]
    if len(given) != 1:
        add(
            fld,
            "name the publication by exactly one of doi, arxiv or url"
            + (f" (got {', '.join(given)})" if given else ""),
        )
    patterns = {
        "doi": (identifiers.DOI, identifiers.WHAT["doi"]),
        "arxiv": (identifiers.ARXIV, identifiers.WHAT["arxiv"]),
        "url": (identifiers.URL, identifiers.WHAT["url"]),
    }
    for k in given:
        val = v[k]
        pattern, what = patterns[k]
        if not isinstance(val, str) or not pattern.fullmatch(val):
            add(f"{fld}.{k}", f"{clip(val)} is not {what}")
        elif bad := _not_an_iri(SOURCE_IRIS[k][0].format(val)):
            add(f"{fld}.{k}", f"{clip(val)} does not make an IRI ({bad}); write it as the publication prints it")
    curator = v.get("curator")
    if not isinstance(curator, str) or not curator.strip():
        add(f"{fld}.curator", "missing; name who curated the record (a name or an ORCID URL)")
    elif curator.strip().startswith(("http://", "https://")) and (
        not identifiers.URL.fullmatch(curator.strip()) or _not_an_iri(curator.strip())
    ):
        add(
            f"{fld}.curator",
            f"{clip(curator)} is not a URL (no spaces, quotes or angle brackets): write an ORCID URL, e.g. "
            "https://orcid.org/0000-0002-1825-0097, or a name",
        )
    _check_date(f"{fld}.date", v.get("date"), add, "the day the record was curated")


def _check_date(fld: str, date: Any, add: Any, what: str = "a day") -> None:
    """A date as YAML gives it (a date) or as text (YYYY-MM-DD)."""
    if date is None:
        add(fld, f"missing; {what}, YYYY-MM-DD")
    elif not (isinstance(date, _dt.date) and not isinstance(date, _dt.datetime)) and not (
        isinstance(date, str) and _DATE.fullmatch(date) and _valid_date(date)
    ):
        add(fld, f"{clip(date)} is not a date; write YYYY-MM-DD")


_COMMIT = re.compile(r"[0-9a-f]{40}")


def _identifier_problem(url: str) -> str | None:
    """Why a URL that names an identifier (https://doi.org/..., https://arxiv.org/abs/...) holds a malformed one."""
    for head, kind in (("https://doi.org/", "doi"), ("https://arxiv.org/abs/", "arxiv")):
        if url.startswith(head):
            return identifiers.problem(kind, url[len(head) :])
    return None


def _block(fld: str, v: Any, keys: tuple[str, ...], texts: dict[str, str], urls: tuple[str, ...], add: Any) -> bool:
    """A mapping with only `keys`, non-blank text at `texts` (key -> what it holds) and an http(s) URL at `urls`;
    False when `v` is not a mapping at all."""
    if not isinstance(v, dict):
        add(fld, f"must be a mapping {{{', '.join(keys)}}}")
        return False
    for k in v:
        if k not in keys:
            add(f"{fld}.{k}", f"unknown key.{suggest(k, set(keys))}")
    for k, what in texts.items():
        if not isinstance(v.get(k), str) or not v[k].strip():
            add(f"{fld}.{k}", f"missing; {what}")
    for k in urls:
        why = identifiers.problem("url", v.get(k))
        if why:
            add(f"{fld}.{k}", why)
    return True


def _check_link_source(fld: str, v: Any, add: Any) -> None:
    """The public file a link record reads: the source's name, its repository URL, the file, the commit, its date."""
    texts = {"name": "the source's name", "path": "the file read, in the repository"}
    if not _block(fld, v, LINK_SOURCE_KEYS, texts, ("repository",), add):
        return
    if not isinstance(v.get("commit"), str) or not _COMMIT.fullmatch(v["commit"]):
        add(f"{fld}.commit", f"{clip(v.get('commit'))} is not a commit; write its 40 hex digits")
    _check_date(f"{fld}.date", v.get("date"), add, "the date of that commit")


def _check_entry(fld: str, v: Any, add: Any) -> None:
    """The catalogue entry a link record matches, and how: an SSSOM mapping's predicate, justification, confidence."""
    texts = {"id": "the entry's id in its catalogue", "label": "the name the catalogue lists it under"}
    if not _block(fld, v, ENTRY_KEYS, texts, ("url",), add):
        return
    for k, allowed in (("predicate", MAPPING_PREDICATES), ("justification", MAPPING_JUSTIFICATIONS)):
        if v.get(k) not in allowed:
            add(f"{fld}.{k}", f"{clip(v.get(k))} is not allowed.{suggest(str(v.get(k)), set(allowed))}")
    c = v.get("confidence")
    if isinstance(c, bool) or not isinstance(c, (int, float)) or not 0 <= c <= 1:
        add(f"{fld}.confidence", f"{clip(c)} is not a confidence; write a number from 0 to 1")


def _not_an_iri(text: str) -> str:
    """Why `text` is not an IRI the graph can hold ('' when it is one)."""
    import pyoxigraph as ox

    try:
        ox.NamedNode(text)
    except ValueError as exc:
        return str(exc)[:80]
    return ""


def _valid_date(text: str) -> bool:
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


CURIE = re.compile(r"[A-Za-z][A-Za-z0-9]*:[0-9]+|obo:[a-z]+\.owl")


_SEVEN_DIGITS = ("CL", "UBERON", "EFO", "PO")


def _curie_hint(v: Any) -> str:
    """'UBERON_0002048' or the term's IRI (.../obo/UBERON_0002048) -> " Did you mean 'UBERON:0002048'?"."""
    m = re.fullmatch(r"(?:.*[/#])?([A-Za-z][A-Za-z0-9]*)[_:\s]+([0-9]+)", str(v).strip())
    return f". Did you mean '{m.group(1)}:{m.group(2)}'?" if m else ""


def check_vocab(fld: str, v: str, scheme: str, vocab: Vocabulary, add: Any) -> None:
    allowed = vocab.ids.get(scheme, set())
    if v in allowed:
        return
    replaced = vocab.replaced.get(scheme, {})
    if v in replaced:
        rep = replaced[v]
        add(fld, f"{scheme} '{v}' is obsolete" + (f"; use '{rep}' instead" if rep else "; remove it"))
        return
    add(fld, f"unknown {scheme} '{v}'.{suggest(v, allowed)}")


def check_scale(scale: Any, vocab: Vocabulary, add: Any) -> None:
    if not isinstance(scale, list):
        return
    for j, fig in enumerate(scale, start=1):
        where = f"scale[{j}]"
        if not isinstance(fig, dict):
            add(where, "must be a mapping {quantity, value, qualifier}")
            continue
        q = fig.get("quantity")
        if not isinstance(q, str):
            add(f"{where}.quantity", "missing; this field is required")
        else:
            check_vocab(f"{where}.quantity", q, "quantity", vocab, add)
        for key in ("value", "max"):
            if key in fig and (isinstance(fig[key], bool) or not isinstance(fig[key], int) or fig[key] < 0):
                add(f"{where}.{key}", f"must be a whole number >= 0, got {clip(fig[key])}")
        if "value" not in fig:
            add(f"{where}.value", "missing; this field is required")
        qual = fig.get("qualifier")
        if not isinstance(qual, str) or qual not in SCALE_QUALIFIERS:
            add(f"{where}.qualifier", f"{clip(qual)} is not allowed.{suggest(qual, set(SCALE_QUALIFIERS))}")
        if (qual == "range") != ("max" in fig):
            add(f"{where}.max", "a 'range' figure needs max, and only a range has one")
        elif qual == "range" and all(_count(fig.get(k)) for k in ("value", "max")) and fig["max"] < fig["value"]:
            add(f"{where}.max", f"max {fig['max']} is below value {fig['value']}; a range runs from value up to max")
        for key in fig:
            if key not in ("quantity", "value", "qualifier", "max"):
                add(f"{where}.{key}", f"unknown key.{suggest(key, {'quantity', 'value', 'qualifier', 'max'})}")


def _count(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0
