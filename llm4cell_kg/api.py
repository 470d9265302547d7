"""The Python API: canned queries and SPARQL SELECTs as pandas DataFrames with typed columns.

    from llm4cell_kg.api import query_df, sparql_df
    query_df("task-models", task="annotation")

The functions live in `answers/frames.py`; this module is their public, stable name.
"""

from __future__ import annotations

from .answers.frames import query_df, sparql_df, to_df, value

__all__ = ["query_df", "sparql_df", "to_df", "value"]
