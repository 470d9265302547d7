"""Search: names first (prefix, typo and spelling tolerant, `namesearch`), then full text over printed cells,
definitions and prose-claim quotes.

The ranking: models and datasets named exactly, then vocabulary named exactly; models and datasets named in
part; tasks, families and modalities whose label matches; models and datasets by the words of their names or a
typo away; ontology terms, venues and publications by name (`namesearch.NameIndex.rank`); then the full-text
matches. The full text is an SQLite FTS5 index (standard library): for the default graph it is kept beside the
build cache (`search-<key>.sqlite`, keyed by the inputs digest, the views it is made from and its schema:
`memo.key`), so it is built once per change of the inputs, and a search started from the cache need not load the
graph; for any other store (the server's, a test's) it is built in memory in a fraction of a second. Words are
matched as typed or in their plural or singular (`namesearch.variants`), never stemmed ("lung" does not find
"lunge"); full-text ranking is BM25 with column weights (label > other names > printed cells > definitions >
quotes), models and datasets before vocabulary, ontology terms and publications at equal text relevance.
`bench/bench_search.py` measures hit@1, hit@3 and MRR on tests/answers/search-eval.tsv; `bench/bench_explore.py`
the latency at 1x and 10x.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import click

from ..common.atomic import atomic_file
from ..common.options import format_option, sources_option
from ..errors import UserError
from .lookup import KINDS, Index, default_index, index, name_views, view_query
from .namesearch import NameIndex, search_names, variants

SCHEMA = (
    "CREATE VIRTUAL TABLE docs USING fts5(iri UNINDEXED, kind UNINDEXED, curie UNINDEXED, "
    "label, names, printed, definition, quotes, tokenize='unicode61 remove_diacritics 2')"
)
#: part of the index file's key: changed when what goes into a row changes (2: names without descriptive
#: parentheses; 3: the links out)
INDEX_VERSION = "3"
#: the links out (a DOI, arXiv id or repository URL finds its model), in a table of their own: searched after the
#: survey's texts, so their words change neither the ranking nor the word statistics of the survey's texts
LINKS_SCHEMA = (
    "CREATE VIRTUAL TABLE links USING fts5(iri UNINDEXED, kind UNINDEXED, curie UNINDEXED, label UNINDEXED, "
    "urls, tokenize='unicode61 remove_diacritics 2')"
)
#: BM25 weights of label, names, printed, definition, quotes
WEIGHTS = (10.0, 6.0, 3.0, 2.0, 1.0)
#: rank multiplier per kind: at equal text relevance, what a researcher looks for (models, datasets) comes first
KIND_WEIGHT = {"model": 1.5, "dataset": 1.5, "term": 0.8, "publication": 0.6, "venue": 0.8}
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Hit:
    """One search result."""

    rank: int
    kind: str
    curie: str
    iri: str
    label: str
    snippet: str
    score: float
    #: how it matched: one of `namesearch.HOW` ("exact name", "name prefix", ...) or "text" (printed cells,
    #: definitions, quotes; `score` is then its BM25 relevance)
    how: str = "text"


def _docs(store: Any) -> list[tuple[str, ...]]:
    from ..store.sparql import run

    texts: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for e, field, text in run(store, view_query("search-texts")).rows:
        if text.value not in texts[e.value][field.value]:
            texts[e.value][field.value].append(text.value)
    rows: list[tuple[str, ...]] = []
    for ent in index(store).entities:
        t = texts.get(ent.iri, {})
        names = [n for n in search_names(ent) if n != ent.label]
        rows.append(
            (
                ent.iri,
                ent.kind,
                ent.curie,
                ent.label,
                " | ".join(names),
                " | ".join(t.get("printed", [])),
                " | ".join(t.get("definition", [])),
                " | ".join(t.get("quote", [])),
                " | ".join(t.get("link", [])),
            )
        )
    return rows


def _links_sql(kind_sql: str) -> str:
    return (
        "SELECT kind, curie, iri, label, snippet(links, -1, '[', ']', '…', 12) AS snip, bm25(links) AS score "
        f"FROM links WHERE links MATCH ?{kind_sql} ORDER BY score, label LIMIT ?"
    )


def build_index(store: Any, path: str | Path = ":memory:") -> sqlite3.Connection:
    """An FTS5 index of `store`'s named entities at `path` (default: in memory)."""
    db = sqlite3.connect(str(path), check_same_thread=False)
    db.execute("DROP TABLE IF EXISTS docs")
    db.execute("DROP TABLE IF EXISTS links")
    db.execute(SCHEMA)
    db.execute(LINKS_SCHEMA)
    rows = _docs(store)
    db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [r[:8] for r in rows])
    db.executemany("INSERT INTO links VALUES (?, ?, ?, ?, ?)", [(*r[:4], r[8]) for r in rows if r[8]])
    db.commit()
    return db


