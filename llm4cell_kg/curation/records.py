"""Load the curated YAML records and check them against schema.SCHEMAS, collecting every problem in one pass."""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import paths
from ..common.namespaces import L4C, OWL, RDF, SCHEMES
from ..errors import UserError
from . import safeyaml
from .safeyaml import LocatedDict, LocatedList, YamlFileError, clip
from .schema import (
    ALIAS_KINDS,
    ALIAS_RULES,
    ALIASES_FILE,
    CLAIM_OBJECTS,
    CLAIM_RELATIONS,
    DATASET_STATEMENT_OBJECTS,
    EXTERNAL,
    FIELD_CHOICES,
    LINK_PROPERTIES,
    OPTIONAL_COLLECTIONS,
    SCALE_QUALIFIERS,
    SCHEMAS,
    SECTIONS,
    SOURCE_IDS,
    SOURCE_KEYS,
    SURVEY_SECTIONS,
    Rule,
)

#: a record id is a short slug (a 1 MiB id once made SHACL run for two minutes)
MAX_ID_CHARS = 64


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


@dataclass
class Vocabulary:
    """Ids allowed per ontology scheme, read from the ontology; obsolete ids map to their replacement."""

    ids: dict[str, set[str]] = field(default_factory=dict)
    replaced: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def from_ontology(cls, path: Path | None = None) -> Vocabulary:
        import pyoxigraph as ox

        vocab = cls()
        prefixes = {name: iri for name, iri in SCHEMES.items()} | {"quantity": L4C}
        typed: set[str] = set()
        deprecated: dict[str, str | None] = {}
        for t in ox.parse(path=str(path or paths.ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE):
            s, p, o = t.subject.value, t.predicate.value, t.object.value
            if p == RDF + "type" and o == OWL + "NamedIndividual":
                typed.add(s)
            elif p == OWL + "deprecated" and o == "true":
                deprecated.setdefault(s, None)
            elif p == "http://purl.org/dc/terms/isReplacedBy":
                deprecated[s] = o
        for name, prefix in prefixes.items():
            local = {iri[len(prefix) :] for iri in typed if iri.startswith(prefix) and "/" not in iri[len(prefix) :]}
            if name == "quantity":
                local = {x for x in local if x.islower()}
            vocab.ids[name] = {x for x in local if prefix + x not in deprecated}
            vocab.replaced[name] = {
                iri[len(prefix) :]: (rep[len(prefix) :] if rep and rep.startswith(prefix) else (rep or ""))
                for iri, rep in deprecated.items()
                if iri.startswith(prefix)
            }
        return vocab


def suggest(value: Any, allowed: set[str]) -> str:
    value = str(value)[:200]
    near = difflib.get_close_matches(value, sorted(allowed), n=1, cutoff=0.5)
    hint = f" Did you mean '{near[0]}'?" if near else ""
    listing = ", ".join(sorted(allowed)) if len(allowed) <= 30 else f"{len(allowed)} ids"
    return f"{hint} Allowed: {listing}."


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


class _Unreadable:
    """The value _read_yaml returns for a file that did not load (its problem is already recorded)."""


UNREADABLE = _Unreadable()


def _read_yaml(path: Path, shown: str, problems: list[Problem]) -> Any:
    try:
        return safeyaml.read(path)
    except YamlFileError as exc:
        problems.append(Problem(shown, "(file)", "(file)", exc.message, line=exc.line))
    except OSError as exc:
        problems.append(Problem(shown, "(file)", "(file)", f"cannot read: {exc.strerror}"))
    return UNREADABLE


def _shown_default(graph_dir: Path, fname: str) -> str:
    """How messages name a curated file unless `shown_as` says otherwise."""
    return f"graph/{fname}"


def real_paths(graph_dir: Path) -> dict[str, str]:
    """`shown_as` for `load` that names each file by its real path under `graph_dir` (`build --data DIR`)."""
    from .schema import CURATED_FILES

    return {fname: str(graph_dir / fname) for fname in CURATED_FILES}


def load(
    graph_dir: Path | None = None, vocab: Vocabulary | None = None, shown_as: dict[str, str] | None = None
) -> Records:
    """Read and check every curated file; raise CurationError listing all problems.

    `shown_as` maps a file name (`models.yaml`) to the path that messages name instead of `graph/<name>`.
    """
    if graph_dir is None:
        paths.announce()
        graph_dir = paths.GRAPH_DIR
    shown_as = shown_as or {}
    vocab = vocab or Vocabulary.from_ontology()
    problems: list[Problem] = []
    collections: dict[str, list[dict[str, Any]]] = {}
    files: dict[str, str] = {}
    failed: set[str] = set()
    read: dict[str, Any] = {}  # file name -> parsed data (ontology_links.yaml holds two collections)
    for name, (fname, _rules) in SCHEMAS.items():
        path = graph_dir / fname
        shown = shown_as.get(fname) or _shown_default(graph_dir, fname)
        files[name] = shown
        if not path.exists():
            if name not in OPTIONAL_COLLECTIONS:
                problems.append(Problem(shown, "(file)", "(file)", "file is missing"))
                failed.add(name)
            collections[name] = []
            continue
        if fname not in read:
            read[fname] = _read_yaml(path, shown, problems)
        data = read[fname]
        if data is UNREADABLE:
            failed.add(name)
            collections[name] = []
            continue
        if name in SECTIONS:
            data = _section(data, SECTIONS[name], shown, problems)
        if data is None:
            data = []
        if not isinstance(data, list):
            problems.append(
                Problem(shown, "(file)", "(top level)", "must be a YAML list of records", line=_line_of(data))
            )
            failed.add(name)
            data = []
        collections[name] = [r for r in data if isinstance(r, dict)]
        for i, r in enumerate(data, start=1):
            if not isinstance(r, dict):
                line = data.lines[i - 1] if isinstance(data, LocatedList) and i <= len(data.lines) else None
                problems.append(
                    Problem(shown, f"#{i}", "(record)", "each record must be a mapping of field: value", line=line)
                )
    aliases: Any = {}
    alias_path = graph_dir / ALIASES_FILE
    files["aliases"] = shown_as.get(ALIASES_FILE) or _shown_default(graph_dir, ALIASES_FILE)
    if alias_path.exists():
        aliases = _read_yaml(alias_path, files["aliases"], problems)
        if aliases is UNREADABLE:
            failed.add("aliases")
            aliases = {}
        aliases = aliases if aliases is not None else {}
    records = Records(collections, aliases, files, failed)
    for name, (_fname, rules) in SCHEMAS.items():
        _check_collection(records, name, rules, vocab, problems)
    if "aliases" not in failed:
        _check_aliases(records, problems)
    _check_group_claims(records, problems)
    _check_dataset_statements(records, vocab, problems)
    for shown, ref in sorted(records.skipped):
        problems.append(
            Problem(
                shown,
                "(file)",
                "(references)",
                f"references to {ref} were not checked because {records.files[ref]} did not load; fix it first",
                severity="note",
            )
        )
    if any(p.severity != "note" for p in problems):
        raise CurationError(problems)
    return records


def _line_of(value: Any, path: str = "") -> int | None:
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


def _label(rec: dict[str, Any], index: int) -> str:
    rid = rec.get("id")
    if isinstance(rid, str) and rid and len(rid) <= MAX_ID_CHARS:
        return rid
    if isinstance(rid, str) and rid:
        return rid[:40] + "..."
    return str(rid) if isinstance(rid, int) and not isinstance(rid, bool) else f"#{index}"


def _check_collection(
    records: Records, name: str, rules: dict[str, Rule], vocab: Vocabulary, problems: list[Problem]
) -> None:
    shown = records.files[name]
    seen_ids: dict[str, int] = {}
    seen_names: dict[str, str] = {}
    seen_links: dict[tuple[Any, ...], str] = {}
    records.current = shown
    for i, rec in enumerate(records[name], start=1):
        label = _label(rec, i)

        def add(fld: str, msg: str, label: str = label, rec: dict[str, Any] = rec) -> None:
            problems.append(
                Problem(shown, label, fld, msg, line=_line_of(rec, fld), record_line=getattr(rec, "line", None))
            )

        for fld in rec:
            if fld not in rules:
                add(str(fld), f"unknown field.{suggest(fld, set(rules))}")
        for fld, rule in rules.items():
            _check_field(records, rec, fld, rule, vocab, add)
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
            _check_scale(rec.get("scale"), vocab, add)
    if name in EXTERNAL:
        kind = EXTERNAL[name][:-1]
        why = f"is already a {kind} of the survey; a record from another source needs an id of its own"
        problems.extend(_taken_ids(records[name], records.ids(EXTERNAL[name]), why, shown, at_record=True))
    if name in ("prose_models", "prose_datasets"):
        table = "models" if name == "prose_models" else "datasets"
        table_ids = {r.get("id") for r in records[table] if isinstance(r.get("id"), str)}
        why = f"already has a table row in {records.files[table]}"
        problems.extend(_taken_ids(records[name], table_ids, why, shown))


def _taken_ids(
    recs: list[dict[str, Any]], taken: Collection[Any], why: str, shown: str, *, at_record: bool = False
) -> list[Problem]:
    """A problem for each record whose id is already in `taken` ("'<id>' <why>"); `at_record`: also name the line
    the record starts on."""
    return [
        Problem(
            shown,
            _label(rec, i),
            "id",
            f"'{rec['id']}' {why}",
            line=_line_of(rec, "id"),
            record_line=getattr(rec, "line", None) if at_record else None,
        )
        for i, rec in enumerate(recs, start=1)
        if isinstance(rec.get("id"), str) and rec["id"] in taken
    ]


def _check_field(records: Records, rec: dict[str, Any], fld: str, rule: Rule, vocab: Vocabulary, add: Any) -> None:
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
        choices = rule.choices or FIELD_CHOICES.get(fld, ())
        if choices and v not in choices:
            what = "a section of the survey" if choices is SURVEY_SECTIONS else "allowed"
            add(fld, f"{clip(v)} is not {what}.{suggest(v, set(choices))}")
        if rule.words is not None and len(v.split()) > rule.words:
            add(fld, f"has {len(v.split())} words; keep it to at most {rule.words}")
        if rule.vocab:
            _check_vocab(fld, v, rule.vocab, vocab, add)
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
        if not isinstance(v, str) or not _CURIE.fullmatch(v):
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


_DOI = re.compile(r"10\.[0-9]{4,9}/\S+")
_ARXIV = re.compile(r"[0-9]{4}\.[0-9]{4,5}(v[0-9]+)?|[a-z-]+(\.[A-Z]{2})?/[0-9]{7}(v[0-9]+)?")
_URL = re.compile(r"https?://[^\s/$.?#][^\s]*")
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
        "doi": (_DOI, "a DOI like 10.1038/s41592-024-02201-0, without https://doi.org/"),
        "arxiv": (_ARXIV, "an arXiv id like 2501.01234 (no 'arXiv:' prefix, no URL)"),
        "url": (_URL, "an http(s) URL"),
    }
    for k in given:
        val = v[k]
        pattern, what = patterns[k]
        if not isinstance(val, str) or not pattern.fullmatch(val):
            add(f"{fld}.{k}", f"{clip(val)} is not {what}")
    curator = v.get("curator")
    if not isinstance(curator, str) or not curator.strip():
        add(f"{fld}.curator", "missing; name who curated the record (a name or an ORCID URL)")
    date = v.get("date")
    if date is None:
        add(f"{fld}.date", "missing; the day the record was curated, YYYY-MM-DD")
    elif not (isinstance(date, _dt.date) and not isinstance(date, _dt.datetime)) and not (
        isinstance(date, str) and _DATE.fullmatch(date) and _valid_date(date)
    ):
        add(f"{fld}.date", f"{clip(date)} is not a date; write YYYY-MM-DD")


