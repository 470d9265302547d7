"""Load the curated YAML records and check them against schema.SCHEMAS, collecting every problem in one pass."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import paths
from .errors import UserError
from .namespaces import L4C, OWL, RDF, SCHEMES
from .schema import (
    ALIASES_FILE,
    CLAIM_OBJECTS,
    CLAIM_RELATIONS,
    LINK_PROPERTIES,
    OPTIONAL_COLLECTIONS,
    SCALE_QUALIFIERS,
    SCHEMAS,
    SECTIONS,
    Rule,
)

try:  # the C loader is ~10x faster
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field of one record."""

    file: str
    record: str
    field: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.file}: record '{self.record}', field '{self.field}': {self.message}"


class CurationError(UserError):
    """The curated records have problems; `problems` lists them all."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(format_problems(problems))


def format_problems(problems: list[Problem]) -> str:
    """Group problems by file, then record."""
    by_file: dict[str, dict[str, list[Problem]]] = defaultdict(lambda: defaultdict(list))
    for p in problems:
        by_file[p.file][p.record].append(p)
    out = [f"{len(problems)} problem(s) in the curated records:"]
    for file, recs in by_file.items():
        out.append(file)
        for rec, probs in recs.items():
            out.append(f"  record '{rec}'")
            out.extend(f"    {p.field}: {p.message}" for p in probs)
    return "\n".join(out)


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


def suggest(value: str, allowed: set[str]) -> str:
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

    def __getitem__(self, name: str) -> list[dict[str, Any]]:
        return self.collections.get(name, [])

    def ids(self, name: str) -> set[str]:
        found = {r["id"] for r in self[name] if isinstance(r.get("id"), str)}
        if name == "models":
            found |= self.ids("prose_models")
        if name == "datasets":
            found |= self.ids("prose_datasets")
        return found


def _read_yaml(path: Path, shown: str, problems: list[Problem]) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "?"
        problems.append(Problem(shown, where, "(syntax)", f"not valid YAML: {getattr(exc, 'problem', exc)}"))
    except OSError as exc:
        problems.append(Problem(shown, "(file)", "(file)", f"cannot read: {exc.strerror}"))
    return None


def load(
    graph_dir: Path | None = None, vocab: Vocabulary | None = None, shown_as: dict[str, str] | None = None
) -> Records:
    """Read and check every curated file; raise CurationError listing all problems.

    `shown_as` maps a file name (`models.yaml`) to the path that messages name instead of `graph/<name>`.
    """
    graph_dir = graph_dir or paths.GRAPH_DIR
    shown_as = shown_as or {}
    vocab = vocab or Vocabulary.from_ontology()
    problems: list[Problem] = []
    collections: dict[str, list[dict[str, Any]]] = {}
    files: dict[str, str] = {}
    for name, (fname, _rules) in SCHEMAS.items():
        path = graph_dir / fname
        shown = shown_as.get(fname, f"graph/{fname}")
        files[name] = shown
        if not path.exists():
            if name not in OPTIONAL_COLLECTIONS:
                problems.append(Problem(shown, "(file)", "(file)", "file is missing"))
            collections[name] = []
            continue
        data = _read_yaml(path, shown, problems)
        if name in SECTIONS:
            data = _section(data, SECTIONS[name], shown, problems)
        if data is None:
            data = []
        if not isinstance(data, list):
            problems.append(Problem(shown, "(file)", "(top level)", "must be a YAML list of records"))
            data = []
        collections[name] = [r for r in data if isinstance(r, dict)]
        for i, r in enumerate(data, start=1):
            if not isinstance(r, dict):
                problems.append(Problem(shown, f"#{i}", "(record)", "each record must be a mapping of field: value"))
    aliases: dict[str, Any] = {}
    alias_path = graph_dir / ALIASES_FILE
    files["aliases"] = shown_as.get(ALIASES_FILE, f"graph/{ALIASES_FILE}")
    if alias_path.exists():
        aliases = _read_yaml(alias_path, files["aliases"], problems) or {}
    records = Records(collections, aliases, files)
    for name, (_fname, rules) in SCHEMAS.items():
        _check_collection(records, name, rules, vocab, problems)
    _check_aliases(records, problems)
    if problems:
        raise CurationError(problems)
    return records


def _label(rec: dict[str, Any], index: int) -> str:
    rid = rec.get("id")
    return str(rid) if rid not in (None, "") else f"#{index}"


def _check_collection(
    records: Records, name: str, rules: dict[str, Rule], vocab: Vocabulary, problems: list[Problem]
) -> None:
    shown = records.files[name]
    seen_ids: dict[str, int] = {}
    seen_names: dict[str, str] = {}
    seen_links: dict[tuple[Any, ...], str] = {}
    for i, rec in enumerate(records[name], start=1):
        label = _label(rec, i)

        def add(fld: str, msg: str, label: str = label) -> None:
            problems.append(Problem(shown, label, fld, msg))

        for fld in rec:
            if fld not in rules:
                add(fld, f"unknown field.{suggest(fld, set(rules))}")
        for fld, rule in rules.items():
            _check_field(records, rec, fld, rule, vocab, add)
        rid = rec.get("id")
        if name in SECTIONS:
            _check_link(records, rec, add, seen_links)
        elif isinstance(rid, str):
            if not re.fullmatch(r"[a-z0-9][a-z0-9.-]*", rid):
                add("id", f"'{rid}' is not a valid id: use lower-case letters, digits, '-' and '.'")
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
    if name in ("prose_models", "prose_datasets"):
        table = "models" if name == "prose_models" else "datasets"
        table_ids = {r.get("id") for r in records[table]}
        for i, rec in enumerate(records[name], start=1):
            if rec.get("id") in table_ids:
                problems.append(
                    Problem(shown, _label(rec, i), "id", f"'{rec['id']}' already has a table row in graph/{table}.yaml")
                )


def _check_field(records: Records, rec: dict[str, Any], fld: str, rule: Rule, vocab: Vocabulary, add: Any) -> None:
    if fld not in rec or rec[fld] is None or rec[fld] == "" and rule.kind == "str" and rule.required:
        if rule.required:
            add(fld, "missing; this field is required")
        return
    value = rec[fld]
    values = value if rule.many else [value]
    if rule.many:
        if not isinstance(value, list):
            add(fld, f"must be a list, e.g. [{value}]")
            return
        if rule.nonempty and not value:
            add(fld, "must list at least one value")
    for v in values:
        _check_value(records, fld, v, rule, vocab, add)


def _check_value(records: Records, fld: str, v: Any, rule: Rule, vocab: Vocabulary, add: Any) -> None:
    if rule.kind == "str":
        if not isinstance(v, str):
            add(fld, f"must be text, got {v!r}")
            return
        if rule.choices and v not in rule.choices:
            add(fld, f"'{v}' is not allowed.{suggest(v, set(rule.choices))}")
        if rule.words is not None and len(v.split()) > rule.words:
            add(fld, f"has {len(v.split())} words; keep it to at most {rule.words}")
        if rule.vocab:
            _check_vocab(fld, v, rule.vocab, vocab, add)
        if rule.ref:
            allowed = records.ids(rule.ref)
            if v not in allowed:
                where = records.files.get(rule.ref)
                add(fld, f"'{v}' is not a known {rule.ref} id (see {where}).{suggest(v, allowed)}")
    elif rule.kind == "int":
        if isinstance(v, bool) or not isinstance(v, int):
            add(fld, f"must be a whole number, got {v!r}")
        elif (rule.min is not None and v < rule.min) or (rule.max is not None and v > rule.max):
            add(fld, f"{v} is out of range; allowed {rule.min}..{rule.max}")
    elif rule.kind == "curie":
        if not isinstance(v, str) or not _CURIE.fullmatch(v):
            add(
                fld,
                f"{v!r} is not a valid CURIE: write PREFIX:ID as the ontology does, e.g. UBERON:0002048, "
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
            add(fld, f"must be true or false, got {v!r}")
    elif rule.kind == "score":
        rng = parse_score(v)
        if rng is None:
            add(fld, f"'{v}' is not a number; write a whole number {rule.min}-{rule.max} or a range like '5-7'")
        elif rng[0] > rng[1]:
            add(fld, f"range '{v}' runs backwards; write the low end first")
        elif rng[0] < (rule.min or 0) or rng[1] > (rule.max or 10):
            near = min(max(rng[0], rule.min or 0), rule.max or 10) if rng[0] == rng[1] else None
            hint = f" (nearest valid value: {near})" if near is not None else ""
            add(fld, f"{v} is out of range; a domain score is {rule.min}..{rule.max}{hint}")
    elif rule.kind == "dict":
        if not isinstance(v, dict):
            add(fld, "must be a mapping of key: value")
            return
        for k in rule.keys:
            if k not in v or v[k] is None:
                add(f"{fld}.{k}", "missing; keep the cell as printed (an empty cell is '')")
            elif not isinstance(v[k], str):
                add(f"{fld}.{k}", f"must be the printed text as a string, got {v[k]!r}")


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
            problems.append(Problem(shown, "(file)", "(top level)", "must map 'datasets' and 'models' to links"))
        return []
    extra = set(data) - set(SECTIONS.values())
    if extra and section == "datasets":
        problems.append(
            Problem(
                shown,
                "(file)",
                "(top level)",
                f"unknown section(s) {sorted(extra)}; the sections are 'datasets' and 'models'",
            )
        )
    out: list[dict[str, Any]] = []
    table = data.get(section) or {}
    if not isinstance(table, dict):
        problems.append(Problem(shown, section, "(section)", "must map each id to a list of links"))
        return []
    for subject, links in table.items():
        if not isinstance(links, list):
            problems.append(
                Problem(
                    shown,
                    f"{section}: {subject}",
                    "(links)",
                    "must be a list of links {property, term, evidence, source}",
                )
            )
            continue
        for n, link in enumerate(links, start=1):
            rid = f"{section}: {subject} #{n}"
            if not isinstance(link, dict):
                problems.append(
                    Problem(shown, rid, "(record)", "each link must be a mapping {property, term, evidence, source}")
                )
                continue
            out.append({**link, "id": rid, "subject": str(subject)})
    return out


def _check_link(records: Records, rec: dict[str, Any], add: Any, seen: dict[tuple[Any, ...], str]) -> None:
    """Property known, term prefix allowed for it, source a table row of the subject or a section, table evidence
    verbatim in the row's printed cells, no duplicate link."""
    prop, term, source, evidence = rec.get("property"), rec.get("term"), rec.get("source"), rec.get("evidence")
    if prop not in LINK_PROPERTIES:
        add("property", f"unknown property {prop!r}.{suggest(str(prop), set(LINK_PROPERTIES))}")
    elif isinstance(term, str) and _CURIE.fullmatch(term) and term.split(":")[0] not in LINK_PROPERTIES[prop]:
        allowed = ", ".join(f"{p}:..." for p in LINK_PROPERTIES[prop])
        add("term", f"{term} is not a {prop} term: use {allowed}")
    kind = "datasets" if rec["id"].startswith("datasets:") else "models"
    row = next((r for r in records[kind] if r.get("id") == rec.get("subject")), None)
    if isinstance(source, str) and source.startswith("Table"):
        table = 7 if kind == "models" else (row or {}).get("table")
        if row is None or source != f"Table {table}":
            where = f"Table {table}" if row else "none (not a table row)"
            add("source", f"{source!r} is not the table row of {rec.get('subject')} (its table: {where})")
        elif isinstance(evidence, str) and evidence not in "\t".join(map(str, row["printed"].values())):
            add("evidence", f"{evidence!r} is not verbatim in the row's printed cells; quote the printed words")
    elif isinstance(source, str) and not re.fullmatch(r"[A-E1-9](\.[0-9]+)*", source):
        add("source", f"{source!r} is neither 'Table N' nor a section number like '5.6' or 'B.4'")
    key = (rec.get("subject"), prop, term)
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
    if rel not in CLAIM_OBJECTS:
        add("relation", f"unknown relation '{rel}'.{suggest(str(rel), set(CLAIM_RELATIONS))}")
        return
    if not isinstance(obj, str) or not obj:
        add("object", "missing; this field is required")
        return
    where, _prop = CLAIM_OBJECTS[rel]
    kind, name = where.split(":")
    if kind == "vocab":
        _check_vocab("object", obj, name, vocab, add)
    elif obj not in records.ids(name):
        add("object", f"'{obj}' is not a known {name} id.{suggest(obj, records.ids(name))}")


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
                add(f"{where}.{key}", f"must be a whole number >= 0, got {fig[key]!r}")
        if "value" not in fig:
            add(f"{where}.value", "missing; this field is required")
        if fig.get("qualifier") not in SCALE_QUALIFIERS:
            qual = str(fig.get("qualifier"))
            add(f"{where}.qualifier", f"'{qual}' is not allowed.{suggest(qual, set(SCALE_QUALIFIERS))}")
        if (fig.get("qualifier") == "range") != ("max" in fig):
            add(f"{where}.max", "a 'range' figure needs max, and only a range has one")


def _check_aliases(records: Records, problems: list[Problem]) -> None:
    shown = records.files["aliases"]
    if not isinstance(records.aliases, dict):
        problems.append(Problem(shown, "(file)", "(top level)", "must map models/datasets to ids"))
        return
    for kind, table in records.aliases.items():
        if kind not in ("models", "datasets") or not isinstance(table, dict):
            problems.append(Problem(shown, kind, "(section)", "sections are 'models' and 'datasets'"))
            continue
        known = records.ids(kind)
        for rid, entries in table.items():
            if rid not in known:
                problems.append(
                    Problem(shown, str(rid), kind, f"'{rid}' is not a known {kind} id.{suggest(str(rid), known)}")
                )
            for e in entries or []:
                if not isinstance(e, dict) or not isinstance(e.get("label"), str) or not e.get("section"):
                    problems.append(Problem(shown, str(rid), "label", "each alias needs {label: ..., section: ...}"))
