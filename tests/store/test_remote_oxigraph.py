"""The remote backend against a second kind of real triplestore: the Oxigraph server (`oxigraph serve`, PyPI's
`oxigraph` CLI, a test extra), started on loopback for the module.

Unlike Virtuoso it gets no dialect rewrites: the standard Graph Store Protocol at `/store`, and Oxigraph's
`union-default-graph` parameter while the server holds only this graph; once it holds another project's graph too,
the standard SPARQL 1.1 Protocol dataset parameters (`default-graph-uri` and `named-graph-uri`, one per graph).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sysconfig
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from llm4cell_kg.answers.query import list_queries
from llm4cell_kg.build.derived import strip
from llm4cell_kg.build.graph import survey_only
from llm4cell_kg.cli import main
from llm4cell_kg.common.namespaces import BASE
from llm4cell_kg.store import remote
from llm4cell_kg.store.sparql import run

STALE = BASE + "source/stale-graph-from-an-older-build"
OTHER = "urn:other-project:graph"  # a graph of somebody else's in the same server
SEPARATORS = re.compile(r"; |, | \| ")


@pytest.fixture(scope="module")
def survey_quads(quads: list[ox.Quad]) -> list[ox.Quad]:
    """What `load` loads by default: the survey's graphs (graph/catalogue_models.yaml's records only under
    `--sources all`), the graph the `store` fixture holds."""
    return survey_only(quads)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, free_port: Callable[[], int]) -> Iterator[str]:
    """`oxigraph serve` on a free loopback port with an on-disk store under a temp dir; killed at teardown."""
    with oxigraph_server(tmp_path_factory, free_port) as base:
        yield base


@contextlib.contextmanager
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory, free_port: Callable[[], int]) -> Iterator[str]:
    """An `oxigraph serve` process as long as the block runs."""
    # the test extra's script sits beside this interpreter (or in the user scheme), which need not be on PATH
    candidates = [
        Path(sysconfig.get_path("scripts")) / "oxigraph",
        Path(sysconfig.get_path("scripts", f"{os.name}_user")) / "oxigraph",
    ]
    exe = next((str(c) for c in candidates if c.is_file()), None) or shutil.which("oxigraph")
    if not exe:
        pytest.fail("the `oxigraph` server is not installed: pip install -e '.[test]'")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [exe, "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=5).read()
                break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None:
                    pytest.fail(f"oxigraph serve exited: {proc.stderr.read().decode() if proc.stderr else ''}")
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def put(url: str, body: bytes) -> None:
    req = urllib.request.Request(url, data=body, method="PUT", headers={"Content-Type": remote.NTRIPLES})
    urllib.request.urlopen(req, timeout=60).read()


@pytest.fixture(scope="module")
def loaded(server: str, survey_quads: list[ox.Quad]) -> str:
    """The graph loaded by `load`, over a stale graph of an older build (which it must delete)."""
    put(f"{server}/store?{urllib.parse.urlencode({'graph': STALE})}", b"<urn:a> <urn:b> <urn:c> .\n")
    endpoint = server + "/query"
    res = CliRunner().invoke(main, ["load", "--endpoint", endpoint, "--graph-store", server + "/store", "--user", ""])
    assert res.exit_code == 0, res.output
    assert re.fullmatch(
        rf"loaded {len(survey_quads)} triples in {len({q.graph_name for q in survey_quads})} graphs into "
        r"http://127\.0\.0\.1:\d+/query in [\d.]+ s\n",
        res.output,
    )
    return endpoint


@pytest.fixture(scope="module")
def backend(loaded: str) -> remote.RemoteStore:
    return remote.RemoteStore(loaded)


def rows(result: object) -> Counter[tuple[str, ...]]:
    """Rows as lexical forms; GROUP_CONCAT's order is unspecified, so its parts are compared sorted."""
    out: Counter[tuple[str, ...]] = Counter()
    for row in result.rows:  # type: ignore[attr-defined]
        out[tuple(" | ".join(sorted(SEPARATORS.split("" if t is None else t.value))) for t in row)] += 1
    return out


def test_load_puts_every_graph_and_deletes_stale_ones(backend: remote.RemoteStore, survey_quads: list[ox.Quad]) -> None:
    expected = Counter(
        remote.DEFAULT_GRAPH if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value for q in survey_quads
    )
    assert backend.graph_sizes() == dict(expected)
    # the survey graph with its helper triples (docs/derived.md); the count follows the records
    assert len(backend) == len(survey_quads) > 30000
    backend.graphs()
    assert backend.others == [] and backend.oxigraph and not backend.virtuoso


