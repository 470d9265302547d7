"""Turn the curated records into RDF quads, one named graph per survey location, and write them out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .. import paths
from ..common.atomic import atomic_files
from ..common.namespaces import ONTOLOGY_IRI
from ..common.prefixes import PREFIX_MAP
from ..common.terms import to_bytes
from ..curation.load import load
from ..curation.records import Records
from .derived import derived_quads, strip
from .emit import N, Sink
from .external import add_external
from .links import add_links
from .survey import add_survey


def ontology_quads(path: Path | None = None) -> Iterator[ox.Quad]:
    g = N(ONTOLOGY_IRI)
    bnodes: dict[ox.BlankNode, ox.BlankNode] = {}  # the parser's random blank-node ids -> stable ones (o1, o2, ...)

    def stable(term: Any) -> Any:
        if isinstance(term, ox.BlankNode):
            return bnodes.setdefault(term, ox.BlankNode(f"o{len(bnodes) + 1}"))
        return term

    for t in ox.parse(path=str(path or paths.ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE):
        yield ox.Quad(stable(t.subject), t.predicate, stable(t.object), g)


def build_quads(records: Records | None = None, with_ontology: bool = True) -> list[ox.Quad]:
    """All quads of the graph, sorted (so serialisations are byte-identical across runs)."""
    rec = records or load()
    sink = Sink()
    add_survey(rec, sink)
    add_external(rec, sink)
    add_links(rec, sink)  # links out from public catalogues (graph/web_links.yaml), each a curator assertion
    quads = set(sink.quads)
    if with_ontology:
        from .imports import import_quads

        quads.update(ontology_quads())
        quads.update(import_quads())  # one named graph per import module (ontology/imports/*.ttl)
    quads.update(derived_quads(quads))  # helper triples for pairwise audit rules (derived.py, docs/derived.md)
    return sorted(quads, key=str)


def survey_only(quads: list[ox.Quad]) -> list[ox.Quad]:
    """`quads` without the graphs of records curated from other publications (each a graph typing itself
    l4c:CuratorAssertion, build/external.py): what the survey says (`--sources survey`)."""
    from ..common.namespaces import L4C, RDF

    kind, assertion = N(RDF + "type"), N(L4C + "CuratorAssertion")
    other = {q.graph_name for q in quads if (q.predicate, q.object, q.subject) == (kind, assertion, q.graph_name)}
    return [q for q in quads if q.graph_name not in other] if other else quads


def union_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    return sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)


OUTPUTS = {
    "llm4cell.nq": ox.RdfFormat.N_QUADS,
    "llm4cell.trig": ox.RdfFormat.TRIG,
    "llm4cell.nt": ox.RdfFormat.N_TRIPLES,
    "llm4cell.ttl": ox.RdfFormat.TURTLE,
}


WITH_GRAPHS = (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG)  # the others hold the union of the graphs


def contents(quads: list[ox.Quad]) -> dict[str, str]:
    """File name -> what `write_outputs(quads, ...)` writes into it ("30536 quads", "30157 triples ...")."""
    kept = strip(quads)
    triples = len(union_triples(kept))
    return {
        name: f"{len(kept)} quads" if fmt in WITH_GRAPHS else f"{triples} triples (the union of the graphs)"
        for name, fmt in OUTPUTS.items()
    }


def write_outputs(quads: list[ox.Quad], out: Path) -> dict[str, Path]:
    """Write every serialisation into `out` atomically: all four are renamed in once all four are written."""
    quads = strip(quads)  # the build-time helper triples (derived.py) stay out of the released files
    triples = union_triples(quads)
    written = {name: out / name for name in OUTPUTS}
    with atomic_files(list(written.values())) as temps:
        for fmt, tmp in zip(OUTPUTS.values(), temps, strict=True):
            data = quads if fmt in WITH_GRAPHS else triples
            prefixes = PREFIX_MAP if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
            tmp.write_bytes(to_bytes(data, fmt, prefixes))  # Turtle and TriG prefixes in sorted order
    return written


def store_from_quads(quads: Iterable[ox.Quad], path: str | None = None) -> ox.Store:
    store = ox.Store(path) if path else ox.Store()
    store.extend(quads)
    return store
