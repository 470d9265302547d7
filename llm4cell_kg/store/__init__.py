"""The store layer: the embedded pyoxigraph store and its build cache, remote triplestores (and Virtuoso's
dialect), the SPARQL runner they share and the SPARQL tokenizer."""

from __future__ import annotations

from typing import Any

#: the public names of the module `llm4cell_kg.store` before it became this package (now in `embedded`)
_EMBEDDED = ("open_store", "default_store", "default_digest", "cache_dir", "inputs_digest")


def __getattr__(name: str) -> Any:
    """`from llm4cell_kg.store import open_store` (the old path) still works, with a DeprecationWarning."""
    if name in _EMBEDDED:
        from ..moved import moved_warning
        from . import embedded

        moved_warning(f"llm4cell_kg.store.{name}", f"llm4cell_kg.store.embedded.{name}")
        value = getattr(embedded, name)
        globals()[name] = value  # once: `from ... import` looks a name up twice
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
