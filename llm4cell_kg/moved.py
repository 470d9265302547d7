"""The old import paths of modules that moved into the layer folders, kept working (CHANGELOG.md).

Only the paths the documentation showed are kept: importing one gives the module at its new place (the same
module object) and a DeprecationWarning naming that place.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import warnings
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

#: old module path -> its place now
MOVED = {
    "llm4cell_kg.audit": "llm4cell_kg.answers.audit",
    "llm4cell_kg.figures": "llm4cell_kg.answers.figures",
    "llm4cell_kg.remote": "llm4cell_kg.store.remote",
    "llm4cell_kg.sparql": "llm4cell_kg.store.sparql",
}


_PKG_DIR = str(Path(__file__).resolve().parent)


def moved_warning(old: str, new: str) -> None:
    """Warn, pointing at the code that used the old path (past the import machinery's and this package's frames)."""
    level, frame = 2, sys._getframe(1)  # warnings skips the import machinery's frames itself; count ours
    while frame.f_back is not None and frame.f_code.co_filename.startswith(("<frozen", _PKG_DIR)):
        level += not frame.f_code.co_filename.startswith("<frozen")
        frame = frame.f_back
    warnings.warn(f"{old} has moved to {new}; import it from there", DeprecationWarning, stacklevel=level)


class _Alias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds an old path and loads it as the module at the new path (not a second copy of it)."""

    def __init__(self) -> None:
        self._specs: dict[str, ModuleSpec | None] = {}

    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        return importlib.util.spec_from_loader(fullname, self) if fullname in MOVED else None

    def create_module(self, spec: ModuleSpec) -> ModuleType:
        moved_warning(spec.name, MOVED[spec.name])
        module = importlib.import_module(MOVED[spec.name])
        self._specs[spec.name] = module.__spec__
        return module

    def exec_module(self, module: ModuleType) -> None:
        # the import system gave the module the old path's spec: it keeps its own
        if module.__spec__ is not None and module.__spec__.name in self._specs:
            module.__spec__ = self._specs.pop(module.__spec__.name)


def install() -> None:
    """Let the old paths be imported (once per process)."""
    if not any(isinstance(f, _Alias) for f in sys.meta_path):
        sys.meta_path.append(_Alias())
