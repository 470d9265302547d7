"""What the routes need: the server's settings, the query worker pool, the canned queries, the static and figure
files, and the served graph file."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..common.atomic import atomic_dir
from ..errors import UserError

STATIC_DIR = Path(__file__).resolve().parent.parent / "web" / "static"


@dataclass
class Settings:
    """Server options (the `serve` command's flags)."""

    timeout: float = 10.0
    row_cap: int = 10000
    allow_service: bool = False
    figures: Path | None = None
    draw_figures: bool = True  # without `figures`, draw them from the served graph on the first /figures request
    #: "survey": serve the survey's graphs only; "all": also the records curated from other publications
    sources: str = "survey"


def files_under(root: Path) -> dict[str, Path]:
    """Every regular file under `root`, by its relative POSIX path: the only paths the server will open."""
    if not root.is_dir():
        return {}
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


class App:
    """The state shared by all requests. `pool` runs query jobs (`pool.run(job) -> Reply`); `url` is the server's
    base URL (the SPARQL endpoint is `url + "/sparql"`)."""

    def __init__(
        self, pool: Any, settings: Settings, graph: Path | None = None, workdir: Path | None = None, url: str = ""
    ) -> None:
        from ..answers.query import list_queries

        self.pool, self.settings, self.url = pool, settings, url
        self.queries = {q.name: q for q in list_queries()}
        self.static = files_under(STATIC_DIR)
        self._graph, self._workdir, self._lock = graph, workdir, threading.Lock()
        self._store: Any = None
        self._store_lock = threading.Lock()

    def explore_store(self) -> Any:
        """The served graph in an in-memory store of this process, for the explorer's own bounded views (cards,
        search, finders, compare, linked data); users' SPARQL still runs in the worker processes."""
        if self._store is None:
            with self._store_lock:
                if self._store is None and self._graph is not None:
                    from ..store.embedded import load_file

                    self._store = load_file(self._graph)
        return self._store

    def start_background(self) -> None:
        """Draw the figures and load the explorer's views in the background as the server starts, so neither the
        first /figures visit nor the first search waits."""
        if self.settings.draw_figures and not self.settings.figures and self._graph and self._workdir:
            threading.Thread(target=self._draw_quietly, daemon=True, name="figures").start()
        threading.Thread(target=self._warm, daemon=True, name="explore-warm-up").start()

    def _draw_quietly(self) -> None:
        """figure_dir() ahead of the first visit; a failure (e.g. the server closed meanwhile) is left for the
        /figures request, which draws again and reports it."""
        try:
            self.figure_dir()
        except Exception:  # noqa: BLE001 - background warm-up only
            pass

    def _warm(self) -> None:
        from ..answers.lookup import index
        from ..answers.search import open_index

        store = self.explore_store()
        if store is not None:
            index(store)
            open_index(store)

    def figure_dir(self) -> Path | None:
        """`--figures DIR`, else the figures drawn (once, into the server's temp dir) from the served graph."""
        if self.settings.figures or not self.settings.draw_figures or not (self._graph and self._workdir):
            return self.settings.figures
        out = self._workdir / "figures"
        with self._lock:
            if not out.is_dir():
                from ..answers.drawings import graph_figures, keep_graph_figures

                cached = graph_figures(self._graph)
                if cached is not None and cached.is_dir():
                    return cached
                from ..answers.figures import draw_all
                from ..store.embedded import load_file

                with atomic_dir(out, durable=False) as tmp:  # the server's own temp dir: no need to fsync
                    draw_all(load_file(self._graph), tmp, sources=self.settings.sources)
                keep_graph_figures(out, self._graph)  # for the next start (same graph bytes, same figures)
        return out

    def figure_files(self) -> dict[str, Path]:
        d = self.figure_dir()
        files = files_under(d) if d else {}
        return {k: v for k, v in files.items() if "/" not in k and v.suffix.lower() in (".png", ".svg")}


def graph_file(source: Path | None, workdir: Path, sources: str = "all") -> Path:
    """An N-Quads file for the workers: `source` as given (.nq), else converted, else the default graph: a copy of
    the build cache's file when the inputs are unchanged since it was checked, else the graph built now; for
    `sources` "survey", without the graphs of records curated from other publications."""
    path = _graph_file(source, workdir)
    return path if sources == "all" else survey_file(path, workdir)


def survey_file(path: Path, workdir: Path) -> Path:
    """`path` itself when it holds no curator assertion, else a copy without those graphs (`graph.survey_only`)."""
    import pyoxigraph as ox

    from ..build.graph import survey_only
    from ..common.namespaces import L4C

    with path.open("rb") as f:
        if f"<{L4C}CuratorAssertion>".encode() not in f.read():
            return path
    out = workdir / "graph-survey.nq"
    ox.serialize(
        survey_only(list(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))), str(out), ox.RdfFormat.N_QUADS
    )
    return out


def _graph_file(source: Path | None, workdir: Path) -> Path:
    import shutil

    import pyoxigraph as ox

    if source is not None and source.suffix == ".nq":
        return source
    out = workdir / "graph.nq"
    if source is None:
        from ..store.embedded import default_file

        kept = default_file()
        if kept is not None:
            try:  # a copy: the cache may replace its file while the server runs (and restarts workers)
                shutil.copyfile(kept, out)
                return out
            except OSError:
                pass
    if source is not None:
        try:
            quads = list(ox.parse(path=str(source)))
        except (SyntaxError, ValueError, OSError) as exc:
            raise UserError(
                f"{source}: cannot read it as RDF ({exc}); give a .nq, .trig, .nt or .ttl file "
                "written by `llm4cell-kg build`"
            ) from None
    else:
        from ..checks.pipeline import checked_quads

        quads = checked_quads()
    ox.serialize(quads, str(out), ox.RdfFormat.N_QUADS)
    return out