def _valid_date(text: str) -> bool:
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


_CURIE = re.compile(r"[A-Za-z][A-Za-z0-9]*:[0-9]+|obo:[a-z]+\.owl")
_SEVEN_DIGITS = ("CL", "UBERON", "EFO", "PO")


def _curie_hint(v: Any) -> str:
    """'UBERON_0002048' or the term's IRI (.../obo/UBERON_0002048) -> " Did you mean 'UBERON:0002048'?"."""
    m = re.fullmatch(r"(?:.*[/#])?([A-Za-z][A-Za-z0-9]*)[_:\s]+([0-9]+)", str(v).strip())
    return f". Did you mean '{m.group(1)}:{m.group(2)}'?" if m else ""


def _section(data: Any, section: str, shown: str, problems: list[Problem]) -> list[dict[str, Any]]:
    """Flatten section `{subject id: [records]}` of a mapping file into records with a generated id and `subject`."""
    if data is None:
        return []
    if not isinstance(data, dict):
        if section == "datasets":
            problems.append(
                Problem(
                    shown,
                    "(file)",
                    "(top level)",
                    "must map 'datasets' and 'models' to links",
                    line=_line_of(data),
                )
            )
        return []
    extra = [k for k in data if k not in SECTIONS.values()]
    if extra and section == "datasets":
        problems.append(
            Problem(
                shown,
                "(file)",
                "(top level)",
                f"unknown section(s) {', '.join(clip(k, 40) for k in extra[:5])}; the sections are 'datasets' "
                "and 'models'",
                line=_line_of(data, str(extra[0])),
            )
        )
    out: list[dict[str, Any]] = []
    table = data.get(section) or {}
    if not isinstance(table, dict):
        problems.append(
            Problem(
                shown,
                section,
                "(section)",
                "must map each id to a list of links",
                line=_line_of(data, section),
            )
        )
        return []
    for subject, links in table.items():
        where = f"{section}: {clip(subject, 40).strip(chr(39))}"
        if not isinstance(links, list):
            problems.append(
                Problem(
                    shown,
                    where,
                    "(links)",
                    "must be a list of links {property, term, evidence, source}",
                    line=_line_of(table, str(subject)),
                )
            )
            continue
        for n, link in enumerate(links, start=1):
            rid = f"{where} #{n}"
            if not isinstance(link, dict):
                problems.append(
                    Problem(
                        shown,
                        rid,
                        "(record)",
                        "each link must be a mapping {property, term, evidence, source}",
                        line=_line_of(links, f"[{n}]"),
                    )
                )
                continue
            rec = LocatedDict(link)
            rec.line = getattr(link, "line", 0)
            rec.lines = dict(getattr(link, "lines", {}))
            rec["id"] = rid
            rec["subject"] = str(subject)
            rec.lines.setdefault("subject", _line_of(table, str(subject)) or rec.line)
            out.append(rec)
    return out


