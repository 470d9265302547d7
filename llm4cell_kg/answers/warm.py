"""Data derived from the default graph once, ahead of the commands that read it: the name index, the facets and the
full-text index (for `show`, `search`, `compare` and the explorer), the networkx projections and the figures, kept
in the build cache keyed by the digest of what they are derived from. `build` derives them all while it writes its
files; `report` draws its figures and derives the indexes and the server's figures in a background thread while the
reasoner runs (the projections are left to `build`, or to the first `projection()`), so that a later command, or the
first page view, only reads them.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox


def derive(store: ox.Store) -> None:
    """The name index, the facets and the full-text index of the default graph `store` (`embedded.register_default`)
    and of its survey's graphs (what a default answer reads, `sources.restrict`), each kept in the build cache (a
    no-op for one already kept)."""
    from .card.similar import facets
    from .lookup import index
    from .search import keep_default_index
    from .sources import restrict

    survey = restrict(store, "survey")
    for each in [survey] if survey is store else [survey, store]:
        index(each)
        facets(each)
        keep_default_index(each)


def projections(quads: list[ox.Quad]) -> None:
    """The networkx projections of the default graph (its checked `quads`), kept in the build cache."""
    from ..export.nx import keep_projections

    keep_projections(quads)


def draw_figures(store: ox.Store, graph: Path | None = None) -> None:
    """The figures of `store` drawn into the build cache (`drawings`), so that drawing them again only copies; with
    `graph` (the N-Quads file of `store`) also kept as the figures the server shows for that file."""
    from .drawings import keep_graph_figures
    from .figures import draw_all

    with tempfile.TemporaryDirectory(prefix="llm4cell-figures-") as tmp:
        draw_all(store, Path(tmp))
        if graph is not None:
            keep_graph_figures(Path(tmp), graph)


class Ahead:
    """Jobs run one after the other in a background thread started now, each waited for later (`wait`); a failure
    is only a cache not filled (the command deriving the data itself later reports it)."""

    def __init__(self, *jobs: Callable[[], object]) -> None:
        self._jobs = jobs
        self._done = [threading.Event() for _ in jobs]
        threading.Thread(target=self._run, name="derive-ahead", daemon=True).start()

    def _run(self) -> None:
        for job, done in zip(self._jobs, self._done, strict=True):
            try:
                job()
            except Exception:  # noqa: BLE001 - a cache warm-up only
                pass
            finally:
                done.set()

    def wait(self, jobs: int | None = None) -> None:
        """Wait for the first `jobs` jobs (default: all)."""
        for done in self._done[:jobs]:
            done.wait()
