"""Latency of every canned query on the in-memory pyoxigraph store (what the CLI and the API query) at 1x, 10x, 100x
and 1000x the survey graph, its growth from 10x to 100x, the load rate, the graph next to the full CL, UBERON and EFO
releases, rdflib's engine at small scales, and the CLI's cold start. One run; results to docs/benchmarks-query.md.

Run: python bench/bench_query.py [--factors 1 10 100 1000] [--budget 10] [--rdflib-max 1] [--ontologies]
Each scale's graph is written as N-Quads (bench/synthetic.py) and bulk-loaded by a worker process (bench/worker.py)
that then times the queries one by one; a query with no answer within --budget seconds per run is reported as
"> budget" and its worker replaced. rdflib (pure Python) runs up to --rdflib-max, stopped by SIGALRM past the budget.
Set BENCH_TMP to put the N-Quads files on a roomy disk (1000x: about 2 GB).
"""

from __future__ import annotations

import argparse
import os
import platform
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from synthetic import synthetic, write_nquads

from llm4cell_kg.answers.query import example_params, list_queries
from llm4cell_kg.build.graph import build_quads
from llm4cell_kg.common.prefixes import PREFIX_MAP as PREFIXES

HERE = Path(__file__).resolve().parent
GROWTH_MAX = 15.0  # target: time at 100x / time at 10x
MEDIAN_100X_MS, MAX_100X_MS = 100.0, 1000.0  # targets at 100x
MEDIAN_1000X_MS, MAX_1000X_MS, PEAK_1000X_MB = 1000.0, 10000.0, 8192.0  # targets at 1000x
#: reference queries that are no survey question: how one scan and the smallest join grow (the engine's floor)
FLOOR = sorted((HERE / "floor").glob("*.rq"))
LOADS: list[float] = []  # the 1-minute load average, sampled once per query


def floor_name(path: Path) -> str:
    return f"(floor) {path.stem}"


@dataclass
class Timing:
    ms: float | None  # None: past the budget
    rows: int | None


@dataclass
class Loaded:
    quads: int
    seconds: float
    peak_mb: float


class Worker:
    """A bench/worker.py process holding one graph in memory; restarted after a query runs past the budget."""

    def __init__(self, files: list[Path], runs: int, budget: float) -> None:
        self.files, self.runs, self.budget = files, runs, budget
        self.proc: subprocess.Popen[str] | None = None
        self.loaded: Loaded | None = None
        self.peak_mb = 0.0

    def _start(self) -> subprocess.Popen[str]:
        cmd = [sys.executable, str(HERE / "worker.py"), *map(str, self.files), "--runs", str(self.runs)]
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        _, secs, n, mb = proc.stdout.readline().split("\t")
        if self.loaded is None:
            self.loaded = Loaded(int(n), float(secs), float(mb))
        return proc

    def time(self, name: str) -> Timing:
        proc = self.proc = self.proc or self._start()
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(name + "\n")
        proc.stdin.flush()
        ready, _, _ = select.select([proc.stdout], [], [], self.budget * (self.runs + 1))
        if not ready:
            self.close()
            return Timing(None, None)
        _, ms, rows, mb = proc.stdout.readline().split("\t")
        self.peak_mb = max(self.peak_mb, float(mb))
        return Timing(float(ms), int(rows))

    def close(self) -> None:
        if self.proc:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


class Budget(Exception):
    pass


def _alarm(signum, frame):  # type: ignore[no-untyped-def]
    raise Budget


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def ox_latency(store: ox.Store, text: str, runs: int) -> float:
    """Median ms of a warm query on `store` in this process (bench_store_kind.py)."""
    list(store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True))  # warm-up
    return median_ms(lambda: list(store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)), runs)


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


def rdflib_latency(ds, text: str, runs: int, budget: int) -> float | None:  # type: ignore[no-untyped-def]
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(budget * runs)  # the budget is per run
    try:
        return median_ms(lambda: list(ds.query(text, initNs=PREFIXES)), runs)
    except Budget:
        return None
    finally:
        signal.alarm(0)


def rdflib_dataset(base: list[ox.Quad], factor: int):  # type: ignore[no-untyped-def]
    import rdflib

    ds = rdflib.Dataset(default_union=True)
    ds.parse(data=ox.serialize(synthetic(base, factor), format=ox.RdfFormat.N_QUADS).decode(), format="nquads")
    return ds


