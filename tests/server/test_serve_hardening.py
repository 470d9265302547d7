"""Attacks on `llm4cell-kg serve` kept as tests (issue 17): the SERVICE-check bypass against a loopback sink server,
deep nesting, FROM / FROM NAMED, protocol errors sent byte for byte, the Service Description, CORS, and a burst of
200 concurrent clients."""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from llm4cell_kg.build.graph import survey_only
from llm4cell_kg.common.namespaces import SCHEMES
from llm4cell_kg.store.sparql import run

ROW1 = "https://w3id.org/llm4cell/source/table7/row/1"
PFX = "PREFIX l4c: <https://w3id.org/llm4cell/ontology#>\nPREFIX model: <https://w3id.org/llm4cell/model/>\n"


class Sink:
    """A loopback HTTP server that records every request it gets (a stand-in for an address an attacker picks)."""

    def __init__(self) -> None:
        seen: list[str] = []

        class Record(BaseHTTPRequestHandler):
            def _any(self) -> None:
                seen.append(f"{self.command} {self.path}")
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                body = b'{"head":{"vars":["a"]},"results":{"bindings":[{"a":{"type":"literal","value":"leak"}}]}}'
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _any

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self.seen = seen
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Record)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/sparql"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def sink() -> Iterator[Sink]:
    s = Sink()
    yield s
    s.close()


def exchange(server: Any, raw: bytes, timeout: float = 20) -> bytes:
    """Send `raw` bytes on one connection and return everything the server answers until it closes or goes quiet."""
    host, port = server.httpd.server_address[:2]
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.sendall(raw)
        s.shutdown(socket.SHUT_WR)
        out = b""
        while chunk := s.recv(65536):
            out += chunk
    return out


def request(
    server: Any, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    host, port = server.httpd.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, dict(r.getheaders()), r.read()
    finally:
        conn.close()


def q(query: str, **params: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query, **params})


# -- 1. SERVICE bypass ------------------------------------------------------------------------------------------------


def bypasses(sink_url: str) -> list[str]:
    return [
        # issue 17: the escape in a prefixed name was read as the start of a comment / of a string
        f"PREFIX ex: <http://ex/> SELECT * WHERE {{ BIND(ex:a\\# AS ?x) SERVICE <{sink_url}> {{?a ?b ?c}} }}",
        f"PREFIX ex: <http://ex/> SELECT * WHERE {{ BIND(ex:a\\' AS ?x) SERVICE <{sink_url}> {{?a ?b ?c}} }}",
        # the keyword written with a \u escape (decoded before parsing, SPARQL 1.1 section 19.2)
        f"SELECT * WHERE {{ \\u0053ERVICE <{sink_url}> {{?a ?b ?c}} }}",
        # `<` as less-than, then what a naive IRI match would swallow up to the `>` in a comment
        f"SELECT * WHERE {{ BIND(1 AS ?a) FILTER(<http://a#> <1)SERVICE<{sink_url}>#>\n{{?a ?b ?c}} }}",
    ]


def test_service_bypasses_are_refused_and_reach_nothing(server: Any, sink: Sink) -> None:
    for query in bypasses(sink.url):
        status, _, body = request(server, "GET", q(query))
        assert status == 403 and b"SERVICE" in body, query
        status, _, body = request(
            server, "POST", "/sparql", query.encode(), {"Content-Type": "application/sparql-query"}
        )
        assert status == 403, query
    assert sink.seen == []


LOCAL_ESCAPES = ["\\#", "\\'", "\\.", "\\-", "\\!", "\\$", "\\&", "\\(", "\\)", "\\*", "\\/", "\\?", "\\@", "%23"]
#: a letter, then escapes each followed by a letter, then maybe one escape (pyoxigraph refuses `ex:\\#\\#`)
local_names = st.builds(
    lambda first, pairs, last: first + "".join(pairs) + last,
    st.sampled_from(["a", "Z", "9", "_"]),
    st.lists(st.tuples(st.sampled_from(LOCAL_ESCAPES), st.sampled_from(["a", "Z", "9", "_"])).map("".join), max_size=3),
    st.sampled_from(["", *LOCAL_ESCAPES]),
)
STRING_PARTS = ["x", "#", "'", '\\"', "\\'", "{", "}", "<", ">", "SERVICE", " ", "\\\\"]  # `\"` etc. are escapes
IRI_ENDS = ["#", "'", "#SERVICE", "a"]
SQ = "'"


