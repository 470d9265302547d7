"""Routes: pure functions from a Request (and the App) to a Response, testable without a socket.

To add a page, write `def handler(app: App, req: Request, *groups: str) -> Response` and append
`Route(r"/path/(pattern)", handler)` to ROUTES (groups of the pattern become the handler's arguments).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .app import App
from .protocol import GRAPH_FORMATS, Job, ProtocolError, negotiate, query_job, service_description

ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
HOST = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?")
STATIC_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
    "": "text/plain; charset=utf-8",
}
HTML = "text/html; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
PAGE_METHODS = ("GET", "HEAD", "OPTIONS")
SPARQL_METHODS = ("GET", "HEAD", "POST", "OPTIONS")
#: CORS: any origin may query the endpoint (it is read-only and sends no credentials)
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "X-Result-Count, X-Result-Truncated",
}
CORS_PREFLIGHT = {
    **CORS,
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Content-Type",
    "Access-Control-Max-Age": "86400",
}


@dataclass(frozen=True)
class Request:
    """An HTTP request as the routes see it: header names are lower case; `body` is the whole (decoded) body."""

    method: str
    target: str  # the request target: path and query string, as sent
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def path(self) -> str:
        return unquote(urlsplit(self.target).path)

    @property
    def query_string(self) -> str:
        return urlsplit(self.target).query

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")

    def wants_html(self) -> bool:
        return "text/html" in self.header("accept")


@dataclass
class Response:
    """What to answer: status, body and media type, extra headers; `close` ends the connection afterwards."""

    status: int
    body: bytes = b""
    media_type: str = TEXT
    headers: dict[str, str] = field(default_factory=dict)
    close: bool = False


Handler = Callable[..., Response]


@dataclass(frozen=True)
class Route:
    """`pattern` (a regular expression matched against the whole decoded path) -> `handler`."""

    pattern: str
    handler: Handler
    methods: tuple[str, ...] = PAGE_METHODS


def html(body: str, status: int = 200) -> Response:
    return Response(status, body.encode(), HTML)


def rows(app: App, query: str, **substitutions: str) -> Any:
    """The plain rows of one of the explorer's own queries (run by the worker pool)."""
    return app.pool.run(Job(query, mode="rows", substitutions=substitutions))


# -- SPARQL protocol ---------------------------------------------------------------------------------------------


def sparql(app: App, req: Request) -> Response:
    """The SPARQL 1.1 Protocol endpoint; without a query, the Service Description (or the editor for a browser)."""
    endpoint = endpoint_url(app, req)
    job = query_job(
        req.method,
        req.query_string,
        req.headers,
        req.body,
        allow_service=app.settings.allow_service,
        base_iri=endpoint,
    )
    if job is None:
        return _no_query(app, req, endpoint)
    reply = app.pool.run(job)
    headers = {"X-Result-Count": str(reply.count), "Vary": "Accept"}
    if reply.truncated:
        headers["X-Result-Truncated"] = f"true; row cap {app.settings.row_cap}"
    media = reply.media_type + ("; charset=utf-8" if reply.media_type.startswith("text/") else "")
    return Response(200, reply.body, media, headers)


def endpoint_url(app: App, req: Request) -> str:
    """The endpoint's URL as the client named it (its Host header, if it is a plain host[:port]), else as bound."""
    host = req.header("host")
    if HOST.fullmatch(host):
        return f"http://{host}/sparql"
    return app.url + "/sparql"


def _no_query(app: App, req: Request, endpoint: str) -> Response:
    if req.method == "POST":
        raise ProtocolError(400, "missing 'query' parameter (SPARQL 1.1 Protocol: GET ?query=... or POST)")
    if req.wants_html():
        return Response(303, b"", TEXT, {"Location": "/explorer"})
    try:
        fmt = negotiate("graph", req.header("accept") or None)
    except ProtocolError:
        raise ProtocolError(
            400,
            "missing 'query' parameter (SPARQL 1.1 Protocol: GET ?query=... or POST); "
            f"the Service Description is served as {', '.join(f.media_type for f in GRAPH_FORMATS)}",
        ) from None
    media = fmt.media_type + ("; charset=utf-8" if fmt.media_type.startswith("text/") else "")
    body = service_description(endpoint, fmt, app.settings.allow_service)
    return Response(200, body, media, {"Vary": "Accept"})


