"""The routes as pure functions: a Request in, a Response out, no socket (the session server's App and its worker
pool answer the queries)."""

from __future__ import annotations

from typing import Any

from llm4cell_kg.server import routes
from llm4cell_kg.server.routes import Request, Response, Route, handle


def test_entity_page_without_a_socket(server: Any) -> None:
    resp = handle(server.app, Request("GET", "/model/scgpt", {"accept": "text/html"}))
    assert resp.status == 200 and resp.media_type.startswith("text/html")
    page = resp.body.decode()
    assert "scGPT" in page and "Nature Methods" in page  # Table 7 row 1: scGPT ... Nature Methods


def test_sparql_route_without_a_socket(server: Any) -> None:
    query = "/sparql?query=ASK%20%7B%20%3Fs%20a%20%3Chttps%3A%2F%2Fw3id.org%2Fllm4cell%2Fontology%23Model%3E%20%7D"
    resp = handle(server.app, Request("GET", query, {"accept": "text/csv"}))
    assert (resp.status, resp.body) == (200, b"_askResult\ntrue\n")
    assert resp.headers["Access-Control-Allow-Origin"] == "*"
    resp = handle(server.app, Request("POST", "/sparql", {"content-type": "application/sparql-update"}, b"CLEAR ALL"))
    assert resp.status == 403 and resp.close


def test_errors_methods_and_options(server: Any) -> None:
    assert handle(server.app, Request("GET", "/nope")).status == 404
    assert handle(server.app, Request("GET", "/static/../serve.py")).status == 400
    resp = handle(server.app, Request("POST", "/model/scgpt", {}, b"x"))
    assert (resp.status, resp.headers["Allow"]) == (405, "GET, HEAD, OPTIONS")
    resp = handle(server.app, Request("OPTIONS", "/sparql"))
    assert resp.status == 204 and resp.headers["Access-Control-Allow-Methods"] == "GET, POST, OPTIONS"
    resp = handle(server.app, Request("GET", "/nope", {"accept": "text/html"}))
    assert resp.status == 404 and b"<html" in resp.body.lower()


def test_routes_table_is_extended_by_appending(server: Any) -> None:
    def hello(app: Any, req: Request, name: str) -> Response:
        return Response(200, f"hello {name}".encode())

    routes.ROUTES.append(Route(r"/hello/([a-z]+)", hello))
    try:
        resp = handle(server.app, Request("GET", "/hello/cells"))
        assert (resp.status, resp.body) == (200, b"hello cells")
    finally:
        routes.ROUTES.pop()
    assert handle(server.app, Request("GET", "/hello/cells")).status == 404


def test_a_model_page_shows_an_override_beside_its_value(server: Any) -> None:
    """stFormer's Modality cell prints 'scriptomics + ligand'; its record keeps `spatial` by an override (issue 24)."""
    page = handle(server.app, Request("GET", "/model/stformer", {"accept": "text/html"})).body.decode()
    assert (
        '<div class="note">override: the cell prints &#x27;scriptomics + ligand&#x27;, the end of '
        "&#x27;transcriptomics&#x27; cut by the page;"
    ) in page
