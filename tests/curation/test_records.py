"""Curation errors stop the build before any RDF: messages name file, record, field and the nearest valid value."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from llm4cell_kg.cli import main
from llm4cell_kg.curation.load import load
from llm4cell_kg.curation.problems import CurationError


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path.name}: {old!r}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def build(data: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", "--data", str(data), "--out", str(out)])
    return result.exit_code, result.output


def drop_quote(path: Path, claim: str) -> None:
    text = path.read_text(encoding="utf-8")
    new, n = re.subn(rf"(- id: {claim}\n(?:  .*\n)*?)  quote: .*\n", r"\1", text, count=1)
    assert n == 1
    path.write_text(new, encoding="utf-8")


CASES = {
    "unknown-family": (
        lambda g: edit(g / "models.yaml", "  families: [foundation]\n", "  families: [foundaton]\n"),
        [
            "graph/models.yaml",
            "record 'scgpt'",
            "families: unknown family 'foundaton'. Did you mean 'foundation'? Allowed: agentic, benchmark-evaluation, "
            "epigenomic, foundation, spatial-multimodal, text-bridge.",
        ],
    ),
    "unknown-task": (
        lambda g: edit(
            g / "models.yaml",
            "  tasks: [annotation, multiomic-integration, trajectory-perturbation]\n",
            "  tasks: [anotation, multiomic-integration, trajectory-perturbation]\n",
        ),
        ["graph/models.yaml", "record 'scgpt'", "tasks: unknown task 'anotation'. Did you mean 'annotation'?"],
    ),
    "score-11": (
        lambda g: edit(g / "models.yaml", "  domain_score: 6\n", "  domain_score: 11\n"),
        [
            "graph/models.yaml",
            "record 'scgpt'",
            "domain_score: 11 is out of range; a domain score is 0..10 (nearest valid value: 10)",
        ],
    ),
    "malformed-curie": (
        lambda g: edit(
            g / "ontology_links.yaml",
            'term: "UBERON:0002048", evidence: "Integrated human lung reference"',
            'term: "UBERON_0002048", evidence: "Integrated human lung reference"',
        ),
        [
            "graph/ontology_links.yaml",
            "record 'datasets: hlca-v1 #2'",
            "term: 'UBERON_0002048' is not a valid CURIE",
            "Did you mean 'UBERON:0002048'?",
        ],
    ),
    "short-curie": (
        lambda g: edit(g / "ontology_links.yaml", 'term: "CL:0000066"', 'term: "CL:66"'),
        [
            "graph/ontology_links.yaml",
            "record 'datasets: hlca-v1 #4'",
            "term: 'CL:66' is malformed: CL ids have 7 digits, e.g. CL:0000066",
        ],
    ),
    "duplicate-model-name": (
        lambda g: edit(g / "models.yaml", "  name: Geneformer\n", "  name: scGPT\n"),
        [
            "graph/models.yaml",
            "record 'geneformer'",
            "name: duplicate name 'scGPT' (also record 'scgpt'); names must be unique",
        ],
    ),
    "unknown-count-measure": (
        lambda g: edit(g / "counts.yaml", "  measure: rowsOfTables1to6\n", "  measure: rowsOfTable1to6\n"),
        [
            "graph/counts.yaml",
            "record 'abstract-over-40-datasets'",
            "measure: 'rowsOfTable1to6' is not allowed. Did you mean 'rowsOfTables1to6'?",
        ],
    ),
    "prose-scale-unknown-dataset": (
        lambda g: edit(g / "prose_scales.yaml", "  dataset: scplantdb\n", "  dataset: scplant-db\n"),
        [
            "graph/prose_scales.yaml",
            "record 'b6-scplantdb'",
            # under `build --data DIR` the message names the file under DIR
            "dataset: 'scplant-db' is not a known datasets id (see ",
            "/graph/datasets.yaml). Did you mean 'scplantdb'?",
        ],
    ),
    "citation-unknown-publication": (
        lambda g: edit(
            g / "claims.yaml",
            '  object: shen-et-al-2023\n  section: "5.6"',
            '  object: shen-et-al-2033\n  section: "5.6"',
        ),
        ["graph/claims.yaml", "record 'c0631'", "object: 'shen-et-al-2033' is not a known publications id."],
    ),
    "missing-quote": (
        lambda g: drop_quote(g / "claims.yaml", "c0002"),
        ["graph/claims.yaml", "record 'c0002'", "quote: missing; this field is required"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_record_stops_build(case: str, graph_copy: Path, tmp_path: Path) -> None:
    mutate, expected = CASES[case]
    mutate(graph_copy)
    out = tmp_path / "out"
    code, output = build(graph_copy, out)
    assert code == 1
    assert output.startswith("error: 1 problem(s) in the curated records:")
    for text in expected:
        assert text in output
    assert "Traceback" not in output
    assert not out.exists()


def test_existing_outputs_are_left_unchanged(graph_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _ = build(graph_copy, out)
    assert code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    edit(graph_copy / "models.yaml", "  domain_score: 6\n", "  domain_score: 11\n")
    code, output = build(graph_copy, out)
    assert code == 1 and "domain_score: 11 is out of range" in output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_all_problems_reported_in_one_pass(graph_copy: Path) -> None:
    edit(graph_copy / "models.yaml", "  families: [foundation]\n", "  families: [foundaton]\n")
    edit(graph_copy / "models.yaml", "  name: Geneformer\n", "  name: scGPT\n")
    drop_quote(graph_copy / "claims.yaml", "c0002")
    with pytest.raises(CurationError) as exc:
        load(graph_copy)
    got = {(p.file, p.record, p.field) for p in exc.value.problems}
    assert got == {
        ("graph/models.yaml", "scgpt", "families"),
        ("graph/models.yaml", "geneformer", "name"),
        ("graph/claims.yaml", "c0002", "quote"),
    }


def test_curated_records_load_cleanly() -> None:
    rec = load()
    assert len(rec["models"]) == 58
    assert len(rec["datasets"]) == 40


def test_a_links_group_quotes_that_group_sentence(graph_copy: Path) -> None:
    """An ontology link marked `group` (issue 24) must quote that group claim's sentence: its section, one of its
    members, its words. Teddy's UBERON link quotes C.5 "Grounding sources include ..." (g109); g001 is §1's "Early
    foundation models such as scGPT, Geneformer, and scFoundation"."""
    links = graph_copy / "ontology_links.yaml"
    edit(
        links,
        'and PubMed", source: "C.5", group: g109}\n  pilot:',
        'and PubMed", source: "C.5", group: g001}\n  pilot:',
    )
    with pytest.raises(CurationError) as exc:
        load(graph_copy)
    got = [(p.file, p.record, p.field, p.message) for p in exc.value.problems]
    assert got == [
        ("graph/ontology_links.yaml", "models: teddy #1", "group", "group 'g001' is in §1, the link's source is 'C.5'"),
        (
            "graph/ontology_links.yaml",
            "models: teddy #1",
            "group",
            "'teddy' is not a member of group 'g001' (geneformer, scfoundation, scgpt)",
        ),
        (
            "graph/ontology_links.yaml",
            "models: teddy #1",
            "group",
            "the evidence is not in the sentence of group 'g001': 'Early foundation models such as scGPT (Cui et al., "
            "2024)...",  # clipped
        ),
    ]
    edit(links, "group: g001}", "group: g999}")
    with pytest.raises(CurationError) as exc:
        load(graph_copy)
    [problem] = exc.value.problems
    assert (problem.record, problem.field) == ("models: teddy #1", "group")
    assert problem.message.startswith("'g999' is not a known group_claims id (see graph/group_claims.yaml).")
