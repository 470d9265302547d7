"""The remote backend against a real Virtuoso (Debian's virtuoso-opensource), started on loopback for the session.

Every canned query must give the embedded store's answer; the only differences allowed are the documented dialect
differences of docs/remote.md, normalised in `comparable` below and nowhere else.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from llm4cell_kg.answers.query import list_queries
from llm4cell_kg.build.derived import strip
from llm4cell_kg.build.graph import survey_only
from llm4cell_kg.cli import main
from llm4cell_kg.common.namespaces import BASE, XSD
from llm4cell_kg.errors import UserError
from llm4cell_kg.store import remote
from llm4cell_kg.store.sparql import Result, render, run

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "virtuoso.sh"
STALE = BASE + "source/stale-graph-from-an-older-build"
VIRTRDF = "http://www.openlinksw.com/schemas/virtrdf#"
INTEGER_TYPES = {
    "integer",
    "nonNegativeInteger",
    "positiveInteger",
    "nonPositiveInteger",
    "negativeInteger",
    "long",
    "int",
    "short",
    "byte",
    "unsignedLong",
    "unsignedInt",
    "unsignedShort",
    "unsignedByte",
}


@pytest.fixture(scope="module")
def survey_quads(quads: list[ox.Quad]) -> list[ox.Quad]:
    """What `load` loads by default: the survey's graphs (graph/catalogue_models.yaml's records only under
    `--sources all`), the graph the `store` fixture holds."""
    return survey_only(quads)


@pytest.fixture(scope="session")
def endpoint(tmp_path_factory: pytest.TempPathFactory, free_port: Callable[[], int]) -> Iterator[str]:
    """A private Virtuoso on free loopback ports, database under a temp dir; stopped at teardown whatever happens."""
    if not shutil.which("virtuoso-t"):
        reason = "virtuoso-t not installed: run `bash scripts/install-test-deps.sh` (Debian's virtuoso-opensource)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    home = tmp_path_factory.mktemp("virtuoso")
    port, sql_port = free_port(), free_port()
    try:
        subprocess.run(
            ["bash", str(SCRIPT), "start", str(home), str(port), str(sql_port)],
            check=True,
            capture_output=True,
            text=True,
            timeout=180,
        )
        yield f"http://127.0.0.1:{port}/sparql"
    except subprocess.CalledProcessError as exc:
        pytest.fail(f"Virtuoso did not start: {exc.stdout}{exc.stderr}")
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", str(home)], capture_output=True, timeout=60)


@pytest.fixture(scope="session")
def loaded(endpoint: str) -> str:
    """The graph loaded with the `load` command, over a graph an older build left behind (which it must delete)."""
    auth = remote.Auth("dba", "dba")
    gsp = remote.graph_store_url(endpoint, authenticated=True)
    auth.send(
        "PUT",
        f"{gsp}?{urllib.parse.urlencode({'graph': STALE})}",
        b"<urn:a> <urn:b> <urn:c> .\n",
        {"Content-Type": remote.NTRIPLES},
        60,
    )
    res = CliRunner().invoke(main, ["load", "--endpoint", endpoint])
    assert res.exit_code == 0, res.output
    assert re.match(r"loaded \d+ triples in \d+ graphs into http://127\.0\.0\.1:\d+/sparql in [\d.]+ s", res.output)
    return endpoint


@pytest.fixture(scope="session")
def backend(loaded: str) -> remote.RemoteStore:
    return remote.RemoteStore(loaded)


def test_load_puts_every_graph_and_deletes_stale_ones(backend: remote.RemoteStore, survey_quads: list[ox.Quad]) -> None:
    expected = Counter(
        remote.DEFAULT_GRAPH if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value for q in survey_quads
    )
    sizes = backend.graph_sizes()
    assert STALE not in sizes
    assert sizes == dict(expected)
    assert len(backend) == len(survey_quads)


def test_every_quad_arrives_intact(backend: remote.RemoteStore, store: ox.Store) -> None:
    """Every named-graph quad and default-graph triple, literals byte for byte (blank node labels aside)."""
    named = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert comparable(run(backend, named), run(store, named), named) == comparable(
        run(store, named), run(store, named), named
    )
    default = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    theirs = backend.query(default, use_default_graph_as_union=False)
    mine = run_default_only(store, default)
    assert comparable(theirs, mine, default) == comparable(mine, mine, default)


def run_default_only(store: ox.Store, query: str) -> Result:
    res = store.query(query, use_default_graph_as_union=False)
    names = [v.value for v in res.variables]
    return Result(names, [[sol[v] for v in names] for sol in res])


def test_dataset_is_the_graph_only(backend: remote.RemoteStore, store: ox.Store) -> None:
    """Virtuoso's own graphs (virtrdf#, ...) are in the server but outside the dataset queries see."""
    backend.graphs()
    assert VIRTRDF in backend.others
    for q in (
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
        "SELECT (COUNT(*) AS ?n) WHERE { ?c a owl:Class }",
    ):
        assert run(backend, q).rows == run(store, q).rows, q


