"""Drawn figures kept in the build cache, keyed by what they are drawn from, so that a figure is drawn once per
change of its data: `figure-NAME-<key>.png` and `.svg`, where the key digests the texts the drawing depends on (the
query results it plots and the code drawing them, given by the caller) and the version of matplotlib.

A figure found there is copied into place (atomically, both files at once); one not found is drawn and then kept.
A missing, unreadable or unwritable cache only costs drawing again (it is a cache: one file of each kind is kept).

The server shows the figures of the graph file it serves from `figures-<digest of the file>/` (`graph_figures`),
which `build` fills for the default graph, so that the first visit to /figures only reads files.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from ..common.atomic import atomic_dir, atomic_files
from ..common.cache import cache_dir, cache_file, forget_others, key

FORMATS = ("png", "svg")


def figure_key(name: str, texts: list[str]) -> str:
    """The key of figure `name` drawn from `texts` (its data and code) by this version of matplotlib."""
    from importlib.metadata import version

    h = hashlib.blake2b(name.encode(), digest_size=16)
    for text in texts:
        h.update(b"\0" + text.encode("utf-8"))
    return key(h.hexdigest(), version("matplotlib"))


def kept(
    name: str, texts: list[str], draw: Callable[[Path], list[Path]], outdir: Path, cached: bool = True
) -> list[Path]:
    """`draw(outdir)` (the figure's files, one per format), or the files kept for the same `texts` copied there;
    without `cached` it is drawn in any case (and kept)."""
    digest = figure_key(name, texts)
    keep = [cache_file(f"figure-{name}", digest, f".{ext}") for ext in FORMATS]
    written = [outdir / f"{name}.{ext}" for ext in FORMATS]
    if cached and all(k is not None and k.is_file() for k in keep):
        try:
            with atomic_files(written) as temps:
                for src, tmp in zip(keep, temps, strict=True):
                    assert src is not None
                    shutil.copyfile(src, tmp)
            return written
        except OSError:
            pass
    paths = draw(outdir)
    if all(k is not None for k in keep):
        _keep(f"figure-{name}", paths, [k for k in keep if k is not None])
    return paths


def _keep(kind: str, paths: list[Path], keep: list[Path]) -> None:
    try:
        with atomic_files(keep, durable=False) as temps:
            for src, tmp in zip(paths, temps, strict=True):
                shutil.copyfile(src, tmp)
        for k in keep:
            forget_others(kind, k)
    except OSError:
        return


def graph_figures(graph: Path) -> Path | None:
    """Where the figures of this graph file are kept between server starts (beside the build cache), or None."""
    folder = cache_dir()
    if folder is None:
        return None
    h = hashlib.blake2b(digest_size=16)
    with graph.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return folder / f"figures-{h.hexdigest()}"


def keep_graph_figures(drawn: Path, graph: Path) -> None:
    """Keep the figures `drawn` (a folder) as those of the graph file `graph`, in place of any other graph's."""
    target = graph_figures(graph)
    if target is None:
        return
    try:
        with atomic_dir(target, durable=False) as part:
            shutil.copytree(drawn, part, dirs_exist_ok=True)
        for old in target.parent.glob("figures-*"):
            if old != target and old.is_dir() and re.fullmatch(r"figures-[0-9a-f]+", old.name):
                shutil.rmtree(old, ignore_errors=True)
    except OSError:
        return
