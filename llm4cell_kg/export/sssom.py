"""SSSOM: the mappings of the survey's models to catalogue entries (graph/web_links.yaml) as one mapping set, a TSV
with its YAML metadata block (`#`-prefixed: curie_map, mapping_set_id, license ...). One row per mapping: the
subject, the SKOS predicate, the entry, the SEMAPV justification, the curator and day, the confidence, the source
(repository, commit, file) and, as the comment, the facts that agree and those that conflict."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..common.namespaces import BASE, L4C, PROV, RDF, RDFS, SKOS, SURVEY_IRI
from ..common.terms import value

SEMAPV = "https://w3id.org/semapv/vocab/"
MAPPING_SET_ID = BASE + "mappings/catalogues.sssom.tsv"
LICENSE = "https://spdx.org/licenses/MIT"
COLUMNS = (
    "subject_id",
    "subject_label",
    "predicate_id",
    "object_id",
    "object_label",
    "mapping_justification",
    "author_id",
    "author_label",
    "mapping_date",
    "confidence",
    "subject_source",
    "object_source",
    "object_source_version",
    "see_also",
    "comment",
)
#: prefixes every mapping set declares (the catalogues' own are added from their entries' IRIs)
BASE_PREFIXES = {
    "model": BASE + "model/",
    "dataset": BASE + "dataset/",
    "curator": BASE + "curator/",
    "llm4cell": BASE,
    "github": "https://github.com/",
    "skos": SKOS,
    "semapv": SEMAPV,
}
_MATCHES = {SKOS + m for m in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")}


def _prefix_name(base: str) -> str:
    """A CURIE prefix for a catalogue namespace: its host (www and the top-level domain dropped), or on GitHub the
    repository's owner: scrnatools, awesomescfm, omicsml."""
    host, _, path = base.split("://", 1)[1].partition("/")
    name = path.split("/")[0] if host == "github.com" else host.removeprefix("www.").rsplit(".", 1)[0]
    return re.sub(r"[^a-z0-9]", "", name.lower()) or "entry"


def _curie(iri: str, prefixes: dict[str, str]) -> str:
    for name, base in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(base) and iri != base:
            return f"{name}:{iri[len(base) :]}"
    return iri


def _value(graph: dict[str, list[Any]], predicate: str) -> str:
    return value(graph[predicate][0]) if graph.get(predicate) else ""


def mapping_rows(quads: list[ox.Quad]) -> tuple[list[dict[str, str]], dict[str, str]]:
    """The SSSOM rows (sorted by subject, then object) and the curie_map they use."""
    labels: dict[str, str] = {}
    about: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))  # graph -> predicate -> objects
    matches: list[tuple[str, str, str, str]] = []  # (subject, predicate, object, graph)
    for q in quads:
        s, p, o, g = value(q.subject), q.predicate.value, value(q.object), value(q.graph_name)
        if p == RDFS + "label" and isinstance(q.object, ox.Literal):
            labels.setdefault(s, o)
        if isinstance(q.graph_name, ox.NamedNode) and s == g:
            about[g][p].append(q.object)
        elif p in _MATCHES and isinstance(q.graph_name, ox.NamedNode):
            matches.append((s, p, o, g))
    prefixes = dict(BASE_PREFIXES)
    for _s, _p, o, _g in matches:
        base = o.rsplit("#", 1)[0] + "#" if "#" in o else o.rsplit("/", 1)[0]
        prefixes.setdefault(_prefix_name(base), base)
    rows = []
    for s, p, o, graph in matches:
        d = about[graph]
        if not any(value(t) == L4C + "LinkAssertion" for t in d.get(RDF + "type", [])):
            continue
        author = _value(d, PROV + "wasAttributedTo")
        notes = sorted(value(x) for x in d.get(L4C + "matchEvidence", []))
        conflicts = sorted(value(x) for x in d.get(L4C + "matchConflict", []))
        comment = "agrees: " + "; ".join(notes) + ("; conflicts: " + "; ".join(conflicts) if conflicts else "")
        rows.append(
            {
                "subject_id": _curie(s, prefixes),
                "subject_label": labels.get(s, ""),
                "predicate_id": _curie(p, prefixes),
                "object_id": _curie(o, prefixes),
                "object_label": labels.get(o, ""),
                "mapping_justification": _curie(_value(d, L4C + "mappingJustification"), prefixes),
                "author_id": _curie(author, prefixes),
                "author_label": labels.get(author, ""),
                "mapping_date": _value(d, PROV + "generatedAtTime")[:10],
                "confidence": _value(d, L4C + "confidence"),
                "subject_source": _curie(SURVEY_IRI, prefixes),
                "object_source": _curie(_value(d, L4C + "sourceRepository"), prefixes),
                "object_source_version": _value(d, L4C + "sourceCommit"),
                "see_also": _value(d, PROV + "wasDerivedFrom"),
                "comment": comment,
            }
        )
    rows.sort(key=lambda r: (r["subject_id"], r["object_id"]))
    used = {c.split(":", 1)[0] for r in rows for c in (r["subject_id"], r["object_id"], r["author_id"])}
    used |= {"skos", "semapv", "llm4cell", "github"}
    return rows, {k: v for k, v in sorted(prefixes.items()) if k in used}


def to_text(quads: list[ox.Quad]) -> str:
    """The mapping set: the metadata block, then the TSV."""
    rows, curie_map = mapping_rows(quads)
    head = ["curie_map:", *(f"  {k}: {v}" for k, v in curie_map.items())]
    head += [
        f"mapping_set_id: {MAPPING_SET_ID}",
        "mapping_set_title: LLM4Cell models mapped to public catalogues of single-cell tools and models",
        "mapping_set_description: Each Table 7 model of the LLM4Cell survey matched to a catalogue entry on a fact "
        "beyond the name (graph/web_links.yaml, catalogues/README.md)",
        f"license: {LICENSE}",
        "mapping_provider: https://w3id.org/llm4cell/",
    ]
    out = io.StringIO()
    out.write("".join(f"# {line}\n" for line in head))
    w = csv.DictWriter(out, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writeheader()
    w.writerows(rows)
    return out.getvalue()


def write(quads: list[ox.Quad], path: Path, fmt: str = "sssom", **_: Any) -> None:
    path.write_text(to_text(quads), encoding="utf-8")


def read_table(path: Path) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """The metadata block (parsed as YAML) and the rows of a mapping set."""
    import yaml

    text = path.read_text(encoding="utf-8")
    meta = [line[2:] if line.startswith("# ") else line[1:] for line in text.splitlines() if line.startswith("#")]
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    rows = list(csv.DictReader(io.StringIO(body), delimiter="\t"))
    return yaml.safe_load("\n".join(meta)), rows


def read(path: Path, fmt: str = "sssom") -> list[ox.Quad]:
    """The mapping triples (subject, SKOS predicate, entry) a mapping set states, expanded with its curie_map."""
    meta, rows = read_table(path)
    prefixes: dict[str, str] = meta["curie_map"]

    def expand(curie: str) -> ox.NamedNode:
        name, _, local = curie.partition(":")
        return ox.NamedNode(prefixes[name] + local if name in prefixes else curie)

    quads = [ox.Quad(expand(r["subject_id"]), expand(r["predicate_id"]), expand(r["object_id"])) for r in rows]
    return sorted(quads, key=str)