# -- pages ---------------------------------------------------------------------------------------------------------


def index(app: App, req: Request) -> Response:
    from ..web import pages

    return html(pages.index(rows(app, pages.page_query("entities")).rows, list(app.queries.values())))


def explorer(app: App, req: Request) -> Response:
    from ..web import pages

    return html(pages.explorer(list(app.queries.values())))


def queries(app: App, req: Request) -> Response:
    from ..web import pages

    return html(pages.queries_page(list(app.queries.values())))


def canned(app: App, req: Request, name: str) -> Response:
    from urllib.parse import parse_qs

    from ..errors import UserError
    from ..web import pages

    q = app.queries.get(name)
    if q is None:
        raise ProtocolError(404, f"no canned query named '{name}' (see /queries)")
    from ..answers.query import bind_params, example_params

    given = {k: v[0] for k, v in parse_qs(req.query_string).items() if v and v[0].strip()}
    note = ""
    if not given and q.requires:  # a question about one entity: its example, said so
        given = example_params(q)
        note = f"This question answers for {q.required()}; shown for the example below."
    text, names = q.text, list[str]()
    if app.settings.sources == "all":  # the question over every source, each row naming its own (answers/widen.py)
        from ..answers.sources import widen

        text, names = widen(q.text)
    if given:  # the query's declared parameters, resolved and bound as `query --param` does
        from ..store.sparql import with_values

        try:
            bindings = bind_params(q, given, app.explore_store())
        except UserError as exc:
            raise ProtocolError(400, str(exc)) from None
        text = with_values(text, bindings) if bindings else text
    r = rows(app, text)
    variables, found = r.variables, r.rows
    if app.settings.sources == "all" and r.boolean is None:
        from ..answers.sources import mark_plain

        variables, found = mark_plain(r.variables, r.rows, names, app.explore_store())
    return html(pages.query_page(q, variables, found, r.truncated, r.boolean, given=given, text=text, note=note))


def _negotiate(req: Request, ident: str) -> tuple[str, str]:
    """(id, media type): a `.ttl`/`.jsonld`/... suffix wins, else the Accept header (HTML by default)."""
    from ..web import ld

    for suffix, media in ld.SUFFIXES.items():
        if ident.endswith(suffix):
            return ident[: -len(suffix)], media
    return ident, ld.choose(req.header("accept") or None)


def _rdf(app: App, req: Request, iri: str, media: str, missing: str, cls: str | None = None) -> Response:
    import pyoxigraph as ox

    from ..common.namespaces import RDF
    from ..web import ld

    store = app.explore_store()
    quads = ld.entity_quads(store, iri)
    rdf_type = ox.NamedNode(RDF + "type")
    typed = cls is None or any(store.quads_for_pattern(ox.NamedNode(iri), rdf_type, ox.NamedNode(cls)))
    if not quads or not typed:
        raise ProtocolError(404, missing)
    headers = {"Vary": "Accept"}
    if media in ld.GRAPHLESS:
        path = req.path
        for suffix in ld.SUFFIXES:
            path = path.removesuffix(suffix)
        headers["Link"] = f'<{path}.trig>; rel="alternate"; type="application/trig"'
    charset = "; charset=utf-8" if media.startswith("text/") or media.endswith("json") else ""
    return Response(200, ld.serialize(quads, media), media + charset, headers)


