"""RDF quads <-> a networkx property graph (exact both ways), and the projections of the Python API.

The mapping (docs/exports.md):
- every IRI or blank node that is a subject or an IRI/blank-node object becomes a node, keyed by its CURIE
  (`model:scgpt`, `CL:0000066`), its full IRI when no prefix fits, or `_:id` for a blank node;
- `rdf:type` objects become the node's `category` list; every other literal-valued predicate becomes a node
  attribute named by the predicate's CURIE; a predicate with several values on some node is list-valued on all;
- every other triple becomes an edge `subject -> object` with `predicate` and `graphs` attributes;
- provenance: `graphs` lists the named graphs (CURIE, or `default`) that hold the edge's triple; a node's
  `provenance` maps each attribute (and `category`) to the graphs of each of its values, in order;
- literals: xsd:string -> str, xsd:integer -> int, xsd:boolean -> bool (canonical forms); any other literal, and a
  string that looks like one, is the N-Triples form of the literal (`"1"^^<...#nonNegativeInteger>`, `"x"@en`).
`G.graph["schema"]` names, per attribute, its predicate IRI, value kind and whether it is a list.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..common.namespaces import RDF, XSD
from ..common.prefixes import compress, expand
from ..common.terms import Term
from ..common.terms import value as term_value
from ..curation import identifiers

if TYPE_CHECKING:
    import networkx as nx

DEFAULT_GRAPH = "default"
#: attributes that are not predicates: `category` and `provenance` carry triples, `iri` and `label` are derived
RESERVED = ("id", "iri", "label", "category", "provenance", "predicate", "graphs")
TYPE = RDF + "type"
NATIVE = {XSD + "string": "str", XSD + "integer": "int", XSD + "boolean": "bool"}
_ENCODED = re.compile(r'^"(?:[^"\\]|\\.)*"(?:\^\^<[^<>"{}|^`\\\s]*>|@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)$', re.S)


def node_id(term: Term) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else compress(term_value(term))


def node_term(nid: str) -> ox.NamedNode | ox.BlankNode:
    return ox.BlankNode(nid[2:]) if nid.startswith("_:") else ox.NamedNode(expand(nid))


def graph_id(g: Any) -> str:
    return DEFAULT_GRAPH if isinstance(g, ox.DefaultGraph) else node_id(g)


def graph_term(gid: str) -> Any:
    return ox.DefaultGraph() if gid == DEFAULT_GRAPH else node_term(gid)


def literal_kind(lit: ox.Literal) -> str:
    """`str`, `int` or `bool` when the literal maps to that Python type exactly, else `encoded`."""
    kind = NATIVE.get(lit.datatype.value) if lit.language is None else None
    if kind == "int" and not re.fullmatch(r"-?(0|[1-9][0-9]*)", lit.value):
        return "encoded"
    if kind == "bool" and lit.value not in ("true", "false"):
        return "encoded"
    if kind == "str" and _ENCODED.match(lit.value):
        return "encoded"
    return kind or "encoded"


def encode(lit: ox.Literal) -> str:
    """The N-Triples form of `lit`, with its datatype written out (also for xsd:string)."""
    text = str(lit)
    return text + f"^^<{XSD}string>" if lit.language is None and lit.datatype.value == XSD + "string" else text


def to_value(lit: ox.Literal, kind: str) -> Any:
    """The attribute value of `lit` in a key of `kind` (`str`, `int`, `bool`)."""
    own = literal_kind(lit)
    if own != kind or own == "encoded":
        return encode(lit)
    if kind == "int":
        return int(lit.value)
    if kind == "bool":
        return lit.value == "true"
    return lit.value


def from_value(value: Any) -> ox.Literal:
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, str) and _ENCODED.match(value):
        return next(iter(ox.parse(f"<x:s> <x:p> {value} .".encode(), ox.RdfFormat.N_TRIPLES))).object
    return ox.Literal(str(value))


def _sort_key(value: Any) -> tuple[str, str]:
    return (type(value).__name__, repr(value))


def to_networkx(quads: Iterable[ox.Quad] | ox.Store | None = None, with_derived: bool = False) -> nx.MultiDiGraph:
    """The property graph of `quads` (or of every quad of a pyoxigraph store; default: the checked graph), without
    the build-time helper triples (docs/derived.md) unless `with_derived`."""
    import networkx as nx

    from ..build.derived import strip

    if quads is None:
        from ..checks.pipeline import checked_quads

        quads = checked_quads()

    lits: dict[str, dict[str, dict[ox.Literal, set[str]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
    cats: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    edges: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    nodes: set[str] = set()
    for q in quads if with_derived else strip(quads):
        s, p, o, g = node_id(q.subject), q.predicate.value, q.object, graph_id(q.graph_name)
        nodes.add(s)
        if isinstance(o, ox.Literal):
            lits[s][compress(p)][o].add(g)
        elif p == TYPE:
            cats[s][node_id(o)].add(g)
            nodes.add(node_id(o))
        else:
            edges[(s, node_id(o), compress(p))].add(g)
            nodes.add(node_id(o))
    schema = _schema(lits)
    G = nx.MultiDiGraph(schema=schema)
    for n in sorted(nodes):
        attrs: dict[str, Any] = {"iri": "" if n.startswith("_:") else expand(n)}
        prov: dict[str, list[list[str]]] = {}
        if n in cats:
            attrs["category"] = sorted(cats[n])
            prov["category"] = [sorted(cats[n][c]) for c in attrs["category"]]
        for key, values in sorted(lits.get(n, {}).items()):
            kind, many = schema[key]["kind"], schema[key]["list"]
            pairs = sorted(
                ((to_value(lit, kind), sorted(gs)) for lit, gs in values.items()), key=lambda vg: _sort_key(vg[0])
            )
            attrs[key] = [v for v, _ in pairs] if many else pairs[0][0]
            prov[key] = [gs for _, gs in pairs]
        if prov:
            attrs["provenance"] = prov
        labels = attrs.get("rdfs:label")
        attrs["label"] = (labels[0] if isinstance(labels, list) else labels) if labels else n
        G.add_node(n, **attrs)
    for (s, o, p), gs in sorted(edges.items()):
        G.add_edge(s, o, key=p, predicate=p, graphs=sorted(gs))
    return G


def _schema(lits: dict[str, dict[str, dict[ox.Literal, set[str]]]]) -> dict[str, dict[str, Any]]:
    """Per literal attribute: predicate IRI, kind (`str`/`int`/`bool`; `str` when values mix) and list-ness."""
    kinds: dict[str, set[str]] = defaultdict(set)
    many: set[str] = set()
    for by_key in lits.values():
        for key, values in by_key.items():
            kinds[key].update(literal_kind(lit) for lit in values)
            if len(values) > 1:
                many.add(key)
    out = {}
    for key, ks in sorted(kinds.items()):
        ks.discard("encoded")
        out[key] = {"iri": expand(key), "kind": ks.pop() if len(ks) == 1 else "str", "list": key in many}
    return out


def from_networkx(G: nx.MultiDiGraph | nx.DiGraph, schema: dict[str, dict[str, Any]] | None = None) -> list[ox.Quad]:
    """The quads of a property graph made by `to_networkx` (or read back from an export), sorted."""
    schema = schema if schema is not None else G.graph.get("schema", {})
    out: set[ox.Quad] = set()
    for n, attrs in G.nodes(data=True):
        s = node_term(n)
        prov = attrs.get("provenance", {})
        for i, c in enumerate(attrs.get("category", [])):
            for g in prov["category"][i]:
                out.add(ox.Quad(s, ox.NamedNode(TYPE), node_term(c), graph_term(g)))
        for key, value in attrs.items():
            if key in RESERVED or ":" not in key:  # predicate attributes are CURIEs or IRIs; the rest are derived
                continue
            p = ox.NamedNode(schema[key]["iri"] if key in schema else expand(key))
            values = value if isinstance(value, list) else [value]
            for i, v in enumerate(values):
                for g in prov[key][i]:
                    out.add(ox.Quad(s, p, from_value(v), graph_term(g)))
    for u, v, data in G.edges(data=True):
        p = ox.NamedNode(expand(data["predicate"]))
        for g in data["graphs"]:
            out.add(ox.Quad(node_term(u), p, node_term(v), graph_term(g)))
    return sorted(out, key=str)


# --- projections -------------------------------------------------------------------------------------------

L4C_MODEL, L4C_DATASET = "l4c:Model", "l4c:Dataset"
#: the edges whose targets are the same thing as their source under another identifier (KGX `xref`)
XREF_PREDICATES = ("l4c:identifier", "l4c:accessionIdentifier", "skos:exactMatch")


def xrefs(G: Any) -> dict[str, list[str]]:
    """node -> its identifiers elsewhere: DOIs and arXiv ids as CURIEs (doi:…, arXiv:…), accessions and catalogue
    entries as IRIs."""
    out: dict[str, set[str]] = {}
    for u, v, a in G.edges(data=True):
        if a["predicate"] in XREF_PREDICATES:
            known = identifiers.of_iri(v)
            out.setdefault(u, set()).add(identifiers.printed(*known) if known else v)
    return {n: sorted(refs) for n, refs in out.items()}


PROJECTIONS = ("model-dataset", "model-task", "dataset-tissue", "model-cooccurrence")


def _of_type(G: nx.MultiDiGraph, cat: str) -> list[str]:
    return [n for n, c in G.nodes(data="category") if c and cat in c]


def _bipartite(G: nx.MultiDiGraph, left: list[str], keep: Any) -> nx.Graph:
    """Undirected graph of edges from `left` nodes to targets accepted by `keep(target, predicate)`; each edge
    lists its predicates and the named graphs behind them."""
    import networkx as nx

    B = nx.Graph()
    for n in left:
        B.add_node(n, bipartite=0, **_brief(G, n))
        for _, t, data in G.out_edges(n, data=True):
            if keep(t, data["predicate"]):
                if t not in B:
                    B.add_node(t, bipartite=1, **_brief(G, t))
                e = B.get_edge_data(n, t) or {"predicates": [], "graphs": []}
                e["predicates"] = sorted(set(e["predicates"]) | {data["predicate"]})
                e["graphs"] = sorted(set(e["graphs"]) | set(data["graphs"]))
                B.add_edge(n, t, **e)
    return B


def _brief(G: nx.MultiDiGraph, n: str) -> dict[str, Any]:
    return {"label": G.nodes[n].get("label", n), "category": G.nodes[n].get("category", [])}


def projection(name: str, G: nx.MultiDiGraph | None = None) -> nx.Graph:
    """A projection of the full graph (default: the built graph, whose projections are kept in the build cache, keyed
    by the inputs digest: records, ontology, code):

    - `model-dataset`: models and datasets, an edge where a model is trained or evaluated on a dataset;
    - `model-task`: models and tasks (`l4c:task` from Table 7 and prose claims);
    - `dataset-tissue`: datasets and the UBERON (or PO) terms of their `l4c:tissue` links;
    - `model-cooccurrence`: models, an edge weighted by the number of datasets two models share (with their ids).
    """
    from ..errors import UserError

    if name not in PROJECTIONS:
        raise UserError(f"unknown projection '{name}'; choose one of: {', '.join(PROJECTIONS)}")
    return _project(name, G) if G is not None else _kept_projection(name)


def _kept_projection(name: str) -> nx.Graph:
    """The projection `name` of the built graph: read from the build cache (node-link JSON), else made and kept."""
    kept = _load_projection(name)
    return kept if kept is not None else keep_projections()[name]


def keep_projections(quads: list[ox.Quad] | None = None) -> dict[str, nx.Graph]:
    """Every projection of the built graph, each read from the build cache or made (from one property graph of the
    built graph for all of them) and kept there; `quads` are those of the built graph when a caller holds them."""
    import networkx as nx

    from ..common.cache import save

    out: dict[str, nx.Graph] = {}
    G = None
    for name in PROJECTIONS:
        kept = _load_projection(name)
        if kept is None:
            G = G if G is not None else to_networkx(quads)
            kept = _project(name, G)
            save(*_projection_key(name), nx.node_link_data(kept, edges="edges"))
        out[name] = kept
    return out


def _projection_key(name: str) -> tuple[str, str]:
    """(kind, key) of a projection of the built graph in the build cache: keyed by the inputs digest."""
    from .. import paths
    from ..common.cache import key

    return f"projection-{name}", key(paths.inputs_digest(), "projection", name)


def _load_projection(name: str) -> nx.Graph | None:
    import networkx as nx

    from ..common.cache import load

    kept = load(*_projection_key(name))
    if isinstance(kept, dict):
        try:
            return nx.node_link_graph(kept, edges="edges")
        except (KeyError, TypeError, ValueError, nx.NetworkXError):
            return None
    return None


def _project(name: str, G: nx.MultiDiGraph) -> nx.Graph:
    datasets = set(_of_type(G, L4C_DATASET))
    if name in ("model-dataset", "model-cooccurrence"):
        B = _bipartite(G, _of_type(G, L4C_MODEL), lambda t, p: t in datasets)
        _add_group_edges(G, B, datasets)
        if name == "model-dataset":
            return B
        return _cooccurrence(B)
    if name == "model-task":
        return _bipartite(G, _of_type(G, L4C_MODEL), lambda t, p: p == "l4c:task")
    return _bipartite(G, sorted(datasets), lambda t, p: p == "l4c:tissue")


def _add_group_edges(G: nx.MultiDiGraph, B: nx.Graph, datasets: set[str]) -> None:
    """Give every model-dataset edge its `basis` (docs/modelling.md, "Group statements"): "model" or "table" where
    a sentence or cell names the model alone, "group" where a group claim (l4c:GroupClaim) names the model among a
    group and the dataset among its objects; group-only pairs become edges too, their `graphs` naming the group
    claim."""
    for n, side in B.nodes(data="bipartite"):
        if side == 0:
            for t in B[n]:
                B[n][t].setdefault("basis", ["table" if any("/row/" in g for g in B[n][t]["graphs"]) else "model"])
    for grp in _of_type(G, "l4c:GroupClaim"):
        outs = [(t, d["predicate"]) for _, t, d in G.out_edges(grp, data=True)]
        if ("l4c:trainedOrEvaluatedOn", "l4c:groupPredicate") not in {(t, p) for t, p in outs}:
            continue
        members = [t for t, p in outs if p == "l4c:groupMember"]
        objects = [t for t, p in outs if p == "l4c:groupObject" and t in datasets]
        for m in members:
            for d in objects:
                for node, side in ((m, 0), (d, 1)):
                    if node not in B:
                        B.add_node(node, bipartite=side, **_brief(G, node))
                e = B.get_edge_data(m, d) or {"predicates": [], "graphs": [], "basis": []}
                e["predicates"] = sorted(set(e["predicates"]) | {"l4c:groupMember"})
                e["graphs"] = sorted(set(e["graphs"]) | {grp})
                e["basis"] = sorted(set(e["basis"]) | {"group"})
                B.add_edge(m, d, **e)


def _cooccurrence(B: nx.Graph) -> nx.Graph:
    import networkx as nx

    models = sorted(n for n, side in B.nodes(data="bipartite") if side == 0)
    C = nx.Graph()
    for m in models:
        C.add_node(m, **{k: v for k, v in B.nodes[m].items() if k != "bipartite"})
    for i, a in enumerate(models):
        for b in models[i + 1 :]:
            shared = sorted(set(B[a]) & set(B[b]))
            if shared:
                C.add_edge(a, b, weight=len(shared), datasets=shared)
    return C


# --- flat attributes, for formats that hold only scalars (GraphML, GEXF, CSV) ---------------------------------

#: reserved attributes held as JSON text in flat formats (with the schema's list attributes)
JSON_RESERVED = ("category", "provenance", "graphs")


def json_keys(schema: dict[str, dict[str, Any]]) -> set[str]:
    return {k for k, v in schema.items() if v["list"]} | set(JSON_RESERVED)


def flatten(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of `G` whose list and mapping values are JSON text, the schema JSON text, edges given ids `e0..`."""
    import json

    schema = G.graph["schema"]
    enc = json_keys(schema)

    def flat(attrs: dict[str, Any]) -> dict[str, Any]:
        return {k: json.dumps(v, ensure_ascii=False) if k in enc else v for k, v in attrs.items()}

    F = G.__class__(schema=json.dumps(schema, ensure_ascii=False, sort_keys=True))
    F.add_nodes_from((n, flat(a)) for n, a in G.nodes(data=True))
    for i, (u, v, a) in enumerate(G.edges(data=True)):
        F.add_edge(u, v, key=f"e{i}", **flat(a))
    return F


def unflatten(F: nx.MultiDiGraph | nx.DiGraph, schema: dict[str, dict[str, Any]] | None = None) -> nx.MultiDiGraph:
    """The property graph of a flattened graph read back from a file (the inverse of `flatten`)."""
    import json

    import networkx as nx

    schema = schema if schema is not None else json.loads(F.graph["schema"])
    enc = json_keys(schema)

    def unflat(attrs: dict[str, Any]) -> dict[str, Any]:
        return {k: json.loads(v) if k in enc else v for k, v in attrs.items()}

    G = nx.MultiDiGraph(schema=schema)
    G.add_nodes_from((n, unflat(a)) for n, a in F.nodes(data=True))
    for u, v, a in F.edges(data=True):
        a = unflat(a)
        G.add_edge(u, v, key=a["predicate"], **a)
    return G
