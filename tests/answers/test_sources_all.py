"""Every canned query under `--sources all` (issue 23 item 2): the survey's Table 7 and Tables 1-6 sources widened to
the records curated from other publications (answers/widen.py), each row naming the source it rests on. The fixture
model CellWhisperer (arXiv 2410.15445; Text-Bridge, RNA + text, annotation) and dataset CZ CELLxGENE Census 2025
(doi 10.1093/nar/gkae1142; RNA; annotation, multiomic integration) are in tests/fixtures/external/."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
from click.testing import CliRunner

from llm4cell_kg.answers.query import get_query, list_queries
from llm4cell_kg.answers.sources import answer, restrict, widen
from llm4cell_kg.cli import main
from llm4cell_kg.store.sparql import render, run

ARXIV = "not in the survey (arXiv:2410.15445)"
DOI = "not in the survey (doi:10.1093/nar/gkae1142)"
L4C = "https://w3id.org/llm4cell/ontology#"


def _rows(result: ox.QuerySolutions) -> list[list[str]]:
    return [["" if t is None else t.value for t in row] for row in result.rows]


def test_models_per_family_counts_the_record_beside_the_survey(full_store: ox.Store) -> None:
    """Table 7 places 17 models in Text-Bridge LLMs (58 rows in all); the fixture model is the 18th."""
    survey = _rows(run(restrict(full_store, "survey"), get_query("models-per-family").text))
    assert [r[0].rsplit("/", 1)[1] + "=" + r[2] for r in survey] == [
        "foundation=25",
        "spatial-multimodal=17",
        "text-bridge=17",
        "epigenomic=5",
        "agentic=4",
        "benchmark-evaluation=2",
    ]
    everything = answer(full_store, get_query("models-per-family").text, "all")
    assert everything.variables == ["family", "label", "models", "source"]
    got = {r[0].rsplit("/", 1)[1]: (r[2], r[3]) for r in _rows(everything)}
    assert got["text-bridge"] == ("18", f"survey; {ARXIV}")
    assert got["foundation"] == ("25", "survey")
    assert got["agentic"] == ("4", "survey")


def test_rows_of_a_record_name_its_source(full_store: ox.Store) -> None:
    """figure1-taxonomy lists the 58 Table 7 models by default and 59 with every source; the new row says where it
    comes from; models-without-prose lists it without a Table 7 row."""
    text = get_query("figure1-taxonomy").text
    assert len({r[2] for r in _rows(run(restrict(full_store, "survey"), text))}) == 58
    rows = _rows(answer(full_store, text, "all"))
    assert len({r[2] for r in rows}) == 59
    mine = [r for r in rows if r[2].endswith("/cellwhisperer")]
    assert mine == [
        [
            "https://w3id.org/llm4cell/family/text-bridge",
            "Text-Bridge LLMs",
            "https://w3id.org/llm4cell/model/cellwhisperer",
            "CellWhisperer",
            ARXIV,
        ]
    ]
    assert {r[4] for r in rows if r != mine[0]} == {"survey"}
    lonely = _rows(answer(full_store, get_query("models-without-prose").text, "all"))
    assert ["https://w3id.org/llm4cell/model/cellwhisperer", "CellWhisperer", "", ARXIV] in lonely


def test_dataset_counts_and_grouped_rows(full_store: ox.Store) -> None:
    """Tables 1-6 give 20 RNA datasets; the fixture dataset is the 21st. Figure 4's annotation row: 4 agentic and
    34 non-agentic Table 7 models, and CellWhisperer (agentic: false) is the 35th."""
    per_modality = {r[0]: r for r in _rows(answer(full_store, get_query("datasets-per-modality").text, "all"))}
    assert per_modality["https://w3id.org/llm4cell/modality/rna"][2:] == ["21", f"survey; {DOI}"]
    default = {r[0]: r for r in _rows(run(restrict(full_store, "survey"), get_query("datasets-per-modality").text))}
    assert default["https://w3id.org/llm4cell/modality/rna"][2] == "20"
    fig4 = {r[0]: r for r in _rows(answer(full_store, get_query("figure4-agentic-task-coverage").text, "all"))}
    assert fig4["https://w3id.org/llm4cell/task/annotation"][2:] == ["4", "35", f"survey; {ARXIV}"]


def test_a_nested_table_check_is_not_widened(full_store: ox.Store) -> None:
    """task-models says whether Table 7 pairs the model with the task (a subquery): the record is listed, not in
    Table 7; figure 3's basis for it is "external", not "table"."""
    rows = _rows(answer(full_store, get_query("task-models").text, "all", canned=True))
    assert ["https://w3id.org/llm4cell/task/annotation", "annotation and ontology mapping"] + [
        "https://w3id.org/llm4cell/model/cellwhisperer",
        "CellWhisperer",
        "false",
        "",
        "",
        ARXIV,
    ] in rows
    fig3 = _rows(answer(full_store, get_query("figure3-task-model-matrix").text, "all"))
    fig3 = [r for r in fig3 if "whisper" in r[0]]
    assert [r[4:] for r in fig3] == [["1", "0", "0", "0", "external", ARXIV]]


