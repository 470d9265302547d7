"""The checks of what records say about two models: lineage runs one way (no model builds on itself, directly or
through others), and a citation caveat is about a citation the survey prints, naming another model."""

from __future__ import annotations

from typing import Any

from .problems import Problem, about_record
from .records import Records, record_label

#: citation caveat rule -> whether its record names the other model whose paper the citation is
NAMES_OTHER_MODEL = {"citation-other-model": True, "citation-review": False, "citation-other-name": False}


def check_relations(records: Records, problems: list[Problem]) -> None:
    _lineage(records, problems)
    _caveats(records, problems)


def _lineage(records: Records, problems: list[Problem]) -> None:
    """No self-loop; no cycle: each record whose relation would close one is named, with the records it closes."""
    edges: dict[str, list[tuple[str, str]]] = {}  # model -> [(model it builds on, record label)]
    for i, rec in enumerate(records["lineage"], start=1):
        label = record_label(rec, i)
        add = about_record(problems, records.files["lineage"], label, rec)
        s, o, rel = rec.get("subject"), rec.get("object"), rec.get("relation")
        if not isinstance(s, str) or not isinstance(o, str):
            continue  # the field rules report them
        if s == o:
            add("object", f"'{s}' cannot be its own {rel} (a model does not build on itself); name the other model")
            continue
        path = path_to(edges, o, s)
        if path is not None:
            steps = " -> ".join([s, o, *(m for m, _r in path)])
            others = ", ".join(f"'{r}'" for _m, r in path)
            add(
                "object",
                f"closes a cycle of lineage, {steps}, with record(s) {others}: a model cannot build on a model that "
                "builds on it; one of these records misreads the survey",
            )
            continue
        edges.setdefault(s, []).append((o, label))


def path_to(edges: dict[str, list[tuple[str, str]]], start: str, goal: str) -> list[tuple[str, str]] | None:
    """The steps (model, record) from `start` along `edges` to `goal`, or None when `goal` cannot be reached."""
    stack: list[tuple[str, list[tuple[str, str]]]] = [(start, [])]
    seen = {start}
    while stack:
        node, path = stack.pop()
        for nxt, label in edges.get(node, []):
            if nxt == goal:
                return [*path, (nxt, label)]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, (nxt, label)]))
    return None


def _caveats(records: Records, problems: list[Problem]) -> None:
    """A caveat's other model is named exactly when its rule needs one, and is another model; the citation it is
    about is printed (Table 7's citation of the model, or a prose claim's)."""
    shown = records.files["citation_caveats"]
    records.current = shown
    checkable = all(records.refs_checkable(c) for c in ("models", "claims", "publications"))
    for i, rec in enumerate(records["citation_caveats"], start=1):
        add = about_record(problems, shown, record_label(rec, i), rec)
        model, other, rule, pub = rec.get("model"), rec.get("other_model"), rec.get("rule"), rec.get("publication")
        needs = NAMES_OTHER_MODEL.get(rule) if isinstance(rule, str) else None
        if needs and other is None:
            add("other_model", f"missing; a {rule} caveat names the model whose paper the citation is")
        elif needs is False and other is not None:
            why = "an overview" if rule == "citation-review" else "the paper of a model the survey does not list"
            add("other_model", f"a {rule} caveat names no other model (the citation is {why}); remove it")
        elif isinstance(other, str) and other == model:
            add("other_model", f"'{other}' is the caveat's own model; name the other model whose paper it cites")
        if not (checkable and isinstance(model, str) and isinstance(pub, str)):
            continue
        if model in records.ids("models") and pub in records.ids("publications") and not _printed(records, model, pub):
            row = records.row_of("models", model)
            now = ""
            if row is not None:
                now = f" (its Table 7 row {row.get('row')} cites '{row.get('citation')}', {records.files['models']})"
            add(
                "publication",
                f"neither Table 7 nor a prose claim cites '{pub}' for '{model}'{now}; a caveat is about a printed "
                "citation: fix `model` or `publication`, or remove the record",
            )


def _printed(records: Records, model: str, pub: str) -> bool:
    """Whether the survey cites `pub` for `model`: in its Table 7 row or in a prose claim. A citation of the model
    that names no known publication counts as printed: its own record says what is wrong with it, not this one."""
    row: dict[str, Any] | None = records.row_of("models", model)
    cited = [row.get("citation")] if row is not None else []
    cited += [
        c.get("object") for c in records["claims"] if (c.get("relation"), c.get("subject")) == ("citation", model)
    ]
    known = records.ids("publications")
    return pub in cited or any(c not in known for c in cited)
