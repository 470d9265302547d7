"""Time and peak memory of regenerating the import modules (ontology/imports/regenerate.py) from the releases in
cellxgene-ontology-guide, against loading the NCBITaxon release whole, and of building the graph with them.

    python bench/bench_imports.py            # prints the figures and writes docs/benchmarks-imports.md

Each step runs in a fresh Python process; peak memory is that process's max RSS.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks-imports.md"

STEPS = {
    "regenerate imports (stream NCBITaxon)": """
import importlib.util, pathlib, sys
spec = importlib.util.spec_from_file_location("regenerate", "{root}/ontology/imports/regenerate.py")
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
m.main(out=pathlib.Path(sys.argv[1]))
""",
    "stream NCBITaxon only (one pass, 2 taxa kept)": """
from llm4cell_kg.checks import link_check
found = link_check.release_terms("NCBITaxon", {{"NCBITaxon:9606", "NCBITaxon:10090"}})
assert len(found) == 2
""",
    "load NCBITaxon whole (json.load, for comparison)": """
from cellxgene_ontology_guide.supported_versions import CXGSchema
assert "NCBITaxon:9606" in CXGSchema("7.1.0").ontology("NCBITaxon")
""",
    "load CL + UBERON + EFO whole (package API)": """
from cellxgene_ontology_guide.supported_versions import CXGSchema
s = CXGSchema("7.1.0")
assert all(len(s.ontology(n)) for n in ("CL", "UBERON", "EFO"))
""",
    "build graph with the import modules (no package)": """
import sys
sys.modules["cellxgene_ontology_guide"] = None
from llm4cell_kg.build.graph import build_quads
assert len(build_quads()) > 20000
""",
}

WRAP = """
import resource, time, json
t0 = time.perf_counter()
{body}
print(json.dumps({{"seconds": time.perf_counter() - t0,
                   "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def run(body: str, arg: str) -> dict[str, float]:
    code = WRAP.format(body=body.format(root=ROOT))
    out = subprocess.run([sys.executable, "-c", code, arg], check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, body in STEPS.items():
            results[name] = run(body, tmp)
            print(f"{name}: {results[name]['seconds']:.2f} s, {results[name]['peak_mb']:.0f} MB", flush=True)
        sizes = {p.name: p.stat().st_size for p in sorted(Path(tmp).glob("*.ttl"))}
    whole = results["load NCBITaxon whole (json.load, for comparison)"]
    stream = results["stream NCBITaxon only (one pass, 2 taxa kept)"]
    lines = [
        "# Benchmarks: ontology import modules",
        "",
        "Measured by `python bench/bench_imports.py` in one run (each step a fresh Python process; peak memory =",
        f"its max RSS). Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}.",
        "",
        "| step | time (s) | peak memory (MB) |",
        "|---|---:|---:|",
        *[f"| {k} | {v['seconds']:.2f} | {v['peak_mb']:.0f} |" for k, v in results.items()],
        "",
        f"Streaming NCBITaxon needs {whole['peak_mb'] / stream['peak_mb']:.1f}x less memory than loading it whole "
        f"({stream['peak_mb']:.0f} MB vs {whole['peak_mb']:.0f} MB) and takes "
        f"{stream['seconds'] / whole['seconds']:.2f}x the time.",
        "Regeneration streams NCBITaxon twice (the linked taxa, then their ancestors).",
        "The build reads only ontology/imports/*.ttl and never imports the package.",
        "",
        "Import module sizes: " + ", ".join(f"{k} {v / 1024:.0f} KiB" for k, v in sizes.items()) + ".",
        "",
    ]
    DOC.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
