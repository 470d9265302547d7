"""The build and sparql commands, including what a curator sees when a record is wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from llm4cell_kg.build.derived import is_derived
from llm4cell_kg.cli import main


def run(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(main, list(args))
    return res.exit_code, res.output


def break_record(graph: Path, old: str, new: str, count: int = 1) -> None:
    path = graph / "models.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_build_writes_all_serialisations(tmp_path: Path, quads: list[ox.Quad]) -> None:
    code, out = run("build", "--out", str(tmp_path / "out"))
    assert code == 0, out
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "llm4cell.nq",
        "llm4cell.nt",
        "llm4cell.trig",
        "llm4cell.ttl",
    ]
    # the counts printed are those of the files written, which leave out the build-time helper triples
    nq = list(ox.parse(path=str(tmp_path / "out" / "llm4cell.nq")))
    nt = list(ox.parse(path=str(tmp_path / "out" / "llm4cell.nt")))
    lines = out.splitlines()
    assert lines[0] == f"built {len(nq)} quads in {len({q.graph_name for q in nq})} graphs"
    assert lines[1:5] == [
        f"  {tmp_path / 'out' / 'llm4cell.nq'}: {len(nq)} quads",
        f"  {tmp_path / 'out' / 'llm4cell.trig'}: {len(nq)} quads",
        f"  {tmp_path / 'out' / 'llm4cell.nt'}: {len(nt)} triples (the union of the graphs)",
        f"  {tmp_path / 'out' / 'llm4cell.ttl'}: {len(nt)} triples (the union of the graphs)",
    ]
    helpers = [q for q in quads if is_derived(q)]
    assert helpers and len(nq) == len(quads) - len(helpers) and not [q for q in nq if is_derived(q)]
    assert lines[5].startswith(f"left out of these files: {len(helpers)} build-time helper quads (graphs src:derived/")


@pytest.mark.parametrize(
    ("old", "new", "record", "field", "hint"),
    [
        (
            "  families: [foundation]\n  modalities: [rna, multiomic]\n  grounding: [atlas]\n  tasks: [annotation, "
            "multiomic-integration, trajectory-perturbation]",
            "  families: [fundation]\n  modalities: [rna, multiomic]\n"
            "  grounding: [atlas]\n  tasks: [annotation, multiomic-integration, trajectory-perturbation]",
            "scgpt",
            "families",
            "unknown family 'fundation'. Did you mean 'foundation'?",
        ),
        ("  name: Geneformer\n", "", "geneformer", "name", "missing; this field is required"),
        (
            "  domain_score: 7\n  year: 2025\n  venues: [nature-communications]\n  citation: zeng-et-al-2025",
            "  domain_score: high\n  year: 2025\n  venues: [nature-communications]\n  citation: zeng-et-al-2025",
            "cellfm",
            "domain_score",
            "'high' is not a number",
        ),
    ],
    ids=["unknown-family", "missing-name", "non-numeric-score"],
)
def test_bad_record_stops_build_and_writes_nothing(
    graph_copy: Path, tmp_path: Path, old: str, new: str, record: str, field: str, hint: str
) -> None:
    break_record(graph_copy, old, new)
    out_dir = tmp_path / "out"
    code, out = run("build", "--data", str(graph_copy), "--out", str(out_dir))
    assert code == 1
    assert "graph/models.yaml" in out and f"record '{record}'" in out and f"{field}: " in out and hint in out
    assert "Traceback" not in out
    assert not out_dir.exists()


def test_bad_record_keeps_previous_outputs(graph_copy: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    assert run("build", "--out", str(out_dir))[0] == 0
    before = {p.name: p.read_bytes() for p in out_dir.iterdir()}
    break_record(graph_copy, "domain_score: 6", "domain_score: 11")
    code, out = run("build", "--data", str(graph_copy), "--out", str(out_dir))
    assert code == 1 and "record 'scgpt'" in out and "domain_score: 11 is out of range" in out
    assert {p.name: p.read_bytes() for p in out_dir.iterdir()} == before


def test_every_problem_reported_in_one_pass(graph_copy: Path) -> None:
    break_record(graph_copy, "  name: Geneformer\n", "")
    break_record(graph_copy, "domain_score: 4", "domain_score: x")
    code, out = run("build", "--data", str(graph_copy), "--out", str(graph_copy / "o"))
    assert code == 1 and "record 'geneformer'" in out and "record 'scbert'" in out
    assert out.count("problem(s)") == 1


def test_sparql_formats() -> None:
    q = "SELECT ?row WHERE { GRAPH ?g { model:scagent a l4c:Model } ?g l4c:rowNumber ?row }"
    code, out = run("sparql", q, "--format", "json")
    assert code == 0 and json.loads(out) == {"variables": ["row"], "rows": [{"row": 37}]}
    code, out = run("sparql", q, "--format", "csv")
    assert out.splitlines() == ["row", "37"]
    code, out = run("sparql", q)
    assert out.splitlines()[2].strip() == "37" and "(1 row)" in out
    code, out = run("sparql", "ASK { model:cellagent l4c:agentic true }")
    assert code == 0 and out.strip() == "true"
    code, out = run("sparql", "CONSTRUCT { model:lict rdfs:label ?l } WHERE { model:lict rdfs:label ?l }")
    assert code == 0 and '"LICT"' in out


def test_sparql_from_file_and_disk_store(tmp_path: Path) -> None:
    qfile = tmp_path / "q.rq"
    qfile.write_text("SELECT (COUNT(?m) AS ?n) WHERE { ?m l4c:printedAgentic 'Yes' }")
    store = tmp_path / "store"
    for _ in range(2):  # filled on first use, reused after
        code, out = run("sparql", str(qfile), "--format", "csv", "--store", str(store))
        assert code == 0 and out.splitlines() == ["n", "5"]


def test_sparql_syntax_error_is_clean() -> None:
    code, out = run("sparql", "SELECT WHERE {")
    assert code == 1 and out.startswith("error: SPARQL syntax error") and "Traceback" not in out


def test_sparql_long_one_line_query_and_missing_file(tmp_path: Path) -> None:
    # a one-line query longer than a file name may be is still a query (it raised OSError: File name too long)
    q = "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a l4c:Model ; l4c:printedDomainScore ?s " + " " * 300 + "}"
    res = CliRunner().invoke(main, ["sparql", q, "--format", "csv"])
    assert (res.exit_code, res.output) == (0, "n\n58\n")  # Table 7: 58 rows, each with a printed Domain Score
    res = CliRunner().invoke(main, ["sparql", str(tmp_path / "missing.rq")])
    assert res.exit_code == 1 and "missing.rq: no such query file" in res.output
