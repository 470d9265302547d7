"""Time the CLI's loader path at 1x/10x/100x: the build cache (N-Quads) parsed into the in-memory store.

Run: python bench/bench_load.py [--factors 1 10 100] [--runs 3] [--out docs/benchmarks-load.md]
Writes each synthetic graph (bench/synthetic.py) as N-Quads once (not timed), then times, in a fresh process per
(factor, way), the load alone: `Store.load(..., lenient=True)` as `store.default_store` reads the cache (the way
`llm4cell-kg query/show/search` start), against a checked `Store.load`, `Store.bulk_load` and parsing alone
(`pyoxigraph.parse`, the floor). The best of `--runs` runs is reported, with the process CPU time beside the wall
time, so that contention from other processes on the machine shows as the gap between the two.
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from synthetic import write_nquads

from llm4cell_kg.build.graph import build_quads

WAYS = {
    "load lenient (CLI)": "ox.Store().load(path=F, format=ox.RdfFormat.N_QUADS, lenient=True)",
    "load checked": "ox.Store().load(path=F, format=ox.RdfFormat.N_QUADS)",
    "bulk_load": "ox.Store().bulk_load(path=F, format=ox.RdfFormat.N_QUADS)",
    "parse only": "sum(1 for _ in ox.parse(path=F, format=ox.RdfFormat.N_QUADS))",
}
CHILD = (
    "import sys, time, pyoxigraph as ox; F = sys.argv[1]; t = time.perf_counter(); c = time.process_time(); {stmt}; "
    "print(time.perf_counter() - t, time.process_time() - c)"
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", type=Path, default=Path("docs/benchmarks-load.md"))
    args = ap.parse_args()
    base = build_quads()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for f in args.factors:
            nq = Path(tmp) / f"x{f}.nq"
            n = write_nquads(base, f, nq)
            for way, stmt in WAYS.items():
                best = min(
                    tuple(
                        map(
                            float,
                            subprocess.check_output([sys.executable, "-c", CHILD.format(stmt=stmt), str(nq)]).split(),
                        )
                    )
                    for _ in range(args.runs)
                )
                rows.append((f, n, way, *best))
                print(f"{f}x {way}: {best[0]:.2f} s wall, {best[1]:.2f} s CPU, {n / best[0]:,.0f} quads/s", flush=True)
            nq.unlink()
    cmd = f"python bench/bench_load.py --factors {' '.join(map(str, args.factors))} --runs {args.runs}"
    lines = [
        "# Loading benchmark (measured)",
        "",
        f"Measured by `{cmd}` in one run on {platform.machine()} / Python {platform.python_version()} "
        f"({platform.system()}).",
        "",
        "The load alone (the N-Quads file is written beforehand), in a fresh process, best of the runs. `load lenient`",
        "is the CLI's path: `store.default_store` parses the build cache, which this project wrote itself, leniently.",
        "",
        "| graph | quads | way | wall (s) | CPU (s) | quads/s (wall) | quads/s (CPU) |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for f, n, way, wall, cpu in rows:
        lines.append(f"| {f}x | {n:,} | {way} | {wall:.2f} | {cpu:.2f} | {n / wall:,.0f} | {n / cpu:,.0f} |")
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
