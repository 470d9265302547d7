"""The checks of records from other publications (graph/external_*.yaml, graph/catalogue_models.yaml) beyond their
field rules: the datasets, models and terms they name exist, lineage runs one way, claims name allowed objects,
dates are as printed, a mapped family names the category it is mapped from. A curator's record may share its id with
a catalogue record (graph/catalogue_models.yaml): that declares them one model, with facts from each source."""

from __future__ import annotations

import re
from typing import Any

from .fields import check_vocab
from .problems import Problem, about_record, suggest
from .records import Records, record_label
from .relations import path_to
from .safeyaml import clip
from .schema import (
    CLAIM_OBJECTS,
    CLAIM_RELATIONS,
    DATASET_RELATIONS,
    EXTERNAL_KINDS,
    LINEAGE_RELATIONS,
    LINK_PROPERTIES,
    PARTIAL_DATE,
)
from .vocabulary import Vocabulary

#: an external record's ontology field -> the ontology link property whose prefixes its terms may use
TERM_FIELDS = {"species": "species", "tissues": "tissue"}


def external_ids(records: Records, kind: str) -> set[str]:
    """Every id of `kind` (model, dataset) a record may name: the survey's and those of other publications."""
    ids = set(records.ids(f"{kind}s"))
    for coll, k in EXTERNAL_KINDS.items():
        if k == kind:
            ids |= {r["id"] for r in records[coll] if isinstance(r.get("id"), str)}
    return ids


def check_external(records: Records, vocab: Vocabulary, problems: list[Problem]) -> None:
    """Each external record's references, terms, date, claims and lineage."""
    if not all(records.usable(c) for c in ("models", "datasets", "lineage")):
        return  # their own errors come first
    models, datasets = external_ids(records, "model"), external_ids(records, "dataset")
    edges: dict[str, list[tuple[str, str]]] = {}
    for rec in records["lineage"]:
        if isinstance(rec.get("subject"), str) and isinstance(rec.get("object"), str):
            edges.setdefault(rec["subject"], []).append((rec["object"], f"{records.files['lineage']} {rec['id']}"))
    for coll, kind in EXTERNAL_KINDS.items():
        shown = records.files[coll]
        for i, rec in enumerate(records[coll], start=1):
            label = record_label(rec, i)
            add = about_record(problems, shown, label, rec)
            _date(rec, add)
            _terms(rec, add)
            if kind != "model":
                continue
            if rec.get("mapped_families") and not rec.get("category"):
                add("mapped_families", "a family is mapped from a catalogue `category`: set the category as printed")
            _datasets(rec, datasets, add)
            _claims(rec, vocab, datasets, add)
            _lineage(rec, label, shown, models, edges, add)


def _items(rec: dict[str, Any], fld: str) -> list[tuple[int, dict[str, Any]]]:
    value = rec.get(fld)
    return [(j, x) for j, x in enumerate(value, start=1) if isinstance(x, dict)] if isinstance(value, list) else []


def _date(rec: dict[str, Any], add: Any) -> None:
    changed, added = (
        rec.get("changed"),
        (rec.get("source") or {}).get("date") if isinstance(rec.get("source"), dict) else None,
    )
    if (
        changed is not None
        and added is not None
        and str(changed) < str(added)
        and re.fullmatch(PARTIAL_DATE, str(changed))
    ):
        add("changed", f"{changed} is before the day the record was added ({added}, `source.date`)")
    date = rec.get("date")
    if date == "":
        return  # left empty: not given
    if isinstance(date, str) and not re.fullmatch(PARTIAL_DATE, date):
        add("date", f"{clip(date)} is not a date as a source prints it: write YYYY, YYYY-MM or YYYY-MM-DD (quoted)")
    elif date is not None and not isinstance(date, str):
        add("date", f"must be text in quotes ('2025-06' or '2025-06-11'), got {clip(date)}")


def _terms(rec: dict[str, Any], add: Any) -> None:
    for fld, prop in TERM_FIELDS.items():
        values = rec.get(fld)
        for j, term in enumerate(values if isinstance(values, list) else [], start=1):
            if isinstance(term, str) and ":" in term and term.split(":")[0] not in LINK_PROPERTIES[prop]:
                allowed = ", ".join(f"{p}:..." for p in LINK_PROPERTIES[prop])
                add(f"{fld}[{j}]", f"{term} is not a {prop} term: use {allowed}")


def _datasets(rec: dict[str, Any], known: set[str], add: Any) -> None:
    for j, x in _items(rec, "datasets"):
        did, rel = x.get("id"), x.get("relation")
        if isinstance(did, str) and did not in known:
            add(
                f"datasets[{j}].id",
                f"{clip(did)} is not a known dataset id (graph/datasets.yaml, prose_datasets.yaml or "
                f"external_datasets.yaml): add the dataset first (`llm4cell-kg new dataset ID`).{suggest(did, known)}",
            )
        if isinstance(rel, str) and rel not in DATASET_RELATIONS:
            add(f"datasets[{j}].relation", f"{clip(rel)} is not allowed.{suggest(rel, set(DATASET_RELATIONS))}")


def _claims(rec: dict[str, Any], vocab: Vocabulary, datasets: set[str], add: Any) -> None:
    for j, x in _items(rec, "claims"):
        rel, obj, quote = x.get("relation"), x.get("object"), x.get("quote")
        where = f"claims[{j}]"
        if isinstance(quote, str) and len(quote.split()) > 25:
            add(f"{where}.quote", f"has {len(quote.split())} words; keep it to at most 25")
        if not isinstance(rel, str) or not isinstance(obj, str):
            continue  # the field rule says what is missing
        if rel not in CLAIM_OBJECTS or rel == "citation":
            allowed = set(CLAIM_RELATIONS) - {"citation"}
            add(f"{where}.relation", f"{clip(rel)} is not allowed.{suggest(rel, allowed)}")
            continue
        kind, name = CLAIM_OBJECTS[rel][0].split(":")
        if kind == "vocab":
            check_vocab(f"{where}.object", obj, name, vocab, add)
        elif name == "datasets" and obj not in datasets:
            add(f"{where}.object", f"{clip(obj)} is not a known dataset id.{suggest(obj, datasets)}")
        elif name == "grounding_sources":
            add(f"{where}.relation", "a grounding source is a record of the survey; use `grounding` instead")


def _lineage(
    rec: dict[str, Any],
    label: str,
    shown: str,
    known: set[str],
    edges: dict[str, list[tuple[str, str]]],
    add: Any,
) -> None:
    """Relations of graph/lineage.yaml to known models; none to itself, none closing a cycle."""
    rid = rec.get("id")
    for j, x in _items(rec, "lineage"):
        rel, other = x.get("relation"), x.get("model")
        where = f"lineage[{j}]"
        if isinstance(rel, str) and rel not in LINEAGE_RELATIONS:
            add(f"{where}.relation", f"{clip(rel)} is not allowed.{suggest(rel, set(LINEAGE_RELATIONS))}")
        if not isinstance(other, str) or not isinstance(rid, str):
            continue
        if other not in known:
            add(f"{where}.model", f"{clip(other)} is not a known model id.{suggest(other, known)}")
        elif other == rid:
            add(f"{where}.model", f"'{rid}' cannot build on itself; name the other model")
        elif (path := path_to(edges, other, rid)) is not None:
            steps = " -> ".join([rid, other, *(m for m, _r in path)])
            add(f"{where}.model", f"closes a cycle of lineage, {steps}: a model cannot build on a model built on it")
        else:
            edges.setdefault(rid, []).append((other, f"{shown} {label}"))
