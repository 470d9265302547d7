"""The measured quality of `search`: hit@1, hit@3 and mean reciprocal rank over an evaluation set of queries, each
with the entity a researcher means (tests/answers/search-eval.tsv; `bench/bench_search.py` reports the figures)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .search import search


@dataclass(frozen=True)
class Case:
    """One query of the evaluation set and the entity (CURIE) it should find."""

    query: str
    expected: str
    what: str


@dataclass
class Quality:
    """Figures of one run over an evaluation set; `ranks` maps each query to the rank of its entity (0: not in the
    first `depth` results)."""

    n: int
    hit1: float
    hit3: float
    mrr: float
    seconds: list[float] = field(default_factory=list)
    ranks: dict[str, int] = field(default_factory=dict)

    def misses(self, k: int = 1) -> list[str]:
        """The queries whose entity is not among the first `k` results."""
        return [q for q, r in self.ranks.items() if not 1 <= r <= k]


def read_cases(path: Path) -> list[Case]:
    """The cases of a TSV file (query, expected CURIE, kind of query, source; `#` starts a comment line)."""
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            query, expected, what, *_ = line.split("\t")
            cases.append(Case(query, expected, what))
    return cases


def measure(cases: list[Case], store: Any = None, depth: int = 10) -> Quality:
    """Search each case's query (default graph, or `store`) and score where its entity comes."""
    ranks: dict[str, int] = {}
    seconds = []
    for case in cases:
        start = time.perf_counter()
        hits = search(case.query, store, limit=depth)
        seconds.append(time.perf_counter() - start)
        ranks[case.query] = next((h.rank for h in hits if h.curie == case.expected), 0)
    n = len(cases)
    return Quality(
        n=n,
        hit1=sum(r == 1 for r in ranks.values()) / n,
        hit3=sum(1 <= r <= 3 for r in ranks.values()) / n,
        mrr=sum(1 / r for r in ranks.values() if r) / n,
        seconds=seconds,
        ranks=ranks,
    )
