"""Records from publications other than the survey (graph/external_*.yaml, graph/catalogue_models.yaml) as quads:
one graph per record, a PROV-O curator assertion naming the publication, who curated it and when; in it, what that
source states of the model or dataset (and, kept apart as a mapping, a family mapped from a catalogue's category)."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from ..common.namespaces import BASE, DCTERMS, PROV, XSD
from ..common.prefixes import expand
from ..curation.problems import CurationError, Problem
from ..curation.records import Records, line_of
from ..curation.schema import CLAIM_OBJECTS, EXTERNAL_KINDS, SOURCE_IRIS
from .emit import LABEL, TYPE, N, Sink, add_accession, iri, l4c, record_graph

CURATOR_BASE = BASE + "curator/"
#: an external record's field -> the property its values are stated with
PLAIN_TERMS = {
    "modalities": ("modality", "modality"),
    "tasks": ("task", "task"),
    "grounding": ("grounding", "groundingType"),
}
TERM_PROPERTIES = {"species": "species", "tissues": "tissue"}
LINK_PROPERTIES = {"paper": "paper", "code": "codeRepository", "weights": "weights", "documentation": "documentation"}
#: where the catalogue categories are mapped to families (one declared table)
CATEGORY_TABLE = "catalogues/category-families.yaml"


def source_publication(source: dict[str, Any]) -> tuple[str, str]:
    """(IRI, printed identifier) of the publication a `source` block names."""
    key = next(k for k in SOURCE_IRIS if source.get(k))
    iri_t, label_t = SOURCE_IRIS[key]
    return iri_t.format(source[key]), label_t.format(source[key])


def curator_iri(curator: str) -> ox.NamedNode:
    """An ORCID (or other http) IRI as given; a name becomes curator/<slug>."""
    text = curator.strip()
    if text.startswith(("https://", "http://")):
        return N(text)
    slug = "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())
    return N(CURATOR_BASE + (slug or "unknown"))


def _missing_terms(rec: Records) -> list[Problem]:
    """Species and tissue terms not in ontology/imports/ (as graph/ontology_links.yaml's must be)."""
    from .imports import imported_terms

    labels = imported_terms().labels
    return [
        Problem(
            rec.files[coll],
            r["id"],
            fld,
            f"{term} is not in ontology/imports/; use a term it holds or run `python ontology/imports/regenerate.py`",
            line=line_of(r, fld),
        )
        for coll in EXTERNAL_KINDS
        for r in rec[coll]
        for fld in TERM_PROPERTIES
        for term in r.get(fld) or []
        if expand(term) not in labels
    ]


def add_external(rec: Records, sink: Sink) -> None:
    """Records from publications other than the survey: one graph per record, typed l4c:CuratorAssertion and
    described with PROV-O inside itself, so a dataset without those graphs holds exactly what the survey says."""
    missing = _missing_terms(rec)
    if missing:
        raise CurationError(missing)
    for coll, scheme in EXTERNAL_KINDS.items():
        cls = "Model" if scheme == "model" else "Dataset"
        for r in rec[coll]:
            s, g = iri(scheme, r["id"]), record_graph(coll, id=r["id"])
            _provenance(r, g, sink)
            sink.add(s, TYPE, l4c(cls), g)
            sink.add(s, LABEL, r["name"], g)
            if scheme == "model":
                _model(r, s, g, sink)
            for fld, (vocab, prop) in PLAIN_TERMS.items():
                for v in r.get(fld) or []:
                    sink.add(s, l4c(prop), iri(vocab, v), g)
            for fld, prop in TERM_PROPERTIES.items():
                for term in r.get(fld) or []:
                    # l4c:tissue is a dataset's (rdfs:domain): a model's tissue is l4c:modelTissue
                    sink.add(
                        s, l4c("modelTissue" if prop == "tissue" and scheme == "model" else prop), N(expand(term)), g
                    )
            for acc in r.get("accessions") or []:
                add_accession(sink, s, acc, g)
            for kind, prop in LINK_PROPERTIES.items():
                for url in r.get(kind) or []:
                    sink.add(s, l4c(prop), N(url), g)
            if r.get("date"):
                # as printed (a year, a month or a day): text, as OWL 2 reasoners have no xsd:gYear or xsd:date
                sink.add(s, l4c("datePrinted"), str(r["date"]), g)


def _provenance(r: dict[str, Any], g: ox.NamedNode, sink: Sink) -> None:
    """The record's graph as a PROV-O curator assertion: the publication (or catalogue file), curator, day."""
    src = r["source"]
    pub, printed = source_publication(src)
    listed = r.get("listed_in")
    if listed:  # a catalogue file: named as graph/web_links.yaml's sources are
        printed = f"{listed['name']} {listed['path']} @ {listed['commit'][:7]} ({listed['date']})"
    agent = curator_iri(src["curator"])
    sink.add(g, TYPE, l4c("CuratorAssertion"), g)
    sink.add(g, N(PROV + "wasDerivedFrom"), N(pub), g)
    sink.add(g, l4c("sourceIdentifier"), printed, g)
    sink.add(g, N(PROV + "wasAttributedTo"), agent, g)
    sink.add(agent, TYPE, N(PROV + "Agent"), g)
    sink.add(agent, LABEL, src["curator"].strip(), g)
    # no time zone: "Z" and "+00:00" are each rewritten to the other by some reader (see build/links.py _day)
    when = ox.Literal(f"{src['date']}T00:00:00", datatype=N(XSD + "dateTime"))
    sink.add(g, N(PROV + "generatedAtTime"), when, g)
    # when the record was added to the graph (the day it was curated) and last changed (`changed`, else that day)
    # (xsd:dateTime without a zone, as graph/web_links.yaml's days: xsd:date is not an OWL 2 datatype)
    changed = r.get("changed") or src["date"]
    for prop, day in (("created", src["date"]), ("modified", changed)):
        sink.add(g, N(DCTERMS + prop), ox.Literal(f"{day}T00:00:00", datatype=N(XSD + "dateTime")), g)
    if listed:
        sink.add(
            g, l4c("listedIn"), N(f"{listed['repository'].rstrip('/')}/blob/{listed['commit']}/{listed['path']}"), g
        )
    if r.get("catalogue_entry"):
        sink.add(g, l4c("catalogueEntry"), N(r["catalogue_entry"]), g)
    for what in r.get("source_states") or []:
        sink.add(g, l4c("sourceStates"), what, g)


def _model(r: dict[str, Any], s: ox.NamedNode, g: ox.NamedNode, sink: Sink) -> None:
    """What a model record states beyond its name: families, flags, datasets, lineage, claims; a mapped family."""
    for fam in r.get("families") or []:
        sink.add(s, l4c("family"), iri("family", fam), g)
    if r.get("agentic") is not None:
        sink.add(s, l4c("agentic"), r["agentic"], g)
    if r.get("year") is not None:
        sink.add(s, l4c("year"), r["year"], g)
    if r.get("category"):
        sink.add(s, l4c("catalogueCategory"), r["category"], g)
    for fam in r.get("mapped_families") or []:  # a mapping of the category, not a statement of the source
        sink.add(s, l4c("mappedFamily"), iri("family", fam), g)
        sink.add(g, l4c("familyMapping"), f"catalogue category '{r['category']}' -> {fam} ({CATEGORY_TABLE})", g)
    for x in r.get("datasets") or []:
        d = iri("dataset", x["id"])
        sink.add(s, l4c("trainedOrEvaluatedOn"), d, g)
        if x["relation"] != "trainedOrEvaluatedOn":
            sink.add(s, l4c(x["relation"]), d, g)
    stated = [(x["relation"], iri("model", x["model"]), x) for x in r.get("lineage") or []]
    stated += [(*_claim_object(c["relation"], c["object"]), c) for c in r.get("claims") or []]
    for j, (prop, o, x) in enumerate(stated, start=1):
        sink.add(s, l4c(prop), o, g)
        node = N(f"{g.value}/claim/{j}")
        sink.add(g, l4c("hasClaim"), node, g)
        sink.add(node, TYPE, l4c("ExternalClaim"), g)
        sink.add(node, l4c("claimedPredicate"), l4c(prop), g)
        sink.add(node, l4c("claimedObject"), o, g)
        sink.add(node, l4c("claimQuote"), x["quote"], g)
        sink.add(node, l4c("claimLocator"), x["locator"], g)


def _claim_object(relation: str, obj: str) -> tuple[str, ox.NamedNode]:
    """A claim relation's ontology property and its object's IRI (vocabulary term or dataset)."""
    where, prop = CLAIM_OBJECTS[relation]
    kind, name = where.split(":")
    return prop, iri(name if kind == "vocab" else "dataset", obj)
