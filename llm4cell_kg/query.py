"""Canned SPARQL questions (queries/*.rq): list, look up and run them; the `query` command."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import click

from . import paths
from .errors import UserError
from .options import endpoint_option, format_option, sources_option, store_option
from .sparql import Result, render, run

HEADER_KEYS = ("title", "question", "answers", "columns")


@dataclass(frozen=True)
class CannedQuery:
    """One .rq file and its header."""

    name: str
    title: str
    question: str
    answers: str
    columns: tuple[str, ...]
    text: str
    path: Path


def parse(path: Path, name: str | None = None) -> CannedQuery:
    text = path.read_text(encoding="utf-8")
    head: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line[1:].strip().partition(":")
        if key.strip() in HEADER_KEYS:
            head[key.strip()] = value.strip()
    missing = [k for k in HEADER_KEYS if k not in head]
    if missing:
        raise UserError(f"{path}: header lacks {', '.join(missing)} (lines like '# title: ...')")
    cols = tuple(c.strip() for c in head["columns"].split(",") if c.strip())
    return CannedQuery(name or path.stem, head["title"], head["question"], head["answers"], cols, text, path)


@lru_cache(maxsize=1)
def _all(root: str) -> tuple[CannedQuery, ...]:
    base = Path(root)
    found = []
    for p in sorted(base.rglob("*.rq")):
        rel = p.relative_to(base).with_suffix("")
        found.append(parse(p, "/".join(rel.parts)))
    return tuple(found)


def list_queries(root: Path | None = None) -> list[CannedQuery]:
    """Every canned query (subfolders give names like `audit/family-conflict`)."""
    return list(_all(str(root or paths.QUERIES_DIR)))


def get_query(name: str) -> CannedQuery:
    queries = {q.name: q for q in list_queries()}
    if name in queries:
        return queries[name]
    near = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.4)
    hint = f" Did you mean: {', '.join(near)}?" if near else ""
    raise UserError(f"no canned query named '{name}'.{hint} See `llm4cell-kg query --list`.")


def run_query(name: str, store: Any = None) -> Result:
    """Run a canned query on `store` (default: the in-memory graph)."""
    if store is None:
        from .store import open_store

        store = open_store()
    return run(store, get_query(name).text)


@click.command("query")
@click.argument("name", required=False)
@click.option("--list", "list_", is_flag=True, help="List the canned queries and their questions.")
@format_option()
@store_option()
@endpoint_option("Run on a triplestore's SPARQL endpoint holding the loaded graph (see `load`).", metavar="URL")
@sources_option
def command(
    name: str | None, list_: bool, fmt: str, store_path: Path | None, endpoint: str | None, sources: str
) -> None:
    """Run the canned query NAME (see --list)."""
    if list_ or not name:
        for q in list_queries():
            click.echo(f"{q.name:38} {q.question}")
        return
    q = get_query(name)
    if endpoint:
        from .remote import open_backend

        store = open_backend(endpoint, store_path)
    else:  # not importing remote (http.client, ...) spares a tenth of the cold start
        from .store import open_store

        store = open_store(store_path)
    from .sources import annotate, restrict

    result = run(restrict(store, sources), q.text)
    if sources == "all":
        result = annotate(result, store)
    click.echo(render(result, fmt).rstrip("\n"))
