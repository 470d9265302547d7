"""schema.SOURCE_GRAPHS: the one declaration of where each record is built (build) and found again (validate)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from llm4cell_kg.common.namespaces import SCHEMES
from llm4cell_kg.curation.schema import SCHEMAS, SOURCE_GRAPHS, file_of_graph, record_of_graph, source_graph

SRC = SCHEMES["src"]


@pytest.mark.parametrize(
    ("loc", "file"),
    [
        ("table7/row/12", "graph/models.yaml"),
        ("table2/row/4", "graph/datasets.yaml"),
        ("table-reference/t1", "graph/table_references.yaml"),  # not a dataset row, though it starts with "table"
        ("references/40", "graph/publications.yaml"),
        ("claim/c0002", "graph/claims.yaml"),
        ("group-claim/g1", "graph/group_claims.yaml"),
        ("link/model/scgpt/tissue/UBERON_0002048", "graph/ontology_links.yaml"),
        ("alias/model/scgpt/1", "graph/aliases.yaml"),
        ("count/c1", "graph/counts.yaml"),
        ("external/model/x", "graph/external_models.yaml"),
        ("inferred/hermit", ""),
    ],
)
def test_file_of_graph(loc: str, file: str) -> None:
    assert file_of_graph(loc) == file


def test_templates_fill_as_the_build_mints_them() -> None:
    assert source_graph("datasets", table=3, row=7) == "table3/row/7"
    assert source_graph("aliases", scheme="dataset", id="hca", n=2) == "alias/dataset/hca/2"


def test_every_record_graph_of_the_build_is_declared(quads: list[ox.Quad]) -> None:
    """Each named graph the build makes from a record names its file (derived/ graphs are computed, not curated)."""
    graphs = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    locs = sorted(g[len(SRC) :] for g in graphs if g.startswith(SRC))
    assert locs, "the build made no source graphs"
    assert [loc for loc in locs if not file_of_graph(loc) and not loc.startswith("derived/")] == []
    kinds = {file_of_graph(loc) for loc in locs}
    assert {"graph/models.yaml", "graph/datasets.yaml", "graph/claims.yaml", "graph/ontology_links.yaml"} <= kinds


def test_every_collection_with_records_in_graphs_is_a_schema_collection() -> None:
    assert set(SOURCE_GRAPHS) - {"aliases"} <= set(SCHEMAS)


def test_record_of_graph() -> None:
    assert record_of_graph("claim/c0002") == "c0002"
    assert record_of_graph("external/dataset/my-atlas") == "my-atlas"
    assert record_of_graph("table7/row/12") is None  # a row: the record is the subject the graph describes
    assert record_of_graph("link/model/scgpt/tissue/UBERON_0002048") is None
