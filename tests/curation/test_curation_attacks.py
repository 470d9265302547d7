"""Files a careless curator (or a hostile one) can produce: each gives exit 1, one located message (file, line,
record, field), no traceback, and writes nothing, through `build --data DIR --out OUT` and through `validate PATH`.

Issue 17, items 7-10: every case here crashed, stalled, or was accepted silently before the safe YAML reader.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from llm4cell_kg.cli import main

MIB = 1024 * 1024


def replace_once(old: str, new: str) -> Callable[[bytes], bytes]:
    def mutate(raw: bytes) -> bytes:
        text = raw.decode("utf-8")
        assert text.count(old) >= 1, f"fixture text not found: {old!r}"
        return text.replace(old, new, 1).encode("utf-8")

    return mutate


def billion_laughs(_raw: bytes) -> bytes:
    lines = ['- id: lol\n  label: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n']
    prev = "a"
    for name in "bcdefghi":
        lines.append(f"- id: {name}\n  label: &{name} [{', '.join(['*' + prev] * 9)}]\n")
        prev = name
    return "".join(lines).encode("utf-8")


#: case -> (curated file, mutation of its bytes, substrings the message must hold)
CASES: dict[str, tuple[str, Callable[[bytes], bytes], list[str]]] = {
    "invalid-utf8": (
        "models.yaml",
        lambda raw: raw.replace(b"  name: scGPT\n", b"  name: sc\xe9GPT\n", 1),
        ["record 'scgpt' (line 6)", "line 7, name: byte 0xE9 at column 11 is not UTF-8", "save it as UTF-8"],
    ),
    "utf16": (
        "venues.yaml",
        lambda raw: raw.decode("utf-8").encode("utf-16"),
        ["line 1, ", "the file is UTF-16 encoded; save it as UTF-8"],
    ),
    "5000-digit-number": (
        "models.yaml",
        replace_once("  row: 1\n", "  row: " + "9" * 5000 + "\n"),
        ["record 'scgpt' (line 6)", "line 8, row: a number of 5,000 characters; numbers have at most 30"],
    ),
    "relation-as-mapping": (
        "claims.yaml",
        replace_once("  relation: family\n", "  relation: {family: foundation}\n"),
        ["record 'c0001' (line 7)", "line 9, relation: must be text, got {'family': 'foundation'}"],
    ),
    "dataset-links-without-printed": (
        "datasets.yaml",
        replace_once(
            "  printed:\n    dataset: Tabula Sapiens v2\n    tasks: Annotation, Integration\n"
            "    description: Multi-organ <i>human</i> atlas (~1.1 M cells, 28 organs across 24 donors) capturing "
            "cell-type heterogeneity and cross-tissue transcriptional variation; droplet and plate-seq modalities.\n"
            "    scale: 1.1 M cells / 28 organs / 24 donors\n    link: CZ Biohub Portal\n",
            "",
        ),
        ["record 'tabula-sapiens-v2' (line 6)", "printed: missing; this field is required"],
    ),
    "billion-laughs": (
        "venues.yaml",
        billion_laughs,
        ["record 'g' (line 13)", "line 14, label: aliases expand this value to more than 1,000,000 values"],
    ),
    "duplicate-key-in-record": (
        "models.yaml",
        replace_once("  row: 1\n", "  row: 1\n  name: scGPT2\n"),
        ["record 'scgpt' (line 6)", "line 9, name: duplicate key 'name' (line 9; first at line 7)"],
    ),
    "duplicate-section": (
        "ontology_links.yaml",
        lambda raw: (
            raw + b"datasets:\n  hlca-v1:\n    - {property: species, term: 'NCBITaxon:9606', "
            b"evidence: human, source: 'Table 1'}\n"
        ),
        # graph/ontology_links.yaml has 212 lines, its `datasets:` at line 16: the appended section starts at 213
        ["record 'datasets' (line 213)", "line 213, (section): duplicate key 'datasets' (line 213; first at line 16)"],
    ),
    "range-max-below-value": (
        "datasets.yaml",
        replace_once("    qualifier: range\n    max: 1000000\n", "    qualifier: range\n    max: 1000\n"),
        ["record 'azimuth-references'", "line 319, scale[1].max: max 1000 is below value 100000"],
    ),
    "blank-name": (
        "models.yaml",
        replace_once("  name: scGPT\n", '  name: "   "\n'),
        ["record 'scgpt' (line 6)", "line 7, name: holds only spaces"],
    ),
    "blank-quote": (
        "claims.yaml",
        replace_once(
            '  quote: "Early foundation models such as scGPT (Cui et al., 2024), Geneformer (Theodoris et al., '
            '2023), and scFoundation"\n',
            '  quote: "     "\n',
        ),
        ["record 'c0001'", "line 12, quote: holds only spaces"],
    ),
    "nul-character": (
        "claims.yaml",
        replace_once('  quote: "Early foundation', '  quote: "Early\\0 foundation'),
        ["record 'c0001' (line 7)", "line 12, quote: the text holds the control character U+0000; remove it"],
    ),
    "1mib-quote": (
        "claims.yaml",
        replace_once('  quote: "Early foundation', '  quote: "' + "x" * MIB + " Early foundation"),
        ["record 'c0001' (line 7)", "line 12, quote: a value of 1,048,", "characters", "the limit is 4,000"],
    ),
    "section-banana": (
        "claims.yaml",
        replace_once('  section: "1"\n', "  section: banana\n"),
        ["record 'c0001'", "line 11, section: 'banana' is not a section of the survey"],
    ),
    "section-99.9": (
        "claims.yaml",
        replace_once('  section: "1"\n', '  section: "99.9"\n'),
        ["record 'c0001'", "line 11, section: '99.9' is not a section of the survey"],
    ),
    "unknown-key-in-printed": (
        "models.yaml",
        replace_once("    domain_score: '6'\n", "    domain_score: '6'\n    domain: x\n"),
        ["record 'scgpt'", "line 19, printed.domain: unknown key. Did you mean 'domain_score'?"],
    ),
    "long-id": (
        "venues.yaml",
        lambda raw: raw + b"\n- id: " + b"a" * 100 + b"\n  label: A long id\n",
        ["line 131, id: an id of 100 characters; ids have at most 64"],
    ),
    "1mib-id": (
        "venues.yaml",
        replace_once("- id: aaai\n", "- id: " + "a" * MIB + "\n"),
        [
            "record 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' (line 4)",
            "line 4, id: a value of 1,048,576 characters",
        ],
    ),
    "syntax-error": (
        "counts.yaml",
        lambda raw: raw + b"- id: broken\n  section: [1, 2\n",
        ["record 'broken' (line 105)", "line 107, section: not valid YAML: did not find expected ',' or ']'"],
    ),
    "deep-nesting": (
        "venues.yaml",
        lambda raw: raw + b"- id: deep\n  label: " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
        ["record 'deep' (line 130)", "line 131, label: nested more than 64 levels deep"],
    ),
    "not-a-list": (
        "venues.yaml",
        lambda raw: b"id: aaai\nlabel: AAAI\n",
        ["line 1, must be a YAML list of records"],
    ),
    # issue 24 item 6: each of these ended in a traceback, or named only the file and line
    "bad-escape": (
        "claims.yaml",
        replace_once('  quote: "Early foundation', '  quote: "Early \\q foundation'),
        [
            "record 'c0001' (line 7)",
            "line 12, quote: not valid YAML: found unknown escape character (while parsing a quoted scalar)",
        ],
    ),
    "claim-subject-a-list": (
        "claims.yaml",
        replace_once("  subject: scgpt\n  relation: family\n", "  subject: [scgpt, geneformer]\n  relation: family\n"),
        ["record 'c0001' (line 7)", "line 8, subject: must be text, got ['scgpt', 'geneformer']"],
    ),
    "lineage-prose-only-model": (
        "lineage.yaml",
        replace_once("  subject: scgpt-spatial\n", "  subject: scinterpreter\n"),
        [
            "record 'scgpt-spatial-extends-scgpt' (line 10)",
            "line 14, source: 'scinterpreter' has no table row (it is named in the prose only); give the section that "
            "prints it",
        ],
    ),
    "citation-prose-only-dataset": (
        "dataset_citations.yaml",
        replace_once(
            "  dataset: cusanovich-mouse-sci-atac\n  publication: cusanovich-et-al-2018\n  source: Table 2",
            "  dataset: share-seq\n  publication: cusanovich-et-al-2018\n  source: Table 2",
        ),
        ["record 'cusanovich-mouse-sci-atac-t2' (line 25)", "line 28, source: 'share-seq' has no table row"],
    ),
    "citation-dataset-of-another-table": (
        "dataset_citations.yaml",
        replace_once(
            "  dataset: cusanovich-mouse-sci-atac\n  publication: cusanovich-et-al-2018\n  source: Table 2",
            "  dataset: tabula-muris\n  publication: cusanovich-et-al-2018\n  source: Table 2",
        ),
        ["line 28, source: Table 2 is not the table of 'tabula-muris': its row is Table 1 row 2"],
    ),
    "caveat-without-other-model": (
        "citation_caveats.yaml",
        replace_once("  rule: citation-other-model\n  other_model: sctrans\n", "  rule: citation-other-model\n"),
        [
            "record 'transformerst-lu-et-al-2024' (line 12)",
            "line 12, other_model: missing; a citation-other-model caveat names the model whose paper the citation is",
        ],
    ),
    "group-without-section": (
        "group_claims.yaml",
        replace_once('- id: g001\n  section: "1"\n', "- id: g001\n"),
        ["record 'g001' (line 11)", "line 11, section: missing; this field is required"],
    ),
}


def run(*args: str) -> tuple[int, str, BaseException | None]:
    result = CliRunner().invoke(main, list(args))
    exc = result.exception if not isinstance(result.exception, SystemExit) else None
    return result.exit_code, result.output, exc


def mutated_copy(graph_copy: Path, fname: str, mutate: Callable[[bytes], bytes]) -> Path:
    path = graph_copy / fname
    path.write_bytes(mutate(path.read_bytes()))
    return path


@pytest.mark.parametrize("case", sorted(CASES))
def test_build_data_refuses(case: str, graph_copy: Path, tmp_path: Path) -> None:
    fname, mutate, expected = CASES[case]
    path = mutated_copy(graph_copy, fname, mutate)
    out = tmp_path / "out"
    code, output, exc = run("build", "--data", str(graph_copy), "--out", str(out))
    assert exc is None and "Traceback" not in output
    assert code == 1
    assert output.startswith("error: 1 problem(s) in the curated records:"), output[:500]
    assert f"\n{path}\n" in output  # the real path under DIR, not graph/<file>
    for text in expected:
        assert text in output, output[:2000]
    assert len(output) < 5000  # a message never formats a huge value
    assert not out.exists()


@pytest.mark.parametrize("case", ["invalid-utf8", "billion-laughs", "relation-as-mapping", "section-banana"])
def test_validate_path_refuses_naming_the_users_file(case: str, graph_copy: Path, tmp_path: Path) -> None:
    fname, mutate, expected = CASES[case]
    mine = tmp_path / "mine"
    mine.mkdir()
    path = mine / fname
    shutil.copy(graph_copy / fname, path)
    path.write_bytes(mutate(path.read_bytes()))
    before = sorted(p.name for p in tmp_path.rglob("*"))
    code, output, exc = run("validate", str(path))
    assert exc is None and "Traceback" not in output
    assert code == 1
    assert f"\n{path}\n" in output
    for text in expected:
        assert text in output
    # no internal temp copy is named: the only absolute path in the message is the user's
    assert set(re.findall(r"(?:^|\s)(/\S+\.yaml)", output)) <= {str(path)}
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_one_syntax_error_in_models_is_one_problem(graph_copy: Path, tmp_path: Path) -> None:
    # before: 690 problems (every claim, link and alias that refers to a model failed too)
    path = mutated_copy(
        graph_copy, "models.yaml", replace_once("  families: [foundation]\n", "  families: [foundation\n")
    )
    out = tmp_path / "out"
    code, output, exc = run("build", "--data", str(graph_copy), "--out", str(out))
    assert exc is None and code == 1
    assert output.startswith("error: 1 problem(s) in the curated records:")
    assert (
        f"{path}\n  record 'scgpt' (line 6)\n    line 20, families: not valid YAML: did not find expected ',' or ']' "
        "(while parsing a flow sequence that starts at line 19)" in output
    )
    # the skipped checks are said, not silently dropped
    assert f"note: {graph_copy / 'claims.yaml'}: references to models were not checked because {path} did not load" in (
        output
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("doi", "10.1093/nar gkae1142", "'10.1093/nar gkae1142' is not a DOI like 10.1038/s41592-024-02201-0"),
        ("doi", '10.1093/nar/"gkae1142"', "is not a DOI like 10.1038/s41592-024-02201-0"),
        ("doi", "10.1093/<nar>/gkae1142", "'10.1093/<nar>/gkae1142' is not a DOI like"),
        ("doi", "10.1093/nar%zz", "'10.1093/nar%zz' does not make an IRI (Invalid IRI percent encoding '%zz')"),
        ("url", "https://example.org/a paper", "'https://example.org/a paper' is not an http(s) URL"),
        ("curator", "https://orcid.org/0000-0002-1825-0097 >", "is not a URL (no spaces, quotes or angle brackets)"),
    ],
)
def test_a_source_identifier_that_makes_no_iri_is_located(
    key: str, value: str, message: str, graph_copy: Path, tmp_path: Path
) -> None:
    """A DOI, URL or ORCID with a space, quote or angle bracket used to reach the IRI constructor (a traceback)."""
    path = graph_copy / "external_datasets.yaml"
    text = (Path(__file__).parents[1] / "fixtures" / "external" / "external_datasets.yaml").read_text(encoding="utf-8")
    old = (
        "    doi: 10.1093/nar/gkae1142\n"
        if key != "curator"
        else "    curator: https://orcid.org/0000-0002-1825-0097\n"
    )
    new = f"    {key}: '{value}'\n" if key != "url" else f"    url: '{value}'\n"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    out = tmp_path / "out"
    code, output, exc = run("build", "--data", str(graph_copy), "--out", str(out))
    assert exc is None and "Traceback" not in output
    assert code == 1
    field = "source.curator" if key == "curator" else f"source.{key}"
    line = 6 if key == "curator" else 5
    assert output.startswith(
        f"error: 1 problem(s) in the curated records:\n{path}\n  record 'cellxgene-census-2025' (line 2)\n"
        f"    line {line}, {field}: "
    ), output
    assert message in output
    assert not out.exists()


def test_an_edit_that_breaks_another_files_record_names_that_record(graph_copy: Path, tmp_path: Path) -> None:
    """Changing scFormer Cell+'s citation in models.yaml (Table 7 row 47 prints "(Cui et al., 2022)", nowhere else)
    leaves its citation caveat about a citation the survey does not print: the problem is the caveat's, named at
    its own file, line, record and field (the build used to raise it as one line naming graph/citation_caveats.yaml,
    whatever --data said)."""
    mutated_copy(
        graph_copy,
        "models.yaml",
        replace_once(
            "  venues: [biorxiv]\n  citation: cui-et-al-2022\n", "  venues: [biorxiv]\n  citation: cui-et-al-2024\n"
        ),
    )
    code, output, exc = run("build", "--data", str(graph_copy), "--out", str(tmp_path / "out"))
    assert exc is None and code == 1
    assert output.startswith(
        f"error: 1 problem(s) in the curated records:\n{graph_copy / 'citation_caveats.yaml'}\n"
        "  record 'scformer-cell-plus-cui-et-al-2022' (line 22)\n    line 24, publication: neither Table 7 nor a "
        "prose claim cites 'cui-et-al-2022' for 'scformer-cell-plus'"
    ), output


def test_duplicate_section_no_longer_drops_links(graph_copy: Path) -> None:
    # a repeated `datasets:` section used to replace the first: 8 quads lost without a word
    from llm4cell_kg.curation.load import load
    from llm4cell_kg.curation.problems import CurationError

    mutated_copy(graph_copy, "ontology_links.yaml", CASES["duplicate-section"][1])
    with pytest.raises(CurationError) as err:
        load(graph_copy)
    [problem] = err.value.problems
    assert (problem.file, problem.line) == ("graph/ontology_links.yaml", 213)
