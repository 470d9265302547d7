"""The DataFrame API: canned queries and SPARQL as typed pandas columns."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from llm4cell_kg.api import query_df, sparql_df
from llm4cell_kg.errors import UserError


def test_query_df_typed_columns(store: ox.Store) -> None:
    df = query_df("agentic-vs-non-agentic", store)
    assert [str(t) for t in df.dtypes] == ["bool", "int64"]
    # Table 7 "Agentic (Y/N)": 5 Yes, 53 No
    assert dict(zip(df["agentic"], df["models"], strict=True)) == {True: 5, False: 53}
    f4 = query_df("figure4-agentic-task-coverage", store).set_index("task")
    assert f4.loc["task:annotation", "agentic"] == 4  # scExtract, scAgent, CellAtria, CellAgent


def test_missing_values_keep_the_type(store: ox.Store) -> None:
    df = sparql_df(
        "SELECT ?m ?row WHERE { ?m a l4c:Model . OPTIONAL { GRAPH ?g { ?m a l4c:Model } "
        '?g l4c:tableName "Table 7" ; l4c:rowNumber ?row } } ORDER BY ?row',
        store,
    )
    assert str(df["row"].dtype) == "Int64"
    assert int(df["row"].notna().sum()) == 58 and int(df["row"].max()) == 58  # Table 7 rows 1..58
    assert df["row"].isna().sum() == 2  # the two prose-only models (e.g. scInterpreter)


def test_full_iris_on_request(store: ox.Store) -> None:
    df = query_df("agentic-annotation", store, curies=False)
    assert "https://w3id.org/llm4cell/model/cellagent" in set(df.iloc[:, 0])


def test_not_a_table_or_bad_sparql(store: ox.Store) -> None:
    with pytest.raises(UserError, match="only SELECT"):
        sparql_df("ASK { ?s ?p ?o }", store)
    with pytest.raises(UserError, match="SPARQL syntax error"):
        sparql_df("SELEC ?s WHERE { ?s ?p ?o }", store)
