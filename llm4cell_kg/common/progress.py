"""A step counter for long commands (report, link check, import regeneration, release), on stderr.

On a terminal it shows `[3/7] report: reasoning with HermiT (12 s)`, rewritten in place and ticking every second
while a step runs; on a pipe, under `--quiet`, or with LLM4CELL_KG_PROGRESS=0 it writes nothing at all.

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
    ) -> None:
        self.total = total
        self.label = label
        self.stream = stream or sys.stderr
        self.active = enabled(self.stream, quiet)
        self.tick = tick
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
        self.count += 1
        self.what = what
        self.started = time.monotonic()
        if not self.active:
            return
        self._draw()
        if self._thread is None and self.tick > 0:
            self._thread = threading.Thread(target=self._ticker, name="progress", daemon=True)
            self._thread.start()

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
        if self.active and self._width:
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
