"""`show`, `compare`, `search` and the web model page on a graph that also holds records curated from other
publications (issue 14 item 2; fixtures in tests/fixtures/external/): the fixture model CellWhisperer (arXiv
2410.15445, curated by Ada Lovelace on 2026-01-15) and dataset CZ CELLxGENE Census 2025 (DOI 10.1093/nar/gkae1142,
curated by ORCID 0000-0002-1825-0097 on 2026-02-01) are found with `--sources all` and cited fact by fact, marked
"not in the survey"; by default the survey's cards are what they were."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from web_client import ARTIFACTS, parse

from llm4cell_kg import paths
from llm4cell_kg.answers.card import card_for, render
from llm4cell_kg.answers.compare import compare
from llm4cell_kg.answers.search import search
from llm4cell_kg.answers.sources import restrict
from llm4cell_kg.cli import main
from llm4cell_kg.errors import UserError
from llm4cell_kg.server.routes import Request, handle

ARXIV = "arXiv:2410.15445, curated by Ada Lovelace on 2026-01-15"
ORCID = "https://orcid.org/0000-0002-1825-0097"
DOI = f"doi:10.1093/nar/gkae1142, curated by {ORCID} on 2026-02-01"


def test_external_model_card_cites_its_source_for_every_fact(full_store: ox.Store) -> None:
    card = card_for(full_store, "cellwhisperer")
    assert (card.curie, card.kind, card.label) == ("model:cellwhisperer", "model", "CellWhisperer")
    assert card.summary == (
        f"CellWhisperer (model:cellwhisperer): model — Text-Bridge LLMs; 2024; not in the survey: from {ARXIV}"
    )
    assert card.printed == {}
    shown = {(f.property, v.value): v.sources for f in card.facts for v in f.values}
    # each source's basis (issue 24): another publication's record, never a table cell or a sentence of the survey
    assert {(v.basis, tuple(s.basis for s in v.stated)) for f in card.facts for v in f.values} == {
        ("external", ("external",))
    }
    # every statement of the fixture record, each resting on the arXiv paper only (none on the survey)
    assert set(shown) == {
        ("l4c:agentic", "false"),
        ("l4c:family", "family:text-bridge"),
        ("l4c:groundingType", "grounding:literature-text"),
        ("l4c:modality", "modality:rna"),
        ("l4c:modality", "modality:text"),
        ("l4c:task", "task:annotation"),
        ("l4c:year", "2024"),
    }
    assert all(sources == [ARXIV] for sources in shown.values())
    assert card.sources == [
        {
            "graph": "https://w3id.org/llm4cell/source/external/model/cellwhisperer",
            "kind": "CuratorAssertion",
            "where": ARXIV,
            "quote": "",
            "source": "arXiv:2410.15445",
            "derived_from": "https://arxiv.org/abs/2410.15445",
            "curator": "Ada Lovelace",
            "curator_iri": "https://w3id.org/llm4cell/curator/ada-lovelace",
            "date": "2026-01-15",
            "states": "",  # a publication's record, not a catalogue entry's: it names no source_states
        }
    ]
    text = render(card, "text").splitlines()
    assert text[1] == card.summary
    at = text.index("Source (not in the survey):")
    assert text[at + 1] == (
        "  arXiv:2410.15445 (https://arxiv.org/abs/2410.15445), curated by Ada Lovelace "
        "(https://w3id.org/llm4cell/curator/ada-lovelace) on 2026-01-15"
    )
    assert f"  family (l4c:family): Text-Bridge LLMs (family:text-bridge)  [{ARXIV}]" in text  # one value: one line
    as_json = json.loads(render(card, "json"))
    assert as_json["summary"] == card.summary
    assert as_json["sources"][0]["derived_from"] == "https://arxiv.org/abs/2410.15445"
    assert {v["sources"][0] for f in as_json["facts"] for v in f["values"]} == {ARXIV}


def test_external_dataset_card_names_its_doi_and_orcid(full_store: ox.Store) -> None:
    card = card_for(full_store, "CZ CELLxGENE Census 2025")
    assert card.summary.endswith(f"dataset — RNA; not in the survey: from {DOI}")
    assert [(s["source"], s["derived_from"], s["curator"], s["date"]) for s in card.sources] == [
        ("doi:10.1093/nar/gkae1142", "https://doi.org/10.1093/nar/gkae1142", ORCID, "2026-02-01")
    ]
    tasks = {v.value: v.sources for f in card.facts if f.property == "l4c:task" for v in f.values}
    assert tasks == {"task:annotation": [DOI], "task:multiomic-integration": [DOI]}


def test_survey_cards_are_unchanged_by_default(full_store: ox.Store, store: ox.Store) -> None:
    """With the other publications' records loaded, the default (survey) view gives every card exactly as the
    survey-only build does: scGPT (Table 7 row 1), HLCA (Table 1 row 4), and the task both fixtures point at."""
    survey = restrict(full_store, "survey")
    for name in ("scgpt", "HLCA", "task:annotation"):
        for fmt in ("text", "json"):
            assert render(card_for(survey, name), fmt) == render(card_for(store, name), fmt), (name, fmt)
    assert "not in the survey" not in render(card_for(survey, "scgpt"), "text")
    # with every source, the task's card lists the fixture model among those using it, citing its paper
    task = card_for(full_store, "task:annotation")
    used = {v.value: v.sources for v in task.used_by}
    assert used["model:cellwhisperer"] == [ARXIV] and used["model:scgpt"][0] == "Table 7 row 1"


def test_default_lookup_says_how_to_see_the_record(full_store: ox.Store) -> None:
    survey = restrict(full_store, "survey")
    with pytest.raises(UserError) as err:
        card_for(survey, "CellWhisperer", everything=full_store)
    assert str(err.value) == (
        "CellWhisperer (model:cellwhisperer) is not in the survey: it is a model curated from arXiv:2410.15445 "
        "(graph/external_models.yaml). Add `--sources all` to include records from other sources."
    )
    with pytest.raises(UserError, match="--sources all"):
        compare(survey, ["cellwhisperer", "chatcell"], everything=full_store)


def test_compare_marks_the_record_not_in_the_survey(full_store: ox.Store) -> None:
    cmp = compare(full_store, ["cellwhisperer", "chatcell"])
    rows = {r.property: r.values for r in cmp.rows}
    # ChatCell is Table 7 row 56 (Text-Bridge, RNA + text, domain score 6)
    assert rows["Table 7 row"] == [["not in the survey (arXiv:2410.15445)"], ["Table 7 row 56"]]
    assert rows["family"] == [["Text-Bridge LLMs"], ["Text-Bridge LLMs"]]
    assert rows["domain score"] == [[], ["6"]]


def test_search_indexes_the_record_with_every_source(full_store: ox.Store) -> None:
    hits = search("CellWhisperer", full_store)
    assert hits[0].curie == "model:cellwhisperer"
    assert not search("CellWhisperer", restrict(full_store, "survey"))


def test_cli_show_and_compare_sources_option(data_dir: Path) -> None:
    runner = CliRunner()
    default = runner.invoke(main, ["--data", str(data_dir), "show", "cellwhisperer"])
    assert default.exit_code == 1
    assert "not in the survey" in default.output and "--sources all" in default.output
    shown = runner.invoke(main, ["--data", str(data_dir), "show", "cellwhisperer", "--sources", "all"])
    assert shown.exit_code == 0, shown.output
    assert f"not in the survey: from {ARXIV}" in shown.output
    card = runner.invoke(
        main, ["--data", str(data_dir), "show", "model:cellwhisperer", "--sources", "all", "--format", "json"]
    )
    assert card.exit_code == 0, card.output
    assert json.loads(card.output)["sources"][0]["source"] == "arXiv:2410.15445"
    cmp = runner.invoke(
        main, ["--data", str(data_dir), "compare", "cellwhisperer", "chatcell", "--sources", "all", "--format", "csv"]
    )
    assert cmp.exit_code == 0, cmp.output
    assert "Table 7 row,not in the survey (arXiv:2410.15445),Table 7 row 56,yes" in cmp.output.splitlines()
    # a survey model's card is the same with or without the other publications' records in the data
    with_fixture = runner.invoke(main, ["--data", str(data_dir), "show", "scgpt", "--format", "json"])
    survey_only = runner.invoke(main, ["--data", str(paths.GRAPH_DIR), "show", "scgpt", "--format", "json"])
    assert with_fixture.exit_code == survey_only.exit_code == 0
    assert with_fixture.output == survey_only.output


# -- the web model page, on a server holding the fixture records --------------------------------------------------


@pytest.fixture(scope="module")
def external_server(full_quads: list[ox.Quad], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The real server (`serve --graph FILE`, one query worker) on the graph built with the fixture records."""
    from llm4cell_kg.server.transport import Server, Settings

    nq = tmp_path_factory.mktemp("external-serve") / "graph.nq"
    ox.serialize(full_quads, str(nq), ox.RdfFormat.N_QUADS)
    srv = Server(
        "127.0.0.1", 0, settings=Settings(timeout=10.0, draw_figures=False, sources="all"), workers=1, graph=nq
    ).start()
    yield srv
    srv.close()


