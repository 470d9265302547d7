"""Drawn figures kept in the build cache, keyed by what they are drawn from, so that a figure is drawn once per
change of its data: `figure-NAME-<key>.png` and `.svg`, where the key digests the texts the drawing depends on (the
query results it plots and the code drawing them, given by the caller) and the version of matplotlib.

A figure found there is copied into place (atomically, both files at once); one not found is drawn and then kept.
A missing, unreadable or unwritable cache only costs drawing again (it is a cache: one file of each kind is kept).
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

from ..common.atomic import atomic_files
from ..common.cache import cache_file, forget_others, key

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
