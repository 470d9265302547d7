"""The SPARQL endpoint of `llm4cell-kg serve`, queried over real HTTP by SPARQLWrapper and http.client:
protocol, content negotiation, and the security rules (read-only, timeout, no SERVICE, no path traversal)."""

from __future__ import annotations

import csv
import http.client
import io
import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from web_client import fetch as http_get

from llm4cell_kg.common.namespaces import L4C, SCHEMES
from llm4cell_kg.server.protocol import ProtocolError, check_query, negotiate
from llm4cell_kg.store.sparql import run

SPARQLWrapper = pytest.importorskip("SPARQLWrapper", reason="test extra SPARQLWrapper not installed")

PFX = "PREFIX l4c: <https://w3id.org/llm4cell/ontology#>\nPREFIX model: <https://w3id.org/llm4cell/model/>\n"
# Appendix E, Table 7 has 58 rows (one per model); the survey's line 564 is row 1: scGPT ... Nature Methods.
TABLE7_MODELS = PFX + (
    'SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { GRAPH ?g { ?m a l4c:Model } ?g l4c:tableName "Table 7" }'
)
ALL_MODELS = PFX + "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a l4c:Model }"
SCGPT_FACTS = PFX + (
    "CONSTRUCT { model:scgpt ?p ?o } WHERE { GRAPH <https://w3id.org/llm4cell/source/table7/row/1> "
    "{ model:scgpt ?p ?o } }"
)
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def client(server: Any, query: str, fmt: str) -> Any:
    from SPARQLWrapper import SPARQLWrapper as Wrapper

    w = Wrapper(server.url + "/sparql")
    w.setQuery(query)
    w.setReturnFormat(fmt)
    return w.query()


def raw_request(
    server: Any, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    """A request sent byte for byte (http.client does not normalise `..` the way browsers and urllib do)."""
    host, port = server.httpd.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def q(query: str, **params: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query, **params})


def count(store: ox.Store, query: str) -> int:
    return int(run(store, query).rows[0][0].value)


# -- protocol and content negotiation (SPARQLWrapper) ----------------------------------------------------------


def test_select_json_matches_embedded_store(server: Any, store: ox.Store) -> None:
    from SPARQLWrapper import JSON

    res = client(server, TABLE7_MODELS, JSON).convert()
    assert res["head"]["vars"] == ["n"]
    assert int(res["results"]["bindings"][0]["n"]["value"]) == 58 == count(store, TABLE7_MODELS)
    res = client(server, ALL_MODELS, JSON).convert()
    assert int(res["results"]["bindings"][0]["n"]["value"]) == count(store, ALL_MODELS)


def test_select_xml(server: Any) -> None:
    from SPARQLWrapper import XML

    doc = client(server, PFX + "SELECT ?venue WHERE { model:scgpt l4c:printedVenue ?venue }", XML).convert()
    literals = [n.firstChild.data for n in doc.getElementsByTagName("literal")]
    assert literals == ["Nature Methods"]  # Table 7 row 1


def test_select_csv_and_tsv(server: Any, store: ox.Store) -> None:
    from SPARQLWrapper import CSV, TSV

    query = (
        PFX + 'SELECT ?m ?row WHERE { GRAPH ?g { ?m a l4c:Model } ?g l4c:tableName "Table 7" ; '
        "l4c:rowNumber ?row } ORDER BY ?row LIMIT 3"
    )
    rows = list(csv.reader(io.StringIO(client(server, query, CSV).convert().decode())))
    base = SCHEMES["model"]
    # Table 7 rows 1-3: scGPT, Geneformer, scFoundation (docs/CONVENTIONS.md order, survey lines 564-566)
    assert rows == [["m", "row"], [base + "scgpt", "1"], [base + "geneformer", "2"], [base + "scfoundation", "3"]]
    tsv = client(server, query, TSV).convert().decode().splitlines()
    assert tsv[0] == "?m\t?row"
    assert tsv[1] == f'<{base}scgpt>\t"1"^^<http://www.w3.org/2001/XMLSchema#integer>'
    assert len(tsv) == 4


