"""The hierarchy queries (queries/links/) give the same rows on the whole releases as on the import modules.

The import modules hold the linked terms and their ancestors; here each CL, UBERON and EFO module is replaced by the
pinned release's terms as bench/ontology_rdf.py writes them (same graph, same triples per term, the release's own
description), keeping every term the modules hold plus every descendant of the queries' roots (e.g. all 2,500-odd
UBERON parts of the brain, hemolymphoid system and lung): the terms that a path from the root would walk. The
benchmark (`bench/bench_query.py --ontologies`) asserts the same on the whole releases (2.8 M quads, too slow here).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pyoxigraph as ox
import pytest

from llm4cell_kg import paths
from llm4cell_kg.answers.query import list_queries
from llm4cell_kg.common.prefixes import PREFIX_MAP, compress

BENCH = Path(__file__).resolve().parents[2] / "bench" / "ontology_rdf.py"
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


def ontology_rdf() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ontology_rdf", BENCH)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["ontology_rdf"] = mod
    spec.loader.exec_module(mod)
    return mod


def answers(store: ox.Store) -> dict[str, Counter[tuple[str, ...]]]:
    out = {}
    for q in list_queries():
        if q.name.startswith("links/"):
            res = store.query(q.text, prefixes=PREFIX_MAP, use_default_graph_as_union=True)
            names = [v.value for v in res.variables]  # type: ignore[union-attr]
            out[q.name] = Counter(tuple(str(r[n]) for n in names) for r in res)  # type: ignore[union-attr]
    return out


@pytest.fixture(scope="module")
def roots() -> set[str]:
    """The terms the hierarchy queries walk down from, read from their text (`obo:UBERON_0000955` or `<iri>`)."""
    found = set()
    for f in sorted((paths.QUERIES_DIR / "links").glob("*.rq")):
        for term in re.findall(r"EXISTS \{ \?term l4c:ancestor (\S+) \}", f.read_text()):
            prefix, _, local = term.partition(":")
            found.add(compress(term.strip("<>") if term.startswith("<") else PREFIX_MAP[prefix] + local))
    return found


def test_hierarchy_queries_same_rows_on_the_releases(quads: list[ox.Quad], store: ox.Store, roots: set[str]) -> None:
    mod = ontology_rdf()
    modules = mod.module_graphs()
    held = {
        compress(q.subject.value)
        for q in quads
        if q.predicate == LABEL
        and isinstance(q.subject, ox.NamedNode)
        and isinstance(q.graph_name, ox.NamedNode)
        and q.graph_name.value in modules
    }
    assert {"UBERON:0000955", "CL:0000738", "EFO:0010891"} <= roots

    def keep(curie: str, entry: dict[str, Any]) -> bool:
        return curie in held or curie in roots or bool(roots & set(entry.get("ancestors") or {}))

    releases = [q for name in mod.RELEASES for q in mod.release_quads(name, keep)]
    kept = {compress(q.subject.value) for q in releases if q.predicate == LABEL and isinstance(q.subject, ox.NamedNode)}
    # far more than the modules: e.g. every part of the brain, not only the ones a dataset names
    assert len(kept) > 5 * len(held & kept) and "UBERON:0001954" in kept - held  # Ammon's horn: no dataset's tissue
    without = [q for q in quads if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in modules)]
    other = ox.Store()
    other.extend(without + releases)
    before, after = answers(store), answers(other)
    assert sorted(before) == sorted(f"links/{f.stem}" for f in (paths.QUERIES_DIR / "links").glob("*.rq"))
    # the queries answer (hand-checked rows: tests/checks/test_link_check.py)
    assert sum(map(len, before.values())) > 200
    # the rows only one side gives, per query
    assert {k: (before[k] - v, v - before[k]) for k, v in after.items() if v != before[k]} == {}
