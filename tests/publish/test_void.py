"""The VoID + DCAT description: which sources the dataset holds (read from its quads), who publishes and makes it,
its landing page, one void:dataDump per file, and counts of exactly the quads it is given."""

from __future__ import annotations

from datetime import date

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import FOAF, RDF

from llm4cell_kg.publish import void

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
EXTERNAL = "https://w3id.org/llm4cell/source/external/"
SURVEY_ONLY = (
    "The models, datasets, publications and claims of the survey 'LLM4Cell: A Survey of Large Language and Agentic "
    "Models for Single-Cell Biology', each statement in a named graph naming its survey location. The survey is its "
    "only source."
)


def _described(quads: list[ox.Quad], files: dict[str, bytes]) -> Graph:
    return Graph().parse(data=void.describe("9.9.9", quads, files, issued=date(2026, 11, 27)), format="turtle")


def _survey(quads: list[ox.Quad]) -> list[ox.Quad]:
    """The survey's quads: the shipped graph without the catalogue's records (graph/catalogue_models.yaml)."""
    return [q for q in quads if not str(q.graph_name).startswith(f"<{EXTERNAL}")]


def test_survey_only_graph_names_the_survey_alone(quads: list[ox.Quad]) -> None:
    survey = _survey(quads)
    assert void.other_sources(survey) == {}
    assert void.description(survey) == SURVEY_ONLY


def test_the_shipped_catalogue_records_are_named_with_their_file(quads: list[ox.Quad]) -> None:
    """graph/catalogue_models.yaml (issue 23): 56 records, all read from one catalogue file at a pinned commit."""
    others = void.other_sources(quads)
    data = (
        "https://github.com/juntaic7/Awesome-Single-Cell-Foundation-Models/blob/"
        "6e7140c598f448aeedf0572e99eb773d70fd7e21/site/data.json"
    )
    named = "Awesome-Single-Cell-Foundation-Models site/data.json @ 6e7140c (2026-07-21)"
    assert len(others) == 56 and set(others.values()) == {(data, named)}


def test_curator_records_are_named_with_their_publications(full_quads: list[ox.Quad]) -> None:
    """tests/fixtures/external: CellWhisperer (arXiv:2410.15445) and the CELLxGENE Census (doi:10.1093/nar/gkae1142)."""
    assert void.other_sources(full_quads) == {
        EXTERNAL + "dataset/cellxgene-census-2025": (
            "https://doi.org/10.1093/nar/gkae1142",
            "doi:10.1093/nar/gkae1142",
        ),
        EXTERNAL + "model/cellwhisperer": ("https://arxiv.org/abs/2410.15445", "arXiv:2410.15445"),
    }
    text = void.description(full_quads)
    assert text.startswith(SURVEY_ONLY.removesuffix(". The survey is its only source."))
    assert "The survey is its only source" not in text
    assert (
        "; and 2 curator records from 2 other publications (arXiv:2410.15445, doi:10.1093/nar/gkae1142), each in"
        in text
    )


def test_one_curator_record_of_the_survey_graph(quads: list[ox.Quad], full_quads: list[ox.Quad]) -> None:
    """Only the CellWhisperer record's graph added to the survey's: one record, one publication."""
    graph = ox.NamedNode(EXTERNAL + "model/cellwhisperer")
    one = _survey(quads) + [q for q in full_quads if q.graph_name == graph]
    assert void.description(one).endswith(
        "; and 1 curator record from 1 other publication (arXiv:2410.15445), in a named graph of its own "
        "(l4c:CuratorAssertion) naming that publication, its curator and the date."
    )
    g = _described(one, {})
    ds = URIRef(void.RELEASE_BASE + "9.9.9")
    assert set(map(str, g.objects(ds, URIRef(PROV + "wasDerivedFrom")))) == {
        "https://w3id.org/llm4cell/survey",
        "https://arxiv.org/abs/2410.15445",
    }


def test_publisher_creator_landing_page_and_one_data_dump_per_file() -> None:
    s = ox.NamedNode("https://w3id.org/llm4cell/model/x")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    files = {"llm4cell-9.9.9.nq.gz": b"nq", "llm4cell-9.9.9.ttl": b"ttl"}
    g = _described([ox.Quad(s, label, ox.Literal("x"))], files)
    ds = URIRef("https://w3id.org/llm4cell/release/9.9.9")
    (publisher,) = g.objects(ds, URIRef(DCTERMS + "publisher"))
    assert list(g.objects(ds, URIRef(DCTERMS + "creator"))) == [publisher]
    assert g.value(publisher, RDF.type) == FOAF.Organization
    assert str(g.value(publisher, FOAF.name)) == "llm4cell-kg"  # pyproject.toml [project] name
    assert str(g.value(publisher, FOAF.homepage)) == "https://w3id.org/llm4cell/"
    assert [str(o) for o in g.objects(ds, URIRef(DCAT + "landingPage"))] == ["https://w3id.org/llm4cell/"]
    dumps = {str(o) for o in g.objects(ds, URIRef(VOID + "dataDump"))}
    assert dumps == {f"https://w3id.org/llm4cell/release/9.9.9/{name}" for name in files}
    # each dump is a distribution, downloaded from its own IRI
    assert dumps == {str(o) for o in g.objects(ds, URIRef(DCAT + "distribution"))}
    assert all(str(g.value(URIRef(d), URIRef(DCAT + "downloadURL"))) == d for d in dumps)


def test_counts_are_of_exactly_the_quads_given() -> None:
    """The same triple in two graphs is two quads (void:triples, the N-Quads dump) and one triple of the Turtle file."""
    s, o = ox.NamedNode("https://w3id.org/llm4cell/model/x"), ox.NamedNode("https://w3id.org/llm4cell/task/t")
    task = ox.NamedNode("https://w3id.org/llm4cell/ontology#task")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    given = [
        ox.Quad(s, task, o, ox.NamedNode("https://w3id.org/llm4cell/source/table7/row/1")),
        ox.Quad(s, task, o, ox.NamedNode("https://w3id.org/llm4cell/source/claim/c0001")),
        ox.Quad(s, label, ox.Literal("x")),
    ]
    g = _described(given, {"llm4cell-9.9.9.nq.gz": b"", "llm4cell-9.9.9.ttl": b""})
    ds = URIRef("https://w3id.org/llm4cell/release/9.9.9")
    assert int(g.value(ds, URIRef(VOID + "triples"))) == 3
    parts = {
        str(g.value(p, URIRef(VOID + "property"))): int(g.value(p, URIRef(VOID + "triples")))
        for p in g.objects(ds, URIRef(VOID + "propertyPartition"))
    }
    assert parts == {task.value: 2, label.value: 1}
    said = {
        str(g.value(d, URIRef(DCTERMS + "title"))): str(g.value(d, URIRef(DCTERMS + "description")))
        for d in g.objects(ds, URIRef(DCAT + "distribution"))
    }
    assert said == {
        "llm4cell-9.9.9.nq.gz": "The dataset's 3 quads (void:triples) in 3 graphs.",
        "llm4cell-9.9.9.ttl": "2 triples: the union of the dataset's 3 graphs, each triple once.",
    }
