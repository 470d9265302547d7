"""The W3C SPARQL 1.1 Protocol test suite (w3c/rdf-tests `sparql/sparql11/protocol/`) run against the real server.

The manifest and its data files are vendored beside this module in `w3c-sparql11-protocol/` (w3c/rdf-tests ad541a5,
with the upstream licence notice and the licence it is used under in its README.md). Query and bad-request
tests run as written; update tests expect this read-only endpoint's refusal (403) of their first request (the
requests after it check the update's effect, so they do not apply). See docs/serve.md.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.dom import minidom

import pytest

SUITE = Path(__file__).resolve().parent / "w3c-sparql11-protocol"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
HT = "http://www.w3.org/2011/http#"
CNT = "http://www.w3.org/2011/content#"
UT = "http://www.w3.org/2009/sparql/tests/test-update#"
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
FORMATS = {
    "boolean": ("application/sparql-results+json", "application/sparql-results+xml"),
    "tabular": ("application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated"),
    "RDF": ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json"),
}


@dataclass
class Step:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    status_classes: set[str]  # "2", "3", "4", "5"
    fmt: str | None
    boolean: bool | None


@dataclass
class Case:
    name: str
    steps: list[Step]
    graphs: dict[str, Path]  # graph IRI -> data file


def _items(g: Any, head: Any) -> Iterator[Any]:
    from rdflib.collection import Collection

    yield from Collection(g, head)


def load_cases() -> list[Case]:
    """The manifest's tests in its order (empty if the suite is not there)."""
    manifest = SUITE / "manifest.ttl"
    if not manifest.is_file():
        return []
    import rdflib

    g = rdflib.Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())
    mf, ht, cnt, ut = (rdflib.Namespace(n) for n in (MF, HT, CNT, UT))
    cases = []
    (root,) = g.subjects(rdflib.RDF.type, mf.Manifest)
    for test in _items(g, g.value(root, mf.entries)):
        graphs = {
            str(g.value(d, rdflib.RDFS.label)): SUITE / Path(str(g.value(d, ut.graph))).name
            for d in g.objects(test, ut.graphData)
        }
        steps = []
        for req in _items(g, g.value(g.value(test, mf.action), ht.requests)):
            headers = (
                {
                    str(g.value(h, ht.fieldName)): str(g.value(h, ht.fieldValue))
                    for h in _items(g, g.value(req, ht.headers))
                }
                if g.value(req, ht.headers)
                else {}
            )
            body_node = g.value(req, ht.body)
            body = None
            if body_node is not None:
                encoding = str(g.value(body_node, cnt.characterEncoding) or "UTF-8")
                body = str(g.value(body_node, cnt.chars)).encode(encoding)
            resp = g.value(req, ht.resp)
            fmt = g.value(resp, mf.expectedFormat)
            boolean = g.value(resp, mf.expectedBoolean)
            path = str(g.value(req, ht.absolutePath))
            assert path.startswith("/sparql/")
            steps.append(
                Step(
                    method=str(g.value(req, ht.methodName)),
                    path="/sparql" + path[len("/sparql/") :],
                    headers=headers,
                    body=body,
                    status_classes={str(s)[len(HTS)] for s in g.objects(resp, mf.expectedStatus)},
                    fmt=str(fmt) if fmt is not None else None,
                    boolean=boolean.toPython() if boolean is not None else None,
                )
            )
        cases.append(Case(str(test).split("#")[-1], steps, graphs))
    return cases


CASES = load_cases()


def test_the_suite_is_there() -> None:
    assert len(CASES) == 34  # the manifest's mf:entries: 20 query, 14 update tests (w3c/rdf-tests ad541a5)


@pytest.fixture(scope="module")
def w3c_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A second server holding only the suite's data: each data file in the named graph its label gives."""
    import pyoxigraph as ox

    from llm4cell_kg.server.transport import Server, Settings

    graphs: dict[str, Path] = {}
    for case in CASES:
        graphs.update(case.graphs)
    nq = tmp_path_factory.mktemp("w3c") / "data.nq"
    quads = [
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(iri))
        for iri, path in sorted(graphs.items())
        for t in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    ]
    assert len(quads) == 3  # data1.nt, data2.nt, data3.nt: one triple each
    ox.serialize(quads, str(nq), ox.RdfFormat.N_QUADS)
    srv = Server("127.0.0.1", 0, settings=Settings(timeout=20, draw_figures=False), workers=1, graph=nq).start()
    yield srv
    srv.close()


def send(server: Any, step: Step) -> tuple[int, str, bytes]:
    host, port = server.httpd.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=60)
    try:
        conn.request(step.method, step.path, body=step.body, headers=step.headers)
        r = conn.getresponse()
        return r.status, r.getheader("Content-Type") or "", r.read()
    finally:
        conn.close()


def boolean_of(media: str, body: bytes) -> bool:
    if media.startswith("application/sparql-results+json"):
        return bool(json.loads(body)["boolean"])
    return minidom.parseString(body).getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_protocol(w3c_server: Any, case: Case) -> None:
    if case.name.startswith("update_"):
        # read-only: the update is refused; the requests after it check its effect and do not apply
        status, _, body = send(w3c_server, case.steps[0])
        assert status == 403 and b"read-only" in body
        return
    for step in case.steps:
        status, media, body = send(w3c_server, step)
        assert str(status)[0] in step.status_classes, (step, status, body[:300])
        if step.fmt is not None:
            assert media.startswith(FORMATS[step.fmt]), (step, media)
        if step.boolean is not None:
            assert boolean_of(media, body) is step.boolean


def test_service_description_manifest(w3c_server: Any) -> None:
    """service-description-manifest.ttl: returns-rdf and has-endpoint-triple (conforms-to-schema has no
    machine-readable schema in the suite)."""
    import rdflib

    sd_manifest = (SUITE / "service-description-manifest.ttl").read_text(encoding="utf-8")
    assert ":returns-rdf" in sd_manifest and ":has-endpoint-triple" in sd_manifest
    endpoint = rdflib.URIRef(w3c_server.url + "/sparql")
    status, media, body = send(w3c_server, Step("GET", "/sparql", {"Accept": "text/turtle"}, None, set(), None, None))
    assert status == 200 and media.startswith("text/turtle")
    g = rdflib.Graph().parse(data=body, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (endpoint, sd.endpoint, endpoint) in g
