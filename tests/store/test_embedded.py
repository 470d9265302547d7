"""The embedded store and its build cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from llm4cell_kg.answers.sources import restrict
from llm4cell_kg.store import embedded as st


def _ground(s: ox.Store) -> set[ox.Quad]:
    """The quads without blank nodes (their labels are fresh after a reload)."""
    return {q for q in s if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)}


def test_cache_is_written_then_reused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, quads: list[ox.Quad]) -> None:
    monkeypatch.setenv("LLM4CELL_KG_CACHE", str(tmp_path))
    first = st.default_store()
    files = list(tmp_path.glob("graph-*.nq"))
    assert [f.name for f in files] == [f"graph-{st.inputs_digest()}.nq"]
    second = st.default_store()  # from the cache
    assert len(first) == len(second) == len(set(quads))
    assert _ground(first) == _ground(second)
    answer = "SELECT (COUNT(*) AS ?n) WHERE { ?m a <https://w3id.org/llm4cell/ontology#Model> }"
    # the cache holds every source: 58 Table 7 rows, 2 prose-only models and graph/catalogue_models.yaml's 56;
    # a default answer reads the survey's 60 (answers/sources.restrict)
    assert [r[0].value for r in second.query(answer, use_default_graph_as_union=True)] == ["116"]
    assert [r[0].value for r in restrict(second, "survey").query(answer, use_default_graph_as_union=True)] == ["60"]


def test_cache_disabled(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LLM4CELL_KG_CACHE", "0")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert st.cache_dir() is None
    assert len(st.default_store()) > 0
    assert not any(tmp_path.rglob("*.nq"))


def test_corrupt_cache_is_rebuilt(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, quads: list[ox.Quad]) -> None:
    monkeypatch.setenv("LLM4CELL_KG_CACHE", str(tmp_path))
    bad = tmp_path / f"graph-{st.inputs_digest()}.nq"
    bad.write_text("<not n-quads\n", encoding="utf-8")
    assert len(st.default_store()) == len(set(quads))
    assert bad.read_text(encoding="utf-8").count("\n") == len(set(quads))  # rewritten whole


def test_digest_follows_the_records(monkeypatch: pytest.MonkeyPatch, graph_copy: Path) -> None:
    before = st.inputs_digest()
    # `current` is patched, not GRAPH_DIR: undoing a setattr of a module `__getattr__` name leaves it fixed for good
    root = st.paths.ROOT
    monkeypatch.setattr(st.paths, "current", lambda: st.paths.Source(graph_copy, root, "--data"))
    assert st.inputs_digest() == before
    models = graph_copy / "models.yaml"
    models.write_text(
        models.read_text(encoding="utf-8").replace("domain_score: 6", "domain_score: 7", 1), encoding="utf-8"
    )
    assert st.inputs_digest() != before


def test_digest_does_not_depend_on_where_the_checkout_lives(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Copies whose full paths sort the other way round (ontology before graph) give the same digest.
    before = st.inputs_digest()
    graph = shutil.copytree(st.paths.GRAPH_DIR, tmp_path / "z" / "graph")
    ontology = shutil.copytree(st.paths.ONTOLOGY_DIR, tmp_path / "a" / "ontology")
    monkeypatch.setattr(st.paths, "current", lambda: st.paths.Source(Path(graph), Path(ontology).parent, "--data"))
    assert st.inputs_digest() == before


def test_disk_store_is_filled_once(tmp_path: Path, quads: list[ox.Quad]) -> None:
    path = tmp_path / "store"
    s = st.open_store(path)
    assert len(s) == len(set(quads))
    del s
    assert len(st.open_store(path)) == len(set(quads))
