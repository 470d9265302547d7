"""Where the records come from: --data / LLM4CELL_KG_DATA, else a checkout at or above the current directory,
else the bundled snapshot; and an edit in a checkout is never shadowed by the installed copy (tested from a wheel)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from llm4cell_kg import paths

REPO = Path(__file__).resolve().parent.parent


def _checkout_copy(dest: Path) -> Path:
    """A copy of the checkout's data (what `git clone` gives a curator), without the package's code."""
    dest.mkdir(parents=True)
    for name in ("graph", "ontology", "queries"):
        shutil.copytree(REPO / name, dest / name)
    shutil.copy(REPO / "pyproject.toml", dest / "pyproject.toml")
    return dest


def test_checkout_needs_pyproject_naming_the_project(tmp_path: Path) -> None:
    co = _checkout_copy(tmp_path / "co")
    assert paths.is_checkout(co)
    (co / "sub" / "deeper").mkdir(parents=True)
    assert paths.find_checkout(co / "sub" / "deeper") == co
    other = tmp_path / "other"
    other.mkdir()
    (other / "graph").mkdir()
    (other / "ontology").mkdir()
    (other / "pyproject.toml").write_text('[project]\nname = "something-else"\n')
    assert not paths.is_checkout(other)
    (other / "pyproject.toml").unlink()
    assert not paths.is_checkout(other)


def test_precedence_data_then_env_then_checkout_then_bundled(tmp_path: Path) -> None:
    co = _checkout_copy(tmp_path / "co")
    records = tmp_path / "records"
    records.mkdir()
    src = paths.resolve(cwd=co / "graph", env={})
    assert (src.graph_dir, src.root, src.how) == (co / "graph", co, "checkout")
    assert src.describe() == f"records: {co / 'graph'} (the checkout at {co})"
    src = paths.resolve(cwd=co, env={paths.ENV_VAR: str(records)})
    assert (src.graph_dir, src.root, src.how) == (records, co, "LLM4CELL_KG_DATA")
    src = paths.resolve(data=co, cwd=tmp_path, env={paths.ENV_VAR: str(records)})
    assert (src.graph_dir, src.how) == (co / "graph", "--data")  # a checkout given as --data: its graph/
    src = paths.resolve(cwd=tmp_path, env={})
    assert src.how == "bundled" and src.graph_dir == paths.bundled_root() / "graph"


def test_attributes_follow_the_current_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    co = _checkout_copy(tmp_path / "co")
    monkeypatch.chdir(co)
    monkeypatch.delenv(paths.ENV_VAR, raising=False)
    assert paths.GRAPH_DIR == co / "graph"
    assert paths.ONTOLOGY_FILE == co / "ontology" / "llm4cell.ttl"
    assert paths.QUERIES_DIR == co / "queries"
    paths.use(tmp_path)
    try:
        assert paths.GRAPH_DIR == tmp_path.resolve()
    finally:
        paths.use(None)
    assert paths.GRAPH_DIR == co / "graph"


def test_cache_digest_keys_on_the_records_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from llm4cell_kg.store.embedded import inputs_digest

    co = _checkout_copy(tmp_path / "co")
    monkeypatch.chdir(co)
    monkeypatch.delenv(paths.ENV_VAR, raising=False)
    before = inputs_digest()
    models = co / "graph" / "models.yaml"
    models.write_text(models.read_text(encoding="utf-8").replace("domain_score: 6", "domain_score: 7", 1))
    assert inputs_digest() != before


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package built as a wheel (offline, hatchling from the test extras) and installed in a fresh venv."""
    base = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "--no-build-isolation", "-w", str(base)],
        check=True,
        capture_output=True,
    )
    (whl,) = base.glob("llm4cell_kg-*.whl")
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    subprocess.run(
        [str(env_dir / "bin" / "python"), "-m", "pip", "install", "--no-deps", "--no-index", str(whl)],
        check=True,
        capture_output=True,
    )
    _inherit_dependencies(env_dir)
    return env_dir


def _inherit_dependencies(env_dir: Path) -> None:
    """Make the running environment's site-packages visible to the venv, after its own (so the wheel's copy wins).

    Not `system_site_packages`: that is the base interpreter's, which lacks the dependencies when the tests run in a
    venv. A path line in a .pth file adds the directory without running its own .pth files, so an editable install
    of the package in the running environment stays invisible.
    """
    own = subprocess.run(
        [str(env_dir / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    running = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (Path(own) / "_running_environment.pth").write_text("".join(f"{p}\n" for p in running), encoding="utf-8")


def _run(env_dir: Path, args: list[str], cwd: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", paths.ENV_VAR, "VIRTUAL_ENV")}
    env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["LLM4CELL_KG_CACHE"] = str(tmp_path / "cache")
    return subprocess.run(
        [str(env_dir / "bin" / "llm4cell-kg"), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def test_wheel_install_reads_the_edited_checkout(wheel_venv: Path, tmp_path: Path) -> None:
    where = subprocess.run(
        [str(wheel_venv / "bin" / "python"), "-c", "import llm4cell_kg; print(llm4cell_kg.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(wheel_venv)), where  # the wheel's copy, not an editable checkout
    co = _checkout_copy(tmp_path / "co")
    models = co / "graph" / "models.yaml"
    text = models.read_text(encoding="utf-8")
    scgpt = text.index("id: scgpt\n")
    at = text.index("domain_score: 6", scgpt)
    assert at < text.index("id: geneformer\n")  # the edit lands in scGPT's record
    models.write_text(text[:at] + "domain_score: 11" + text[at + len("domain_score: 6") :], encoding="utf-8")
    (co / "notes").mkdir()
    res = _run(wheel_venv, ["build", "--out", str(tmp_path / "out")], co / "notes", tmp_path)
    assert res.returncode == 1, res.stdout + res.stderr
    assert res.stderr.splitlines()[0] == f"records: {co / 'graph'} (the checkout at {co})"
    assert "graph/models.yaml" in res.stderr
    assert "record 'scgpt'" in res.stderr
    assert "domain_score: 11 is out of range" in res.stderr
    assert "Traceback" not in res.stderr
    assert not (tmp_path / "out").exists()
    # Outside any checkout the installed snapshot is used, and says so; the unedited snapshot builds.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    res = _run(wheel_venv, ["build", "--out", str(tmp_path / "out2")], elsewhere, tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stderr.splitlines() == [
        f"records: {wheel_venv}/lib/python{sys.version_info.major}.{sys.version_info.minor}/site-packages/"
        "llm4cell_kg/_data/graph (the snapshot installed with the package)"
    ]
    from llm4cell_kg.build.derived import strip
    from llm4cell_kg.checks.pipeline import checked_graph

    checkout = strip(checked_graph().quads)  # the snapshot was bundled from this checkout: the same graph
    graphs = len({q.graph_name for q in checkout})
    assert res.stdout.startswith(f"built {len(checkout)} quads in {graphs} graphs\n")  # as written: no helpers
    # --data DIR names the edited records from anywhere.
    res = _run(wheel_venv, ["build", "--data", str(co), "--out", str(tmp_path / "out3")], elsewhere, tmp_path)
    assert res.returncode == 1 and "domain_score: 11 is out of range" in res.stderr
    assert res.stderr.splitlines()[0] == f"records: {co / 'graph'} (--data)"
    # The catalogue snapshots are bundled too: `drift` runs outside any checkout (tests/answers/test_drift.py's counts)
    res = _run(wheel_venv, ["drift", "--format", "json"], elsewhere, tmp_path)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["counts"] == {"lacking": 11, "not_in_survey": 56, "unlisted": 18, "disagreements": 27}
