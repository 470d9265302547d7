"""Where a focus node comes from: the curated file, record and field behind a node of the graph (and its property
value), read from the quads or looked up in a store of them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from ..build.survey import PRINTED_PROPS
from ..common.namespaces import BASE, L4C, ONTOLOGY_IRI, RDF, SCHEMES
from ..common.prefixes import compress
from ..common.terms import value
from ..curation.schema import file_of_graph, record_of_graph, shown_file

#: ontology property (local name) -> YAML field, per curated file
FIELDS: dict[str, str] = {
    "label": "name",
    "family": "families",
    "modality": "modalities",
    "groundingType": "grounding",
    "task": "tasks",
    "agentic": "agentic",
    "domainScoreMin": "domain_score",
    "domainScoreMax": "domain_score",
    "year": "year",
    "publishedIn": "venues",
    "citation": "citation",
    "accession": "accessions",
    "scale": "scale",
    "quantity": "scale[].quantity",
    "value": "scale[].value",
    "maxValue": "scale[].max",
    "qualifier": "scale[].qualifier",
    "quote": "quote",
    "sectionNumber": "section",
    "claimSubject": "subject",
    "claimPredicate": "relation",
    "claimObject": "object",
    "claimRelation": "relation",
    "rowNumber": "row",
    "inTable": "table",
    "citationLabel": "label",
    "authors": "authors",
    "title": "title",
    "container": "container",
    "printedReference": "printed",
    "identifier": "printed",
    "pageChunk": "page_chunk",
    "altLabel": "(alias label)",
    "species": "species",
    "tissue": "tissue",
    "cellType": "cell_type",
    "assay": "assay",
    "trainedOrEvaluatedOn": "(claim: dataset)",
    "domainStrength": "(claim: domain_strength)",
    "domainLimitation": "(claim: domain_limitation)",
    "groundingSource": "(claim: grounding_source)",
    "proseCitation": "(claim: citation)",
    "statedCount": "value",
    "statedQualifier": "qualifier",
    "countMeasure": "measure",
    "referencedTable": "table",
    "proseScale": "scale",
}


CLAIM_FIELDS = {
    "trainedOrEvaluatedOn",
    "domainStrength",
    "domainLimitation",
    "groundingSource",
    "family",
    "task",
    "proseCitation",
}


class SourceIndex:
    """Maps focus nodes (and their property values) back to the curated file, record and field."""

    def __init__(self, quads: Iterable[ox.Quad]) -> None:
        self.graphs: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        self.subject_graphs: dict[str, list[str]] = defaultdict(list)
        self.graph_subjects: dict[str, list[str]] = defaultdict(list)
        for q in quads:
            if isinstance(q.graph_name, ox.NamedNode) and not q.graph_name.value.startswith(ONTOLOGY_IRI):
                g, s = q.graph_name.value, value(q.subject)
                self.graphs[(s, q.predicate.value, value(q.object))].append(g)
                if g not in self.subject_graphs[s]:
                    self.subject_graphs[s].append(g)
                if q.predicate.value == RDF + "type" and s not in self.graph_subjects[g]:
                    self.graph_subjects[g].append(s)

    def locate(self, focus: str, path: str, value: str) -> tuple[str, str, str]:
        prop = path.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if path else ""
        fld = FIELDS.get(prop, prop)
        if path.startswith(L4C + "printed"):
            fld = "printed." + next((k for k, v in PRINTED_PROPS.items() if L4C + v == path), prop)
        src = SCHEMES["src"]
        if focus.startswith(src):  # a survey location: the record is what its graph describes
            loc = focus[len(src) :]
            file = file_of_graph(loc)
            subjects = self.graph_subjects.get(focus, [])
            record = record_of_graph(loc) or (_local(subjects[0]) if subjects else loc)
            if prop == "quote" and file in (shown_file("models"), shown_file("datasets")):
                fld = "printed"
            return file, record, fld
        if "/prose-scale/" in focus and focus.startswith(SCHEMES["dataset"]):
            return shown_file("prose_scales"), focus.split("/prose-scale/")[1].split("/")[0], fld
        if "/scale/" in focus and focus.startswith(SCHEMES["dataset"]):
            return shown_file("datasets"), focus[len(SCHEMES["dataset"]) :].split("/scale/")[0], fld
        graphs = self.graphs.get((focus, path, value)) if value else None
        graphs = graphs or self.subject_graphs.get(focus, [])
        if graphs:
            graphs = sorted(graphs, key=lambda g: "/claim/" in g)  # a table row before a prose claim
            loc = graphs[0][len(src) :] if graphs[0].startswith(src) else graphs[0]
            file = file_of_graph(loc)
            if loc.startswith("link/"):  # link/<kind>/<subject>/<property>/<term>
                return file, "/".join(loc.split("/")[2:4]), "term"
            if loc.startswith("claim/"):
                return file, loc[len("claim/") :], "object" if prop in CLAIM_FIELDS else fld
            if file == shown_file("publications") and prop == "publishedIn":
                fld = "venue"
            return file, _local(focus), fld
        for scheme, coll in (
            ("venue", "venues"),
            ("pub", "publications"),
            ("model", "models"),
            ("dataset", "datasets"),
        ):
            if focus.startswith(SCHEMES[scheme]):
                return shown_file(coll), focus[len(SCHEMES[scheme]) :], fld
        if focus.startswith(BASE):
            return "ontology/llm4cell.ttl", compress(focus), prop
        return "", "", fld


def _local(iri: str) -> str:
    for ns in SCHEMES.values():
        if iri.startswith(ns):
            return iri[len(ns) :]
    return iri


def _node(iri: str) -> ox.NamedNode | ox.BlankNode:
    return ox.NamedNode(iri) if ":" in iri else ox.BlankNode(iri)


class StoreIndex(SourceIndex):
    """SourceIndex answered by look-ups in a store of the quads (only for the focus nodes of the results).

    The graphs of a statement or subject come in the order of the quads sorted as text, which is the order of
    `build_quads`, so the located file, record and field are those SourceIndex gives on the built graph.
    """

    def __init__(self, store: ox.Store) -> None:  # noqa: D107 - no full pass over the quads
        self.store = store
        self.graphs = _Lazy(self._graphs)
        self.subject_graphs = _Lazy(self._subject_graphs)
        self.graph_subjects = _Lazy(self._graph_subjects)

    def _quads(self, s: str | None, p: str | None = None, g: str | None = None) -> list[ox.Quad]:
        return sorted(
            (
                q
                for q in self.store.quads_for_pattern(
                    _node(s) if s else None, ox.NamedNode(p) if p else None, None, _node(g) if g else None
                )
                if isinstance(q.graph_name, ox.NamedNode) and not q.graph_name.value.startswith(ONTOLOGY_IRI)
            ),
            key=str,
        )

    def _graphs(self, key: tuple[str, str, str]) -> list[str]:
        s, p, o = key
        return [value(q.graph_name) for q in self._quads(s, p) if value(q.object) == o]

    def _subject_graphs(self, s: str) -> list[str]:
        return list(dict.fromkeys(value(q.graph_name) for q in self._quads(s)))

    def _graph_subjects(self, g: str) -> list[str]:
        return list(dict.fromkeys(value(q.subject) for q in self._quads(None, RDF + "type", g)))


class _Lazy(dict):
    """A dict that computes a missing key's value once (`get` included)."""

    def __init__(self, compute: Any) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, key: Any) -> Any:
        self[key] = v = self.compute(key)
        return v

    def get(self, key: Any, default: Any = None) -> Any:
        try:
            return self[key] or default
        except (ValueError, SyntaxError):
            return default
