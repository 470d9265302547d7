"""The embedded pyoxigraph store: in memory (built from the records, or from the build cache) or on disk."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pyoxigraph as ox

from .. import paths
from ..common.atomic import atomic_file

#: the package: its code (every module, not the bundled data in _data/) is among the inputs
_PKG = Path(__file__).resolve().parent.parent


def cache_dir() -> Path | None:
    """Where built graphs are cached (`LLM4CELL_KG_CACHE`, default ~/.cache/llm4cell-kg); None when set to 0."""
    env = os.environ.get("LLM4CELL_KG_CACHE")
    if env == "0":
        return None
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "llm4cell-kg"


def inputs_digest() -> str:
    """A digest of everything the default build reads: the records in use (`paths`), the ontology and the code."""
    h = hashlib.blake2b(digest_size=16)
    source = paths.current()  # resolved once (each GRAPH_DIR / ONTOLOGY_DIR access resolves the paths again)
    for root, pattern in ((source.graph_dir, "**/*.yaml"), (source.root / "ontology", "**/*.ttl"), (_PKG, "**/*.py")):
        # Order and names relative to each root, so the digest does not depend on where the checkout lives.
        for rel, f in sorted((f.relative_to(root).as_posix(), f) for f in root.glob(pattern)):
            if root is _PKG and rel.startswith("_data/"):
                continue
            h.update(rel.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def default_store() -> ox.Store:
    """An in-memory store of the default build, loaded from the cache when the inputs are unchanged.

    The cache file is N-Quads named by `inputs_digest()`; it is written atomically after a build,
    and a missing, unreadable or unwritable cache only costs a rebuild. The build module is imported only on a
    cache miss, and the cache (written by this module) is parsed leniently: half the time of a checked parse.
    """
    paths.announce()
    store = ox.Store()
    folder = cache_dir()
    digest = inputs_digest()
    cached = folder / f"graph-{digest}.nq" if folder else None
    if cached and cached.is_file():
        try:
            store.load(path=str(cached), format=ox.RdfFormat.N_QUADS, lenient=True)
            return _registered(store, digest)
        except (OSError, SyntaxError):
            store.clear()
    from ..checks.pipeline import checked_quads  # only on a cache miss: building needs the records, SHACL, ...

    quads = checked_quads()
    store.extend(quads)
    if cached:
        _write_cache(cached, quads)
    return _registered(store, digest)


#: id(store) -> (store, its inputs digest): the default graph as `default_store` made it
_DEFAULT: dict[int, tuple[ox.Store, str]] = {}


def _registered(store: ox.Store, digest: str) -> ox.Store:
    _DEFAULT.clear()
    _DEFAULT[id(store)] = (store, digest)
    return store


def default_digest(store: object) -> str | None:
    """The inputs digest of `store` when it is the default graph `default_store` made in this process, so that data
    derived from it may be kept in the cache under that digest (`memo`); else None (any other store: a disk store, a
    copy restricted to the survey's sources, a test's graph). Like the per-store memos of lookup and card, this
    takes the default graph to be left as it was made: add to a copy, not to it."""
    hit = _DEFAULT.get(id(store))
    return hit[1] if hit is not None and hit[0] is store else None


def _write_cache(target: Path, quads: list[ox.Quad]) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        for old in target.parent.glob("graph-*.nq"):
            old.unlink(missing_ok=True)
        with atomic_file(target) as tmp:
            ox.serialize(quads, tmp, ox.RdfFormat.N_QUADS)
    except OSError:
        pass


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
