"""Which sources a question is answered from: the survey alone (default) or every source (`--sources all`).

The survey's statements live in its own graphs; a record curated from another publication lives in a graph of its
own typed l4c:CuratorAssertion (graph/external_*.yaml). Answering "what does the survey say" is querying the dataset
without those graphs; `--sources all` queries them all, and each result row says which source it rests on.
"""

from __future__ import annotations

from typing import Any

from ..common.namespaces import L4C

SURVEY_LABEL = "survey"

_EXTERNAL = f"""SELECT ?g ?id WHERE {{ GRAPH ?g {{ ?g a <{L4C}CuratorAssertion> ; <{L4C}sourceIdentifier> ?id }} }}"""
_SUBJECTS = f"""SELECT ?s ?id WHERE {{
  GRAPH ?g {{ ?g a <{L4C}CuratorAssertion> ; <{L4C}sourceIdentifier> ?id . ?s a ?cls .
    FILTER(?s != ?g && ?cls != <http://www.w3.org/ns/prov#Agent>) }} }}"""


def _pairs(store: Any, query: str, key: str) -> dict[str, str]:
    """`key` -> `id` over the solutions of `query` in an embedded store (nothing for a remote endpoint)."""
    import pyoxigraph as ox

    if not isinstance(store, ox.Store):
        return {}
    solutions = store.query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    return {sol[key].value: sol["id"].value for sol in solutions}


def external_graphs(store: Any) -> dict[str, str]:
    """Graph IRI -> printed source identifier, for every curator assertion in an embedded store."""
    return _pairs(store, _EXTERNAL, "g")


def restrict(store: Any, sources: str) -> Any:
    """The store to answer from: `store` itself for `all` (or when it holds no other source), else a copy without
    the curator-assertion graphs. A remote endpoint is queried as it is (it holds what was loaded into it)."""
    import pyoxigraph as ox

    if sources == "all" or not isinstance(store, ox.Store):
        return store
    external = {ox.NamedNode(g) for g in external_graphs(store)}
    if not external:
        return store
    survey = ox.Store()
    # in the order a survey-only build inserts them (sorted), so GROUP_CONCAT and unordered rows come out the same
    kept = sorted((q for q in store.quads_for_pattern(None, None, None, None) if q.graph_name not in external), key=str)
    survey.extend(kept)
    return survey


def row_sources(store: Any) -> dict[str, str]:
    """Entity IRI -> source identifier, for the entities that come from another publication."""
    return _pairs(store, _SUBJECTS, "s")


def annotate(result: Any, store: Any) -> Any:
    """Add a `source` column to a SELECT result: the other publication a row's entity comes from, else `survey`."""
    import pyoxigraph as ox

    from ..store.sparql import Result

    if result.boolean is not None or result.triples is not None:
        return result
    external = row_sources(store)
    rows = []
    for row in result.rows:
        found = sorted({external[t.value] for t in row if isinstance(t, ox.NamedNode) and t.value in external})
        rows.append([*row, ox.Literal("; ".join(found) if found else SURVEY_LABEL)])
    name = "source" if "source" not in result.variables else "rests_on"
    return Result([*result.variables, name], rows)
