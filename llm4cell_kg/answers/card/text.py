"""A card as plain text, Markdown or JSON (`show --format`); `name_rows` is shared with the HTML card."""

from __future__ import annotations

import json

from .model import CURATOR_ASSERTION, Card, Stated, Value, plain
from .reads import external_only

#: the facts' heading: each value once (each source with its basis: "(group: ...)" marks a sentence about a group)
FACTS_HEADING = "Facts (each value once, with the sources that state it)"
#: the heading of what the survey states only of a group the entity belongs to
GROUP_HEADING = "Stated of a group it belongs to, never of it alone"


def sentences_heading(card: Card) -> str:
    """The heading of the card's legend of group sentences."""
    return f"Group sentences cited above (what one states is the group's, not {card.label}'s alone)"


def stated_text(v: Value, listed: bool = False) -> str:
    """A value's sources: its own (table rows, sentences about it alone, other publications) in reading order, then
    the sentences about a group it is named in, by the reference the card's legend lists them under
    (`Table 7 row 1; §6.6; group sentences: §4.5, §C.5`); `listed`: a dataset, model or group statement whose basis
    ("named with 2 groups") says already that its sources are group sentences, by their references only."""
    own, refs = source_parts(v)
    if refs and listed and not own and v.basis == "group":
        return ", ".join(r for r, _ in refs)
    if refs:
        own.append(f"{group_words(len(refs))}: {', '.join(r for r, _ in refs)}")
    return "; ".join(own)


def source_parts(v: Value) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """A value's own sources (a group sentence the card's legend does not list names its group here), and the group
    sentences naming it as (reference, members), each once, in reading order."""
    if not v.stated:
        return list(v.sources), []
    own = [where_basis(s) for s in v.stated if not (s.basis == "group" and s.ref)]
    refs = {s.ref: s.group for s in v.stated if s.basis == "group" and s.ref}
    return own, list(refs.items())


def group_words(n: int) -> str:
    return "group sentences" if n > 1 else "group sentence"


def where_basis(s: Stated) -> str:
    """One source: where it is, and for a sentence about a group, the group."""
    return f"{s.where} (group: {', '.join(s.group)})" if s.basis == "group" and s.group else s.where


def group_sentence_lines(card: Card) -> list[tuple[str, str]]:
    """The card's legend as (references, members): each group once, with the references of the sentences naming it
    (`§1, §4.1 #2`, 'scGPT, Geneformer, scFoundation')."""
    lines: dict[frozenset[str], tuple[list[str], list[str]]] = {}
    for g in card.group_sentences:
        lines.setdefault(frozenset(g.members), ([], g.members))[0].append(g.ref)
    return [(", ".join(refs), ", ".join(members) or "(its members not named)") for refs, members in lines.values()]


def _src(v: Value, listed: bool = False) -> str:
    return f"  [{stated_text(v, listed)}]" if v.sources else ""


def name_rows(card: Card) -> list[tuple[str, str]]:
    """The card's other names and definition as (heading, text), shared by the text and HTML cards."""
    rows = []
    if card.alt_labels:
        rows.append(("also called", ", ".join(card.alt_labels)))
    if card.printed_names:
        rows.append(("synonyms" if card.kind == "term" else "printed as", ", ".join(card.printed_names)))
    if card.definition:
        rows.append(("definition", plain(card.definition)))
    return rows


