"""Latency of every canned query on an in-memory pyoxigraph store (what the CLI and the API query) against the on-disk
store that bench_query.py measures, at the given scales. One run; results to docs/benchmarks-store-kind.md.

Run: python bench/bench_store_kind.py [--factors 1] [--runs 3]
Both stores hold the same synthetic graph (bench/synthetic.py); the disk store is bulk-loaded and opened read-only,
as in bench_query.py. Queries run in this process, one after another, so a runaway query is not stopped: keep the
factors small: at 10x audit/venue-mismatch did not finish in 8 minutes.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
from pathlib import Path

import pyoxigraph as ox
from bench_query import ox_latency, oxigraph_store
from synthetic import synthetic

from llm4cell_kg.answers.query import list_queries
from llm4cell_kg.build.graph import build_quads


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--factors", type=int, nargs="+", default=[1])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", type=Path, default=Path("docs/benchmarks-store-kind.md"))
    args = ap.parse_args()
    base = build_quads()
    queries = list_queries()
    table: dict[str, dict[int, tuple[float, float]]] = {q.name: {} for q in queries}
    with tempfile.TemporaryDirectory() as tmp:
        for f in args.factors:
            path, _n, _load = oxigraph_store(base, f, Path(tmp))
            disk = ox.Store.read_only(str(path))
            mem = ox.Store()
            mem.extend(synthetic(base, f) if f > 1 else base)
            for q in queries:
                table[q.name][f] = (ox_latency(mem, q.text, args.runs), ox_latency(disk, q.text, args.runs))
                print(
                    f"x{f} {q.name}: memory {table[q.name][f][0]:.1f} ms, disk {table[q.name][f][1]:.1f} ms", flush=True
                )
            del disk, mem
    head = " | ".join(f"memory {f}x | disk {f}x" for f in args.factors)
    lines = [
        "# Canned queries: in-memory vs on-disk pyoxigraph store (measured)",
        "",
        f"Measured by `python bench/bench_store_kind.py --factors {' '.join(map(str, args.factors))} --runs "
        f"{args.runs}` in one run on {platform.machine()} / Python {platform.python_version()}, 2 cores shared with "
        "other jobs. Median wall time in milliseconds of a warm query evaluated to the last row, in one process. "
        "The CLI and the Python API query an in-memory store; `docs/benchmarks-query.md` measures the on-disk one "
        "(needed at 1000x).",
        "",
        f"| query | {head} |",
        "|---|" + "---:|" * (2 * len(args.factors)),
    ]
    for name, by in table.items():
        lines.append(f"| {name} | " + " | ".join(f"{by[f][0]:,.1f} | {by[f][1]:,.1f}" for f in args.factors) + " |")
    lines.append("")
    for f in args.factors:
        mem = [table[n][f][0] for n in table]
        disk = [table[n][f][1] for n in table]
        slow = max(table, key=lambda n, f=f: table[n][f][0])
        lines.append(
            f"- {f}x: memory median {statistics.median(mem):,.1f} ms, slowest {max(mem):,.1f} ms ({slow}); "
            f"disk median {statistics.median(disk):,.1f} ms, slowest {max(disk):,.1f} ms"
        )
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
