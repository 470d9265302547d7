"""The model finder's facet "New since the survey" (issue 23 item 5): where the graph holds other sources' records
(`serve --sources all`), the day each model the survey lacks was added, the survey's models "in the survey"; over
the survey's graphs the finder is as before. graph/catalogue_models.yaml holds 56 records, each curated on
2026-12-06 (its `source.date`); the survey lists 58 models in Table 7 and 60 with the prose."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import yaml

from llm4cell_kg.answers.query import get_query
from llm4cell_kg.build.graph import store_from_quads
from llm4cell_kg.common.namespaces import DCTERMS, L4C, RDF, RDFS, XSD
from llm4cell_kg.store.sparql import run
from llm4cell_kg.web import finder, finder_view

CATALOGUE = Path(__file__).parents[2] / "graph" / "catalogue_models.yaml"
AWESOME = "not in the survey (Awesome-Single-Cell-Foundation-Models site/data.json @ 6e7140c (2026-07-21))"
SURVEY_HEADER = "id,iri,Model,Family,Task,Modality,Grounding,Agentic,Score,Year,Venue"


def _catalogue_ids() -> set[str]:
    return {"model:" + r["id"] for r in yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))}


def _ids(shown: list[finder.Item]) -> set[str]:
    return {"model:" + i.id for i in shown}


def test_counts_the_catalogue_records_by_day_and_the_surveys_models(shipped_store: ox.Store) -> None:
    """56 records, all curated on 2026-12-06; Table 7's 58 models (60 with the prose) in the survey."""
    assert len(_catalogue_ids()) == 56
    for src, in_survey in (("table", 58), ("all", 60)):
        params = {"src": [src]}
        _, every, _ = finder.results(shipped_store, "model", params)
        assert len(every) == in_survey + 56
        counts = finder.counts(every, finder.selection(params, "model"), "model")
        assert counts["added"] == [
            ("survey", "in the survey", in_survey),
            ("2026-12-06", "added 2026-12-06", 56),
        ]
        assert finder.facets_of("model", every)[-2:] == [finder.SOURCE, finder.ADDED]


def test_filtering_gives_exactly_new_since_surveys_models(shipped_store: ox.Store) -> None:
    params = {"added": ["2026-12-06"]}
    sel, every, shown = finder.results(shipped_store, "model", params)
    new = run(shipped_store, get_query("new-since-survey").text)
    at = new.variables.index("model")
    listed = {"model:" + r[at].value.rsplit("/", 1)[1] for r in new.rows}
    assert _ids(shown) == listed == _catalogue_ids()
    assert not {"model:scgpt", "model:geneformer", "model:cellagent"} & _ids(shown)
    # under the filter every model shown comes from the catalogue; the Source facet says so
    assert finder.counts(every, sel, "model")["source"] == [(AWESOME, AWESOME, 56)]
    _, _, survey = finder.results(shipped_store, "model", {"added": ["survey"], "family": ["family:agentic"]})
    assert sorted(i.label for i in survey) == ["CellAgent", "CellAtria", "scAgent", "scExtract"]  # Table 7's four


def test_the_csv_and_the_page_carry_it(shipped_store: ox.Store) -> None:
    rows = finder.to_csv(shipped_store, "model", {"sort": ["added"], "order": ["desc"]}).splitlines()
    assert rows[0] == SURVEY_HEADER + ",Source,New since the survey"
    # newest first: the 56 added on one day (by name, descending: xVERSE last in the catalogue), then the survey's
    assert rows[1].startswith("model:xverse,") and rows[1].endswith(f",{AWESOME},added 2026-12-06")
    assert rows[56].endswith(",added 2026-12-06") and rows[57].endswith(",survey,in the survey")
    html = finder_view.finder_page(shipped_store, "model", {"added": ["2026-12-06"]})
    assert "56 of 114 models" in html
    boxes = re.findall(r'name="added" value="([^"]+)" checked> ([^<]+) <span class="n" [^>]+>\((\d+)\)', html)
    assert boxes == [("2026-12-06", "added 2026-12-06", "56")]
    assert "<legend>New since the survey</legend>" in html


