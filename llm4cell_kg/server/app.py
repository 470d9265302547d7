"""What the routes need: the server's settings, the query worker pool, the canned queries, the static and figure
files, and the served graph file."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..atomic import atomic_dir
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
        from ..query import list_queries

        self.pool, self.settings, self.url = pool, settings, url
        self.queries = {q.name: q for q in list_queries()}
        self.static = files_under(STATIC_DIR)
        self._graph, self._workdir, self._lock = graph, workdir, threading.Lock()

    def figure_dir(self) -> Path | None:
        """`--figures DIR`, else the figures drawn (once, into the server's temp dir) from the served graph."""
        if self.settings.figures or not self.settings.draw_figures or not (self._graph and self._workdir):
            return self.settings.figures
        out = self._workdir / "figures"
        with self._lock:
            if not out.is_dir():
                from ..figures import draw_all
                from ..store import load_file

                with atomic_dir(out, durable=False) as tmp:  # the server's own temp dir: no need to fsync
                    draw_all(load_file(self._graph), tmp)
        return out

    def figure_files(self) -> dict[str, Path]:
        d = self.figure_dir()
        files = files_under(d) if d else {}
        return {k: v for k, v in files.items() if "/" not in k and v.suffix.lower() in (".png", ".svg")}


def graph_file(source: Path | None, workdir: Path) -> Path:
    """An N-Quads file for the workers: `source` as given (.nq), else converted, else the graph built now."""
    import pyoxigraph as ox

    if source is not None and source.suffix == ".nq":
        return source
    out = workdir / "graph.nq"
    if source is not None:
        try:
            quads = list(ox.parse(path=str(source)))
        except (SyntaxError, ValueError, OSError) as exc:
            raise UserError(
                f"{source}: cannot read it as RDF ({exc}); give a .nq, .trig, .nt or .ttl file "
                "written by `llm4cell-kg build`"
            ) from None
    else:
        from ..pipeline import checked_quads

        quads = checked_quads()
    ox.serialize(quads, str(out), ox.RdfFormat.N_QUADS)
    return out
