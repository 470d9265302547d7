"""The embedded pyoxigraph store: in memory (built from the records, or from the build cache) or on disk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from .. import paths
from ..common.cache import cache_dir as cache_dir  # the cache's folder, where it was looked up before
from ..common.cache import cache_file


def inputs_digest() -> str:
    """A digest of everything the default build reads: the records in use, the ontology and the code
    (`paths.inputs_digest`)."""
    return paths.inputs_digest()


def default_store() -> ox.Store:
    """An in-memory store of the default build, loaded from the cache when the inputs are unchanged.

    The cache file is N-Quads named by `inputs_digest()`, written by the checked pipeline after a build
    (`checks.pipeline`); a missing, unreadable or unwritable cache only costs a rebuild. The pipeline is imported
    only on a cache miss, and the cache is parsed leniently: half the time of a checked parse.
    """
    paths.announce()
    store = ox.Store()
    digest = inputs_digest()
    cached = default_file(digest)
    if cached is not None:
        try:
            store.load(path=str(cached), format=ox.RdfFormat.N_QUADS, lenient=True)
            return _registered(store, digest)
        except (OSError, SyntaxError):
            store.clear()
    from ..checks.pipeline import checked_quads  # only on a cache miss: building needs the records, SHACL, ...

    store.extend(checked_quads())  # which keeps the graph in the cache
    return _registered(store, digest)


def register_default(quads: list[ox.Quad]) -> ox.Store:
    """An in-memory store of the default graph just built and checked (`quads`, from `checks.pipeline`, by a
    command that needed them anyway), registered as the default graph like one `default_store` makes."""
    store = ox.Store()
    store.extend(quads)
    return _registered(store, inputs_digest())


def default_file(digest: str | None = None) -> Path | None:
    """The build cache's N-Quads file of the default graph (of inputs `digest`, default the current inputs) when
    it is kept there."""
    cached = cache_file("graph", digest or inputs_digest(), ".nq")
    return cached if cached is not None and cached.is_file() else None


#: id(store) -> (store, its inputs digest): the default graph as `default_store` made it
_DEFAULT: dict[int, tuple[ox.Store, str]] = {}


def _registered(store: ox.Store, digest: str) -> ox.Store:
    _DEFAULT.clear()
    _VIEWS.clear()
    _DEFAULT[id(store)] = (store, digest)
    return store


#: (id(store), view name) -> (store, its view): the views of the default graph made so far (`view`)
_VIEWS: dict[tuple[int, str], tuple[ox.Store, ox.Store]] = {}


def view(store: ox.Store, name: str, make: Callable[[], ox.Store]) -> ox.Store:
    """`make()`, a view of `store` (e.g. its survey's graphs), made once per default graph and registered beside it
    (its digest is the graph's with `name`), so that data derived from it is kept in the cache as the graph's is;
    for any other store simply `make()`."""
    digest = default_digest(store)
    if digest is None:
        return make()
    hit = _VIEWS.get((id(store), name))
    if hit is not None and hit[0] is store:
        return hit[1]
    made = make()
    _VIEWS[(id(store), name)] = (store, made)
    _DEFAULT[id(made)] = (made, f"{digest}-{name}")
    return made


def default_digest(store: object) -> str | None:
    """The inputs digest of `store` when it is the default graph `default_store` made in this process, so that data
    derived from it may be kept in the cache under that digest (`memo`); else None (any other store: a disk store, a
    copy restricted to the survey's sources, a test's graph). Like the per-store memos of lookup and card, this
    takes the default graph to be left as it was made: add to a copy, not to it."""
    hit = _DEFAULT.get(id(store))
    return hit[1] if hit is not None and hit[0] is store else None


def open_store(path: str | Path | None = None, *, rebuild: bool = False) -> ox.Store:
    """An in-memory store of the default graph, or a disk store at `path`.

    A disk store is filled on first use (or when `rebuild`), then reused as it is.
    """
    if path is None:
        return default_store()
    store = ox.Store(str(path))
    if rebuild:
        store.clear()
    if rebuild or len(store) == 0:
        from ..checks.pipeline import checked_quads

        store.bulk_extend(checked_quads())
        store.flush()
    return store


def load_file(path: str | Path, store: ox.Store | None = None) -> ox.Store:
    """A store holding one RDF file (N-Quads, TriG, N-Triples, Turtle ...), format from its extension."""
    store = store or ox.Store()
    store.bulk_load(path=str(path))
    return store
