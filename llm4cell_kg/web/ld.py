"""Linked data: an entity IRI path (/model/scgpt) answers HTML for a browser and RDF for a client (Accept or a
`.ttl`/`.nt`/`.rdf`/`.jsonld`/`.trig`/`.nq` suffix), holding the entity's statements and their provenance.

TriG, N-Quads and JSON-LD keep each statement in the named graph of the survey location that states it (the graph's
description — table, row, section, quote — is included); Turtle, N-Triples and RDF/XML cannot hold named graphs, so
they hold the statements and the descriptions of every source location, and name the TriG form in a `Link` header.
"""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox

from ..common.prefixes import PREFIX_MAP
from ..common.terms import to_bytes

#: suffix -> media type, and the media types a client may ask for, in our order of preference
SUFFIXES = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
    ".trig": "application/trig",
    ".nq": "application/n-quads",
    ".rdf": "application/rdf+xml",
}
RDF_TYPES = (
    "text/turtle",
    "application/ld+json",
    "application/n-triples",
    "application/trig",
    "application/n-quads",
    "application/rdf+xml",
)
#: the formats that cannot hold named graphs: the statements once, with the descriptions of their sources
GRAPHLESS = ("text/turtle", "application/n-triples", "application/rdf+xml")
FORMATS = {
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}


def choose(accept: str | None) -> str:
    """The media type to answer with: text/html unless the client prefers one of the RDF types (q-values honoured;
    a browser's `*/*` gets HTML)."""
    best, best_q = "text/html", 0.0
    for i, part in enumerate((accept or "").split(",")):
        media, *params = [x.strip() for x in part.split(";")]
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        media = media.lower()
        if media in ("application/json",):
            media = "application/ld+json"
        if media in RDF_TYPES or media in ("text/html", "application/xhtml+xml"):
            score = q - i * 1e-6  # earlier wins among equals
            if score > best_q:
                best, best_q = ("text/html" if media == "application/xhtml+xml" else media), score
    return best


def entity_quads(store: Any, iri: str) -> list[ox.Quad]:
    """Every statement about `iri` (in its source graphs), what its scale figures say, and each source's description."""
    node = ox.NamedNode(iri)
    quads = list(store.quads_for_pattern(node, None, None, None))
    extra = []
    for q in quads:
        if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(iri + "/"):  # dataset:x/scale/cells
            extra += store.quads_for_pattern(q.object, None, None, None)
    graphs = {q.graph_name for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    for g in sorted(graphs, key=lambda x: x.value):
        extra += store.quads_for_pattern(g, None, None, None)
    return sorted(set(quads + extra), key=str)


def serialize(quads: list[ox.Quad], media: str) -> bytes:
    """`quads` as `media`: graph-less formats get the triples once; JSON-LD uses the published context."""
    if media == "application/ld+json":
        from ..export.jsonld import CONTEXT_URL, context, to_rdflib

        ctx = context()
        text = to_rdflib(quads).serialize(format="json-ld", context=ctx, auto_compact=True, indent=1)
        doc = json.loads(text)
        doc["@context"] = ctx
        doc.setdefault("@comment", f"context published at {CONTEXT_URL}")
        return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode()
    fmt = FORMATS[media]
    prefixes = PREFIX_MAP if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML) else None
    if media in GRAPHLESS:
        triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
        return to_bytes(triples, fmt, prefixes)
    return to_bytes(quads, fmt, prefixes)


#: the schema.org type of an entity page, by kind (vocabulary entries, venues, terms: a defined term)
SCHEMA_TYPES = {"model": "SoftwareApplication", "dataset": "Dataset", "publication": "ScholarlyArticle"}
#: identifier IRIs of papers (https://doi.org/..., https://arxiv.org/abs/..., PubMed Central, PubMed)
PAPER_IRIS = ("https://doi.org/", "https://arxiv.org/abs/", "https://pmc.ncbi.nlm.nih.gov/", "https://pubmed.ncbi")


def schema_org(card: Any) -> dict[str, Any]:
    """The schema.org description of an entity page (a `Card`), for harvesters and FAIR checkers: a model as a
    SoftwareApplication (codeRepository, license, citation, isBasedOn for its lineage, sameAs its catalogue entries),
    a dataset as a Dataset, anything else as a DefinedTerm; `identifier` holds its IRI and CURIE (and a dataset's
    printed accessions, each with its IRI)."""
    doc: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(card.kind, "DefinedTerm"),
        "@id": card.iri,
        "name": card.label,
        "url": card.iri,
        "identifier": [card.iri, card.curie],
        "description": card.summary,
    }
    if card.alt_labels:
        doc["alternateName"] = card.alt_labels
    links: dict[str, list[str]] = {}
    for e in card.web_links:
        if e["target"]:
            links.setdefault(e["kind"], []).append(e["target"])
    papers = sorted({u for u in links.get("paper", []) if u.startswith(PAPER_IRIS)})
    cited = [f for f in card.facts if f.property in ("l4c:citation", "l4c:proseCitation")]
    citation = {u: {"@type": "ScholarlyArticle", "@id": u, "url": u, "identifier": u} for u in papers}
    for v in (v for f in cited for v in f.values if v.iri):
        citation.setdefault(v.iri, {"@type": "ScholarlyArticle", "@id": v.iri, "name": v.label})
    if citation:
        doc["citation"] = list(citation.values())
    if links.get("code"):
        doc["codeRepository"] = sorted(set(links["code"]))
    if links.get("licence"):
        doc["license"] = sorted(set(links["licence"]))
    if links.get("listed in"):
        doc["sameAs"] = sorted(set(links["listed in"]))
    accessions = [e for e in card.web_links if e["kind"] == "accession"]
    if accessions:  # a dataset's archive accession as printed, as a PropertyValue with its IRI
        doc["identifier"] += [
            {"@type": "PropertyValue", "propertyID": "accession", "value": e["label"], "url": e["target"]}
            for e in accessions
        ]
    extra = sorted({u for k in ("weights", "documentation") for u in links.get(k, [])})
    if extra:
        doc["subjectOf"] = [{"@type": "CreativeWork", "url": u} for u in extra]
    based_on = [v.iri for v in card.lineage if v.basis == "buildsOn" and v.iri]
    if based_on:
        doc["isBasedOn"] = based_on
    return doc


def schema_org_script(card: Any) -> str:
    """The `<script type="application/ld+json">` block of an entity page (`</` escaped, so no text ends it)."""
    text = json.dumps(schema_org(card), ensure_ascii=False, indent=1, sort_keys=True).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>'
