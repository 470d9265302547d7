"""Neo4j: CSV files for `neo4j-admin database import` (header `name:type`, arrays `type[]`) and a Cypher script.

Files: `nodes.csv`, `relationships.csv`, `properties.csv` (Neo4j property name -> attribute and predicate IRI),
`import.cypher` (the same graph as CREATE statements, for a running database). Every node has the label
`Resource` plus its RDF types (CURIEs) as labels; a relationship's type is its predicate CURIE. Property names
are the attribute CURIEs with `:` written `__` (`l4c__printedVenue`). Arrays are joined with `|` (no value holds
one: checked), so import with `--array-delimiter="|" --multiline-fields=true` (docs/exports.md).
For joins, each node also carries the identifiers its own edges give it (never through a second node): `xrefs` (as
KGX's `xref`: `doi:…`, `arXiv:…`, accession and catalogue-entry IRIs), `doi` and `arxiv` (bare ids, of its
identifiers and papers), `code_repository` and `accession_iri`. They repeat edges, so `read` leaves them out.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..curation import identifiers
from ..errors import UserError
from . import nx as pg

NODES, RELS, PROPS, CYPHER = "nodes.csv", "relationships.csv", "properties.csv", "import.cypher"
FILES = (NODES, RELS, PROPS, CYPHER)
ARRAY = "|"
NEO_TYPE = {"int": "long", "bool": "boolean", "str": "string"}
BATCH = 200
#: the identifier properties of a node (its own edges, repeated for joins), as (name, header field)
ID_COLUMNS = (
    ("xrefs", "xrefs:string[]"),
    ("doi", "doi:string[]"),
    ("arxiv", "arxiv:string[]"),
    ("code_repository", "code_repository:string[]"),
    ("accession_iri", "accession_iri:string[]"),
)


def identifier_properties(G: Any) -> dict[str, dict[str, list[str]]]:
    """node -> {property: sorted values} of ID_COLUMNS, from the node's own edges: a publication's identifiers and a
    model's papers give `doi` and `arxiv`, l4c:codeRepository `code_repository`, l4c:accessionIdentifier
    `accession_iri`; `xrefs` is KGX's `xref`."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for u, v, a in G.edges(data=True):
        p = a["predicate"]
        known = identifiers.of_iri(v) if p in ("l4c:identifier", "l4c:paper") else None
        if known and known[0] in ("doi", "arxiv"):
            found[u][known[0]].add(known[1])
        elif p == "l4c:codeRepository":
            found[u]["code_repository"].add(v)
        elif p == "l4c:accessionIdentifier":
            found[u]["accession_iri"].add(v)
    for n, refs in pg.xrefs(G).items():
        found[n]["xrefs"].update(refs)
    return {n: {k: sorted(vs) for k, vs in props.items()} for n, props in found.items()}


def prop_name(key: str) -> str:
    return key.replace(":", "__")