#: issue 15: a command started from the build cache answers within this many seconds (wall)
COLD_TARGET = 0.25
#: the commands timed from the build cache (label -> the console script's arguments)
COLD_COMMANDS = {
    "query models-per-family": ["query", "models-per-family"],
    "show scGPT": ["show", "scGPT"],
    "search lung": ["search", "lung"],
}
LATER = "later runs (from the build cache)"
IMPORT_PYOXIGRAPH = "python -c 'import pyoxigraph'"
BARE = "bare Python start (python -c pass)"


@dataclass
class Cold:
    wall: float  # median seconds from start to exit
    cpu: float  # median user + system CPU seconds of the process
    fastest: float  # the least wall seconds of the runs (the one least slowed by other jobs)
    runs: int
    target: bool  # held to COLD_TARGET


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of `cmd`."""
    before = os.times()
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    spent = time.perf_counter() - t
    after = os.times()
    return spent, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def cold_start(runs: int = 11) -> dict[str, Cold]:
    """Wall and CPU time of `llm4cell-kg query models-per-family`, `show scGPT` and `search lung`, run from the
    venv's console script (beside sys.executable): the first run (builds from YAML, fills the cache), later runs from
    the build cache, and without the cache; against Python importing pyoxigraph and bare Python. The later runs and
    both Pythons take turns in one loop, `runs` times (medians), so that other jobs on the machine weigh on all alike.

    Python writes and reuses its bytecode (PYTHONDONTWRITEBYTECODE is dropped), as for an installed package."""
    script = Path(sys.executable).with_name("llm4cell-kg")
    cli = [str(script)] if script.is_file() else [sys.executable, "-m", "llm4cell_kg.cli"]
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    pythons = {IMPORT_PYOXIGRAPH: [sys.executable, "-c", "import pyoxigraph"], BARE: [sys.executable, "-c", "pass"]}
    out: dict[str, Cold] = {}  # in the table's order: first run, later runs, cache disabled, the Pythons
    samples: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as cache:
        env = {**base, "LLM4CELL_KG_CACHE": cache}
        first = [*cli, *COLD_COMMANDS["query models-per-family"]]
        subprocess.run([*first, "--help"], check=True, capture_output=True, env=env)  # bytecode written
        wall_s, cpu_s = _timed(first, env)
        out["query models-per-family: first run (builds from YAML, fills the cache)"] = Cold(
            wall_s, cpu_s, wall_s, 1, False
        )
        cases = {f"{label}: {LATER}": [*cli, *args] for label, args in COLD_COMMANDS.items()} | pythons
        for cmd in cases.values():  # each command's own cache files (name index, search index, ...) written once
            subprocess.run(cmd, check=True, capture_output=True, env=env)
        for _ in range(runs):
            for label, cmd in cases.items():
                samples.setdefault(label, []).append(_timed(cmd, env))
    samples["query models-per-family: cache disabled (LLM4CELL_KG_CACHE=0)"] = [
        _timed(first, {**base, "LLM4CELL_KG_CACHE": "0"}) for _ in range(3)
    ]
    for label in sorted(samples, key=lambda k: k in pythons):  # the Pythons last
        got = samples[label]
        median = (statistics.median(w for w, _ in got), statistics.median(c for _, c in got))
        out[label] = Cold(*median, min(w for w, _ in got), len(got), label.endswith(LATER))
    return out


def cold_start_table(cold: dict[str, Cold]) -> list[str]:
    """The cold-start table (Markdown lines): medians (and the fastest run), the excess of the median over Python
    importing pyoxigraph, and whether the median meets the target."""
    ref = cold[IMPORT_PYOXIGRAPH].wall
    lines = [
        f"| case | runs | wall (s) | fastest (s) | CPU (s) | wall − `import pyoxigraph` (s) | wall ≤ {COLD_TARGET} s |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for label, c in cold.items():
        verdict = ("met" if c.wall <= COLD_TARGET else "**missed**") if c.target else ""
        lines.append(
            f"| {label} | {c.runs} | {c.wall:.3f} | {c.fastest:.3f} | {c.cpu:.3f} | {c.wall - ref:+.3f} | {verdict} |"
        )
    return lines


def ontology_files(base: list[ox.Quad], tmp: Path) -> tuple[Path, Path, Path]:
    """The survey graph with its CL/UBERON/EFO import modules (1x), the same graph without them, and the full
    releases in the modules' named graphs (bench/ontology_rdf.py), as N-Quads files."""
    from ontology_rdf import module_graphs, write_releases

    modules = module_graphs()
    graph, without, releases = tmp / "x1.nq", tmp / "without-modules.nq", tmp / "releases.nq"
    if not graph.exists():
        write_nquads(base, 1, graph)
    kept = [q for q in base if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in modules)]
    ox.serialize(kept, str(without), ox.RdfFormat.N_QUADS)
    write_releases(releases)
    return graph, without, releases


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100, 1000])
    ap.add_argument("--budget", type=int, default=10)
    ap.add_argument("--rdflib-max", type=int, default=1)
    ap.add_argument("--ontologies", action="store_true", help="also the graph next to the full CL/UBERON/EFO")
    ap.add_argument("--out", type=Path, default=Path("docs/benchmarks-query.md"))
    ap.add_argument("--cold-start-only", type=Path, metavar="FILE", help="only the cold start, as a table to FILE")
    args = ap.parse_args()
    if args.cold_start_only:
        cold = cold_start()
        text = [
            f"Measured by `python bench/bench_query.py --cold-start-only {args.cold_start_only}` on "
            f"{platform.machine()} / Python {platform.python_version()}, {os.cpu_count()} cores shared with other "
            f"jobs (load average {os.getloadavg()[0]:.1f} at the end); medians of the runs:",
            "",
        ]
        args.cold_start_only.write_text("\n".join([*text, *cold_start_table(cold), ""]))
        print("\n".join(cold_start_table(cold)))
        return
    base = build_quads()
    queries = list_queries()
    cold = cold_start()
    print(cold, flush=True)
    lat: dict[tuple[str, str], Timing] = {}
    loads: dict[str, Loaded] = {}
    peaks: dict[str, float] = {}
    rdf: dict[tuple[str, int], float | None] = {}
    hierarchy: dict[str, bool] = {}
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmpdir:
        tmp = Path(tmpdir)
        # Graphs up to 100x are held by workers at the same time and each query runs on them one after the other,
        # so that the growth ratio compares timings taken under the same load; 1000x runs alone (~6 GB).
        small = [f for f in args.factors if f <= 100]
        big = [f for f in args.factors if f > 100]
        groups = [{f"{f}x": [tmp / f"x{f}.nq"] for f in small}] + [{f"{f}x": [tmp / f"x{f}.nq"]} for f in big]
        for group in groups:
            for files in group.values():
                write_nquads(base, int(files[0].stem[1:]), files[0])
            measure(group, queries, args.budget, lat, loads, peaks)
            for files in group.values():
                if files[0].stem != "x1":
                    files[0].unlink()
        for f in args.factors:
            if f <= args.rdflib_max:
                ds = rdflib_dataset(base, f)
                for q in queries:
                    rdf[(q.name, f)] = rdflib_latency(ds, q.text, 3 if f == 1 else 1, args.budget)
                del ds
        write_report(args, queries, lat, loads, peaks, rdf, cold, hierarchy)  # kept should the next part fail
        if args.ontologies:
            graph, without, releases = ontology_files(base, tmp)
            cases = {"graph": [graph], "graph + releases": [graph, releases]}
            measure(cases, queries, args.budget, lat, loads, peaks)
            hierarchy = hierarchy_answers(queries, graph, without, releases)
    write_report(args, queries, lat, loads, peaks, rdf, cold, hierarchy)
    differ = sorted(k for k, same in hierarchy.items() if not same)
    assert not differ, f"hierarchy queries with other rows on the full releases than on the import modules: {differ}"


