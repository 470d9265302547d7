"""Latency of every canned query on pyoxigraph and on rdflib's engine, at 1x, 10x, 100x and 1000x the survey graph,
and the CLI's cold start (command to first answer). One run; results to docs/benchmarks-query.md.

Run: python bench/bench_query.py [--factors 1 10 100 1000] [--rdflib-max 100] [--budget 20]
rdflib runs up to --rdflib-max (at 1000x it would need ~30 GB); a query past --budget seconds on rdflib is stopped
(SIGALRM, rdflib is pure Python) and reported as "> budget". Each scale's graph is bulk-loaded into an on-disk
Oxigraph store once; each query then runs in a child process on that store, killed past the budget.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from synthetic import synthetic, write_nquads

from llm4cell_kg.build import build_quads
from llm4cell_kg.prefixes import PREFIX_MAP as PREFIXES
from llm4cell_kg.query import list_queries


class Budget(Exception):
    pass


def _alarm(signum, frame):  # type: ignore[no-untyped-def]
    raise Budget


def median_ms(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def ox_latency(store: ox.Store, text: str, runs: int) -> float:
    list(store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True))  # warm-up
    return median_ms(lambda: list(store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)), runs)


def ox_latency_child(path: Path, name: str, runs: int, budget: int) -> float | None:
    """`ox_latency` in a child process on the disk store at `path`; None when it runs past the budget."""
    code = (
        "import sys; sys.path.insert(0, 'bench'); import pyoxigraph as ox, bench_query as b; "
        "from llm4cell_kg.query import get_query; "
        f"print(b.ox_latency(ox.Store.read_only({str(path)!r}), get_query({name!r}).text, {runs}))"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=budget * (runs + 1) + 10
        )
    except subprocess.TimeoutExpired:
        return None
    return float(done.stdout.strip())


def rdflib_latency(ds, text: str, runs: int, budget: int) -> float | None:  # type: ignore[no-untyped-def]
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(budget * runs)  # the budget is per run
    try:
        return median_ms(lambda: list(ds.query(text, initNs=PREFIXES)), runs)
    except Budget:
        return None
    finally:
        signal.alarm(0)


def oxigraph_store(base: list[ox.Quad], factor: int, tmp: Path) -> tuple[Path, int, float]:
    """The factor-times graph bulk-loaded into an on-disk store under `tmp`: its path, quad count, load seconds."""
    t = time.perf_counter()
    nq = tmp / f"x{factor}.nq"
    n = write_nquads(base, factor, nq)
    path = tmp / f"store-x{factor}"
    store = ox.Store(str(path))
    store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    store.optimize()
    del store
    nq.unlink()
    return path, n, time.perf_counter() - t


def rdflib_dataset(base: list[ox.Quad], factor: int):  # type: ignore[no-untyped-def]
    import rdflib

    ds = rdflib.Dataset(default_union=True)
    ds.parse(data=ox.serialize(synthetic(base, factor), format=ox.RdfFormat.N_QUADS).decode(), format="nquads")
    return ds


def cold_start(runs: int = 5) -> dict[str, float]:
    """Median wall time of `llm4cell-kg query models-per-family`, from the command to its output."""
    cmd = [sys.executable, "-m", "llm4cell_kg.cli", "query", "models-per-family"]
    out = {}
    with tempfile.TemporaryDirectory() as cache:
        for label, env in (
            ("first run (builds from YAML, fills the cache)", {"LLM4CELL_KG_CACHE": cache}),
            ("later runs (graph from the build cache)", {"LLM4CELL_KG_CACHE": cache}),
            ("cache disabled (LLM4CELL_KG_CACHE=0)", {"LLM4CELL_KG_CACHE": "0"}),
        ):
            times = []
            for _ in range(1 if label.startswith("first") else runs):
                t = time.perf_counter()
                subprocess.run(cmd, check=True, capture_output=True, env={**os.environ, **env})
                times.append(time.perf_counter() - t)
            out[label] = statistics.median(times)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    out["bare Python start"] = time.perf_counter() - t
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100, 1000])
    ap.add_argument("--rdflib-max", type=int, default=100)
    ap.add_argument("--budget", type=int, default=20)
    ap.add_argument("--out", type=Path, default=Path("docs/benchmarks-query.md"))
    args = ap.parse_args()
    base = build_quads()
    queries = list_queries()
    cold = cold_start()
    print(cold, flush=True)
    lat: dict[tuple[str, int, str], float | None] = {}
    sizes: dict[int, tuple[int, float]] = {}
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        for f in args.factors:
            path, n, load_s = oxigraph_store(base, f, Path(tmp))
            sizes[f] = (n, load_s)
            runs = 5 if f <= 10 else 3
            for q in queries:
                lat[(q.name, f, "oxigraph")] = ox_latency_child(path, q.name, runs, args.budget)
            shutil.rmtree(path, ignore_errors=True)
            print(f"x{f}: oxigraph done ({n} quads, loaded in {load_s:.1f}s)", flush=True)
            if f <= args.rdflib_max:
                t = time.perf_counter()
                ds = rdflib_dataset(base, f)
                print(f"x{f}: rdflib parsed in {time.perf_counter() - t:.1f}s", flush=True)
                for q in queries:
                    lat[(q.name, f, "rdflib")] = rdflib_latency(ds, q.text, 3 if f == 1 else 1, args.budget)
                del ds
                print(f"x{f}: rdflib done", flush=True)
    write_report(args, queries, lat, sizes, cold)


def fmt(v: float | None, budget: int) -> str:
    return f"> {budget * 1000:,}" if v is None else f"{v:,.1f}"


def write_report(args, queries, lat, sizes, cold) -> None:  # type: ignore[no-untyped-def]
    fs = args.factors
    lines = [
        "# Query benchmark (measured)",
        "",
        f"Measured by `python bench/bench_query.py --factors {' '.join(map(str, fs))} --rdflib-max {args.rdflib_max}"
        f" --budget {args.budget}` in one run on {platform.machine()} / Python {platform.python_version()}, "
        f"2 cores shared with other jobs. Synthetic graphs repeat every model, dataset and source-location quad "
        "under new IRIs (bench/synthetic.py). Latency is the median wall time in milliseconds of a warm query "
        "(5 runs up to 10x, 3 above; rdflib 3 runs at 1x, 1 above) evaluated to the last row; pyoxigraph on an "
        "on-disk store opened read-only in a child process per query, rdflib on an in-memory Dataset.",
        "",
        "## Cold start",
        "",
        "`llm4cell-kg query models-per-family`, from the command to its output (median of 5 runs):",
        "",
        "| case | seconds |",
        "|---|---:|",
    ]
    lines += [f"| {k} | {v:.2f} |" for k, v in cold.items()]
    lines += ["", "## Graph sizes", "", "| factor | quads | pyoxigraph load (s) |", "|---:|---:|---:|"]
    lines += [f"| {f}x | {sizes[f][0]:,} | {sizes[f][1]:.1f} |" for f in fs]
    head = " | ".join(f"ox {f}x" + (f" | rdflib {f}x" if f <= args.rdflib_max else "") for f in fs)
    ncols = sum(2 if f <= args.rdflib_max else 1 for f in fs)
    lines += ["", "## Latency per query (ms)", "", f"| query | {head} |", "|---|" + "---:|" * ncols]
    ratios: dict[int, list[float]] = {f: [] for f in fs if f <= args.rdflib_max}
    for q in queries:
        cells = []
        for f in fs:
            o = lat[(q.name, f, "oxigraph")]
            cells.append(fmt(o, args.budget))
            if f <= args.rdflib_max:
                r = lat[(q.name, f, "rdflib")]
                cells.append(fmt(r, args.budget))
                if r is not None and o is not None:
                    ratios[f].append(r / max(o, 1e-3))
        lines.append(f"| {q.name} | " + " | ".join(cells) + " |")
    lines += ["", "## Summary", ""]
    for f in fs:
        vals = {q.name: lat[(q.name, f, "oxigraph")] for q in queries}
        done = {k: v for k, v in vals.items() if v is not None}
        slowest = max(done, key=done.__getitem__)
        lines.append(
            f"- {f}x, pyoxigraph: median {statistics.median(done.values()):.1f} ms over {len(done)} queries, "
            f"slowest {done[slowest]:,.1f} ms ({slowest}); {len(vals) - len(done)} past the budget"
        )
    for f, rs in ratios.items():
        slow = sum(1 for q in queries if lat[(q.name, f, "rdflib")] is None)
        if rs:
            lines.append(
                f"- {f}x, rdflib / pyoxigraph: median {statistics.median(rs):.0f}x, "
                f"range {min(rs):.1f}x-{max(rs):,.0f}x over {len(rs)} queries; {slow} past the budget"
            )
    if any(f > args.rdflib_max for f in fs):
        lines.append(
            f"- rdflib not run above {args.rdflib_max}x: its in-memory graph needs ~1.3 GB per million "
            "triples here (../shared/notes/stack-facts.md), ~30 GB at 1000x, more than this machine has."
        )
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
