"""Edit distance for typo-tolerant name matching: Damerau-Levenshtein (optimal string alignment: insertions,
deletions, substitutions and swaps of two neighbours each cost 1), with a bound so that far names stop early.

Own code rather than a dependency: the names are short (a few thousand keys of at most ~60 characters) and one
dynamic-programming pass per key is enough (`bench/bench_search.py` measures the latency).
"""

from __future__ import annotations


def prefix_distance(query: str, name: str, bound: int) -> int:
    """The fewest edits turning `query` into `name` or into a prefix of `name`, or `bound + 1` when more than
    `bound` edits are needed (a name typed in part and with a typo).

    >>> prefix_distance("geneformr", "geneformer", 2)
    1
    >>> prefix_distance("scfoundaton", "scfoundation", 2)
    1
    >>> prefix_distance("xtrimo", "xtrimogene", 1)
    0
    """
    n, m = len(query), min(len(name), len(query) + bound)
    if n == 0 or m < n - bound:
        return 0 if n == 0 else bound + 1
    prev2: list[int] = []
    prev = list(range(m + 1))
    for i in range(1, n + 1):
        cur = [i] + [0] * m
        qi = query[i - 1]
        for j in range(1, m + 1):
            cost = 0 if qi == name[j - 1] else 1
            best = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and qi == name[j - 2] and query[i - 2] == name[j - 1]:
                best = min(best, prev2[j - 2] + 1)
            cur[j] = best
        if min(cur) > bound:
            return bound + 1
        prev2, prev = prev, cur
    return min(min(prev[max(0, n - bound) :]), bound + 1)


def distance(a: str, b: str, bound: int) -> int:
    """The Damerau-Levenshtein (OSA) distance of `a` and `b`, or `bound + 1` when it exceeds `bound`.

    >>> distance("scgtp", "scgpt", 2)
    1
    >>> distance("lung", "lunge", 0)
    1
    """
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            best = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, prev2[j - 2] + 1)
            cur[j] = best
        if min(cur) > bound:
            return bound + 1
        prev2, prev = prev, cur
    return min(prev[-1], bound + 1)
