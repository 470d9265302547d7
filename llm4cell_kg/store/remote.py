"""A remote triplestore as a backend: SPARQL 1.1 Protocol queries, Graph Store Protocol loading, the `load` command.

`RemoteStore(endpoint).query(...)` answers like a pyoxigraph Store (terms are pyoxigraph terms), so canned queries,
rendering and exports run unchanged; `open_backend(endpoint, store_path)` picks the remote or the embedded store.
See docs/remote.md for the dataset rules and the dialect differences.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import re
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click
import pyoxigraph as ox

from ..common.namespaces import BASE, L4C
from ..common.options import data_option, endpoint_option, sources_option
from ..errors import UserError
from .sparql import Result
from .virtuoso import virtuoso_text

#: the named graph that holds the embedded store's default-graph triples in a remote store (a triplestore such as
#: Virtuoso has no separate default graph to load into)
DEFAULT_GRAPH = BASE + "default-graph"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
JSON_RESULTS = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
_FROM = re.compile(r"^\s*FROM\s", re.IGNORECASE | re.MULTILINE)
_PREFIX = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?\s*:", re.IGNORECASE)


class RemoteStore:
    """A SPARQL endpoint holding the graph as loaded by `load` (one named graph per source, plus DEFAULT_GRAPH).

    Queries run on the dataset the embedded store sees: the default graph is the union of the graph's own graphs
    (never the server's system graphs or anything else it holds), and `GRAPH ?g` ranges over the graph's named graphs.
    """

    def __init__(self, endpoint: str, *, timeout: float = 300.0) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self._graphs: list[str] | None = None
        self.others: list[str] = []
        self.virtuoso = False
        self.oxigraph = False
        #: graphs of the graph's own kept out of the dataset (`survey_view`: other sources' records)
        self.excluded: list[str] = []
        self._survey: RemoteStore | None = None

    def survey_view(self) -> RemoteStore:
        """This endpoint as default answers read it: without the graphs of records curated from other sources (each
        typed l4c:CuratorAssertion in itself), which a `load --sources all` put there; itself when it holds none."""
        if self._survey is None:
            q = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g a <{L4C}CuratorAssertion> }} }}"
            rows = parse_json_results(self._post([("query", q)], accept=JSON_RESULTS)[0], self.endpoint).rows
            found = sorted(r[0].value for r in rows if r[0] is not None and r[0].value.startswith(BASE))
            self._survey = self
            if found:
                self._survey = RemoteStore(self.endpoint, timeout=self.timeout)
                self._survey.excluded = found
        return self._survey

    # -- the pyoxigraph-like interface -------------------------------------------------------------------------
    def query(
        self, query: str, *, prefixes: dict[str, str] | None = None, use_default_graph_as_union: bool = True
    ) -> Result:
        """Evaluate `query` on the endpoint; SELECT, ASK and CONSTRUCT/DESCRIBE answers as a `sparql.Result`."""
        graphs = [g for g in self.graphs() if g not in self.excluded]
        text = with_prefixes(query, prefixes or {})
        fields: list[tuple[str, str]] = []
        own_dataset = bool(_FROM.search(strip_comments(query)))
        if self.virtuoso:
            outside = None if own_dataset else self.others + self.excluded
            text = virtuoso_text(text, outside, DEFAULT_GRAPH, use_default_graph_as_union)
        elif not own_dataset and self.oxigraph and not self.others + self.excluded and use_default_graph_as_union:
            # the server holds only this graph: its own union default graph is the same default graph, and far faster
            # than ~1,150 default-graph-uri values (audit/citation-other-model: 61 s -> under a second); the one
            # difference, documented in docs/remote.md: GRAPH ?g also meets DEFAULT_GRAPH
            fields.append(("union-default-graph", "true"))
        elif not own_dataset:
            named = [g for g in graphs if g != DEFAULT_GRAPH]
            default = named + [DEFAULT_GRAPH] if use_default_graph_as_union else [DEFAULT_GRAPH]
            fields += [("default-graph-uri", g) for g in default] + [("named-graph-uri", g) for g in named]
        graph_form = query_form(query) in ("CONSTRUCT", "DESCRIBE")
        try:
            body, headers = self._post([("query", text), *fields], accept=NTRIPLES if graph_form else JSON_RESULTS)
        except UserError as exc:
            added = text.count("\n") - query.count("\n")
            raise UserError(
                f"{exc} (line numbers count the {added} PREFIX/define lines put before the query)"
                if added and "HTTP 4" in str(exc)
                else str(exc)
            ) from None
        ctype = headers.get("Content-Type", "")
        if not graph_form:
            return parse_json_results(body, self.endpoint)
        try:
            triples = [
                ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
            ]
            return Result([], [], triples=triples)
        except SyntaxError as exc:
            raise UserError(f"{self.endpoint} answered with unreadable N-Triples ({ctype}): {exc}") from None

    def graphs(self, required: bool = True) -> list[str]:
        """The graph's own graphs in the store (IRIs under the project's base), found on first use; also notes the
        server's other graphs and whether it is Virtuoso or Oxigraph."""
        if self._graphs is None:
            # GROUP BY, not DISTINCT: Virtuoso 7.2 takes minutes over `SELECT DISTINCT ?g` on all graphs
            q = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
            body, headers = self._post([("query", q)], accept=JSON_RESULTS)
            server = headers.get("Server", "").lower()
            self.virtuoso, self.oxigraph = "virtuoso" in server, server.startswith("oxigraph")
            every = sorted(row[0].value for row in parse_json_results(body, self.endpoint).rows)
            self.others = [g for g in every if not g.startswith(BASE)]
            found = [g for g in every if g.startswith(BASE)]
            if not found and required:
                raise UserError(
                    f"{self.endpoint} holds no graph under {BASE}: load it first with "
                    f"`llm4cell-kg load --endpoint {self.endpoint}`"
                )
            self._graphs = found or None
        return self._graphs or []

    def quads(self) -> list[ox.Quad]:
        """Every quad of the graph as loaded (DEFAULT_GRAPH's triples back in the default graph), for exports."""
        named = self.query(
            f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{DEFAULT_GRAPH}>) }}"
        ).rows
        default = self.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", use_default_graph_as_union=False).rows
        return [ox.Quad(s, p, o, g) for g, s, p, o in named] + [ox.Quad(s, p, o) for s, p, o in default]

    def __len__(self) -> int:
        """Quads in the graph (its named graphs plus DEFAULT_GRAPH), as `len()` of a pyoxigraph Store."""
        return sum(self.graph_sizes().values())

    def graph_sizes(self) -> dict[str, int]:
        """Triples per graph of the graph's own (IRI under the base; DEFAULT_GRAPH holds the default graph)."""
        q = (
            f'SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{BASE}")) }}'
            " GROUP BY ?g"
        )
        res = parse_json_results(self._post([("query", q)], accept=JSON_RESULTS)[0], self.endpoint)
        return {row[0].value: int(row[1].value) for row in res.rows}

    # -- HTTP ------------------------------------------------------------------------------------------------------
    def _post(self, fields: list[tuple[str, str]], accept: str) -> tuple[bytes, Any]:
        # an endpoint may echo every dataset IRI in a response header (Virtuoso: X-SPARQL-default-graph); http.client
        # refuses answers with more than 100 headers unless told otherwise
        http.client._MAXHEADERS = max(http.client._MAXHEADERS, len(fields) + 100)  # type: ignore[attr-defined]
        data = urllib.parse.urlencode(fields).encode()
        req = urllib.request.Request(
            self.endpoint,
            data=data,
            method="POST",
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        )
        return send(req, self.endpoint, self.timeout)


