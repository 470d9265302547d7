"""A normalised value is what its printed cell gives by graph/normalisation.yaml (issue 24 item 2): an edited value
that contradicts its cell fails `build` with a located error (file, line, record, field, what to do); an override
with a reason builds and shows on the card beside the value; corrections are kept beside the value they correct.

The cells are Table 7's as printed: row 2 (Geneformer: "Geneformer (Theodoris et al., 2023)", "Nature", "6"),
row 1 (scGPT: "Nature Methods", "Foundation", "No"), row 9 (GeneCompass: "Nature- /Cell Research")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from llm4cell_kg.cli import main
from llm4cell_kg.curation.load import load
from llm4cell_kg.curation.problems import CurationError


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"fixture text not found in {path.name}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def build(data: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", "--data", str(data), "--out", str(out)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


GENEFORMER = "  domain_score: 6\n  year: 2023\n  venues: [nature]\n  citation: theodoris-et-al-2023\n"

#: case -> (old text of graph/models.yaml, new text, the located message `build` prints)
CONTRADICTIONS: dict[str, tuple[str, str, list[str]]] = {
    "domain-score": (
        GENEFORMER,
        GENEFORMER.replace("domain_score: 6", "domain_score: 7"),
        [
            "record 'geneformer' (line 29)",
            "line 47, domain_score: 7 is not what its printed cell says: Domain Score '6' (Table 7 row 2) gives 6 by "
            "graph/normalisation.yaml; write 6, or keep 7 with `override: {domain_score: {reason: WHY}}`",
        ],
    ),
    "year": (
        GENEFORMER,
        GENEFORMER.replace("year: 2023", "year: 2024"),
        [
            "record 'geneformer' (line 29)",
            "line 48, year: 2024 is not what its printed cell says: Model (Year) 'Geneformer (Theodoris et al., 2023)' "
            "(Table 7 row 2) gives 2023 by graph/normalisation.yaml; write 2023, or keep 2024 with "
            "`override: {year: {reason: WHY}}`",
        ],
    ),
    "venue": (
        GENEFORMER,
        GENEFORMER.replace("venues: [nature]", "venues: [nature-methods]"),
        [
            "line 49, venues: [nature-methods] is not what its printed cell says: Published where 'Nature' "
            "(Table 7 row 2) gives [nature] by graph/normalisation.yaml; write [nature], or keep [nature-methods] "
            "with `override: {venues: {reason: WHY}}`",
        ],
    ),
    "agentic": (
        "  agentic: false\n  domain_score: 6\n  year: 2023\n",
        "  agentic: true\n  domain_score: 6\n  year: 2023\n",
        ["line 46, agentic: true is not what its printed cell says: Agentic (Y/N) 'No' (Table 7 row 2) gives false"],
    ),
    "family": (
        "  families: [foundation]\n  modalities: [rna]\n  grounding: [none, implicit]\n",
        "  families: [foundation, agentic]\n  modalities: [rna]\n  grounding: [none, implicit]\n",
        ["line 42, families: [agentic, foundation] is not what its printed cell says: Category 'Foundation'"],
    ),
    "modality": (
        "  modalities: [rna]\n  grounding: [none, implicit]\n",
        "  modalities: [rna, atac]\n  grounding: [none, implicit]\n",
        ["line 43, modalities: [atac, rna] is not what its printed cell says: Modality 'scRNA' (Table 7 row 2) gives"],
    ),
    "grounding": (
        "  grounding: [none, implicit]\n",
        "  grounding: [none]\n",
        ["line 44, grounding: [none] is not what its printed cell says: Grounding Type 'None / Rank-based (implicit)'"],
    ),
    "tasks": (
        "  tasks: [annotation, trajectory-perturbation, regulatory-network]\n  agentic: false\n  domain_score: 6\n",
        "  tasks: [annotation, trajectory-perturbation]\n  agentic: false\n  domain_score: 6\n",
        [
            "line 45, tasks: [annotation, trajectory-perturbation] is not what its printed cell says: Primary Task "
            "'Cell classification, in-silico perturbation, network prediction' (Table 7 row 2) gives [annotation, "
            "regulatory-network, trajectory-perturbation]"
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(CONTRADICTIONS))
def test_a_value_that_contradicts_its_cell_fails_build(case: str, graph_copy: Path, tmp_path: Path) -> None:
    old, new, expected = CONTRADICTIONS[case]
    # under `build --data DIR` messages name the files under DIR
    expected = [e.replace("graph/normalisation.yaml", str(graph_copy / "normalisation.yaml")) for e in expected]
    edit(graph_copy / "models.yaml", old, new)
    out = tmp_path / "out"
    code, output = build(graph_copy, out)
    assert code == 1
    assert output.startswith(f"error: 1 problem(s) in the curated records:\n{graph_copy / 'models.yaml'}\n"), output
    for text in expected:
        assert text in output, output
    assert "Traceback" not in output
    assert not out.exists()


def test_a_changed_cell_is_checked_too(graph_copy: Path) -> None:
    # the printed cell is the source: editing it alone makes the record contradict it
    edit(
        graph_copy / "models.yaml",
        "    domain_score: '6'\n  families: [foundation]\n  modalities: [rna]\n",
        ("    domain_score: '5-7'\n  families: [foundation]\n  modalities: [rna]\n"),
    )
    with pytest.raises(CurationError) as err:
        load(graph_copy)
    [p] = err.value.problems
    assert (p.file, p.record, p.field, p.line) == ("graph/models.yaml", "geneformer", "domain_score", 47)
    assert "gives 5-7" in p.message


OVERRIDE = (
    "  citation: theodoris-et-al-2023\n  override:\n    domain_score:\n"
    "      reason: a fixture, the curator reads the score as 7\n"
)


def test_an_override_with_a_reason_builds_and_shows_on_the_card(
    graph_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(graph_copy / "models.yaml", GENEFORMER, GENEFORMER.replace("domain_score: 6", "domain_score: 7"))
    edit(graph_copy / "models.yaml", "  citation: theodoris-et-al-2023\n", OVERRIDE)
    code, output = build(graph_copy, tmp_path / "out")
    assert code == 0, output
    monkeypatch.setenv("LLM4CELL_KG_CACHE", str(tmp_path / "cache"))
    result = CliRunner().invoke(main, ["--data", str(graph_copy), "show", "Geneformer"])
    assert result.exit_code == 0, result.output
    note = "7 (override: a fixture, the curator reads the score as 7; printed '6')  [Table 7 row 2]"
    assert result.output.count(note) == 2  # domain score (low) and (high)
    card = json.loads(
        CliRunner().invoke(main, ["--data", str(graph_copy), "show", "Geneformer", "--format", "json"]).output
    )
    [high] = [f for f in card["facts"] if f["property"] == "l4c:domainScoreMax"]
    assert [(v["value"], v["note"]) for v in high["values"]] == [
        ("7", "override: a fixture, the curator reads the score as 7; printed '6'")
    ]


def test_an_override_needs_its_reason(graph_copy: Path) -> None:
    edit(graph_copy / "models.yaml", GENEFORMER, GENEFORMER.replace("domain_score: 6", "domain_score: 7"))
    edit(
        graph_copy / "models.yaml",
        "  citation: theodoris-et-al-2023\n",
        OVERRIDE.replace("      reason: a fixture, the curator reads the score as 7\n", "      reason: '  '\n"),
    )
    with pytest.raises(CurationError) as err:
        load(graph_copy)
    [p] = err.value.problems
    assert (p.record, p.field, p.line) == ("geneformer", "override.domain_score.reason", 53)
    assert p.message == "missing; say why the value is not what the printed cell gives"


def test_an_override_the_cell_does_not_need_is_refused(graph_copy: Path) -> None:
    edit(graph_copy / "models.yaml", "  citation: theodoris-et-al-2023\n", OVERRIDE)
    with pytest.raises(CurationError) as err:
        load(graph_copy)
    [p] = err.value.problems
    assert (p.record, p.field) == ("geneformer", "override.domain_score")
    assert p.message == "not needed: the printed cell (Domain Score, Table 7 row 2) gives 6 too; remove the override"


def test_the_shipped_records_build_with_their_overrides_and_corrections() -> None:
    notes = load().notes
    overrides = {(rid, fld) for (_c, rid, fld), n in notes.items() if n.kind == "override"}
    corrections = {(rid, fld) for (_c, rid, fld), n in notes.items() if n.kind == "correction"}
    # cells whose words do not give the curated value: each kept by an override with its reason
    assert overrides == {
        ("scgft", "grounding"),
        ("sctrans", "grounding"),
        ("teddy", "grounding"),
        ("xtrimogene", "grounding"),
        ("stformer", "modalities"),
        ("epiattend", "tasks"),
        ("spatial2sentence", "tasks"),
        # Table 2 row 5 and Table 4 row 4 print 'Integration' of rows about two modalities (RNA and ATAC; RNA and
        # protein): multi-omic integration, where the rule reads 'Integration' of a single-modality table
        ("encode-single-cell", "tasks"),
        ("dbit-seq", "tasks"),
        # Table 5 row 5's Description: "pharmacotranscriptomic profiles for drug response modeling" (issue 24 item 4;
        # Pilot's grounding override is gone: its cell names no grounding type, and it has none)
        ("sci-plex", "tasks"),
    }
    # printed venues spelled unlike the venue, and the one category outside the five families
    assert corrections == {
        ("genecompass", "venues"),
        ("scgraphformer", "venues"),
        ("scgft", "venues"),
        ("scgt", "venues"),
        ("scformer-cell-plus", "venues"),
        ("epiattend", "venues"),
        ("scgt", "families"),
    }
    assert notes["models", "scformer-cell-plus", "venues"].printed == "Bioarxiv"


def test_a_correction_is_shown_beside_the_value(store: object) -> None:
    from llm4cell_kg.answers.card import card_for, render

    text = render(card_for(store, "GeneCompass"), "text")
    assert (
        "Cell Research (venue:cell-research) (correction: the cited paper (Yang et al., 2024b) is in Cell Research, "
        "as the References print it; printed 'Nature- /Cell Research')  [Table 7 row 9]"
    ) in text


def test_venue_corrections_show_the_cell_as_printed(store: object) -> None:
    # issue 24 item 4: Table 7 row 54 (EpiAttend) prints "NeurIPS 2022 Work- shop", read as NeurIPS; row 16
    # (scGraphformer) prints "Nature Commu- nications Biology", read as Communications Biology. Each card shows the
    # value, why it is not the printed words, and the cell as printed
    from llm4cell_kg.answers.card import card_for, render

    text = render(card_for(store, "EpiAttend"), "text")
    assert (
        "NeurIPS (venue:neurips) (correction: a workshop of NeurIPS 2022 (References: 'In NeurIPS 2022 Workshop on "
        "Learning Meaningful Representations of Life'); printed 'NeurIPS 2022 Work- shop')  [Table 7 row 54]"
    ) in text
    data = json.loads(render(card_for(store, "EpiAttend"), "json"))
    venue = next(f for f in data["facts"] if f["property"] == "l4c:publishedIn")["values"][0]
    assert venue["value"] == "venue:neurips" and venue["note"].endswith("printed 'NeurIPS 2022 Work- shop'")
    text = render(card_for(store, "scGraphformer"), "text")
    assert "Communications Biology (venue:communications-biology) (correction: no journal is named" in text
    assert "printed 'Nature Commu- nications Biology')  [Table 7 row 16]" in text


def test_a_task_the_row_prints_outside_its_tasks_cell(store: object) -> None:
    # issue 24 item 4: Table 5 row 5 (sci-Plex) prints Tasks "Perturbation, Stress-response, GRN" and, in its
    # Description, "pharmacotranscriptomic profiles for drug response modeling"; the override is shown beside that task
    # only (the cell gives the other three); Table 3 row 6 (ASAP-seq) prints "Epigenetic modeling"
    from llm4cell_kg.answers.card import card_for

    card = card_for(store, "sci-plex")
    tasks = next(f for f in card.facts if f.property == "l4c:task")
    notes = {v.value: v.note for v in tasks.values if "Table 5 row 5" in v.sources}
    assert set(notes) == {
        "task:trajectory-perturbation",
        "task:stress-response",
        "task:regulatory-network",
        "task:drug-response",
    }
    assert notes["task:drug-response"].startswith("override: the row's Description prints the drug-response task")
    assert notes["task:drug-response"].endswith("printed 'Perturbation, Stress-response, GRN'")
    assert not notes["task:stress-response"] and not notes["task:regulatory-network"]
    asap = card_for(store, "ASAP-seq")
    assert "task:epigenetic-modeling" in {v.value for f in asap.facts if f.property == "l4c:task" for v in f.values}


def test_pilot_has_no_grounding_type(store: object) -> None:
    # Table 7 row 51 (Pilot) prints Grounding Type "Model- agnostic pilot foundation testing": no grounding type, and
    # not grounding:none, which is the cell printing "None" (CellAgent, row 58; Geneformer, row 2)
    from llm4cell_kg.store.sparql import run

    assert not run(store, "SELECT ?g WHERE { model:pilot l4c:groundingType ?g }").rows


def test_a_multimodal_transformer_names_no_family(store: object) -> None:
    # Table 7 row 47 (scFormer Cell+) prints Category "Foundation Model / Multi- modal Trans- former", row 43
    # (EpiBERT) "Epigenomic Foundation Model / Multi- modal Trans- former": an architecture, not the Spatial and
    # Multimodal family; no prose sentence places either there (EpiBERT: §4.4, §5.3, C.4 say epigenomic); row 38
    # (EpiFoundation) "Epigenomic Foundation Model / Multi- modal alignment": a technique, no family either
    from llm4cell_kg.store.sparql import run, term_text

    models = "model:scformer-cell-plus model:epibert model:epifoundation"
    q = f"SELECT ?m ?f WHERE {{ VALUES ?m {{ {models} }} ?m l4c:family ?f }}"
    got = {(term_text(m), term_text(f)) for m, f in run(store, q).rows}
    assert got == {
        ("model:scformer-cell-plus", "family:foundation"),
        ("model:epibert", "family:epigenomic"),
        ("model:epifoundation", "family:epigenomic"),
    }


def test_every_normalised_field_has_a_rule(graph_copy: Path) -> None:
    edit(graph_copy / "normalisation.yaml", "  year:\n    cell: model\n", "  yearly:\n    cell: model\n")
    with pytest.raises(CurationError) as err:
        load(graph_copy)
    got = {(p.file, p.record, p.field, p.message.split(";")[0]) for p in err.value.problems}
    assert got == {
        ("graph/normalisation.yaml", "models.yearly", "(field)", "models has no normalised field 'yearly'"),
        (
            "graph/normalisation.yaml",
            "models",
            "year",
            "missing: every normalised field is read from its cell by a rule",
        ),
    }


def test_a_wrong_rule_is_one_problem_not_one_per_row(graph_copy: Path) -> None:
    edit(
        graph_copy / "normalisation.yaml",
        "      - words: [Foundation]\n        values: [foundation]\n",
        ("      - words: [Foundation]\n        values: [foundaton]\n"),
    )
    with pytest.raises(CurationError) as err:
        load(graph_copy)
    errors = [p for p in err.value.problems if p.severity == "error"]
    assert [(p.file, p.record, p.field, p.line) for p in errors] == [
        ("graph/normalisation.yaml", "models.families", "phrases[11].values", 85)
    ]
    assert errors[0].message.startswith("unknown family 'foundaton'. Did you mean 'foundation'?")
    assert {(p.file, p.message) for p in err.value.problems if p.severity == "note"} == {
        (
            f"graph/{name}.yaml",
            "normalised values were not checked against their cells because graph/normalisation.yaml has problems; "
            "fix it first",
        )
        for name in ("models", "datasets")
    }


def test_a_dataset_task_that_contradicts_its_cell_fails(graph_copy: Path) -> None:
    # Table 1 row 4 (HLCA) prints "Annotation, Integration, Disease Modeling"
    edit(
        graph_copy / "datasets.yaml",
        "  tasks: [annotation, data-integration, disease-modeling]\n",
        "  tasks: [annotation, data-integration]\n",
    )
    with pytest.raises(CurationError) as err:
        load(graph_copy)
    [p] = err.value.problems
    assert (p.file, p.record, p.field, p.line) == ("graph/datasets.yaml", "hlca-v1", "tasks", 80)
    assert p.message == (
        "[annotation, data-integration] is not what its printed cell says: Tasks 'Annotation, Integration, Disease "
        "Modeling' (Table 1 row 4) gives [annotation, data-integration, disease-modeling] by graph/normalisation.yaml; "
        "write [annotation, data-integration, disease-modeling], or keep [annotation, data-integration] with "
        "`override: {tasks: {reason: WHY}}`"
    )
