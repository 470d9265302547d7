"""Latency of the researcher-facing views at 1x and 10x the survey graph: `show` (the card), `search` (SQLite FTS5)
against a SPARQL text scan doing the same match, and the model finder page. One run; p50/p95 over repeated calls,
cold (first call: name index, facets, search index) reported apart. Results to docs/benchmarks-explore.md.

Run: python bench/bench_explore.py [--factors 1 10] [--repeat 20]
The 10x graph repeats every model, dataset and source location under new IRIs (bench/synthetic.py), so names are
shared by ten entities there: the cards are asked for by CURIE.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from synthetic import synthetic

from llm4cell_kg.answers import card, lookup, search
from llm4cell_kg.answers.card import similar
from llm4cell_kg.build.graph import build_quads
from llm4cell_kg.store.sparql import run
from llm4cell_kg.web import explore, finder

CARDS = ["model:scgpt", "model:geneformer", "model:cellverse", "dataset:hlca-v1", "UBERON:0002048"]
SEARCHES = ["lung", "cell sentences", "scgpt", "perturbation", "annotation ontology"]
FINDER = [
    {},
    {"family": ["family:agentic"]},
    {"family": ["family:foundation"], "task": ["task:annotation"]},
    {"modality": ["modality:rna"], "score_min": ["6"], "sort": ["year"], "order": ["desc"]},
]
#: what a SPARQL-only search would do: scan every label and quote for the word, case-insensitively
SCAN = """SELECT ?e (COUNT(*) AS ?n) WHERE {
  { ?e rdfs:label|skos:altLabel ?t } UNION { GRAPH ?g { ?e ?p ?o } ?g l4c:quote ?t }
  FILTER(CONTAINS(LCASE(STR(?t)), "lung"))
} GROUP BY ?e ORDER BY DESC(?n) LIMIT 10"""


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """(p50, p95) in ms over `repeat` calls."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]


def once(fn: Callable[[], Any]) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--factors", type=int, nargs="+", default=[1, 10])
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--out", type=Path, default=Path("docs/benchmarks-explore.md"))
    args = ap.parse_args()
    base = build_quads()
    rows: list[list[str]] = []
    for f in args.factors:
        store = ox.Store()
        quads = synthetic(base, f) if f > 1 else base
        store.extend(quads)
        n = len(quads)
        cold_index = once(lambda s=store: lookup.index(s))
        cold_facets = once(lambda s=store: similar.facets(s))
        cold_fts = once(lambda s=store: search.open_index(s))
        cold_finder = once(lambda s=store: finder.items(s, "model"))
        entities = [lookup.index(store).resolve(c) for c in CARDS]

        def show(s: Any = store, es: list[Any] = entities, audit: bool = True) -> None:
            for e in es:
                card.render(card.build_card(s, e, audit=audit), "text")
            similar._AUDIT.clear()  # the audit part is remembered per entity: measure it every time

        def audit_only(s: Any = store, es: list[Any] = entities) -> None:
            for e in es:
                similar.audit_findings(s, e.iri)
            similar._AUDIT.clear()

        def find(s: Any = store) -> None:
            for p in FINDER:
                explore.finder_page(s, "model", p)

        def fts(s: Any = store) -> None:
            for q in SEARCHES:
                search.search(q, s, limit=10)

        reps = args.repeat if f == 1 else max(3, args.repeat // 5)
        p50, p95 = timed(show, reps)
        rows.append(
            [f"{f}x", f"{n:,}", "show (card, per entity)", f"{p50 / len(CARDS):.1f}", f"{p95 / len(CARDS):.1f}"]
        )
        p50, p95 = timed(lambda: show(audit=False), args.repeat)
        rows.append(
            [f"{f}x", f"{n:,}", "show without the audit section", f"{p50 / len(CARDS):.1f}", f"{p95 / len(CARDS):.1f}"]
        )
        p50, p95 = timed(audit_only, reps)
        rows.append(
            [f"{f}x", f"{n:,}", "audit findings of one entity", f"{p50 / len(CARDS):.1f}", f"{p95 / len(CARDS):.1f}"]
        )
        p50, p95 = timed(fts, args.repeat)
        rows.append(
            [f"{f}x", f"{n:,}", "search, FTS5 (per query)", f"{p50 / len(SEARCHES):.2f}", f"{p95 / len(SEARCHES):.2f}"]
        )
        p50, p95 = timed(lambda s=store: run(s, SCAN), max(3, args.repeat // 4))
        rows.append([f"{f}x", f"{n:,}", "search, SPARQL CONTAINS scan ('lung')", f"{p50:.1f}", f"{p95:.1f}"])
        p50, p95 = timed(find, args.repeat)
        rows.append(
            [f"{f}x", f"{n:,}", "model finder page (per page)", f"{p50 / len(FINDER):.1f}", f"{p95 / len(FINDER):.1f}"]
        )
        rows.append(
            [
                f"{f}x",
                f"{n:,}",
                "cold: name index / facets / FTS5 index / finder items",
                f"{cold_index:.0f} / {cold_facets:.0f} / {cold_fts:.0f} / {cold_finder:.0f}",
                "",
            ]
        )
        print(*(" | ".join(r) for r in rows[-7:]), sep="\n", flush=True)
    head = ["scale", "quads", "what", "p50 ms", "p95 ms"]
    md = [
        "# Benchmarks: show, search, finder",
        "",
        f"`python bench/bench_explore.py --factors {' '.join(map(str, args.factors))} --repeat {args.repeat}`, one run "
        f"on {platform.machine()} ({platform.python_implementation()} {platform.python_version()}), in-memory "
        "pyoxigraph store, in one process (as the CLI and the server's explorer views run). The card timings include "
        "rendering; cards for " + ", ".join(CARDS) + "; searches for " + ", ".join(repr(s) for s in SEARCHES) + ".",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
        *("| " + " | ".join(r) + " |" for r in rows),
        "",
        "Cold costs are paid once per store (per CLI run, or once per server): the name index and the facets are one "
        "SPARQL query each; the FTS5 index is built from one more query (the CLI keeps it on disk beside the build "
        "cache, so a CLI `search` pays only to open it).",
        "",
    ]
    args.out.write_text("\n".join(md), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