def send(req: urllib.request.Request, url: str, timeout: float) -> tuple[bytes, Any]:
    """Send `req`; the body and response headers, or a UserError naming `url` and the server's own message."""
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.read(), resp.headers
    except urllib.error.HTTPError as exc:
        message = exc.read().decode("utf-8", "replace")
        raise UserError(f"{url} answered HTTP {exc.code}: {server_message(message)}") from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", exc)
        raise UserError(
            f"cannot reach the SPARQL endpoint {url}: {reason}. Is the triplestore running, and is the "
            f"URL right (Virtuoso: http://HOST:8890/sparql)?"
        ) from None


def server_message(text: str) -> str:
    """The useful part of an error page: Virtuoso's 'Virtuoso 37000 Error SP030: ...' line(s) or the plain text."""
    text = re.sub(r"<[^>]+>", " ", text)
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    picked = [ln for ln in lines if re.search(r"\bError\b|^SQ\d+|^SP\d+", ln)] or lines
    return " ".join(picked)[:1000] or "(empty answer)"


def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the query's first form keyword outside comments and IRIs."""
    m = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.sub(r"<[^>\s]*>", "", strip_comments(query)), re.I)
    return m.group(1).upper() if m else "SELECT"


def strip_comments(query: str) -> str:
    """The query without `#` comment lines (enough to look for FROM and PREFIX declarations)."""
    return "\n".join(ln for ln in query.splitlines() if not ln.lstrip().startswith("#"))


def with_prefixes(query: str, prefixes: dict[str, str]) -> str:
    """`query` with PREFIX declarations for the given prefixes it does not declare itself."""
    declared = {m.group(1) or "" for m in _PREFIX.finditer(strip_comments(query))}
    head = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prefixes.items() if p not in declared)
    return head + query


