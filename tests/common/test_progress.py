"""The progress counter of long commands (issue 17 item 11): on a terminal a step counter rewritten in place; on a
pipe, with --quiet or LLM4CELL_KG_PROGRESS=0, nothing."""

from __future__ import annotations

import io

import pytest

from llm4cell_kg.common import progress
from llm4cell_kg.common.progress import Progress, steps


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_steps_on_a_terminal() -> None:
    term = Terminal()
    with Progress(3, "report", stream=term, tick=0) as p:
        p.step("building the graph")
        p.step("reasoning with HermiT")
    out = term.getvalue()
    assert out.startswith("\r[1/3] report: building the graph")
    assert "\r[2/3] report: reasoning with HermiT" in out
    # the longer first line is blanked out by padding, and the line is cleared at the end
    first = len("[1/3] report: building the graph")
    second = len("[2/3] report: reasoning with HermiT")
    assert out.endswith("\r" + " " * max(first, second) + "\r")


def test_unknown_total_counts_without_a_denominator() -> None:
    term = Terminal()
    with Progress(None, "link check", stream=term, tick=0) as p:
        p.step("reading the records")
    assert "\r[1] link check: reading the records" in term.getvalue()


@pytest.mark.parametrize("case", ["pipe", "quiet", "env"])
def test_nothing_off_a_terminal(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    stream: io.StringIO = io.StringIO() if case == "pipe" else Terminal()
    if case == "env":
        monkeypatch.setenv("LLM4CELL_KG_PROGRESS", "0")
    with Progress(2, "report", stream=stream, quiet=case == "quiet", tick=0) as p:
        p.step("one")
        p.step("two")
    assert stream.getvalue() == ""
    assert p.count == 2  # the steps are still counted


def test_elapsed_seconds_are_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [100.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: now[0])
    p = Progress(7, "report", stream=Terminal(), tick=0)
    p.step("reasoning with HermiT")  # started at 100.0
    assert p.line() == "[1/7] report: reasoning with HermiT"
    now[0] = 112.4
    assert p.line() == "[1/7] report: reasoning with HermiT (12 s)"
    p.close()


def test_ticker_redraws_and_stops() -> None:
    term = Terminal()
    p = Progress(1, "release", stream=term, tick=0.001)
    p.step("writing N-Quads")
    assert p._thread is not None and p._thread.is_alive()
    p.close()
    assert p._thread is None
    assert term.getvalue().count("[1/1] release: writing N-Quads") >= 1


def test_steps_wraps_an_iterable() -> None:
    term = Terminal()
    seen = list(steps(["cl", "uberon"], "regenerate imports", lambda n: f"module {n}", stream=term, tick=0))
    assert seen == ["cl", "uberon"]
    assert "[1/2] regenerate imports: module cl" in term.getvalue()
    assert "[2/2] regenerate imports: module uberon" in term.getvalue()


def test_a_log_keeps_each_step_with_its_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """`report` logs its phases (issue 27): each finished step stays as a line with its time, then the total."""
    now = [100.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: now[0])
    term = Terminal()
    with Progress(2, "report", stream=term, tick=0, log=True) as p:
        p.step("building")
        now[0] = 101.25
        p.step("reasoning")
        now[0] = 103.5
    lines = term.getvalue().replace("\r", "\n").split("\n")
    assert "[1/2] report: building: 1.2 s" in [ln.rstrip() for ln in lines]
    assert "[2/2] report: reasoning: 2.2 s" in [ln.rstrip() for ln in lines]
    assert "report: 3.5 s in all" in [ln.rstrip() for ln in lines]
    assert p.times == [("building", 1.25), ("reasoning", 2.25)]


def test_progress_forced_on_a_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    """LLM4CELL_KG_PROGRESS=1 logs on a pipe too: plain lines, nothing rewritten in place."""
    monkeypatch.setenv("LLM4CELL_KG_PROGRESS", "1")
    pipe = io.StringIO()
    with Progress(2, "report", stream=pipe, tick=0, log=True) as p:
        p.step("one")
        p.step("two")
    out = pipe.getvalue()
    assert "\r" not in out
    assert out.splitlines()[0].startswith("[1/2] report: one: ") and out.splitlines()[-1].endswith(" s in all")
    plain = io.StringIO()
    with Progress(1, "link check", stream=plain, tick=0) as p:  # without `log`: nothing on a pipe, as before
        p.step("one")
    assert plain.getvalue() == ""
