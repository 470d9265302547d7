"""Compare two versions of the graph entity by entity: added, removed and changed models, datasets and claims.

A model or dataset is every statement whose subject it is; a claim is a prose-claim named graph: its description
(quote, section) and the statements it holds. A change is one property of one entity whose values differ, with the
old values, the new values and the source graphs of the values that changed.
"""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import click
import pyoxigraph as ox

from ..common.namespaces import L4C, RDF
from ..common.options import format_option
from ..common.prefixes import compress
from ..errors import UserError
from .void import NOT_IN_SURVEY, SURVEY, count_by_source, in_words, stated_by

KINDS = {"model": L4C + "Model", "dataset": L4C + "Dataset", "claim": L4C + "ProseClaim"}
PLURAL = {"model": "models", "dataset": "datasets", "claim": "claims"}
#: the kinds whose added entities are counted by source (a claim is the survey's prose)
BY_SOURCE = ("model", "dataset")
STATEMENT = "statement"  # the pseudo-property of a claim's contents
DEFAULT_SOURCE = "(default graph)"

#: entity -> property -> value -> source graphs
Entity = dict[str, dict[str, set[str]]]


@dataclass(frozen=True)
class Change:
    kind: str
    entity: str
    property: str
    old: list[str]
    new: list[str]
    source: list[str]


@dataclass
class Diff:
    old: str
    new: str
    added: dict[str, list[str]] = field(default_factory=dict)
    removed: dict[str, list[str]] = field(default_factory=dict)
    changed: list[Change] = field(default_factory=list)
    #: plural kind -> the added ones counted by source (`void.count_by_source`), for models and datasets
    added_by_source: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: added entity -> the other sources stating it, for each one the survey does not state
    not_in_survey: dict[str, list[str]] = field(default_factory=dict)

    def empty(self) -> bool:
        return not self.changed and not any(self.added.values()) and not any(self.removed.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "added": self.added,
            "removed": self.removed,
            "changed": [asdict(c) for c in self.changed],
            "added_by_source": self.added_by_source,
        }


def _term(t: Any) -> str:
    if isinstance(t, ox.NamedNode):
        return compress(t.value)
    if isinstance(t, ox.BlankNode):
        return f"_:{t.value}"
    if isinstance(t, ox.Triple):
        return f"{_term(t.subject)} {_term(t.predicate)} {_term(t.object)}"
    return str(t.value)


def entities(quads: list[ox.Quad]) -> dict[str, dict[str, Entity]]:
    """kind -> entity CURIE -> its properties, values and sources."""
    typed: dict[str, str] = {}
    for q in quads:
        if q.predicate.value == RDF + "type" and isinstance(q.subject, ox.NamedNode):
            for kind, cls in KINDS.items():
                if isinstance(q.object, ox.NamedNode) and q.object.value == cls:
                    typed[q.subject.value] = kind
    out: dict[str, dict[str, Entity]] = {kind: {} for kind in KINDS}

    def add(iri: str, prop: str, value: str, source: str) -> None:
        entity = out[typed[iri]].setdefault(compress(iri), {})
        entity.setdefault(prop, {}).setdefault(value, set()).add(source)

    for q in quads:
        graph = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None
        source = compress(graph) if graph else DEFAULT_SOURCE
        if isinstance(q.subject, ox.NamedNode) and q.subject.value in typed:
            add(q.subject.value, compress(q.predicate.value), _term(q.object), source)
        if graph and typed.get(graph) == "claim":
            add(graph, STATEMENT, _term(ox.Triple(q.subject, q.predicate, q.object)), source)
    return out


def compare(old: list[ox.Quad], new: list[ox.Quad], old_label: str = "old", new_label: str = "new") -> Diff:
    a, b = entities(old), entities(new)
    d = Diff(old_label, new_label)
    for kind in KINDS:
        d.added[PLURAL[kind]] = sorted(set(b[kind]) - set(a[kind]))
        d.removed[PLURAL[kind]] = sorted(set(a[kind]) - set(b[kind]))
        for ent in sorted(set(a[kind]) & set(b[kind])):
            was, now = a[kind][ent], b[kind][ent]
            for prop in sorted(set(was) | set(now)):
                before, after = was.get(prop, {}), now.get(prop, {})
                if set(before) == set(after):
                    continue
                sources = {s for v in set(after) - set(before) for s in after[v]}
                sources |= {s for v in set(before) - set(after) for s in before[v]}
                d.changed.append(Change(kind, ent, prop, sorted(before), sorted(after), sorted(sources)))
    stated = stated_by(new, {KINDS[k] for k in BY_SOURCE})
    for kind in BY_SOURCE:
        added = d.added[PLURAL[kind]]
        d.added_by_source[PLURAL[kind]] = count_by_source(added, stated)
        d.not_in_survey |= {i: sorted(stated[i]) for i in added if SURVEY not in stated.get(i, {SURVEY})}
    return d