def term(binding: dict[str, str]) -> Any:
    """A SPARQL JSON results term as a pyoxigraph term."""
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(re.sub(r"[^A-Za-z0-9_]", "_", value.removeprefix("nodeID://").removeprefix("_:")))
    if "xml:lang" in binding:
        return ox.Literal(value, language=binding["xml:lang"])
    if "datatype" in binding:
        if binding["datatype"] == XSD_BOOLEAN and value in ("1", "0"):  # Virtuoso: canonical form is true/false
            value = "true" if value == "1" else "false"
        return ox.Literal(value, datatype=ox.NamedNode(binding["datatype"]))
    return ox.Literal(value)


def parse_json_results(body: bytes, url: str) -> Result:
    """SPARQL 1.1 Query Results JSON (SELECT or ASK) as a `sparql.Result` of pyoxigraph terms."""
    try:
        doc = json.loads(body)
        if "boolean" in doc:
            return Result([], [], boolean=bool(doc["boolean"]))
        variables = list(doc["head"]["vars"])
        rows = [[term(b[v]) if v in b else None for v in variables] for b in doc["results"]["bindings"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise UserError(f"{url} did not answer with SPARQL JSON results ({exc}): {body[:200]!r}") from None
    return Result(variables, rows)


# -- loading --------------------------------------------------------------------------------------------------------
def graph_store_url(endpoint: str, authenticated: bool) -> str:
    """Virtuoso's Graph Store Protocol URL next to its SPARQL endpoint (`/sparql` → `/sparql-graph-crud[-auth]`)."""
    base = endpoint.rstrip("/")
    base = base[: -len("/sparql")] if base.endswith("/sparql") else base.rsplit("/", 1)[0]
    return base + ("/sparql-graph-crud-auth" if authenticated else "/sparql-graph-crud")


def by_graph(quads: Iterable[ox.Quad]) -> dict[str, list[ox.Triple]]:
    """The quads' triples per graph IRI (the default graph under DEFAULT_GRAPH); no blank node may span graphs."""
    graphs: dict[str, list[ox.Triple]] = defaultdict(list)
    seen: dict[str, str] = {}
    for q in quads:
        g = DEFAULT_GRAPH if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        for t in (q.subject, q.object):
            if isinstance(t, ox.BlankNode) and seen.setdefault(t.value, g) != g:
                raise UserError(
                    f"blank node _:{t.value} occurs in graphs <{seen[t.value]}> and <{g}>; the Graph "
                    f"Store Protocol loads each graph on its own, so it would become two nodes"
                )
        graphs[g].append(ox.Triple(q.subject, q.predicate, q.object))
    return dict(graphs)


class Auth:
    """HTTP digest (or basic) credentials for the Graph Store Protocol.

    The challenge is fetched with an empty request first: Virtuoso answers 401 before it reads a request body, so
    urllib's retry-on-401 handlers break the pipe on large uploads.
    """

    def __init__(self, user: str, password: str) -> None:
        self.user, self.password = user, password
        self.challenge: dict[str, str] | None = None
        self.count = 0

    def fetch_challenge(self, url: str, timeout: float) -> None:
        """Ask `url` (GET, no credentials) which authentication it wants."""
        try:
            urllib.request.urlopen(urllib.request.Request(url, method="GET"), timeout=timeout).close()
            self.challenge = {}  # no authentication asked for
        except urllib.error.HTTPError as exc:
            header = exc.headers.get("WWW-Authenticate", "")
            if exc.code != 401 or not header:
                text = exc.read().decode("utf-8", "replace")
                raise UserError(f"{url} answered HTTP {exc.code}: {server_message(text)}") from None
            scheme, _, params = header.partition(" ")
            self.challenge = {k.lower(): v.strip('"') for k, v in re.findall(r'(\w+)=("[^"]*"|[^,\s]+)', params)}
            self.challenge["scheme"] = scheme.lower()
        except (urllib.error.URLError, OSError) as exc:
            raise UserError(f"cannot reach the Graph Store endpoint {url}: {getattr(exc, 'reason', exc)}") from None

    def header(self, method: str, url: str) -> str | None:
        """The Authorization header value for one request (None when the server asked for none)."""
        c = self.challenge or {}
        if not c:
            return None
        if c["scheme"] == "basic":
            return "Basic " + base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        self.count += 1
        md5 = lambda text: hashlib.md5(text.encode()).hexdigest()  # noqa: E731  (digest auth mandates MD5)
        uri = urllib.parse.urlsplit(url)
        path = uri.path + (f"?{uri.query}" if uri.query else "")
        ha1, ha2 = md5(f"{self.user}:{c['realm']}:{self.password}"), md5(f"{method}:{path}")
        nc, cnonce = f"{self.count:08x}", secrets.token_hex(8)
        fields = {"username": self.user, "realm": c["realm"], "nonce": c["nonce"], "uri": path}
        if "auth" in c.get("qop", "").split(","):
            fields.update(
                qop="auth", nc=nc, cnonce=cnonce, response=md5(f"{ha1}:{c['nonce']}:{nc}:{cnonce}:auth:{ha2}")
            )
        else:
            fields["response"] = md5(f"{ha1}:{c['nonce']}:{ha2}")
        if "opaque" in c:
            fields["opaque"] = c["opaque"]
        unquoted = {"qop", "nc"}
        return "Digest " + ", ".join(f"{k}={v}" if k in unquoted else f'{k}="{v}"' for k, v in fields.items())

    def send(self, method: str, url: str, body: bytes | None, headers: dict[str, str], timeout: float) -> None:
        """Send one request, fetching (or refreshing a stale) challenge as needed."""
        for attempt in (1, 2):
            if self.challenge is None or attempt == 2:
                self.fetch_challenge(url, timeout)
            auth = self.header(method, url)
            req = urllib.request.Request(
                url, data=body, method=method, headers={**headers, **({"Authorization": auth} if auth else {})}
            )
            try:
                send(req, url, timeout)
                return
            except UserError as exc:
                if attempt == 2 or "HTTP 401" not in str(exc):
                    raise
        raise AssertionError("unreachable")


def load(
    quads: Iterable[ox.Quad],
    endpoint: str,
    graph_store: str | None = None,
    *,
    user: str | None = "dba",
    password: str | None = "dba",
    timeout: float = 300.0,
) -> dict[str, int]:
    """Replace the graph in the triplestore: PUT each named graph (N-Triples) through the Graph Store Protocol,
    delete graphs under the base IRI the build no longer has. Returns triples sent per graph IRI."""
    graphs = by_graph(quads)
    gsp = graph_store or graph_store_url(endpoint, authenticated=bool(user))
    auth = Auth(user or "", password or "")
    if not user:
        auth.challenge = {}
    stale = set(RemoteStore(endpoint, timeout=timeout).graphs(required=False)) - set(graphs)
    for g in sorted(stale):
        auth.send("DELETE", f"{gsp}?{urllib.parse.urlencode({'graph': g})}", None, {}, timeout)
    for g, triples in sorted(graphs.items()):
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        auth.send("PUT", f"{gsp}?{urllib.parse.urlencode({'graph': g})}", body, {"Content-Type": NTRIPLES}, timeout)
    return {g: len(t) for g, t in graphs.items()}


def open_backend(endpoint: str | None = None, store_path: str | Path | None = None) -> Any:
    """The store queries run on: a `RemoteStore` for `endpoint`, else the embedded pyoxigraph store (see store.py)."""
    if endpoint:
        if store_path:
            raise UserError(
                "give either --endpoint (a remote triplestore) or --store (an on-disk embedded store), not both"
            )
        return RemoteStore(endpoint)
    from .embedded import open_store

    return open_store(store_path)


@click.command("load")
@endpoint_option("SPARQL endpoint, e.g. http://127.0.0.1:8890/sparql (Virtuoso).", required=True)
@click.option(
    "--graph-store",
    "graph_store",
    default=None,
    help="Graph Store Protocol URL (default: Virtuoso's /sparql-graph-crud-auth next to the endpoint, "
    "or /sparql-graph-crud with --user '').",
)
@click.option("--user", default="dba", show_default=True, help="User for HTTP digest/basic auth ('' for none).")
@click.option(
    "--password",
    default="dba",
    show_default=True,
    envvar="LLM4CELL_KG_PASSWORD",
    help="Password (or set LLM4CELL_KG_PASSWORD).",
)
@data_option()
@sources_option
def command(endpoint: str, graph_store: str | None, user: str, password: str, data: Path | None, sources: str) -> None:
    """Build the graph and load it into the triplestore at ENDPOINT, one named graph per survey source: the survey's
    graphs, as default answers read them (`--sources all`: also the records curated from other sources, one graph
    each; queries on the endpoint answer from what it holds)."""
    from ..build.graph import survey_only
    from ..checks.pipeline import checked_quads

    quads = checked_quads(data)
    if sources != "all":
        quads = survey_only(quads)
    start = time.perf_counter()
    sent = load(quads, endpoint, graph_store, user=user or None, password=password)
    took = time.perf_counter() - start
    click.echo(f"loaded {sum(sent.values())} triples in {len(sent)} graphs into {endpoint} in {took:.1f} s")