def measure(
    group: dict[str, list[Path]],
    queries,  # type: ignore[no-untyped-def]
    budget: int,
    lat: dict[tuple[str, str], Timing],
    loads: dict[str, Loaded],
    peaks: dict[str, float],
) -> None:
    """Time every query on each graph of `group` (label -> N-Quads files), one graph after the other per query."""
    workers = {}
    for label, files in group.items():
        n = int(label[:-1]) if label[:-1].isdigit() else 1
        workers[label] = Worker(files, runs=5 if n <= 10 else 3 if n <= 100 else 1, budget=budget)
    for q in queries:
        LOADS.append(os.getloadavg()[0])
        for label, w in workers.items():
            lat[(q.name, label)] = w.time(q.name)
    for f in FLOOR:
        for label, w in workers.items():
            lat[(floor_name(f), label)] = w.time(str(f))
    for label, w in workers.items():
        w.close()
        assert w.loaded is not None
        loads[label], peaks[label] = w.loaded, w.peak_mb
        print(f"{label}: done ({w.loaded.quads} quads, loaded in {w.loaded.seconds:.1f}s)", flush=True)


def hierarchy_answers(queries, graph: Path, without: Path, releases: Path) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    """Whether each hierarchy query (queries/links/) gives the same rows on the import modules as on the releases."""
    from collections import Counter

    def rows(files: list[Path]) -> dict[str, Counter[tuple[str, ...]]]:
        store = ox.Store()
        for f in files:
            store.bulk_load(path=str(f), format=ox.RdfFormat.N_QUADS)
        out = {}
        for q in queries:
            if q.name.startswith("links/"):
                res = store.query(q.text, prefixes=PREFIXES, use_default_graph_as_union=True)
                names = [v.value for v in res.variables]
                out[q.name] = Counter(tuple(str(r[n]) for n in names) for r in res)
        return out

    a, b = rows([graph]), rows([without, releases])
    return {k: a[k] == b[k] for k in a}


