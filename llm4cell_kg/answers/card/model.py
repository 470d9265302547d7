"""What a card holds (`Card`, its `Fact`s and `Value`s, the `Similar` entities), the properties it shows apart, and
how it orders and prints sources (`where_key`, `plain`)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from ...common.namespaces import L4C, RDF, RDFS, SKOS

#: properties shown in their own card sections rather than among the facts
LINK_PROPS = {L4C + p for p in ("species", "tissue", "cellType", "assay", "groundingOntology")}


#: ontology links that, stated only of a group, are the group's and never the model's own: a group's grounding
#: sources stay on the group (curation.schema.COLLECTIVE_ONLY), and so does the ontology a grounding source is
COLLECTIVE_LINKS = {L4C + "groundingOntology"}


#: the mark of a value stated only in sentences about groups, where a card or `compare` lists values as words
GROUP_MARK = " (group)"


#: the bases of a statement, strongest first: a table cell, a sentence about the entity alone, another
#: publication's record, a sentence about a group (views/entity-source-basis.rq)
BASES = ("table", "model", "external", "group")


PRINTED_PREFIX = L4C + "printed"


#: printed cells in the order of the table's columns (Table 7; Tables 1-6)
PRINTED_ORDER = [
    L4C + "printed" + c
    for c in ("Model", "Venue", "Category", "Modality", "Grounding", "Agentic", "PrimaryTask", "DomainScore")
    + ("Dataset", "Description", "Tasks", "Scale", "Link")
]


SKIP_FACTS = {
    RDF + "type",
    RDFS + "label",
    SKOS + "altLabel",
    SKOS + "definition",
    "http://www.geneontology.org/formats/oboInOwl#hasSynonym",
    L4C + "rowSubject",
    L4C + "ancestry",
    L4C + "ancestor",
}


#: facets compared to find similar entities, with the word the card uses for each
FACETS: dict[str, str] = {
    L4C + "family": "family",
    L4C + "task": "tasks",
    L4C + "modality": "modalities",
    L4C + "groundingType": "grounding",
    L4C + "trainedOrEvaluatedOn": "datasets",
    L4C + "species": "species",
    L4C + "tissue": "tissues",
    L4C + "cellType": "cell types",
    L4C + "assay": "assays",
}


LINEAGE = "lineage"


WHERE_ORDER = re.compile(r"^(Table (\d+) row (\d+))|(§(.*))$")


CURATOR_ASSERTION = "CuratorAssertion"


NOT_IN_SURVEY = "not in the survey"


def where_key(where: str) -> tuple[Any, ...]:
    """Table rows first (by table and row), then sections in reading order."""
    m = WHERE_ORDER.match(where)
    if m and m.group(1):
        return (0, int(m.group(2)), int(m.group(3)), "")
    parts = tuple((0, int(x), "") if x.isdigit() else (1, 0, x) for x in where.lstrip("§").split("."))
    return (1, 0, 0, parts)


def split_sources(text: str) -> list[str]:
    return sorted({s for s in text.split("; ") if s}, key=where_key)


def strongest(bases: list[str]) -> str:
    """The strongest of some sources' bases (BASES order); "" for none."""
    return min(bases, key=BASES.index, default="") if all(b in BASES for b in bases) else ""


def sentence_order(labels: list[str], sentence: str) -> list[str]:
    """A group's member labels in the order its sentence names them; those it does not name ('These models')
    after, alphabetically."""
    text = plain(sentence).casefold()

    def key(label: str) -> tuple[int, str]:
        at = text.find(label.casefold())
        return (at if at >= 0 else len(text), label.casefold())

    return sorted(labels, key=key)


def plain(text: str) -> str:
    """A quote as plain text: markdown emphasis markers removed (`**scGPT**` -> `scGPT`)."""
    return re.sub(r"(\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w))", "", text)


@dataclass
class Stated:
    """One survey location stating a value, and on what basis: a table cell, a sentence about the entity alone, a
    sentence about a group (its members, in the order the sentence names them, and the sentence), another
    publication."""

    where: str  # Table 7 row 50, §4.5, or the curator assertion
    basis: str  # one of BASES
    group: list[str] = field(default_factory=list)
    sentence: str = ""  # basis group: the group's sentence, as quoted
    graphs: list[str] = field(default_factory=list)
    ref: str = ""  # basis group: how the card cites the sentence (its section; `GroupSentence.ref`)