def test_absent_over_the_surveys_graphs(store: ox.Store) -> None:
    """Default answers: no facet, no column, the CSV's header as before issue 23."""
    _, every, _ = finder.results(store, "model", {})
    assert len(every) == 58 and "added" not in finder.counts(every, finder.selection({}, "model"), "model")
    assert finder.ADDED not in finder.facets_of("model", every)
    assert finder.to_csv(store, "model", {}).splitlines()[0] == SURVEY_HEADER
    assert 'data-facet="added"' not in finder_view.finder_page(store, "model", {})
    # a link made on a server with every source, opened on the survey's: no model matches, and the page says why
    page = finder_view.finder_page(store, "model", {"added": ["2026-12-06"]})
    assert '<p class="count" id="result-count">0 of 58 models</p>' in page
    assert (
        "This server answers from the survey's graphs only, so the filter New since the survey (records of "
        "other sources) matches no model: start it with <code>llm4cell-kg serve --sources all</code>"
    ) in page
    assert "answers from the survey" not in finder_view.finder_page(store, "model", {"family": ["family:agentic"]})


def _record(model: str, day: str, label: str, source: str) -> list[ox.Quad]:
    """A curator record of `model` from `source`, curated on `day`, as build/external.py writes one (made up)."""
    g = ox.NamedNode(f"https://w3id.org/llm4cell/source/external/test/{model}/{day}")
    m = ox.NamedNode(f"https://w3id.org/llm4cell/model/{model}")
    when = ox.Literal(f"{day}T00:00:00", datatype=ox.NamedNode(XSD + "dateTime"))
    return [
        ox.Quad(g, ox.NamedNode(RDF + "type"), ox.NamedNode(L4C + "CuratorAssertion"), g),
        ox.Quad(g, ox.NamedNode(L4C + "sourceIdentifier"), ox.Literal(source), g),
        ox.Quad(g, ox.NamedNode(DCTERMS + "created"), when, g),
        ox.Quad(g, ox.NamedNode(DCTERMS + "modified"), when, g),
        ox.Quad(m, ox.NamedNode(RDF + "type"), ox.NamedNode(L4C + "Model"), g),
        ox.Quad(m, ox.NamedNode(RDFS + "label"), ox.Literal(label), g),
    ]


def test_a_second_record_adds_its_day_and_a_survey_model_stays_in_the_survey(quads: list[ox.Quad]) -> None:
    """Tahoe-x1 curated again from its paper on 2026-03-01 (as tests/fixtures/external-full does) has both days;
    a record of scGPT (which Table 7 lists) leaves it in the survey."""
    paper = "doi:10.1101/2025.10.23.683759"
    st = store_from_quads(
        [*quads, *_record("tahoe-x1", "2026-03-01", "Tahoe-x1", paper), *_record("scgpt", "2026-03-02", "scGPT", paper)]
    )
    _, every, shown = finder.results(st, "model", {"added": ["2026-03-01"]})
    assert [i.label for i in shown] == ["Tahoe-x1"]
    tahoe = shown[0]
    assert finder.cell(tahoe, "added") == "added 2026-03-01, added 2026-12-06"
    scgpt = next(i for i in every if i.id == "scgpt")
    assert finder.cell(scgpt, "added") == "in the survey"
    counts = finder.counts(every, finder.selection({}, "model"), "model")["added"]
    assert counts == [
        ("survey", "in the survey", 58),
        ("2026-12-06", "added 2026-12-06", 56),
        ("2026-03-01", "added 2026-03-01", 1),
    ]
    # sorted by the day a model was first added: the survey's 58, then Tahoe-x1 (2026-03-01), then the other 55
    ordered = [r.split(",", 1)[0] for r in finder.to_csv(st, "model", {"sort": ["added"]}).splitlines()[1:]]
    assert ordered[58] == "model:tahoe-x1" and set(ordered[59:]) == _catalogue_ids() - {"model:tahoe-x1"}
