"""SPARQL 1.1 Protocol: an HTTP request's parameters and body made into a query job, the read-only, no-SERVICE and
nesting checks, content negotiation, and the Service Description."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qs

import pyoxigraph as ox

from ..store import sparqltext


@dataclass(frozen=True)
class Format:
    """One response format: its short name (the `format` parameter), media type and the types Accept may name."""

    name: str
    media_type: str
    accepts: tuple[str, ...]


#: formats of SELECT and ASK results, the first is the default
RESULT_FORMATS = (
    Format("json", "application/sparql-results+json", ("application/sparql-results+json", "application/json")),
    Format("xml", "application/sparql-results+xml", ("application/sparql-results+xml", "application/xml", "text/xml")),
    Format("csv", "text/csv", ("text/csv",)),
    Format("tsv", "text/tab-separated-values", ("text/tab-separated-values",)),
)
#: formats of CONSTRUCT and DESCRIBE results (graphs), the first is the default
GRAPH_FORMATS = (
    Format("turtle", "text/turtle", ("text/turtle", "application/x-turtle", "text/n3", "text/rdf+n3")),
    Format("ntriples", "application/n-triples", ("application/n-triples", "text/plain")),
    Format("jsonld", "application/ld+json", ("application/ld+json", "application/json")),
    Format("rdfxml", "application/rdf+xml", ("application/rdf+xml", "application/xml", "text/xml")),
)
#: `format=` / `output=` parameter values (SPARQLWrapper sends these) -> format name, per kind of result
PARAM_ALIASES = {
    "results": {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "srj": "json", "srx": "xml"},
    "graph": {
        "turtle": "turtle",
        "ttl": "turtle",
        "n3": "turtle",
        "nt": "ntriples",
        "ntriples": "ntriples",
        "n-triples": "ntriples",
        "json-ld": "jsonld",
        "jsonld": "jsonld",
        "json": "jsonld",
        "xml": "rdfxml",
        "rdf+xml": "rdfxml",
        "rdfxml": "rdfxml",
    },
}
RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


class ProtocolError(Exception):
    """A request the endpoint refuses: `status` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _accept_ranges(accept: str) -> list[tuple[float, str]]:
    ranges = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        ranges.append((q - i * 1e-6, fields[0].lower()))  # ties keep the client's order
    return sorted(ranges, reverse=True)


def negotiate(kind: str, accept: str | None, param: str | None = None) -> Format:
    """The format for a result of `kind` ("results" or "graph") from the `format` parameter or the Accept header.

    Raises ProtocolError(406) when the client accepts none of the formats this endpoint writes.
    """
    formats = RESULT_FORMATS if kind == "results" else GRAPH_FORMATS
    if param:
        name = PARAM_ALIASES[kind].get(param.strip().lower())
        if name:
            return next(f for f in formats if f.name == name)
    if not accept:
        return formats[0]
    for q, media in _accept_ranges(accept):
        if q <= 0:
            continue
        if media in ("*/*", "application/*", "text/*"):
            pick = [f for f in formats if media == "*/*" or f.media_type.startswith(media[:-1])]
            if pick:
                return pick[0]
        for f in formats:
            if media in f.accepts:
                return f
    names = ", ".join(f.media_type for f in formats)
    raise ProtocolError(
        406,
        f"no acceptable format for this {'graph' if kind == 'graph' else 'result'}: "
        f"Accept was '{accept}'; this endpoint writes {names}",
    )


#: most bytes of query text (or form body) accepted in one request
MAX_BODY = 1 << 20
FORMATS_NS = "http://www.w3.org/ns/formats/"
SD = "http://www.w3.org/ns/sparql-service-description#"
#: the W3C format IRIs of what the endpoint writes, for the Service Description's sd:resultFormat
RESULT_FORMAT_IRIS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
)

Term = tuple[str, ...]  #: a term sent back for HTML pages: ("uri", iri) | ("bnode", id) | ("literal", text, dt, lang)


@dataclass
class Job:
    """One query to run. `mode` "protocol" answers with serialised bytes; "rows" with plain tuples for HTML.

    With no `default_graphs`/`named_graphs` the query's own FROM / FROM NAMED apply, else the store's default graph
    (the union of all graphs) and all its named graphs."""

    query: str
    mode: str = "protocol"
    accept: str | None = None
    format_param: str | None = None
    substitutions: dict[str, str] = field(default_factory=dict)  # variable -> IRI
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    base_iri: str | None = None


@dataclass
class Reply:
    """A worker's answer: bytes and media type (protocol mode) or variables and rows (rows mode)."""

    media_type: str = ""
    body: bytes = b""
    variables: list[str] = field(default_factory=list)
    rows: list[list[Term | None]] = field(default_factory=list)
    boolean: bool | None = None
    truncated: bool = False
    count: int = 0


READ_ONLY = "this endpoint is read-only: SPARQL Update is refused"