def string_bodies(exclude: str = "") -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from([p for p in STRING_PARTS if p != exclude]), max_size=6).map("".join)


@st.composite
def noise(draw: st.DrawFn, i: int) -> str:
    """One piece of valid pattern text that a lexer could misread (escapes, strings, comments, IRIs, `<`)."""
    kind = draw(st.sampled_from(["pname", "dq", "sq", "long", "comment", "iri", "lt"]))
    if kind == "pname":
        return f"BIND(ex:{draw(local_names)} AS ?v{i})"
    if kind == "dq":
        return 'BIND("' + draw(string_bodies()) + f'" AS ?v{i})'
    if kind == "sq":
        return "BIND(" + SQ + draw(string_bodies(exclude=SQ)) + SQ + f" AS ?v{i})"
    if kind == "long":
        return "BIND(" + SQ * 3 + draw(string_bodies(exclude=SQ)) + SQ * 3 + f" AS ?v{i})"
    if kind == "comment":
        return "# " + draw(string_bodies()) + "\n"
    if kind == "iri":
        return "BIND(<http://x/" + draw(st.sampled_from(IRI_ENDS)) + f"> AS ?v{i})"
    return f"BIND(1 AS ?v{i}) FILTER(?v{i}<{draw(st.integers(0, 9))})"


@st.composite
def bypass_attempts(draw: st.DrawFn) -> tuple[str, str]:
    """(a query with a real SERVICE call to {SINK}, the same query with GRAPH in its place to check the syntax)."""
    before = [draw(noise(i)) for i in range(draw(st.integers(0, 4)))]
    after = [draw(noise(10 + i)) for i in range(draw(st.integers(0, 2)))]
    word = draw(st.sampled_from(["SERVICE", "service", "SeRvIcE", "\\u0053ERVICE", "SERVIC\\u0045"]))
    silent = draw(st.sampled_from(["", " SILENT"]))
    gap = draw(st.sampled_from([" ", "", "\t", " # c\n"]))
    head = "PREFIX ex: <http://ex/> SELECT * WHERE { "
    tail = " ".join(after) + " }"
    call = f"{word}{silent}{gap}<{{SINK}}> {{ ?a ?b ?c }} "
    return head + " ".join(before) + " " + call + tail, head + " ".join(
        before
    ) + f" GRAPH{gap}<{{SINK}}> {{ ?a ?b ?c }} " + tail


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(attempt=bypass_attempts())
def test_generated_service_bypasses_are_refused(server: Any, sink: Sink, attempt: tuple[str, str]) -> None:
    query, graph_twin = (a.replace("{SINK}", sink.url) for a in attempt)
    try:
        ox.Store().query(graph_twin)  # the same text with GRAPH for SERVICE is valid SPARQL to the engine
    except SyntaxError:
        assume(False)
    status, _, body = request(server, "GET", q(query))
    assert status == 403, (query, body)
    assert sink.seen == []


def test_workers_have_no_network_unless_service_is_allowed(sink: Sink, tmp_path: Path) -> None:
    """Behind the check: the query workers of a server that refuses SERVICE cannot reach any address."""
    from llm4cell_kg.server.executor import Pool
    from llm4cell_kg.server.protocol import Job, ProtocolError

    nq = tmp_path / "g.nq"
    nq.write_text("<http://a> <http://b> <http://c> .\n", encoding="utf-8")
    job = Job(f"SELECT * WHERE {{ SERVICE <{sink.url}> {{ ?a ?b ?c }} }}", accept="text/csv")
    sandboxed = Pool(nq, workers=1, timeout=20, sandbox=True)
    try:
        if not sandboxed.isolated:
            pytest.skip("this kernel does not allow unprivileged network namespaces")
        with pytest.raises(ProtocolError):
            sandboxed.run(job)
    finally:
        sandboxed.close()
    assert sink.seen == []
    open_pool = Pool(nq, workers=1, timeout=20, sandbox=False)  # the same job does reach the sink from a normal worker
    try:
        assert open_pool.run(job).body == b"a,b,c\r\nleak,,\r\n"
    finally:
        open_pool.close()
    assert len(sink.seen) == 1
    sink.seen.clear()


# -- 3. nesting -------------------------------------------------------------------------------------------------------