def test_richer_records_are_read_without_changing_the_queries(full_quads: list[ox.Quad]) -> None:
    """A dataset statement in the record's own graph (as a record with `datasets:` will carry) is answered by
    model-datasets under every source, basis "external", its section the record's source (no claim, so no quote),
    resting on the record's paper; never by default."""
    graph = ox.NamedNode("https://w3id.org/llm4cell/source/external/model/cellwhisperer")
    model = ox.NamedNode("https://w3id.org/llm4cell/model/cellwhisperer")
    hlca = ox.NamedNode("https://w3id.org/llm4cell/dataset/hlca")
    st = ox.Store()
    st.extend([*full_quads, ox.Quad(model, ox.NamedNode(L4C + "trainedOrEvaluatedOn"), hlca, graph)])
    text = get_query("model-datasets").text
    rows = [r for r in _rows(answer(st, text, "all")) if r[0] == model.value]
    assert rows == [[model.value, hlca.value, "external", "arXiv:2410.15445", "", ARXIV]]
    assert model.value not in {r[0] for r in _rows(answer(st, text, "survey"))}


def test_survey_only_questions_stay_the_surveys(full_store: ox.Store) -> None:
    """Table 7's printed row, Tables 1-6 and the graph summary count what the survey prints: under every source
    the same rows, each said to be the survey's."""
    for name in ("model-table7-row", "tables1-6", "graph-summary", "link-coverage"):
        text = get_query(name).text
        assert widen(text) == (text, []), name
        default = _rows(run(restrict(full_store, "survey"), text))
        everything = _rows(answer(full_store, text, "all"))
        assert [r[:-1] for r in everything] == default and {r[-1] for r in everything} == {"survey"}, name


def test_every_widened_query_runs_and_default_answers_are_untouched(full_store: ox.Store, store: ox.Store) -> None:
    """Each canned query runs widened (no syntax error, a `source` column), and its default answer on the graph
    holding other publications' records is the survey-only build's, byte for byte."""
    for q in list_queries():
        if q.requires:
            continue
        everything = answer(full_store, q.text, "all")
        assert everything.variables[-1] in ("source", "rests_on"), q.name
        assert render(answer(full_store, q.text, "survey"), "json") == render(run(store, q.text), "json"), q.name


def test_cli_query_sources_all(data_dir: Path) -> None:
    runner = CliRunner()
    args = ["--data", str(data_dir), "query", "models-per-family", "--format", "csv"]
    default = runner.invoke(main, args)
    assert default.exit_code == 0, default.output
    assert "family:text-bridge,Text-Bridge LLMs,17" in default.output and "source" not in default.output
    everything = runner.invoke(main, [*args, "--sources", "all"])
    assert everything.exit_code == 0, everything.output
    assert f"family:text-bridge,Text-Bridge LLMs,18,survey; {ARXIV}" in everything.output.splitlines()