def check_query(query: str, allow_service: bool = False) -> None:
    """Refuse, from the query's tokens: updates (403), SERVICE calls unless allowed (403), text that is not SPARQL
    tokens or nests deeper than sparqltext.MAX_NESTING (400)."""
    try:
        shape = sparqltext.shape(query)
    except sparqltext.QueryTextError as exc:
        raise ProtocolError(400, f"bad query: {exc}") from None
    if sparqltext.is_update(shape):
        raise ProtocolError(
            403,
            "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, "
            "CREATE, COPY, MOVE, ADD) is refused",
        )
    if shape.service and not allow_service:
        raise ProtocolError(
            403,
            "SERVICE (federated query) is disabled on this endpoint; start the server with "
            "--allow-service to enable it",
        )


def _utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"{what} is not UTF-8 (byte {exc.start}): send UTF-8") from None


def _form(text: str, what: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(400, f"{what} has percent-encoded bytes that are not UTF-8") from None


def _graph_iris(values: list[str], name: str) -> list[str]:
    for v in values:
        try:
            ox.NamedNode(v)
        except ValueError:
            raise ProtocolError(400, f"{name} '{v}' is not an absolute IRI") from None
    return values


def parse_params(
    method: str, query_string: str, headers: Mapping[str, str], body: bytes
) -> tuple[dict[str, list[str]], str | None]:
    """Protocol parameters from the URL and, for POST, the body; plus a query sent directly as the body.

    `headers` has lower-case names. Refuses updates (403), other media types and charsets (415), non-UTF-8 (400)."""
    params = _form(query_string, "the URL")
    if method != "POST":
        return params, None  # a GET's body (if any) was read by the transport and is ignored
    ctype, _, rest = (headers.get("content-type") or "").partition(";")
    ctype = ctype.strip().lower()
    charset = next(
        (
            p.split("=", 1)[1].strip().strip('"').lower()
            for p in rest.split(";")
            if p.strip().lower().startswith("charset=")
        ),
        "utf-8",
    )
    if ctype == "application/sparql-update":
        raise ProtocolError(403, READ_ONLY)
    if ctype not in ("application/sparql-query", "application/x-www-form-urlencoded"):
        raise ProtocolError(
            415,
            f"unsupported Content-Type '{ctype}': send application/sparql-query or application/x-www-form-urlencoded",
        )
    if charset not in ("utf-8", "utf8"):
        raise ProtocolError(415, f"unsupported charset '{charset}': send the query as UTF-8")
    text = _utf8(body, "the request body")
    if ctype == "application/sparql-query":
        return params, text
    for k, v in _form(text, "the request body").items():
        params.setdefault(k, []).extend(v)
    return params, None


def query_job(
    method: str,
    query_string: str,
    headers: Mapping[str, str],
    body: bytes,
    *,
    allow_service: bool,
    base_iri: str | None,
) -> Job | None:
    """The query job a SPARQL Protocol request asks for, or None when it holds no query (GET /sparql)."""
    params, direct = parse_params(method, query_string, headers, body)
    if "update" in params:
        raise ProtocolError(403, READ_ONLY)
    queries = params.get("query", []) + ([direct] if direct is not None else [])
    if not queries:
        return None
    if len(queries) > 1:
        raise ProtocolError(400, "exactly one 'query' parameter is allowed")
    check_query(queries[0], allow_service)
    fmts = params.get("format") or params.get("output") or []
    return Job(
        queries[0],
        accept=headers.get("accept"),
        format_param=fmts[0] if fmts else None,
        default_graphs=_graph_iris(params.get("default-graph-uri", []), "default-graph-uri"),
        named_graphs=_graph_iris(params.get("named-graph-uri", []), "named-graph-uri"),
        base_iri=base_iri,
    )


def service_description(endpoint: str, fmt: Format, allow_service: bool) -> bytes:
    """A SPARQL 1.1 Service Description of this endpoint (https://www.w3.org/TR/sparql11-service-description/)."""
    from ..common.namespaces import RDFS
    from ..common.terms import to_bytes

    svc, ds, dg = ox.NamedNode(endpoint), ox.BlankNode("dataset"), ox.BlankNode("defaultGraph")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

    def sd(local: str) -> ox.NamedNode:
        return ox.NamedNode(SD + local)

    features = ["UnionDefaultGraph"] + (["BasicFederatedQuery"] if allow_service else [])
    triples = [
        ox.Triple(svc, rdf_type, sd("Service")),
        ox.Triple(svc, sd("endpoint"), svc),
        ox.Triple(svc, sd("supportedLanguage"), sd("SPARQL11Query")),
        *(ox.Triple(svc, sd("feature"), sd(f)) for f in features),
        *(ox.Triple(svc, sd("resultFormat"), ox.NamedNode(FORMATS_NS + f)) for f in RESULT_FORMAT_IRIS),
        ox.Triple(svc, sd("defaultDataset"), ds),
        ox.Triple(ds, rdf_type, sd("Dataset")),
        ox.Triple(ds, sd("defaultGraph"), dg),
        ox.Triple(dg, rdf_type, sd("Graph")),
        ox.Triple(
            svc,
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"),
            ox.Literal(
                "LLM4Cell knowledge graph, read-only. The default graph is the union of all graphs (each triple once); "
                "every named graph is a source in the survey (a table row, a section). Updates are refused"
                + ("." if allow_service else "; SERVICE is disabled.")
            ),
        ),
    ]
    prefixes = {"sd": SD, "formats": FORMATS_NS, "rdfs": RDFS}
    return to_bytes(triples, RDF_FORMATS[fmt.name], prefixes)
