"""KGX TSV (`nodes.tsv`, `edges.tsv`) with Biolink categories and predicates, plus `schema.json`.

Each node's `category` is the Biolink class that fits (docs/exports.md); its RDF types are the `rdf:type` column.
Each edge's `predicate` is the Biolink predicate that fits (`biolink:related_to` when none is closer) and
`original_predicate` the RDF predicate. KGX keys an edge by (subject, predicate, object), so RDF edges that share
a Biolink predicate are one KGX edge: `rdf_predicates` lists their RDF predicates (`original_predicate`, single-valued
in Biolink, is then empty) and `provenance` maps each RDF predicate to its named graphs.
KGX TSV is read unquoted and splits on `|`, so text values escape `\\`, tab, newline, carriage
return and `|` as `\\\\`, `\\t`, `\\n`, `\\r`, `\\u007c`; an empty string is written in its N-Triples form.
`schema.json` gives each column's predicate, kind and list-ness. `xref` lists a node's shared identifiers, for joins:
a publication's DOI and arXiv id (`doi:…`, `arXiv:…`), a dataset's printed accessions (their IRIs) and the catalogue
entries a model is an exact match of.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import UserError
from . import nx as pg

NODES, EDGES, SCHEMA = "nodes.tsv", "edges.tsv", "schema.json"
FILES = (NODES, EDGES, SCHEMA)
TYPE_COLUMN = "rdf:type"

#: CURIE prefix of a node id -> Biolink category (checked before the RDF types)
BY_PREFIX = {
    "CL": "biolink:Cell",
    "UBERON": "biolink:AnatomicalEntity",
    "PO": "biolink:AnatomicalEntity",
    "NCBITaxon": "biolink:OrganismTaxon",
}
#: RDF type -> Biolink category
BY_TYPE = {
    "l4c:Model": "biolink:InformationContentEntity",
    "l4c:Dataset": "biolink:Dataset",
    "l4c:Publication": "biolink:Publication",
    "l4c:Survey": "biolink:Publication",
    "l4c:Venue": "biolink:Serial",
    "l4c:TableRow": "biolink:InformationContentEntity",
    "l4c:ProseClaim": "biolink:InformationContentEntity",
    "l4c:ProseMention": "biolink:InformationContentEntity",
    "l4c:SurveyTable": "biolink:InformationContentEntity",
    "l4c:GroundingSource": "biolink:InformationContentEntity",
    "l4c:ScaleFigure": "biolink:Attribute",
    "l4c:GroupClaim": "biolink:InformationContentEntity",
    "l4c:CitationCaveat": "biolink:InformationContentEntity",
}
DEFAULT_CATEGORY = "biolink:NamedThing"
#: RDF predicate -> Biolink predicate
PREDICATES = {
    "rdfs:subClassOf": "biolink:subclass_of",
    "l4c:ancestor": "biolink:subclass_of",
    "l4c:species": "biolink:in_taxon",
    "l4c:scale": "biolink:has_attribute",
}
DEFAULT_PREDICATE = "biolink:related_to"
EDGE_FIXED = {"knowledge_level": "not_provided", "agent_type": "manual_agent"}
_ESC = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "|": "\\u007c"}
_UNESC = {"\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r", "\\u007c": "|"}


def category(node: str, types: list[str]) -> str:
    prefix = node.partition(":")[0]
    if prefix in BY_PREFIX:
        return BY_PREFIX[prefix]
    return next((BY_TYPE[t] for t in types if t in BY_TYPE), DEFAULT_CATEGORY)


def escape(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if value == "":
        return pg.encode(ox.Literal(""))
    return "".join(_ESC.get(c, c) for c in value)


def unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        for k, v in _UNESC.items():
            if text.startswith(k, i):
                out.append(v)
                i += len(k)
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _cell(value: Any, many: bool) -> str:
    if many:
        return "|".join(escape(v) for v in value)
    return escape(value)


def write(quads: list[ox.Quad], path: Path, fmt: str = "kgx", **_: Any) -> None:
    G = pg.to_networkx(quads, with_derived=True)  # export() has chosen the quads
    schema = G.graph["schema"]
    path.mkdir(parents=True, exist_ok=True)
    keys = sorted(schema)
    head = ["id", "category", "name", "iri", TYPE_COLUMN, "provenance", "xref", *keys]
    lines = ["\t".join(head)]
    refs = pg.xrefs(G)
    for n, a in G.nodes(data=True):
        row = [
            escape(n),
            category(n, a.get("category", [])),
            escape(a["label"]),
            a["iri"],
            _cell(a.get("category", []), True),
            escape(json.dumps(a.get("provenance", {}), sort_keys=True)),
            _cell(refs.get(n, []), True),
        ]
        row += [_cell(a[k], schema[k]["list"]) if k in a else "" for k in keys]
        lines.append("\t".join(row))
    (path / NODES).write_text("\n".join(lines) + "\n", encoding="utf-8")
    head = [
        "id",
        "subject",
        "predicate",
        "object",
        "original_predicate",
        "rdf_predicates",
        "graphs",
        "provenance",
        *EDGE_FIXED,
        "caveat",
    ]
    caveats = citation_caveats(G)
    lines = ["\t".join(head)]
    merged: dict[tuple[str, str, str], dict[str, list[str]]] = {}  # KGX keys an edge by subject, predicate, object
    for u, v, a in G.edges(data=True):
        merged.setdefault((u, PREDICATES.get(a["predicate"], DEFAULT_PREDICATE), v), {})[a["predicate"]] = a["graphs"]
    for i, ((u, bp, v), by_pred) in enumerate(sorted(merged.items())):
        graphs = sorted({g for gs in by_pred.values() for g in gs})
        single = next(iter(by_pred)) if len(by_pred) == 1 else ""  # a single-valued Biolink slot
        lines.append(
            "\t".join(
                [
                    f"e{i}",
                    escape(u),
                    bp,
                    escape(v),
                    single,
                    _cell(sorted(by_pred), True),
                    _cell(graphs, True),
                    escape(json.dumps(by_pred, sort_keys=True)),
                    *EDGE_FIXED.values(),
                    escape(caveats[(u, v)]) if (u, v) in caveats and set(by_pred) & CITATION_PREDICATES else "",
                ]
            )
        )
    (path / EDGES).write_text("\n".join(lines) + "\n", encoding="utf-8")
    (path / SCHEMA).write_text(json.dumps(schema, indent=1, sort_keys=True) + "\n", encoding="utf-8")


CITATION_PREDICATES = {"l4c:citation", "l4c:proseCitation"}


def citation_caveats(G: Any) -> dict[tuple[str, str], str]:
    """(model, publication) -> the audit caveat on that citation (l4c:CitationCaveat), for the edge's `caveat`."""
    out: dict[tuple[str, str], str] = {}
    for n, a in G.nodes(data=True):
        if "l4c:CitationCaveat" not in a.get("category", []):
            continue
        about = {d["predicate"]: t for _, t, d in G.out_edges(n, data=True)}
        text = a.get("l4c:caveat")
        text = text[0] if isinstance(text, list) else text
        if "l4c:aboutModel" in about and "l4c:aboutPublication" in about and text:
            out[(about["l4c:aboutModel"], about["l4c:aboutPublication"])] = str(text)
    return out


