"""The one checked pipeline: curated records -> RDF quads -> SHACL and provenance check -> the validated graph.

Every command that builds the graph (build, load, export, figures, report, reason, serve, and the store's build
cache) calls `checked_graph`; none can skip the check. Its imports are at module level, so a missing validation
module or engine is an ImportError, never a silently unvalidated graph.

The default graph (the records `paths.current()` names) is kept in the build cache once checked: its quads in
`graph-<digest>.nq` (the file `store.default_store` loads) and its validation report in `validation-<digest>.json`,
keyed by the inputs digest (`paths.inputs_digest`: records, ontology, code). With the inputs unchanged,
`checked_graph()` reads both instead of building and validating again: the result of the same check of the same
inputs. Edit one record and the digest changes, so the graph is built and checked anew.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from .. import paths
from ..build.derived import strip
from ..build.graph import build_quads
from ..common.atomic import atomic_file
from ..common.cache import cache_file, forget_others, save
from ..common.cache import load as load_kept
from ..curation.load import load, real_paths
from ..curation.records import Records
from .shacl_report import Report, Result
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
    if records is not None:
        quads = build_quads(records)
        return CheckedGraph(quads, check_quads(quads))
    source = paths.current() if data is None else paths.resolve(data)  # `data` may also be a checkout
    paths.announce(source)
    digest = paths.inputs_digest(source) if data is None else None
    kept = _kept(digest) if digest else None
    if kept is not None:
        return kept
    # with --data DIR, messages name the files under DIR (not graph/<file>)
    records = load(source.graph_dir, shown_as=real_paths(source.graph_dir) if source.chosen else None)
    quads = build_quads(records)
    graph = CheckedGraph(quads, check_quads(quads))
    if digest and paths.inputs_digest(source) == digest:  # not when a file changed while it was being read
        _keep(digest, graph)
    return graph


def checked_quads(data: Path | None = None) -> list[ox.Quad]:
    """The quads of `checked_graph(data)`."""
    return checked_graph(data).quads


def _kept(digest: str) -> CheckedGraph | None:
    """The checked graph of inputs `digest` when the build cache keeps both its quads and its report."""
    results = load_kept("validation", digest)
    graph = cache_file("graph", digest, ".nq")
    if not isinstance(results, list) or graph is None or not graph.is_file():
        return None
    try:
        quads = list(ox.parse(path=str(graph), format=ox.RdfFormat.N_QUADS, lenient=True))
        return CheckedGraph(quads, Report([Result(**r) for r in results]))
    except (OSError, SyntaxError, TypeError):
        return None


def _keep(digest: str, graph: CheckedGraph) -> None:
    """Keep the quads (N-Quads, in their sorted order) and then the report; errors are ignored (it is a cache)."""
    target = cache_file("graph", digest, ".nq")
    if target is None:
        return
    try:
        with atomic_file(target, durable=False) as tmp:
            ox.serialize(graph.quads, tmp, ox.RdfFormat.N_QUADS)
        forget_others("graph", target)
    except OSError:
        return
    save("validation", digest, [asdict(r) for r in graph.report.results])
