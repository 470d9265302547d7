"""Side by side (`llm4cell-kg compare scgpt geneformer ...`): one row per property, one column per entity,
the rows where they differ marked; text, CSV, Markdown or JSON. The web compare view renders the same table."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from dataclasses import asdict, dataclass
from typing import Any

import click

from ..build.external import LINK_PROPERTIES as RECORD_LINKS  # link row -> the property a record states it with
from ..common.namespaces import L4C
from ..common.options import format_option, sources_option
from ..errors import UserError
from .card import NOT_IN_SURVEY, Card, build_card, external_only, resolve
from .card.model import GROUP_MARK

#: (row name, how to get its values from a card) for models and for datasets
MODEL_ROWS: list[tuple[str, str]] = [
    ("family", "fact:family"),
    ("mapped family", "fact:mappedFamily"),  # a catalogue category's family (catalogues/category-families.yaml)
    ("catalogue category", "fact:catalogueCategory"),
    ("modalities", "fact:modality"),
    ("tasks", "fact:task"),
    ("grounding", "fact:groundingType"),
    ("grounding sources", "grounding_sources"),
    ("agentic", "fact:agentic"),
    ("domain score", "score"),
    ("year", "fact:year"),
    ("date as printed", "fact:datePrinted"),  # the date another source gives (a record not in the survey)
    ("venue", "fact:publishedIn"),
    ("species", "link:species"),
    ("datasets", "datasets"),
    ("lineage", "lineage"),
    ("audit findings", "audit"),
    # links out (graph/web_links.yaml and the reference list's identifiers), each from a named source
    ("paper", "web:paper"),
    ("code", "web:code"),
    ("weights", "web:weights"),
    ("documentation", "web:documentation"),
    ("licence", "web:licence"),
    ("listed in", "web:listed in"),
    ("Table 7 row", "where"),
]
DATASET_ROWS: list[tuple[str, str]] = [
    ("modalities", "fact:modality"),
    ("tasks", "fact:task"),
    ("species", "link:species"),
    ("tissues", "link:tissue"),
    ("cell types", "link:cellType"),
    ("assays", "link:assay"),
    ("scale", "fact:scale"),
    ("used by", "used_by"),
    ("lineage", "lineage"),
    ("audit findings", "audit"),
    ("accession", "web:accession"),
    ("paper", "web:paper"),
    ("table row", "where"),
]


LINEAGE_WORDS = {"buildsOn": "builds on ", "builtOnBy": "built on by "}
#: rows only a record of another source fills: shown where some entity has a value (a survey model has none)
RECORD_ROWS = ("mapped family", "catalogue category", "date as printed")
#: the rows of links out, and what they are: never the survey's statements
LINK_ROWS = ("paper", "code", "weights", "documentation", "licence", "listed in")
LINKS_NOTE = (
    "paper, code, weights, documentation, licence, listed in: links out from public catalogues, models' own "
    "repositories and the reference list's identifiers, not the survey's statements (each with its source on the card)"
)
LEGEND = "(≠: the entities differ on this property; (group): stated only in sentences about a group of models)"


@dataclass
class Row:
    """One property: each entity's values, the values all share, and whether they differ."""

    property: str
    values: list[list[str]]
    shared: list[str]
    differs: bool


@dataclass
class Comparison:
    entities: list[dict[str, str]]
    rows: list[Row]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _values(card: Card, how: str) -> list[str]:
    kind, _, prop = how.partition(":")
    if kind in ("fact", "link"):
        for f in card.facts if kind == "fact" else card.links:
            if f.property == "l4c:" + prop:
                return [v.label + (GROUP_MARK if v.basis == "group" else "") for v in f.values]
        return []
    if kind == "grounding_sources":
        # its own (a sentence about it alone), then a group's (C.5: "Grounding sources include ..."), with the section
        own = _values(card, "fact:groundingSource")
        return own + [
            f"{v.label} (group, {v.sources[0]})" for v in card.group_statements if v.via == "l4c:groundingSource"
        ]
    if kind == "score":
        lo, hi = _values(card, "fact:domainScoreMin"), _values(card, "fact:domainScoreMax")
        if not lo:
            return []
        return [lo[0] if lo == hi else f"{lo[0]}-{hi[0]}"]
    if kind in ("datasets", "used_by"):
        # as the card lists them, each once: a dataset named only in sentences about groups says so, with every
        # such sentence's section (issue 12 item 1)
        return [
            f"{v.label} (group, {'; '.join(v.sources)})" if v.basis == "group" else v.label for v in getattr(card, kind)
        ]
    if kind == "lineage":
        # l4c:buildsOn both ways, with the relation and the copied-row caveat, as on the card
        return [
            f"{LINEAGE_WORDS.get(v.basis, '')}{v.label} ({v.via.removeprefix('l4c:')}"
            + ("; copied row" if "copied-cells" in v.caveat else "")
            + ")"
            for v in card.lineage
        ]
    if kind == "web":  # a link out; a catalogue entry as "its name (the catalogue)"
        found = [e for e in card.web_links if e["kind"] == prop]
        if prop == "listed in":
            return [f"{e['label']} ({e['sources'][0].rsplit(' @ ', 1)[0].rsplit(' ', 1)[0]})" for e in found]
        if prop == "accession":  # as the row prints it
            return [e["label"] for e in found]
        targets = [e["target"].rsplit("/", 1)[-1] if prop == "licence" else e["target"] for e in found]
        stated = _values(card, f"fact:{RECORD_LINKS[prop]}") if prop in RECORD_LINKS else []  # a record's own
        return targets + [t for t in stated if t not in targets]
    if kind == "audit":
        return sorted({f"{a['rule']} ({a['where_b']})" for a in card.audit})
    if kind == "where":
        if card.printed:
            return [card.printed["where"]]
        other = external_only(card.sources)
        return [f"{NOT_IN_SURVEY} ({s['source']})" for s in other] if other else ["prose only"]
    raise ValueError(how)