def _value(text: str, kind: str) -> Any:
    if text.startswith('"'):
        return text  # an N-Triples literal; decoded by from_networkx
    if kind == "int":
        return int(text)
    if kind == "bool":
        return text == "true"
    return unescape(text)


def _values(raw: Any, kind: str, many: bool) -> Any:
    """A value of a KGX record (a string, or a list where the reader split on `|`) as the property graph has it."""
    items = raw if isinstance(raw, list) else [raw]
    values = [_value(t, kind) for t in items]
    return values if many else values[0]


def from_records(
    nodes: list[tuple[str, dict[str, Any]]],
    edges: list[tuple[str, str, dict[str, Any]]],
    schema: dict[str, dict[str, Any]],
) -> list[ox.Quad]:
    """Quads from KGX node and edge records (as the `kgx` reader yields them, or as `read` parses them)."""
    import networkx as nx

    G = nx.MultiDiGraph(schema=schema)
    for n, rec in nodes:
        attrs: dict[str, Any] = {"provenance": json.loads(unescape(rec.get("provenance", "{}")))}
        if TYPE_COLUMN in rec:
            attrs["category"] = _values(rec[TYPE_COLUMN], "str", True)
        for key, spec in schema.items():
            if key in rec:
                attrs[key] = _values(rec[key], spec["kind"], spec["list"])
        G.add_node(unescape(n), **attrs)
    for u, v, rec in edges:
        for p, graphs in json.loads(unescape(rec["provenance"])).items():
            G.add_edge(unescape(u), unescape(v), predicate=p, graphs=graphs)
    return pg.from_networkx(G, schema)


def read(path: Path, fmt: str = "kgx") -> list[ox.Quad]:
    """Parse the TSV files the way KGX does (unquoted, `|` splits a value, empty cells absent)."""
    schema = json.loads((path / SCHEMA).read_text(encoding="utf-8"))

    def records(name: str) -> list[dict[str, Any]]:
        lines = (path / name).read_text(encoding="utf-8").rstrip("\n").split("\n")
        head = lines[0].split("\t")
        out = []
        for line in lines[1:]:
            cells = line.split("\t")
            if len(cells) != len(head):
                raise UserError(f"{path / name}: a row has {len(cells)} cells, the header {len(head)}")
            out.append({h: (c.split("|") if "|" in c else c) for h, c in zip(head, cells, strict=True) if c})
        return out

    nodes = [(r["id"], r) for r in records(NODES)]
    edges = [(r["subject"], r["object"], r) for r in records(EDGES)]
    return from_records(nodes, edges, schema)
