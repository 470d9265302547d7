"""Where the curated data, ontology and queries live (installed wheel or source checkout)."""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def _root() -> Path:
    """The wheel ships data under `llm4cell_kg/_data`; a checkout keeps it at the repository root."""
    bundled = _PKG / "_data"
    return bundled if (bundled / "graph").is_dir() else _PKG.parent


ROOT = _root()
GRAPH_DIR = ROOT / "graph"
ONTOLOGY_DIR = ROOT / "ontology"
QUERIES_DIR = ROOT / "queries"
ONTOLOGY_FILE = ONTOLOGY_DIR / "llm4cell.ttl"
