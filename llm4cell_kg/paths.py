"""Where the curated records, ontology and queries come from, decided once per process.

Records (the YAML files of `graph/`), in order of precedence:
1. `--data DIR` (`use(DIR)`) or the environment variable `LLM4CELL_KG_DATA=DIR`: DIR holds the YAML files,
   or is a project checkout whose `graph/` holds them;
2. a project checkout at the current directory or one of its parents: a directory with a `pyproject.toml` whose
   `[project] name` is `llm4cell-kg` and with `graph/` and `ontology/` subdirectories;
3. the snapshot bundled in the installed package (`llm4cell_kg/_data`; an editable install's own checkout).
The ontology and the queries come from the checkout of rule 2 when there is one, else from the bundled snapshot.

`GRAPH_DIR`, `ONTOLOGY_DIR`, `QUERIES_DIR`, `ONTOLOGY_FILE` and `ROOT` are looked up on each access.
"""

from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "LLM4CELL_KG_DATA"
PROJECT_NAME = "llm4cell-kg"
_PKG = Path(__file__).resolve().parent
_BUNDLED = _PKG / "_data"

_override: Path | None = None
_announce = False
_announced = False


@dataclass(frozen=True)
class Source:
    """Where one run reads from: `graph_dir` (the records) and `root` (holding ontology/ and queries/)."""

    graph_dir: Path
    root: Path
    how: str  # "--data", ENV_VAR, "checkout" or "bundled"

    @property
    def chosen(self) -> bool:
        """Records named by `--data` or the environment (messages then name their real paths)."""
        return self.how not in ("checkout", "bundled")

    def describe(self) -> str:
        """One line naming the records used and why."""
        if self.how == "checkout":
            why = f"the checkout at {self.root}"
        elif self.how == "bundled" and self.root == _BUNDLED:
            why = "the snapshot installed with the package"
        elif self.how == "bundled":
            why = f"the checkout of the editable install at {self.root}"
        else:
            why = self.how
        return f"records: {self.graph_dir} ({why})"


def is_checkout(directory: Path) -> bool:
    """A project checkout: pyproject.toml naming llm4cell-kg, beside graph/ and ontology/ directories."""
    if not ((directory / "graph").is_dir() and (directory / "ontology").is_dir()):
        return False
    try:
        meta = tomllib.loads((directory / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    project = meta.get("project")
    return isinstance(project, dict) and project.get("name") == PROJECT_NAME


def find_checkout(start: Path) -> Path | None:
    """The nearest checkout at `start` or one of its parents."""
    start = start.resolve()
    for d in (start, *start.parents):
        if is_checkout(d):
            return d
    return None


def bundled_root() -> Path:
    """The wheel ships data under `llm4cell_kg/_data`; an editable install reads its own checkout."""
    return _BUNDLED if (_BUNDLED / "graph").is_dir() else _PKG.parent


def resolve(data: Path | None = None, cwd: Path | None = None, env: dict[str, str] | None = None) -> Source:
    """Where the records, ontology and queries come from (see the module docstring for the rules)."""
    env = dict(os.environ) if env is None else env
    checkout = find_checkout(cwd or Path.cwd())
    root = checkout or bundled_root()
    chosen, how = (data, "--data") if data is not None else (None, "")
    if chosen is None and env.get(ENV_VAR):
        chosen, how = Path(env[ENV_VAR]), ENV_VAR
    if chosen is not None:
        chosen = chosen.resolve()
        graph = chosen / "graph" if (chosen / "graph").is_dir() else chosen
        return Source(graph_dir=graph, root=root, how=how)
    return Source(graph_dir=root / "graph", root=root, how="checkout" if checkout else "bundled")


def use(data: Path | None) -> None:
    """Make `data` the records of this process (the `--data` option); None restores the default rules."""
    global _override, _announced
    _override = data
    _announced = False


def current() -> Source:
    return resolve(_override)


def announce_on_stderr(enabled: bool = True) -> None:
    """Let `announce()` print (the console script turns this on; library use stays quiet)."""
    global _announce, _announced
    _announce, _announced = enabled, False


def announce(source: Source | None = None) -> None:
    """Print, once per process and only from the command line, which records are used (default: `current()`)."""
    global _announced
    if _announce and not _announced:
        _announced = True
        print((source or current()).describe(), file=sys.stderr, flush=True)


def inputs_digest(source: Source | None = None) -> str:
    """A digest of everything the default build reads (the records of `source`, default `current()`, and the
    ontology) and of the package's code (every module, not the bundled data in _data/): the key of the build cache."""
    import hashlib

    h = hashlib.blake2b(digest_size=16)
    source = source or current()  # resolved once (each GRAPH_DIR / ONTOLOGY_DIR access resolves the paths again)
    for root, pattern in ((source.graph_dir, "**/*.yaml"), (source.root / "ontology", "**/*.ttl"), (_PKG, "**/*.py")):
        # Order and names relative to each root, so the digest does not depend on where the checkout lives.
        for rel, f in sorted((f.relative_to(root).as_posix(), f) for f in root.glob(pattern)):
            if root is _PKG and rel.startswith("_data/"):
                continue
            h.update(rel.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def __getattr__(name: str) -> Path:
    source = current()
    if name == "GRAPH_DIR":
        return source.graph_dir
    if name == "ROOT":
        return source.root
    if name == "ONTOLOGY_DIR":
        return source.root / "ontology"
    if name == "QUERIES_DIR":
        return source.root / "queries"
    if name == "ONTOLOGY_FILE":
        return source.root / "ontology" / "llm4cell.ttl"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
