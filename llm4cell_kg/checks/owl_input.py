"""What the OWL reasoners are given: the ontology and the individuals its class definitions can classify.

Every defined class of the ontology (docs/reasoning.md) is a subclass of `l4c:Model`, and is defined by a model's
own links (family, modality, grounding type, agentic); the only other classes the ontology's axioms can infer for
an individual come from the domains and ranges of its properties. So the memberships and the unsatisfiable classes
depend on the ontology and on the models and datasets with their statements, not on the provenance around them (the
source locations, claims, rows and publications, which make up most of the graph). `classifiable` keeps:

- the schema: every statement in the ontology's graph, about a class, a property or an axiom's blank node;
- every statement about an individual that is a model or a dataset: typed so (or by a subclass), or made one by a
  property whose domain or range is one (counting sub-properties and inverses);
- every statement whose property's range is a model or a dataset (what makes its object one), and every
  `owl:sameAs` and `owl:differentFrom`.

It is a subset of `full` (monotonic logic: nothing it entails is missing from the full graph's entailments); that it
entails every membership the full graph entails is checked on the survey graph by tests/checks/test_owl_input.py.
The consistency verdict is the one of this part of the graph; the provenance around it is checked by SHACL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from ..build.derived import is_derived
from ..common.namespaces import L4C, ONTOLOGY_IRI, OWL, RDF, RDFS, SCHEMES
from ..common.terms import value

#: the reasoner's own output graph, described by statements whose subject is its IRI
INFERRED_GRAPH = SCHEMES["src"] + "inferred/hermit"
TYPE = RDF + "type"
#: the classes whose members the defined classes classify (with their subclasses)
CLASSIFIED = (L4C + "Model", L4C + "Dataset")
#: rdf:type objects that make a subject part of the schema, not an individual of the data
SCHEMA_TYPES = frozenset(
    OWL + t
    for t in (
        "Class",
        "ObjectProperty",
        "DatatypeProperty",
        "AnnotationProperty",
        "FunctionalProperty",
        "InverseFunctionalProperty",
        "TransitiveProperty",
        "SymmetricProperty",
        "AsymmetricProperty",
        "ReflexiveProperty",
        "IrreflexiveProperty",
        "Restriction",
        "AllDifferent",
        "AllDisjointClasses",
        "AllDisjointProperties",
        "Ontology",
    )
) | {RDFS + "Class", RDFS + "Datatype", RDF + "Property"}
EQUALITY = (OWL + "sameAs", OWL + "differentFrom")


def full(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The ontology and all the instance data: every triple but those of the OBO import modules (term hierarchies,
    not instances), the reasoner's own earlier output and the build's helper triples."""
    return sorted(
        {
            ox.Triple(q.subject, q.predicate, q.object)
            for q in quads
            if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(ONTOLOGY_IRI + "/"))
            and not value(q.subject).startswith(INFERRED_GRAPH)
            and not is_derived(q)
        },
        key=str,
    )


def _closure(edges: dict[str, set[str]], start: Iterable[str]) -> set[str]:
    """`start` and everything reachable from it along `edges`."""
    seen = set(start)
    todo = list(seen)
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def classifiable(quads: Iterable[ox.Quad], triples: list[ox.Triple] | None = None) -> list[ox.Triple]:
    """The part of `full(quads)` (or of `triples`, that list when already made) the reasoners' verdicts depend on
    (see the module's docstring), sorted."""
    quads = list(quads)
    triples = full(quads) if triples is None else triples
    onto = ox.NamedNode(ONTOLOGY_IRI)
    schema = {q.subject for q in quads if q.graph_name == onto}
    schema |= {t.subject for t in triples if isinstance(t.subject, ox.BlankNode)}
    schema |= {t.subject for t in triples if t.predicate.value == TYPE and value(t.object) in SCHEMA_TYPES}
    by_pred: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for t in triples:
        if t.subject in schema and isinstance(t.object, ox.NamedNode):
            by_pred[t.predicate.value][value(t.subject)].add(t.object.value)
    subclasses: dict[str, set[str]] = defaultdict(set)
    for sub, supers in by_pred[RDFS + "subClassOf"].items():
        for sup in supers:
            subclasses[sup].add(sub)
    for a, bs in by_pred[OWL + "equivalentClass"].items():
        for b in bs:
            subclasses[a].add(b)
            subclasses[b].add(a)
    classes = _closure(subclasses, CLASSIFIED)
    domains, ranges = _ends(by_pred, classes)
    members = {t.subject for t in triples if t.predicate.value == TYPE and value(t.object) in classes}
    members |= {t.subject for t in triples if t.predicate.value in domains}
    members |= {t.object for t in triples if t.predicate.value in ranges and isinstance(t.object, ox.NamedNode)}
    return [
        t
        for t in triples
        if t.subject in schema or t.subject in members or t.predicate.value in ranges or t.predicate.value in EQUALITY
    ]


def _ends(by_pred: dict[str, dict[str, set[str]]], classes: set[str]) -> tuple[set[str], set[str]]:
    """The properties whose subjects (domain) and whose objects (range) belong to `classes`, counting the domains
    and ranges of super-properties and the ranges (domains) of inverses."""
    supers: dict[str, set[str]] = defaultdict(set)
    for sub, sups in by_pred[RDFS + "subPropertyOf"].items():
        supers[sub] |= sups
    for a, bs in by_pred[OWL + "equivalentProperty"].items():
        for b in bs:
            supers[a].add(b)
            supers[b].add(a)
    inverse: dict[str, set[str]] = defaultdict(set)
    for a, bs in by_pred[OWL + "inverseOf"].items():
        for b in bs:
            inverse[a].add(b)
            inverse[b].add(a)
    props = set(by_pred[RDFS + "domain"]) | set(by_pred[RDFS + "range"]) | set(supers) | set(inverse)
    domains, ranges = set(), set()
    for p in props:
        up = _closure(supers, [p])
        if any(by_pred[RDFS + "domain"].get(q, set()) & classes for q in up) or any(
            by_pred[RDFS + "range"].get(q, set()) & classes for i in up for q in _closure(supers, inverse.get(i, ()))
        ):
            domains.add(p)
        if any(by_pred[RDFS + "range"].get(q, set()) & classes for q in up) or any(
            by_pred[RDFS + "domain"].get(q, set()) & classes for i in up for q in _closure(supers, inverse.get(i, ()))
        ):
            ranges.add(p)
    return domains, ranges
