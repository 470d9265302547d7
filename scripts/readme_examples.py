"""The examples of the README and of the manual's pages (FILES), parsed and run as a newcomer would run them.

`tests/test_readme.py` runs every example and compares what it prints with what its page shows;
`scripts/refresh-readme.py` runs them once and writes what they print back into each page.

An example is a fenced block. A block whose lines start with `$ ` is a transcript: each command is run with bash in a
copy of the checkout, and the lines after it, if any, are what it prints (stdout; stderr too where it exits non-zero).
A line `...` in them stands for any lines. Durations (`5.1 s`) are compared as durations, not as figures. Other
blocks: `bash` is run as a script, `python` with the running interpreter, `sparql` with `llm4cell-kg sparql`, and
`yaml` is a record file that a setup uses; a block without a language that is not a transcript is output shown
for reading (a log of measured times), never run. An HTML comment on the line before a block says how it is run:
`<!-- example: setup NAME -->` (one of SETUPS) or `<!-- example: covered by tests/FILE.py::TEST, ... -->` (the named
tests run it instead; tests/test_readme.py checks that they exist).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
#: the pages whose examples are run and refreshed, in reading order (a page's blocks may use an earlier page's: the
#: server the explorer page starts, the record the curators' page shows); the one list both scripts and the test read
FILES = (
    "README.md",
    "docs/cli.md",
    "docs/curation.md",
    "docs/links.md",
    "docs/contradictions.md",
    "docs/report.md",
    "docs/graph-tools.md",
    "docs/explorer.md",
    "docs/releases.md",
)
MARKER = re.compile(r"^<!-- example: (.+?) -->$")
DURATION = re.compile(r"\b\d+(?:\.\d+)? s\b")
ELISION = "..."
HOME_CHECKOUT = "/home/me/llm4cell-kg"  # how the pages write the checkout's path
SETUPS = {
    "my-records": "the checkout with `my-records/`: a copy of `graph/` and docs/curation.md's CellWhisperer record",
    "typos": "a copy of the checkout where scGPT's record has `families: [foundaton]` and `domain_score: 11`",
    "release-then-edit": "a copy of the checkout with `releases/0.2.0` released, then scGPT's domain score set to 7",
}


@dataclass
class Step:
    """One command of a transcript and the output lines its page shows for it (the page's line numbers, 1-based)."""

    command: str
    line: int
    shown: list[str]
    shown_from: int  # the page's line of the first shown output line


@dataclass
class Block:
    """One fenced block of a page of FILES."""

    lang: str
    lines: list[str]
    line: int  # the page's line of the block's first content line
    marker: str = ""
    path: str = "README.md"  # the page, relative to the checkout

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    @property
    def is_transcript(self) -> bool:
        return bool(self.lines) and self.lines[0].startswith("$ ")

    @property
    def runs_here(self) -> bool:
        """Whether tests/test_readme.py runs this block itself (not a record file, a log, or covered elsewhere)."""
        return not self.covered_by and self.lang != "yaml" and (bool(self.lang) or self.is_transcript)

    @property
    def covered_by(self) -> list[str]:
        if not self.marker.startswith("covered by "):
            return []
        return [t.strip() for t in self.marker.removeprefix("covered by ").split(",")]

    @property
    def setup(self) -> str:
        return self.marker.removeprefix("setup ") if self.marker.startswith("setup ") else ""

    @property
    def name(self) -> str:
        first = self.lines[0].removeprefix("$ ") if self.lines else self.lang
        words = re.sub(r"[^A-Za-z0-9]+", "-", " ".join(first.split()[:3])).strip("-").lower()
        page = Path(self.path).stem.lower()
        return f"{page}-line{self.line}-{words}"

    def steps(self) -> list[Step]:
        """A transcript's commands (a command continues over lines while a quote is open) and their shown lines."""
        steps: list[Step] = []
        i = 0
        while i < len(self.lines):
            start = i
            command = self.lines[i].removeprefix("$ ")
            while not _complete(command):
                i += 1
                command += "\n" + self.lines[i]
            i += 1
            shown_from = i
            while i < len(self.lines) and not self.lines[i].startswith("$ "):
                i += 1
            end = i
            while end > shown_from and not self.lines[end - 1].strip():  # a blank line between commands
                end -= 1
            steps.append(Step(command, self.line + start, self.lines[shown_from:end], self.line + shown_from))
        return steps


def _complete(command: str) -> bool:
    try:
        shlex.split(command, comments=True)
    except ValueError:
        return False
    return True


def blocks() -> list[Block]:
    """Every fenced block of every page of FILES, page by page."""
    return [b for path in FILES for b in page_blocks(path)]


def page_blocks(path: str, text: str | None = None) -> list[Block]:
    """Every fenced block of one page (`text`, else the file), with the marker comment on the line before it."""
    lines = ((REPO / path).read_text(encoding="utf-8") if text is None else text).splitlines()
    out: list[Block] = []
    i = 0
    while i < len(lines):
        if lines[i].startswith("```"):
            lang = lines[i][3:].strip()
            before = lines[i - 1] if i else ""
            marker = m.group(1) if (m := MARKER.match(before)) else ""
            end = lines.index("```", i + 1)
            out.append(Block(lang, lines[i + 1 : end], i + 2, marker, path))
            i = end + 1
        else:
            i += 1
    return out


def matches(shown: list[str], actual: list[str]) -> bool:
    """Whether the output printed matches the lines shown (durations as durations, `...` as any lines)."""
    shown = [DURATION.sub("<duration>", s) for s in shown]
    actual = [DURATION.sub("<duration>", a) for a in actual]
    if ELISION not in shown:
        return shown == actual
    cut = shown.index(ELISION)
    head, tail = shown[:cut], shown[cut + 1 :]
    if len(actual) < len(head) + len(tail):
        return False
    return actual[: len(head)] == head and actual[len(actual) - len(tail) :] == tail


def refreshed(shown: list[str], actual: list[str]) -> list[str]:
    """The lines to show for `actual`, keeping an elision where the page has one (as many lines before and after)."""
    if ELISION not in shown:
        return actual
    cut = shown.index(ELISION)
    tail = len(shown) - cut - 1
    return [*actual[:cut], ELISION, *actual[len(actual) - tail :]] if len(actual) > cut + tail else actual


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Result:
    """What a step printed, as its page would show it, and whether its exit status is the one expected."""

    step: Step
    output: list[str]
    ok_status: bool
    status: int


@dataclass
class Runner:
    """Runs the pages' examples in copies of the checkout under `work`; `close()` stops what they started."""

    work: Path
    all_blocks: list[Block] = field(default_factory=blocks)
    subs: dict[str, str] = field(default_factory=dict)
    _dirs: dict[str, Path] = field(default_factory=dict)
    _server: subprocess.Popen[str] | None = None
    _server_lines: list[str] = field(default_factory=list)
    _started: list[str] = field(default_factory=list)  # Virtuoso directories to stop

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("LLM4CELL_KG_DATA", "PYTHONPATH")}
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        env.setdefault("LLM4CELL_KG_CACHE", str(self.work / "cache"))
        env["LLM4CELL_KG_PROGRESS"] = "0"
        return env

    def checkout(self, setup: str = "") -> Path:
        """The copy of the checkout a setup runs in (made once)."""
        key = setup or "checkout"
        if key in self._dirs:
            return self._dirs[key]
        co = self.work / key
        co.mkdir(parents=True)
        for name in ("graph", "ontology", "queries", "scripts", "catalogues"):
            shutil.copytree(REPO / name, co / name, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(REPO / "pyproject.toml", co / "pyproject.toml")
        if setup == "my-records":
            shutil.copytree(co / "graph", co / "my-records")
            record = next(b for b in self.all_blocks if b.lang == "yaml" and b.marker == "file my-records")
            (co / "my-records" / "external_models.yaml").write_text(record.text, encoding="utf-8")
        elif setup == "typos":
            typos = ("families: [foundation]", "families: [foundaton]"), ("domain_score: 6", "domain_score: 11")
            _edit_scgpt(co, *typos)
        elif setup == "release-then-edit":
            res = self._run("llm4cell-kg release 0.2.0 releases --date 2026-01-01", co)
            if res.returncode:
                raise RuntimeError(f"setup {setup}: release failed: {res.stderr}")
            cite = "  citation: cui-et-al-2024\n"  # the 7 kept against the printed '6' by an override with its reason
            override = "  override:\n    domain_score:\n      reason: an example of the README\n"
            _edit_scgpt(co, ("domain_score: 6", "domain_score: 7"), (cite, cite + override))
        elif setup:
            raise ValueError(f"unknown setup {setup!r}; the setups are {', '.join(SETUPS)}")
        self._dirs[key] = co
        self.subs[HOME_CHECKOUT] = str(co)
        return co

    def _run(self, command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", "-c", command], cwd=cwd, env=self.env(), capture_output=True, text=True, timeout=900
        )

    def _sub(self, text: str) -> str:
        for readme, here in self.subs.items():
            text = text.replace(readme, here)
        return text

    def _unsub(self, text: str) -> str:
        for readme, here in self.subs.items():
            text = text.replace(here, readme)
        return text

    def run(self, block: Block) -> list[Result]:
        """Run one block; a transcript gives one result per command, other blocks one result."""
        co = self.checkout(block.setup)
        self.subs[HOME_CHECKOUT] = str(co)
        if block.is_transcript:
            return [self._step(step, co) for step in block.steps()]
        command = {
            "bash": f"set -e\n{block.text}",
            "python": f"{shlex.quote(sys.executable)} -c {shlex.quote(block.text)}",
            "sparql": f"llm4cell-kg sparql {shlex.quote(block.text)}",
        }[block.lang]
        res = self._run(command, co)
        output = (res.stdout + res.stderr).splitlines()
        return [Result(Step(block.text, block.line, [], block.line), output, res.returncode == 0, res.returncode)]

    def _step(self, step: Step, co: Path) -> Result:
        if "scripts/virtuoso.sh start" in step.command:
            self._virtuoso_subs(step.command)
        command = self._sub(step.command)
        if command.startswith("llm4cell-kg serve"):
            return self._serve(step, co)
        res = self._run(command, co)
        expect_failure = bool(step.shown) and step.shown[0].startswith(("error:", "records:"))
        output = res.stdout.splitlines() + (res.stderr.splitlines() if res.returncode else [])
        if "scripts/virtuoso.sh stop" in step.command:
            self._started = [d for d in self._started if d not in command]
        return Result(step, [self._unsub(o) for o in output], (res.returncode != 0) == expect_failure, res.returncode)

    def _virtuoso_subs(self, command: str) -> None:
        """A page's Virtuoso directory and port become a directory under `work` and a free port."""
        directory, port = shlex.split(command)[3:5]
        here, free = self.work / "virtuoso", _free_port()
        self.subs[f"{directory} {port}"] = f"{here} {free}"
        self.subs[directory] = str(here)
        self.subs[f"127.0.0.1:{port}"] = f"127.0.0.1:{free}"
        self._started.append(str(here))

    def _serve(self, step: Step, co: Path) -> Result:
        """Start the server a page starts (on a free port); its first lines are what the page shows."""
        port = _free_port()
        self.subs["127.0.0.1:8000"] = f"127.0.0.1:{port}"
        args = shlex.split(step.command, comments=True) + ["--port", str(port)]
        errors = self.work / "serve.stderr"
        with errors.open("w") as err:
            self._server = subprocess.Popen(args, cwd=co, env=self.env(), stdout=subprocess.PIPE, stderr=err, text=True)
        assert self._server.stdout is not None
        lines: list[str] = []
        while len(lines) < max(len(step.shown), 1) and (line := self._server.stdout.readline()):
            lines.append(line.rstrip("\n"))
        if self._server.poll() is not None:  # it stopped: show why, as a failing command would
            lines += errors.read_text(encoding="utf-8").splitlines()
            return Result(step, lines, False, self._server.returncode)
        return Result(step, [self._unsub(x) for x in lines], True, 0)

    def close(self) -> None:
        if self._server is not None:
            self._server.send_signal(signal.SIGINT)
            try:
                self._server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self._server.kill()
        for directory in self._started:
            subprocess.run(["bash", str(REPO / "scripts" / "virtuoso.sh"), "stop", directory], capture_output=True)


def _edit_scgpt(co: Path, *edits: tuple[str, str]) -> None:
    """Replace text inside scGPT's record of graph/models.yaml (the first record), each edit once."""
    models = co / "graph" / "models.yaml"
    text = models.read_text(encoding="utf-8")
    start, end = text.index("id: scgpt\n"), text.index("id: geneformer\n")
    record = text[start:end]
    for old, new in edits:
        if old not in record:
            raise ValueError(f"scGPT's record has no {old!r}")
        record = record.replace(old, new, 1)
    models.write_text(text[:start] + record + text[end:], encoding="utf-8")