def test_every_quad_arrives_intact(backend: remote.RemoteStore, survey_quads: list[ox.Quad]) -> None:
    ground = lambda qs: {q for q in qs if not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object))}  # noqa: E731
    back = backend.quads()
    assert len(back) == len(survey_quads)
    assert ground(back) == ground(survey_quads)


def test_union_default_graph_is_the_embedded_default_graph(backend: remote.RemoteStore, store: ox.Store) -> None:
    # the fast path (Oxigraph's union-default-graph): the same default graph; GRAPH ?g also meets DEFAULT_GRAPH,
    # which holds what the embedded store keeps in its default graph (the documented difference)
    for q in ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "SELECT (COUNT(*) AS ?n) WHERE { ?c a owl:Class }"):
        assert rows(run(backend, q)) == rows(run(store, q)), q
    graphs = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    named = len({q.graph_name for q in store.quads_for_pattern(None, None, None)} - {ox.DefaultGraph()})
    assert int(run(backend, graphs).rows[0][0].value) == int(run(store, graphs).rows[0][0].value) + 1 == named + 1


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_canned_query_same_on_the_oxigraph_server(name: str, backend: remote.RemoteStore, store: ox.Store) -> None:
    text = next(q.text for q in list_queries() if q.name == name)
    assert rows(run(backend, text)) == rows(run(store, text))


def test_audit_and_export_from_the_server(loaded: str, survey_quads: list[ox.Quad], tmp_path: Path) -> None:
    from llm4cell_kg.export import read

    runner = CliRunner()
    remote_audit = runner.invoke(main, ["audit", "--format", "json", "--endpoint", loaded])
    assert remote_audit.exit_code == 0
    assert json.loads(remote_audit.output) == json.loads(runner.invoke(main, ["audit", "--format", "json"]).output)
    out = tmp_path / "remote.nq"
    res = runner.invoke(main, ["export", "--format", "nquads", str(out), "--endpoint", loaded])
    assert res.exit_code == 0, res.output
    assert len(read("nquads", out)) == len(strip(survey_quads))  # without the helper triples (docs/derived.md)


def test_another_projects_graph_stays_outside_the_dataset(server: str, loaded: str, store: ox.Store) -> None:
    # last in the module: it adds a graph that is not ours, so queries switch to explicit dataset parameters
    put(f"{server}/store?{urllib.parse.urlencode({'graph': OTHER})}", b"<urn:a> <urn:b> <urn:c> .\n")
    try:
        backend = remote.RemoteStore(loaded)
        for q in (
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
            "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
            "ASK { GRAPH ?g { <urn:a> ?p ?o } }",
            next(q.text for q in list_queries() if q.name == "models-per-family"),
        ):
            assert rows(run(backend, q)) == rows(run(store, q)), q
        assert backend.others == [OTHER]
    finally:
        req = urllib.request.Request(f"{server}/store?{urllib.parse.urlencode({'graph': OTHER})}", method="DELETE")
        urllib.request.urlopen(req, timeout=60).read()


@pytest.fixture(scope="module")
def every_source(tmp_path_factory: pytest.TempPathFactory, free_port: Callable[[], int]) -> Iterator[str]:
    """A second server, loaded with `load --sources all`: the catalogue records' 56 graphs beside the survey's."""
    with oxigraph_server(tmp_path_factory, free_port) as base:
        endpoint = base + "/query"
        res = CliRunner().invoke(
            main, ["load", "--endpoint", endpoint, "--graph-store", base + "/store", "--user", "", "--sources", "all"]
        )
        assert res.exit_code == 0, res.output
        yield endpoint


def test_default_answers_on_a_graph_of_every_source_are_the_surveys(
    every_source: str, store: ox.Store, quads: list[ox.Quad]
) -> None:
    """The endpoint holds every source; a default answer reads its dataset without the other sources' graphs
    (`RemoteStore.survey_view`, as `restrict` copies the embedded store), `--sources all` reads them all."""
    from llm4cell_kg.answers.sources import answer, restrict

    backend = remote.RemoteStore(every_source)
    assert len(backend) == len(quads)  # everything was loaded
    view = restrict(backend, "survey")
    assert len(view.excluded) == 56  # graph/catalogue_models.yaml's records
    for name in ("graph-summary", "new-since-survey", "audit/citation-other-name", "models-per-family"):
        text = next(q.text for q in list_queries() if q.name == name)
        assert rows(answer(backend, text, "survey")) == rows(run(store, text)), name
    count = "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a l4c:Model }"
    assert [r[0].value for r in run(view, count).rows] == ["60"]
    assert [r[0].value for r in run(backend, count).rows] == ["116"]
