"""catalogues/regenerate.py loaded as a module, for the tests of the links it writes (it is a script, not a package
module)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).parents[1]


def regenerate() -> ModuleType:
    # its own module name: ontology/imports/regenerate.py is imported as `regenerate` (bench/ontology_rdf.py)
    spec = importlib.util.spec_from_file_location("catalogue_regenerate", REPO / "catalogues" / "regenerate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module
