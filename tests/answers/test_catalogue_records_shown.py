"""The shipped catalogue records (graph/catalogue_models.yaml, issue 23's Done-means) through the command line: `show`
and `search` find a post-survey model with `--sources all` and say "not in the survey"; by default `show` refuses it,
naming its source and the file that holds it, and `search` points to `--sources all`. CAPTAIN is the catalogue's
entry model-captain-2026-05-07 (catalogues/awesome-scfm/facts.yaml): category "Multimodal / Spatial", a Nature
Communications DOI, no code."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from llm4cell_kg.cli import main

AWESOME = "Awesome-Single-Cell-Foundation-Models site/data.json @ 6e7140c (2026-07-21)"


def _run(*args: str) -> tuple[int, str]:
    out = CliRunner().invoke(main, list(args))
    return out.exit_code, out.output


def test_default_show_refuses_and_names_the_file() -> None:
    code, text = _run("show", "CAPTAIN")
    assert code != 0 and "Traceback" not in text
    assert (
        f"CAPTAIN (model:captain) is not in the survey: it is a model curated from {AWESOME} "
        "(graph/catalogue_models.yaml). Add `--sources all`"
    ) in text


def test_show_with_every_source_says_not_in_the_survey() -> None:
    code, text = _run("show", "CAPTAIN", "--sources", "all")
    assert code == 0, text
    assert f"CAPTAIN (model:captain): model — not in the survey: from {AWESOME}" in text
    # only what the entry states, each fact citing the catalogue; the category's family is shown as a mapping
    assert "catalogue category (l4c:catalogueCategory): Multimodal / Spatial  [" in text
    assert "date as printed (l4c:datePrinted): 2026-05-07  [" in text
    assert "mapped family (l4c:mappedFamily): Spatial and Multimodal Models (family:spatial-multimodal)" in text
    assert "paper (l4c:paper): https://doi.org/10.1038/s41467-026-72882-y" in text
    assert "(l4c:family)" not in text and "code repository" not in text
    # the record says how little its source gives (source_states: name, date, category, paper)
    assert "on 2026-12-06; its source states: name, date, category, paper (nothing else)" in text


def test_search_finds_it_only_with_every_source() -> None:
    code, text = _run("search", "captain", "--sources", "all")
    assert code == 0, text
    assert "model:captain" in text and "not in the survey (Awesome-Single-Cell-Foundation-Models" in text
    code, text = _run("search", "captain")
    assert "no match for 'captain'" in text
    assert "in the records from other publications (add `--sources all`): CAPTAIN (model:captain)" in text


def test_models_counted_beside_the_surveys() -> None:
    """58 Table 7 rows and 2 models named only in the prose; 56 catalogue records beside them."""
    query = "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a l4c:Model }"
    for args, n in (((), "60"), (("--sources", "all"), "116")):
        code, text = _run("sparql", query, "--format", "csv", *args)
        assert code == 0, text
        assert text.splitlines()[-1].split(",")[0] == n, text


def test_the_audit_stays_the_surveys_beside_a_catalogue_record() -> None:
    """The catalogue lists scmFormer (graph/catalogue_models.yaml), the model whose paper ("scmformer integrates
    ...", References entry 73) Table 7 row 13 cites for scFormer. A record of another source never hides the survey's
    finding: under every source the rule answers from the survey's graphs, each row said to be the survey's."""
    for args in ((), ("--sources", "all")):
        code, text = _run("query", "audit/citation-other-name", "--format", "csv", *args)
        assert code == 0, text
        rows = [r for r in text.splitlines() if r.startswith("model:")]
        assert [r.split(",", 1)[0] for r in rows] == ["model:scformer", "model:spallm"], text
        assert all(r.endswith(",survey") for r in rows) == bool(args), text


def test_the_web_page_links_the_paper_and_names_the_source(shipped_store: object, tmp_path: Path) -> None:
    """`serve --sources all`: CAPTAIN's page links its DOI out, and its provenance is "by source", not the survey's."""
    import pyoxigraph as ox

    from llm4cell_kg.server.routes import Request, handle
    from llm4cell_kg.server.transport import Server, Settings

    nq = tmp_path / "graph.nq"
    assert isinstance(shipped_store, ox.Store)
    ox.serialize(shipped_store, str(nq), ox.RdfFormat.N_QUADS)
    srv = Server(
        "127.0.0.1", 0, settings=Settings(timeout=10.0, draw_figures=False, sources="all"), workers=1, graph=nq
    )
    srv.start()
    try:
        html = handle(srv.app, Request("GET", "/model/captain", {"accept": "text/html"})).body.decode()
    finally:
        srv.close()
    doi = "https://doi.org/10.1038/s41467-026-72882-y"
    assert f'<tr><td>paper</td><td><a href="{doi}">{doi}</a></td><td>{AWESOME}, curated by' in html
    assert "Full provenance, by source</h2>" in html and "Statements by source (6)" in html
    assert "; its source states: name, date, category, paper (nothing else)</dd>" in html


def test_compare_shows_what_a_catalogue_record_states() -> None:
    """Tahoe-x1's entry (model-tahoe-x1-2025-10-23) gives its date, category "Domain / Task" (mapped to no family),
    a bioRxiv DOI, its GitHub repository and Hugging Face weights: compare shows each beside scGPT's."""
    code, text = _run("compare", "scGPT", "Tahoe-x1", "--sources", "all", "--format", "json")
    assert code == 0, text
    rows = {r["property"]: r["values"] for r in json.loads(text[text.index("{") :])["rows"]}
    assert rows["date as printed"] == [[], ["2025-10-23"]]
    assert rows["catalogue category"] == [[], ["Domain / Task"]]
    assert "mapped family" not in rows  # neither has one
    assert rows["paper"][1] == ["https://doi.org/10.1101/2025.10.23.683759"]
    assert rows["code"][1] == ["https://github.com/tahoebio/tahoe-x1"]
    assert rows["weights"][1] == ["https://huggingface.co/tahoebio/Tahoe-x1"]
    assert rows["family"] == [["Foundation Models"], []]  # a catalogue category is not a survey family
    # two survey models: none of the rows only a record fills
    code, text = _run("compare", "scGPT", "Geneformer", "--format", "json")
    assert code == 0 and "date as printed" not in text and "catalogue category" not in text
