"""The built graph conforms; mutated copies fail with messages naming the YAML file, record and field."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from llm4cell_kg.checks.provenance import MSG_UNSOURCED
from llm4cell_kg.checks.shacl_report import format_report
from llm4cell_kg.checks.validate import check_quads, validate_quads
from llm4cell_kg.cli import main
from llm4cell_kg.common.namespaces import L4C, SCHEMES, XSD
from llm4cell_kg.errors import UserError

SCGPT = SCHEMES["model"] + "scgpt"
INT = ox.NamedNode(XSD + "integer")


@pytest.fixture(scope="module")
def reports(quads: list[ox.Quad]) -> dict[str, object]:
    return {e: validate_quads(quads, engine=e) for e in ("pyshacl", "pyrudof")}


def replace(quads: list[ox.Quad], subject: str, prop: str, new: ox.NamedNode | ox.Literal) -> list[ox.Quad]:
    """A copy with every `subject prop ?o` replaced by `subject prop new` (in the same graphs)."""
    out = [
        q
        if not (q.subject.value == subject and q.predicate.value == L4C + prop)
        else ox.Quad(q.subject, q.predicate, new, q.graph_name)
        for q in quads
    ]
    assert out != quads
    return out


def test_built_graph_conforms(reports: dict) -> None:
    report = reports["pyshacl"]
    assert report.conforms and report.violations == []
    # the warnings are exactly the two warning shapes
    assert {r.shape for r in report.warnings} == {"l4cs:ModelHasDataset", "l4cs:DatasetHasSpecies"}
    models_without_data = {r.record for r in report.warnings if r.shape == "l4cs:ModelHasDataset"}
    # the survey names scGPT's atlases only in group sentences (C.1 "scGPT and scFoundation were pretrained on
    # human–mouse atlases from Tabula Sapiens and HCA"), so no sentence links scGPT alone to a dataset ...
    assert "scgpt" in models_without_data
    # ... while C.1 "Geneformer aggregates thousands of GEO datasets" is about Geneformer alone
    assert "geneformer" not in models_without_data
    files = {r.record: r.file for r in report.warnings if r.shape == "l4cs:ModelHasDataset"}
    assert files["cellagent"] == "graph/models.yaml"  # Table 7 row 58
    assert files["scinterpreter"] == "graph/prose_models.yaml"  # named only in the prose


def test_pyrudof_agrees_on_built_graph(reports: dict) -> None:
    a, b = reports["pyshacl"], reports["pyrudof"]
    assert a.conforms == b.conforms
    assert {(r.severity, r.shape, r.focus) for r in a.results} == {(r.severity, r.shape, r.focus) for r in b.results}


def test_check_quads_passes_with_warnings_only(quads: list[ox.Quad]) -> None:
    assert check_quads(quads).warnings  # warnings do not fail


def test_wrong_family(quads: list[ox.Quad]) -> None:
    bad = replace(quads, SCGPT, "family", ox.NamedNode(SCHEMES["family"] + "foundaton"))
    report = validate_quads(bad)
    (v,) = report.violations
    assert (v.shape, v.focus, v.value) == ("l4cs:ModelFamily", SCGPT, SCHEMES["family"] + "foundaton")
    assert (v.file, v.record, v.field) == ("graph/models.yaml", "scgpt", "families")
    assert v.message.startswith("A model's family must be one of the ontology's families")
    with pytest.raises(UserError) as exc:
        check_quads(bad)
    assert "[l4cs:ModelFamily]" in str(exc.value)
    assert "model:scgpt value 'family:foundaton' -> graph/models.yaml record 'scgpt' field 'families'" in str(exc.value)


def test_score_11(quads: list[ox.Quad]) -> None:
    report = validate_quads(replace(quads, SCGPT, "domainScoreMax", ox.Literal("11", datatype=INT)))
    (v,) = report.violations
    assert (v.shape, v.value, v.record, v.field) == ("l4cs:ModelScoreMax", "11", "scgpt", "domain_score")
    assert v.message == (
        "A domain score is a whole number 0-10 (or a range like '5-7'): fix `domain_score` in graph/models.yaml."
    )


def test_bad_curie(quads: list[ox.Quad]) -> None:
    hlca = SCHEMES["dataset"] + "hlca-v1"
    bad = [q for q in quads if not (q.subject.value == hlca and q.predicate.value == L4C + "tissue")]
    g = next(q.graph_name for q in quads if q.subject.value == hlca and q.predicate.value == L4C + "tissue")
    bad.append(
        ox.Quad(
            ox.NamedNode(hlca),
            ox.NamedNode(L4C + "tissue"),
            ox.NamedNode("http://purl.obolibrary.org/obo/UBERON_2048"),
            g,
        )
    )
    (v,) = validate_quads(bad).violations
    assert v.shape == "l4cs:TissueIri" and v.focus == hlca
    assert (v.file, v.record, v.field) == ("graph/ontology_links.yaml", "hlca-v1/tissue", "term")


def test_missing_provenance(quads: list[ox.Quad]) -> None:
    """A model triple moved to the default graph, and a claim whose quote was dropped."""
    claim = SCHEMES["src"] + "claim/c0001"
    bad = [q for q in quads if not (q.subject.value == claim and q.predicate.value == L4C + "quote")]
    bad.append(ox.Quad(ox.NamedNode(SCGPT), ox.NamedNode(L4C + "year"), ox.Literal("2024", datatype=INT)))
    report = validate_quads(bad)
    got = {(r.shape, r.focus, r.message) for r in report.violations}
    assert got == {
        ("l4cs:ProvenanceQuadCheck", SCGPT, MSG_UNSOURCED),
        (
            "l4cs:SourceQuote",
            claim,
            "Every survey location needs exactly one verbatim quote: set `quote` (or the printed cells) of the record.",
        ),
    }
    quote = next(r for r in report.violations if r.shape == "l4cs:SourceQuote")
    assert (quote.file, quote.record, quote.field) == ("graph/claims.yaml", "c0001", "quote")


def test_report_groups_and_caps_examples(quads: list[ox.Quad]) -> None:
    report = validate_quads(quads)
    text = format_report(report.results, max_examples=2)
    lines = text.splitlines()
    assert lines[0] == f"conforms: 0 violation(s), {len(report.warnings)} warning(s)"
    assert lines[1] == f"Warning ({len(report.warnings)})"
    n_species = sum(r.shape == "l4cs:DatasetHasSpecies" for r in report.results)
    assert f"    ... and {n_species - 2} more" in lines


def test_cli_validate_built_graph_json() -> None:
    result = CliRunner().invoke(main, ["validate", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["conforms"] is True and data["violations"] == 0 and data["warnings"] > 0


def test_cli_validate_rdf_file_with_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix l4c: <https://w3id.org/llm4cell/ontology#> .\n"
        "<https://w3id.org/llm4cell/model/new> a l4c:Model ; "
        '<http://www.w3.org/2000/01/rdf-schema#label> "New" ; l4c:year 2042 .\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", str(bad), "--max-examples", "1"])
    assert result.exit_code == 1
    assert "[l4cs:ModelYear] A model's year must be one whole number between 2015 and 2030" in result.output
    assert "model:new value '2042' -> graph/models.yaml record 'new' field 'year'" in result.output


def test_cli_validate_changed_yaml(graph_copy: Path) -> None:
    models = graph_copy / "models.yaml"
    models.write_text(
        models.read_text(encoding="utf-8").replace("  domain_score: 6\n", "  domain_score: 11\n", 1), encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["validate", str(models)])
    assert result.exit_code == 1
    # the message names the file the curator passed, not the repository's copy
    assert result.output.splitlines()[1] == str(models)
    assert "record 'scgpt'" in result.output
    assert "domain_score: 11 is out of range; a domain score is 0..10 (nearest valid value: 10)" in result.output


def test_cli_validate_refuses_a_yaml_file_it_would_ignore(tmp_path: Path) -> None:
    # a changed copy replaces the graph/ file of the same name; any other name would be silently skipped
    p = tmp_path / "new-model.yaml"
    p.write_text("- id: x\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(p)])
    assert result.exit_code == 1
    assert f"{p}: not a curated file name" in result.output
    # issue 12 added citation_caveats, dataset_citations, dataset_statements, group_claims and lineage
    assert (
        "name it one of: aliases.yaml, catalogue_models.yaml, citation_caveats.yaml, claims.yaml, counts.yaml, "
        "dataset_citations.yaml, dataset_statements.yaml, datasets.yaml, " in " ".join(result.output.split())
    )
    assert result.output.count("ontology_links.yaml") == 1


def test_cli_validate_rejects_unknown_input(tmp_path: Path) -> None:
    p = tmp_path / "x.csv"
    p.write_text("a,b\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(p)])
    assert result.exit_code == 1 and "cannot validate" in result.output