def test_deep_nesting_is_refused_before_the_engine(server: Any) -> None:
    deep = "SELECT * WHERE " + "{" * 10_000 + "}" * 10_000
    status, _, body = request(server, "POST", "/sparql", deep.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 400 and b"nests brackets more than 128 deep" in body
    chain = "ASK { FILTER(" + "+".join(["1"] * 10_000) + " > 0) }"  # a flat chain crashes the engine as well
    status, _, body = request(server, "POST", "/sparql", chain.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 400 and b"more than 2000 operators" in body
    assert server.pool.killed == server.pool.killed  # no worker died: the next query is answered at once
    status, _, body = request(server, "GET", q("ASK {}"), headers={"Accept": "text/csv"})
    assert (status, body) == (200, b"_askResult\ntrue\n")


def test_cli_sparql_refuses_deep_nesting_with_a_message(tmp_path: Path) -> None:
    query = tmp_path / "deep.rq"
    query.write_text("SELECT * WHERE " + "{" * 10_000 + "}" * 10_000, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "llm4cell_kg.cli", "sparql", str(query)], capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 1, out.stderr[-500:]
    assert "nests brackets more than 128 deep" in out.stderr and "Traceback" not in out.stderr


# -- 4. FROM / FROM NAMED and the union default graph -----------------------------------------------------------------


def csv_number(server: Any, query: str, **params: str) -> int:
    status, _, body = request(server, "GET", q(query, **params), headers={"Accept": "text/csv"})
    assert status == 200, body
    return int(body.split(b"\r\n")[1])


def test_from_is_honoured(server: Any, store: ox.Store) -> None:
    query = f"SELECT (COUNT(*) AS ?n) FROM <{ROW1}> WHERE {{ ?s ?p ?o }}"
    # Table 7 row 1 (scGPT ... Nature Methods, survey line 564): its graph holds 23 triples
    assert sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(ROW1))) == 23
    assert csv_number(server, query) == 23
    assert int(run(store, query).rows[0][0].value) == 23  # the CLI's `sparql` and `query` honour it too
    named = (
        f"SELECT (COUNT(DISTINCT ?g) AS ?n) FROM NAMED <{ROW1}> FROM NAMED <{ROW1[:-1]}2> "
        "WHERE { GRAPH ?g { ?s ?p ?o } }"
    )
    assert csv_number(server, named) == 2
    # the protocol's dataset replaces the query's (SPARQL 1.1 Protocol 2.1.4)
    assert csv_number(server, query, **{"default-graph-uri": ROW1[:-1] + "2"}) == sum(
        1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(ROW1[:-1] + "2"))
    )


