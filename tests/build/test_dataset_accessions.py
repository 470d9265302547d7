"""Datasets linked to the world (issue 22): every archive accession a Tables 1-6 row prints becomes an identifier IRI
of its dataset, by the declared template of its archive (GEO, ArrayExpress: Bioregistry's URI format; the Single Cell
Portal: its study page), in the row's own graph; shown on the card, in `compare` and on the web page; counted by
`link-coverage`, with the datasets that lead nowhere listed; an accession the row does not print is a located error.
Values hand-checked against the survey's Appendix D."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from web_client import fetch

from llm4cell_kg.answers.card import card_for, render
from llm4cell_kg.answers.compare import compare
from llm4cell_kg.answers.query import run_query
from llm4cell_kg.curation import identifiers
from llm4cell_kg.curation.load import load
from llm4cell_kg.curation.problems import CurationError
from llm4cell_kg.store import sparql

GEO = "https://www.ncbi.nlm.nih.gov/geo/query/acc.cgi?acc="
#: (dataset, its row's graph, the cell as the survey prints it, the accession, its IRI), read off Appendix D
PRINTED = [
    ("tea-seq", "table3/row/4", "GSE158013", "GSE158013", GEO + "GSE158013"),
    ("dixit-2016", "table5/row/3", "Cell 2016 / GSE90063", "GSE90063", GEO + "GSE90063"),
    (
        "slide-seq-v2",
        "table4/row/1",
        "Nat. Biotechnol. 2020 / SCP815",
        "SCP815",
        "https://singlecell.broadinstitute.org/single_cell/study/SCP815",
    ),
    (
        "arabidopsis-e-curd-4",
        "table6/row/3",
        "EBI Array- Express E-CURD-4",
        "E-CURD-4",
        "https://www.ebi.ac.uk/arrayexpress/experiments/E-CURD-4",
    ),
]


def _rows(result: Any) -> list[list[str]]:
    return [[sparql.term_text(t) for t in row] for row in result.rows]


@pytest.mark.parametrize(("dataset", "graph", "cell", "accession", "target"), PRINTED)
def test_a_printed_accession_is_an_identifier_iri_in_its_rows_graph(
    store: ox.Store, survey_text: str, dataset: str, graph: str, cell: str, accession: str, target: str
) -> None:
    assert cell in survey_text  # the row's Link cell, as printed
    rows = _rows(
        sparql.run(
            store,
            f"""SELECT ?g ?acc WHERE {{ GRAPH ?g {{ dataset:{dataset} l4c:accessionIdentifier <{target}> ;
                l4c:accession ?acc }} }}""",
        )
    )
    assert rows == [[f"src:{graph}", accession]]


def test_the_templates() -> None:
    assert identifiers.accession("GSE111586")[:2] == ("geo", GEO + "GSE111586")  # type: ignore[index]
    assert identifiers.accession("E-CURD-4")[:2] == (  # type: ignore[index]
        "arrayexpress",
        "https://www.ebi.ac.uk/arrayexpress/experiments/E-CURD-4",
    )
    assert identifiers.accession("CZ Biohub Portal") is None
    assert identifiers.accession("GSE 111586") is None


def test_fifteen_datasets_print_an_accession(store: ox.Store) -> None:
    """Tables 2-6 print 15 accessions (13 GEO, one Single Cell Portal, one ArrayExpress), one per dataset."""
    rows = _rows(sparql.run(store, "SELECT ?d ?iri WHERE { ?d l4c:accessionIdentifier ?iri }"))
    assert len(rows) == len({r[0] for r in rows}) == 15
    assert sum(r[1].startswith(GEO + "GSE") for r in rows) == 13


def test_card_compare_and_coverage(store: ox.Store) -> None:
    text = render(card_for(store, "tea-seq"), "text").splitlines()
    at = next(i for i, line in enumerate(text) if line.startswith("Links out (Accession · Paper"))
    assert text[at + 1] == (
        f"  Accession: GSE158013 <{GEO}GSE158013>  "
        "[Table 3 row 4 prints GSE158013; its IRI by the archive's declared template (the survey)]"
    )
    # a model's card keeps its heading: no accession
    assert "Links out (Paper · Code" in render(card_for(store, "scgpt"), "text")
    rows = {r.property: r for r in compare(store, ["slide-seq-v2", "arabidopsis-e-curd-4"]).rows}
    assert rows["accession"].values == [["SCP815"], ["E-CURD-4"]]
    coverage = {(r[0], r[1]): (int(r[2]), int(r[3])) for r in _rows(run_query("link-coverage", store))}
    assert coverage[("accession", "any source")] == coverage[("accession", "the survey's tables")] == (0, 15)
    missing = _rows(run_query("link-coverage-missing-datasets", store))
    assert len(missing) == 25  # 40 datasets - the 15 with an accession: no cited reference prints an identifier
    assert missing[0] == ["dataset:tabula-sapiens-v2", "Tabula Sapiens v2", "Table 1", "1"]
    assert "dataset:tea-seq" not in {r[0] for r in missing}
    assert ["dataset:plant-scrna-browser", "Plant scRNA Browser", "Table 6", "5"] in missing


def test_dataset_page_shows_the_accession_and_its_json_ld(server: Any) -> None:
    status, _, body = fetch(server, "/dataset/tea-seq")
    html = body.decode()
    assert status == 200
    assert f'<a href="{GEO}GSE158013" rel="external">GSE158013</a>' in html
    assert '<h2 id="links">Accession · Paper · Code · Weights · Listed in</h2>' in html
    [block] = re.findall(r'<script type="application/ld\+json">\n(.*?)\n</script>', html, flags=re.S)
    doc = json.loads(block)
    assert doc["@type"] == "Dataset"
    assert {"@type": "PropertyValue", "propertyID": "accession", "value": "GSE158013", "url": GEO + "GSE158013"} in doc[
        "identifier"
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("  accessions: [GSE158013]\n", "  accessions: [GSE158014]\n", "'GSE158014' is not printed in the row's"),
        ("  accessions: [GSE158013]\n", "  accessions: [GEO158013]\n", "is not an archive accession with a declared"),
    ],
)
def test_an_accession_not_printed_or_without_a_template_is_a_located_error(
    graph_copy: Path, old: str, new: str, message: str
) -> None:
    path = graph_copy / "datasets.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(CurationError) as err:
        load(graph_copy)
    found = [p for p in err.value.problems if p.severity == "error"]
    assert any(
        (p.file, p.record, p.field) == ("graph/datasets.yaml", "tea-seq", "accessions")
        and p.line
        and message in p.message
        for p in found
    ), [str(p) for p in found]
