"""Every canned query gives the same answer on pyoxigraph and on rdflib's own SPARQL engine."""

from __future__ import annotations

import re
from collections import Counter

import pyoxigraph as ox
import pytest
import rdflib

from llm4cell_kg.answers.query import list_queries
from llm4cell_kg.build.graph import survey_only
from llm4cell_kg.common.prefixes import PREFIX_MAP as PREFIXES
from llm4cell_kg.store import sparql

SEPARATORS = re.compile(r"; |, | \| ")


@pytest.fixture(scope="module")
def rdflib_dataset(quads: list[ox.Quad]) -> rdflib.Dataset:
    """The graph the `store` fixture holds: the survey's graphs, what a default answer reads."""
    ds = rdflib.Dataset(default_union=True)
    ds.parse(data=ox.serialize(survey_only(quads), format=ox.RdfFormat.N_QUADS).decode(), format="nquads")
    return ds


def norm(value: object) -> str:
    """Lexical form; GROUP_CONCAT order is unspecified, so its parts are compared as a sorted list."""
    text = "" if value is None else str(value)
    try:
        text = str(int(text)) if re.fullmatch(r"-?\d+(\.0+)?", text) else text
    except ValueError:
        pass
    return " | ".join(sorted(SEPARATORS.split(text)))


def oxigraph_rows(store: ox.Store, text: str) -> list[tuple[str, ...]]:
    res = sparql.run(store, text)
    return [tuple(norm(None if t is None else t.value) for t in row) for row in res.rows]


def rdflib_rows(ds: rdflib.Dataset, text: str) -> list[tuple[str, ...]]:
    res = ds.query(text, initNs=PREFIXES)
    return [tuple(norm(None if t is None else str(t)) for t in row) for row in res]


@pytest.mark.parametrize("q", list_queries(), ids=lambda q: q.name)
def test_engines_agree(q, store: ox.Store, rdflib_dataset: rdflib.Dataset) -> None:  # type: ignore[no-untyped-def]
    ox_rows = oxigraph_rows(store, q.text)
    rl_rows = rdflib_rows(rdflib_dataset, q.text)
    assert Counter(ox_rows) == Counter(rl_rows)
    if "ORDER BY" in q.text and "LIMIT" not in q.text:
        keys = [v.strip("?") for v in re.search(r"ORDER BY (.*)", q.text).group(1).split()]  # type: ignore[union-attr]
        if all(not k.startswith(("DESC", "ASC")) for k in keys):
            assert ox_rows == rl_rows or sorted(ox_rows) == sorted(rl_rows)
