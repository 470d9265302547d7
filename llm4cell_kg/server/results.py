"""SPARQL 1.1 Query Results and RDF serialisers, written here so that a row cap can cut the stream."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ..common.prefixes import PREFIX_MAP
from ..common.terms import to_bytes
from .protocol import RDF_FORMATS, Format


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


def serialize_solutions(variables: list[str], rows: Iterable[list[Any]], fmt: Format) -> bytes:
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
                f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
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
    return to_bytes(triples, RDF_FORMATS[fmt.name], prefixes)
