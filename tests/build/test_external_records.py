"""External records are first-class (issue 23 item 1): a model from another publication carries datasets, species,
tissues, lineage, claims and links, builds into its own graph, passes the shapes, and `query model-datasets` /
`model-lineage --sources all` show it with its source; default answers stay the survey's."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from llm4cell_kg import paths
from llm4cell_kg.build.graph import build_quads
from llm4cell_kg.checks.validate import validate_quads
from llm4cell_kg.cli import main
from llm4cell_kg.curation.load import load
from llm4cell_kg.curation.problems import CurationError, Problem

FIXTURES = Path(__file__).parents[1] / "fixtures" / "external-full"
L4C = "https://w3id.org/llm4cell/ontology#"
MODEL = "https://w3id.org/llm4cell/model/tahoe-x1"
GRAPH = "https://w3id.org/llm4cell/source/external/model/tahoe-x1"


@pytest.fixture(scope="module")
def records_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("ext-full") / "graph"
    shutil.copytree(paths.GRAPH_DIR, d)
    for f in FIXTURES.glob("*.yaml"):
        shutil.copy(f, d / f.name)
    return d


@pytest.fixture(scope="module")
def quads(records_dir: Path) -> list[ox.Quad]:
    return build_quads(load(records_dir))


@pytest.fixture(scope="module")
def disk_store(quads: list[ox.Quad], tmp_path_factory: pytest.TempPathFactory) -> Path:
    disk = tmp_path_factory.mktemp("ext-store") / "store"
    s = ox.Store(str(disk))
    s.bulk_extend(quads)
    s.flush()
    del s
    gc.collect()
    return disk


def _in_graph(quads: list[ox.Quad]) -> set[tuple[str, str, str]]:
    return {(q.subject.value, q.predicate.value, q.object.value) for q in quads if q.graph_name == ox.NamedNode(GRAPH)}


def test_every_new_field_builds_into_the_record_graph(quads: list[ox.Quad]) -> None:
    got = _in_graph(quads)
    ds = "https://w3id.org/llm4cell/dataset/"
    assert (MODEL, L4C + "trainedOn", ds + "tahoe-100m") in got
    assert (MODEL, L4C + "trainedOrEvaluatedOn", ds + "tahoe-100m") in got
    assert (MODEL, L4C + "evaluatedOn", ds + "tabula-sapiens-v2") in got
    assert (MODEL, L4C + "species", "http://purl.obolibrary.org/obo/NCBITaxon_9606") in got
    assert (MODEL, L4C + "modelTissue", "http://purl.obolibrary.org/obo/UBERON_0002048") in got
    assert (MODEL, L4C + "extends", "https://w3id.org/llm4cell/model/scgpt") in got
    assert (MODEL, L4C + "task", "https://w3id.org/llm4cell/task/annotation") in got
    assert (MODEL, L4C + "codeRepository", "https://github.com/tahoebio/tahoe-x1") in got
    assert (MODEL, L4C + "datePrinted", "2025-10-23") in got
    assert (GRAPH, "http://purl.org/dc/terms/created", "2026-03-01T00:00:00") in got
    assert (GRAPH, "http://purl.org/dc/terms/modified", "2026-04-02T00:00:00") in got
    assert (GRAPH + "/claim/1", L4C + "claimQuote", "we extend the scGPT architecture") in got
    assert (GRAPH + "/claim/2", L4C + "claimLocator", "Figure 3") in got


def test_a_curated_record_and_a_catalogue_record_of_one_id_are_one_model(quads: list[ox.Quad]) -> None:
    """The catalogue lists Tahoe-x1 (graph/catalogue_models.yaml); the curator's record of the same id adds facts
    from its paper to the same model, each fact in the graph of its own source, one name."""
    catalogue = "https://w3id.org/llm4cell/source/external/catalogue-model/tahoe-x1"
    graphs = {q.graph_name.value for q in quads if q.subject.value == MODEL and q.graph_name != ox.DefaultGraph()}
    assert graphs == {GRAPH, catalogue}
    labels = {q.object.value for q in quads if q.subject.value == MODEL and q.predicate.value.endswith("#label")}
    assert labels == {"Tahoe-x1"}
    facts = {(q.predicate.value.rsplit("#", 1)[-1], q.graph_name.value) for q in quads if q.subject.value == MODEL}
    assert ("catalogueCategory", catalogue) in facts and ("catalogueCategory", GRAPH) not in facts
    assert ("extends", GRAPH) in facts and ("extends", catalogue) not in facts


def test_shapes_pass_with_the_new_fields(quads: list[ox.Quad]) -> None:
    report = validate_quads(quads)
    assert report.conforms, report.text()


def test_model_datasets_and_lineage_show_it_with_its_source(disk_store: Path) -> None:
    runner = CliRunner()
    args = ["--store", str(disk_store), "--format", "csv"]
    ds = runner.invoke(main, ["query", "model-datasets", *args, "--sources", "all"])
    assert ds.exit_code == 0, ds.output
    # (the last column names a source of the row's entities: tahoe-x1 is also a catalogue record, see below)
    rows = [line.rsplit(",", 1)[0] for line in ds.output.splitlines() if line.startswith("model:tahoe-x1,")]
    assert rows == [
        "model:tahoe-x1,dataset:tabula-sapiens-v2,external,doi:10.1101/2025.10.23.683759,",
        "model:tahoe-x1,dataset:tahoe-100m,external,doi:10.1101/2025.10.23.683759,",
    ]
    lin = runner.invoke(main, ["query", "model-lineage", *args, "--sources", "all"])
    assert lin.exit_code == 0, lin.output
    assert (
        'model:tahoe-x1,extends,model:scgpt,"doi:10.1101/2025.10.23.683759, Section 2.1",'
        "we extend the scGPT architecture," in [line.rsplit(",", 1)[0] for line in lin.output.splitlines()]
    )
    for name in ("model-datasets", "model-lineage"):
        default = runner.invoke(main, ["query", name, *args])
        assert default.exit_code == 0 and "tahoe" not in default.output


def _problems(records_dir: Path, tmp_path: Path, models_text: str) -> list[Problem]:
    """The problems `load` reports for a copy of `records_dir` whose external_models.yaml is `models_text`."""
    d = tmp_path / "graph"
    shutil.copytree(records_dir, d)
    (d / "external_models.yaml").write_text(models_text, encoding="utf-8")
    with pytest.raises(CurationError) as err:
        load(d)
    return err.value.problems


ATTACKS = [
    # (text replaced in the fixture, by, field, words of the message)
    (
        "{id: tahoe-100m, relation: trainedOn}",
        "{id: tahoe-99m, relation: trainedOn}",
        "datasets[1].id",
        "'tahoe-99m' is not a known dataset id",
    ),
    ("relation: evaluatedOn}", "relation: testedOn}", "datasets[2].relation", "'testedOn' is not allowed"),
    ("- {id: tahoe-100m, relation: trainedOn}", "- tahoe-100m", "datasets[1]", "must be a mapping"),
    ("- id: tahoe-x1\n", "- id: scgpt\n", "id", "'scgpt' is already a model of the survey"),
    ("model: scgpt,", "model: scgpz,", "lineage[1].model", "'scgpz' is not a known model id"),
    ("model: scgpt,", "model: tahoe-x1,", "lineage[1].model", "cannot build on itself"),
    ("relation: extends,", "relation: inspiredBy,", "lineage[1].relation", "'inspiredBy' is not allowed"),
    (
        "species: [NCBITaxon:9606]\n  tissues",
        "species: [UBERON:0002048]\n  tissues",
        "species[1]",
        "is not a species term",
    ),
    ("tissues: [UBERON:0002048]", "tissues: [UBERON_0002048]", "tissues", "is not a valid CURIE"),
    ("object: annotation,", "object: annotate,", "claims[1].object", "unknown task 'annotate'"),
    (
        '{relation: task, object: annotation, quote: "cell type annotation benchmarks", locator: "Figure 3"}',
        '{relation: task, object: annotation, quote: "cell type annotation benchmarks"}',
        "claims[1].locator",
        "missing",
    ),
    ("code: [https://github.com/tahoebio/tahoe-x1]", "code: [github.com/tahoebio/tahoe-x1]", "code", "URL"),
    ("paper: [https://doi.org/10.1101/2025.10.23.683759]", "paper: [https://doi.org/11.1101/x]", "paper", "DOI"),
    ('date: "2025-10-23"', 'date: "23 Oct 2025"', "date", "YYYY, YYYY-MM or YYYY-MM-DD"),
    ("changed: 2026-04-02", "changed: 2026-02-02", "changed", "before the day the record was added"),
    ("year: 2025", "year: '2025'", "year", "must be a whole number"),
    ("agentic: false", "agentic: 'false'", "agentic", "must be true or false"),
    ("families: [foundation]", "families: [foundations]", "families", "unknown family 'foundations'"),
]


@pytest.mark.parametrize(("old", "new", "field", "words"), ATTACKS, ids=[a[2] for a in ATTACKS])
def test_a_bad_new_field_is_a_located_error(
    records_dir: Path, tmp_path: Path, old: str, new: str, field: str, words: str
) -> None:
    text = (records_dir / "external_models.yaml").read_text(encoding="utf-8")
    assert old in text
    problems = _problems(records_dir, tmp_path, text.replace(old, new, 1))
    found = [p for p in problems if p.field == field and p.file.endswith("external_models.yaml")]
    assert found, problems
    assert words in found[0].message
    assert found[0].record in ("tahoe-x1", "scgpt") and found[0].line is not None


def test_a_lineage_cycle_through_the_survey_is_named(records_dir: Path, tmp_path: Path) -> None:
    """Two records each building on the other: the second names the cycle (a survey model never builds on an
    external one, so a cycle runs through external records only)."""
    extra = (
        "- id: tahoe-x2\n  name: Tahoe-x2\n  source: {arxiv: '2501.01234', curator: Ada, date: 2026-03-01}\n"
        "  lineage:\n    - {relation: extends, model: tahoe-x1, quote: q, locator: l}\n"
    )
    text = (
        (records_dir / "external_models.yaml").read_text(encoding="utf-8").replace("model: scgpt,", "model: tahoe-x2,")
    )
    msgs = [p.message for p in _problems(records_dir, tmp_path, text + extra) if p.field == "lineage[1].model"]
    assert any("closes a cycle of lineage, tahoe-x2 -> tahoe-x1 -> tahoe-x2" in m for m in msgs), msgs


def test_the_skeleton_names_every_field() -> None:
    out = CliRunner().invoke(main, ["new", "model", "my-model", "--stdout"])
    assert out.exit_code == 0, out.output
    for field in (
        "datasets",
        "lineage",
        "claims",
        "species",
        "tissues",
        "paper",
        "code",
        "weights",
        "category",
        "mapped_families",
        "date",
        "changed",
        "listed_in",
        "source_states",
    ):
        assert f"\n  {field}: " in out.output, field


def test_new_on_a_catalogue_id_says_it_adds_to_that_model(tmp_path: Path) -> None:
    graph = tmp_path / "graph"
    shutil.copytree(paths.GRAPH_DIR, graph)
    out = CliRunner().invoke(main, ["new", "model", "tahoe-x1", "--data", str(graph)])
    assert out.exit_code == 0, out.output
    assert "note: 'tahoe-x1' is also a record of" in out.output and "yours adds facts to that model" in out.output
