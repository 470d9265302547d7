"""The pieces every record's quads are made of: IRIs in the graph's schemes, typed literals, the named graph of a
record (schema.SOURCE_GRAPHS), and the sink that collects the quads."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from ..common.namespaces import L4C, PROV, RDF, RDFS, SCHEMES, SKOS, SURVEY_IRI, XSD
from ..curation import identifiers
from ..curation.schema import source_graph

N = ox.NamedNode


TYPE = N(RDF + "type")


LABEL = N(RDFS + "label")


ALT = N(SKOS + "altLabel")


DEFAULT = ox.DefaultGraph()


def iri(scheme: str, local: str) -> ox.NamedNode:
    return N(SCHEMES[scheme] + local)


def l4c(local: str) -> ox.NamedNode:
    return N(L4C + local)


def lit(value: Any) -> ox.Literal:
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=N(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=N(XSD + "integer"))
    return ox.Literal(str(value))


class Sink:
    """Collects quads for one named graph at a time."""

    def __init__(self) -> None:
        self.quads: list[ox.Quad] = []

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: Any, g: Any = DEFAULT) -> None:
        o = o if isinstance(o, (ox.NamedNode, ox.Literal)) else lit(o)
        self.quads.append(ox.Quad(s, p, o, g))

    def source(self, g: ox.NamedNode, kind: str, section: str, quote: str, **extra: Any) -> None:
        """Describe a survey location (in the default graph); `g` names the graph of what it supports."""
        self.add(g, TYPE, l4c(kind))
        self.add(g, l4c("sectionNumber"), section)
        self.add(g, l4c("quote"), quote)
        self.add(g, N(PROV + "wasDerivedFrom"), N(SURVEY_IRI))
        for key, value in extra.items():
            self.add(g, l4c(key), value)


def record_graph(collection: str, **fields: Any) -> ox.NamedNode:
    """The named graph of one record of `collection` (schema.SOURCE_GRAPHS)."""
    return iri("src", source_graph(collection, **fields))


def add_accession(sink: Sink, dataset: ox.NamedNode, accession: str, g: ox.NamedNode) -> None:
    """A printed archive accession of `dataset` (GSE111586) and, beside it, its IRI by the template declared for its
    archive (identifiers.ACCESSIONS), both in graph `g`; load() refuses an accession no template fits."""
    sink.add(dataset, l4c("accession"), accession, g)
    found = identifiers.accession(accession)
    if found:
        sink.add(dataset, l4c("accessionIdentifier"), N(found[1]), g)
