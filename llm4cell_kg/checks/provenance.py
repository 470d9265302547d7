"""The provenance check SHACL cannot make on the union graph: every statement about a model, dataset or scale
figure sits in a named graph, and every such graph is a described source location."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from ..common.namespaces import L4C, ONTOLOGY_IRI, RDF
from ..common.prefixes import SHAPES_NS
from ..common.terms import value

PROVENANCE_SHAPE = SHAPES_NS + "ProvenanceQuadCheck"


MSG_UNSOURCED = (
    "This statement about a model, dataset or scale figure is in no named graph: every such triple must "
    "come from a survey location (table row or prose claim); add it through graph/*.yaml, not by hand."
)


MSG_UNDESCRIBED = (
    "This named graph is not described as an l4c:SourceLocation (TableRow, ProseClaim or ProseMention "
    "with quote and section): add the record's `quote` and `section`."
)


SOURCED_CLASSES = {L4C + "Model", L4C + "Dataset", L4C + "ScaleFigure"}


LOCATION_CLASSES = {
    L4C + "SourceLocation",
    L4C + "TableRow",
    L4C + "ProseClaim",
    L4C + "ProseMention",
    L4C + "GroupClaim",
    L4C + "CitationCaveat",
    L4C + "DatasetStatement",
    L4C + "CuratorAssertion",  # a record from another publication (graph/external_*.yaml)
    L4C + "LinkAssertion",  # links from a public catalogue (graph/web_links.yaml), a curator assertion
}


def provenance_results(quads: Iterable[ox.Quad]) -> list[dict[str, str]]:
    """Quad-level provenance: model/dataset triples sit in named graphs that are described survey locations."""
    quads = list(quads)
    typed: dict[str, set[str]] = defaultdict(set)
    for q in quads:
        if q.predicate.value == RDF + "type":
            typed[value(q.subject)].add(value(q.object))
    out: list[dict[str, str]] = []
    seen_graphs: set[str] = set()
    for q in quads:
        s = value(q.subject)
        if isinstance(q.graph_name, ox.DefaultGraph):
            if typed.get(s, set()) & SOURCED_CLASSES:
                out.append(
                    {
                        "severity": "Violation",
                        "shape": PROVENANCE_SHAPE,
                        "message": MSG_UNSOURCED,
                        "focus": s,
                        "path": q.predicate.value,
                        "value": value(q.object),
                    }
                )
        elif not q.graph_name.value.startswith(ONTOLOGY_IRI) and q.graph_name.value not in seen_graphs:
            g = q.graph_name.value
            seen_graphs.add(g)
            if not typed.get(g, set()) & LOCATION_CLASSES:
                out.append(
                    {
                        "severity": "Violation",
                        "shape": PROVENANCE_SHAPE,
                        "message": MSG_UNDESCRIBED,
                        "focus": g,
                        "path": "",
                        "value": "",
                    }
                )
    return out


def store_provenance_results(store: ox.Store) -> list[dict[str, str]]:
    """`provenance_results` as two SPARQL queries on a store of the quads (direct types in any graph)."""
    typed = "VALUES ?c { %s } { ?s a ?c } UNION { GRAPH ?t { ?s a ?c } }"
    sourced = typed % " ".join(f"<{c}>" for c in sorted(SOURCED_CLASSES))
    located = (typed % " ".join(f"<{c}>" for c in sorted(LOCATION_CLASSES))).replace("?s", "?g")
    unsourced = f"SELECT ?s ?p ?o WHERE {{ {{ SELECT DISTINCT ?s WHERE {{ {sourced} }} }} ?s ?p ?o }}"
    undescribed = (
        f'SELECT ?g WHERE {{ GRAPH ?g {{}} FILTER(isBlank(?g) || !STRSTARTS(STR(?g), "{ONTOLOGY_IRI}")) '
        f"MINUS {{ {located} }} }}"  # one pass over the described graphs, not a look-up per graph
    )
    out: list[dict[str, str]] = []
    for row in store.query(unsourced):  # type: ignore[union-attr]
        s, p, o = (value(row[k]) for k in "spo")
        out.append(
            {"severity": "Violation", "shape": PROVENANCE_SHAPE, "message": MSG_UNSOURCED, "focus": s, "path": p}
            | {"value": o}
        )
    for row in store.query(undescribed):  # type: ignore[union-attr]
        g = value(row["g"])
        out.append(
            {"severity": "Violation", "shape": PROVENANCE_SHAPE, "message": MSG_UNDESCRIBED, "focus": g, "path": ""}
            | {"value": ""}
        )
    return out