def test_union_default_graph_holds_each_triple_once(server: Any, quads: list[ox.Quad]) -> None:
    quads = survey_only(quads)  # what `serve` serves by default: the survey's graphs
    alt = "http://www.w3.org/2004/02/skos/core#altLabel"
    held = {
        x.graph_name
        for x in quads
        if x.subject.value == SCHEMES["model"] + "scfoundation"
        and x.predicate.value == alt
        and x.object.value == "scFoundation"
    }
    assert len(held) > 1  # the alias "scFoundation" is printed in several places: one source graph each
    triple = f'<{SCHEMES["model"]}scfoundation> <{alt}> "scFoundation"'
    assert csv_number(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ {triple} }}") == 1
    assert csv_number(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ {triple} }} }}") == len(held)
    distinct = {(x.subject, x.predicate, x.object) for x in quads}
    assert csv_number(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == len(distinct)


def test_every_canned_query_answers_as_on_the_cli(server: Any, store: ox.Store) -> None:
    """The union default graph now holds each triple once: no canned answer may change."""
    from llm4cell_kg.answers.query import list_queries

    def key(term: Any) -> str:
        return "" if term is None else term.value

    for cq in list_queries():
        want = run(store, cq.text)
        status, headers, body = request(
            server, "GET", q(cq.text), headers={"Accept": "application/sparql-results+json"}
        )
        assert status == 200, cq.name
        if want.triples is not None:
            continue  # graphs are compared in test_serve
        doc = json.loads(body)
        if want.boolean is not None:
            assert doc["boolean"] == want.boolean, cq.name
            continue
        got = [[b.get(v, {}).get("value", "") for v in want.variables] for b in doc["results"]["bindings"]]
        expected = sorted([key(t) for t in r] for r in want.rows)
        if "X-Result-Truncated" in headers:  # the session server's row cap is 1000: the rows sent are expected rows
            assert len(got) == 1000 and all(row in expected for row in got), cq.name
        else:
            assert sorted(got) == expected, cq.name


# -- 5. protocol errors -----------------------------------------------------------------------------------------------


def test_invalid_default_graph_uri_is_400(server: Any) -> None:
    status, _, body = request(server, "GET", q("ASK {}", **{"default-graph-uri": "not an iri"}))
    assert status == 400 and b"default-graph-uri 'not an iri' is not an absolute IRI" in body


def test_negative_content_length_is_400_at_once(server: Any) -> None:
    out = exchange(
        server,
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: -1\r\n\r\nASK {}",
        timeout=20,
    )
    assert out.startswith(b"HTTP/1.1 400") and b"bad Content-Length '-1'" in out


def test_invalid_utf8_is_400(server: Any) -> None:
    status, _, body = request(
        server, "POST", "/sparql", b'ASK { FILTER("\xff\xfe" = 1) }', {"Content-Type": "application/sparql-query"}
    )
    assert status == 400 and b"not UTF-8" in body
    form = b"query=ASK%20%7B%20FILTER(%22%FF%22%20%3D%201)%20%7D"
    status, _, body = request(server, "POST", "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 400 and b"not UTF-8" in body


def test_get_body_is_consumed_not_parsed_as_a_request(server: Any) -> None:
    smuggled = b"GET /no-such-page HTTP/1.1\r\nHost: x\r\n\r\n"
    raw = (
        b"GET /sparql?query=ASK%20%7B%7D HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n"
        + f"Content-Length: {len(smuggled)}\r\n\r\n".encode()
        + smuggled
        + b"GET /static/yasgui/VERSION HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    out = exchange(server, raw)
    assert out.count(b"HTTP/1.1 ") == 2  # two responses: the query's and the static file's; no 404 for the body
    assert out.startswith(b"HTTP/1.1 200") and b"_askResult\ntrue\n" in out
    assert b"404" not in out and b"@zazuko/yasgui" in out


def test_chunked_body_is_decoded(server: Any) -> None:
    query = PFX + 'SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { GRAPH ?g { ?m a l4c:Model } ?g l4c:tableName "Table 7" }'
    data = query.encode()
    chunks = b"".join(f"{len(c):x}\r\n".encode() + c + b"\r\n" for c in (data[:40], data[40:]))
    raw = (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nAccept: text/csv\r\n"
        b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunks + b"0\r\n\r\n"
    )
    out = exchange(server, raw)
    assert out.startswith(b"HTTP/1.1 200") and out.endswith(b"n\r\n58\r\n")  # Table 7: 58 models


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_write_methods_are_405_with_allow(server: Any, method: str) -> None:
    status, headers, _ = request(server, method, "/sparql", b"x", {"Content-Type": "text/plain"})
    assert status == 405 and headers["Allow"] == "GET, HEAD, POST, OPTIONS"
    status, headers, _ = request(server, method, "/model/scgpt", b"x")
    assert status == 405 and headers["Allow"] == "GET, HEAD, OPTIONS"


def test_construct_with_relative_iris_uses_the_endpoint_as_base(server: Any) -> None:
    status, headers, body = request(
        server, "GET", q("CONSTRUCT { <s> <p> 1 } WHERE {}"), headers={"Accept": "application/n-triples"}
    )
    assert status == 200
    assert body.decode().strip() == (
        f'<{server.url}/s> <{server.url}/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .'
    )


# -- 6. Service Description and CORS ----------------------------------------------------------------------------------


def test_service_description_by_accept(server: Any) -> None:
    import rdflib
    import rdflib.compare

    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    endpoint = rdflib.URIRef(server.url + "/sparql")
    graphs = []
    for accept, fmt in (("text/turtle", "turtle"), ("application/rdf+xml", "xml"), (None, "turtle")):
        status, headers, body = request(server, "GET", "/sparql", headers={"Accept": accept} if accept else {})
        assert status == 200 and headers["Content-Type"].startswith(accept or "text/turtle")
        g = rdflib.Graph().parse(data=body, format=fmt)
        assert (endpoint, sd.endpoint, endpoint) in g
        assert (endpoint, sd.supportedLanguage, sd.SPARQL11Query) in g
        assert (endpoint, sd.feature, sd.UnionDefaultGraph) in g
        assert (endpoint, sd.feature, sd.BasicFederatedQuery) not in g  # SERVICE is off
        graphs.append(g)
    assert rdflib.compare.isomorphic(graphs[0], graphs[1])
    status, headers, _ = request(server, "GET", "/sparql", headers={"Accept": "text/html,*/*;q=0.8"})
    assert status == 303 and headers["Location"] == "/explorer"  # a browser gets the editor
    # the endpoint as the client named it (e.g. behind a proxy), unless the Host header is no plain host[:port]
    for host, named in (("kg.example.org:8080", "http://kg.example.org:8080/sparql"), ("a b/<x>", str(endpoint))):
        _, _, body = request(server, "GET", "/sparql", headers={"Accept": "text/turtle", "Host": host})
        g = rdflib.Graph().parse(data=body, format="turtle")
        assert (rdflib.URIRef(named), sd.endpoint, rdflib.URIRef(named)) in g


def test_cors(server: Any) -> None:
    status, headers, _ = request(
        server,
        "OPTIONS",
        "/sparql",
        headers={"Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST"},
    )
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert headers["Access-Control-Allow-Methods"] == "GET, POST, OPTIONS"
    assert "Content-Type" in headers["Access-Control-Allow-Headers"]
    for method, body, hdrs in (
        ("GET", None, {}),
        ("POST", b"ASK {}", {"Content-Type": "application/sparql-query"}),
    ):
        status, headers, _ = request(server, method, "/sparql" if body else q("ASK {}"), body, hdrs)
        assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"
        assert "X-Result-Count" in headers["Access-Control-Expose-Headers"]
    status, headers, _ = request(server, "GET", q("SELECT WHERE {"))
    assert status == 400 and headers["Access-Control-Allow-Origin"] == "*"  # errors are readable cross-origin too


# -- 2. a burst of clients --------------------------------------------------------------------------------------------


def test_burst_of_200_concurrent_clients(server: Any) -> None:
    """200 clients connect at once (the old listen backlog of 5 dropped a third of them): all 200 are answered."""
    n = 200
    start = threading.Barrier(n)
    results: list[tuple[int, bytes] | str] = [""] * n
    path = q(PFX + 'ASK { model:scgpt l4c:printedVenue "Nature Methods" }')  # Table 7 row 1

    def one(i: int) -> None:
        host, port = server.httpd.server_address[:2]
        try:
            start.wait(60)
            conn = http.client.HTTPConnection(host, port, timeout=120)
            conn.request("GET", path, headers={"Accept": "text/csv"})
            r = conn.getresponse()
            results[i] = (r.status, r.read())
            conn.close()
        except Exception as exc:  # noqa: BLE001 - every failure is counted below
            results[i] = repr(exc)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    failures = [r for r in results if r != (200, b"_askResult\ntrue\n")]
    assert failures == []


LEGITIMATE = [
    "SELECT * WHERE { ?s <http://x/p>/<http://x/q>* ?o . ?o ^<http://x/r>|!(<http://x/a>|^<http://x/b>) ?z }",
    "SELECT ?x WHERE { VALUES (?x ?y) { (<http://a> <http://b>) (UNDEF 1) } }",
    'SELECT (COUNT(*) AS ?n) (GROUP_CONCAT(?o; separator=", ") AS ?g) WHERE { ?s ?p ?o '
    "FILTER(?o IN (<http://x/service>, <http://y>)) } GROUP BY ?s HAVING (COUNT(*) > 1) ORDER BY DESC(?n) LIMIT 5",
    "SELECT * WHERE { { SELECT (MAX(?o) AS ?m) WHERE { ?s ?p ?o } } FILTER(?m<10 && ?m > <http://x/a>) }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o<<http://x/a>) }",
    "CONSTRUCT { ?s <http://p> [ <http://q> ?o ] } WHERE { OPTIONAL { ?s ?p ?o BIND(?o+1 AS ?z) } "
    "MINUS { ?s a <http://C> } }",
    "ASK { FILTER NOT EXISTS { ?s <http://service> ?o } }",
    "DESCRIBE <http://x/service> ?x WHERE { ?x ?p ?o }",
    'PREFIX : <http://x/> SELECT * WHERE { :a :b :c ; :d "x"@en-GB, 1.5e3, .5, -3, true . }',
    "SELECT * WHERE { << ?s ?p ?o >> <http://q> ?z }",
    'SELECT ?service WHERE { BIND("SERVICE <http://x>" AS ?service) } # SERVICE',
]


@pytest.mark.parametrize("query", LEGITIMATE)
def test_legitimate_queries_pass_the_check(query: str) -> None:
    """Paths, VALUES, collections, subqueries, `<` comparisons, quoted triples and the word "service" inside IRIs,
    strings, variables and comments: valid to the engine, and not refused by the check."""
    from llm4cell_kg.server.protocol import check_query

    ox.Store().query(query)
    check_query(query)
