"""The gates: the README's test command runs ruff, ruff format, mypy and import-linter before pytest, and CI
(.ci/run) runs exactly that command."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GATES = ("ruff check .", "ruff format --check .", "mypy", "lint-imports")


def readme_test_command() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)\n```", readme, re.S)
    return next(b for b in blocks if "pytest" in b)


def test_ci_runs_the_readme_test_command_exactly() -> None:
    ci = (REPO / ".ci/run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == readme_test_command()


def test_ci_runs_it_in_a_fresh_venv_of_its_own() -> None:
    """CI sees what a newcomer sees: a new venv, without the base interpreter's packages, active for the command."""
    ci = (REPO / ".ci/run").read_text(encoding="utf-8").strip().splitlines()
    steps = [line for line in ci if line and not line.startswith("#")]
    make = next(i for i, line in enumerate(steps) if " -m venv " in line)
    activate = next(i for i, line in enumerate(steps) if line.startswith(". ") and line.endswith('/bin/activate"'))
    assert "--system-site-packages" not in steps[make]
    assert make < activate < len(steps) - 1
    assert any(line.startswith('CI_VENV="$(mktemp -d') for line in steps[:make])  # a new directory each run


def test_every_gate_runs_before_pytest() -> None:
    steps = [s.strip() for s in readme_test_command().split("&&")]
    assert steps[-1] == "python -m pytest"
    assert [s for s in steps if s in GATES] == list(GATES)
    assert steps.index("lint-imports") < steps.index("python -m pytest")


def test_gates_are_configured_and_their_tools_are_test_extras() -> None:
    conf = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert conf["tool"]["mypy"]["files"] == ["llm4cell_kg"] and conf["tool"]["mypy"]["disallow_untyped_defs"]
    contracts = conf["tool"]["importlinter"]["contracts"]
    assert {c["type"] for c in contracts} == {"layers", "acyclic_siblings"}
    layers = next(c for c in contracts if c["type"] == "layers")
    assert layers["containers"] == ["llm4cell_kg"] and layers["exhaustive"]
    assert layers["layers"][0] == "cli | api | server" and layers["layers"][-1] == "common | errors | paths | moved"
    extras = " ".join(conf["project"]["optional-dependencies"]["test"])
    for tool in ("ruff", "mypy", "import-linter"):
        assert tool in extras


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_constraints_pin_every_dependency_and_the_readme_says_how_to_use_them() -> None:
    """constraints.txt (scripts/lock.sh) holds one exact version per installed package, every requirement included."""
    conf = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_name(r) for r in conf["dependencies"] + conf["optional-dependencies"]["test"]}
    lines = [x for x in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines() if not x.startswith("#")]
    pins = dict(x.split("==", 1) for x in lines)
    assert len(pins) == len(lines), [x for x in lines if "==" not in x]
    assert all(re.fullmatch(r"[0-9][0-9A-Za-z.+!-]*", v) for v in pins.values())
    assert wanted <= {_name(p) for p in pins}, wanted - {_name(p) for p in pins}
    assert "llm4cell-kg" not in {_name(p) for p in pins}
    assert 'python -m pip install -c constraints.txt -e ".[test]"' in (REPO / "README.md").read_text(encoding="utf-8")