def _check_link(records: Records, rec: dict[str, Any], add: Any, seen: dict[tuple[Any, ...], str]) -> None:
    """Property known, term prefix allowed for it, source a table row of the subject or a section, table evidence
    verbatim in the row's printed cells, no duplicate link."""
    prop, term, source, evidence = rec.get("property"), rec.get("term"), rec.get("source"), rec.get("evidence")
    if not isinstance(prop, str) or prop not in LINK_PROPERTIES:
        add("property", f"unknown property {clip(prop)}.{suggest(prop, set(LINK_PROPERTIES))}")
    elif isinstance(term, str) and _CURIE.fullmatch(term) and term.split(":")[0] not in LINK_PROPERTIES[prop]:
        allowed = ", ".join(f"{p}:..." for p in LINK_PROPERTIES[prop])
        add("term", f"{term} is not a {prop} term: use {allowed}")
    kind = "datasets" if rec["id"].startswith("datasets:") else "models"
    if not records.refs_checkable(kind):
        return
    row = next((r for r in records[kind] if r.get("id") == rec.get("subject")), None)
    if isinstance(source, str) and source.startswith("Table"):
        table = 7 if kind == "models" else (row or {}).get("table")
        if row is None or source != f"Table {table}":
            where = f"Table {table}" if row else "none (not a table row)"
            add("source", f"{clip(source)} is not the table row of {rec.get('subject')} (its table: {where})")
        elif isinstance(evidence, str):
            printed = row.get("printed")
            if not isinstance(printed, dict):
                pass  # the row's own check reports its missing `printed`; the evidence cannot be checked
            elif evidence not in "\t".join(map(str, printed.values())):
                add("evidence", f"{clip(evidence)} is not verbatim in the row's printed cells; quote the printed words")
    elif isinstance(source, str) and source not in SURVEY_SECTIONS:
        add("source", f"{clip(source)} is neither 'Table N' nor a section number like '5.6' or 'B.4'")
    key = (rec.get("subject"), prop, term)
    if all(isinstance(k, str) for k in key):
        if key in seen:
            add("term", f"duplicate link (also {seen[key]})")
        seen.setdefault(key, rec["id"])