def test_ask(server: Any) -> None:
    from SPARQLWrapper import JSON

    ask = PFX + "ASK { model:scgpt l4c:publishedIn <https://w3id.org/llm4cell/venue/nature-methods> }"
    assert client(server, ask, JSON).convert()["boolean"] is True
    assert client(server, ask.replace("nature-methods", "cell"), JSON).convert()["boolean"] is False


def test_construct_turtle_jsonld_rdfxml(server: Any, store: ox.Store) -> None:
    import rdflib
    from SPARQLWrapper import JSONLD, TURTLE, XML

    expected = {
        (str(t.subject.value), str(t.predicate.value), str(t.object.value))
        for t in run(store, SCGPT_FACTS).triples or []
    }
    assert len(expected) > 10
    ttl = client(server, SCGPT_FACTS, TURTLE)
    assert ttl.info()["content-type"].startswith("text/turtle")
    g_ttl = rdflib.Graph().parse(data=ttl.convert().decode(), format="turtle")
    g_jsonld = client(server, SCGPT_FACTS, JSONLD).convert()
    g_xml = client(server, SCGPT_FACTS, XML).convert()
    for g in (g_ttl, g_jsonld, g_xml):
        assert {(str(s), str(p), str(o)) for s, p, o in g} == expected
    assert (SCHEMES["model"] + "scgpt", L4C + "printedVenue", "Nature Methods") in expected


def test_construct_ntriples_by_accept(server: Any, store: ox.Store) -> None:
    status, headers, body = http_get(server, q(SCGPT_FACTS), "application/n-triples")
    assert status == 200 and headers["Content-Type"] == "application/n-triples"
    got = {ox.Triple(x.subject, x.predicate, x.object) for x in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)}
    assert got == set(run(store, SCGPT_FACTS).triples or [])


def test_accept_q_values_and_format_param(server: Any) -> None:
    status, headers, _ = http_get(server, q(ALL_MODELS), "text/csv;q=0.5, text/tab-separated-values")
    assert status == 200 and headers["Content-Type"].startswith("text/tab-separated-values")
    status, headers, body = http_get(server, q(ALL_MODELS, format="csv"), "application/sparql-results+json")
    assert headers["Content-Type"].startswith("text/csv") and body.startswith(b"n\r\n")
    status, _, body = http_get(server, q(ALL_MODELS), "image/png")
    assert status == 406 and b"no acceptable format" in body


