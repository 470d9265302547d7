"""The README is tested: every example runs as written, and what it prints is what the README shows.

The examples are read and run by `scripts/readme_examples.py`; `python scripts/refresh-readme.py` writes what they
print back into the README when a change of output is intended.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import readme_examples as rx

REPO = Path(__file__).resolve().parent.parent
BLOCKS = rx.blocks()
RUN = [b for b in BLOCKS if not b.covered_by and b.lang != "yaml"]
FIX = "If the change of output is intended, run `python scripts/refresh-readme.py` and check its diff."


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Iterator[rx.Runner]:
    r = rx.Runner(tmp_path_factory.mktemp("readme"))
    yield r
    r.close()


def test_the_readme_has_its_examples() -> None:
    langs = [b.lang for b in BLOCKS]
    assert langs.count("python") >= 1 and langs.count("sparql") >= 1
    assert sum(b.is_transcript for b in BLOCKS) >= 10
    assert all(b.lang in ("", "bash", "python", "sparql", "yaml") for b in BLOCKS), langs


def test_every_example_is_run_here_or_by_a_named_test() -> None:
    for b in BLOCKS:
        if b.lang == "yaml":
            assert b.marker.startswith("file "), f"README line {b.line}: a yaml block must say which file it is"
            continue
        assert not b.marker or b.setup in rx.SETUPS or b.covered_by, f"README line {b.line}: unknown {b.marker!r}"
        for test in b.covered_by:
            path, _, name = test.partition("::")
            source = (REPO / path).read_text(encoding="utf-8")
            assert re.search(rf"^def {re.escape(name)}\(", source, re.M), f"README line {b.line}: no test {test}"


def test_a_readme_with_a_wrong_output_does_not_match() -> None:
    """The comparison can fail: a changed figure, a missing line or a changed order is a mismatch."""
    shown = ["x | 3", "(1 rows)"]
    assert rx.matches(shown, ["x | 3", "(1 rows)"])
    assert not rx.matches(shown, ["x | 4", "(1 rows)"])
    assert not rx.matches(shown, ["x | 3"])
    assert rx.matches(["loaded in 5.1 s"], ["loaded in 12 s"])
    assert rx.matches(["a", "...", "z"], ["a", "b", "c", "z"])
    assert not rx.matches(["a", "...", "z"], ["a", "b", "c", "y"])
    assert rx.refreshed(["a", "...", "z"], ["a", "b", "c", "y"]) == ["a", "...", "y"]


@pytest.mark.parametrize("block", RUN, ids=[b.name for b in RUN])
def test_example(block: rx.Block, runner: rx.Runner) -> None:
    for res in runner.run(block):
        where = f"README.md line {res.step.line}: {res.step.command.splitlines()[0]}"
        if not res.ok_status:
            pytest.fail(f"{where}\nexited {res.status}:\n" + "\n".join(res.output), pytrace=False)
        if res.step.shown and not rx.matches(res.step.shown, res.output):
            diff = "\n".join(difflib.unified_diff(res.step.shown, res.output, "README", "printed", lineterm=""))
            pytest.fail(f"{where}\n{diff}\n{FIX}", pytrace=False)
