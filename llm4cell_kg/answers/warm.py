"""Data derived from the default graph once, ahead of the commands that read it: the name index, the facets and the
full-text index (for `show`, `search`, `compare` and the explorer), the networkx projections and the figures, kept
in the build cache keyed by the digest of what they are derived from. `build` derives the indexes and projections
while it writes its files; `report` derives them and draws the figures in a background thread while the reasoner
runs, so that a later command, or the first page view, only reads them.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox


def derive(store: ox.Store, quads: list[ox.Quad]) -> None:
    """The name index, the facets, the full-text index and the networkx projections of the default graph `store`
    (`embedded.register_default`, of the checked `quads`), each kept in the build cache (a no-op for one already
    kept)."""
    from ..export.nx import keep_projections
    from .card.similar import facets
    from .lookup import index
    from .search import keep_default_index

    index(store)
    facets(store)
    keep_default_index(store)
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
