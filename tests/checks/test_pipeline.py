"""The one checked pipeline (llm4cell_kg.checks.pipeline): every command that builds the graph validates it."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from llm4cell_kg.checks import pipeline
from llm4cell_kg.cli import main
from llm4cell_kg.errors import UserError

SRC = "https://w3id.org/llm4cell/source/"
PACKAGE = Path(__file__).resolve().parents[2] / "llm4cell_kg"


def test_checked_graph_passes_and_keeps_its_report() -> None:
    g = pipeline.checked_graph()
    assert g.report.conforms and not g.report.violations and g.report.warnings
    assert g.quads == sorted(g.quads, key=str)
    derived = "https://w3id.org/llm4cell/source/derived/"
    helpers = [q for q in g.quads if str(q.graph_name).startswith(f"<{derived}")]
    assert len(helpers) == 112  # the build-time helper triples (docs/derived.md), in 3 graphs
    assert g.released == [q for q in g.quads if q not in set(helpers)]  # what the files hold
    links = {q.graph_name for q in g.quads if str(q.graph_name).startswith(f"<{SRC}web-link/")}
    assert len(links) == 113  # one graph per link record of graph/web_links.yaml (issue 22)
    # 1025 + issue 24's 12 claims about one model that state a triple (8 grounding, 4 modality) in a graph of their own
    # and 2 citation caveats (citation-other-name), + the 113 link graphs, + one graph per record of
    # graph/catalogue_models.yaml (issue 23: 56 models the survey lacks)
    catalogue = {q.graph_name for q in g.quads if str(q.graph_name).startswith(f"<{SRC}external/catalogue-model/")}
    assert len(catalogue) == 56
    assert g.graphs == len({q.graph_name for q in g.quads}) - 3 == 1039 + 113 + 56


def test_a_record_that_fails_shacl_fails_the_pipeline(graph_failing_shacl: Path) -> None:
    with pytest.raises(UserError, match=r"does not pass validation(.|\n)*l4cs:AssertionNotSurvey"):
        pipeline.checked_graph(graph_failing_shacl)


def test_export_figures_load_fail_exactly_like_build(graph_failing_shacl: Path, tmp_path: Path) -> None:
    data = str(graph_failing_shacl)
    runs = {
        "build": ["build", "--data", data, "--out", str(tmp_path / "build")],
        "export": ["export", "--format", "turtle", str(tmp_path / "out.ttl"), "--data", data],
        "figures": ["figures", str(tmp_path / "figures"), "--data", data],
        "load": ["load", "--endpoint", "http://127.0.0.1:9/sparql", "--data", data],
        "report": ["report", str(tmp_path / "report"), "--data", data],
    }
    outputs = {}
    for name, args in runs.items():
        r = CliRunner().invoke(main, args)
        assert r.exit_code == 1, (name, r.output)
        assert isinstance(r.exception, SystemExit) and "Traceback" not in r.output
        outputs[name] = r.output
    assert outputs["build"].startswith("error: the graph does not pass validation")
    assert "l4cs:AssertionNotSurvey" in outputs["build"]
    assert all(out == outputs["build"] for out in outputs.values()), outputs
    assert not (tmp_path / "build" / "llm4cell.nq").exists()
    assert not (tmp_path / "out.ttl").exists() and not (tmp_path / "figures").exists()
    assert not (tmp_path / "report").exists()


def test_a_missing_validation_engine_is_an_error_not_a_skip(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Before, `build.check` returned silently when its import failed and the build exited 0 unvalidated. (A graph
    the build cache keeps was checked when it was kept; here nothing is kept, so the graph must be checked now.)"""
    monkeypatch.setenv("LLM4CELL_KG_CACHE", str(tmp_path / "empty-cache"))
    # the default engine (the shapes compiled to SPARQL) cannot be imported: `from .shacl_sparql import` raises
    monkeypatch.setitem(sys.modules, "llm4cell_kg.checks.shacl_sparql", None)
    with pytest.raises(ImportError):
        pipeline.checked_graph()
    r = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "build")])
    assert r.exit_code != 0 and isinstance(r.exception, ImportError)
    assert not (tmp_path / "build" / "llm4cell.nq").exists()


def test_only_the_pipeline_and_the_validator_build_from_records() -> None:
    """No command assembles records -> quads itself: `build_quads(` is called only by the pipeline and by
    `validate` (which reports on a graph instead of refusing it)."""
    callers = sorted(
        f.relative_to(PACKAGE).as_posix()
        for f in PACKAGE.rglob("*.py")
        if re.search(r"(?<!def )build_quads\(", f.read_text(encoding="utf-8"))
    )
    assert callers == ["checks/pipeline.py", "checks/validate.py"]


def test_the_checked_default_graph_is_kept_by_its_inputs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, graph_copy: Path
) -> None:
    """Issue 27: with the inputs unchanged `checked_graph()` reads the graph and its report kept in the build cache
    (the same quads, in the same order, and the same report); edit one record and it is built and checked anew."""
    monkeypatch.setenv("LLM4CELL_KG_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("LLM4CELL_KG_DATA", str(graph_copy))  # records of this test's own (the default rules)
    first = pipeline.checked_graph()
    assert sorted(p.name.split("-")[0] for p in (tmp_path / "cache").iterdir()) == ["graph", "validation"]
    real = pipeline.build_quads
    monkeypatch.setattr(pipeline, "build_quads", lambda *a: pytest.fail("built again with the inputs unchanged"))
    kept = pipeline.checked_graph()
    assert kept.quads == first.quads and kept.report == first.report
    models = graph_copy / "models.yaml"
    text = models.read_text(encoding="utf-8").replace("domain_score: 6", "domain_score: 7", 1)
    cite = "  citation: cui-et-al-2024\n"  # scGPT's: the 7 kept against its printed '6' by an override with a reason
    text = text.replace(cite, cite + "  override:\n    domain_score:\n      reason: a fixture of this test\n", 1)
    models.write_text(text, "utf-8")
    built: list[int] = []
    monkeypatch.setattr(pipeline, "build_quads", lambda *a: built.append(1) or real(*a))
    again = pipeline.checked_graph()
    assert built == [1] and again.quads != first.quads
    assert len(list((tmp_path / "cache").glob("graph-*.nq"))) == 1  # the other inputs' graph is gone