def load_text() -> str:
    """The machine's load during the run (the 1-minute load average sampled before each query)."""
    if not LOADS:
        return "load not sampled"
    return (
        f"1-minute load average {min(LOADS):.1f}-{max(LOADS):.1f} (median {statistics.median(LOADS):.1f}) "
        "while the queries ran"
    )


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def fmt(t: Timing | None, budget: int) -> str:
    if t is None:
        return ""
    return f"> {budget * 1000:,}" if t.ms is None else f"{t.ms:,.1f}"


def targets(queries, lat, fs, ratios, onto_ratios, peaks) -> list[str]:  # type: ignore[no-untyped-def]
    """Issue 15's targets, each with its verdict from this run."""
    out = ["", "## Targets (issue 15)", ""]

    def times(f: str) -> dict[str, float | None]:
        return {q.name: lat[(q.name, f)].ms for q in queries}

    if "100x" in fs:
        v = times("100x")
        done = [x for x in v.values() if x is not None]
        slow = sorted(n for n, x in v.items() if x is None or x > MAX_100X_MS)
        med = statistics.median(done)
        out.append(f"- 100x median <= {MEDIAN_100X_MS:.0f} ms: {med:,.1f} ms, {verdict(med <= MEDIAN_100X_MS)}")
        out.append(
            f"- 100x every query <= {MAX_100X_MS:,.0f} ms: {verdict(not slow)}"
            + (f" ({len(slow)} over: {', '.join(slow)})" if slow else "")
        )
    if ratios:
        over = [n for r, n in ratios if r > GROWTH_MAX]
        out.append(f"- growth 100x/10x <= {GROWTH_MAX:.0f} for every query: {verdict(not over)} ({len(over)} over)")
    if "1000x" in fs:
        v = times("1000x")
        done = [x for x in v.values() if x is not None]
        past = sorted(n for n, x in v.items() if x is None or x > MAX_1000X_MS)
        med = statistics.median(done) if done else float("inf")
        listed = f" ({', '.join(past)})" if past else ""
        out.append(f"- 1000x none past {MAX_1000X_MS / 1000:.0f} s: {verdict(not past)}{listed}")
        out.append(f"- 1000x median <= {MEDIAN_1000X_MS:,.0f} ms: {med:,.1f} ms, {verdict(med <= MEDIAN_1000X_MS)}")
        out.append(
            f"- 1000x peak memory <= {PEAK_1000X_MB / 1024:.0f} GB: {peaks['1000x'] / 1024:.1f} GB, "
            f"{verdict(peaks['1000x'] <= PEAK_1000X_MB)}"
        )
    if onto_ratios:
        over = [n for r, n in onto_ratios if r > 1.5]
        out.append(f"- next to the full releases, every query within 1.5x: {verdict(not over)} ({len(over)} over)")
    return out


