"""JSON Schemas of the curated files, generated from the rules the validator uses (schema.SCHEMAS, the ontology's
vocabulary, the ids of the records), for editors: `# yaml-language-server: $schema=../schemas/<file>.schema.json`.

What a JSON Schema cannot say (unique ids, a link's evidence verbatim in its row, a score range that runs backwards,
a range's max below its value, references across files other than by the ids listed here) stays with
`llm4cell-kg build` / `validate`; everything a schema rejects, the validator rejects too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..common.options import out_option
from . import identifiers
from .normalise import READS
from .records import MAX_ID_CHARS, Records
from .relations import NAMES_OTHER_MODEL
from .safeyaml import MAX_SCALAR_CHARS
from .schema import (
    ALIAS_KINDS,
    ALIAS_RULES,
    CLAIM_OBJECTS,
    CLAIM_RELATIONS,
    DATASET_STATEMENT_OBJECTS,
    ENTRY_KEYS,
    LINK_PROPERTIES,
    LINK_SOURCE_KEYS,
    MAPPING_JUSTIFICATIONS,
    MAPPING_PREDICATES,
    NORMALISATION_FILE,
    NORMALISED_FIELDS,
    SCALE_QUALIFIERS,
    SCHEMAS,
    SECTIONS,
    SOURCE_IDS,
    SURVEY_FILE,
    TABLE_COLLECTIONS,
    Rule,
)
from .vocabulary import Vocabulary

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_BASE = "https://w3id.org/llm4cell/schemas/"
#: the line that points an editor (yaml-language-server) at a file's schema, relative to graph/
MODELINE = "# yaml-language-server: $schema=../schemas/{name}.schema.json"
NONBLANK = r"\S"
ID_PATTERN = r"^[a-z0-9][a-z0-9.-]*$"
SCORE_PATTERN = r"^\s*0*(10|[0-9])\s*(?:[-–]\s*0*(10|[0-9]))?\s*$"
CURIE_PATTERN = r"^(?:[A-Za-z][A-Za-z0-9]*:[0-9]+|obo:[a-z]+\.owl)$"
SOURCE_PATTERNS = {
    "doi": r"^10\.[0-9]{4,9}/\S+$",
    "arxiv": r"^(?:[0-9]{4}\.[0-9]{4,5}(v[0-9]+)?|[a-z-]+(\.[A-Z]{2})?/[0-9]{7}(v[0-9]+)?)$",
    "url": r"^https?://[^\s/$.?#][^\s]*$",
}
DATE_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
SPDX_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9.+-]*[A-Za-z0-9+]$"
COMMIT_PATTERN = r"^[0-9a-f]{40}$"


def _date() -> dict[str, Any]:
    return {"type": "string", "pattern": DATE_PATTERN, "description": "YYYY-MM-DD"}


def _link_source() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "The public file a link record reads: source name, repository, file, commit and its date.",
        "properties": {
            "name": _text(),
            "repository": {"type": "string", "pattern": SOURCE_PATTERNS["url"]},
            "path": _text(),
            "commit": {"type": "string", "pattern": COMMIT_PATTERN},
            "date": _date(),
        },
        "required": list(LINK_SOURCE_KEYS),
        "additionalProperties": False,
    }


def _entry() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "The catalogue entry matched, and how (an SSSOM mapping).",
        "properties": {
            "id": _text(),
            "label": _text(),
            "url": {"type": "string", "pattern": SOURCE_PATTERNS["url"]},
            "predicate": {"enum": list(MAPPING_PREDICATES)},
            "justification": {"enum": list(MAPPING_JUSTIFICATIONS)},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        },
        "required": list(ENTRY_KEYS),
        "additionalProperties": False,
    }


def _text(max_words: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "string", "maxLength": MAX_SCALAR_CHARS, "pattern": NONBLANK}
    if max_words is not None:
        out["pattern"] = rf"^\s*\S+(\s+\S+){{0,{max_words - 1}}}\s*$"
    return out


def _scale_figure(vocab: Vocabulary) -> dict[str, Any]:
    count = {"type": "integer", "minimum": 0}
    return {
        "type": "object",
        "properties": {
            "quantity": {"enum": sorted(vocab.ids.get("quantity", set()))},
            "value": count,
            "qualifier": {"enum": list(SCALE_QUALIFIERS)},
            "max": count,
        },
        "required": ["quantity", "value", "qualifier"],
        "additionalProperties": False,
        "if": {"properties": {"qualifier": {"const": "range"}}},
        "then": {"required": ["max"]},
        "else": {"not": {"required": ["max"]}},
    }


def _source() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "The publication this record comes from (one of doi, arxiv, url), who curated it, and when.",
        "properties": {
            # an identifier left empty ("" or null) counts as absent, as the validator has it
            **{
                k: {"anyOf": [{"type": "string", "pattern": SOURCE_PATTERNS[k]}, {"enum": ["", None]}]}
                for k in SOURCE_IDS
            },
            "curator": {**_text(), "description": "a name or an ORCID URL"},
            "date": {"type": "string", "pattern": DATE_PATTERN, "description": "YYYY-MM-DD"},
        },
        "required": ["curator", "date"],
        "oneOf": [{"required": [k], "properties": {k: {"type": "string", "minLength": 1}}} for k in SOURCE_IDS],
        "additionalProperties": False,
    }


def _places(rule: Rule, records: Records | None) -> tuple[str, ...]:
    """The places of the survey a locator rule allows (graph/survey.yaml), or () when they are not known."""
    survey = records.survey if records is not None else None
    if not rule.locator or survey is None:
        return ()
    return tuple(survey.sections) if rule.locator == "section" else survey.locations


def _override(records: Records | None) -> dict[str, Any]:
    fields = sorted({f for rules in (records.rules if records else {}).values() for f in rules})
    reason = {
        "type": "object",
        "properties": {"reason": _text()},
        "required": ["reason"],
        "additionalProperties": False,
    }
    out: dict[str, Any] = {
        "type": "object",
        "description": "The normalised fields kept unlike what their printed cell gives, each with its reason.",
        "minProperties": 1,
        "additionalProperties": reason,
    }
    if fields:
        out["propertyNames"] = {"enum": fields}
    return out


def _value(name: str, fld: str, rule: Rule, vocab: Vocabulary, records: Records | None) -> dict[str, Any]:
    """The schema of one value of field `fld` (an item when the rule is `many`)."""
    if rule.kind == "str":
        out = _text(rule.words)
        if fld == "id":
            out = {"type": "string", "pattern": ID_PATTERN, "maxLength": MAX_ID_CHARS}
        choices = rule.choices or _places(rule, records)
        if name == "lineage" and fld == "column" and records is not None and records.survey is not None:
            choices = tuple(records.survey.tables_of("models")[0].columns.values())
        if name == "claims" and fld == "relation":
            choices = CLAIM_RELATIONS
        if rule.vocab:
            choices = tuple(sorted(vocab.ids.get(rule.vocab, set())))
        if rule.ref and records is not None:
            choices = tuple(sorted(records.ids(rule.ref)))
        if choices:
            return {"type": "string", "enum": list(choices)}
        return out
    if rule.kind == "int":
        out = {"type": "integer"}
        if rule.min is not None:
            out["minimum"] = rule.min
        if rule.max is not None:
            out["maximum"] = rule.max
        return out
    if rule.kind == "bool":
        return {"type": "boolean"}
    if rule.kind == "score":
        return {
            "anyOf": [
                {"type": "integer", "minimum": rule.min or 0, "maximum": rule.max or 10},
                {"type": "string", "pattern": SCORE_PATTERN},
            ]
        }
    if rule.kind == "curie":
        return {"type": "string", "pattern": CURIE_PATTERN}
    if rule.kind == "source":
        return _source()
    if rule.kind == "date":
        return _date()
    if rule.kind == "url":
        return {"type": "string", "pattern": SOURCE_PATTERNS["url"]}
    if rule.kind == "licence":
        return {"type": "string", "pattern": SPDX_PATTERN}
    if rule.kind == "accession":
        either = "|".join(pattern.pattern for pattern, _, _ in identifiers.ACCESSIONS.values())
        return {"type": "string", "pattern": f"^({either})$"}
    if rule.kind == "link_source":
        return _link_source()
    if rule.kind == "entry":
        return _entry()
    if rule.kind == "override":
        return _override(records)
    if rule.kind == "dict":
        if fld == "scale":
            return _scale_figure(vocab)
        return {
            "type": "object",
            "properties": {k: {"type": "string"} for k in rule.keys},
            "required": list(rule.keys),
            "additionalProperties": False,
        }
    raise ValueError(f"no JSON Schema for rule kind {rule.kind!r}")  # pragma: no cover


def _object(name: str, rules: dict[str, Rule], vocab: Vocabulary, records: Records | None) -> dict[str, Any]:
    """The schema of a mapping whose fields follow `rules` (a record of collection `name`, or an alias)."""
    props: dict[str, Any] = {}
    required: list[str] = []
    for fld, rule in rules.items():
        if name in SECTIONS and fld in ("id", "subject"):
            continue  # a link's id and subject come from where it sits in the file
        item = _value(name, fld, rule, vocab, records)
        if rule.many:
            item = {"type": "array", "items": item}
            if rule.nonempty:
                item["minItems"] = 1
        elif not rule.required:
            item = {"anyOf": [item, {"type": "null"}]}
        props[fld] = item
        if rule.required:
            required.append(fld)
    return {"type": "object", "properties": props, "required": required, "additionalProperties": False}


def record_schema(name: str, vocab: Vocabulary, records: Records | None = None) -> dict[str, Any]:
    """The schema of one record of collection `name`."""
    _fname, rules = SCHEMAS[name]
    out = _object(name, rules, vocab, records)
    props = out["properties"]
    if name in SECTIONS:
        props["property"] = {"enum": list(LINK_PROPERTIES)}
        out["allOf"] = [
            {
                "if": {"properties": {"property": {"const": prop}}, "required": ["property"]},
                "then": {"properties": {"term": {"pattern": "^(?:" + "|".join(f"{p}:" for p in prefixes) + ")"}}},
            }
            for prop, prefixes in LINK_PROPERTIES.items()
        ]
    if name == "claims":
        out["allOf"] = [
            {
                "if": {"properties": {"relation": {"const": rel}}, "required": ["relation"]},
                "then": {"properties": {"object": {"enum": _claim_objects(where, vocab, records)}}},
            }
            for rel, (where, _prop) in CLAIM_OBJECTS.items()
            if records is not None or where.startswith("vocab:")
        ]
    if name == "citation_caveats":
        out["allOf"] = [
            {
                "if": {"properties": {"rule": {"const": rule}}, "required": ["rule"]},
                "then": {"required": ["other_model"], "properties": {"other_model": {"type": "string"}}}
                if needs
                else {"properties": {"other_model": {"type": "null"}}},
            }
            for rule, needs in NAMES_OTHER_MODEL.items()
        ]
    if name == "dataset_statements":
        out["allOf"] = [
            {
                "if": {"properties": {"relation": {"const": rel}}, "required": ["relation"]},
                "then": {"properties": {"objects": {"items": {"enum": sorted(vocab.ids.get(scheme, set()))}}}},
            }
            for rel, scheme in DATASET_STATEMENT_OBJECTS.items()
        ]
    return out


def _claim_objects(where: str, vocab: Vocabulary, records: Records | None) -> list[str]:
    kind, name = where.split(":")
    if kind == "vocab":
        return sorted(vocab.ids.get(name, set()))
    return sorted(records.ids(name)) if records is not None else []


def file_schemas(vocab: Vocabulary | None = None, records: Records | None = None) -> dict[str, dict[str, Any]]:
    """File name (models.yaml, ...) -> its JSON Schema."""
    vocab = vocab or Vocabulary.from_ontology()
    out: dict[str, dict[str, Any]] = {}
    for name, (fname, _rules) in SCHEMAS.items():
        if name in SECTIONS:
            continue
        out[fname] = {
            "type": ["array", "null"],
            "items": record_schema(name, vocab, records),
        }
    links: dict[str, Any] = {"type": ["object", "null"], "properties": {}, "additionalProperties": False}
    for name, section in SECTIONS.items():
        ids = sorted(records.ids(section)) if records is not None else None
        table: dict[str, Any] = {
            "type": ["object", "null"],
            "additionalProperties": {"type": "array", "items": record_schema(name, vocab, records)},
        }
        if ids is not None:
            table["propertyNames"] = {"enum": ids}
        links["properties"][section] = table
    out[SCHEMAS["dataset_links"][0]] = links
    alias = _object("aliases", ALIAS_RULES, vocab, records)
    aliases: dict[str, Any] = {"type": ["object", "null"], "properties": {}, "additionalProperties": False}
    for kind in ALIAS_KINDS:
        table = {"type": ["object", "null"], "additionalProperties": {"type": ["array", "null"], "items": alias}}
        if records is not None:
            table["propertyNames"] = {"enum": sorted(records.ids(kind))}
        aliases["properties"][kind] = table
    out["aliases.yaml"] = aliases
    out[SURVEY_FILE] = _survey_schema()
    out[NORMALISATION_FILE] = _normalisation_schema(records)
    for fname, schema in out.items():
        stem = fname.removesuffix(".yaml")
        schema.update(
            {
                "$schema": DRAFT,
                "$id": f"{SCHEMA_BASE}{stem}.schema.json",
                "title": f"graph/{fname} of llm4cell-kg",
                "description": "Generated by `llm4cell-kg schemas` from the validator's rules; "
                "`llm4cell-kg build` checks what a schema cannot (unique ids, verbatim evidence, ranges).",
            }
        )
        out[fname] = {k: schema[k] for k in ("$schema", "$id", "title", "description")} | {
            k: v for k, v in schema.items() if k not in ("$schema", "$id", "title", "description")
        }
    return dict(sorted(out.items()))


def _survey_schema() -> dict[str, Any]:
    """graph/survey.yaml: sections (number -> heading) and tables ('Table N' -> rows, columns, page parts)."""
    table = {
        "type": "object",
        "properties": {
            "holds": {"enum": list(TABLE_COLLECTIONS)},
            "section": _text(),
            "title": _text(),
            "rows": {"type": "integer", "minimum": 1},
            "columns": {"type": "object", "additionalProperties": _text(), "minProperties": 1},
            "chunks": {"type": "array", "items": {"type": "integer", "minimum": 1}},
        },
        "required": ["holds", "section", "title", "rows", "columns"],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "properties": {
            "sections": {"type": "object", "additionalProperties": _text(), "minProperties": 1},
            "tables": {
                "type": "object",
                "propertyNames": {"pattern": r"^Table [0-9]+$"},
                "additionalProperties": table,
                "minProperties": 1,
            },
        },
        "required": ["sections", "tables"],
        "additionalProperties": False,
    }


def _normalisation_schema(records: Records | None) -> dict[str, Any]:
    """graph/normalisation.yaml: collection -> field -> {cell, read, and what that way of reading takes}."""
    entry = {
        "type": "object",
        "properties": {
            "words": {"type": "array", "items": _text(), "minItems": 1},
            "values": {"type": "array", "items": {"type": "string"}},
            "when": {"type": "object", "additionalProperties": {"type": "string"}},
            "correction": _text(),
        },
        "required": ["words", "values"],
        "additionalProperties": False,
    }
    takes = {
        "choices": {"type": "object", "minProperties": 1},
        "pattern": {"type": "string", "minLength": 1},
        "spellings": {"type": "array", "items": entry},
        "phrases": {"type": "array", "items": entry, "minItems": 1},
    }
    rule = {
        "type": "object",
        "properties": {"cell": _text(), "read": {"enum": list(READS)}},
        "required": ["cell", "read"],
        "allOf": [
            {
                "if": {"properties": {"read": {"const": read}}, "required": ["read"]},
                "then": {
                    "properties": {k: takes[k] for k in keys},
                    "required": [k for k in keys if k != "spellings"],
                    "propertyNames": {"enum": ["cell", "read", *keys]},
                },
            }
            for read, keys in READS.items()
        ],
    }
    collections: dict[str, Any] = {
        coll: {
            "type": "object",
            "propertyNames": {"enum": sorted(SCHEMAS[coll][1])},
            "additionalProperties": rule,
        }
        for coll in NORMALISED_FIELDS
    }
    return {"type": "object", "properties": collections, "additionalProperties": False}


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_all(out_dir: Path, vocab: Vocabulary | None = None, records: Records | None = None) -> list[Path]:
    """Write every file's schema as OUT_DIR/<stem>.schema.json, atomically (renamed in once all are written)."""
    from ..common.atomic import atomic_files

    schemas = file_schemas(vocab, records)
    written = [out_dir / f"{fname.removesuffix('.yaml')}.schema.json" for fname in schemas]
    with atomic_files(written) as temps:
        for schema, tmp in zip(schemas.values(), temps, strict=True):
            tmp.write_text(render(schema), encoding="utf-8")
    return written


@click.command("schemas")
@out_option("Where to write them (default: schemas/ beside graph/).", directory=True)
def command(out: Path | None) -> None:
    """Generate the JSON Schema of every curated file (for editors) from the validator's rules and the records' ids."""
    from .. import paths
    from .load import load

    vocab = Vocabulary.from_ontology()
    target = out or paths.GRAPH_DIR.parent / "schemas"
    for p in write_all(target, vocab, load(vocab=vocab)):
        click.echo(str(p))