def render_text(card: Card, markdown: bool = False) -> str:
    """The card as plain text or Markdown."""
    h = (lambda t: f"\n## {t}") if markdown else (lambda t: f"\n{t}:")
    item = "- " if markdown else "  "
    out = [f"# {card.label}" if markdown else card.label, card.summary]
    out.append(f"{item}IRI: {card.iri}")
    out.append(f"{item}types: {', '.join(card.types)}")
    out.extend(f"{item}{head}: {text}" for head, text in name_rows(card))
    external = [s for s in card.sources if s["kind"] == CURATOR_ASSERTION]
    if external:
        title = "Source (not in the survey)" if external_only(card.sources) else "Other sources (not in the survey)"
        out.append(h(title))
        out += [
            f"{item}{s['source']} ({s['derived_from']}), curated by {s['curator']}"
            + (f" ({s['curator_iri']})" if s["curator_iri"] != s["curator"] else "")
            + f" on {s['date']}"
            + (f"; its source states: {s['states']} (nothing else)" if s["states"] else "")
            for s in external
        ]
    if card.printed:
        out.append(h(f"Printed row ({card.printed['where']})"))
        out += [f"{item}{k}: {v}" for k, v in card.printed["cells"].items()]
    if card.facts:
        out.append(h(FACTS_HEADING))
        for f in card.facts:  # a property with one value on one line, with it
            shown = [f"{_shown(v)}{_note(v)}{_src(v)}{_caveat(v)}" for v in f.values]
            if len(shown) == 1:
                out.append(f"{item}{f.label} ({f.property}): {shown[0]}")
                continue
            out.append(f"{item}{f.label} ({f.property})")
            sub = "  - " if markdown else "      "
            out += [f"{sub}{line}" for line in shown]
    if card.web_links:
        out.append(h(links_heading(card)))
        out += [f"{item}{line}" for line in web_link_lines(card)]
    if card.links:
        out.append(h("Ontology links"))
        for f in card.links:
            out += [f"{item}{f.label}: {v.label} ({v.value}){_src(v)}" for v in f.values]
    for title, values in (
        ("Datasets", card.datasets),
        (GROUP_HEADING, card.group_statements),
        ("Used by", card.used_by),
        ("Lineage", card.lineage),
    ):
        if values:
            out.append(h(title))
            out += [f"{item}{_listed(v)}{_caveat(v)}" for v in values]
    if card.group_sentences:
        out.append(h(sentences_heading(card)))
        out += [f"{item}{refs} — group: {members}" for refs, members in group_sentence_lines(card)]
    if card.kind in ("model", "dataset"):
        out.append(h(f"Audit findings ({len(card.audit)})"))
        if not card.audit:
            out.append(f"{item}none")
        for a in card.audit:
            out.append(f"{item}{a['rule']}: {a['detail']} ({a['where_a']} vs {a['where_b']})")
    if card.similar:
        out.append(h("Most similar"))
        for s in card.similar:
            shared = "; ".join(f"{k}: {', '.join(v)}" for k, v in sorted(s.shared.items()))
            out.append(f"{item}{s.label} ({s.curie}) — shares {shared}")
    return "\n".join(out)


#: how a card names each kind of link out
LINK_WORDS = {
    "accession": "Accession",
    "paper": "Paper",
    "code": "Code",
    "weights": "Weights",
    "documentation": "Docs",
    "licence": "Licence",
    "listed in": "Listed in",
    "conflict": "Conflict",
}


def links_heading(card: Card) -> str:
    """The heading of a card's links out: a dataset's printed accession is the survey's, the other links are not."""
    if any(e["kind"] == "accession" for e in card.web_links):
        return (
            "Links out (Accession · Paper · Code · Weights · Listed in), each with its source and date; an accession "
            "as the survey prints it, the others not the survey's"
        )
    return "Links out (Paper · Code · Weights · Listed in), each with its source and date; not the survey's"


def web_link_lines(card: Card) -> list[str]:
    """One line per link out: its kind, target (a catalogue entry: its name there, and how it was matched) and
    sources."""
    out = []
    for e in card.web_links:
        shown = e["target"] or e["label"]
        if e["kind"] == "listed in":
            shown = f"{e['label']} <{e['target']}> ({', '.join(e['match'])})"
        elif e["kind"] == "accession":  # as printed, then its IRI
            shown = f"{e['label']} <{e['target']}>"
        elif e["kind"] == "licence":
            shown = f"{e['target'].rsplit('/', 1)[-1]} <{e['target']}>"
        out.append(f"{LINK_WORDS[e['kind']]}: {shown}  [{'; '.join(e['sources'])}]")
    return out


BASIS_WORDS = {"table": "", "model": "", "buildsOn": "builds on: ", "builtOnBy": "built on by: "}


def _listed(v: Value) -> str:
    """A dataset, model or lineage entry with its basis (a group sentence's dataset is never the model's own)."""
    if v.basis == "group":  # every source a sentence about a group: the legend names each group
        return f"{_shown(v)} — {named_with(v)}{_src(v, listed=True)}"
    return f"{BASIS_WORDS.get(v.basis, '')}{_shown(v)}{_src(v)}"


def named_with(v: Value) -> str:
    """`named with a group`, or with how many groups (one per sentence about a group naming it)."""
    n = sum(s.basis == "group" for s in v.stated)
    return f"named with {n} groups" if n > 1 else "named with a group"


def _note(v: Value) -> str:
    """A table row's value the cell does not plainly give: ' (override: REASON; printed '6')'."""
    return f" ({v.note})" if v.note else ""


def _caveat(v: Value) -> str:
    return f" — caveat: {v.caveat}" if v.caveat else ""


def _shown(v: Value) -> str:
    shown = f"{v.label} ({v.value})" if v.iri and v.label != v.value else v.value
    return f"{shown} via {v.via}" if v.via else shown


def render(card: Card, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(card.to_dict(), indent=2, ensure_ascii=False)
    return render_text(card, markdown=fmt == "markdown")