def _columns(schema: dict[str, dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(attribute, Neo4j property, header field) for each node property column after id and labels."""
    cols = [
        ("iri", "iri", "iri:string"),
        ("label", "label", "label:string"),
        ("category", "category", "category:string[]"),
        ("provenance", "provenance", "provenance:string"),
    ]
    for key, spec in sorted(schema.items()):
        name = prop_name(key)
        cols.append((key, name, f"{name}:{NEO_TYPE[spec['kind']]}{'[]' if spec['list'] else ''}"))
    return cols


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _csv_value(value: Any, where: str) -> str:
    """A CSV field: strings and arrays quoted (so an empty string is not a missing value), numbers bare."""
    if isinstance(value, list):
        for v in value:
            if ARRAY in str(v) or str(v) == "":
                raise UserError(
                    f"neo4j export: {where} holds '{v}', which an array field cannot carry "
                    f"(empty, or contains the array delimiter '{ARRAY}')"
                )
        value = ARRAY.join(_scalar(v) for v in value)
    elif isinstance(value, (bool, int)):
        return _scalar(value)
    return '"' + value.replace('"', '""') + '"'


def _cypher(value: Any) -> str:
    """A Cypher literal (JSON string escapes are Cypher's)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"`{k}`: {_cypher(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_cypher(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def _props(attrs: dict[str, Any], cols: list[tuple[str, str, str]]) -> dict[str, Any]:
    out = {}
    for key, name, _ in cols:
        if key in attrs:
            out[name] = json.dumps(attrs[key], sort_keys=True) if key == "provenance" else attrs[key]
    return out


def write(quads: list[ox.Quad], path: Path, fmt: str = "neo4j", **_: Any) -> None:
    G = pg.to_networkx(quads, with_derived=True)  # export() has chosen the quads
    schema = G.graph["schema"]
    cols = _columns(schema)
    path.mkdir(parents=True, exist_ok=True)
    lines = [",".join(["id:ID", ":LABEL", *(h for _, _, h in cols), *(h for _, h in ID_COLUMNS)])]
    by_labels: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    ids = identifier_properties(G)
    for n, a in G.nodes(data=True):
        labels = ["Resource", *a.get("category", [])]
        props = _props(a, cols)
        own = ids.get(n, {})
        row = [_csv_value(n, n), _csv_value(labels, n)]
        row += [_csv_value(props[name], f"node {n}, attribute {key}") if name in props else "" for key, name, _ in cols]
        row += [_csv_value(own[name], f"node {n}, {name}") if name in own else "" for name, _ in ID_COLUMNS]
        lines.append(",".join(row))
        by_labels[tuple(labels)].append(
            {"id": n, **props, **{name: own[name] for name, _ in ID_COLUMNS if name in own}}
        )
    (path / NODES).write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = [":START_ID,:END_ID,:TYPE,predicate:string,graphs:string[]"]
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for u, v, a in G.edges(data=True):
        where = f"edge {u} {a['predicate']} {v}"
        lines.append(
            ",".join(
                [
                    _csv_value(u, where),
                    _csv_value(v, where),
                    _csv_value(a["predicate"], where),
                    _csv_value(a["predicate"], where),
                    _csv_value(a["graphs"], where),
                ]
            )
        )
        by_type[a["predicate"]].append({"s": u, "o": v, "props": {"predicate": a["predicate"], "graphs": a["graphs"]}})
    (path / RELS).write_text("\n".join(lines) + "\n", encoding="utf-8")
    with open(path / PROPS, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["property", "attribute", "predicate", "kind", "list"])
        for key, spec in sorted(schema.items()):
            w.writerow([prop_name(key), key, spec["iri"], spec["kind"], str(spec["list"]).lower()])
    (path / CYPHER).write_text(_script(by_labels, by_type), encoding="utf-8")


def _script(by_labels: dict[tuple[str, ...], list[dict[str, Any]]], by_type: dict[str, list[dict[str, Any]]]) -> str:
    out = [
        "// llm4cell-kg: the graph as Cypher (run with cypher-shell -f import.cypher on an empty database)",
        "CREATE CONSTRAINT resource_id IF NOT EXISTS FOR (n:Resource) REQUIRE n.id IS UNIQUE;",
    ]
    for labels, rows in sorted(by_labels.items()):
        tag = "".join(f":`{lb}`" for lb in labels)
        for i in range(0, len(rows), BATCH):
            out.append(f"UNWIND {_cypher(rows[i : i + BATCH])} AS row\nCREATE (n{tag}) SET n = row;")
    for rel, rows in sorted(by_type.items()):
        for i in range(0, len(rows), BATCH):
            out.append(
                f"UNWIND {_cypher(rows[i : i + BATCH])} AS row\nMATCH (a:Resource {{id: row.s}}) "
                f"MATCH (b:Resource {{id: row.o}})\nCREATE (a)-[r:`{rel}`]->(b) SET r = row.props;"
            )
    return "\n".join(out) + "\n"


DERIVED = {h for _, h in ID_COLUMNS}


def _parse(text: str, field: str) -> Any:
    kind = field.rpartition(":")[2]
    many = kind.endswith("[]")
    base = kind.removesuffix("[]")
    convs: dict[str, Callable[[str], Any]] = {"long": int, "boolean": lambda t: t == "true"}
    conv = convs.get(base, str)
    return [conv(t) for t in text.split(ARRAY)] if many else conv(text)


def read(path: Path, fmt: str = "neo4j") -> list[ox.Quad]:
    """The quads of the CSV files, parsed as neo4j-admin reads them (header types, `|` arrays)."""
    import networkx as nx

    props = {r["property"]: r for r in csv.DictReader(open(path / PROPS, encoding="utf-8", newline=""))}
    schema = {
        r["attribute"]: {"iri": r["predicate"], "kind": r["kind"], "list": r["list"] == "true"} for r in props.values()
    }
    G = nx.MultiDiGraph(schema=schema)
    with open(path / NODES, encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        head = next(rows)
        for row in rows:
            prov = json.loads(row[head.index("provenance:string")] or "{}")
            attrs: dict[str, Any] = {"provenance": prov}
            for field, text in zip(head[2:], row[2:], strict=True):
                name = field.rpartition(":")[0]
                if field in DERIVED:
                    continue  # an identifier property repeats the node's edges
                key = props[name]["attribute"] if name in props else name
                if name == "provenance" or (text == "" and key not in prov):
                    continue
                attrs[key] = _parse(text, field)
            G.add_node(row[0], **attrs)
    with open(path / RELS, encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        next(rows)
        for s, o, _, p, graphs in rows:
            G.add_edge(s, o, predicate=p, graphs=graphs.split(ARRAY))
    return pg.from_networkx(G, schema)
