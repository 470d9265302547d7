"""The VoID + DCAT description of a release: statistics, partitions, versions, and one distribution per file."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from datetime import date

import pyoxigraph as ox

from ..common.namespaces import BASE, DCTERMS, ONTOLOGY_IRI, OWL, PROV, RDF, RDFS, SURVEY_IRI, XSD
from ..common.prefixes import PREFIX_MAP

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
SPDX = "http://spdx.org/rdf/terms#"
FOAF = "http://xmlns.com/foaf/0.1/"
RELEASE_BASE = BASE + "release/"
LICENSE = "https://spdx.org/licenses/MIT"  # the project's licence (pyproject.toml), unless --license says otherwise
IMPORTS = {"cl": "CL", "uberon": "UBERON", "ncbitaxon": "NCBITaxon", "efo": "EFO"}
MEDIA_TYPES = {
    ".nq.gz": "application/n-quads",
    ".trig": "application/trig",
    ".ttl": "text/turtle",
    ".jsonld": "application/ld+json",
}
IANA = "https://www.iana.org/assignments/media-types/"

N = ox.NamedNode
DEFAULT = ox.DefaultGraph()


def _int(n: int, datatype: str = "integer") -> ox.Literal:
    return ox.Literal(str(n), datatype=N(XSD + datatype))


def import_versions(quads: list[ox.Quad]) -> dict[str, str]:
    """Import module IRI -> the pinned upstream release (owl:versionInfo of ontology/imports/*.ttl)."""
    out = {}
    for q in quads:
        if not isinstance(q.subject, ox.NamedNode) or not isinstance(q.object, ox.Literal):
            continue
        s = q.subject.value
        if s.startswith(ONTOLOGY_IRI + "/imports/") and q.predicate.value == OWL + "versionInfo":
            if s.rsplit("/", 1)[-1] in IMPORTS:
                out[s] = q.object.value
    return dict(sorted(out.items()))


def statistics(quads: list[ox.Quad]) -> dict[str, object]:
    """void:triples (every quad), void:entities (IRI subjects in the project's namespace), partitions."""
    classes: dict[str, set[str]] = {}
    props: Counter[str] = Counter()
    subjects, objects = set(), set()
    for q in quads:
        props[q.predicate.value] += 1
        subjects.add(q.subject)
        objects.add(q.object)
        if q.predicate.value == RDF + "type" and isinstance(q.object, ox.NamedNode):
            classes.setdefault(q.object.value, set()).add(str(q.subject))
    entities = {s.value for s in subjects if isinstance(s, ox.NamedNode) and s.value.startswith(BASE)}
    return {
        "triples": len(quads),
        "entities": len(entities),
        "distinctSubjects": len(subjects),
        "distinctObjects": len(objects),
        "classes": {c: len(members) for c, members in sorted(classes.items())},
        "properties": dict(sorted(props.items())),
    }


def _slug(iri: str) -> str:
    for prefix, ns in sorted(PREFIX_MAP.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns):
            iri = f"{prefix}-{iri[len(ns) :]}"
            break
    return re.sub(r"[^A-Za-z0-9_-]+", "-", iri).strip("-")


def describe(
    version: str,
    quads: list[ox.Quad],
    files: dict[str, bytes],
    issued: date,
    endpoint: str | None = None,
    license_iri: str = LICENSE,
) -> bytes:
    """Turtle describing the release `version` of `quads`, distributed as `files` (name -> bytes)."""
    rel = RELEASE_BASE + version
    ds = N(rel)
    out: list[ox.Triple] = []

    def add(s: ox.NamedNode | ox.BlankNode, p: str, o: ox.NamedNode | ox.BlankNode | ox.Literal) -> None:
        out.append(ox.Triple(s, N(p), o))

    stats = statistics(quads)
    add(ds, RDF + "type", N(VOID + "Dataset"))
    add(ds, RDF + "type", N(DCAT + "Dataset"))
    add(ds, DCTERMS + "title", ox.Literal(f"LLM4Cell knowledge graph {version}"))
    add(
        ds,
        DCTERMS + "description",
        ox.Literal(
            "The models, datasets, publications and claims of the survey 'LLM4Cell: A Survey of Large Language and "
            "Agentic Models for Single-Cell Biology', each statement in a named graph naming its survey location."
        ),
    )
    add(ds, DCTERMS + "license", N(license_iri))
    add(ds, DCTERMS + "issued", ox.Literal(issued.isoformat(), datatype=N(XSD + "date")))
    add(ds, OWL + "versionInfo", ox.Literal(version))
    add(ds, DCAT + "version", ox.Literal(version))
    add(ds, PROV + "wasDerivedFrom", N(SURVEY_IRI))
    add(ds, VOID + "uriSpace", ox.Literal(BASE))
    add(ds, VOID + "vocabulary", N(ONTOLOGY_IRI))
    add(ds, DCTERMS + "conformsTo", N(f"{ONTOLOGY_IRI}/{version}"))
    add(N(ONTOLOGY_IRI), RDF + "type", N(OWL + "Ontology"))
    add(N(ONTOLOGY_IRI), OWL + "versionIRI", N(f"{ONTOLOGY_IRI}/{version}"))
    add(N(ONTOLOGY_IRI), OWL + "versionInfo", ox.Literal(version))
    if endpoint:
        add(ds, VOID + "sparqlEndpoint", N(endpoint))
    for key in ("triples", "entities", "distinctSubjects", "distinctObjects"):
        add(ds, VOID + key, _int(stats[key]))  # type: ignore[arg-type]
    classes: dict[str, int] = stats["classes"]  # type: ignore[assignment]
    properties: dict[str, int] = stats["properties"]  # type: ignore[assignment]
    add(ds, VOID + "classes", _int(len(classes)))
    add(ds, VOID + "properties", _int(len(properties)))
    for cls, n in classes.items():
        part = N(f"{rel}/class/{_slug(cls)}")
        add(ds, VOID + "classPartition", part)
        add(part, VOID + "class", N(cls))
        add(part, VOID + "entities", _int(n))
    for prop, n in properties.items():
        part = N(f"{rel}/property/{_slug(prop)}")
        add(ds, VOID + "propertyPartition", part)
        add(part, VOID + "property", N(prop))
        add(part, VOID + "triples", _int(n))
    for module, release in import_versions(quads).items():
        name = IMPORTS[module.rsplit("/", 1)[-1]]
        add(ds, DCTERMS + "requires", N(module))
        add(N(module), RDF + "type", N(OWL + "Ontology"))
        add(N(module), RDFS + "label", ox.Literal(f"{name} import module"))
        add(N(module), OWL + "versionInfo", ox.Literal(release))
        m = re.fullmatch(r"v?(\d{4}-\d{2}-\d{2})", release)
        if m:  # CL, UBERON and NCBITaxon are versioned by date; EFO by number
            add(N(module), DCTERMS + "issued", ox.Literal(m.group(1), datatype=N(XSD + "date")))
    for name, data in sorted(files.items()):
        dist = N(f"{rel}/{name}")
        add(ds, DCAT + "distribution", dist)
        add(dist, RDF + "type", N(DCAT + "Distribution"))
        add(dist, DCTERMS + "title", ox.Literal(name))
        add(dist, DCAT + "downloadURL", dist)
        media = next(t for ext, t in MEDIA_TYPES.items() if name.endswith(ext))
        add(dist, DCAT + "mediaType", N(IANA + media))
        if name.endswith(".gz"):
            add(dist, DCAT + "compressFormat", N(IANA + "application/gzip"))
        add(dist, DCAT + "byteSize", _int(len(data), "nonNegativeInteger"))
        add(dist, DCTERMS + "license", N(license_iri))
        checksum = N(f"{rel}/{name}#sha256")
        add(dist, SPDX + "checksum", checksum)
        add(checksum, RDF + "type", N(SPDX + "Checksum"))
        add(checksum, SPDX + "algorithm", N(SPDX + "checksumAlgorithm_sha256"))
        add(
            checksum,
            SPDX + "checksumValue",
            ox.Literal(hashlib.sha256(data).hexdigest(), datatype=N(XSD + "hexBinary")),
        )
    prefixes = {
        **{k: v for k, v in PREFIX_MAP.items() if k in ("l4c", "owl", "rdf", "rdfs", "xsd", "dcterms", "prov")},
        "void": VOID,
        "dcat": DCAT,
        "spdx": SPDX,
        "foaf": FOAF,
    }
    return to_bytes(sorted(set(out), key=str), ox.RdfFormat.TURTLE, prefixes)


def to_bytes(data: list[ox.Triple] | list[ox.Quad], fmt: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> bytes:
    """`ox.serialize` into memory (it returns bytes when given no output file)."""
    out = ox.serialize(data, format=fmt, prefixes=prefixes)
    assert out is not None
    return out