def write_report(args, queries, lat, loads, peaks, rdf, cold, hierarchy) -> None:  # type: ignore[no-untyped-def]
    fs = [f"{f}x" for f in args.factors]
    growth = "10x" in fs and "100x" in fs
    cmd = f"python bench/bench_query.py --factors {' '.join(map(str, args.factors))} --budget {args.budget}"
    cmd += f" --rdflib-max {args.rdflib_max}" + (" --ontologies" if args.ontologies else "")
    lines = [
        "# Query benchmark (measured)",
        "",
        f"Measured by `{cmd}` in one run on {platform.machine()} / Python {platform.python_version()}, "
        f"{os.cpu_count()} cores, {load_text()}. Synthetic graphs repeat every model, dataset, "
        "publication, grounding resource and source-location quad under new IRIs (bench/synthetic.py). Latency is "
        "the median wall time in milliseconds of a warm query evaluated to the last row on the **in-memory** "
        "pyoxigraph store (what the CLI and the API query), in a worker process per graph (bench/worker.py): "
        "5 runs up to 10x, 3 at 100x, 1 at 1000x.",
        "",
        "## Cold start",
        "",
        "`llm4cell-kg query models-per-family`, `show scGPT` and `search lung`, from the command to its output, "
        "against Python alone (medians):",
        "",
        *cold_start_table(cold),
    ]
    lines += [
        "",
        "## Graph sizes and loading",
        "",
        "| graph | quads | load (s) | quads/s | peak memory (MB) |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {k} | {v.quads:,} | {v.seconds:.1f} | {v.quads / max(v.seconds, 1e-9):,.0f} | {peaks[k]:,.0f} |"
        for k, v in loads.items()
    ]
    cols = [*fs] + (["100x/10x"] if growth else []) + [f"rdflib {f}x" for f in args.factors if f <= args.rdflib_max]
    onto = bool(hierarchy)
    if onto:
        cols += ["graph + releases", "with/without"]
    lines += ["", "## Latency per query (ms)", "", "| query | " + " | ".join(cols) + " |"]
    lines.append("|---|" + "---:|" * len(cols))
    ratios: list[tuple[float, str]] = []
    onto_ratios: list[tuple[float, str]] = []
    floor_ratios: list[tuple[float, str]] = []
    # a query for one entity runs for its example (bench/worker.py), and its row says which
    labels = {q.name: q.name + "".join(f" ({n}={v})" for n, v in example_params(q).items()) for q in queries}
    for name in [q.name for q in queries] + [floor_name(f) for f in FLOOR]:
        floor = name.startswith("(floor)")
        cells = [fmt(lat.get((name, f)), args.budget) for f in fs]
        if growth:
            a, b = lat[(name, "10x")].ms, lat[(name, "100x")].ms
            r = b / max(a, 1e-3) if a is not None and b is not None else None
            cells.append("" if r is None else f"{r:.1f}")
            if r is not None:
                (floor_ratios if floor else ratios).append((r, name))
        for f in args.factors:
            if f <= args.rdflib_max:
                v = rdf.get((name, f), 0.0)
                cells.append("" if floor else f"> {args.budget * 1000:,}" if v is None else f"{v:,.1f}")
        if onto:
            a, b = lat[(name, "graph")].ms, lat[(name, "graph + releases")].ms
            cells.append(fmt(lat[(name, "graph + releases")], args.budget))
            r = b / max(a, 1e-3) if a is not None and b is not None else None
            cells.append("" if r is None else f"{r:.2f}")
            if r is not None and not floor:
                onto_ratios.append((r, name))
        lines.append(f"| {labels.get(name, name)} | " + " | ".join(cells) + " |")
    lines += ["", "## Summary", ""]
    for f in fs:
        vals = {q.name: lat[(q.name, f)].ms for q in queries}
        done = {k: v for k, v in vals.items() if v is not None}
        slowest = max(done, key=done.__getitem__)
        lines.append(
            f"- {f}: median {statistics.median(done.values()):,.1f} ms over {len(vals)} queries, slowest "
            f"{done[slowest]:,.1f} ms ({slowest}); {len(vals) - len(done)} past {args.budget} s; "
            f"peak memory {peaks[f]:,.0f} MB"
        )
    if ratios:
        over = [n for r, n in ratios if r > GROWTH_MAX]
        worst = max(ratios)
        lines.append(
            f"- growth 100x/10x: median {statistics.median(r for r, _ in ratios):.1f}, largest {worst[0]:.1f} "
            f"({worst[1]}); {len(over)} above {GROWTH_MAX:.0f}" + (f": {', '.join(over)}" if over else "")
        )
        if floor_ratios:
            lines.append(
                "- the engine's floor, 100x/10x: "
                + ", ".join(f"{n.removeprefix('(floor) ')} {r:.1f}" for r, n in floor_ratios)
                + " (bench/floor/: one scan, and the smallest join, that every query's growth stands on)"
            )
    lines += targets(queries, lat, fs, ratios, onto_ratios, peaks)
    if onto_ratios:
        over = [n for r, n in onto_ratios if r > 1.5]
        worst = max(onto_ratios)
        lines.append(
            f"- next to the full CL, UBERON and EFO releases ({loads['graph + releases'].quads:,} quads): median "
            f"{statistics.median(r for r, _ in onto_ratios):.2f}x the time on the graph alone, largest "
            f"{worst[0]:.2f}x ({worst[1]}); {len(over)} above 1.5x" + (f": {', '.join(over)}" if over else "")
        )
        same = [k for k, v in hierarchy.items() if v]
        differ = [k for k, v in hierarchy.items() if not v]
        lines.append(
            f"- hierarchy queries (queries/links/) on the full releases in place of the import modules: "
            f"{len(same)} of {len(hierarchy)} give the same rows" + (f"; differ: {', '.join(differ)}" if differ else "")
        )
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
