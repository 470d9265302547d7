"""Run the examples of the README and the manual and write what they print back (what tests/test_readme.py compares).

    python scripts/refresh-readme.py            # every example's output
    python scripts/refresh-readme.py --measure  # also the report's wall time and peak memory (empty cache)
    python scripts/refresh-readme.py --suite    # also `bash .ci/run` on a clean clone of HEAD (about 10 minutes)

The pages are those of `readme_examples.FILES` (the README and the manual's pages with transcripts). Measured
figures stand between `<!-- measured: NAME -->` and `<!-- /measured -->` in the README; they come from one run each
and are never compared by the tests. Each changed page is written once, to a temp file renamed over it.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import readme_examples as rx

TIME = ["/usr/bin/time", "-v"]


def refresh_examples(texts: dict[str, str], work: Path) -> dict[str, str]:
    """Each page (path -> text) with each transcript's shown lines replaced by what its command prints now."""
    runner = rx.Runner(work, [b for path, text in texts.items() for b in rx.page_blocks(path, text)])
    replace: dict[str, list[tuple[int, int, list[str]]]] = {path: [] for path in texts}
    try:
        for block in runner.all_blocks:
            if not block.runs_here:
                continue
            for res in runner.run(block):
                if not res.ok_status:
                    sys.exit(f"{block.path} line {res.step.line}: exited {res.status}:\n" + "\n".join(res.output))
                if res.step.shown and not rx.matches(res.step.shown, res.output):
                    start = res.step.shown_from - 1
                    new = rx.refreshed(res.step.shown, res.output)
                    replace[block.path].append((start, start + len(res.step.shown), new))
    finally:
        runner.close()
    out = {}
    for path, text in texts.items():
        lines = text.splitlines()
        for start, end, new in sorted(replace[path], reverse=True):
            lines[start:end] = new
            print(f"{path} line {start + 1}: {end - start} line(s) -> {len(new)}")
        out[path] = "\n".join(lines) + "\n"
    return out


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[str, float, float]:
    """Run under /usr/bin/time -v: (stdout, wall seconds, peak resident MB)."""
    res = subprocess.run(TIME + command, cwd=cwd, env=env, capture_output=True, text=True)
    if res.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", res.stderr)
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", res.stderr)
    assert wall and peak, res.stderr
    seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    return res.stdout, seconds, int(peak.group(1)) / 1024


def _minutes(seconds: float) -> str:
    return f"{int(seconds // 60)} min {round(seconds % 60)} s"


def _size(mb: float) -> str:
    return f"{mb / 1024:.1f} GB" if mb >= 1024 else f"{round(mb)} MB"


def measure_report(work: Path) -> str:
    env = {**os.environ, "LLM4CELL_KG_CACHE": str(work / "empty-cache"), "LLM4CELL_KG_PROGRESS": "0"}
    _, wall, peak = timed(["llm4cell-kg", "report", str(work / "report")], rx.REPO, env)
    return f"{round(wall)} s wall and {_size(peak)} peak"


def measure_suite(work: Path) -> str:
    clone = work / "clone"
    subprocess.run(["git", "clone", "-q", str(rx.REPO), str(clone)], check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "CI")}
    out, wall, peak = timed(["bash", ".ci/run"], clone, env)
    summary = re.findall(r"^=+ (.*) in [\d.]+s.*=+$", out, re.M)[-1]
    return f"{summary}; {_minutes(wall)} wall and {_size(peak)} peak"


def set_measured(text: str, name: str, value: str) -> str:
    pattern = re.compile(rf"(<!-- measured: {re.escape(name)} -->).*?(<!-- /measured -->)", re.S)
    if not pattern.search(text):
        sys.exit(f"README.md has no `<!-- measured: {name} -->` span")
    print(f"{name}: {value}")
    return pattern.sub(lambda m: m.group(1) + value + m.group(2), text, count=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measure", action="store_true", help="also time the report from an empty cache")
    parser.add_argument("--suite", action="store_true", help="also run `bash .ci/run` on a clean clone of HEAD")
    args = parser.parse_args()
    before = {path: (rx.REPO / path).read_text(encoding="utf-8") for path in rx.FILES}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        texts = refresh_examples(before, work / "examples")
        if args.measure:
            texts["README.md"] = set_measured(texts["README.md"], "report", measure_report(work))
        if args.suite:
            texts["README.md"] = set_measured(texts["README.md"], "suite", measure_suite(work))
    for path, text in texts.items():
        if text != before[path]:
            write(rx.REPO / path, text)


def write(path: Path, text: str) -> None:
    """Write `text` to a temp file beside `path`, then rename it over `path`."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".md")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(name, 0o644)
    os.replace(name, path)


if __name__ == "__main__":
    main()
