"""Time loading the graph into private triplestores and running every canned query there and on the embedded store.

Run: python bench/bench_remote.py [--rounds 3]
Starts Virtuoso (scripts/virtuoso.sh) and the Oxigraph server (`oxigraph serve`) on free loopback ports (databases in
temp dirs), loads the built graph with `remote.load`, runs each canned query `--rounds` times on every backend (best
time kept; on Oxigraph both with its union default graph and, once another graph is in the server, with explicit
dataset parameters), stops the servers, and prints a markdown table for docs/remote.md.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from llm4cell_kg.answers.query import list_queries
from llm4cell_kg.build.graph import build_quads, store_from_quads
from llm4cell_kg.store import remote
from llm4cell_kg.store.sparql import run

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "virtuoso.sh"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def best(fn, rounds: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def all_queries(store: object, rounds: int) -> tuple[float, str]:
    """Summed best times of every canned query, and the slowest query."""
    times = {q.name: best(lambda q=q: run(store, q.text), rounds) for q in list_queries()}
    return sum(times.values()), max(times, key=times.__getitem__)


def oxigraph(quads: list, rounds: int) -> list[str]:  # type: ignore[type-arg]
    rows = []
    with tempfile.TemporaryDirectory() as home:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        start = time.perf_counter()
        proc = subprocess.Popen(
            [shutil.which("oxigraph") or "oxigraph", "serve", "--location", home, "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(600):  # up to ~30 s
                try:
                    urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=5).read()
                    break
                except (urllib.error.URLError, ConnectionError):
                    if proc.poll() is not None:
                        raise SystemExit(f"oxigraph serve exited with {proc.returncode}") from None
                    time.sleep(0.05)
            else:
                raise SystemExit("oxigraph serve did not answer within 30 s")
            rows.append(f"| Oxigraph server start-up, fresh database | {time.perf_counter() - start:.1f} s |")
            start = time.perf_counter()
            remote.load(quads, base + "/query", base + "/store", user=None)
            rows.append(f"| load into the Oxigraph server | {time.perf_counter() - start:.1f} s |")
            t, slow = all_queries(remote.RemoteStore(base + "/query"), rounds)
            rows.append(f"| all canned queries, Oxigraph server, union default graph | {t:.2f} s (slowest {slow}) |")
            other = f"{base}/store?{urllib.parse.urlencode({'graph': 'urn:other-project:graph'})}"
            urllib.request.urlopen(
                urllib.request.Request(
                    other, data=b"<urn:a> <urn:b> <urn:c> .\n", method="PUT", headers={"Content-Type": remote.NTRIPLES}
                )
            ).read()
            t, slow = all_queries(remote.RemoteStore(base + "/query"), rounds)
            rows.append(
                f"| all canned queries, Oxigraph server holding another graph too (explicit dataset) | "
                f"{t:.2f} s (slowest {slow}) |"
            )
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    quads = build_quads()
    embedded = store_from_quads(quads)
    with tempfile.TemporaryDirectory() as home:
        port = free_port()
        start = time.perf_counter()
        subprocess.run(
            ["bash", str(SCRIPT), "start", home, str(port), str(free_port())],
            check=True,
            capture_output=True,
            timeout=180,
        )
        started = time.perf_counter() - start
        try:
            endpoint = f"http://127.0.0.1:{port}/sparql"
            start = time.perf_counter()
            remote.load(quads, endpoint)
            loaded = time.perf_counter() - start
            store = remote.RemoteStore(endpoint)
            store.graphs()
            t_remote, slow_remote = all_queries(store, args.rounds)
        finally:
            subprocess.run(["bash", str(SCRIPT), "stop", home], capture_output=True, timeout=60)
    t_embedded, slow_embedded = all_queries(embedded, args.rounds)
    ox_rows = oxigraph(quads, args.rounds)
    n = len(list_queries())
    print(
        f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()} "
        "(CPU shared with other jobs)"
    )
    print("| what | figure |\n|---|---|")
    print(f"| Virtuoso start-up, fresh database | {started:.1f} s |")
    graphs = len({q.graph_name for q in quads})
    print(f"| load {len(quads)} triples in {graphs} graphs into Virtuoso | {loaded:.1f} s |")
    print(
        f"| all {n} canned queries, Virtuoso (best of {args.rounds}, summed) | {t_remote:.2f} s "
        f"(slowest {slow_remote}) |"
    )
    print("\n".join(ox_rows))
    print(
        f"| all {n} canned queries, embedded pyoxigraph (best of {args.rounds}, summed) | {t_embedded:.2f} s "
        f"(slowest {slow_embedded}) |"
    )


if __name__ == "__main__":
    main()
