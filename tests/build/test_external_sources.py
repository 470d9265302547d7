"""Records from publications other than the survey (issue 14 item 2): a model the survey does not list, with an
arXiv source, builds into a graph of its own (a PROV-O curator assertion); every default answer stays what the survey
says; `--sources all` shows the record with its source."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from llm4cell_kg import paths
from llm4cell_kg.answers.query import list_queries
from llm4cell_kg.answers.sources import annotate, restrict
from llm4cell_kg.checks.validate import validate_quads
from llm4cell_kg.cli import main
from llm4cell_kg.curation.load import load
from llm4cell_kg.curation.problems import CurationError
from llm4cell_kg.store.sparql import render, run

FIXTURES = Path(__file__).parents[1] / "fixtures" / "external"
GRAPH = "https://w3id.org/llm4cell/source/external/model/cellwhisperer"
MODEL = "https://w3id.org/llm4cell/model/cellwhisperer"
PROV = "http://www.w3.org/ns/prov#"


def test_shipped_graph_has_no_curated_external_records() -> None:
    """graph/ ships no curator's records from other publications; the catalogue's are graph/catalogue_models.yaml."""
    assert not list(paths.GRAPH_DIR.glob("external_*.yaml"))
    assert (paths.GRAPH_DIR / "catalogue_models.yaml").is_file()


def test_external_model_builds_into_its_own_prov_graph(full_quads: list[ox.Quad], tmp_path: Path) -> None:
    in_graph = {
        (q.subject.value, q.predicate.value, q.object.value) for q in full_quads if q.graph_name == ox.NamedNode(GRAPH)
    }
    assert (GRAPH, PROV + "wasDerivedFrom", "https://arxiv.org/abs/2410.15445") in in_graph
    assert (GRAPH, PROV + "wasAttributedTo", "https://w3id.org/llm4cell/curator/ada-lovelace") in in_graph
    assert (GRAPH, PROV + "generatedAtTime", "2026-01-15T00:00:00") in in_graph
    assert (GRAPH, "https://w3id.org/llm4cell/ontology#sourceIdentifier", "arXiv:2410.15445") in in_graph
    assert (
        MODEL,
        "https://w3id.org/llm4cell/ontology#family",
        "https://w3id.org/llm4cell/family/text-bridge",
    ) in in_graph
    # never mixed with the survey's: every statement about the model is in its graph, none derives from the survey
    about = {str(q.graph_name) for q in full_quads if MODEL in (q.subject.value, q.object.value)}
    assert about == {f"<{GRAPH}>"}
    assert (GRAPH, PROV + "wasDerivedFrom", "https://w3id.org/llm4cell/survey") not in in_graph


def test_build_with_external_records_passes_validation(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--data", str(data_dir), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"<{GRAPH}>" in (out / "llm4cell.nq").read_text(encoding="utf-8")


def test_every_default_answer_is_unchanged(full_store: ox.Store, store: ox.Store) -> None:
    """Each canned query (audit rules included) gives the same rows on the survey-only build and, by default, on the
    build that also holds records from other publications."""
    survey_view = restrict(full_store, "survey")
    for q in list_queries():
        assert render(run(survey_view, q.text), "json") == render(run(store, q.text), "json"), q.name


def test_sources_all_shows_the_record_with_its_source(full_store: ox.Store) -> None:
    text = "SELECT ?m ?label WHERE { ?m a l4c:Model ; rdfs:label ?label FILTER(STRSTARTS(?label, 'Cell')) } ORDER BY ?m"
    default = run(restrict(full_store, "survey"), text)
    assert MODEL not in {row[0].value for row in default.rows}
    everything = annotate(run(restrict(full_store, "all"), text), full_store)
    assert everything.variables == ["m", "label", "source"]
    rows = {row[0].value: row[2].value for row in everything.rows}
    assert rows[MODEL] == "not in the survey (arXiv:2410.15445)"
    assert rows["https://w3id.org/llm4cell/model/cellfm"] == "survey"  # Table 7 row 4


def test_cli_query_and_sparql_sources_option(full_quads: list[ox.Quad], tmp_path: Path) -> None:
    disk = tmp_path / "store"
    s = ox.Store(str(disk))
    s.bulk_extend(full_quads)
    s.flush()
    del s
    gc.collect()
    runner = CliRunner()
    q = "SELECT ?m WHERE { ?m l4c:family family:text-bridge } ORDER BY ?m"
    default = runner.invoke(main, ["sparql", q, "--store", str(disk), "--format", "csv"])
    assert default.exit_code == 0, default.output
    assert "cellwhisperer" not in default.output
    everything = runner.invoke(main, ["sparql", q, "--store", str(disk), "--format", "csv", "--sources", "all"])
    assert everything.exit_code == 0, everything.output
    lines = everything.output.splitlines()
    assert lines[0] == "m,source"
    assert "model:cellwhisperer,not in the survey (arXiv:2410.15445)" in lines
    assert "model:cell2sentence,survey" in lines  # Table 7 row 31, a text-bridge model
    assert len(lines) == len(default.output.splitlines()) + 1
    canned = runner.invoke(main, ["query", "figure3-task-model-matrix", "--store", str(disk), "--sources", "all"])
    assert canned.exit_code == 0, canned.output
    assert "model:cellwhisperer" in canned.output and "arXiv:2410.15445" in canned.output
    canned_default = runner.invoke(main, ["query", "figure3-task-model-matrix", "--store", str(disk)])
    assert "cellwhisperer" not in canned_default.output


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('    arxiv: "2410.15445"\n', '    arxiv: "2410.15445"\n    doi: 10.1/x\n', "exactly one of doi, arxiv or url"),
        ('    arxiv: "2410.15445"\n', '    arxiv: "arXiv:2410.15445"\n', "is not an arXiv id like 2501.01234"),
        ("    curator: Ada Lovelace\n", "", "source.curator: missing; name who curated the record"),
        ("    date: 2026-01-15\n", "    date: 2026-13-45\n", "source.date: '2026-13-45' is not a date"),
        ("    date: 2026-01-15\n", "    date: 2026-01-15\n    page: 3\n", "source.page: unknown key"),
        ("- id: cellwhisperer\n", "- id: scgpt\n", "'scgpt' is already a model of the survey"),
        ("  families: [text-bridge]\n", "  families: [text-brige]\n", "unknown family 'text-brige'"),
    ],
)
def test_source_block_is_checked(tmp_path: Path, old: str, new: str, message: str) -> None:
    d = tmp_path / "graph"
    shutil.copytree(paths.GRAPH_DIR, d)
    text = (FIXTURES / "external_models.yaml").read_text(encoding="utf-8")
    assert old in text
    (d / "external_models.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CurationError) as err:
        load(d)
    assert message in str(err.value)
    assert all(p.file == "graph/external_models.yaml" and p.line for p in err.value.problems)


def test_shapes_cover_curator_assertions() -> None:
    """A curator assertion without its curator or date, or derived from the survey, is a violation."""
    g = ox.NamedNode("https://w3id.org/llm4cell/source/external/model/x")
    m = ox.NamedNode("https://w3id.org/llm4cell/model/x")
    L4C = "https://w3id.org/llm4cell/ontology#"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    quads = [
        ox.Quad(g, rdf_type, ox.NamedNode(L4C + "CuratorAssertion"), g),
        ox.Quad(g, ox.NamedNode(PROV + "wasDerivedFrom"), ox.NamedNode("https://w3id.org/llm4cell/survey"), g),
        ox.Quad(g, ox.NamedNode(L4C + "sourceIdentifier"), ox.Literal("arXiv:1"), g),
        ox.Quad(m, rdf_type, ox.NamedNode(L4C + "Model"), g),
        ox.Quad(m, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("X"), g),
    ]
    report = validate_quads(quads, provenance=True)
    shapes = {r.shape for r in report.violations}
    assert {"l4cs:AssertionCurator", "l4cs:AssertionTime", "l4cs:AssertionNotSurvey"} <= shapes
    # the graph is a described source (a curator assertion), so the provenance check accepts it
    assert "l4cs:ProvenanceQuadCheck" not in shapes
    located = [r for r in report.violations if r.shape == "l4cs:AssertionCurator"]
    assert located[0].file == "graph/external_models.yaml" and located[0].record == "x"
