"""Virtuoso dialect rewrites (llm4cell_kg.store.virtuoso): pure text checks; tests/store/test_remote.py runs them on a
server."""

from __future__ import annotations

from llm4cell_kg.store.virtuoso import XSD_STRING, bind_constant_graphs, nest_before_binds, virtuoso_text

FAMILY = """SELECT ?s ?where WHERE {
  GRAPH ?a { ?s l4c:printedCategory ?text } ?a l4c:rowNumber ?row .
  FILTER NOT EXISTS { GRAPH ?a { ?s l4c:family ?f } }
  BIND(CONCAT("row ", STR(?row)) AS ?where)
}"""


def test_core_before_bind_is_nested() -> None:
    out = nest_before_binds(FAMILY)
    assert out.startswith("SELECT ?s ?where WHERE { {\n  GRAPH ?a")
    assert "} BIND(CONCAT(" in out
    assert out.count("{") == out.count("}") == FAMILY.count("{") + 1


def test_optional_after_not_exists_is_split_too() -> None:
    q = "SELECT * WHERE { ?s ?p ?o FILTER NOT EXISTS { ?s a ?c } OPTIONAL { ?s ?q ?x } }"
    assert nest_before_binds(q) == "SELECT * WHERE { { ?s ?p ?o FILTER NOT EXISTS { ?s a ?c } } OPTIONAL { ?s ?q ?x } }"


def test_not_rewritten_when_it_would_change_the_answer() -> None:
    # the FILTER reads ?x, which only the OPTIONAL binds: nesting would apply it before ?x exists
    late = "SELECT * WHERE { ?s ?p ?o FILTER NOT EXISTS { ?s a ?x } OPTIONAL { ?s ?q ?x } }"
    assert nest_before_binds(late) == late
    # the BIND assigns a variable the part before it already uses
    rebind = "SELECT * WHERE { ?s ?p ?o FILTER NOT EXISTS { ?s a ?c } BIND(1 AS ?o) }"
    assert nest_before_binds(rebind) == rebind
    # no NOT EXISTS: nothing to do
    plain = 'SELECT * WHERE { ?s ?p ?o BIND("}" AS ?x) }'
    assert nest_before_binds(plain) == plain


def test_non_ascii_constants_typed_and_dataset_pragmas() -> None:
    q = 'SELECT ?x WHERE { BIND(CONCAT("§", ?s, "a", "é"@fr, "ö"^^xsd:string) AS ?x) }'
    out = virtuoso_text(q, ["http://www.openlinksw.com/schemas/virtrdf#"], "urn:default")
    assert out.splitlines()[:3] == [
        "define input:default-graph-exclude <http://www.openlinksw.com/schemas/virtrdf#>",
        "define input:named-graph-exclude <http://www.openlinksw.com/schemas/virtrdf#>",
        "define input:named-graph-exclude <urn:default>",
    ]
    assert f'CONCAT("§"^^<{XSD_STRING}>, ?s, "a", "é"@fr, "ö"^^xsd:string)' in out
    assert virtuoso_text("ASK {}", None, "urn:default") == "ASK {}"  # a query with its own FROM: no dataset added


def test_constant_graph_bound_by_values_under_the_dataset_pragmas() -> None:
    q = "SELECT ?l WHERE { GRAPH <urn:g#1> { ?f rdfs:label ?l } OPTIONAL { GRAPH ont:x { ?f a ?c } } # GRAPH <c> {\n}"
    assert bind_constant_graphs(q) == (
        "SELECT ?l WHERE { VALUES ?_graph1 { <urn:g#1> } GRAPH ?_graph1 { ?f rdfs:label ?l } "
        "OPTIONAL { VALUES ?_graph2 { ont:x } GRAPH ?_graph2 { ?f a ?c } } # GRAPH <c> {\n}"
    )
    # only where the pragmas are added (a query with its own FROM NAMED is sent as written)
    assert "VALUES ?_graph1" in virtuoso_text(q, ["urn:other"], "urn:default")
    assert virtuoso_text(q, None, "urn:default") == q
    # a `*` projection would show the new variable: left as it is; GRAPH ?g and strings are untouched
    for same in (
        "SELECT * WHERE { GRAPH <urn:g> { ?s ?p ?o } }",
        'SELECT ?g WHERE { GRAPH ?g { ?s ?p "GRAPH <a> {" } }',
    ):
        assert bind_constant_graphs(same) == same