def first_counts(quads: list[ox.Quad]) -> tuple[dict[str, int], dict[str, dict[str, Any]]]:
    """The first release's counts: kind -> how many, and for models and datasets how many by source."""
    found = entities(quads)
    stated = stated_by(quads, {KINDS[k] for k in BY_SOURCE})
    by_source = {PLURAL[k]: count_by_source(sorted(found[k]), stated) for k in BY_SOURCE}
    return {PLURAL[k]: len(v) for k, v in found.items()}, by_source


def _cell(values: list[str]) -> str:
    text = "; ".join(values) if values else "(none)"
    return text.replace("|", "\\|").replace("\n", " ")


def _added(d: Diff, plural: str) -> list[str]:
    """The lines of an Added section: for models and datasets how many by source, then the entities, grouped by
    source (the survey's first) when some are not in the survey."""
    if plural not in d.added_by_source:
        return [*(f"- {i}" for i in d.added[plural]), ""]
    words = in_words(d.added_by_source[plural])
    lines = [f"{words[:1].upper()}{words[1:]}.", ""]
    groups: dict[str, list[str]] = defaultdict(list)
    for i in d.added[plural]:
        groups["; ".join(d.not_in_survey.get(i, []))].append(i)
    for named, ids in sorted(groups.items()):
        if len(groups) > 1:
            lines += [f"{NOT_IN_SURVEY.capitalize()} ({named}):" if named else "From the survey:", ""]
        lines += [*(f"- {i}" for i in ids), ""]
    return lines


def markdown(d: Diff) -> str:
    """The changelog for people: a summary line, then added, removed and changed entities by kind."""
    lines = [f"# Changes from {d.old} to {d.new}", ""]
    if d.empty():
        return "\n".join([*lines, "No model, dataset or claim changed.", ""])
    changed: dict[str, list[Change]] = defaultdict(list)
    for c in d.changed:
        changed[c.kind].append(c)
    summary = []
    for kind in KINDS:
        p = PLURAL[kind]
        for what, n in (
            ("added", len(d.added[p])),
            ("removed", len(d.removed[p])),
            ("changed", len({c.entity for c in changed[kind]})),
        ):
            if n:
                summary.append(f"{n} {kind if n == 1 else p} {what}")
    lines += [", ".join(summary) + ".", ""]
    for kind in KINDS:
        p = PLURAL[kind]
        if not (d.added[p] or d.removed[p] or changed[kind]):
            continue
        lines += [f"## {p.capitalize()}", ""]
        if d.added[p]:
            lines += ["### Added", "", *_added(d, p)]
        if d.removed[p]:
            lines += ["### Removed", "", *(f"- {i}" for i in d.removed[p]), ""]
        if changed[kind]:
            lines += [
                "### Changed",
                "",
                f"| {kind} | property | old value | new value | source |",
                "|---|---|---|---|---|",
            ]
            lines += [
                f"| {c.entity} | {c.property} | {_cell(c.old)} | {_cell(c.new)} | {_cell(c.source)} |"
                for c in changed[kind]
            ]
            lines.append("")
    return "\n".join(lines)


def release_file(directory: Path) -> Path | None:
    """The gzipped N-Quads of a release directory."""
    found = sorted(directory.glob("llm4cell-*.nq.gz"))
    return found[0] if len(found) == 1 else None


def load(spec: str) -> tuple[str, list[ox.Quad]]:
    """A label and the quads of: `current` (the graph built now), a release directory, or an N-Quads/TriG file."""
    if spec == "current":
        from ..checks.pipeline import checked_quads

        return "the current build", checked_quads()
    path = Path(spec)
    if path.is_dir():
        nq = release_file(path)
        if nq is None:
            raise UserError(f"{path} is not a release directory (no single llm4cell-VERSION.nq.gz in it)")
        label, path = path.name, nq
    elif path.is_file():
        label = path.name
    else:
        raise UserError(f"{spec}: no such release directory or file (or use `current`)")
    try:
        if path.name.endswith(".gz"):
            data = gzip.decompress(path.read_bytes())
            quads = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
        else:
            quads = list(ox.parse(path=str(path)))
    except (OSError, SyntaxError, ValueError) as exc:
        raise UserError(f"{path}: cannot read it as RDF: {exc}") from None
    return label, quads


@click.command(name="diff")
@click.argument("old")
@click.argument("new", default="current")
@format_option(("markdown", "json"))
def command(old: str, new: str, fmt: str) -> None:
    """Compare two releases (directories written by `release`), or a release and `current` (the graph built
    now): added, removed and changed models, datasets and claims, each change with its source."""
    old_label, old_quads = load(old)
    new_label, new_quads = load(new)
    d = compare(old_quads, new_quads, old_label, new_label)
    if fmt == "json":
        click.echo(json.dumps(d.to_json(), indent=1, ensure_ascii=False))
    else:
        click.echo(markdown(d).rstrip("\n"))