_OPEN: dict[int, tuple[Any, sqlite3.Connection]] = {}
_LOCK = threading.Lock()


def open_index(store: Any = None) -> tuple[Index, sqlite3.Connection]:
    """(name index, full-text index) of `store` (built in memory), or of the default graph: both from the build
    cache (built there on first use); when the cache keeps both, the graph itself is not even loaded."""
    if store is not None:
        hit = _OPEN.get(id(store))
        if hit and hit[0] is store:
            return index(store), hit[1]
        from ..store.embedded import default_digest

        digest = default_digest(store)  # a view of the default graph (its survey's graphs): kept in the cache too
        target = _default_target(digest) if digest is not None else None
        if target is not None and keep_default_index(store, target):
            db = sqlite3.connect(f"file:{target}?mode=ro", uri=True, check_same_thread=False)
            _OPEN.clear()
            _OPEN[id(store)] = (store, db)
            return index(store), db
        db = build_index(store)
        _OPEN.clear()
        _OPEN[id(store)] = (store, db)
        return index(store), db
    from ..store.embedded import inputs_digest, open_store

    digest = inputs_digest()
    target = _default_target(digest)
    if target is None:
        return open_index(open_store())
    names = default_index(digest) if target.is_file() else None
    if names is None:
        store = open_store()
        names = index(store)
        if not keep_default_index(store, target):
            return open_index(store)
    return names, sqlite3.connect(f"file:{target}?mode=ro", uri=True, check_same_thread=False)


def _default_target(digest: str) -> Path | None:
    """The default graph's index file in the build cache, keyed also by the views that gather the texts and names
    (the package's views are not among the build's inputs); None when caching is off."""
    from ..store.embedded import cache_dir
    from ..store.memo import key

    folder = cache_dir()
    view = "survey-" if digest.endswith("-survey") else ""  # the survey's graphs of the default graph (restrict)
    return (
        folder
        / f"search-{view}{key(digest, INDEX_VERSION, SCHEMA, LINKS_SCHEMA, view_query('search-texts'), *name_views())}"
        ".sqlite"
        if folder
        else None
    )


def keep_default_index(store: Any, target: Path | None = None) -> bool:
    """Write the default graph's index file from `store` (the default graph) unless it is kept; False when it
    cannot be written."""
    from ..store.embedded import default_digest, inputs_digest

    target = target or _default_target(default_digest(store) or inputs_digest())
    if target is None:
        return False
    if target.is_file():
        return True
    try:
        with atomic_file(target) as tmp:
            build_index(store, str(tmp)).close()
            view = "survey-" if target.name.startswith("search-survey-") else ""
            for old in target.parent.glob(f"search-{view}*.sqlite"):
                if view or not old.name.startswith("search-survey-"):  # the other view's index is kept
                    old.unlink(missing_ok=True)
    except (OSError, sqlite3.Error):
        return False
    return True


