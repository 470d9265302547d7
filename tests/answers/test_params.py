"""Canned queries with parameters: declared in the .rq header, bound safely, names resolved as `show` does."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from llm4cell_kg.answers.query import bind_params, example_text, get_query, list_queries, parse, run_query
from llm4cell_kg.api import query_df
from llm4cell_kg.cli import main
from llm4cell_kg.errors import UserError
from llm4cell_kg.store.sparql import run, term_text, with_values


def table(result: object) -> list[list[str]]:
    return [[term_text(t) for t in row] for row in result.rows]  # type: ignore[attr-defined]


def test_headers_declare_parameters() -> None:
    declared = {q.name: [p.name for p in q.params] for q in list_queries() if q.params}
    assert declared["provenance-of-statement"] == ["model", "dataset"]
    assert declared["model-table7-row"] == ["model"]
    assert declared["task-models"] == ["task", "model"]
    assert declared["model-dataset-claims"] == ["model", "dataset"]
    p = get_query("datasets-over-1m-cells").params[0]
    assert (p.name, p.type, p.default) == ("min_cells", "integer", "1000000")


def test_bad_header_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "x.rq"
    f.write_text("# title: t\n# question: q\n# answers: a\n# columns: x\n# param: m (iri): no class\nSELECT ?x {}\n")
    with pytest.raises(UserError, match="bad parameter line"):
        parse(f)


def test_a_query_for_one_entity_requires_it(store: ox.Store, tmp_path: Path) -> None:
    q = get_query("provenance-of-statement")
    assert q.requires == ("model", "dataset") and q.example == (("model", "model:scgpt"),)
    with pytest.raises(UserError, match="answers for one model or one dataset: give --param model=NAME or"):
        run_query("provenance-of-statement", store)
    r = CliRunner().invoke(main, ["query", "provenance-of-statement"])
    assert r.exit_code == 1 and "llm4cell-kg query provenance-of-statement --param model=scgpt" in r.output
    assert "Traceback" not in r.output
    listed = CliRunner().invoke(main, ["query", "--list"]).output
    assert "(give one of: --param model, --param dataset)" in listed
    with pytest.raises(UserError, match="answers for one"):
        query_df("provenance-of-statement", store)
    # what the benchmarks run: the text with its example bound, the same rows as --param model=scgpt
    assert table(run(store, example_text(q))) == table(run_query("provenance-of-statement", store, {"model": "scgpt"}))
    assert example_text(get_query("models-per-family")) == get_query("models-per-family").text
    # either one satisfies it; the other queries require nothing
    assert len(run_query("provenance-of-statement", store, {"dataset": "HLCA"}).rows) > 5
    assert [x.name for x in list_queries() if x.requires] == ["provenance-of-statement"]
    # a header that requires a parameter it does not declare, or gives no example, is refused
    f = tmp_path / "x.rq"
    head = "# title: t\n# question: q\n# answers: a\n# columns: x\n# param: m (iri l4c:Model): a model\n"
    f.write_text(head + "# requires: one of m\nSELECT ?x {}\n")
    with pytest.raises(UserError, match="needs an example"):
        parse(f)
    f.write_text(head + "# requires: one of n\n# example: m=model:scgpt\nSELECT ?x {}\n")
    with pytest.raises(UserError, match="must name declared parameters"):
        parse(f)


def test_provenance_of_scgpt_once_each(store: ox.Store) -> None:
    r = run_query("provenance-of-statement", store, {"model": "scgpt"})
    rows = table(r)
    assert {row[0] for row in rows} == {"model:scgpt"}
    facts = [(row[1], row[2]) for row in rows]
    assert len(facts) == len(set(facts))  # one fact, one row
    by_fact = {(row[1], row[2]): row[3].split("; ") for row in rows}
    # Table 7 row 1: "Annotation, Integration, Perturbation"; annotation also in sentences about groups: §4.1 "These
    # models underpin most single-cell LLM pipelines, offering strong transfer for annotation", §5 "scGPT and
    # Geneformer support both annotation and perturbation prediction", §5.1 "Foundation models such as scGPT,
    # scFoundation, and scBERT achieve high accuracy on atlases", each marked "(group)"
    assert set(by_fact[("l4c:task", "task:annotation")]) == {
        "Table 7 row 1",
        "§4.1 (group)",
        "§5 (group)",
        "§5.1 (group)",
    }
    # §C.1 "scGPT and scFoundation were pretrained on human–mouse atlases": the species links quote a group sentence
    assert by_fact[("l4c:species", "NCBITaxon:9606")] == ["§C.1 (group)"]
    assert by_fact[("l4c:printedVenue", "Nature Methods")] == ["Table 7 row 1"]


def test_names_resolve_like_show(store: ox.Store) -> None:
    # Table 7 row 2 is Geneformer (Theodoris et al., 2023), Nature
    rows = table(run_query("model-table7-row", store, {"model": "Geneformer"}))
    assert [r[:5] for r in rows] == [["model:geneformer", "2", "1", "Geneformer (Theodoris et al., 2023)", "Nature"]]
    # by CURIE, and a dataset's provenance through its alternative label
    assert table(run_query("model-table7-row", store, {"model": "model:uce"}))[0][1] == "8"
    hlca = table(run_query("provenance-of-statement", store, {"dataset": "HLCA"}))
    assert {r[0] for r in hlca} == {"dataset:hlca-v1"}


def test_integer_parameter(store: ox.Store) -> None:
    # Tables 1-6 Scale cells over 10 M cells: only the HCA data browser (~63.2 M cells, Table 3)
    rows = table(run_query("datasets-over-1m-cells", store, {"min_cells": "10000000"}))
    assert [r[0] for r in rows] == ["dataset:hca-data-browser"]
    # the default (1 M): HCA data browser, MERFISH, Replogle, scPlantDB, HCA lung, HLCA, Allen Brain Map, Tabula Sapiens
    assert len(table(run_query("datasets-over-1m-cells", store))) == 8


def test_bad_parameters_are_refused(store: ox.Store) -> None:
    with pytest.raises(UserError, match="has no parameter 'dataset'. Its parameters: model"):
        run_query("model-table7-row", store, {"dataset": "hlca"})
    with pytest.raises(UserError, match="must be an integer, not 'lots'"):
        run_query("datasets-over-1m-cells", store, {"min_cells": "lots"})
    with pytest.raises(UserError, match=r"'hlca' is Human Lung Cell Atlas v1.0 \(dataset:hlca-v1\), a dataset"):
        run_query("model-table7-row", store, {"model": "hlca"})
    with pytest.raises(UserError, match="Did you mean: Geneformer"):
        run_query("model-table7-row", store, {"model": "Geneformr"})
    with pytest.raises(UserError, match="give one of model and dataset"):
        run_query("provenance-of-statement", store, {"model": "scgpt", "dataset": "hlca"})


def test_values_block_binds_like_substitution(store: ox.Store) -> None:
    """The remote path (a VALUES block of serialised terms) answers as pyoxigraph's substitution does."""
    q = get_query("task-models")
    bindings = bind_params(q, {"task": "annotation"}, store)
    direct = table(run(store, q.text, bindings))
    via_values = table(run(store, with_values(q.text, bindings)))
    assert direct == via_values and len(direct) > 10
    # user text is a literal, never query text
    hostile = {"x": ox.Literal('scGPT" } } DROP ALL ; SELECT * { ?s ?p "')}
    text = with_values("SELECT ?l WHERE { ?m rdfs:label ?l FILTER(?l = ?x) }", hostile)
    assert run(store, text).rows == []


def test_cli_and_api(store: ox.Store) -> None:
    runner = CliRunner()
    r = runner.invoke(main, ["query", "provenance-of-statement", "--param", "model=scgpt", "--format", "csv"])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0] == "s,p,o,sources,quotes"
    assert all(line.startswith("model:scgpt,") for line in lines[1:])
    r = runner.invoke(main, ["query", "model-table7-row", "--param", "model"])
    assert r.exit_code == 1 and "write NAME=VALUE" in r.output
    r = runner.invoke(main, ["query", "--list"])
    assert "--param model (iri l4c:Model)" in r.output
    df = query_df("model-table7-row", store, model="cellagent")
    assert df["row"].tolist() == [58] and df["agentic"].tolist() == ["Yes"]


def test_every_canned_query_one_row_per_fact(store: ox.Store) -> None:
    """Over the union graph a triple stated by four sources matches four times; every canned query collapses them."""
    assert len(run(store, "SELECT ?t WHERE { model:scgpt l4c:task ?t }").rows) > 5  # 5 tasks, some stated 2-4 times
    for q in list_queries():
        rows = [tuple(map(str, r)) for r in run(store, q.text).rows]
        assert len(rows) == len(set(rows)), q.name
