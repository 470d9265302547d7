"""The old import paths the documentation showed still work after the move into layer folders (llm4cell_kg/moved.py):
the same module object, its own spec, and a DeprecationWarning naming the new place at the caller's line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

SCRIPT = """
import json, warnings
warnings.simplefilter("always")
with warnings.catch_warnings(record=True) as caught:
    {line}
import {new} as new
print(json.dumps({{
    "same": {name} is new.{name},
    "spec": new.__spec__.name,
    "warnings": [(str(w.message), w.category.__name__, w.filename) for w in caught],
}}))
"""

#: (the old import, the module the name lives in now, the name, the warning's old and new path)
CASES = [
    (
        "from llm4cell_kg.remote import open_backend",
        "llm4cell_kg.store.remote",
        "open_backend",
        ("llm4cell_kg.remote", "llm4cell_kg.store.remote"),
    ),
    (
        "from llm4cell_kg.sparql import run",
        "llm4cell_kg.store.sparql",
        "run",
        ("llm4cell_kg.sparql", "llm4cell_kg.store.sparql"),
    ),
    (
        "from llm4cell_kg.audit import run_audit",
        "llm4cell_kg.answers.audit",
        "run_audit",
        ("llm4cell_kg.audit", "llm4cell_kg.answers.audit"),
    ),
    (
        "from llm4cell_kg.figures import draw_all",
        "llm4cell_kg.answers.figures",
        "draw_all",
        ("llm4cell_kg.figures", "llm4cell_kg.answers.figures"),
    ),
    (
        "from llm4cell_kg.store import open_store",
        "llm4cell_kg.store.embedded",
        "open_store",
        ("llm4cell_kg.store.open_store", "llm4cell_kg.store.embedded.open_store"),
    ),
]


@pytest.mark.parametrize(("line", "new", "name", "warned"), CASES, ids=[c[0].split()[1] for c in CASES])
def test_old_path_gives_the_module_at_its_new_place(line: str, new: str, name: str, warned: tuple[str, str]) -> None:
    code = SCRIPT.format(line=line, new=new, name=name)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    got = json.loads(out.stdout)
    assert got["same"] is True
    assert got["spec"] == new  # the module keeps its own spec (pickling, -m, reload)
    old, moved_to = warned
    assert [(m, c) for m, c, _ in got["warnings"]] == [
        (f"{old} has moved to {moved_to}; import it from there", "DeprecationWarning")
    ]
    assert got["warnings"][0][2] == "<string>"  # pointed at the importing code, not at the import machinery


def test_unknown_names_are_still_errors() -> None:
    code = "import llm4cell_kg.store as s; s.nothing_here"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 1 and "AttributeError: module 'llm4cell_kg.store' has no attribute 'nothing_here'" in (
        out.stderr
    )
    out = subprocess.run([sys.executable, "-c", "import llm4cell_kg.records"], capture_output=True, text=True)
    assert out.returncode == 1 and "ModuleNotFoundError: No module named 'llm4cell_kg.records'" in out.stderr


def test_new_paths_import_without_warnings() -> None:
    code = (
        "import warnings; warnings.simplefilter('error')\n"
        "from llm4cell_kg.store.remote import open_backend\nfrom llm4cell_kg.store.embedded import open_store\n"
        "from llm4cell_kg.api import query_df\nfrom llm4cell_kg.export.nx import to_networkx"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