def fts_query(text: str, mode: str = "and", prefix: bool = False, inflect: bool = False) -> str:
    """User text as an FTS5 query of quoted words (no FTS syntax from the user): the phrase, all words, or any;
    with `inflect`, each word also in its plural or singular (`namesearch.variants`)."""
    words = _WORD.findall(text)
    if not words:
        raise UserError(f"nothing to search for in '{text}': give a word or a name")
    if mode == "phrase":
        heads = sorted(variants(words[-1].casefold())) if inflect else [words[-1]]
        phrases = ['"' + " ".join([*words[:-1], w]) + '"' + ("*" if prefix else "") for w in heads]
        return phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")"
    quoted = []
    for i, w in enumerate(words):
        last_completed = prefix and i == len(words) - 1
        forms = sorted(variants(w.casefold())) if inflect and not last_completed else [w]
        quoted.append(f'"{w}"' if len(forms) == 1 else "(" + " OR ".join(f'"{f}"' for f in forms) + ")")
    if prefix:
        quoted[-1] += "*"
    return (" AND " if mode == "and" else " OR ").join(quoted)


#: a name index per name `Index` object (the default graph's is reused across searches)
_NAMES: dict[int, tuple[Index, NameIndex]] = {}


def name_index(names: Index) -> NameIndex:
    """The names of `names`' entities, prepared for matching (computed once per name index)."""
    hit = _NAMES.get(id(names))
    if hit is not None and hit[0] is names:
        return hit[1]
    prepared = NameIndex(names)
    _NAMES.clear()
    _NAMES[id(names)] = (names, prepared)
    return prepared


def search(
    text: str,
    store: Any = None,
    kinds: set[str] | None = None,
    limit: int = 10,
    prefix: bool = False,
    names_only: bool = False,
) -> list[Hit]:
    """Ranked hits for `text`: the entities whose names match (`namesearch`, best first), then, unless
    `names_only`, the full-text matches: the words as a phrase, then all the words, then (only if nothing matched
    yet) any word. `prefix` completes the last word in the full text."""
    if not _WORD.findall(text):
        raise UserError(f"nothing to search for in '{text}': give a word or a name")
    names, db = open_index(store)
    found: dict[str, Hit] = {}
    for m in name_index(names).rank(text, kinds)[:limit]:
        found[m.entity.iri] = Hit(
            len(found) + 1,
            m.entity.kind,
            m.entity.curie,
            m.entity.iri,
            m.entity.label,
            f"{m.how}: [{m.name}]",
            0.0,
            m.how,
        )
    if names_only or len(found) >= limit:
        return list(found.values())
    for hit in _text_hits(db, text, kinds, limit - len(found), prefix, exclude=set(found)):
        found[hit.iri] = Hit(len(found) + 1, hit.kind, hit.curie, hit.iri, hit.label, hit.snippet, hit.score)
    return list(found.values())


def _text_hits(
    db: sqlite3.Connection, text: str, kinds: set[str] | None, limit: int, prefix: bool, exclude: set[str]
) -> list[Hit]:
    """Full-text hits (FTS5, BM25 with column and kind weights), not those in `exclude`: the phrase, then all the
    words, then (only if nothing matched) any word."""
    kind_sql = ""
    args: list[Any] = []
    if kinds:
        kind_sql = f" AND kind IN ({', '.join('?' for _ in kinds)})"
        args = sorted(kinds)
    weights = ", ".join(str(w) for w in WEIGHTS)
    case = " ".join(f"WHEN '{k}' THEN {w}" for k, w in KIND_WEIGHT.items())
    sql = (
        f"SELECT kind, curie, iri, label, snippet(docs, -1, '[', ']', '…', 12) AS snip, "
        f"bm25(docs, 0, 0, 0, {weights}) * (CASE kind {case} ELSE 1.0 END) AS score "
        f"FROM docs WHERE docs MATCH ?{kind_sql} ORDER BY score, label LIMIT ?"
    )
    n_words = len(_WORD.findall(text))
    found: dict[str, tuple[Any, ...]] = {}
    linked = False  # the links out are searched once, after the phrase and all the words, before any word

    def merge(query: str, match: str) -> None:
        """Add the rows of `query` for the FTS expression `match`, each entity once, none of `exclude`."""
        with _LOCK:  # one connection, shared by the server's threads
            rows = db.execute(query, [match, *args, limit + len(exclude)]).fetchall()
        for r in rows:
            if r[2] not in exclude:
                found.setdefault(r[2], r)

    def add_links() -> None:
        merge(_links_sql(kind_sql), fts_query(text, "and", prefix))

    for mode in ("phrase", "and", "or") if n_words > 1 else ("and",):
        if mode == "or":
            if not linked and len(found) < limit:
                add_links()
                linked = True
            if found or exclude:
                break
        merge(sql, fts_query(text, mode, prefix, inflect=True))
        if len(found) >= limit:
            break
    if not linked and len(found) < limit:  # a DOI, an arXiv id, a repository finds its model
        add_links()
    ordered = list(found.values())[:limit]
    return [Hit(0, k, c, iri, label, snip, round(-s, 3)) for k, c, iri, label, snip, s in ordered]


