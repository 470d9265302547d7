"""Records from publications other than the survey (graph/external_*.yaml) as quads: one graph per record, a
PROV-O curator assertion naming the publication, who curated it and when."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from ..common.namespaces import BASE, PROV, XSD
from ..curation.records import Records
from ..curation.schema import SOURCE_IRIS
from .emit import LABEL, TYPE, N, Sink, add_accession, iri, l4c, record_graph

CURATOR_BASE = BASE + "curator/"


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


def add_external(rec: Records, sink: Sink) -> None:
    """Records from publications other than the survey: one graph per record, typed l4c:CuratorAssertion and
    described with PROV-O inside itself, so a dataset without those graphs holds exactly what the survey says."""
    for coll, scheme, cls in (("external_models", "model", "Model"), ("external_datasets", "dataset", "Dataset")):
        for r in rec[coll]:
            s, g = iri(scheme, r["id"]), record_graph(coll, id=r["id"])
            src = r["source"]
            pub, printed = source_publication(src)
            agent = curator_iri(src["curator"])
            sink.add(g, TYPE, l4c("CuratorAssertion"), g)
            sink.add(g, N(PROV + "wasDerivedFrom"), N(pub), g)
            sink.add(g, l4c("sourceIdentifier"), printed, g)
            sink.add(g, N(PROV + "wasAttributedTo"), agent, g)
            sink.add(agent, TYPE, N(PROV + "Agent"), g)
            sink.add(agent, LABEL, src["curator"].strip(), g)
            when = ox.Literal(f"{src['date']}T00:00:00Z", datatype=N(XSD + "dateTime"))
            sink.add(g, N(PROV + "generatedAtTime"), when, g)
            sink.add(s, TYPE, l4c(cls), g)
            sink.add(s, LABEL, r["name"], g)
            if scheme == "model":
                for fam in r["families"]:
                    sink.add(s, l4c("family"), iri("family", fam), g)
                for v in r.get("grounding") or []:
                    sink.add(s, l4c("groundingType"), iri("grounding", v), g)
                sink.add(s, l4c("agentic"), r["agentic"], g)
                sink.add(s, l4c("year"), r["year"], g)
            for v in r.get("modalities") or []:
                sink.add(s, l4c("modality"), iri("modality", v), g)
            for v in r.get("tasks") or []:
                sink.add(s, l4c("task"), iri("task", v), g)
            for acc in r.get("accessions") or []:
                add_accession(sink, s, acc, g)
