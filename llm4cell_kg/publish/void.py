"""The VoID + DCAT description of a release: its sources, publisher and landing page, statistics, partitions,
versions, and one distribution (a void:dataDump) per file. The counts are those of the quads given: `release` gives
exactly the quads its dump holds, without the build-time helper triples (docs/derived.md). Which source each record
rests on (the survey, or the source a curator record names: `other_sources`, `stated_by`) is read here, for the
description and for the release notes' counts by source (diff.py)."""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from datetime import date
from typing import Any

import pyoxigraph as ox

from ..common.namespaces import BASE, DCTERMS, L4C, ONTOLOGY_IRI, OWL, PROV, RDF, RDFS, SURVEY_IRI, XSD
from ..common.prefixes import PREFIX_MAP, compress
from ..common.terms import to_bytes
from ..paths import PROJECT_NAME

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
SPDX = "http://spdx.org/rdf/terms#"
FOAF = "http://xmlns.com/foaf/0.1/"
RELEASE_BASE = BASE + "release/"
LICENSE = "https://spdx.org/licenses/MIT"  # the project's licence (pyproject.toml), unless --license says otherwise
#: the project's home page: the root of its IRIs, which w3id.org redirects to the explorer (docs/w3id/.htaccess)
LANDING_PAGE = BASE
SURVEY_TITLE = "LLM4Cell: A Survey of Large Language and Agentic Models for Single-Cell Biology"
IMPORTS = {"cl": "CL", "uberon": "UBERON", "ncbitaxon": "NCBITaxon", "efo": "EFO"}
MEDIA_TYPES = {
    ".nq.gz": "application/n-quads",
    ".trig": "application/trig",
    ".ttl": "text/turtle",
    ".jsonld": "application/ld+json",
}
IANA = "https://www.iana.org/assignments/media-types/"
UNION_ONLY = (".ttl",)  # Turtle names no graphs: the file holds their union

N = ox.NamedNode
DEFAULT = ox.DefaultGraph()
#: a model or dataset the survey states, whoever else does
SURVEY = "survey"
#: the marker of a record only another source states (answers/sources.py's wording; publish does not import answers)
NOT_IN_SURVEY = "not in the survey"


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


_SELF = (RDF + "type", PROV + "wasDerivedFrom", L4C + "sourceIdentifier")  # how a curator record describes itself


def other_sources(quads: list[ox.Quad]) -> dict[str, tuple[str, str]]:
    """Curator-record graph -> (publication IRI, printed identifier), for every record from a publication other
    than the survey (graph/external_*.yaml: a graph typed l4c:CuratorAssertion, described inside itself)."""
    said: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # what a graph says of itself
    for q in quads:
        graph = q.graph_name
        if isinstance(graph, ox.NamedNode) and q.subject == graph and q.predicate.value in _SELF:
            if isinstance(q.object, (ox.NamedNode, ox.Literal)):
                said[graph.value][q.predicate.value].add(q.object.value)
    out: dict[str, tuple[str, str]] = {}
    for g, d in sorted(said.items()):
        if L4C + "CuratorAssertion" in d[RDF + "type"]:
            pub = min(d[PROV + "wasDerivedFrom"], default="")
            out[g] = (pub, min(d[L4C + "sourceIdentifier"], default=pub))
    return out


def stated_by(quads: list[ox.Quad], classes: set[str]) -> dict[str, set[str]]:
    """Entity CURIE -> who types it as one of `classes`: SURVEY for any graph that is not a curator record (a
    survey location), else the printed identifier of each curator record's source."""
    records = other_sources(quads)
    out: dict[str, set[str]] = defaultdict(set)
    for q in quads:
        typed = isinstance(q.object, ox.NamedNode) and q.object.value in classes
        if typed and q.predicate.value == RDF + "type" and isinstance(q.subject, ox.NamedNode):
            g = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
            out[compress(q.subject.value)].add(records[g][1] if g in records else SURVEY)
    return dict(out)


def count_by_source(ids: list[str], stated: dict[str, set[str]]) -> dict[str, Any]:
    """How many of `ids` are the survey's (a model a catalogue lists too is), how many are not in the survey, and
    of those how many each other source states, the largest first (one stated by two sources counts under each)."""
    others = [i for i in ids if SURVEY not in stated.get(i, {SURVEY})]
    per: dict[str, int] = defaultdict(int)
    for i in others:
        for s in stated[i]:
            per[s] += 1
    ranked = dict(sorted(per.items(), key=lambda kv: (-kv[1], kv[0])))  # the largest first
    return {"survey": len(ids) - len(others), "not_in_survey": len(others), "other_sources": ranked}


