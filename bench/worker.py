"""A query worker for the benchmarks: loads one N-Quads file into a pyoxigraph store, then times the canned queries
named on its stdin, one line each, answering `name<TAB>median ms<TAB>rows<TAB>peak RSS MB` on stdout.

Run by bench_query.py (python bench/worker.py FILE [FILE ...] [--runs N] [--disk DIR]); a parent that sees no answer
within its budget kills the worker and starts another, so a runaway query costs one reload, not the run.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from llm4cell_kg.answers.query import example_text, get_query
from llm4cell_kg.common.prefixes import PREFIX_MAP as PREFIXES


def peak_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(store: ox.Store, text: str, runs: int) -> tuple[float, int]:
    """Median wall time (ms) of `runs` evaluations to the last row, after one warm-up, and the row count."""
    rows = len(list(store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)))
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        for _row in store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True):
            pass
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", type=Path, nargs="+")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--disk", type=Path, default=None, help="open this on-disk store (read-only) instead of loading")
    args = ap.parse_args()
    t = time.perf_counter()
    if args.disk:
        store = ox.Store.read_only(str(args.disk))
    else:
        store = ox.Store()
        for f in args.files:
            # the CLI's loader path (store.default_store): a lenient parse of N-Quads this project wrote itself
            store.load(path=str(f), format=ox.RdfFormat.from_extension(f.suffix.lstrip(".")), lenient=True)
    print(f"ready\t{(time.perf_counter() - t):.3f}\t{len(store)}\t{peak_mb():.0f}", flush=True)
    for line in sys.stdin:
        name = line.strip()
        if not name:
            continue
        # a .rq path (bench/floor/) or a canned query's name; a query for one entity runs for its example
        text = Path(name).read_text(encoding="utf-8") if name.endswith(".rq") else example_text(get_query(name))
        ms, rows = timed(store, text, args.runs)
        print(f"{name}\t{ms:.2f}\t{rows}\t{peak_mb():.0f}", flush=True)


if __name__ == "__main__":
    main()