def suggest(text: str, store: Any = None, limit: int = 8) -> list[Hit]:
    """Suggestions as the user types: the name matches of `search`, in its order (names and aliases only)."""
    if not _WORD.findall(text):
        return []
    return search(text, store, None, limit, names_only=True)


@click.command("search")
@click.argument("text")
@click.option("--type", "kind", type=click.Choice(KINDS), multiple=True, help="Only this kind (repeatable).")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000))
@format_option(("table", "json"))
@sources_option
def command(text: str, kind: tuple[str, ...], limit: int, fmt: str, sources: str) -> None:
    """Search names (as typed, in part or with a typo: `search genefor`), then printed cells, definitions and quotes,
    e.g. `search "cell sentences"`;
    `--sources all` also searches records curated from other publications (graph/external_*.yaml)."""
    from .. import paths
    from ..curation.schema import EXTERNAL, curated_file

    store = None  # the records' own graph, its index kept in the build cache
    others = any((paths.GRAPH_DIR / curated_file(c)).is_file() for c in EXTERNAL)  # files of other sources' records
    if sources == "survey" and others:
        from ..store.embedded import open_store
        from .sources import restrict

        full = open_store()
        view = restrict(full, "survey")
        store = None if view is full else view  # without the other publications' graphs (its index kept too)
    hits = search(text, store, set(kind) or None, limit)
    marks: dict[str, str] | None = None
    if sources == "all":  # each hit says which source it comes from
        from ..store.embedded import open_store

        marks = hit_sources(hits, open_store())
    if fmt == "json":
        out = [asdict(h) | ({"source": marks[h.iri]} if marks is not None else {}) for h in hits]
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return
    if not hits:
        click.echo(f"no match for '{text}'")
        if store is not None:  # the survey's view of a graph holding other publications' records: say what they hold
            other = search(text, None, set(kind) or None, limit)
            if other:
                from ..store.embedded import open_store

                found = hit_sources(other, open_store())
                named = "; ".join(f"{h.label} ({h.curie}), {found[h.iri]}" for h in other)
                click.echo(f"in the records from other publications (add `--sources all`): {named}")
        return
    from ..store.sparql import table

    rows = [[str(h.rank), h.kind, h.curie, h.label, h.snippet.replace("\n", " ")] for h in hits]
    head = ["#", "kind", "id", "label", "match"]
    if marks is not None:
        rows = [[*r, marks[h.iri]] for r, h in zip(rows, hits, strict=True)]
        head.append("source")
    click.echo(table(head, rows, width=70))


def hit_sources(hits: list[Hit], store: Any) -> dict[str, str]:
    """Hit IRI -> its source in words: `survey`, or `not in the survey (arXiv:...)` for a record curated from another
    publication (sources.row_sources)."""
    from .sources import SURVEY_LABEL, describe, row_sources

    external = row_sources(store)
    return {h.iri: describe({external[h.iri]}) if h.iri in external else SURVEY_LABEL for h in hits}