def test_post_form_and_direct(server: Any, store: ox.Store) -> None:
    from SPARQLWrapper import JSON, POST
    from SPARQLWrapper import SPARQLWrapper as Wrapper

    w = Wrapper(server.url + "/sparql")
    w.setMethod(POST)
    w.setQuery(TABLE7_MODELS)
    w.setReturnFormat(JSON)
    assert int(w.query().convert()["results"]["bindings"][0]["n"]["value"]) == 58
    status, body = raw_request(
        server,
        "POST",
        "/sparql",
        TABLE7_MODELS.encode(),
        {"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    assert status == 200 and body == b"n\r\n58\r\n"
    status, body = raw_request(server, "POST", "/sparql", b"query=x", {"Content-Type": "text/plain"})
    assert status == 415


def test_canned_query_through_endpoint(server: Any, store: ox.Store) -> None:
    from llm4cell_kg.answers.query import get_query

    text = get_query("agentic-annotation").text  # relies on the endpoint's predeclared prefixes
    status, _, body = http_get(server, q(text), "application/sparql-results+json")
    got = {b["model"]["value"]: b["evidence"]["value"] for b in json.loads(body)["results"]["bindings"]}
    want = {str(r[0].value): r[2].value for r in run(store, text).rows}
    assert got == want
    assert got[SCHEMES["model"] + "cellagent"] == "Table 7 row 58"  # Table 7 row 58: CellAgent, Agentic Yes


def test_default_graph_uri(server: Any, store: ox.Store) -> None:
    g = "https://w3id.org/llm4cell/source/table7/row/1"
    status, _, body = http_get(
        server, q("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", **{"default-graph-uri": g}), "text/csv"
    )
    n = sum(1 for x in store.quads_for_pattern(None, None, None, ox.NamedNode(g)))
    assert status == 200 and body == f"n\r\n{n}\r\n".encode() and n > 10


def test_row_cap_truncates_and_says_so(server: Any) -> None:
    status, headers, body = http_get(server, q("SELECT ?s ?p ?o WHERE { ?s ?p ?o }"), "application/sparql-results+json")
    assert status == 200
    assert headers["X-Result-Truncated"] == "true; row cap 1000" and headers["X-Result-Count"] == "1000"
    assert len(json.loads(body)["results"]["bindings"]) == 1000
    status, headers, _ = http_get(server, q(ALL_MODELS))
    assert "X-Result-Truncated" not in headers


def test_syntax_error_is_400(server: Any) -> None:
    status, _, body = http_get(server, q("SELECT WHERE {"))
    assert status == 400 and body.startswith(b"SPARQL syntax error")
    status, _, body = http_get(server, "/sparql", "application/sparql-results+json")
    assert status == 400 and b"missing 'query'" in body


# -- security ---------------------------------------------------------------------------------------------------


def test_update_is_refused(server: Any, store: ox.Store) -> None:
    insert = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    status, _, body = http_get(server, "/sparql?" + urllib.parse.urlencode({"update": insert}))
    assert status == 403 and b"read-only" in body
    status, body = raw_request(
        server, "POST", "/sparql", insert.encode(), {"Content-Type": "application/sparql-update"}
    )
    assert status == 403 and b"read-only" in body
    status, body = raw_request(
        server,
        "POST",
        "/sparql",
        urllib.parse.urlencode({"update": insert}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 403
    status, _, body = http_get(server, q("PREFIX ex: <http://example.org/>\n" + insert))
    assert status == 403 and b"read-only" in body
    status, _, body = http_get(server, q("ASK { <http://example.org/a> ?p ?o }"), "text/csv")
    assert body == b"_askResult\nfalse\n"  # nothing was written


def test_runaway_query_is_stopped_and_server_recovers(server: Any) -> None:
    killed = server.pool.killed
    status, _, body = http_get(server, q(RUNAWAY))
    assert status == 504 and b"longer than the 3 s timeout" in body
    assert server.pool.killed == killed + 1
    for _ in range(4):  # both workers (one of them the replacement) answer
        status, _, body = http_get(server, q(TABLE7_MODELS), "text/csv")
        assert status == 200 and body == b"n\r\n58\r\n"


def test_service_is_refused(server: Any) -> None:
    status, _, body = http_get(server, q("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"))
    assert status == 403 and b"SERVICE" in body and b"--allow-service" in body
    status, _, body = http_get(server, q("SELECT * WHERE { service silent ?ep { ?s ?p ?o } }"))
    assert status == 403
    # the word inside a string, an IRI or a comment, or as a variable, is not a SERVICE call
    ok = 'SELECT ?service WHERE { BIND("SERVICE <http://x>" AS ?service) } # SERVICE'
    status, _, _ = http_get(server, q(ok))
    assert status == 200


def test_service_when_allowed_federates_to_a_real_endpoint(server: Any) -> None:
    # a second server started with --allow-service; the session's server is the remote endpoint
    from llm4cell_kg.server.transport import Server, Settings

    fed = Server("127.0.0.1", 0, settings=Settings(timeout=30.0, allow_service=True), workers=1).start()
    try:
        remote_count = PFX + (
            f"SELECT ?n WHERE {{ SERVICE <{server.url}/sparql> {{ "
            "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { GRAPH ?g { ?m a l4c:Model } "
            '?g l4c:tableName "Table 7" } } }'
        )
        status, _, body = http_get(fed, q(remote_count), "text/csv")
        assert (status, body) == (200, b"n\r\n58\r\n")
        # a local label joined with the remote printed venue (Table 7 row 1: "Nature Methods")
        join = PFX + (
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
            f"SELECT ?label ?venue WHERE {{ model:scgpt rdfs:label ?label . SERVICE <{server.url}/sparql> "
            "{ model:scgpt l4c:printedVenue ?venue } }"
        )
        status, _, body = http_get(fed, q(join), "text/csv")
        assert (status, body) == (200, b"label,venue\r\nscGPT,Nature Methods\r\n")
    finally:
        fed.close()


def test_check_query_rules() -> None:
    with pytest.raises(ProtocolError) as e:
        check_query("PREFIX x: <http://x/> DELETE WHERE { ?s ?p ?o }")
    assert e.value.status == 403
    check_query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", allow_service=True)
    check_query('PREFIX service: <http://x/> SELECT * WHERE { ?s service:p "DROP" }')
    assert negotiate("graph", "*/*").name == "turtle" and negotiate("results", None).name == "json"
    assert negotiate("graph", "application/json").name == "jsonld"


@pytest.mark.parametrize(
    "path",
    [
        "/static/../../etc/passwd",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2f..%2fetc%2fpasswd",
        "/static/%252e%252e/%252e%252e/etc/passwd",
        "/static/yasgui/../../../serve.py",
        "/figures/..%2f..%2fetc%2fpasswd",
        "/static/..\\..\\etc\\passwd",
        "/static//etc/passwd",
        "/model/..%2f..%2fetc%2fpasswd",
    ],
)
def test_path_traversal_is_refused(server: Any, path: str) -> None:
    status, body = raw_request(server, "GET", path)
    assert status in (400, 404)
    assert b"root:" not in body and b"import" not in body


def test_static_files_are_served(server: Any) -> None:
    status, headers, body = http_get(server, "/static/yasgui/VERSION")
    assert status == 200 and body.startswith(b"@zazuko/yasgui 4.6.2")
    status, headers, body = http_get(server, "/static/yasgui/yasgui.min.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript") and len(body) > 500_000
    assert "connect-src 'self'" in headers["Content-Security-Policy"]


def test_cli_help_and_port_in_use(server: Any) -> None:
    from llm4cell_kg.cli import main

    out = CliRunner().invoke(main, ["serve", "--help"])
    assert out.exit_code == 0
    for opt in ("--host", "--port", "--timeout", "--row-cap", "--allow-service", "--figures", "--workers"):
        assert opt in out.output
    port = server.httpd.server_address[1]
    out = CliRunner().invoke(main, ["serve", "--port", str(port), "--workers", "1"])
    assert out.exit_code == 1 and f"cannot listen on 127.0.0.1:{port}" in out.output
    assert "Traceback" not in out.output


def test_serves_a_built_file_and_reports_a_bad_one(tmp_path: Any, quads: list[ox.Quad]) -> None:
    from llm4cell_kg.errors import UserError
    from llm4cell_kg.server.transport import Server, Settings

    trig = tmp_path / "llm4cell.trig"
    row1 = ox.NamedNode("https://w3id.org/llm4cell/source/table7/row/1")
    ox.serialize([x for x in quads if x.graph_name in (row1, ox.DefaultGraph())], str(trig), ox.RdfFormat.TRIG)
    srv = Server("127.0.0.1", 0, settings=Settings(timeout=5), workers=1, graph=trig).start()
    try:
        status, _, body = http_get(srv, q(TABLE7_MODELS), "text/csv")
        assert status == 200 and body == b"n\r\n1\r\n"  # only Table 7 row 1 (scGPT) was written to the file
    finally:
        srv.close()
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(UserError, match="bad.ttl: cannot read it as RDF"):
        Server("127.0.0.1", 0, graph=bad)


def test_workers_killed_from_outside_are_replaced(server: Any) -> None:
    import os
    import signal

    idle = list(server.pool._idle.queue)
    assert idle
    for w in idle:
        os.kill(w.process.pid, signal.SIGKILL)
        w.process.wait(10)
    status, _, body = http_get(server, q(TABLE7_MODELS), "text/csv")  # waits for a replacement to load
    assert status == 200 and body == b"n\r\n58\r\n"
