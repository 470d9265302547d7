"""IRI namespaces of the graph (documented in docs/CONVENTIONS.md)."""

from __future__ import annotations

BASE = "https://w3id.org/llm4cell/"
L4C = BASE + "ontology#"
ONTOLOGY_IRI = BASE + "ontology"
SURVEY_IRI = BASE + "survey"

#: scheme name -> IRI prefix, for ids used in graph/*.yaml
SCHEMES: dict[str, str] = {
    "family": BASE + "family/",
    "task": BASE + "task/",
    "modality": BASE + "modality/",
    "grounding": BASE + "grounding/",
    "domain": BASE + "domain/",
    "dimension": BASE + "dimension/",
    "model": BASE + "model/",
    "dataset": BASE + "dataset/",
    "pub": BASE + "publication/",
    "venue": BASE + "venue/",
    "resource": BASE + "resource/",
    "src": BASE + "source/",
}

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