def entity(app: App, req: Request, kind: str, ident: str) -> Response:
    """/model/ID, /dataset/ID: the card, then every statement by source (collapsed); RDF by Accept or suffix."""
    from ..answers.card import build_card
    from ..answers.lookup import index
    from ..common.namespaces import L4C, RDF, SCHEMES
    from ..web import explore, pages

    ident, media = _negotiate(req, ident)
    if not ID.fullmatch(ident):
        raise ProtocolError(404, f"no {kind} with id '{ident}'")
    iri = SCHEMES[kind] + ident
    cls = L4C + kind.capitalize()
    if media != "text/html":
        return _rdf(app, req, iri, media, f"no {kind} with id '{ident}'", cls)
    facts = rows(app, pages.page_query("entity-facts"), entity=iri).rows
    if not any(pages.text(r[1]) == RDF + "type" and pages.text(r[2]) == cls for r in facts):
        raise ProtocolError(404, f"no {kind} with id '{ident}' (see the list on /)")
    incoming = rows(app, pages.page_query("entity-incoming"), entity=iri).rows
    scale = rows(app, pages.page_query("entity-scale"), entity=iri).rows if kind == "dataset" else []
    store = app.explore_store()
    card = build_card(store, index(store).by_iri[iri])
    top = explore.card_html(card)
    apart = {g for v in card.group_statements for g in v.graphs}
    resp = html(pages.entity_page(kind, ident, facts, incoming, scale, top, card.groups_by_graph(), apart))
    resp.headers["Vary"] = "Accept"
    return resp


def vocab(app: App, req: Request, kind: str, ident: str) -> Response:
    """/task/annotation, /family/agentic, /venue/nature ...: the card, or RDF by Accept or suffix."""
    from ..answers.card import build_card
    from ..answers.lookup import index
    from ..common.namespaces import BASE
    from ..web import explore

    ident, media = _negotiate(req, ident)
    iri = f"{BASE}{kind}/{ident}"
    store = app.explore_store()
    found = index(store).by_iri.get(iri) if ID.fullmatch(ident) else None
    if found is None:
        raise ProtocolError(404, f"no {kind} with id '{ident}'")
    if media != "text/html":
        return _rdf(app, req, iri, media, f"no {kind} with id '{ident}'")
    resp = html(explore.card_page(build_card(store, found)))
    resp.headers["Vary"] = "Accept"
    return resp


def term(app: App, req: Request, name: str) -> Response:
    from ..answers.card import build_card
    from ..answers.lookup import index
    from ..errors import UserError
    from ..web import explore

    store = app.explore_store()
    try:
        found = index(store).resolve(name, {"term"})
    except UserError as exc:
        raise ProtocolError(404, str(exc)) from None
    return html(explore.card_page(build_card(store, found)))


def _params(req: Request) -> dict[str, list[str]]:
    from urllib.parse import parse_qs

    return parse_qs(req.query_string)


def search(app: App, req: Request) -> Response:
    from ..web import explore

    p = _params(req)
    return html(explore.search_page(app.explore_store(), (p.get("q") or [""])[0], (p.get("type") or [""])[0] or None))


def suggest(app: App, req: Request) -> Response:
    from ..web import explore

    text = (_params(req).get("q") or [""])[0][:200]
    return Response(200, explore.suggest_json(app.explore_store(), text), "application/json")


def finder(app: App, req: Request, kind: str) -> Response:
    from ..web import finder_view

    return html(finder_view.finder_page(app.explore_store(), kind, _params(req)))


def finder_csv(app: App, req: Request, kind: str) -> Response:
    from ..web import finder as finders

    body = finders.to_csv(app.explore_store(), kind, _params(req)).encode()
    return Response(
        200, body, "text/csv; charset=utf-8", {"Content-Disposition": f'attachment; filename="{kind}s.csv"'}
    )


def compare(app: App, req: Request) -> Response:
    from ..web import explore

    status, body = explore.compare_page(app.explore_store(), _params(req).get("e", []))
    return html(body, status)


def compare_file(app: App, req: Request, fmt: str) -> Response:
    from ..errors import UserError
    from ..web import explore

    try:
        body = explore.compare_download(app.explore_store(), _params(req).get("e", []), fmt)
    except UserError as exc:
        raise ProtocolError(400, str(exc)) from None
    return Response(200, body, "text/csv; charset=utf-8" if fmt == "csv" else "application/json")


def ontology(app: App, req: Request) -> Response:
    from .. import paths

    return Response(200, paths.ONTOLOGY_FILE.read_bytes(), "text/turtle; charset=utf-8", {"Vary": "Accept"})


def context(app: App, req: Request) -> Response:
    from .. import paths

    return Response(200, (paths.ONTOLOGY_DIR / "context.jsonld").read_bytes(), "application/ld+json")


def figures(app: App, req: Request) -> Response:
    from ..web import pages

    figure_queries = [q for q in app.queries.values() if q.name.startswith("figure")]
    return html(pages.figures_page(app.figure_files(), figure_queries))


