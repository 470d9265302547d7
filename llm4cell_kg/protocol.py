"""SPARQL 1.1 Protocol rules: content negotiation, the read-only and no-SERVICE checks, result serialisers."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from .prefixes import PREFIX_MAP


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


_STRIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'  # long strings
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'  # short strings
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"  # IRIs
    r"|#[^\n]*",  # comments
    re.S,
)
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE(?![\w:-])", re.I)
_FIRST_WORD = re.compile(r"\s*(?:(?:PREFIX\s+[^\s:]*:|BASE)\s*)*([A-Za-z]+)")
UPDATE_WORDS = {"insert", "delete", "load", "clear", "drop", "create", "copy", "move", "add", "with"}


def code_only(query: str) -> str:
    """The query with strings, IRIs and comments blanked out, so keywords can be searched for safely."""
    return _STRIP.sub(" ", query)


def check_query(query: str, allow_service: bool = False) -> None:
    """Refuse updates (403) and, unless allowed, federated SERVICE calls (403)."""
    code = code_only(query)
    first = _FIRST_WORD.match(code)
    if first and first.group(1).lower() in UPDATE_WORDS:
        raise ProtocolError(
            403,
            "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, "
            "CREATE, COPY, MOVE, ADD) is refused",
        )
    if not allow_service and _SERVICE.search(code):
        raise ProtocolError(
            403,
            "SERVICE (federated query) is disabled on this endpoint; start the server with "
            "--allow-service to enable it",
        )


# -- SPARQL results serialisers (written here so a row cap can cut the stream) ----------------------------------


def _json_term(t: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> dict[str, object]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        d: dict[str, object] = {"type": "literal", "value": t.value}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            d["datatype"] = t.datatype.value
        return d
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(t.subject),
            "predicate": _json_term(t.predicate),
            "object": _json_term(t.object),
        },
    }


def _xml_term(t: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
        if t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
        return f"<literal>{escape(t.value)}</literal>"
    return f"<literal>{escape(str(t))}</literal>"


def _csv_term(t: object) -> str:
    if t is None:
        return ""
    if isinstance(t, ox.BlankNode):
        return f"_:{t.value}"
    if isinstance(t, (ox.NamedNode, ox.Literal)):
        return t.value
    return str(t)


def serialize_boolean(value: bool, fmt: Format) -> bytes:
    if fmt.name == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt.name == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
            f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        ).encode()
    return (
        f"_askResult\n{'true' if value else 'false'}\n"
        if fmt.name == "csv"
        else f"?_askResult\n{'true' if value else 'false'}\n"
    ).encode()


def serialize_solutions(variables: list[str], rows: Iterable[list[object]], fmt: Format) -> bytes:
    """SELECT results in `fmt` (JSON, XML, CSV or TSV as the W3C result formats define them)."""
    if fmt.name == "json":
        bindings = [{v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False).encode()
    if fmt.name == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        out.append("</head><results>")
        for row in rows:
            out.append("<result>")
            out += [
                f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"  # type: ignore[arg-type]
                for v, t in zip(variables, row, strict=True)
                if t is not None
            ]
            out.append("</result>")
        out.append("</results></sparql>\n")
        return "".join(out).encode()
    if fmt.name == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(variables)
        w.writerows([_csv_term(t) for t in row] for row in rows)
        return buf.getvalue().encode()
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]  # str() is N-Triples syntax
    return ("\n".join(lines) + "\n").encode()


def serialize_triples(triples: list[ox.Triple], fmt: Format) -> bytes:
    prefixes = PREFIX_MAP if fmt.name in ("turtle", "rdfxml") else None
    return ox.serialize(triples, format=RDF_FORMATS[fmt.name], prefixes=prefixes)
