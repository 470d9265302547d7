"""Read KGX TSV files with the real `kgx` package and print its node/edge records (and validation) as JSON.

Runs in the separate venv made by scripts/install-test-deps.sh (kgx pins numpy<2 through pyarrow<16, so it cannot
share the project's environment). kgx fetches the Biolink model and JSON-LD contexts over the network when it
starts; this script points it at the copies its own dependencies ship (biolink-model, prefixcommons) instead.
Usage: python kgx_read.py DIR OUT.json   (DIR holds nodes.tsv and edges.tsv)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _offline() -> None:
    import biolink_model
    import bmt.toolkit
    import prefixcommons

    base = Path(biolink_model.__path__[0])
    bmt.toolkit.Toolkit.__init__.__defaults__ = (
        str(base / "schema" / "biolink_model.yaml"),
        {"predicate mappings": []},
    )
    import kgx.config

    registry = Path(prefixcommons.__path__[0]) / "registry"
    kgx.config.jsonld_context_map["biolink"] = json.loads(
        (base / "prefixmaps" / "biolink_model_prefix_map.json").read_text()
    )
    for name in ("monarch_context", "obo_context"):
        kgx.config.jsonld_context_map[name] = json.loads((registry / f"{name}.jsonld").read_text())["@context"]


def main(d: str, out: str) -> None:
    _offline()
    from kgx.transformer import Transformer
    from kgx.validator import Validator

    t = Transformer()
    t.transform(input_args={"filename": [f"{d}/nodes.tsv", f"{d}/edges.tsv"], "format": "tsv"})
    g = t.store.graph
    v = Validator()
    v.validate(t.store.graph)
    report = v.get_errors()
    Path(out).write_text(
        json.dumps(
            {
                "kgx_version": __import__("importlib.metadata").metadata.version("kgx"),
                "nodes": [[n, a] for n, a in g.nodes(data=True)],
                "edges": [[u, w, a] for u, w, _, a in g.edges(keys=True, data=True)],
                "errors": report,
            },
            default=str,
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
