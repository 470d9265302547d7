"""Time loading the graph into a private Virtuoso and running every canned query there and on the embedded store.

Run: python bench/bench_remote.py [--rounds 3]
Starts Virtuoso with scripts/virtuoso.sh on free loopback ports (database in a temp dir), loads the built graph with
`remote.load`, runs each canned query `--rounds` times on both backends (best time kept), stops Virtuoso, and prints
a markdown table for docs/remote.md.
"""

from __future__ import annotations

import argparse
import platform
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from llm4cell_kg import remote
from llm4cell_kg.build import build_quads, store_from_quads
from llm4cell_kg.query import list_queries
from llm4cell_kg.sparql import run

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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    quads = build_quads()
    embedded = store_from_quads(quads)
    with tempfile.TemporaryDirectory() as home:
        port = free_port()
        start = time.perf_counter()
        subprocess.run(["bash", str(SCRIPT), "start", home, str(port), str(free_port())], check=True,
                       capture_output=True, timeout=180)
        started = time.perf_counter() - start
        try:
            endpoint = f"http://127.0.0.1:{port}/sparql"
            start = time.perf_counter()
            remote.load(quads, endpoint)
            loaded = time.perf_counter() - start
            store = remote.RemoteStore(endpoint)
            store.graphs()
            queries = list_queries()
            t_remote = sum(best(lambda q=q: run(store, q.text), args.rounds) for q in queries)
            t_embedded = sum(best(lambda q=q: run(embedded, q.text), args.rounds) for q in queries)
        finally:
            subprocess.run(["bash", str(SCRIPT), "stop", home], capture_output=True, timeout=60)
    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()} "
          "(CPU shared with other jobs)")
    print("| what | figure |\n|---|---|")
    print(f"| Virtuoso start-up, fresh database | {started:.1f} s |")
    print(f"| load {len(quads)} triples in {len({q.graph_name for q in quads})} graphs | {loaded:.1f} s |")
    print(f"| all {len(queries)} canned queries, Virtuoso (best of {args.rounds}, summed) | {t_remote:.2f} s |")
    print(f"| all {len(queries)} canned queries, embedded pyoxigraph (best of {args.rounds}, summed) | "
          f"{t_embedded:.2f} s |")


if __name__ == "__main__":
    main()