def drift(app: App, req: Request) -> Response:
    """The curators' work queue (`llm4cell-kg drift`) of the served graph against the committed catalogues."""
    from ..answers.drift import drift as compute
    from ..web.drift_view import drift_html

    return html(drift_html(compute(app.explore_store())))


def _file(files: dict[str, Path], name: str) -> Response:
    p = files.get(name)
    if p is None:
        raise ProtocolError(404, f"no file {name}")
    return Response(
        200, p.read_bytes(), STATIC_TYPES.get(p.suffix, "application/octet-stream"), {"Cache-Control": "max-age=3600"}
    )


def figure_file(app: App, req: Request, name: str) -> Response:
    return _file(app.figure_files(), name)


def static(app: App, req: Request, name: str) -> Response:
    return _file(app.static, name)


#: the routing table, tried in order; the first pattern matching the whole path wins
ROUTES: list[Route] = [
    Route(r"/sparql", sparql, SPARQL_METHODS),
    Route(r"/", index),
    Route(r"/explorer", explorer),
    Route(r"/queries", queries),
    Route(r"/queries/(.+)", canned),
    Route(r"/(model|dataset)/([^/]+)", entity),
    Route(r"/(family|task|modality|grounding|domain|dimension|venue|publication|resource)/([^/]+)", vocab),
    Route(r"/term/([^/]+)", term),
    Route(r"/search", search),
    Route(r"/suggest", suggest),
    Route(r"/(model|dataset)s", finder),
    Route(r"/(model|dataset)s\.csv", finder_csv),
    Route(r"/compare", compare),
    Route(r"/compare\.(csv|json)", compare_file),
    Route(r"/ontology", ontology),
    Route(r"/context\.jsonld", context),
    Route(r"/figures", figures),
    Route(r"/drift", drift),
    Route(r"/figures/([^/]+)", figure_file),
    Route(r"/static/(.+)", static),
]


# -- dispatch ------------------------------------------------------------------------------------------------------


def error(req: Request, status: int, message: str) -> Response:
    """An error answer: an HTML page for a browser (outside /sparql), else plain text."""
    from ..web import pages

    close = req.method not in ("GET", "HEAD")  # an unexpected body may be unread: do not reuse the connection
    if req.wants_html() and not req.path.startswith("/sparql"):
        return Response(status, pages.error_page(status, message).encode(), HTML, close=close)
    return Response(status, (message + "\n").encode(), TEXT, close=close)


def _find(path: str) -> tuple[Route, tuple[str, ...]] | None:
    for route in ROUTES:
        m = re.fullmatch(route.pattern, path)
        if m:
            return route, m.groups()
    return None


def handle(app: App, req: Request, log: Callable[[str], None] | None = None) -> Response:
    """The response to `req`: routed, with protocol errors as 4xx/5xx answers and CORS headers on /sparql."""
    path = req.path
    cors = path == "/sparql"
    try:
        if ".." in path.split("/") or "\\" in path or "\x00" in path or "//" in path:
            raise ProtocolError(400, "bad path")
        found = _find(path)
        if found is None:
            if req.method == "OPTIONS":
                return Response(204, headers={"Allow": ", ".join(PAGE_METHODS)})
            raise ProtocolError(404, f"no page at {path}")
        route, groups = found
        allow = ", ".join(route.methods)
        if req.method not in route.methods:
            resp = error(req, 405, f"{req.method} is not allowed at {path}; allowed: {allow}")
            resp.headers["Allow"] = allow
        elif req.method == "OPTIONS":
            resp = Response(204, headers={"Allow": allow, **(CORS_PREFLIGHT if cors else {})})
        else:
            resp = route.handler(app, req, *groups)
    except ProtocolError as exc:
        resp = error(req, exc.status, str(exc))
    except Exception as exc:  # noqa: BLE001 - a bug must not drop the connection without an answer
        if log:
            log(f"internal error on {req.target}: {exc!r}")
        resp = error(req, 500, f"internal error: {type(exc).__name__}")
        resp.close = True
    if cors:
        resp.headers = {**CORS, **resp.headers}
    return resp
