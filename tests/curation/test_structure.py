"""graph/survey.yaml declares the survey's structure as its text prints it: the headings' section numbers, each
table's caption, columns and rows (Table 7: 58 rows in 11 page-width parts; Tables 1-6: 40 rows), checked against the
survey's full text; a broken structure file is one located problem."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from llm4cell_kg.curation.load import load
from llm4cell_kg.curation.problems import CurationError
from llm4cell_kg.curation.structure import Survey


@pytest.fixture(scope="module")
def survey() -> Survey:
    found = load().survey
    assert found is not None
    return found


def printed_tables(text: str) -> dict[str, tuple[list[str], list[int]]]:
    """'Table N' -> (its header cells, rows per page-width part), read from the survey's text: a part is a header
    line and the tab-separated rows under it; Table 7 repeats its header at each part."""
    out: dict[str, tuple[list[str], list[int]]] = {}
    lines = text.splitlines()
    current = ""
    for i, line in enumerate(lines):
        m = re.search(r"Table (\d+):", line)
        if m and "\t" not in line:
            current = f"Table {m.group(1)}"
            continue
        if current and line.startswith(("Dataset\t", "Model (Year)\t")):
            rows = 0
            for row in lines[i + 1 :]:
                if not row.strip():
                    break
                rows += 1
            header, parts = out.get(current, ([], []))
            out[current] = (header or [c for c in line.split("\t") if c], [*parts, rows])
    return out


def test_tables_rows_and_columns_are_the_printed_ones(survey: Survey, survey_text: str) -> None:
    printed = printed_tables(survey_text)
    assert sorted(printed) == sorted(survey.tables) == [f"Table {n}" for n in range(1, 8)]
    for name, table in survey.tables.items():
        header, parts = printed[name]
        assert sum(parts) == table.rows, name
        if name == "Table 7":
            assert tuple(parts) == table.chunks
            # the first part prints "l Category"; one part prints "Domair Score": the headers as most parts print them
            assert list(table.columns.values()) == [h.removeprefix("l ") for h in header]
        else:
            assert list(table.columns.values()) == header
    assert survey.tables["Table 7"].rows == 58
    assert sum(t.rows for n, t in survey.tables.items() if n != "Table 7") == 40


def test_captions_are_printed(survey: Survey, survey_text: str) -> None:
    flat = re.sub(r"\*\*|\{\\bf |\}|\\ ", "", survey_text)
    for table in survey.tables.values():
        assert " ".join(table.label.split()) in " ".join(flat.split()), table.name


def test_every_section_is_a_heading(survey: Survey, survey_text: str) -> None:
    lines = set(survey_text.splitlines())
    for number, heading in survey.sections.items():
        assert (heading if number == heading else f"{number} {heading}") in lines, number


@pytest.mark.parametrize(
    ("old", "new", "record", "field", "line", "message"),
    [
        ("    rows: 58\n", "    rows: many\n", "Table 7", "rows", 113, "must be the number of rows the table prints"),
        (
            "    chunks: [2, 7, 5, 7, 6, 6, 5, 4, 5, 7, 4]\n",
            "    chunks: [2, 7, 5, 7, 6, 6, 5, 4, 5, 7]\n",
            "Table 7",
            "chunks",
            114,
            "the parts hold 54 rows, the table 58",
        ),
        ("    section: E\n", "    section: G\n", "Table 7", "section", 111, "'G' is not one of `sections`"),
        (
            "  Table 6:\n",
            "  Tabel 6:\n",
            "Tabel 6",
            "(table)",
            103,
            "a table is named 'Table N', as the survey prints it",
        ),
    ],
)
def test_a_broken_structure_is_located(
    graph_copy: Path, old: str, new: str, record: str, field: str, line: int, message: str
) -> None:
    path = graph_copy / "survey.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CurationError) as err:
        load(graph_copy)
    errors = [p for p in err.value.problems if p.severity == "error"]
    assert [(p.file, p.record, p.field, p.line) for p in errors] == [("graph/survey.yaml", record, field, line)]
    assert errors[0].message.startswith(message)
    # what needs the structure is not checked, and says so
    assert any(p.severity == "note" and "graph/survey.yaml did not load" in p.message for p in err.value.problems)