def _check_vocab(fld: str, v: str, scheme: str, vocab: Vocabulary, add: Any) -> None:
    allowed = vocab.ids.get(scheme, set())
    if v in allowed:
        return
    replaced = vocab.replaced.get(scheme, {})
    if v in replaced:
        rep = replaced[v]
        add(fld, f"{scheme} '{v}' is obsolete" + (f"; use '{rep}' instead" if rep else "; remove it"))
        return
    add(fld, f"unknown {scheme} '{v}'.{suggest(v, allowed)}")


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
        _check_vocab("object", obj, name, vocab, add)
    elif records.refs_checkable(name) and obj not in records.ids(name):
        add("object", f"{clip(obj)} is not a known {name} id.{suggest(obj, records.ids(name))}")


def _check_scale(scale: Any, vocab: Vocabulary, add: Any) -> None:
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
            _check_vocab(f"{where}.quantity", q, "quantity", vocab, add)
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


def _check_aliases(records: Records, problems: list[Problem]) -> None:
    shown = records.files["aliases"]
    records.current = shown
    data = records.aliases

    def add(record: str, fld: str, msg: str, line: int | None) -> None:
        problems.append(Problem(shown, record, fld, msg, line=line))

    if not isinstance(data, dict):
        add("(file)", "(top level)", "must map models/datasets to ids", _line_of(data))
        return
    needed = [k for k, r in ALIAS_RULES.items() if r.required]
    found: list[tuple[str, str]] = []  # (field, message) from the field rules of one alias
    shape = "{" + ", ".join(f"{k}: ..." for k in needed) + "}"
    fields = ", ".join(needed) + "".join(f" and (optionally) {k}" for k, r in ALIAS_RULES.items() if not r.required)
    for kind, table in data.items():
        if kind not in ALIAS_KINDS or not isinstance(table, dict):
            add(clip(kind, 40), "(section)", "sections are 'models' and 'datasets'", _line_of(data, str(kind)))
            continue
        checkable = records.refs_checkable(kind)
        known = records.ids(kind)
        for rid, entries in table.items():
            label = clip(rid, 40).strip("'")
            line = _line_of(table, str(rid))
            if checkable and rid not in known:
                add(label, kind, f"{clip(rid)} is not a known {kind} id.{suggest(rid, known)}", line)
            if entries is not None and not isinstance(entries, list):
                add(label, "label", f"must be a list of {shape}", line)
                continue
            for j, e in enumerate(entries or [], start=1):
                eline = _line_of(entries, f"[{j}]")
                if not isinstance(e, dict) or not isinstance(e.get("label"), str) or not all(e.get(k) for k in needed):
                    add(label, "label", f"each alias needs {shape}", eline)
                    continue
                if not e["label"].strip():
                    add(label, "label", "holds only spaces; write the label", eline)
                sec = e["section"]
                if not isinstance(sec, str) or sec not in ALIAS_RULES["section"].choices:
                    add(
                        label,
                        "section",
                        f"{clip(sec)} is not a section or table of the survey.{suggest(sec, set(SURVEY_SECTIONS))}",
                        eline,
                    )
                for k in e:
                    if k not in ALIAS_RULES:
                        add(label, str(k), f"unknown key; an alias has {fields}", eline)
                found.clear()
                for k, rule in ALIAS_RULES.items():
                    if k not in ("label", "section"):  # checked above, with the alias's own messages
                        _check_field(records, e, k, rule, Vocabulary(), lambda f, m: found.append((f, m)))
                for fld, msg in found:
                    add(label, fld, msg, eline)


