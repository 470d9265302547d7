"""Canned queries and SPARQL SELECTs as pandas DataFrames with typed columns (the Python API, `llm4cell_kg.api`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..common.namespaces import XSD
from ..common.prefixes import compress
from ..errors import UserError
from ..store.sparql import Result

if TYPE_CHECKING:
    import pandas as pd

INTEGER_TYPES = {
    XSD + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "unsignedInt",
        "unsignedLong",
    )
}
FLOAT_TYPES = {XSD + t for t in ("decimal", "double", "float")}
BOOLEAN = XSD + "boolean"


def value(term: Any, curies: bool = True) -> Any:
    """A Python value for one RDF term: int, float, bool, str (IRIs compacted to CURIEs when `curies`), or None."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        try:
            if dt in INTEGER_TYPES:
                return int(term.value)
            if dt in FLOAT_TYPES:
                return float(term.value)
        except ValueError:
            return term.value
        if dt == BOOLEAN:
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, ox.NamedNode):
        return compress(term.value) if curies else term.value
    return str(term)


def _column(values: list[Any]) -> Any:
    """A pandas array typed by its values: int64/Int64, bool/boolean, float64, else object (strings)."""
    import pandas as pd

    present = [v for v in values if v is not None]
    kinds = {type(v) for v in present}
    missing = len(present) != len(values)
    if kinds == {bool}:
        return pd.array(values, dtype="boolean" if missing else "bool")
    if kinds == {int}:
        return pd.array(values, dtype="Int64" if missing else "int64")
    if kinds and kinds <= {int, float}:
        return pd.array([float("nan") if v is None else float(v) for v in values], dtype="float64")
    return pd.array(values, dtype="object")


def to_df(result: Result, curies: bool = True) -> pd.DataFrame:
    """A SELECT result as a DataFrame, one typed column per variable (ASK/CONSTRUCT are not tables)."""
    import pandas as pd

    if result.boolean is not None or result.triples is not None:
        raise UserError("only SELECT queries give a table; this query is an ASK or CONSTRUCT")
    cols = {v: _column([value(row[i], curies) for row in result.rows]) for i, v in enumerate(result.variables)}
    return pd.DataFrame(cols, columns=result.variables)


def _store(store: ox.Store | None) -> ox.Store:
    if store is not None:
        return store
    from ..store.embedded import open_store

    return open_store()


def query_df(
    name: str, store: ox.Store | None = None, curies: bool = True, sources: str = "survey", **params: Any
) -> pd.DataFrame:
    """Run the canned query `name` (see `llm4cell-kg query --list`) and return its result as a DataFrame.

    `sources="all"` includes records curated from other publications and adds a `source` column. Other keyword
    arguments bind the parameters the query declares, as `--param` does: `query_df("task-models", task="annotation")`.
    """
    from .query import bind_params, get_query
    from .sources import answer, restrict

    q = get_query(name)
    full = _store(store)
    bindings = bind_params(q, {k: str(v) for k, v in params.items()}, restrict(full, sources))
    try:
        result = answer(full, q.text, sources, bindings or None)
    except SyntaxError as exc:
        raise UserError(f"SPARQL syntax error: {exc}") from None
    return to_df(result, curies)


def sparql_df(text: str, store: ox.Store | None = None, curies: bool = True, sources: str = "survey") -> pd.DataFrame:
    """Run a SPARQL SELECT (the usual prefixes predeclared, union default graph) and return a DataFrame."""
    from .sources import answer

    full = _store(store)
    try:
        result = answer(full, text, sources, canned=False)
    except SyntaxError as exc:
        raise UserError(f"SPARQL syntax error: {exc}") from None
    return to_df(result, curies)
