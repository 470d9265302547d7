"""Issue 25: the measured quality of `search` on an evaluation set of 107 queries a researcher would type (partial
names, typos, spacing and hyphen variants, abbreviations, dataset nicknames, task, family and modality words), each
with the entity it means, checked by hand against the survey and the graph (tests/answers/search-eval.tsv)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from llm4cell_kg.answers.lookup import index
from llm4cell_kg.answers.search_quality import measure, read_cases

EVAL = Path(__file__).with_name("search-eval.tsv")


def test_the_evaluation_set() -> None:
    cases = read_cases(EVAL)
    assert len(cases) == 107 and len({c.query.casefold() for c in cases}) == 107
    assert Counter(c.what for c in cases) == {
        "partial": 20,
        "typo": 13,
        "variant": 18,
        "abbreviation": 13,
        "nickname": 15,
        "task": 14,
        "family": 8,
        "modality": 3,
        "exact": 3,
    }


def test_expected_entities_exist(store: ox.Store) -> None:
    curies = {e.curie: e.kind for e in index(store).entities}
    for case in read_cases(EVAL):
        assert case.expected in curies, case
    kinds = Counter(curies[c.expected] for c in read_cases(EVAL))
    assert kinds == {"model": 40, "dataset": 42, "task": 14, "family": 8, "modality": 3}


def test_hit_at_1_and_3(store: ox.Store) -> None:
    quality = measure(read_cases(EVAL), store)
    assert quality.n == 107
    assert quality.hit3 >= 0.95, quality.misses(3)
    assert quality.hit1 >= 0.90, quality.misses(1)
    # measured: every query finds its entity in the first three; one (the typo "celplm") is one edit from both
    # CellLM and CellPLM and gets CellPLM second
    assert quality.misses(3) == []
    assert quality.misses(1) == ["celplm"] and quality.ranks["celplm"] == 2
    assert round(quality.mrr, 3) == 0.995