def test_model_page_shows_the_source(external_server: Any) -> None:
    resp = handle(external_server.app, Request("GET", "/model/cellwhisperer", {"accept": "text/html"}))
    assert resp.status == 200
    html = resp.body.decode()
    assert f"not in the survey: from {ARXIV}</p>" in html
    assert (
        '<dd class="external-source"><strong class="not-in-survey">Not in the survey</strong>: '
        '<a href="https://arxiv.org/abs/2410.15445">arXiv:2410.15445</a>, curated by Ada Lovelace on '
        "<time>2026-01-15</time></dd>"
    ) in html
    facts = parse(html).tables["card-facts"]
    assert len(facts) == 7 and {r[2] for r in facts} == {ARXIV}
    assert "Curator assertion, not in the survey" in html  # the full provenance, by source
    # its statements are not the survey's: the headings and the footer say so (a survey model's page says "survey")
    assert "Full provenance, by source</h2>" in html and "Statements by source (" in html
    assert "Facts marked not in the survey come from the other sources named beside them" in html
    scgpt = handle(external_server.app, Request("GET", "/model/scgpt", {"accept": "text/html"})).body.decode()
    assert "Full provenance, by survey source</h2>" in scgpt and "Facts marked not in the survey" not in scgpt
    page = handle(external_server.app, Request("GET", "/dataset/cellxgene-census-2025", {"accept": "text/html"}))
    assert f'<a href="{ORCID}">{ORCID}</a> on <time>2026-02-01</time>' in page.body.decode()


