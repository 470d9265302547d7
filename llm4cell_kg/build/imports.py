"""The ontology's import modules (ontology/imports/*.ttl): their IRIs, their quads (one named graph per module) and
what they say about each linked term (label, unverified mark, release version)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import paths
from ..common.namespaces import BASE, OWL, RDF, RDFS
from ..common.prefixes import EFO_NS, OBO

IMPORTS_DIR = paths.ONTOLOGY_DIR / "imports"
IMPORT_BASE = BASE + "ontology/imports/"
L4C_UNVERIFIED = BASE + "ontology#unverified"
#: ontology name -> its OBO ontology IRI (the object of l4c:groundingOntology)
ONTOLOGY_IRIS = {
    "CL": OBO + "cl.owl",
    "UBERON": OBO + "uberon.owl",
    "EFO": EFO_NS + "efo.owl",
    "NCBITaxon": OBO + "ncbitaxon.owl",
    "PO": OBO + "po.owl",
}


def module_iri(name: str) -> str:
    """The IRI of an import module (and of the named graph that holds it)."""
    return IMPORT_BASE + name.lower()


def import_files(directory: Path | None = None) -> list[Path]:
    return sorted((directory or IMPORTS_DIR).glob("*.ttl"))


def import_quads(directory: Path | None = None) -> list[Any]:
    """The import modules as quads: each module's terms in the named graph of the module; the module's own
    header (owl:Ontology, versions) in the default graph, as metadata of the built graph."""
    import pyoxigraph as ox

    out = []
    for path in import_files(directory):
        g = ox.NamedNode(module_iri(path.stem))
        for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            graph = ox.DefaultGraph() if t.subject == g else g
            out.append(ox.Quad(t.subject, t.predicate, t.object, graph))
    return out


@dataclass
class ImportedTerms:
    """What the import modules say about each term: label, and whether it is marked unverified."""

    labels: dict[str, str] = field(default_factory=dict)
    unverified: set[str] = field(default_factory=set)
    versions: dict[str, str] = field(default_factory=dict)


def imported_terms(directory: Path | None = None) -> ImportedTerms:
    import pyoxigraph as ox

    found = ImportedTerms()
    for q in import_quads(directory):
        s, p, o = q.subject, q.predicate.value, q.object
        if not isinstance(s, ox.NamedNode):
            continue
        if p == RDFS + "label":
            found.labels[s.value] = o.value
        elif p == L4C_UNVERIFIED and o.value == "true":
            found.unverified.add(s.value)
        elif p == OWL + "versionInfo" and s.value.startswith(IMPORT_BASE):
            found.versions[s.value[len(IMPORT_BASE) :]] = o.value
        elif p == RDF + "type" and o.value == OWL + "Ontology" and s.value in ONTOLOGY_IRIS.values():
            found.labels.setdefault(s.value, "")
    return found
