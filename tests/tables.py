"""Answers as plain text tables, for the tests that assert them against the survey's text."""

from __future__ import annotations

import pyoxigraph as ox

from llm4cell_kg.answers.query import run_query
from llm4cell_kg.store import sparql


def rows(store: ox.Store, name: str) -> list[list[str]]:
    """The rows of canned query `name`, each term as `term_text` renders it."""
    return [[sparql.term_text(t) for t in r] for r in run_query(name, store).rows]


def select(store: ox.Store, query: str) -> list[list[str]]:
    """The rows of a SELECT `query`, each term as `term_text` renders it."""
    return [[sparql.term_text(t) for t in r] for r in sparql.run(store, query).rows]


def flat(text: str) -> str:
    """`text` with its whitespace runs collapsed to one space (quotes span lines in the survey's text)."""
    return " ".join(text.split())