def test_canned_query_page_under_every_source(external_server: Any) -> None:
    """`serve --sources all`: the canned questions answer over every source, each row naming its own (Table 7 has
    17 Text-Bridge models; the fixture model is the 18th)."""
    resp = handle(external_server.app, Request("GET", "/queries/models-per-family", {"accept": "text/html"}))
    rows = {r[0]: r[2:] for r in parse(resp.body.decode()).tables["results"]}
    assert rows["family:text-bridge"] == ["18", "survey; not in the survey (arXiv:2410.15445)"]
    assert rows["family:foundation"] == ["25", "survey"]


def test_finder_page_under_every_source(external_server: Any) -> None:
    """The model finder served with every source: Table 7's 17 Text-Bridge models and the fixture model (18 of 59),
    the record's row naming its source and the day it was added, and a Source facet."""
    resp = handle(external_server.app, Request("GET", "/models?family=family:text-bridge", {"accept": "text/html"}))
    html = resp.body.decode()
    assert '<p class="count" id="result-count">18 of 59 models</p>' in html
    assert "Table 7 and other publications&#x27; records</option>" in html
    # the last two columns: Source, and New since the survey (the record's source date, 2026-01-15)
    rows = {r[1]: r[-2:] for r in parse(html).tables["finder-results"]}
    assert rows["CellWhisperer"] == ["not in the survey (arXiv:2410.15445)", "added 2026-01-15"]
    assert rows["ChatCell"] == ["survey", "in the survey"]
    assert 'data-facet="source"' in html


def test_serve_defaults_to_the_survey(full_quads: list[ox.Quad], tmp_path: Path) -> None:
    """`serve` (sources survey) on a graph holding other publications' records serves the survey's graphs alone:
    no page for the fixture model, Table 7's 17 Text-Bridge models, and no source column."""
    from llm4cell_kg.server.transport import Server, Settings

    nq = tmp_path / "graph.nq"
    ox.serialize(full_quads, str(nq), ox.RdfFormat.N_QUADS)
    srv = Server("127.0.0.1", 0, settings=Settings(timeout=10.0, draw_figures=False), workers=1, graph=nq)
    try:
        assert handle(srv.app, Request("GET", "/model/cellwhisperer", {"accept": "text/html"})).status == 404
        page = handle(srv.app, Request("GET", "/queries/models-per-family", {"accept": "text/html"}))
        rows = {r[0]: r[1:] for r in parse(page.body.decode()).tables["results"]}
        assert rows["family:text-bridge"] == ["Text-Bridge LLMs", "17"]
    finally:
        srv.close()


def test_search_page_and_suggestions_mark_the_record(external_server: Any) -> None:
    """The search page and the search box's suggestions on a graph holding the fixture records: the record's row and
    suggestion say "not in the survey (arXiv:2410.15445)"; a survey model's suggestion carries no mark."""
    page = handle(external_server.app, Request("GET", "/search?q=cellwhisperer", {"accept": "text/html"}))
    rows = parse(page.body.decode()).tables["search-results"]
    assert rows[0][2:] == [
        "CellWhisperer",
        "model:cellwhisperer",
        "exact name: CellWhisperer",
        "not in the survey (arXiv:2410.15445)",
    ]
    got = json.loads(handle(external_server.app, Request("GET", "/suggest?q=cellwh", {})).body)
    assert got == [
        {
            "label": "CellWhisperer",
            "curie": "model:cellwhisperer",
            "kind": "model",
            "url": "/model/cellwhisperer",
            "source": "not in the survey (arXiv:2410.15445)",
        }
    ]
    assert "source" not in json.loads(handle(external_server.app, Request("GET", "/suggest?q=scgpt", {})).body)[0]


def test_browser_model_page_shows_the_source(external_server: Any, browser: Any) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By

    browser.get(external_server.url + "/model/cellwhisperer")
    assert browser.find_element(By.CSS_SELECTOR, "#card .summary").text.endswith(f"not in the survey: from {ARXIV}")
    source = browser.find_element(By.CSS_SELECTOR, "#card .external-source").text
    assert source == "Not in the survey: arXiv:2410.15445, curated by Ada Lovelace on 2026-01-15"
    browser.save_screenshot(str(ARTIFACTS / "card-external-cellwhisperer.png"))
