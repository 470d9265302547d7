"""The checks across files: aliases name known records, a group claim's claims agree with it, dataset
statements name terms of their relation's vocabulary."""

from __future__ import annotations

from typing import Any

from .fields import check_field, check_locator, check_vocab
from .problems import Problem, about_record, suggest
from .records import Records, line_of, record_label
from .safeyaml import clip
from .schema import ALIAS_KINDS, ALIAS_RULES, CLAIM_RELATIONS, DATASET_STATEMENT_OBJECTS
from .vocabulary import Vocabulary


def check_aliases(records: Records, problems: list[Problem]) -> None:
    shown = records.files["aliases"]
    records.current = shown
    data = records.aliases

    def add(record: str, fld: str, msg: str, line: int | None) -> None:
        problems.append(Problem(shown, record, fld, msg, line=line))

    if not isinstance(data, dict):
        add("(file)", "(top level)", "must map models/datasets to ids", line_of(data))
        return
    needed = [k for k, r in ALIAS_RULES.items() if r.required]
    found: list[tuple[str, str]] = []  # (field, message) from the field rules of one alias
    shape = "{" + ", ".join(f"{k}: ..." for k in needed) + "}"
    fields = ", ".join(needed) + "".join(f" and (optionally) {k}" for k, r in ALIAS_RULES.items() if not r.required)
    for kind, table in data.items():
        if kind not in ALIAS_KINDS or not isinstance(table, dict):
            add(clip(kind, 40), "(section)", "sections are 'models' and 'datasets'", line_of(data, str(kind)))
            continue
        checkable = records.refs_checkable(kind)
        known = records.ids(kind)
        for rid, entries in table.items():
            label = clip(rid, 40).strip("'")
            line = line_of(table, str(rid))
            if checkable and rid not in known:
                add(label, kind, f"{clip(rid)} is not a known {kind} id.{suggest(rid, known)}", line)
            if entries is not None and not isinstance(entries, list):
                add(label, "label", f"must be a list of {shape}", line)
                continue
            for j, e in enumerate(entries or [], start=1):
                eline = line_of(entries, f"[{j}]")
                if not isinstance(e, dict) or not isinstance(e.get("label"), str) or not all(e.get(k) for k in needed):
                    add(label, "label", f"each alias needs {shape}", eline)
                    continue
                if not e["label"].strip():
                    add(label, "label", "holds only spaces; write the label", eline)
                sec = e["section"]
                if not isinstance(sec, str):
                    add(label, "section", f"must be text, got {clip(sec)}", eline)
                else:
                    check_locator(
                        records, "section", sec, "section-or-table", lambda f, m, lb=label, ln=eline: add(lb, f, m, ln)
                    )
                for k in e:
                    if k not in ALIAS_RULES:
                        add(label, str(k), f"unknown key; an alias has {fields}", eline)
                found.clear()
                for k, rule in ALIAS_RULES.items():
                    if k not in ("label", "section"):  # checked above, with the alias's own messages
                        check_field(records, e, k, rule, Vocabulary(), lambda f, m: found.append((f, m)))
                for fld, msg in found:
                    add(label, fld, msg, eline)


def check_group_claims(records: Records, problems: list[Problem]) -> None:
    """A group claim's claims share its section and relation, name two or more models, and no claim is in two."""
    shown = records.files["group_claims"]
    if not records.usable("claims"):
        return  # claims.yaml did not load: its own errors come first (the ref rule notes the skipped check)
    claims = {c["id"]: c for c in records["claims"] if isinstance(c.get("id"), str)}
    owner: dict[str, str] = {}
    for i, grp in enumerate(records["group_claims"], start=1):
        label = record_label(grp, i)
        add = about_record(problems, shown, label, grp)
        members: set[str] = set()
        cids = grp.get("claims")
        cids = cids if isinstance(cids, list) else []
        for cid in cids:
            c = claims.get(cid) if isinstance(cid, str) else None
            if c is None:
                continue  # reported by the field rule (ref="claims")
            if isinstance(c.get("subject"), str):
                members.add(c["subject"])
            for fld in ("section", "relation"):
                mine, theirs = grp.get(fld), c.get(fld)
                if _valid(records, fld, mine) and _valid(records, fld, theirs) and mine != theirs:
                    add("claims", f"claim '{cid}' has {fld} '{theirs}', this group {fld} '{mine}'; they must agree")
            if cid in owner:
                add("claims", f"claim '{cid}' is already in group '{owner[cid]}'")
            owner.setdefault(cid, label)
        if cids and all(isinstance(c, str) and c in claims for c in cids) and len(members) < 2:
            add("claims", "a group claim names two or more models; list their claims")


def _valid(records: Records, fld: str, value: Any) -> bool:
    """Whether a group's or a claim's section or relation is one its field rule accepts (else that rule says so)."""
    if not isinstance(value, str):
        return False
    if fld == "section":
        return records.survey is not None and records.survey.is_section(value)
    return value in CLAIM_RELATIONS


def check_dataset_statements(records: Records, vocab: Vocabulary, problems: list[Problem]) -> None:
    """Each object of an Appendix B dataset statement is a term of its relation's vocabulary (task or modality)."""
    shown = records.files["dataset_statements"]
    for i, st in enumerate(records["dataset_statements"], start=1):
        rel = st.get("relation")
        if not isinstance(rel, str) or rel not in DATASET_STATEMENT_OBJECTS:
            continue  # reported by the field rule
        add = about_record(problems, shown, record_label(st, i), st)
        objs = st.get("objects")
        for obj in objs if isinstance(objs, list) else []:
            if isinstance(obj, str):
                check_vocab("objects", obj, DATASET_STATEMENT_OBJECTS[rel], vocab, add)


def check_link_groups(records: Records, problems: list[Problem]) -> None:
    """An ontology link marked `group` quotes that group claim's sentence: same section, the link's model among the
    group's members, the evidence within the group's quote (emphasis markers aside)."""
    if not (records.usable("group_claims") and records.usable("claims")):
        return  # their own errors come first
    shown = records.files["model_links"]
    claims = {c.get("id"): c for c in records["claims"]}
    groups = {g.get("id"): g for g in records["group_claims"]}
    for i, link in enumerate(records["model_links"], start=1):
        group = link.get("group")
        grp = groups.get(group) if isinstance(group, str) else None
        if grp is None:
            continue  # no group, or one the field rule (ref="group_claims") reports
        label = record_label(link, i)

        def add(msg: str, label: str = label, link: dict[str, Any] = link) -> None:
            problems.append(Problem(shown, label, "group", msg, line=line_of(link, "group")))

        members = sorted({str(claims[c].get("subject")) for c in grp.get("claims") or [] if c in claims})
        if str(link.get("source")) != str(grp.get("section")):
            add(f"group '{grp['id']}' is in §{grp.get('section')}, the link's source is {clip(link.get('source'))}")
        if link.get("subject") not in members:
            add(f"{clip(link.get('subject'))} is not a member of group '{grp['id']}' ({', '.join(members)})")
        evidence, quote = link.get("evidence"), grp.get("quote")
        if isinstance(evidence, str) and isinstance(quote, str) and _bare(evidence) not in _bare(quote):
            add(f"the evidence is not in the sentence of group '{grp['id']}': {clip(quote)}")


def _bare(text: str) -> str:
    """Text without markdown emphasis markers, for comparing a quote with another."""
    return text.replace("*", "").replace("__", "")