def test_constant_graph_iri_matches_as_on_the_embedded_store(backend: remote.RemoteStore, store: ox.Store) -> None:
    """`GRAPH <iri>` matched nothing on Virtuoso under the dataset pragmas (virtuoso.bind_constant_graphs)."""
    onto = "<https://w3id.org/llm4cell/ontology>"
    for q in (
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {onto} {{ ?s ?p ?o }} }}",
        f"SELECT ?f ?l WHERE {{ ?c l4c:claimPredicate l4c:family ; l4c:claimObject ?f . "
        f"OPTIONAL {{ GRAPH {onto} {{ ?f rdfs:label ?l }} }} }}",
    ):
        mine = run(store, q)
        assert any(row[-1] is not None for row in mine.rows), q  # the graph's terms are there to be found
        assert comparable(run(backend, q), mine, q) == comparable(mine, mine, q), q


def normalise_term(term: Any, boolean_column: bool, separator: str | None) -> Any:
    """One cell, with the documented dialect differences made equal."""
    if term is None or isinstance(term, ox.BlankNode):
        return "_:" if term is not None else None  # blank node labels are store-local
    if isinstance(term, ox.Literal):
        # boolean expressions (EXISTS, comparisons) come back from Virtuoso as xsd:integer 1/0
        if boolean_column and term.datatype.value == XSD + "integer" and term.value in ("0", "1"):
            return ("boolean", term.value == "1")
        if term.datatype.value == XSD + "boolean":
            return ("boolean", term.value == "true")
        # pyoxigraph 0.5 stores xsd:nonNegativeInteger & co as xsd:integer; Virtuoso keeps the loaded datatype
        if term.datatype.value[len(XSD) :] in INTEGER_TYPES and term.datatype.value.startswith(XSD):
            return ("integer", int(term.value))
        # GROUP_CONCAT order is unspecified by SPARQL: Virtuoso sorts, pyoxigraph keeps the order it met values in
        if separator is not None:
            return ("group", tuple(sorted(term.value.split(separator))) if term.value else ())
    return str(term)


def group_concat_separators(query: str) -> dict[str, str]:
    """Result variable -> separator of each GROUP_CONCAT in the query (default separator: one space)."""
    found = {}
    for m in re.finditer(r"GROUP_CONCAT\s*\((.*?)\)\s+AS\s+\?(\w+)", query, re.IGNORECASE | re.DOTALL):
        sep = re.search(r";\s*separator\s*=\s*(\"([^\"]*)\"|'([^']*)')", m.group(1), re.IGNORECASE)
        found[m.group(2)] = (sep.group(2) if sep.group(2) is not None else sep.group(3)) if sep else " "
    # and variables bound from one of those, e.g. (COALESCE(?ps, "") AS ?proseSections)
    for m in re.finditer(r"\(([^()]*(?:\([^()]*\)[^()]*)*)\s+AS\s+\?(\w+)\s*\)", query, re.IGNORECASE):
        used = [v for v in re.findall(r"\?(\w+)", m.group(1)) if v in found]
        if used and "GROUP_CONCAT" not in m.group(1).upper():
            found[m.group(2)] = found[used[0]]
    return found


def order_keys(query: str) -> list[str] | None:
    """The plain variables of the top-level ORDER BY (`?x`, `ASC(?x)`, `DESC(?x)`), or None if it has others."""
    m = re.search(r"ORDER\s+BY\s+(.*?)(?:\bLIMIT\b|\bOFFSET\b|$)", query.split("\n#")[0], re.IGNORECASE | re.DOTALL)
    if not m:
        return []
    parts = re.findall(r"(?:ASC|DESC)\s*\(\s*\?(\w+)\s*\)|\?(\w+)|(\S+)", m.group(1), re.IGNORECASE)
    if any(p[2] for p in parts):
        return None
    return [a or b for a, b, _ in parts]


def comparable(result: Result, reference: Result, query: str) -> tuple[list[tuple], list[tuple] | None]:
    """Rows as a sorted multiset, and the sequence of ORDER BY keys (ties may come in any order)."""
    seps = group_concat_separators(query)
    booleans = {
        i
        for i, _ in enumerate(reference.variables)
        if any(isinstance(r[i], ox.Literal) and r[i].datatype.value == XSD + "boolean" for r in reference.rows)
    }
    rows = [
        tuple(
            normalise_term(t, i in booleans, seps.get(v))
            for i, (v, t) in enumerate(zip(result.variables, row, strict=True))
        )
        for row in result.rows
    ]
    keys = order_keys(query)
    sequence = None
    if keys and all(k in result.variables for k in keys):
        idx = [result.variables.index(k) for k in keys]
        sequence = [tuple(r[i] for i in idx) for r in rows]
    return sorted(rows, key=repr), sequence


