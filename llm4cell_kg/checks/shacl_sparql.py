"""The SHACL Core subset of ontology/shapes.ttl compiled to SPARQL and run on a pyoxigraph store (fast engine).

Each (node shape, property shape, constraint) becomes one SELECT over the union of the store's graphs that returns
the failing focus nodes (and values); the results have the same severity, focus, path, value and message as
pyshacl's on the same data (tests/checks/test_shacl_sparql.py compares them). A shape that uses a constraint outside
the subset raises NotImplementedError instead of being skipped, so a new kind of shape cannot pass unchecked.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..common.namespaces import RDF
from ..common.terms import value

SH = "http://www.w3.org/ns/shacl#"
RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_IGNORED = {SH + "path", SH + "message", SH + "severity", SH + "name", SH + "description", RDF + "type"}
_IGNORED |= {"http://www.w3.org/2000/01/rdf-schema#comment", "http://www.w3.org/2000/01/rdf-schema#label"}
_NODE_KEYS = {SH + "targetClass", SH + "targetSubjectsOf", SH + "targetObjectsOf", SH + "targetNode", SH + "property"}
_NODE_KINDS = {
    "IRI": "isIRI(?v)",
    "BlankNode": "isBlank(?v)",
    "Literal": "isLiteral(?v)",
    "BlankNodeOrIRI": "(isBlank(?v) || isIRI(?v))",
    "BlankNodeOrLiteral": "(isBlank(?v) || isLiteral(?v))",
    "IRIOrLiteral": "(isIRI(?v) || isLiteral(?v))",
}
_COMPARE = {"minInclusive": ">=", "maxInclusive": "<=", "minExclusive": ">", "maxExclusive": "<"}


@dataclass
class PropertyShape:
    iri: str
    path: str
    severity: str
    message: str
    constraints: list[tuple[str, ox.NamedNode | ox.BlankNode | ox.Literal]] = field(default_factory=list)


@dataclass
class NodeShape:
    iri: str
    targets: list[tuple[str, str]]  # (kind, IRI)
    properties: list[PropertyShape]


def _one(shapes: ox.Store, s: ox.NamedNode | ox.BlankNode, p: str) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
    for q in shapes.quads_for_pattern(s, ox.NamedNode(p), None):
        obj = q.object
        if isinstance(obj, (ox.NamedNode, ox.BlankNode, ox.Literal)):
            return obj
    return None


def _list(shapes: ox.Store, head: ox.NamedNode | ox.BlankNode | ox.Literal) -> list[ox.NamedNode | ox.Literal]:
    out: list[ox.NamedNode | ox.Literal] = []
    node: ox.NamedNode | ox.BlankNode | ox.Literal | None = head
    while isinstance(node, (ox.NamedNode, ox.BlankNode)) and node != ox.NamedNode(RDF + "nil"):
        first = _one(shapes, node, RDF + "first")
        if not isinstance(first, (ox.NamedNode, ox.Literal)):
            raise NotImplementedError(f"sh:in with a member {first!r}")
        out.append(first)
        node = _one(shapes, node, RDF + "rest")
    return out


def parse_shapes(shapes: ox.Store) -> list[NodeShape]:
    """The node shapes of a store holding a shapes graph, with their targets and property shapes."""
    out = []
    node_shapes = sorted(
        {q.subject for q in shapes.quads_for_pattern(None, ox.NamedNode(RDF + "type"), ox.NamedNode(SH + "NodeShape"))},
        key=str,
    )
    for ns in node_shapes:
        targets: list[tuple[str, str]] = []
        props: list[PropertyShape] = []
        for q in shapes.quads_for_pattern(ns, None, None):
            key = q.predicate.value
            if key in _NODE_KEYS - {SH + "property"}:
                targets.append((key[len(SH) :], value(q.object)))
            elif key == SH + "property":
                assert isinstance(q.object, (ox.NamedNode, ox.BlankNode))
                props.append(_property(shapes, q.object))
            elif key not in _IGNORED:
                raise NotImplementedError(f"node shape {ns}: {key}")
        out.append(NodeShape(value(ns), targets, sorted(props, key=lambda p: p.iri)))
    return out


def _property(shapes: ox.Store, ps: ox.NamedNode | ox.BlankNode) -> PropertyShape:
    path = _one(shapes, ps, SH + "path")
    if not isinstance(path, ox.NamedNode):
        raise NotImplementedError(f"property shape {ps}: only a predicate path is compiled")
    sev = _one(shapes, ps, SH + "severity")
    msg = _one(shapes, ps, SH + "message")
    shape = PropertyShape(
        value(ps), path.value, value(sev).rsplit("#", 1)[-1] if sev else "Violation", value(msg) if msg else ""
    )
    for q in shapes.quads_for_pattern(ps, None, None):
        key = q.predicate.value
        if key in _IGNORED:
            continue
        if not key.startswith(SH):
            raise NotImplementedError(f"property shape {ps}: {key}")
        obj = q.object
        assert isinstance(obj, (ox.NamedNode, ox.BlankNode, ox.Literal))
        shape.constraints.append((key[len(SH) :], obj))
    if not msg:
        raise NotImplementedError(f"property shape {ps}: no sh:message (pyshacl would write its own)")
    return shape


def _term(t: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    if isinstance(t, ox.BlankNode):
        raise NotImplementedError("a blank node as a constraint value")
    return str(t)  # N-Triples syntax, valid in SPARQL


def _subclasses(store: ox.Store, iri: str) -> str:
    """`iri` and its subclasses in any graph of `store`, as SPARQL terms."""
    q = f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS_SUBCLASS}>* <{iri}> }}"
    return " ".join(str(row["c"]) for row in store.query(q, use_default_graph_as_union=True))  # type: ignore[union-attr]


def _focus(shape: NodeShape, store: ox.Store) -> str:
    """A group pattern binding ?f to the focus nodes of `shape`, read directly from the data (union graph).

    A focus node may come out more than once (two of its types are targets, or it is typed in two graphs); every
    query using the pattern counts distinct values or selects distinct rows, so repeats change no result.
    """
    parts = []
    for kind, iri in shape.targets:
        if kind == "targetClass":
            parts.append(f"{{ VALUES ?fc {{ {_subclasses(store, iri)} }} ?f a ?fc }}")
        elif kind == "targetSubjectsOf":
            parts.append(f"{{ ?f <{iri}> ?ft }}")
        elif kind == "targetObjectsOf":
            parts.append(f"{{ ?ft <{iri}> ?f }}")
        else:  # targetNode
            parts.append(f"{{ BIND(<{iri}> AS ?f) }}")
    return parts[0] if len(parts) == 1 else f"{{ {' UNION '.join(parts)} }}"


@dataclass
class Plan:
    """What one property shape checks: value counts, per-value tests, values it must have, and pairwise checks."""

    ps: PropertyShape
    lo: int = 0
    hi: int = -1
    tests: list[str] = field(default_factory=list)  # SPARQL expressions over ?v, true when the value fails
    has_values: list[str] = field(default_factory=list)  # SPARQL terms
    pairs: list[str] = field(default_factory=list)  # sh:lessThanOrEquals properties


def _plan(ps: PropertyShape, shapes: ox.Store, data: ox.Store) -> Plan:
    plan = Plan(ps)
    tests = plan.tests
    for kind, obj in ps.constraints:
        if kind == "minCount":
            plan.lo = int(value(obj))
        elif kind == "maxCount":
            plan.hi = int(value(obj))
        elif kind == "class":
            classes = ", ".join(_subclasses(data, value(obj)).split())  # one look-up of ?v's types, not one a class
            tests.append(f"NOT EXISTS {{ ?v a ?vc FILTER(?vc IN ({classes})) }}")
        elif kind == "datatype":
            dt = _term(obj)
            ok = "true" if value(obj).endswith("#string") else f"COALESCE({dt}(STR(?v)) = {dt}(STR(?v)), false)"
            tests.append(f"!isLiteral(?v) || DATATYPE(?v) != {dt} || !{ok}")
        elif kind == "nodeKind":
            tests.append(f"!{_NODE_KINDS[value(obj).rsplit('#', 1)[-1]]}")
        elif kind == "pattern":
            flags = _one(shapes, ox.NamedNode(ps.iri), SH + "flags") if not ps.iri.startswith("_:") else None
            regex = f"REGEX(STR(?v), {_term(ox.Literal(value(obj)))}" + (f", {_term(flags)})" if flags else ")")
            tests.append(f"isBlank(?v) || !{regex}")
        elif kind == "flags":
            continue
        elif kind in ("minLength", "maxLength"):
            op = "<" if kind == "minLength" else ">"
            tests.append(f"isBlank(?v) || STRLEN(STR(?v)) {op} {int(value(obj))}")
        elif kind in _COMPARE:
            tests.append(f"!COALESCE(?v {_COMPARE[kind]} {_term(obj)}, false)")
        elif kind == "lessThanOrEquals":
            plan.pairs.append(_term(obj))
        elif kind == "in":
            members = _list(shapes, obj)
            cond = " || ".join(f"sameTerm(?v, {_term(m)})" for m in members) or "false"
            tests.append(f"!({cond})")
        elif kind == "hasValue":
            plan.has_values.append(_term(obj))
        elif kind == "not":
            if not isinstance(obj, (ox.NamedNode, ox.BlankNode)):
                raise NotImplementedError(f"property shape {ps.iri}: sh:not of a literal")
            inner = [q for q in shapes.quads_for_pattern(obj, None, None) if q.predicate.value not in _IGNORED]
            if len(inner) != 1 or inner[0].predicate.value != SH + "hasValue":
                raise NotImplementedError(f"property shape {ps.iri}: sh:not other than [ sh:hasValue v ]")
            hv = inner[0].object
            assert isinstance(hv, (ox.NamedNode, ox.Literal))
            tests.append(f"sameTerm(?v, {_term(hv)})")
        else:
            raise NotImplementedError(f"property shape {ps.iri}: sh:{kind}")
    return plan


def _grouped(target: str, plans: list[Plan]) -> str:
    """One pass over the focus nodes (`target` binds ?f) and their values: a row per focus node that fails something.

    Each property shape i is a UNION branch; it binds ?v<i> when the shape counts values or requires one (the
    aggregates ?n<i> count the values, ?h<i>_<j> the required values present) and ?k to "i" on a value failing
    one of its tests (?bad lists those i). Only what a shape checks is aggregated: the aggregates are fed every row.
    """
    branches = [f"{{ {target} BIND(0 AS ?z) }}"]  # every focus node has a row, so counts of 0 are seen
    aggs: list[str] = []
    fails: list[str] = []
    for i, plan in enumerate(plans):
        binds = []
        if plan.lo > 0 or plan.hi >= 0 or plan.has_values:
            binds.append(f"BIND(?v AS ?v{i})")
        if plan.lo > 0 or plan.hi >= 0:
            aggs.append(f"(COUNT(DISTINCT ?v{i}) AS ?n{i})")
            fails += [f"?n{i} < {plan.lo}"] if plan.lo > 0 else []
            fails += [f"?n{i} > {plan.hi}"] if plan.hi >= 0 else []
        if plan.tests:
            failing = " || ".join(f"COALESCE({c}, false)" for c in plan.tests)
            binds.append(f'BIND(IF({failing}, "{i}", ?unbound) AS ?k)')
        for j, hv in enumerate(plan.has_values):
            aggs.append(f"(SUM(COALESCE(IF(sameTerm(?v{i}, {hv}), 1, 0), 0)) AS ?h{i}_{j})")
            fails.append(f"?h{i}_{j} = 0")
        branches.append(f"{{ {target} ?f <{plan.ps.path}> ?v {' '.join(binds)} }}")
    if any(plan.tests for plan in plans):
        aggs.append('(GROUP_CONCAT(DISTINCT COALESCE(?k, ""); separator=" ") AS ?bad)')  # "" when ?k is unbound
        fails.append('?bad != ""')
    grouped = f"SELECT ?f {' '.join(aggs)} WHERE {{ {' UNION '.join(branches)} }} GROUP BY ?f"
    return f"SELECT * WHERE {{ {{ {grouped} }} FILTER({' || '.join(fails) or 'false'}) }}"


_SHAPES: dict[Path, tuple[ox.Store, list[NodeShape]]] = {}


def run_sparql(store: ox.Store, shapes: Path, workers: int = 2) -> list[dict[str, str]]:
    """Raw results on the union of `store`'s graphs, same keys as shacl_engines.run_pyshacl."""
    if shapes not in _SHAPES:
        graph = ox.Store()
        graph.load(path=str(shapes), format=ox.RdfFormat.TURTLE)
        _SHAPES[shapes] = (graph, parse_shapes(graph))
    graph, node_shapes = _SHAPES[shapes]
    jobs = [
        (_focus(ns, store), [_plan(ps, graph, store) for ps in ns.properties])
        for ns in node_shapes
        if ns.targets and ns.properties
    ]
    out: list[dict[str, str]] = []
    # pyoxigraph releases the GIL while it evaluates a query: the node shapes run on `workers` threads
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for part in pool.map(lambda job: _check(store, *job), jobs):
            out += part
    return out