def test_counts_over_any_graph_name_the_records_they_count(full_store: ox.Store) -> None:
    """agentic-vs-non-agentic reads every model's flag from any graph: Table 7 marks 5 agentic and 53 not (58); the
    fixture's `agentic: false` makes 54, and that row names the record's paper. Likewise 2024: 20 -> 21 models."""
    default = _rows(run(restrict(full_store, "survey"), get_query("agentic-vs-non-agentic").text))
    assert default == [["true", "5"], ["false", "53"]]
    assert _rows(answer(full_store, get_query("agentic-vs-non-agentic").text, "all")) == [
        ["true", "5", "survey"],
        ["false", "54", f"survey; {ARXIV}"],
    ]
    years = {r[0]: r[1:] for r in _rows(answer(full_store, get_query("models-per-year").text, "all"))}
    assert years == {
        "2022": ["4", "survey"],
        "2023": ["8", "survey"],
        "2024": ["21", f"survey; {ARXIV}"],
        "2025": ["26", "survey"],
    }


def test_cli_search_marks_the_record_and_the_default_points_to_it(data_dir: Path) -> None:
    """`search cellwhisp --sources all` finds the fixture model by its name's prefix and says it is not in the
    survey; by default it is not found, and the message names it with `--sources all`."""
    runner = CliRunner()
    args = ["--data", str(data_dir), "search", "cellwhisp"]
    everything = runner.invoke(main, [*args, "--sources", "all"])
    assert everything.exit_code == 0, everything.output
    assert everything.output.splitlines()[:3] == [
        "# | kind  | id                  | label         | match                        | source",
        "--+-------+---------------------+---------------+------------------------------+-------------------------------------",
        f"1 | model | model:cellwhisperer | CellWhisperer | name prefix: [CellWhisperer] | {ARXIV}",
    ]
    default = runner.invoke(main, args)
    assert default.exit_code == 0, default.output
    assert default.output.splitlines() == [
        "no match for 'cellwhisp'",
        f"in the records from other publications (add `--sources all`): CellWhisperer (model:cellwhisperer), {ARXIV}",
    ]
    as_json = runner.invoke(
        main, ["--data", str(data_dir), "search", "scgpt", "--limit", "1", "--format", "json", "--sources", "all"]
    )
    assert json.loads(as_json.output)[0]["source"] == "survey"


def test_figures_under_every_source_show_the_surveys_share(full_store: ox.Store, tmp_path: Path) -> None:
    """`figures --sources all`: the fixture model is drawn in Figure 1 under Text-Bridge LLMs (18 models), marked
    †, and every figure says the survey's share: 60 of 61 models (Table 7 and prose) and 48 of 49 datasets."""
    from llm4cell_kg.answers.figures import draw_all

    figures = {f.name: f for f in draw_all(full_store, tmp_path, cached=False, sources="all")}
    svg = (tmp_path / "figure1-taxonomy.svg").read_text(encoding="utf-8")
    assert "CellWhisperer †" in svg and "(18 models)" in svg
    assert "CellWhisperer †" in set(figures["figure1-taxonomy"].data["modelLabel"])
    for name in figures:
        svg_text = (tmp_path / f"{name}.svg").read_text(encoding="utf-8")
        text = " ".join(" ".join(t.split()) for t in re.findall(r">([^<>]+)<", svg_text) if t.strip())
        assert "The survey's share: 60 of 61 models and 48 of 49 datasets." in text, name
        assert "† not in the survey: 1 model and 1 dataset curated from other publications" in text, name
        assert "(arXiv:2410.15445; doi:10.1093/nar/gkae1142), counted with the survey's." in text, name
    default = tmp_path / "survey"
    draw_all(full_store, default, cached=False)
    assert "survey's share" not in (default / "figure1-taxonomy.svg").read_text(encoding="utf-8")
    assert "CellWhisperer" not in (default / "figure1-taxonomy.svg").read_text(encoding="utf-8")


