"""Which sources a question is answered from: the survey alone (default) or every source (`--sources all`).

The survey's statements live in its own graphs; a record curated from another publication lives in a graph of its
own typed l4c:CuratorAssertion (graph/external_*.yaml). Answering "what does the survey say" is querying the dataset
without those graphs; `--sources all` queries them all, and each result row says which source it rests on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..common.namespaces import L4C, XSD

SURVEY_LABEL = "survey"
XSD_STRING = XSD + "string"
#: how a row or card resting on another publication is marked
NOT_IN_SURVEY = "not in the survey"
#: a row of counts some of which rest on records from other publications
MIXED = "survey and records not in the survey"

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


def describe(found: set[str]) -> str:
    """A row's sources in words: `survey`, and each other publication as `not in the survey (arXiv:...)`."""
    others = sorted(found - {SURVEY_LABEL})
    return "; ".join(([SURVEY_LABEL] if SURVEY_LABEL in found else []) + [f"{NOT_IN_SURVEY} ({o})" for o in others])


def annotate(result: Any, store: Any) -> Any:
    """Add a `source` column to a SELECT result: the other publication a row's entity comes from (`not in the
    survey (arXiv:...)`), else `survey`."""
    return mark(result, store, [], None)


def mark(result: Any, store: Any, names: list[str], survey: Callable[[], Any] | None) -> Any:
    """`result` with its source variables `names` (widen.py) replaced by one `source` column naming what each row
    rests on: the sources those variables bound and the other publications of the entities in the row. A row that
    names none is the survey's when the survey-only answer (`survey()`, run at most once) has the same row, else it
    says it includes records from other publications."""
    import pyoxigraph as ox

    from ..store.sparql import Result

    if result.boolean is not None or result.triples is not None:
        return result
    external = row_sources(store)
    at = [result.variables.index(n) for n in names if n in result.variables]
    keep = [k for k in range(len(result.variables)) if k not in at]
    survey_rows: set[tuple[str, ...]] | None = None
    rows = []
    for row in result.rows:
        iris = [t.value for t in row if isinstance(t, ox.NamedNode)]
        found = row_found([row[k].value for k in at if row[k] is not None], iris, external)
        if not found and survey is not None:
            if survey_rows is None:
                survey_rows = {tuple(map(str, r)) for r in survey().rows}
            same = tuple(str(row[k]) for k in keep) in survey_rows
            rows.append([*(row[k] for k in keep), ox.Literal(SURVEY_LABEL if same else MIXED)])
            continue
        rows.append([*(row[k] for k in keep), ox.Literal(describe(found or {SURVEY_LABEL}))])
    variables = [result.variables[k] for k in keep]
    return Result([*variables, "source" if "source" not in variables else "rests_on"], rows)


def row_found(bound: list[str], iris: list[str], external: dict[str, str]) -> set[str]:
    """The sources one row rests on: those its source variables bound (`bound`, each maybe "a; b") and the other
    publications of the entities among its `iris`."""
    return {s for v in bound for s in v.split("; ") if s} | {external[i] for i in iris if i in external}


def mark_plain(variables: list[str], rows: list[list[Any]], names: list[str], store: Any) -> tuple[list[str], list]:
    """`mark` for the rows a server worker sends back (`("uri", iri)` / `("literal", text, datatype, lang)`):
    the source variables `names` replaced by one `source` column."""
    external = row_sources(store)
    at = [variables.index(n) for n in names if n in variables]
    keep = [k for k in range(len(variables)) if k not in at]
    out = []
    for row in rows:
        iris = [t[1] for t in row if t is not None and t[0] == "uri"]
        found = row_found([row[k][1] for k in at if row[k] is not None], iris, external)
        out.append([*(row[k] for k in keep), ("literal", describe(found or {SURVEY_LABEL}), XSD_STRING, "")])
    kept = [variables[k] for k in keep]
    return [*kept, "source" if "source" not in kept else "rests_on"], out


def answer(store: Any, text: str, sources: str, bindings: dict[str, Any] | None = None, canned: bool = True) -> Any:
    """The result of the query `text` from `sources`: by default on the survey's graphs alone, exactly as before;
    under `all` a canned query widened to every source (widen.py), each row naming the sources it rests on."""
    from ..store.sparql import run
    from .widen import SURVEY_ONLY, widen

    if sources != "all":
        return run(restrict(store, sources), text, bindings)
    if canned and SURVEY_ONLY.search(text):  # a question only the survey answers: its answer, said to be the survey's
        return annotate(run(restrict(store, "survey"), text, bindings), store)
    wide, names = widen(text) if canned else (text, [])
    return mark(run(store, wide, bindings), store, names, lambda: run(restrict(store, "survey"), text, bindings))