def _result(ps: PropertyShape, focus: str, v: str = "") -> dict[str, str]:
    return {
        "severity": ps.severity,
        "shape": ps.iri,
        "message": ps.message,
        "focus": focus,
        "path": ps.path,
        "value": v,
    }


def _check(store: ox.Store, target: str, plans: list[Plan]) -> list[dict[str, str]]:
    """The results of one node shape whose focus nodes `target` binds to ?f."""
    out = []
    for row in store.query(_grouped(target, plans), use_default_graph_as_union=True):  # type: ignore[union-attr]
        f = row["f"]
        focus = value(f)
        bad = set(row["bad"].value.split()) if row["bad"] is not None else set()
        for i, plan in enumerate(plans):
            n = int(row[f"n{i}"].value) if plan.lo > 0 or plan.hi >= 0 else 0
            if n < plan.lo:
                out.append(_result(plan.ps, focus))
            if 0 <= plan.hi < n:
                out.append(_result(plan.ps, focus))
            out += [_result(plan.ps, focus) for j in range(len(plan.has_values)) if row[f"h{i}_{j}"].value == "0"]
            if str(i) in bad:
                out += _failing_values(store, target, plan, f)
    for plan in plans:  # sh:lessThanOrEquals: one result per (value, other value) pair that is not <=
        for other in plan.pairs:
            q = (
                f"SELECT DISTINCT ?f ?v ?o WHERE {{ {target} ?f <{plan.ps.path}> ?v . ?f {other} ?o "
                "FILTER(!COALESCE(?v <= ?o, false)) }"
            )
            rows = store.query(q, use_default_graph_as_union=True)
            out += [_result(plan.ps, value(r["f"]), value(r["v"])) for r in rows]  # type: ignore[union-attr]
    return out


def _failing_values(store: ox.Store, target: str, plan: Plan, f: ox.NamedNode | ox.BlankNode) -> list[dict[str, str]]:
    """The values of focus node `f` that fail a test of `plan`: one result per (value, failed test)."""
    binds = " ".join(f"BIND(COALESCE({c}, false) AS ?k{j})" for j, c in enumerate(plan.tests))
    keys = [f"?k{j}" for j in range(len(plan.tests))]
    focus = f"VALUES ?f {{ {f} }}" if isinstance(f, ox.NamedNode) else target
    where = f"{focus} ?f <{plan.ps.path}> ?v {binds} FILTER({' || '.join(keys)})"
    q = f"SELECT DISTINCT ?f ?v {' '.join(keys)} WHERE {{ {where} }}"
    out = []
    for row in store.query(q, use_default_graph_as_union=True):  # type: ignore[union-attr]
        if row["f"] == f:
            v = value(row["v"])
            out += [_result(plan.ps, value(f), v) for j in range(len(plan.tests)) if row[f"k{j}"].value == "true"]
    return out