@dataclass
class GroupSentence:
    """The sentences of one section about one group, listed once on a card with the group's members (in the order
    the sentence naming most of them names them) and the sentences; the card's rows cite them by `ref`: the section
    (`§5.7`), numbered (`§5.1 #1`, `§5.1 #2`, by the groups' members) when the card cites sentences of that section
    about different groups."""

    ref: str
    where: str
    members: list[str]
    sentences: list[str]


@dataclass
class Value:
    """One value of a property, stated once, with every source that states it."""

    value: str  # CURIE of an IRI, or the literal's text
    label: str
    iri: str | None
    sources: list[str]
    graphs: list[str] = field(default_factory=list)
    via: str = ""  # for statements pointing at the entity: the property (l4c:trainedOrEvaluatedOn)
    caveat: str = ""  # an audit finding kept beside this value (a citation's, a copied row's)
    note: str = ""  # why a table row's value is not the plain reading of its cell: 'override: ...; printed ...'
    # facts and datasets: the strongest basis of its sources (BASES; "group" only when every source is a sentence
    # about a group); lineage: buildsOn | builtOnBy
    basis: str = ""
    group: list[str] = field(default_factory=list)  # a value from one group sentence: the group's members
    stated: list[Stated] = field(default_factory=list)  # each source with its own basis


@dataclass
class Fact:
    property: str
    label: str
    values: list[Value]


@dataclass
class Similar:
    curie: str
    label: str
    shared: dict[str, list[str]]
    score: float


@dataclass
class Card:
    """Everything `show` prints about one entity."""

    iri: str
    curie: str
    id: str
    kind: str
    label: str
    summary: str
    types: list[str]
    alt_labels: list[str]
    printed_names: list[str]
    definition: str
    facts: list[Fact]
    links: list[Fact]
    datasets: list[Value]
    used_by: list[Value]
    lineage: list[Value]
    audit: list[dict[str, str]]
    printed: dict[str, Any]
    similar: list[Similar]
    sources: list[dict[str, str]]
    #: links out (paper, code, weights, documentation, licence, catalogue entries), each with its sources
    web_links: list[dict[str, Any]] = field(default_factory=list)
    # what the survey states only of a group the entity belongs to and never pairs with it alone: the group's
    # grounding sources and the ontologies they are (C.5), each with the group and its section
    group_statements: list[Value] = field(default_factory=list)
    #: each sentence about a group that the card cites, once, with its members (the rows cite it by its `ref`)
    group_sentences: list[GroupSentence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def values(self) -> list[Value]:
        """Every value the card lists with its sources."""
        facts = [v for f in self.facts + self.links for v in f.values]
        return facts + self.datasets + self.group_statements + self.used_by + self.lineage

    def groups_by_graph(self) -> dict[str, list[str]]:
        """Each named graph of a sentence about a group that states something on the card -> the group's members."""
        values = [v for f in self.facts + self.links for v in f.values] + self.used_by + self.group_statements
        return {g: st.group for v in values for st in v.stated if st.basis == "group" for g in st.graphs}


def _naming_most(st: Stated) -> tuple[int, str]:
    """A group sentence that names most of its members first (its members in the order it names them)."""
    return (-sum(m.casefold() in st.sentence.casefold() for m in st.group), st.sentence)


def group_sentences(values: list[Value]) -> list[GroupSentence]:
    """The sentences about a group that state one of `values`, once per section and group, in reading order; each of
    the values' group sources gets its `ref` (the section, numbered when the card cites several groups there)."""
    found: dict[tuple[str, frozenset[str]], list[Stated]] = {}
    for v in values:
        for st in v.stated:
            if st.basis == "group":
                found.setdefault((st.where, frozenset(st.group)), []).append(st)
    first = {k: min(found[k], key=_naming_most) for k in found}
    keys = sorted(found, key=lambda k: (where_key(k[0]), [m.casefold() for m in first[k].group]))
    per_section: dict[str, int] = {}
    for where, _ in keys:
        per_section[where] = per_section.get(where, 0) + 1
    out, seen = [], dict.fromkeys(per_section, 0)
    for key in keys:
        where = key[0]
        seen[where] += 1
        ref = f"{where} #{seen[where]}" if per_section[where] > 1 else where
        for st in found[key]:
            st.ref = ref
        sentences = sorted({st.sentence for st in found[key] if st.sentence})
        out.append(GroupSentence(ref, where, list(first[key].group), sentences))
    return out