def _check_group_claims(records: Records, problems: list[Problem]) -> None:
    """A group claim's claims share its section and relation, name two or more models, and no claim is in two."""
    shown = records.files["group_claims"]
    if not records.usable("claims"):
        return  # claims.yaml did not load: its own errors come first (the ref rule notes the skipped check)
    claims = {c.get("id"): c for c in records["claims"]}
    valid = {"section": set(SURVEY_SECTIONS), "relation": set(CLAIM_RELATIONS)}
    owner: dict[str, str] = {}
    for i, grp in enumerate(records["group_claims"], start=1):
        label = _label(grp, i)
        members: set[Any] = set()
        cids = grp.get("claims")
        for cid in cids if isinstance(cids, list) else []:
            c = claims.get(cid) if isinstance(cid, str) else None
            if c is None:
                continue  # reported by the field rule (ref="claims")
            members.add(c.get("subject"))
            for fld in ("section", "relation"):
                if not isinstance(c.get(fld), str) or c.get(fld) not in valid[fld]:
                    continue  # the claim's own field rule reports it
                if str(c.get(fld)) != str(grp.get(fld)):
                    problems.append(
                        Problem(
                            shown,
                            label,
                            "claims",
                            f"claim '{cid}' has {fld} '{c.get(fld)}', the group '{grp.get(fld)}'",
                        )
                    )
            if cid in owner:
                problems.append(Problem(shown, label, "claims", f"claim '{cid}' is already in group '{owner[cid]}'"))
            owner.setdefault(str(cid), label)
        if len(members) < 2:
            problems.append(
                Problem(shown, label, "claims", "a group claim names two or more models; list their claims")
            )


def _check_dataset_statements(records: Records, vocab: Vocabulary, problems: list[Problem]) -> None:
    """Each object of an Appendix B dataset statement is a term of its relation's vocabulary (task or modality)."""
    shown = records.files["dataset_statements"]
    for i, st in enumerate(records["dataset_statements"], start=1):
        label = _label(st, i)
        rel = st.get("relation")
        if rel not in DATASET_STATEMENT_OBJECTS:
            continue  # reported by the field rule

        def add(fld: str, msg: str, label: str = label) -> None:
            problems.append(Problem(shown, label, fld, msg))

        objs = st.get("objects")
        for obj in objs if isinstance(objs, list) else []:
            _check_vocab("objects", str(obj), DATASET_STATEMENT_OBJECTS[rel], vocab, add)
