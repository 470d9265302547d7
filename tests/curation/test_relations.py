"""Lineage runs one way and a citation caveat names another model (issue 24 item 3): a model that extends itself, two
models that build on each other, a caveat naming its own subject as the other model, a caveat without the other
model its rule needs, and a caveat about a citation the survey does not print each fail `build`, located."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from llm4cell_kg.cli import main

#: a lineage record that closes a cycle with scgpt-spatial-extends-scgpt (Table 7 row 1 prints no such thing)
BACK = (
    "- id: scgpt-extends-scgpt-spatial\n  subject: scgpt\n  relation: extends\n  object: scgpt-spatial\n"
    '  source: "4.1"\n  quote: "Representative systems such as scGPT"\n'
)

#: case -> (file, old text, new text, texts the single located problem holds)
CASES: dict[str, tuple[str, str, str, list[str]]] = {
    "extends-itself": (
        "lineage.yaml",
        "  subject: scgpt-spatial\n  relation: extends\n  object: scgpt\n",
        "  subject: scgpt-spatial\n  relation: extends\n  object: scgpt-spatial\n",
        [
            "record 'scgpt-spatial-extends-scgpt' (line 10)",
            "line 13, object: 'scgpt-spatial' cannot be its own extends (a model does not build on itself); name the "
            "other model",
        ],
    ),
    "extend-each-other": (
        "lineage.yaml",
        "- id: spallm-uses-embeddings-of-scgpt\n",
        BACK + "- id: spallm-uses-embeddings-of-scgpt\n",
        [
            "record 'scgpt-extends-scgpt-spatial' (line 17)",
            "line 20, object: closes a cycle of lineage, scgpt -> scgpt-spatial -> scgpt, with record(s) "
            "'scgpt-spatial-extends-scgpt': a model cannot build on a model that builds on it",
        ],
    ),
    "three-cycle": (
        "lineage.yaml",
        "- id: spallm-uses-embeddings-of-scgpt\n",
        BACK.replace("object: scgpt-spatial", "object: c2s-scale").replace("scgpt-extends-scgpt-spatial", "x")
        + "- id: y\n  subject: cell2sentence\n  relation: extends\n  object: scgpt\n"
        '  source: "4.2"\n  quote: "Cell2Sentence"\n' + "- id: spallm-uses-embeddings-of-scgpt\n",
        [
            "record 'c2s-scale-trains-on-cell-sentences'",
            "object: closes a cycle of lineage, c2s-scale -> cell2sentence -> scgpt -> c2s-scale, with record(s) 'y', "
            "'x'",
        ],
    ),
    "caveat-names-its-own-model": (
        "citation_caveats.yaml",
        "  model: transformerst\n  publication: lu-et-al-2024\n  rule: citation-other-model\n  other_model: sctrans\n",
        "  model: transformerst\n  publication: lu-et-al-2024\n  rule: citation-other-model\n"
        "  other_model: transformerst\n",
        [
            "record 'transformerst-lu-et-al-2024' (line 12)",
            "line 16, other_model: 'transformerst' is the caveat's own model; name the other model whose paper it "
            "cites",
        ],
    ),
    "caveat-without-other-model": (
        "citation_caveats.yaml",
        "  rule: citation-other-model\n  other_model: sctrans\n",
        "  rule: citation-other-model\n",
        ["line 12, other_model: missing; a citation-other-model caveat names the model whose paper the citation is"],
    ),
    "review-caveat-with-other-model": (
        "citation_caveats.yaml",
        "  rule: citation-review\n",
        "  rule: citation-review\n  other_model: scgpt\n",
        ["other_model: a citation-review caveat names no other model (the citation is an overview); remove it"],
    ),
    "caveat-on-an-unprinted-citation": (
        "citation_caveats.yaml",
        "  model: transformerst\n  publication: lu-et-al-2024\n",
        "  model: transformerst\n  publication: cui-et-al-2024\n",
        [
            "line 14, publication: neither Table 7 nor a prose claim cites 'cui-et-al-2024' for 'transformerst' (its "
            "Table 7 row 21 cites 'lu-et-al-2024', {models}); a caveat is about a printed citation: fix `model` or "
            "`publication`, or remove the record",
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_relation_the_survey_cannot_hold_fails_build(case: str, graph_copy: Path, tmp_path: Path) -> None:
    fname, old, new, expected = CASES[case]
    expected = [e.replace("{models}", str(graph_copy / "models.yaml")) for e in expected]
    path = graph_copy / fname
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--data", str(graph_copy), "--out", str(out)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 1
    assert result.output.startswith(f"error: 1 problem(s) in the curated records:\n{path}\n"), result.output
    for text in expected:
        assert text in result.output, result.output
    assert not out.exists()
