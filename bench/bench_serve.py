"""Load test of `llm4cell-kg serve` on loopback: a burst of clients at once, a fixed number of requests, and N
concurrent clients for a fixed time.

Run: python bench/bench_serve.py [--burst 200] [--requests 1000 --request-clients 32] [--seconds 20] [--clients 8 32]
     [--out docs/benchmarks-serve.md]
The burst: that many clients, each on a new connection, released together by a barrier, one query each (the old
listen backlog of 5 dropped a third of 200). Sustained: --requests requests spread over --request-clients keep-alive
clients cycling through the mix below.
Starts the real server (`python -m llm4cell_kg.cli serve --port 0`) as a subprocess, then for each client count runs
that many threads, each with its own keep-alive connection, sending a fixed mix of requests (SPARQL JSON and CSV,
a canned query, an entity page) until the time is up (each loop is also bounded in count). Reports throughput,
latency percentiles and errors; a last scenario adds one client sending a runaway query (stopped at the timeout,
HTTP 504, counted apart). After each scenario the server must still answer. Writes the figures to --out.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MAX_REQUESTS_PER_CLIENT = 200_000
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
MIX = [  # (label, path, Accept)
    (
        "count models (JSON)",
        "/sparql?" + urllib.parse.urlencode({"query": "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a l4c:Model }"}),
        "application/sparql-results+json",
    ),
    ("agentic-annotation (CSV)", None, "text/csv"),  # filled from the canned query's text
    ("page /model/scgpt", "/model/scgpt", "text/html"),
    ("page /queries/models-per-family", "/queries/models-per-family", "text/html"),
]


NOTES = """Reading the figures: every request counted \"ok\" got HTTP 200 with a full body; \"errors\" counts any other
status or a dropped connection, so 0 means nothing was lost. Two worker processes on two (shared) cores make the
server CPU-bound: more clients raise throughput a little and latency a lot (requests queue for a free worker). In
the runaway scenario one client keeps sending a cartesian-product COUNT that would never finish: each holds one of
the two workers for the whole timeout, then that worker is killed and a new one loads the graph (about a second),
so the other clients share what is left, which is why throughput falls and the tail grows; none of their requests
failed and the server kept answering. The burst row is what the listen backlog is for: with the standard library's
default of 5, issue 17 measured 55-65 of 200 simultaneous clients failing and p95 about 100 s; with 1024, none fail."""


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    timeouts: int = 0
    runaway_latencies: list[float] = field(default_factory=list)

    def merge(self, other: Tally) -> None:
        self.latencies += other.latencies
        self.runaway_latencies += other.runaway_latencies
        self.timeouts += other.timeouts
        for k, v in other.errors.items():
            self.errors[k] = self.errors.get(k, 0) + v


def start_server(timeout: float) -> tuple[subprocess.Popen[str], str, int]:
    cmd = [sys.executable, "-m", "llm4cell_kg.cli", "serve", "--port", "0", "--timeout", str(timeout)]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline() if proc.stdout else ""
    m = re.search(r"http://([\d.]+):(\d+)/", line)
    if not m:
        proc.kill()
        raise SystemExit(f"server did not start: {line!r}")
    return proc, m.group(1), int(m.group(2))


def request(conn: http.client.HTTPConnection, path: str, accept: str) -> tuple[int, bytes]:
    conn.request("GET", path, headers={"Accept": accept})
    r = conn.getresponse()
    return r.status, r.read()


def client(
    host: str, port: int, deadline: float, mix: list[tuple[str, str, str]], out: Tally, runaway: bool = False
) -> None:
    conn = http.client.HTTPConnection(host, port, timeout=120)
    runaway_path = "/sparql?" + urllib.parse.urlencode({"query": RUNAWAY})
    for i in range(MAX_REQUESTS_PER_CLIENT):
        if time.monotonic() >= deadline:
            break
        label, path, accept = mix[i % len(mix)]
        if runaway:
            label, path, accept = "runaway", runaway_path, "text/csv"
        t = time.perf_counter()
        try:
            status, _ = request(conn, path, accept)
        except (OSError, http.client.HTTPException) as exc:
            out.errors[f"{label}: {type(exc).__name__}"] = out.errors.get(f"{label}: {type(exc).__name__}", 0) + 1
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=120)
            continue
        dt = time.perf_counter() - t
        if runaway and status == 504:
            out.timeouts += 1
            out.runaway_latencies.append(dt)
        elif status == 200:
            out.latencies.append(dt)
        else:
            out.errors[f"{label}: HTTP {status}"] = out.errors.get(f"{label}: HTTP {status}", 0) + 1
    conn.close()


def scenario(
    host: str, port: int, clients: int, seconds: float, mix: list[tuple[str, str, str]], runaway: bool = False
) -> tuple[Tally, float]:
    tallies = [Tally() for _ in range(clients + (1 if runaway else 0))]
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=client, args=(host, port, deadline, mix, tallies[i])) for i in range(clients)]
    if runaway:
        threads.append(threading.Thread(target=client, args=(host, port, deadline, mix, tallies[-1], True)))
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join(seconds + 180)
    elapsed = time.perf_counter() - t0
    total = Tally()
    for t in tallies:
        total.merge(t)
    return total, elapsed


def burst(host: str, port: int, clients: int, path: str) -> tuple[Tally, float]:
    """`clients` threads connect at the same moment (a barrier) and send one request each on a new connection."""
    tallies = [Tally() for _ in range(clients)]
    barrier = threading.Barrier(clients)

    def one(out: Tally) -> None:
        try:
            barrier.wait(60)
            t = time.perf_counter()
            conn = http.client.HTTPConnection(host, port, timeout=300)
            status, _ = request(conn, path, "text/csv")
            conn.close()
            if status == 200:
                out.latencies.append(time.perf_counter() - t)
            else:
                out.errors[f"HTTP {status}"] = 1
        except (OSError, http.client.HTTPException, threading.BrokenBarrierError) as exc:
            out.errors[type(exc).__name__] = 1

    threads = [threading.Thread(target=one, args=(t,)) for t in tallies]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join(400)
    elapsed = time.perf_counter() - t0
    total = Tally()
    for t in tallies:
        total.merge(t)
    return total, elapsed


def fixed(host: str, port: int, clients: int, requests: int, mix: list[tuple[str, str, str]]) -> tuple[Tally, float]:
    """`requests` requests in all, spread evenly over `clients` keep-alive clients cycling through `mix`."""
    tallies = [Tally() for _ in range(clients)]

    def one(i: int, out: Tally) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=300)
        for k in range(i, requests, clients):
            label, path, accept = mix[k % len(mix)]
            t = time.perf_counter()
            try:
                status, _ = request(conn, path, accept)
            except (OSError, http.client.HTTPException) as exc:
                out.errors[f"{label}: {type(exc).__name__}"] = out.errors.get(f"{label}: {type(exc).__name__}", 0) + 1
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=300)
                continue
            if status == 200:
                out.latencies.append(time.perf_counter() - t)
            else:
                out.errors[f"{label}: HTTP {status}"] = out.errors.get(f"{label}: HTTP {status}", 0) + 1
        conn.close()

    threads = [threading.Thread(target=one, args=(i, t)) for i, t in enumerate(tallies)]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join(900)
    elapsed = time.perf_counter() - t0
    total = Tally()
    for t in tallies:
        total.merge(t)
    return total, elapsed


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))] * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--clients", type=int, nargs="+", default=[8, 32])
    ap.add_argument("--timeout", type=float, default=5.0, help="the server's query timeout")
    ap.add_argument("--burst", type=int, default=200, help="clients connecting at once, one request each")
    ap.add_argument("--requests", type=int, default=1000, help="requests of the sustained scenario")
    ap.add_argument("--request-clients", type=int, default=32, help="clients of the sustained scenario")
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "benchmarks-serve.md")
    args = ap.parse_args()

    sys.path.insert(0, str(REPO))
    from llm4cell_kg.answers.query import get_query

    mix = [
        (label, path or "/sparql?" + urllib.parse.urlencode({"query": get_query("agentic-annotation").text}), accept)
        for label, path, accept in MIX
    ]
    load = os.getloadavg()[0]
    proc, host, port = start_server(args.timeout)
    results = []
    counted: list[tuple[str, Tally, float]] = []
    try:
        b, b_elapsed = burst(host, port, args.burst, mix[0][1])
        counted.append((f"burst: {args.burst} clients at once, 1 request each", b, b_elapsed))
        f, f_elapsed = fixed(host, port, args.request_clients, args.requests, mix)
        counted.append((f"sustained: {args.requests} requests over {args.request_clients} clients", f, f_elapsed))
        for name, t, elapsed in counted:
            print(f"{name}: {len(t.latencies)} ok in {elapsed:.1f} s, errors {sum(t.errors.values())}", flush=True)
        plan = [(n, False) for n in args.clients] + [(max(args.clients), True)]
        for clients, runaway in plan:
            tally, elapsed = scenario(host, port, clients, args.seconds, mix, runaway)
            conn = http.client.HTTPConnection(host, port, timeout=60)
            alive, body = request(conn, mix[0][1], "text/csv")  # the server still answers, with the right count
            conn.close()
            results.append((clients, runaway, tally, elapsed, alive == 200 and body.startswith(b"n\r\n")))
            print(
                f"{clients} clients{' + runaway' if runaway else ''}: {len(tally.latencies)} ok in {elapsed:.1f} s, "
                f"errors {sum(tally.errors.values())}, timeouts {tally.timeouts}, alive {alive}",
                flush=True,
            )
        still_up = proc.poll() is None
    finally:
        proc.terminate()
        proc.wait(30)

    from llm4cell_kg.server.transport import LISTEN_BACKLOG

    lines = [
        "# Serve load benchmark (measured)",
        "",
        f"Measured by `python bench/bench_serve.py --burst {args.burst} --requests {args.requests} --request-clients "
        f"{args.request_clients} --seconds {args.seconds:g} --clients "
        f"{' '.join(map(str, args.clients))}` in one run on {platform.machine()} / Python "
        f"{platform.python_version()} ({platform.system()}), 2 cores. Other jobs (other helpers' builds and tests; "
        f"1-minute load average {load:.1f} at the start) shared the CPU during the run, so the figures are a floor, "
        "not a capacity.",
        "",
        "Server: `llm4cell-kg serve --port 0 --timeout "
        f"{args.timeout:g}` (defaults: 2 query worker processes, 10000-row cap; listen backlog {LISTEN_BACKLOG}, "
        "one thread per connection), started as a subprocess; clients are threads of the benchmark process on "
        "loopback. The burst sends the first request of the mix once per client, each on a new connection; the other "
        "scenarios use one keep-alive connection per client, cycling through: "
        + "; ".join(label for label, _, _ in MIX)
        + ".",
        "",
        "| scenario | seconds | requests ok | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        *(
            f"| {name} | {elapsed:.1f} | {len(t.latencies)} | {len(t.latencies) / elapsed:.1f} | "
            f"{pct(t.latencies, 50):.1f} | {pct(t.latencies, 95):.1f} | {pct(t.latencies, 99):.1f} | "
            f"{max(t.latencies, default=float('nan')) * 1000:.1f} | {sum(t.errors.values())} |"
            for name, t, elapsed in counted
        ),
        "",
        "Clients for a fixed time:",
        "",
        "| clients | seconds | requests ok | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | runaway 504s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for clients, runaway, t, elapsed, _ in results:
        name = f"{clients} + 1 runaway" if runaway else str(clients)
        mx = max(t.latencies) * 1000 if t.latencies else float("nan")
        lines.append(
            f"| {name} | {elapsed:.1f} | {len(t.latencies)} | {len(t.latencies) / elapsed:.1f} | "
            f"{pct(t.latencies, 50):.1f} | {pct(t.latencies, 95):.1f} | {pct(t.latencies, 99):.1f} | "
            f"{mx:.1f} | {sum(t.errors.values())} | {t.timeouts if runaway else '-'} |"
        )
    lines.append("")
    for name, t, _ in counted:
        if t.errors:
            lines.append(f"- errors in {name}: {t.errors}")
    for clients, runaway, t, _, alive in results:
        if t.errors:
            lines.append(f"- errors with {clients} clients: {t.errors}")
        if runaway:
            lines.append(
                f"- runaway scenario: {t.timeouts} runaway queries each stopped at the timeout "
                f"(median {statistics.median(t.runaway_latencies):.2f} s from send to 504), the worker "
                "killed and replaced; meanwhile the other worker (and then the replacement) kept answering."
                if t.runaway_latencies
                else "- runaway scenario: no runaway query finished"
            )
        lines.append(
            f"- after {clients} clients{' + runaway' if runaway else ''}: server answered a query "
            f"correctly: {'yes' if alive else 'NO'}"
        )
    lines.append(f"- server process still running at the end: {'yes' if still_up else 'NO'}")
    lines += ["", NOTES]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