def test_export_holds_other_publications_only_under_every_source(data_dir: Path, tmp_path: Path) -> None:
    """`export --format nquads` writes the survey's statements (the fixture records' 18 + 14 quads left out: 16 + 12
    and each record's dcterms:created and dcterms:modified, issue 23 item 5); with `--sources all` their two graphs
    too."""
    runner = CliRunner()
    default, everything = tmp_path / "survey.nq", tmp_path / "all.nq"
    for out, extra in ((default, []), (everything, ["--sources", "all"])):
        done = runner.invoke(main, ["export", "--format", "nquads", str(out), "--data", str(data_dir), *extra])
        assert done.exit_code == 0, done.output
    survey, every = (ox.Dataset(ox.parse(path=str(p))) for p in (default, everything))
    graph = ox.NamedNode("https://w3id.org/llm4cell/source/external/model/cellwhisperer")
    assert len(every) - len(survey) == 32
    assert not list(survey.quads_for_graph_name(graph)) and len(list(every.quads_for_graph_name(graph))) == 18


def test_finder_lists_the_record_with_a_source_facet(full_store: ox.Store) -> None:
    """The model finder over every source (what `serve --sources all` serves): Table 7's 17 Text-Bridge models and
    the fixture model, 18; a Source facet counts them by source; the CSV names each row's source. Over the survey's
    graphs the finder is as before: 17, no Source facet or column."""
    from llm4cell_kg.web import finder

    params = {"family": ["family:text-bridge"]}
    _, every, shown = finder.results(full_store, "model", params)
    assert len(shown) == 18 and len(every) == 59
    counts = finder.counts(every, finder.selection(params, "model"), "model")
    assert counts["source"] == [("survey", "survey", 17), (ARXIV, ARXIV, 1)]
    csv_rows = finder.to_csv(full_store, "model", params).splitlines()
    assert csv_rows[0].endswith(",Source,New since the survey")
    # its record's source.date (tests/fixtures/external/external_models.yaml): the day it was added
    assert any(r.startswith("model:cellwhisperer,") and r.endswith(f",{ARXIV},added 2026-01-15") for r in csv_rows)
    survey = restrict(full_store, "survey")
    _, every, shown = finder.results(survey, "model", params)
    assert len(shown) == 17 and "source" not in finder.counts(every, finder.selection(params, "model"), "model")
    assert not finder.to_csv(survey, "model", params).splitlines()[0].endswith((",Source", ",New since the survey"))


def test_lineage_in_a_record_is_answered_with_its_source(full_quads: list[ox.Quad]) -> None:
    """A lineage statement in the record's own graph, as build/external.py writes a record's `lineage:` (the
    statement and its claim: quote and locator in the source; CellWhisperer extends scGPT, made up for the test), is
    a model-lineage row under every source: its source and locator, its quote, resting on the record's paper; never
    by default. Table 7 prints 5 lineage relations."""
    graph = ox.NamedNode("https://w3id.org/llm4cell/source/external/model/cellwhisperer")
    model = ox.NamedNode("https://w3id.org/llm4cell/model/cellwhisperer")
    scgpt = ox.NamedNode("https://w3id.org/llm4cell/model/scgpt")
    claim = ox.NamedNode(graph.value + "/claim/1")
    extends = ox.NamedNode(L4C + "extends")
    st = ox.Store()
    st.extend(
        [
            *full_quads,
            ox.Quad(model, extends, scgpt, graph),
            ox.Quad(graph, ox.NamedNode(L4C + "hasClaim"), claim, graph),
            ox.Quad(claim, ox.NamedNode(L4C + "claimedPredicate"), extends, graph),
            ox.Quad(claim, ox.NamedNode(L4C + "claimedObject"), scgpt, graph),
            ox.Quad(claim, ox.NamedNode(L4C + "claimQuote"), ox.Literal("we extend scGPT"), graph),
            ox.Quad(claim, ox.NamedNode(L4C + "claimLocator"), ox.Literal("Methods"), graph),
        ]
    )
    text = get_query("model-lineage").text
    rows = _rows(answer(st, text, "all"))
    assert [r for r in rows if r[0] == model.value] == [
        [model.value, "extends", scgpt.value, "arXiv:2410.15445, Methods", "we extend scGPT", "", ARXIV]
    ]
    default = _rows(answer(st, text, "survey"))
    assert len(default) == 5 and model.value not in {r[0] for r in default}
