"""Every place a record names is a place of the survey (graph/survey.yaml), and every table quote is in the cell it
names (issue 24 item 3): an unknown table or section, a row cited in another table, an invented quote, a column of
no table, a row out of range, repeated or missing each fail `build` with one located error.

Expected texts are the survey's: Table 7 row 22 (scGPT-spatial) prints "Extends scGPT via continual pretraining to
spatial data" in its Primary Task cell; Table 2 row 1 prints "Mouse sci-ATAC-seq atlas (Cusanovich et al., 2018)"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from llm4cell_kg.cli import main


def replace(old: str, new: str) -> Callable[[str], str]:
    def mutate(text: str) -> str:
        assert old in text, f"fixture text not found: {old!r}"
        return text.replace(old, new, 1)

    return mutate


SPATIAL = (
    '  source: Table 7\n  column: Primary Task\n  quote: "Extends scGPT via continual pretraining to spatial data"\n'
)
DBIT = 'evidence: "mouse embryo and human lymph node"'

#: case -> (file, mutation, texts the single located problem holds)
CASES: dict[str, tuple[str, Callable[[str], str], list[str]]] = {
    "lineage-table-9": (
        "lineage.yaml",
        replace(SPATIAL, SPATIAL.replace("Table 7", "Table 9")),
        [
            "record 'scgpt-spatial-extends-scgpt' (line 10)",
            "line 14, source: 'Table 9' is not a table ('Table 1' .. 'Table 7') or a section of the survey "
            "(graph/survey.yaml). Did you mean 'Table 7'?",
        ],
    ),
    "lineage-source-banana": (
        "lineage.yaml",
        replace(SPATIAL, SPATIAL.replace("Table 7", "banana")),
        ["line 14, source: 'banana' is not a table ('Table 1' .. 'Table 7') or a section of the survey"],
    ),
    "lineage-invented-quote": (
        "lineage.yaml",
        replace(SPATIAL, SPATIAL.replace("continual pretraining", "contrastive pretraining")),
        [
            "line 16, quote: 'Extends scGPT via contrastive pretraining to spatial data' is not in Table 7 row 22's "
            "Primary Task cell, 'Extends scGPT via continual pretraining to spatial data, supports multi-slide",
            "quote the cell's words as printed",
        ],
    ),
    "lineage-other-column": (
        "lineage.yaml",
        replace(SPATIAL, SPATIAL.replace("Primary Task", "Grounding Type")),
        [
            "line 16, quote: 'Extends scGPT via continual pretraining to spatial data' is not in Table 7 row 22's "
            "Grounding Type cell, 'Atlas + spatial- aware decoding'"
        ],
    ),
    "lineage-no-such-column": (
        "lineage.yaml",
        replace(SPATIAL, SPATIAL.replace("Primary Task", "Domains")),
        ["line 15, column: 'Domains' is not a column of Table 7. Did you mean 'Domain Score'?"],
    ),
    "lineage-column-missing": (
        "lineage.yaml",
        replace(SPATIAL, SPATIAL.replace("  column: Primary Task\n", "")),
        ["record 'scgpt-spatial-extends-scgpt' (line 10)", "line 10, column: missing; name the column of Table 7"],
    ),
    "lineage-prose-only-model-in-a-table": (
        "lineage.yaml",
        replace("  subject: scgpt-spatial\n", "  subject: scinterpreter\n"),
        ["line 14, source: 'scinterpreter' has no table row (it is named in the prose only); give the section"],
    ),
    "citation-table-2-row-as-table-5": (
        "dataset_citations.yaml",
        replace('  source: Table 2\n  quote: "Mouse sci-ATAC', '  source: Table 5\n  quote: "Mouse sci-ATAC'),
        [
            "record 'cusanovich-mouse-sci-atac-t2' (line 25)",
            "line 28, source: Table 5 is not the table of 'cusanovich-mouse-sci-atac': its row is Table 2 row 1",
        ],
    ),
    "citation-invented-quote": (
        "dataset_citations.yaml",
        replace('quote: "Mouse sci-ATAC-seq atlas (Cusanovich et al., 2018)"', 'quote: "Mouse ATAC atlas"'),
        ["line 29, quote: 'Mouse ATAC atlas' is not in Table 2 row 1's Dataset cell"],
    ),
    "citation-prose-only-dataset-in-a-table": (
        "dataset_citations.yaml",
        replace(
            "  dataset: cusanovich-mouse-sci-atac\n  publication: cusanovich-et-al-2018\n  source: Table 2",
            "  dataset: share-seq\n  publication: cusanovich-et-al-2018\n  source: Table 2",
        ),
        ["line 28, source: 'share-seq' has no table row (it is named in the prose only)"],
    ),
    "link-via-prose-only-dataset": (
        "ontology_links.yaml",
        replace('source: "Table 3", dataset: hca-data-browser}', 'source: "Table 3", dataset: share-seq}'),
        ["record 'datasets: hca-lung-project #2'", "via.dataset: 'share-seq' is not a dataset with a table row."],
    ),
    "link-via-wrong-table": (
        "ontology_links.yaml",
        replace('source: "Table 3", dataset: hca-data-browser}', 'source: "Table 1", dataset: hca-data-browser}'),
        ["via.source: 'Table 1' is not the table row of hca-data-browser (its table: Table 3)"],
    ),
    # issue 24 item 4: DBiT-seq's row prints "mouse embryo and human lymph node"; each tissue names its species
    "link-tissue-unpaired": (
        "ontology_links.yaml",
        replace(
            f'{DBIT}, source: "Table 4",\n       with_species: ["NCBITaxon:9606"]}}', f'{DBIT}, source: "Table 4"}}'
        ),
        [
            "record 'datasets: dbit-seq #4'",
            "with_species: dbit-seq is linked to 2 species (NCBITaxon:10090, NCBITaxon:9606): say which the row "
            "prints this tissue with, e.g. with_species: [NCBITaxon:10090]",
        ],
    ),
    "link-tissue-with-unlinked-species": (
        "ontology_links.yaml",
        replace('with_species: ["NCBITaxon:9606"]}', 'with_species: ["NCBITaxon:7215"]}'),
        [
            "record 'datasets: dbit-seq #4'",
            "with_species: 'NCBITaxon:7215' is not a species link of dbit-seq (its species: NCBITaxon:10090, "
            "NCBITaxon:9606)",
        ],
    ),
    "link-species-with-species": (
        "ontology_links.yaml",
        replace(
            f'{{property: species, term: "NCBITaxon:9606", {DBIT}, source: "Table 4"}}',
            f'{{property: species, term: "NCBITaxon:9606", {DBIT}, source: "Table 4", '
            'with_species: ["NCBITaxon:9606"]}',
        ),
        ["record 'datasets: dbit-seq #2'", "with_species: only a tissue link is paired with its species"],
    ),
    "row-59": (
        "models.yaml",
        replace("  name: CellAgent\n  row: 58\n", "  name: CellAgent\n  row: 59\n"),
        ["record 'cellagent'", "row: Table 7 prints 58 rows; there is no row 59"],
    ),
    "row-repeated": (
        "models.yaml",
        replace("  name: Geneformer\n  row: 2\n", "  name: Geneformer\n  row: 1\n"),
        ["record 'geneformer' (line 29)", "line 31, row: Table 7 row 1 is also record 'scgpt'; each row is one record"],
    ),
    "page-part": (
        "models.yaml",
        replace("  row: 2\n  page_chunk: 1\n", "  row: 2\n  page_chunk: 2\n"),
        ["line 32, page_chunk: Table 7 prints row 2 in its part 1 (graph/survey.yaml `chunks`), not 2"],
    ),
    "dataset-row-9-of-table-2": (
        "datasets.yaml",
        replace("  table: 2\n  row: 1\n", "  table: 2\n  row: 9\n"),
        ["row: Table 2 prints 6 rows; there is no row 9"],
    ),
    "section-of-no-heading": (
        "prose_models.yaml",
        replace('  section: "', '  section: "9.'),
        ["section: '9.", "is not a section of the survey (graph/survey.yaml `sections`)"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_place_the_survey_has_not_fails_build(case: str, graph_copy: Path, tmp_path: Path) -> None:
    fname, mutate, expected = CASES[case]
    # under `build --data DIR` messages name the files under DIR
    expected = [e.replace("graph/survey.yaml", str(graph_copy / "survey.yaml")) for e in expected]
    path = graph_copy / fname
    path.write_text(mutate(path.read_text(encoding="utf-8")), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--data", str(graph_copy), "--out", str(out)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    assert result.exit_code == 1
    assert result.output.startswith(f"error: 1 problem(s) in the curated records:\n{path}\n"), result.output
    for text in expected:
        assert text in result.output, result.output
    assert not out.exists()


def test_a_missing_row_is_named(graph_copy: Path, tmp_path: Path) -> None:
    path = graph_copy / "models.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- id: geneformer\n")
    path.write_text(text[:start] + text[text.index("- id: scfoundation\n") :], encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--data", str(graph_copy), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert (
        f"{path}\n  record 'Table 7 row 2' (line 29)\n    line 29, row: Table 7 prints 58 rows "
        f"({graph_copy / 'survey.yaml'}); no record holds row 2: add it"
    ) in result.output


def test_rows_the_records_do_not_reach_are_one_problem_at_the_table(graph_copy: Path, tmp_path: Path) -> None:
    # the last row's record deleted, or the table declared longer than it is: one problem, at `rows`, saying both
    path = graph_copy / "models.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("- id: cellagent\n")], encoding="utf-8")
    links = graph_copy / "web_links.yaml"  # and the links out of CellAgent, which would name a missing model
    head, *records = links.read_text(encoding="utf-8").split("\n- id: ")
    links.write_text("\n- id: ".join([head, *(r for r in records if "\n  model: cellagent\n" not in r)]), "utf-8")
    result = CliRunner().invoke(main, ["build", "--data", str(graph_copy), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output.startswith(
        f"error: 1 problem(s) in the curated records:\n{graph_copy / 'survey.yaml'}\n  record 'Table 7' (line 113)\n"
        f"    line 113, rows: Table 7 prints 58 rows, but {path} holds rows 1-57 of it: add the record of row 58, or "
        "correct `rows`\n"
    ), result.output
