"""Links from public catalogues (graph/web_links.yaml) as quads: one graph per record, a curator assertion typed
l4c:LinkAssertion that names the file it reads (repository, path, commit, date) and how the catalogue entry was
matched; in it, the model's paper, code, weights, documentation, licence and its SKOS mapping to the entry (or,
for a record with a `publication`, that cited reference's paper)."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from ..common.namespaces import PROV, SKOS, XSD
from ..curation.records import Records
from .emit import LABEL, TYPE, N, Sink, iri, l4c, record_graph
from .external import curator_iri

SEMAPV = "https://w3id.org/semapv/vocab/"
SPDX = "https://spdx.org/licenses/"
#: a record's link kind -> the property it is stated with
LINK_PROPERTIES = {
    "paper": "paper",
    "code": "codeRepository",
    "weights": "weights",
    "documentation": "documentation",
}


def _day(value: Any) -> ox.Literal:
    # no time zone: "Z" and "+00:00" are each rewritten to the other by some reader (rdflib's JSON-LD, Oxigraph),
    # a day without a zone by none, so every serialisation and every store holds the same literal
    return ox.Literal(f"{value}T00:00:00", datatype=N(XSD + "dateTime"))


def file_iri(source: dict[str, Any]) -> str:
    """The file a record reads, at its commit: https://github.com/OWNER/NAME/blob/COMMIT/PATH."""
    return f"{source['repository'].rstrip('/')}/blob/{source['commit']}/{source['path']}"


def source_identifier(source: dict[str, Any]) -> str:
    """How a record's source is printed: 'scRNA-tools database/tools.tsv @ 39f8949 (2025-09-20)'."""
    return f"{source['name']} {source['path']} @ {source['commit'][:7]} ({source['date']})"


def add_links(rec: Records, sink: Sink) -> None:
    """One graph per link record: its PROV-O description (the file read, the curator, the day) and the match's
    evidence, conflicts, justification and confidence; in it, the model's links out."""
    for r in rec["web_links"]:
        # a record of the model's cited reference states its links of that publication, never of the model
        s = iri("pub", r["publication"]) if r.get("publication") else iri("model", r["model"])
        g = record_graph("web_links", id=r["id"])
        src = r["source"]
        agent = curator_iri(r["curator"])
        sink.add(g, TYPE, l4c("LinkAssertion"), g)
        sink.add(g, N(PROV + "wasDerivedFrom"), N(file_iri(src)), g)
        sink.add(g, l4c("sourceIdentifier"), source_identifier(src), g)
        sink.add(g, N(PROV + "wasAttributedTo"), agent, g)
        sink.add(agent, TYPE, N(PROV + "Agent"), g)
        sink.add(agent, LABEL, r["curator"].strip(), g)
        sink.add(g, N(PROV + "generatedAtTime"), _day(r["curated"]), g)
        sink.add(g, l4c("sourceName"), src["name"], g)
        sink.add(g, l4c("sourceRepository"), N(src["repository"]), g)
        sink.add(g, l4c("sourcePath"), src["path"], g)
        sink.add(g, l4c("sourceCommit"), src["commit"], g)
        sink.add(g, l4c("sourceDate"), _day(src["date"]), g)
        for text in r["evidence"]:
            sink.add(g, l4c("matchEvidence"), text, g)
        for text in r.get("conflicts") or []:
            sink.add(g, l4c("matchConflict"), text, g)
        entry = r.get("entry")
        if entry:
            predicate = N(SKOS + entry["predicate"].split(":", 1)[1])
            sink.add(s, predicate, N(entry["url"]), g)
            sink.add(N(entry["url"]), LABEL, entry["label"], g)
            sink.add(g, l4c("mappingJustification"), N(SEMAPV + entry["justification"].split(":", 1)[1]), g)
            confidence = ox.Literal(f"{float(entry['confidence']):g}", datatype=N(XSD + "decimal"))  # canonical
            sink.add(g, l4c("confidence"), confidence, g)
        for kind, prop in LINK_PROPERTIES.items():
            for url in r.get(kind) or []:
                sink.add(s, l4c(prop), N(url), g)
        if r.get("licence"):
            sink.add(s, l4c("licence"), N(SPDX + r["licence"]), g)
