"""`llm4cell-kg export --format sssom OUT` (issue 22 item 3): the models' mappings to catalogue entries as an SSSOM
mapping set, its metadata block and columns checked, five mappings pinned by hand against the snapshots in
catalogues/, and the name collisions that must not be mapped."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from llm4cell_kg.cli import main
from llm4cell_kg.export import export
from llm4cell_kg.export.sssom import COLUMNS, read_table

#: the columns of an SSSOM mapping (https://mapping-commons.github.io/sssom/Mapping/) this set fills
SSSOM_SLOTS = {
    "subject_id", "subject_label", "predicate_id", "predicate_modifier", "object_id", "object_label",
    "mapping_justification", "author_id", "author_label", "reviewer_id", "creator_id", "license", "subject_type",
    "subject_source", "subject_source_version", "object_type", "object_source", "object_source_version",
    "mapping_provider", "mapping_tool", "mapping_date", "confidence", "match_string", "see_also", "comment",
}  # fmt: skip
SCRNA = "39f8949a86b6014e25777f1c57bf7fc791dcd9bc"
AWESOME = "6e7140c598f448aeedf0572e99eb773d70fd7e21"
OMICS = "4bc0dd221f7b35eeef6876791be5bc902b0c22f9"


@pytest.fixture(scope="module")
def mapping_set(quads: list[ox.Quad], tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, list[dict[str, str]]]:
    out = export(quads, "sssom", tmp_path_factory.mktemp("sssom") / "links.sssom.tsv")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# curie_map:\n")
    return read_table(out)


def test_metadata_block_and_columns(mapping_set: tuple[dict, list[dict[str, str]]]) -> None:
    meta, rows = mapping_set
    assert meta["mapping_set_id"] == "https://w3id.org/llm4cell/mappings/catalogues.sssom.tsv"
    assert meta["license"] == "https://spdx.org/licenses/MIT"
    assert meta["curie_map"]["skos"] == "http://www.w3.org/2004/02/skos/core#"
    assert meta["curie_map"]["semapv"] == "https://w3id.org/semapv/vocab/"
    assert meta["curie_map"]["scrnatools"] == "https://www.scrna-tools.org/tools#"
    assert list(rows[0]) == list(COLUMNS) and set(COLUMNS) <= SSSOM_SLOTS
    # 69 with scMMGPT's OmicsML entry (matched on its arXiv month), less scFormer's (issue 24); + 15 from the reading
    # lists of catalogues/vision-omics (2), histo-st (2), sc-model-zoo (11), spatial-tools (5) and xue-homepage (1); a
    # cited reference's paper maps no entry
    assert len(rows) == 89
    for r in rows:
        for col in ("subject_id", "predicate_id", "object_id", "mapping_justification", "author_id", "object_source"):
            assert r[col].split(":", 1)[0] in meta["curie_map"], (col, r[col])
        assert r["predicate_id"] in {"skos:exactMatch", "skos:closeMatch"}
        assert r["mapping_justification"].startswith("semapv:")
        assert r["mapping_date"] == "2026-12-06" and r["author_label"] == "LLM4Cell-KG curators"
        assert 0 < float(r["confidence"]) <= 1
        assert (
            r["see_also"].startswith("https://github.com/") and f"/blob/{r['object_source_version']}/" in r["see_also"]
        )
        assert r["comment"].startswith("agrees: ")


def _row(rows: list[dict[str, str]], subject: str, obj: str) -> dict[str, str]:
    [row] = [r for r in rows if (r["subject_id"], r["object_id"]) == (subject, obj)]
    return row


@pytest.mark.parametrize(
    ("subject", "obj", "predicate", "justification", "confidence", "source", "version", "agrees"),
    [
        # scRNA-tools' scGPT: the name, and the title of References entry 17 (its DOI 10.1038/s41592-024-02201-0)
        ("model:scgpt", "scrnatools:scGPT", "skos:exactMatch", "semapv:CompositeMatching", "0.95",
         "github:scRNA-tools/scRNA-tools", SCRNA, "title: 'scGPT: toward building a foundation model for single-cell "
         "multi-omics using generative AI' = References entry 17 (Cui et al., 2024)"),
        # CellLM ships in the OpenBioMed toolkit: no shared name, the arXiv id the survey prints for it
        ("model:celllm", "scrnatools:OpenBioMed", "skos:closeMatch", "semapv:DatabaseCrossReference", "0.8",
         "github:scRNA-tools/scRNA-tools", SCRNA, "arXiv:2306.04371 = References entry 82 (Zhao et al., 2023)"),
        # HEIST: the name and arXiv:2506.11152, printed in References entry 43
        ("model:heist", "awesomescfm:model-heist-2025-06-11", "skos:exactMatch", "semapv:CompositeMatching", "0.95",
         "github:juntaic7/Awesome-Single-Cell-Foundation-Models", AWESOME,
         "arXiv:2506.11152 = References entry 43 (Madhu et al., 2025)"),
        # Geneformer: the name and the title of References entry 66 (Theodoris et al., 2023, Nature)
        ("model:geneformer", "omicsml:L110", "skos:exactMatch", "semapv:CompositeMatching", "0.95",
         "github:OmicsML/awesome-foundation-model-single-cell-papers", OMICS,
         "title: 'Transfer learning enables predictions in network biology' = References entry 66 (Theodoris et al., "
         "2023)"),
        # scGPT-spatial: the name and the venue (bioRxiv); the year disagrees, so the confidence drops to 0.5
        ("model:scgpt-spatial", "awesomescfm:model-scgpt-spatial-2025-02-08", "skos:closeMatch",
         "semapv:LexicalMatching", "0.5", "github:juntaic7/Awesome-Single-Cell-Foundation-Models", AWESOME,
         "venue: biorxiv"),
    ],
)  # fmt: skip
def test_five_mappings_pinned_by_hand(
    mapping_set: tuple[dict, list[dict[str, str]]],
    subject: str,
    obj: str,
    predicate: str,
    justification: str,
    confidence: str,
    source: str,
    version: str,
    agrees: str,
) -> None:
    row = _row(mapping_set[1], subject, obj)
    assert (row["predicate_id"], row["mapping_justification"]) == (predicate, justification)
    assert float(row["confidence"]) == float(confidence)
    assert (row["object_source"], row["object_source_version"], row["subject_source"]) == (
        source,
        version,
        "llm4cell:survey",
    )
    assert agrees in row["comment"]


def test_the_scgpt_spatial_conflict_is_in_its_row(mapping_set: tuple[dict, list[dict[str, str]]]) -> None:
    row = _row(mapping_set[1], "model:scgpt-spatial", "awesomescfm:model-scgpt-spatial-2025-02-08")
    assert row["comment"].endswith("conflicts: year: Awesome-Single-Cell-Foundation-Models gives 2025; the survey 2024")


@pytest.mark.parametrize(
    ("subject", "obj"),
    [
        ("model:cell2sentence", "scrnatools:cell2sentence"),  # Dhodapkar et al., 2022: another Cell2Sentence paper
        ("model:scformer", "scrnatools:scFormer"),  # 2022's scFormer; Table 7 row 13 cites scmFormer (2024)
        # and scmFormer itself: the audit (citation-other-name) finds row 13's citation is another model's paper
        ("model:scformer", "omicsml:L107"),
        ("model:pilot", "awesomescfm:model-scpilot-2026-02"),  # 2026's scPilot is not Pilot (Joodaki et al., 2024)
    ],
)
def test_name_collisions_are_not_mapped(mapping_set: tuple[dict, list[dict[str, str]]], subject: str, obj: str) -> None:
    assert not [r for r in mapping_set[1] if (r["subject_id"], r["object_id"]) == (subject, obj)]


def test_cli_writes_the_mapping_set(tmp_path: Path) -> None:
    out = tmp_path / "m.sssom.tsv"
    result = CliRunner().invoke(main, ["export", "--format", "sssom", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("wrote sssom (")
    meta, rows = read_table(out)
    assert meta["curie_map"]["model"] == "https://w3id.org/llm4cell/model/" and len(rows) == 89
