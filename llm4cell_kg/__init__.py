"""llm4cell-kg: a knowledge graph of the LLM4Cell survey of single-cell LLMs and agentic models.

The package is laid out in layers, each a folder that imports only the ones below it (docs/architecture.md):
common, curation, build, checks, store, answers and publish, export, web, server; `cli` and `api` on top.
"""

from . import moved as _moved

__version__ = "0.1.0"

_moved.install()