def in_words(counts: dict[str, Any]) -> str:
    """`count_by_source` as text: `60 from the survey; 56 not in the survey: NAME` (`N from NAME, ...` for more
    than one source), or `all from the survey`."""
    others = counts["other_sources"]
    if not counts["not_in_survey"]:
        return "all from the survey"
    named = next(iter(others)) if len(others) == 1 else ", ".join(f"{n} from {name}" for name, n in others.items())
    return f"{counts['survey']} from the survey; {counts['not_in_survey']} {NOT_IN_SURVEY}: {named}"


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def description(quads: list[ox.Quad]) -> str:
    """What the dataset holds, named by its sources: the survey only, or the survey and N curator records."""
    text = (
        f"The models, datasets, publications and claims of the survey '{SURVEY_TITLE}', each statement in a named "
        "graph naming its survey location"
    )
    others = other_sources(quads)
    if not others:
        return text + ". The survey is its only source."
    printed = sorted({p for _, p in others.values()})
    return (
        f"{text}; and {_n(len(others), 'curator record')} from {_n(len(printed), 'other publication')} "
        f"({', '.join(printed)}), {'each ' if len(others) > 1 else ''}in a named graph of its own "
        "(l4c:CuratorAssertion) naming that publication, its curator and the date."
    )


def origin(ds: ox.NamedNode, quads: list[ox.Quad]) -> list[ox.Triple]:
    """Where dataset `ds` comes from and who makes it: its description, the publications it is derived from, the
    project as publisher and creator (a foaf:Organization identified by its foaf:homepage), its landing page."""
    project = ox.BlankNode("project")
    triples: list[tuple[ox.NamedNode | ox.BlankNode, str, ox.NamedNode | ox.BlankNode | ox.Literal]] = [
        (ds, DCTERMS + "description", ox.Literal(description(quads))),
        (ds, PROV + "wasDerivedFrom", N(SURVEY_IRI)),
        *((ds, PROV + "wasDerivedFrom", N(pub)) for pub in {iri for iri, _ in other_sources(quads).values() if iri}),
        (ds, DCTERMS + "publisher", project),
        (ds, DCTERMS + "creator", project),
        (project, RDF + "type", N(FOAF + "Organization")),
        (project, FOAF + "name", ox.Literal(PROJECT_NAME)),
        (project, FOAF + "homepage", N(LANDING_PAGE)),
        (ds, DCAT + "landingPage", N(LANDING_PAGE)),
    ]
    return [ox.Triple(s, N(p), o) for s, p, o in triples]


def source_partitions(ds: ox.NamedNode, rel: str, quads: list[ox.Quad]) -> list[ox.Triple]:
    """One void:subset of `ds` per source when the dataset holds records from other publications: the survey's
    statements, and each other publication's curator records (their graphs), with its quads, graphs and entities,
    and the publication it is derived from. None for a dataset whose only source is the survey."""
    others = other_sources(quads)
    if not others:
        return []
    by_source: dict[str, tuple[str, str, set[str]]] = {"survey": (SURVEY_IRI, "the survey", set())}
    for graph, (pub, printed) in others.items():
        by_source.setdefault(_slug(printed), (pub, printed, set()))[2].add(graph)
    out: list[ox.Triple] = []
    for slug, (pub, printed, graphs) in sorted(by_source.items()):
        part = N(f"{rel}/source/{slug}")
        if slug == "survey":
            mine = [q for q in quads if not isinstance(q.graph_name, ox.NamedNode) or q.graph_name.value not in others]
            title = "The survey's statements (every graph but the curator records')"
        else:
            mine = [q for q in quads if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in graphs]
            title = f"Curator records from {printed}, not in the survey ({len(graphs)} graph{'s' * (len(graphs) > 1)})"
        entities = statistics(mine)["entities"]
        assert isinstance(entities, int)
        triples: list[tuple[ox.NamedNode, str, ox.NamedNode | ox.Literal]] = [
            (ds, VOID + "subset", part),
            (part, RDF + "type", N(VOID + "Dataset")),
            (part, DCTERMS + "title", ox.Literal(title)),
            (part, VOID + "triples", _int(len(mine))),
            (part, VOID + "entities", _int(entities)),
            (part, L4C + "sourceIdentifier", ox.Literal(printed)),
            *([(part, PROV + "wasDerivedFrom", N(pub))] if pub else []),
        ]
        out += [ox.Triple(s, N(p), o) for s, p, o in triples]
    return out


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
    out += origin(ds, quads)
    add(ds, DCTERMS + "license", N(license_iri))
    add(ds, DCTERMS + "issued", ox.Literal(issued.isoformat(), datatype=N(XSD + "date")))
    add(ds, OWL + "versionInfo", ox.Literal(version))
    add(ds, DCAT + "version", ox.Literal(version))
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
    out += source_partitions(ds, rel, quads)
    graphs, union = len({q.graph_name for q in quads}), len({(q.subject, q.predicate, q.object) for q in quads})
    holds = {
        True: f"The dataset's {len(quads)} quads (void:triples) in {graphs} graphs.",
        False: f"{union} triples: the union of the dataset's {graphs} graphs, each triple once.",
    }
    for name, data in sorted(files.items()):
        dist = N(f"{rel}/{name}")
        add(ds, DCAT + "distribution", dist)
        add(ds, VOID + "dataDump", dist)
        add(dist, RDF + "type", N(DCAT + "Distribution"))
        add(dist, DCTERMS + "title", ox.Literal(name))
        add(dist, DCTERMS + "description", ox.Literal(holds[not name.endswith(UNION_ONLY)]))
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
