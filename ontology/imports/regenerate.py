"""Regenerate the import modules in ontology/imports/ from the ontology releases in cellxgene-ontology-guide.

    python ontology/imports/regenerate.py [--quiet]

Reads the term ids of graph/ontology_links.yaml, looks each one up in the pinned release (CL, UBERON, EFO,
NCBITaxon; NCBITaxon is streamed, never loaded whole), and writes one Turtle module per ontology holding the
linked terms and every ancestor of theirs that the release has as a term: label, definition, synonyms, the
release's ancestor closure as l4c:ancestor plus l4c:ancestry steps with the distance. rdfs:subClassOf is written
only where is_a is established: NCBITaxon, whose closures are single-parent chains (checked here). Terms that no
shipped release holds (Plant Ontology, plant taxa) go to unverified.ttl, hand-labelled below and marked
l4c:unverified. Run `llm4cell-kg link check` afterwards.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox
import yaml

from llm4cell_kg.build import imports
from llm4cell_kg.checks import link_check
from llm4cell_kg.common.namespaces import DCTERMS, L4C, OWL, PROV, RDF, RDFS, SKOS, XSD
from llm4cell_kg.common.prefixes import EFO_NS, PREFIX_MAP, expand
from llm4cell_kg.common.progress import Progress

HERE = Path(__file__).resolve().parent
GRAPH = HERE.parent.parent / "graph" / "ontology_links.yaml"
N = ox.NamedNode
SYN = "http://www.geneontology.org/formats/oboInOwl#hasSynonym"

#: terms no shipped release holds: curie -> (label, ancestors). Labels entered by hand from the NCBI Taxonomy
#: and the Plant Ontology; `link check` lists them as unverified.
UNVERIFIED: dict[str, tuple[str, list[str]]] = {
    "NCBITaxon:33090": ("Viridiplantae", []),
    "NCBITaxon:3702": ("Arabidopsis thaliana", ["NCBITaxon:33090"]),
    "NCBITaxon:4530": ("Oryza sativa", ["NCBITaxon:33090"]),
    "NCBITaxon:4577": ("Zea mays", ["NCBITaxon:33090"]),
    "NCBITaxon:4081": ("Solanum lycopersicum", ["NCBITaxon:33090"]),
    "NCBITaxon:4097": ("Nicotiana tabacum", ["NCBITaxon:33090"]),
    "PO:0009005": ("root", []),
    "PO:0025034": ("leaf", []),
}


def linked_terms(path: Path = GRAPH) -> set[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {x["term"] for section in data.values() for links in (section or {}).values() for x in links or []}


def lit(v: object) -> ox.Literal:
    if isinstance(v, bool):
        return ox.Literal("true" if v else "false", datatype=N(XSD + "boolean"))
    if isinstance(v, int):
        return ox.Literal(str(v), datatype=N(XSD + "integer"))
    return ox.Literal(str(v))


def header(name: str, version: str, description: str, source: str | None) -> list[ox.Triple]:
    m = N(imports.module_iri(name))
    out = [
        ox.Triple(m, N(RDF + "type"), N(OWL + "Ontology")),
        ox.Triple(m, N(RDFS + "label"), lit(f"{name} terms used by the LLM4Cell knowledge graph")),
        ox.Triple(m, N(DCTERMS + "description"), lit(description)),
        ox.Triple(m, N(OWL + "versionInfo"), lit(version)),
    ]
    if source:
        out.append(ox.Triple(m, N(PROV + "wasDerivedFrom"), N(source)))
        out.append(
            ox.Triple(
                m,
                N(L4C + "extractedWith"),
                lit(
                    f"cellxgene-ontology-guide {link_check.package_version()} "
                    f"(CELLxGENE schema {link_check.SCHEMA_VERSION})"
                ),
            )
        )
    return out


def release_header(name: str, version: str) -> list[ox.Triple]:
    """The release itself (its ontology IRI, name and version), as the module and the whole release both state it."""
    onto = N(imports.ONTOLOGY_IRIS[name])
    return [
        ox.Triple(onto, N(RDF + "type"), N(OWL + "Ontology")),
        ox.Triple(onto, N(RDFS + "label"), lit(name)),
        ox.Triple(onto, N(OWL + "versionInfo"), lit(version)),
    ]


def term_triples(curie: str, entry: dict, present: dict[str, dict], is_a: bool) -> list[ox.Triple]:
    s = N(expand(curie))
    out = [
        ox.Triple(s, N(RDF + "type"), N(OWL + "Class")),
        ox.Triple(s, N(RDFS + "label"), lit(entry.get("label", ""))),
    ]
    if entry.get("description"):
        out.append(ox.Triple(s, N(SKOS + "definition"), lit(entry["description"])))
    for syn in entry.get("synonyms") or []:
        out.append(ox.Triple(s, N(SYN), lit(syn)))
    for anc, dist in (entry.get("ancestors") or {}).items():
        if anc not in present:  # listed in the closure but not a term of the release (e.g. NCBITaxon:2759)
            continue
        a = N(expand(anc))
        step = N(f"{imports.IMPORT_BASE}ancestry/{curie.replace(':', '_')}/{anc.replace(':', '_')}")
        out += [
            ox.Triple(s, N(L4C + "ancestor"), a),
            ox.Triple(s, N(L4C + "ancestry"), step),
            ox.Triple(step, N(RDF + "type"), N(L4C + "AncestryStep")),
            ox.Triple(step, N(L4C + "ancestorTerm"), a),
            ox.Triple(step, N(L4C + "distance"), lit(int(dist))),
        ]
        if is_a and dist == 1:
            out.append(ox.Triple(s, N(RDFS + "subClassOf"), a))
    return out


def single_parent_chain(entries: dict[str, dict]) -> bool:
    """True when every closure is a chain 1, 2, ..., n (one ancestor per distance): a pure is_a taxonomy."""
    for e in entries.values():
        dists = sorted((e.get("ancestors") or {}).values())
        if dists != list(range(1, len(dists) + 1)):
            return False
    return True


def module(name: str, ids: set[str]) -> tuple[list[ox.Triple], set[str]]:
    """The module of ontology `name` for `ids`; returns triples and the ids the release lacks."""
    version = link_check.release_versions()[name]
    found = link_check.release_terms(name, ids)
    ancestors = {a for e in found.values() for a in (e.get("ancestors") or {})}
    present = {**found, **link_check.release_terms(name, ancestors - set(found))}
    is_a = name == "NCBITaxon" and single_parent_chain(present)
    desc = (
        f"The {name} terms linked from graph/ontology_links.yaml and their ancestors, extracted from {name} "
        f"{version} as shipped by cellxgene-ontology-guide. l4c:ancestor is the release's ancestor closure "
        "(is_a or part_of, not told apart); l4c:ancestry gives each ancestor's distance. "
        + (
            "rdfs:subClassOf links each taxon to its parent: NCBITaxon closures are single-parent chains, "
            "i.e. is_a only."
            if is_a
            else "No rdfs:subClassOf is asserted: the release does not say which ancestors are is_a."
        )
    )
    triples = header(name, version, desc, link_check.release_source(name)) + release_header(name, version)
    for curie, entry in present.items():
        if entry.get("deprecated"):
            triples.append(ox.Triple(N(expand(curie)), N(OWL + "deprecated"), lit(True)))
        triples += term_triples(curie, entry, present, is_a)
    return triples, ids - set(found)


def unverified_module(ids: set[str]) -> list[ox.Triple]:
    desc = (
        "Terms no release in cellxgene-ontology-guide holds (it ships no Plant Ontology and no plant taxa): "
        "labels entered by hand in ontology/imports/regenerate.py, not checked against any release. "
        "`llm4cell-kg link check` lists them as unverified."
    )
    triples = header("unverified", "unverified", desc, None)
    for curie in sorted(ids):
        label, ancestors = UNVERIFIED[curie]
        s = N(expand(curie))
        triples += [
            ox.Triple(s, N(RDF + "type"), N(OWL + "Class")),
            ox.Triple(s, N(RDFS + "label"), lit(label)),
            ox.Triple(s, N(L4C + "unverified"), lit(True)),
        ]
        triples += [ox.Triple(s, N(L4C + "ancestor"), N(expand(a))) for a in ancestors]
    return triples


def write(path: Path, triples: list[ox.Triple], comment: str) -> None:
    names = ("l4c", "rdf", "rdfs", "owl", "xsd", "skos", "dcterms", "prov", "obo")
    prefixes = {k: v for k, v in PREFIX_MAP.items() if k in names}
    prefixes |= {"efo": EFO_NS, "oboInOwl": "http://www.geneontology.org/formats/oboInOwl#"}
    body = ox.serialize(sorted(set(triples), key=str), format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(
        f"# {comment}\n# Generated by ontology/imports/regenerate.py; do not edit by hand.\n".encode() + body
    )
    tmp.replace(path)


def main(out: Path = HERE, quiet: bool = True) -> dict[str, int]:
    """Write every module; on a terminal (unless `quiet`) show which module is being read and written."""
    with Progress(len(link_check.PACKAGE_ONTOLOGIES) + 1, "regenerate imports", quiet=quiet) as progress:
        return _main(out, progress)


def _main(out: Path, progress: Progress) -> dict[str, int]:
    terms = linked_terms()
    by_onto: dict[str, set[str]] = {}
    unverified: set[str] = set()
    for curie in terms:
        prefix = curie.split(":", 1)[0]
        if prefix in link_check.PACKAGE_ONTOLOGIES:
            by_onto.setdefault(prefix, set()).add(curie)
        elif prefix != "obo":
            unverified.add(curie)
    counts = {}
    for name in link_check.PACKAGE_ONTOLOGIES:
        progress.step(f"{name} {link_check.release_versions()[name]}: {len(by_onto.get(name, set()))} linked term(s)")
        triples, lacking = module(name, by_onto.get(name, set()))
        unknown = lacking - set(UNVERIFIED)
        if unknown:
            sys.exit(
                f"error: not in {name} {link_check.release_versions()[name]}: {', '.join(sorted(unknown))} "
                "(fix graph/ontology_links.yaml, or add the term to UNVERIFIED if no release can hold it)"
            )
        unverified |= lacking
        write(out / f"{name.lower()}.ttl", triples, f"{name} {link_check.release_versions()[name]} import module")
        counts[name] = len(triples)
    unknown = unverified - set(UNVERIFIED)
    if unknown:
        sys.exit(f"error: no release holds {', '.join(sorted(unknown))}; add it to UNVERIFIED with its label")
    progress.step("unverified terms")
    triples = unverified_module(unverified)
    write(out / "unverified.ttl", triples, "Unverified terms (no shipped release)")
    counts["unverified"] = len(triples)
    return counts


if __name__ == "__main__":
    for name, n in main(quiet="--quiet" in sys.argv[1:] or "-q" in sys.argv[1:]).items():
        print(f"{name}: {n} triples")