def compare(store: Any, names: list[str], everything: Any = None) -> Comparison:
    """The comparison of the models (or datasets) `names` name, resolved as `show` does (`everything`: see
    `card.resolve`)."""
    if len(names) < 2:
        raise UserError("compare needs at least two models or datasets, e.g. `compare scgpt geneformer`")
    entities = [resolve(store, n, {"model", "dataset"}, everything) for n in names]
    kinds = {e.kind for e in entities}
    if len(kinds) > 1:
        raise UserError(
            "compare models with models or datasets with datasets: "
            + ", ".join(f"{e.label} is a {e.kind}" for e in entities)
        )
    if len({e.iri for e in entities}) < len(entities):
        raise UserError("the same entity is named twice: " + ", ".join(e.curie for e in entities))
    cards = [build_card(store, e) for e in entities]
    spec = MODEL_ROWS if kinds == {"model"} else DATASET_ROWS
    rows = []
    for name, how in spec:
        vals = [_values(c, how) for c in cards]
        if name in RECORD_ROWS and not any(vals):
            continue
        shared = sorted(set(vals[0]).intersection(*map(set, vals[1:])))
        rows.append(Row(name, vals, shared, len({tuple(sorted(v)) for v in vals}) > 1))
    return Comparison([{"curie": c.curie, "label": c.label, "iri": c.iri} for c in cards], rows)


def _cell(values: list[str]) -> str:
    return ", ".join(values) if values else "—"


def render(cmp: Comparison, fmt: str, width: int | None = None) -> str:
    """`cmp` as text, CSV, Markdown or JSON; text cells are never cut: with `width` (characters a line), long cells
    are wrapped to fit, else each row is one line as long as it needs."""
    if fmt == "json":
        return json.dumps(cmp.to_dict(), indent=2, ensure_ascii=False)
    header = ["property", *[e["label"] for e in cmp.entities], "differs"]
    body = [[r.property, *[_cell(v) for v in r.values], "yes" if r.differs else ""] for r in cmp.rows]
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(header)
        w.writerows(body)
        return buf.getvalue()
    if fmt == "markdown":
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for r in body:
            cells = [c.replace("|", "\\|") for c in r]
            if r[-1]:
                cells[0] = f"**{cells[0]}**"
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)
    from .wrapped import wrapped_table

    text_rows = [[("≠ " if r[-1] else "  ") + r[0], *r[1:-1]] for r in body]
    table = wrapped_table(["  property", *header[1:-1]], text_rows, width)
    if any(r.property in LINK_ROWS and any(r.values) for r in cmp.rows):  # say what the link rows are
        table += "\n" + ("\n".join(textwrap.wrap(f"({LINKS_NOTE})", width)) if width else f"({LINKS_NOTE})")
    return table + "\n" + LEGEND


@click.command("compare")
@click.argument("names", nargs=-1, required=True)
@format_option(("text", "csv", "markdown", "json"), show_default=False)
@click.option(
    "--width",
    type=click.IntRange(0),
    default=None,
    help="Text: wrap long cells to lines of this many characters (default: the terminal's width; 0: no wrapping). "
    "Values are never cut.",
)
@sources_option
def command(names: tuple[str, ...], fmt: str, width: int | None, sources: str) -> None:
    """Compare models (or datasets) side by side, e.g. `compare scgpt geneformer uce`; `--sources all` includes
    records curated from other publications (graph/external_*.yaml)."""
    import shutil

    from ..store.embedded import open_store
    from .sources import restrict

    if width is None:
        width = shutil.get_terminal_size((120, 24)).columns
    full = open_store()
    cmp = compare(restrict(full, sources), list(names), everything=full)
    click.echo(render(cmp, fmt, width or None).rstrip("\n"))


__all__ = ["L4C", "compare", "render"]
