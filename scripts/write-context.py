"""Write ontology/context.jsonld from the package's prefix map (llm4cell_kg.common.prefixes); tests check it is
current."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from llm4cell_kg.common.prefixes import jsonld_context  # noqa: E402


def text() -> str:
    return json.dumps(jsonld_context(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    out = ROOT / "ontology" / "context.jsonld"
    tmp = out.with_suffix(".tmp")
    tmp.write_text(text(), encoding="utf-8")
    tmp.replace(out)
    print(f"wrote {out}")
