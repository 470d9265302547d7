"""Identifiers the survey prints (issue 22 item 1): every arXiv id and DOI of a reference-list entry is an identifier
IRI of that publication, in the graph of the entry (src:references/N), so a model reaches it through its citation."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from llm4cell_kg.curation import identifiers
from llm4cell_kg.store import sparql

SCAGENT_ARXIV = "https://arxiv.org/abs/2504.04698"


def _rows(store: ox.Store, text: str) -> list[list[str]]:
    return [[sparql.term_text(t) for t in row] for row in sparql.run(store, text).rows]


def test_scagent_publication_carries_its_arxiv_id_from_the_reference_entry(store: ox.Store) -> None:
    rows = _rows(
        store,
        f"""SELECT ?pub ?entry ?quote WHERE {{
          model:scagent l4c:citation ?pub .
          GRAPH ?g {{ ?pub l4c:identifier <{SCAGENT_ARXIV}> }}
          ?g l4c:tableName "References" ; l4c:rowNumber ?entry ; l4c:quote ?quote }}""",
    )
    assert len(rows) == 1
    pub, entry, quote = rows[0]
    assert pub == "pub:mao-et-al-2025"
    assert entry == "44"  # the 44th of the 82 entries of the reference list
    assert "scagent: Universal single-cell annotation via a llm agent" in quote
    assert "arXiv:2504.04698" in quote


def test_every_printed_arxiv_id_is_an_identifier(store: ox.Store, survey_text: str) -> None:
    """The arXiv ids of the survey's References section, read from the text itself, are exactly the identifiers."""
    refs = survey_text.split("\nReferences\n", 1)[1].split("\nA Data Collection", 1)[0]
    printed = {f"https://arxiv.org/abs/{m}" for m in re.findall(r"arXiv:(\d{4}\.\d{4,5})", refs)}
    assert len(printed) == 18
    built = {r[0] for r in _rows(store, "SELECT DISTINCT ?i WHERE { ?p a l4c:Publication ; l4c:identifier ?i }")}
    assert built == printed
    # the survey prints no DOI in its reference list
    assert not re.search(r"10\.\d{4,9}/", refs)


def test_models_reach_the_identifier_in_two_hops(store: ox.Store) -> None:
    rows = _rows(
        store,
        """SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {
          GRAPH ?g { ?m a l4c:Model } ?g l4c:tableName "Table 7" .
          ?m (l4c:citation|l4c:proseCitation)/l4c:identifier ?i }""",
    )
    assert rows == [["16"]]  # of the 58 Table 7 models (28%, as measured in issue 22); 15 through Table 7's citation


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("*arXiv preprint arXiv:2504.04698*.", [("arxiv", "2504.04698")]),
        ("*arXiv* preprint arXiv:2502.15871.", [("arxiv", "2502.15871")]),
        ("Cell, 185(10). doi:10.1016/j.cell.2022.04.003.", [("doi", "10.1016/j.cell.2022.04.003")]),
        ("https://doi.org/10.1038/s41592-024-02201-0)", [("doi", "10.1038/s41592-024-02201-0")]),
        ("*arXiv e-prints*, pages arXiv–2503.", []),
    ],
)
def test_identifiers_in_a_printed_entry(text: str, found: list[tuple[str, str]]) -> None:
    assert identifiers.in_printed_reference(text) == found


def test_identifier_iris_and_problems() -> None:
    assert identifiers.iri("arxiv", "2504.04698") == SCAGENT_ARXIV
    assert identifiers.of_iri(SCAGENT_ARXIV) == ("arxiv", "2504.04698")
    assert identifiers.of_iri("https://doi.org/10.1038/s41592-024-02201-0") == ("doi", "10.1038/s41592-024-02201-0")
    assert identifiers.of_iri("https://github.com/bowang-lab/scGPT") is None
    assert identifiers.problem("doi", "https://doi.org/10.1038/x") == (
        # issue 24's stricter patterns (merged in 6a5795a) added "(no spaces or quotes)" to the message
        "'https://doi.org/10.1038/x' is not a DOI like 10.1038/s41592-024-02201-0, without https://doi.org/"
        " (no spaces or quotes)"
    )
    assert identifiers.problem("licence", "MIT") is None
    assert identifiers.problem("url", "github.com/x") == (
        "'github.com/x' is not an http(s) URL (no spaces, quotes or angle brackets)"  # issue 24's message, as above
    )
    with pytest.raises(ValueError):
        identifiers.iri("arxiv", "arXiv:2504.04698")