QUERIES = list_queries()


@pytest.mark.parametrize("canned", QUERIES, ids=[q.name for q in QUERIES])
def test_canned_query_same_on_virtuoso(canned: Any, backend: remote.RemoteStore, store: ox.Store) -> None:
    mine, theirs = run(store, canned.text), run(backend, canned.text)
    assert theirs.variables == mine.variables
    assert len(theirs.rows) == len(mine.rows)
    assert comparable(theirs, mine, canned.text) == comparable(mine, mine, canned.text)


# provenance-of-statement aggregates its sources with GROUP_CONCAT (order unspecified): compared as sets above
@pytest.mark.parametrize("name", ["models-per-family", "tables1-6", "references"])
@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_remote_result_renders_the_same(name: str, fmt: str, backend: remote.RemoteStore, store: ox.Store) -> None:
    """Queries without a dialect difference render byte for byte alike (stored booleans come back as true/false)."""
    text = next(q.text for q in QUERIES if q.name == name)
    assert render(run(backend, text), fmt) == render(run(store, text), fmt)


def test_non_latin1_text_built_in_a_query_survives_group_concat(backend: remote.RemoteStore) -> None:
    """Virtuoso 7.2 turns '§' built by CONCAT into '?' inside GROUP_CONCAT unless wrapped (remote.virtuoso_text)."""
    q = 'SELECT (GROUP_CONCAT(?x; separator="; ") AS ?y) WHERE { VALUES ?s { "4.5" } BIND(CONCAT("§", ?s) AS ?x) }'
    assert run(backend, q).rows[0][0].value == "§4.5"


def test_construct_and_ask(backend: remote.RemoteStore, store: ox.Store) -> None:
    q = "CONSTRUCT { ?m l4c:task ?t } WHERE { ?m a l4c:Model ; l4c:task ?t }"
    got = run(backend, q).triples
    assert got and set(got) == set(run(store, q).triples)
    # Table 7 row 1 is scGPT (Appendix E); no model is called "GPT-4" in Table 7
    assert run(backend, 'ASK { model:scgpt rdfs:label "scGPT" }').boolean is True
    assert run(backend, 'ASK { ?m a l4c:Model ; rdfs:label "GPT-4" }').boolean is False


def cli(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(main, list(args))
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exc_info
    return res.exit_code, res.output


def test_cli_query_and_sparql_on_the_endpoint(loaded: str) -> None:
    code, out = cli("query", "models-per-year", "--endpoint", loaded, "--format", "csv")
    # Table 7, Model column years: 4 models of 2022, 8 of 2023, 20 of 2024, 26 of 2025 (58 rows)
    assert (code, out) == (0, "year,models\n2022,4\n2023,8\n2024,20\n2025,26\n")
    q = "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a l4c:Model }"
    assert cli("sparql", q, "--endpoint", loaded, "--format", "json") == cli("sparql", q, "--format", "json")


def test_unreachable_endpoint_is_a_user_error(free_port: Callable[[], int]) -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    code, out = cli("query", "models-per-year", "--endpoint", url)
    assert code == 1
    assert f"cannot reach the SPARQL endpoint {url}" in out and "Traceback" not in out


def test_virtuoso_syntax_error_is_a_user_error(loaded: str) -> None:
    code, out = cli("sparql", "SELECT ?x WHERE { ?x }", "--endpoint", loaded)
    assert code == 1
    assert "Virtuoso 37000 Error SP030: SPARQL compiler" in out and "syntax error" in out
    assert "Traceback" not in out


def test_wrong_password_is_a_user_error(loaded: str, survey_quads: list[ox.Quad]) -> None:
    with pytest.raises(UserError, match=r"HTTP 401"):
        remote.load(survey_quads[:1], loaded, user="dba", password="not-the-password")


def test_endpoint_and_store_together_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="either --endpoint"):
        remote.open_backend("http://127.0.0.1:1/sparql", tmp_path / "store")


def test_export_from_the_endpoint_gives_the_built_graph(
    loaded: str, survey_quads: list[ox.Quad], tmp_path: Path
) -> None:
    from llm4cell_kg.export import read

    out = tmp_path / "remote.nq"
    code, text = cli("export", "--format", "nquads", str(out), "--endpoint", loaded)
    assert code == 0, text
    back = read("nquads", out)
    ground = lambda qs: {q for q in qs if not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object))}  # noqa: E731
    built = strip(survey_quads)  # export leaves out the build-time helper triples (docs/derived.md)
    assert len(back) == len(built)
    assert ground(back) == ground(built)


def test_audit_on_the_endpoint_equals_the_embedded_audit(loaded: str) -> None:
    # the audit's rules are canned queries too; the whole audit must not change with the backend
    code, remote_json = cli("audit", "--format", "json", "--endpoint", loaded)
    assert code == 0
    assert json.loads(remote_json) == json.loads(cli("audit", "--format", "json")[1])
