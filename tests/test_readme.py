"""The README and the manual are tested: every example runs as written, and what it prints is what its page shows.

The pages are `readme_examples.FILES`; their examples are read and run by `scripts/readme_examples.py`, and
`python scripts/refresh-readme.py` writes what they print back into each page when a change of output is intended.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
import readme_examples as rx

REPO = Path(__file__).resolve().parent.parent
BLOCKS = rx.blocks()
RUN = [b for b in BLOCKS if b.runs_here]
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
    # the front page keeps its two commands, its three questions answered and the field since the survey (the
    # models counted under every source, drift's counts)
    front = [b for b in BLOCKS if b.path == "README.md"]
    assert [b.lang for b in front if b.covered_by] == ["bash", "bash"]
    assert [b.steps()[0].command.split()[:2] for b in front if b.is_transcript] == [
        ["llm4cell-kg", "query"],
        ["llm4cell-kg", "query"],
        ["llm4cell-kg", "sparql"],
        ["llm4cell-kg", "sparql"],
        ["llm4cell-kg", "drift"],
    ]


def test_every_transcript_of_the_manual_is_run() -> None:
    """A page of docs/ that shows a command's output (`$ ` in a fenced block) is one of FILES, so it is tested."""
    for page in sorted((REPO / "docs").glob("*.md")):
        path = page.relative_to(REPO).as_posix()
        if any(b.is_transcript for b in rx.page_blocks(path)):
            assert path in rx.FILES, f"{path} shows a transcript but is not in scripts/readme_examples.py's FILES"
    assert len(set(rx.FILES)) == len(rx.FILES) and all((REPO / p).is_file() for p in rx.FILES)


def test_the_readme_says_why_each_dependency() -> None:
    """The brief asks the README to say why each further dependency was chosen: briefly there, in full in the docs."""
    deps = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    names = {re.split(r"[<>=!~\[; ]", d, maxsplit=1)[0].lower() for d in deps}
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    why = readme[readme.index("## Why these dependencies") :].split("\n## ", 1)[0].lower()
    full = (REPO / "docs" / "dependencies.md").read_text(encoding="utf-8").lower()
    assert "(docs/dependencies.md)" in why
    for name in sorted(names):
        assert re.search(rf"\|[^|\n]*\b{re.escape(name)}\b[^|\n]*\|", why), f"the README's table does not name {name}"
        assert f"**{name}**" in full, f"docs/dependencies.md does not say why {name}"


def test_every_example_is_run_here_or_by_a_named_test() -> None:
    for b in BLOCKS:
        if b.lang == "yaml":
            assert b.marker.startswith("file "), f"{b.path} line {b.line}: a yaml block must say which file it is"
            continue
        assert not b.marker or b.setup in rx.SETUPS or b.covered_by, f"{b.path} line {b.line}: unknown {b.marker!r}"
        for test in b.covered_by:
            path, _, name = test.partition("::")
            source = (REPO / path).read_text(encoding="utf-8")
            assert re.search(rf"^def {re.escape(name)}\(", source, re.M), f"{b.path} line {b.line}: no test {test}"


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
        where = f"{block.path} line {res.step.line}: {res.step.command.splitlines()[0]}"
        if not res.ok_status:
            pytest.fail(f"{where}\nexited {res.status}:\n" + "\n".join(res.output), pytrace=False)
        if res.step.shown and not rx.matches(res.step.shown, res.output):
            diff = "\n".join(difflib.unified_diff(res.step.shown, res.output, block.path, "printed", lineterm=""))
            pytest.fail(f"{where}\n{diff}\n{FIX}", pytrace=False)
