"""Data derived from the default graph once, ahead of the commands that read it: the name index, the facets and the
full-text index (for `show`, `search`, `compare` and the explorer), the networkx projections and the figures, kept
in the build cache keyed by the digest of what they are derived from. `build` derives the indexes and projections
while it writes its files; `report` derives them and draws the figures in a background thread while the reasoner
runs, so that a later command, or the first page view, only reads them.
"""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path
from typing import Any

import pyoxigraph as ox


def derive(store: ox.Store) -> None:
    """The name index, the facets, the full-text index and the networkx projections of the default graph `store`
    (`embedded.register_default`), each kept in the build cache (a no-op for one already kept)."""
    from ..export.nx import keep_projections
    from .card.similar import facets
    from .lookup import index
    from .search import open_index

    index(store)
    facets(store)
    open_index()[1].close()  # the default graph's index, built from the cache's store beside the graph
    keep_projections()


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
    """Work started in a background thread now and waited for later (`wait`); a failure is only a cache not filled
    (the command deriving the data itself later reports it)."""

    def __init__(self, *jobs: Any) -> None:
        self._thread = threading.Thread(target=self._run, args=jobs, name="derive-ahead", daemon=True)
        self._thread.start()

    @staticmethod
    def _run(*jobs: Any) -> None:
        for job in jobs:
            try:
                job()
            except Exception:  # noqa: BLE001 - a cache warm-up only
                pass

    def wait(self) -> None:
        self._thread.join()
