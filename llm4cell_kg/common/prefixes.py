"""The package's one prefix map: a `curies.Converter` that shortens and expands every IRI the graph uses.

Every output (CLI tables, JSON, web pages, validation and reasoning reports, exports) writes a term the way a
curator types it in graph/*.yaml: `model:scgpt`, `UBERON:0002048`, `EFO:0008913`, `obo:uberon.owl`. The OBO term
prefixes come ahead of the generic `obo:`, and the longest matching IRI prefix wins. `ontology/context.jsonld` is
written from this map (`scripts/write-context.py`; a test checks the file is up to date).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from .namespaces import BASE, DCTERMS, L4C, OWL, PROV, RDF, RDFS, SCHEMES, SKOS, XSD

if TYPE_CHECKING:
    import curies

OBO = "http://purl.obolibrary.org/obo/"
EFO_NS = "http://www.ebi.ac.uk/efo/"
SHAPES_NS = BASE + "shapes#"

#: OBO-style term prefixes (`UBERON:0002048` <-> http://purl.obolibrary.org/obo/UBERON_0002048)
TERM_PREFIXES: dict[str, str] = {
    "CL": OBO + "CL_",
    "UBERON": OBO + "UBERON_",
    "NCBITaxon": OBO + "NCBITaxon_",
    "PO": OBO + "PO_",
    "EFO": EFO_NS + "EFO_",
    "IAO": OBO + "IAO_",
}

#: prefix -> IRI prefix, for every namespace of the graph, in the order they are declared everywhere
PREFIX_MAP: dict[str, str] = {
    "l4c": L4C,
    **SCHEMES,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    **TERM_PREFIXES,
    "obo": OBO,
    "oboInOwl": "http://www.geneontology.org/formats/oboInOwl#",
    "l4cimport": BASE + "ontology/imports/",
    "l4cs": SHAPES_NS,
}


@functools.cache
def converter() -> curies.Converter:
    """The converter over PREFIX_MAP (built on first use: importing `curies` costs ~0.1 s)."""
    import curies

    return curies.Converter.from_prefix_map(PREFIX_MAP)


@functools.cache
def _longest_first() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(((ns, p) for p, ns in PREFIX_MAP.items()), key=lambda x: -len(x[0])))


def longest_first() -> dict[str, str]:
    """The map (prefix -> IRI prefix) with the longest IRI prefix first, for a consumer that takes the first prefix
    that matches (the SPARQL editor's result table): it then writes the CURIEs `compress` writes."""
    return {p: ns for ns, p in _longest_first()}


def compress(iri: str) -> str:
    """The CURIE of `iri` under the longest matching IRI prefix, or `iri` itself when no prefix fits.

    The converter's answer (tests/common/test_prefixes.py checks it on every IRI of the graph) without importing
    `curies` (with pydantic, 40 times pyoxigraph's import): printing a query's rows must not cost most of a cold start.
    """
    for ns, prefix in _longest_first():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def expand(curie: str) -> str:
    """The IRI of `curie` (`UBERON:0002048`, `EFO:0008913`, `model:scgpt`); anything else is returned unchanged."""
    return converter().expand(curie, passthrough=True)


def sparql_header(text: str | None = None) -> str:
    """PREFIX lines for the whole map, or with `text` only for the prefixes `text` uses (`name:` appears in it)."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIX_MAP.items() if text is None or f"{p}:" in text)


def jsonld_context() -> dict[str, Any]:
    """The JSON-LD 1.1 `@context` of the map (ontology/context.jsonld): a prefix whose IRI does not end in `/`
    or `#` (the OBO term prefixes end in `_`) is declared with `@prefix: true` so compaction uses it."""
    ctx: dict[str, Any] = {"@version": 1.1}
    for p, iri in PREFIX_MAP.items():
        ctx[p] = iri if iri.endswith(("/", "#")) else {"@id": iri, "@prefix": True}
    return {"@context": ctx}
