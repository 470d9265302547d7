"""Atomic writes: a file or a directory appears complete at its path, or the old one stays (temp sibling, rename).

Temp files and directories are created beside their target (same file system, so the rename is atomic), with
the modes a plain `open(..., "w")` or `mkdir` would give under the process umask (0o666/0o777 & ~umask), not
the private modes of `tempfile.mkstemp`/`mkdtemp`. On any error, and on Ctrl-C, the temp is removed and the
target is left as it was.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

__all__ = ["atomic_dir", "atomic_file", "atomic_files", "swap_dir", "write_text"]


def _sibling(target: Path, make: Callable[[Path], None], tag: str = "") -> Path:
    """A new hidden path beside `target` (`.NAME-[tag-]RANDOM[.suffix]`), created by `make` (exclusive)."""
    for _ in range(100):
        path = target.parent / f".{target.name}-{tag}{secrets.token_hex(4)}{target.suffix}"
        try:
            make(path)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"no free temporary name beside {target}")


def _new_file(path: Path) -> None:
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))  # the kernel applies the umask


def _new_dir(path: Path) -> None:
    os.mkdir(path, 0o777)  # the kernel applies the umask


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(root: Path) -> None:
    """fsync every file and directory under `root` (children first), then `root`."""
    for dirpath, _dirs, files in os.walk(root, topdown=False):
        for name in files:
            _fsync(Path(dirpath) / name)
        _fsync(Path(dirpath))


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


@contextmanager
def atomic_files(
    targets: Sequence[str | Path], *, durable: bool = True, keep_mode: bool = False
) -> Iterator[list[Path]]:
    """Yield one empty temp file beside each target; when the block ends without error, move each onto its target.

    Every target is renamed only after all of them are written (so a failure while writing changes none);
    each rename is atomic. `durable` fsyncs the files before and their directories after the renames.
    `keep_mode` gives a target that exists already its own mode back (an edited file), not the umask's.
    """
    paths = [Path(t) for t in targets]
    temps: list[Path] = []
    try:
        for p in paths:
            p.parent.mkdir(parents=True, exist_ok=True)
            temps.append(_sibling(p, _new_file))
        yield list(temps)
        for t, p in zip(temps, paths, strict=True):
            if keep_mode and p.exists():
                os.chmod(t, stat.S_IMODE(p.stat().st_mode))
            if durable:
                _fsync(t)
        for t, p in zip(temps, paths, strict=True):
            os.replace(t, p)
        if durable:
            for parent in {p.parent for p in paths}:
                _fsync(parent)
    finally:
        for t in temps:
            _remove(t)  # nothing left after a rename; the half-written temp after an error


@contextmanager
def atomic_file(target: str | Path, *, durable: bool = True, keep_mode: bool = False) -> Iterator[Path]:
    """Yield an empty temp file beside `target`; when the block ends without error, it replaces `target`."""
    with atomic_files([target], durable=durable, keep_mode=keep_mode) as (tmp,):
        yield tmp


def write_text(target: str | Path, text: str, *, encoding: str = "utf-8") -> Path:
    """Write `text` to `target` atomically; returns the target's path."""
    with atomic_file(target) as tmp:
        tmp.write_text(text, encoding=encoding)
    return Path(target)


def swap_dir(new: Path, target: Path) -> None:
    """Put the finished directory `new` at `target`; an old `target` is removed only once the new one is in."""
    old = None
    if target.exists() or target.is_symlink():
        old = _sibling(target, _new_dir, "old-")
        os.replace(target, old / target.name)
    try:
        os.replace(new, target)
    except OSError:
        if old is not None:
            os.replace(old / target.name, target)
            shutil.rmtree(old, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def atomic_dir(target: str | Path, *, durable: bool = True) -> Iterator[Path]:
    """Yield an empty temp directory beside `target`; when the block ends without error, it replaces `target`.

    The old `target` (if any) stays in place, whole, until the new directory is complete, then is removed.
    `durable` fsyncs every file and directory written before the swap, and the parent after it.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _sibling(target, _new_dir, "new-")
    try:
        yield tmp
        if durable:
            _fsync_tree(tmp)
        swap_dir(tmp, target)
        if durable:
            _fsync(target.parent)
    finally:
        _remove(tmp)  # gone after the swap; the half-written directory after an error
