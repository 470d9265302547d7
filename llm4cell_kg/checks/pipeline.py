"""The one checked pipeline: curated records -> RDF quads -> SHACL and provenance check -> the validated graph.

Every command that builds the graph (build, load, export, figures, report, reason, serve, and the store's build
cache) calls `checked_graph`; none can skip the check. Its imports are at module level, so a missing validation
module or engine is an ImportError, never a silently unvalidated graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from .. import paths
from ..build.derived import strip
from ..build.graph import build_quads
from ..curation.load import load, real_paths
from ..curation.records import Records
from .shacl_report import Report
from .validate import check_quads


@dataclass(frozen=True)
class CheckedGraph:
    """The built graph (sorted quads) and the validation report it passed (warnings only)."""

    quads: list[ox.Quad]
    report: Report

    @cached_property
    def released(self) -> list[ox.Quad]:
        """The quads as the written files hold them: without the build-time helper triples (docs/derived.md)."""
        return strip(self.quads)

    @property
    def graphs(self) -> int:
        """The named graphs of the released quads."""
        return len({q.graph_name for q in self.released})


def checked_graph(data: Path | None = None, records: Records | None = None) -> CheckedGraph:
    """Load the records (`data`, default graph/; or `records` already loaded), build, validate.

    Raises `CurationError` for a bad record and `UserError` when the graph fails validation (nothing built).
    """
    if records is None:
        source = paths.current() if data is None else paths.resolve(data)  # `data` may also be a checkout
        paths.announce(source)
        # with --data DIR, messages name the files under DIR (not graph/<file>)
        records = load(source.graph_dir, shown_as=real_paths(source.graph_dir) if source.chosen else None)
    quads = build_quads(records)
    return CheckedGraph(quads, check_quads(quads))


def checked_quads(data: Path | None = None) -> list[ox.Quad]:
    """The quads of `checked_graph(data)`."""
    return checked_graph(data).quads
