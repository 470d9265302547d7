"""The one atomic writer (llm4cell_kg.common.atomic): a failure mid-write leaves the old file or directory intact and no
temp litter; what it writes gets the modes a plain write gives under the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from llm4cell_kg.answers.report import MARKER
from llm4cell_kg.common.atomic import atomic_dir, atomic_file, atomic_files, swap_dir, write_text


class Boom(Exception):
    pass


@pytest.fixture
def umask_027() -> Iterator[int]:
    """A umask unlike the usual 022, so that a mode derived from it cannot match by accident."""
    old = os.umask(0o027)
    try:
        yield 0o027
    finally:
        os.umask(old)


def mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_file_replaced_whole_with_umask_modes(tmp_path: Path, umask_027: int) -> None:
    target = tmp_path / "out.nq"
    target.write_text("old")
    os.chmod(target, 0o600)
    with atomic_file(target) as tmp:
        assert tmp.parent == tmp_path and tmp.name.startswith(".out.nq-") and tmp.suffix == ".nq"
        assert tmp.read_text() == ""  # an empty file to write to, by path
        tmp.write_text("new")
        assert target.read_text() == "old"  # not yet in place
    assert target.read_text() == "new"
    assert mode(target) == 0o640  # 0o666 & ~0o027, as open(..., "w") gives: not mkstemp's 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.nq"]


def test_file_failure_keeps_old_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    target.write_text("old")
    with pytest.raises(Boom), atomic_file(target) as tmp:
        tmp.write_text("half")
        raise Boom
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"]
    # a new target that fails is never created at all, and its missing parent is made
    with pytest.raises(KeyboardInterrupt), atomic_file(tmp_path / "sub" / "new.txt") as tmp:
        tmp.write_text("half")
        raise KeyboardInterrupt
    assert sorted(p.name for p in (tmp_path / "sub").iterdir()) == []


def test_files_are_renamed_only_once_all_are_written(tmp_path: Path) -> None:
    a, b = tmp_path / "a.png", tmp_path / "b.svg"
    a.write_text("old a")
    b.write_text("old b")
    with pytest.raises(Boom), atomic_files([a, b]) as (ta, tb):
        ta.write_text("new a")
        raise Boom  # b not written yet: a must not change either
    assert (a.read_text(), b.read_text()) == ("old a", "old b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png", "b.svg"]
    with atomic_files([a, b]) as (ta, tb):
        ta.write_text("new a")
        tb.write_text("new b")
    assert (a.read_text(), b.read_text()) == ("new a", "new b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png", "b.svg"]


def test_write_text(tmp_path: Path, umask_027: int) -> None:
    out = write_text(tmp_path / "x" / "index.md", "# é\n")
    assert out.read_bytes() == "# é\n".encode()
    assert mode(out) == 0o640


def test_dir_replaced_whole_with_umask_modes(tmp_path: Path, umask_027: int) -> None:
    target = tmp_path / "neo"
    target.mkdir()
    (target / "nodes.csv").write_text("old")
    (target / "stale.csv").write_text("not written by the new run")
    with atomic_dir(target) as tmp:
        assert tmp.is_dir() and not any(tmp.iterdir()) and tmp.name.startswith(".neo-new-")
        (tmp / "nodes.csv").write_text("new")
        (tmp / "sub").mkdir()
        (tmp / "sub" / "x.txt").write_text("x")
        assert (target / "nodes.csv").read_text() == "old"  # the old one is in place until the end
    assert sorted(p.name for p in target.iterdir()) == ["nodes.csv", "sub"]
    assert (target / "nodes.csv").read_text() == "new"
    assert (mode(target), mode(target / "sub"), mode(target / "nodes.csv")) == (0o750, 0o750, 0o640)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["neo"]


def test_dir_failure_keeps_old_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "report"
    target.mkdir()
    (target / "index.md").write_text("old")
    with pytest.raises(Boom), atomic_dir(target) as tmp:
        (tmp / "index.md").write_text("half")
        (tmp / "results").mkdir()
        raise Boom
    assert sorted(p.name for p in target.iterdir()) == ["index.md"]
    assert (target / "index.md").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]
    # a new directory that fails is never created
    with pytest.raises(Boom), atomic_dir(tmp_path / "fresh", durable=False):
        raise Boom
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]


def test_dir_swap_failure_puts_the_old_one_back(tmp_path: Path) -> None:
    target, new = tmp_path / "out", tmp_path / "missing"  # renaming a missing directory fails
    target.mkdir()
    (target / "index.md").write_text("old")
    with pytest.raises(FileNotFoundError):
        swap_dir(new, target)
    assert (target / "index.md").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_swap_replaces_an_older_report(tmp_path: Path) -> None:
    # moved from tests/answers/test_report.py with report._swap, now atomic.swap_dir
    out, new = tmp_path / "report", tmp_path / ".report-new-x"
    for d, text in ((out, "old"), (new, "new")):
        d.mkdir()
        (d / "index.md").write_text(text, encoding="utf-8")
        (d / MARKER).write_text("", encoding="utf-8")
    (out / "stale.csv").write_text("gone after the swap", encoding="utf-8")
    swap_dir(new, out)
    assert (out / "index.md").read_text(encoding="utf-8") == "new" and not (out / "stale.csv").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["report"]
