"""Search quality and latency in one run: hit@1, hit@3 and mean reciprocal rank (MRR, first 10 results) of
`llm4cell-kg search` over the evaluation set tests/answers/search-eval.tsv (queries a researcher would type, each
with the entity it means), with the latency of each query (p50, p95, max) and the misses.

Run: python bench/bench_search.py [--eval tests/answers/search-eval.tsv] [--repeat 3]
The graph is built in memory from the records (as the tests do); the first search (name and full-text indexes
built) is reported apart.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import pyoxigraph as ox

from llm4cell_kg.answers.search import search
from llm4cell_kg.answers.search_quality import measure, read_cases
from llm4cell_kg.build.graph import build_quads

EVAL = Path(__file__).resolve().parent.parent / "tests" / "answers" / "search-eval.tsv"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=EVAL)
    ap.add_argument("--repeat", type=int, default=3, help="runs over the set; latency is taken over all of them")
    args = ap.parse_args()
    store = ox.Store()
    store.bulk_extend(build_quads())
    start = time.perf_counter()
    search("scgpt", store)
    cold = time.perf_counter() - start
    cases = read_cases(args.eval)
    runs = [measure(cases, store) for _ in range(max(1, args.repeat))]
    quality, seconds = runs[0], sorted(s for r in runs for s in r.seconds)
    ms = [1000 * s for s in seconds]
    print(f"evaluation set: {args.eval.name}, {quality.n} queries")
    print(f"hit@1 {quality.hit1:.3f}  hit@3 {quality.hit3:.3f}  MRR {quality.mrr:.3f}")
    p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
    print(f"latency per query: p50 {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms, max {ms[-1]:.1f} ms")
    print(f"first search (indexes built): {1000 * cold:.0f} ms")
    for query in quality.misses(1):
        got = [h.curie for h in search(query, store, limit=3)]
        expected = next(c.expected for c in cases if c.query == query)
        print(f"  not first: {query!r} -> {expected} at rank {quality.ranks[query] or '>10'}; top 3: {got}")


if __name__ == "__main__":
    main()
