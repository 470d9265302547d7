"""The full CL, UBERON and EFO releases pinned by cellxgene-ontology-guide as RDF, for the "next to whole ontologies"
benchmark: each release's own description and every term of it, written as ontology/imports/regenerate.py writes an
import module (label, definition, synonyms, l4c:ancestor closure and l4c:ancestry steps), in the module's named graph.

Run: python bench/ontology_rdf.py OUT.nq   (or import `write_releases`)
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from llm4cell_kg.build import imports
from llm4cell_kg.checks import link_check
from llm4cell_kg.common.namespaces import OWL
from llm4cell_kg.common.prefixes import expand

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ontology" / "imports"))
from regenerate import lit, release_header, term_triples  # noqa: E402

#: the releases shipped whole in cellxgene-ontology-guide that the import modules are cut from
RELEASES = ("CL", "UBERON", "EFO")


def release_quads(name: str, keep: Callable[[str, dict[str, Any]], bool] | None = None) -> list[ox.Quad]:
    """Every term of release `name` (or those `keep(curie, entry)` accepts; closures stay the whole release's) in the
    named graph of its import module."""
    whole = link_check._schema().ontology(name)
    g = ox.NamedNode(imports.module_iri(name))
    # the release's own description (owl:Ontology, rdfs:label, owl:versionInfo), as its import module states it:
    # links/link-evidence labels each l4c:groundingOntology link (e.g. <.../uberon.owl> "UBERON") from it
    head = release_header(name, link_check.release_versions()[name])
    out: list[ox.Quad] = [ox.Quad(t.subject, t.predicate, t.object, g) for t in head]
    for curie, entry in whole.items():
        if keep is not None and not keep(curie, entry):
            continue
        triples = term_triples(curie, entry, whole, is_a=False)
        if entry.get("deprecated"):
            triples.append(ox.Triple(ox.NamedNode(expand(curie)), ox.NamedNode(OWL + "deprecated"), lit(True)))
        out += [ox.Quad(t.subject, t.predicate, t.object, g) for t in triples]
    return out


def write_releases(path: Path) -> int:
    """Write the releases as N-Quads to `path`; returns the number of quads."""
    n = 0
    with path.open("wb") as fh:
        for name in RELEASES:
            quads = release_quads(name)
            ox.serialize(quads, fh, ox.RdfFormat.N_QUADS)
            n += len(quads)
    return n


def module_graphs() -> set[str]:
    """The named graphs the releases replace (the import modules cut from them)."""
    return {imports.module_iri(name) for name in RELEASES}


if __name__ == "__main__":
    print(write_releases(Path(sys.argv[1])))
