"""The package shows its layers (issue 21): one folder per layer, a few shared modules at the top, no module over 600
lines, the layers contract naming the folders, tests mirroring them and docs/architecture.md matching the tree."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PKG = REPO / "llm4cell_kg"
DOC = REPO / "docs" / "architecture.md"
#: the folders of tests/ that hold data, not the tests of a layer
NOT_LAYERS = {"fixtures", "__pycache__"}


def _modules() -> list[Path]:
    return sorted(p for p in PKG.rglob("*.py") if "_data" not in p.relative_to(PKG).parts)


def _subpackages() -> list[str]:
    return sorted(p.parent.name for p in PKG.glob("*/__init__.py"))


def _layer_contracts() -> list[dict]:
    conf = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return [c for c in conf["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]


def test_few_modules_at_the_top_and_a_folder_per_layer() -> None:
    top = sorted(p.name for p in PKG.glob("*.py") if p.name != "__init__.py")
    assert top == ["api.py", "cli.py", "errors.py", "moved.py", "paths.py"]
    assert _subpackages() == [
        "answers",
        "build",
        "checks",
        "common",
        "curation",
        "export",
        "publish",
        "server",
        "store",
        "web",
    ]


def test_no_module_over_600_lines() -> None:
    long = {
        str(p.relative_to(PKG)): n for p in _modules() if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert long == {}, "split these by concern (docs/architecture.md): " + ", ".join(long)


def test_the_layers_contract_names_the_folders() -> None:
    contract = next(c for c in _layer_contracts() if c["containers"] == ["llm4cell_kg"])
    named = {name.strip() for layer in contract["layers"] for name in layer.split("|")}
    top_modules = {p.stem for p in PKG.glob("*.py") if p.name != "__init__.py"}
    assert named == set(_subpackages()) | top_modules
    assert contract.get("exhaustive") is True
    # every folder has a contract for the order of its own modules
    inner = {c["containers"][0] for c in _layer_contracts() if c["containers"] != ["llm4cell_kg"]}
    folders = {".".join(p.parent.relative_to(PKG.parent).parts) for p in PKG.glob("**/__init__.py")} - {"llm4cell_kg"}
    assert inner == folders


def test_tests_mirror_the_layers() -> None:
    folders = {p.name for p in (REPO / "tests").iterdir() if p.is_dir()} - NOT_LAYERS
    assert folders == set(_subpackages())
    # a test named for a module sits in that module's layer: tests/<layer>/test_<module>.py
    where = {p.stem: p.parent.relative_to(PKG).parts[:1] for p in _modules() if p.name != "__init__.py"}
    for test in (REPO / "tests").rglob("test_*.py"):
        layer = test.parent.relative_to(REPO / "tests").parts
        module = test.stem.removeprefix("test_")
        if module in where and module not in ("cli",):  # server/cli.py and the top-level cli.py share a name
            assert layer == where[module], f"{test.relative_to(REPO)}: the module {module} is in {where[module]}"


def test_architecture_doc_matches_the_tree() -> None:
    text = DOC.read_text(encoding="utf-8")
    table = text[text.index("## What each layer owns") : text.index("## The path of the data")]
    named_files = set(re.findall(r"`([a-z_0-9]+\.py)`", table))
    named_dirs = set(re.findall(r"`([a-z_]+)/`", table))
    files = {p.name for p in _modules() if p.parent.name != "server"}  # server/ is named with its modules in words
    assert files - named_files - {"__init__.py"} == set(), "modules missing from docs/architecture.md"
    assert named_files - files == set(), "docs/architecture.md names modules that do not exist"
    assert named_dirs - {"graph", "ontology", "queries", "schemas", "views", "static", "_data"} <= set(
        _subpackages()
    ) | {"card"}
    for line in text[: text.index("## What each layer owns")].splitlines():
        for folder in re.findall(r"([a-z]+)/(?=\s|$| ·)", line):
            assert (PKG / folder / "__init__.py").is_file(), folder
    assert "docs/architecture.md" in (REPO / "README.md").read_text(encoding="utf-8")
