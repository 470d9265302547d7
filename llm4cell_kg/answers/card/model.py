"""What a card holds (`Card`, its `Fact`s and `Value`s, the `Similar` entities), the properties it shows apart, and
how it orders and prints sources (`where_key`, `plain`)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from ...common.namespaces import L4C, RDF, RDFS, SKOS

#: properties shown in their own card sections rather than among the facts
LINK_PROPS = {L4C + p for p in ("species", "tissue", "cellType", "assay", "groundingOntology")}


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


def plain(text: str) -> str:
    """A quote as plain text: markdown emphasis markers removed (`**scGPT**` -> `scGPT`)."""
    return re.sub(r"(\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w))", "", text)


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
    basis: str = ""  # datasets: table | model | group; lineage: buildsOn | builtOnBy
    group: list[str] = field(default_factory=list)  # basis group: the group's members, as the sentence names them


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

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
