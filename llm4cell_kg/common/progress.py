"""A step counter for long commands (report, link check, import regeneration, release), on stderr.

On a terminal it shows `[3/7] report: reasoning with HermiT (12 s)`, rewritten in place and ticking every second
while a step runs; on a pipe, under `--quiet`, or with LLM4CELL_KG_PROGRESS=0 it writes nothing at all, and
LLM4CELL_KG_PROGRESS=1 turns it on off a terminal too (no rewriting in place there). With `log=True` each finished
step stays, as a line with its time (`[3/7] report: reasoning with HermiT: 2.1 s`), and the total follows at the end.

    with Progress(7, "report", quiet=quiet) as p:
        p.step("building the graph")
        ...
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import IO, Any, TypeVar

T = TypeVar("T")


def enabled(stream: IO[str] | None = None, quiet: bool = False) -> bool:
    """Whether progress would be shown: a terminal, not quiet, not turned off by LLM4CELL_KG_PROGRESS=0."""
    stream = stream or sys.stderr
    if quiet or os.environ.get("LLM4CELL_KG_PROGRESS") == "0":
        return False
    return os.environ.get("LLM4CELL_KG_PROGRESS") == "1" or _tty(stream)


def _tty(stream: IO[str]) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # a closed or fake stream
        return False


class Progress:
    """Counts steps of a known (or unknown: total=None) number; each `step()` starts the next one."""

    def __init__(
        self,
        total: int | None,
        label: str,
        *,
        quiet: bool = False,
        stream: IO[str] | None = None,
        tick: float = 1.0,
        log: bool = False,
    ) -> None:
        self.total = total
        self.label = label
        self.stream = stream or sys.stderr
        self.active = enabled(self.stream, quiet)
        self.tty = self.active and _tty(self.stream)
        self.tick = tick
        self.log = log
        self.times: list[tuple[str, float]] = []  # (step, seconds) of each finished step
        self.begun = time.monotonic()
        self.count = 0
        self.what = ""
        self.started = 0.0
        self._width = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def line(self) -> str:
        """The text shown for the current step."""
        of = f"/{self.total}" if self.total else ""
        secs = int(time.monotonic() - self.started)
        took = f" ({secs} s)" if secs else ""
        return f"[{self.count}{of}] {self.label}: {self.what}{took}"

    def step(self, what: str) -> None:
        """Start the next step, described by `what`."""
        self._finish()
        self.count += 1
        self.what = what
        self.started = time.monotonic()
        if not self.tty:
            return
        self._draw()
        if self._thread is None and self.tick > 0:
            self._thread = threading.Thread(target=self._ticker, name="progress", daemon=True)
            self._thread.start()

    def _finish(self) -> None:
        """Note the time of the step that ends now; with `log`, write it as a line that stays."""
        if not self.count or len(self.times) == self.count:
            return
        self.times.append((self.what, time.monotonic() - self.started))
        if self.active and self.log:
            of = f"/{self.total}" if self.total else ""
            self._write(f"[{self.count}{of}] {self.label}: {self.what}: {self.times[-1][1]:.1f} s")

    def _write(self, text: str) -> None:
        """A line that stays (on a terminal, over the line being rewritten)."""
        with self._lock:
            pad = " " * max(0, self._width - len(text)) if self.tty else ""
            self.stream.write(("\r" if self.tty else "") + text + pad + "\n")
            self.stream.flush()
            self._width = 0

    def _draw(self) -> None:
        with self._lock:
            text = self.line()
            pad = max(0, self._width - len(text))
            self.stream.write("\r" + text + " " * pad)
            self.stream.flush()
            self._width = len(text)

    def _ticker(self) -> None:
        while not self._stop.wait(self.tick):
            self._draw()

    def close(self) -> None:
        """Stop ticking and clear the line (the command's own output follows on a clean line)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self._finish()
        if self.active and self.log and self.times:
            self._write(f"{self.label}: {time.monotonic() - self.begun:.1f} s in all")
        if self.tty and self._width:
            with self._lock:
                self.stream.write("\r" + " " * self._width + "\r")
                self.stream.flush()
                self._width = 0


def steps(items: Iterable[T], label: str, describe: Callable[[T], str] = str, **kwargs: Any) -> Iterator[T]:
    """Iterate `items`, one progress step each (`describe(item)` names it)."""
    seq = list(items)
    with Progress(len(seq), label, **kwargs) as p:
        for item in seq:
            p.step(describe(item))
            yield item
