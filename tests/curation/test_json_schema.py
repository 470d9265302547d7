"""The JSON Schemas of the curated files (schemas/, for editors) are generated from the validator's rules: the
committed ones are current, every graph file points at its schema, and the schema and the validator accept and reject
the same fixture records (issue 14 item 3)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from llm4cell_kg import paths
from llm4cell_kg.cli import main
from llm4cell_kg.curation.json_schema import file_schemas, render
from llm4cell_kg.curation.load import load
from llm4cell_kg.curation.problems import CurationError
from llm4cell_kg.curation.vocabulary import Vocabulary

SCHEMAS_DIR = paths.GRAPH_DIR.parent / "schemas"
FIXTURES = Path(__file__).parents[1] / "fixtures" / "external"
Edit = Callable[[dict[str, Any]], None]


def jsonable(x: Any) -> Any:
    """YAML data as an editor's language server sees it (dates as text)."""
    if isinstance(x, dict):
        return {str(k): jsonable(v) for k, v in x.items()}
    if isinstance(x, list):
        return [jsonable(v) for v in x]
    if isinstance(x, dt.date):
        return x.isoformat()
    return x


def schema_for(fname: str) -> dict[str, Any]:
    return json.loads((SCHEMAS_DIR / f"{Path(fname).stem}.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return Vocabulary.from_ontology()


def test_committed_schemas_are_current(vocab: Vocabulary) -> None:
    for fname, schema in file_schemas(vocab, load(vocab=vocab)).items():
        path = SCHEMAS_DIR / f"{Path(fname).stem}.schema.json"
        assert path.read_text(encoding="utf-8") == render(schema), f"{path} is stale: run `llm4cell-kg schemas`"


def test_every_curated_file_names_its_schema() -> None:
    for path in sorted(paths.GRAPH_DIR.glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schemas/{path.stem}.schema.json", path
        assert (path.parent / first.split("=", 1)[1]).resolve().is_file()


def test_shipped_records_satisfy_their_schemas() -> None:
    for path in sorted(paths.GRAPH_DIR.glob("*.yaml")):
        data = jsonable(yaml.safe_load(path.read_text(encoding="utf-8")))
        errors = list(jsonschema.Draft202012Validator(schema_for(path.name)).iter_errors(data))
        assert not errors, (path.name, errors[0].message[:200])


def setter(field: str, value: Any) -> Edit:
    return lambda r: r.__setitem__(field, value)


def dropper(field: str) -> Edit:
    return lambda r: r.pop(field)


def nested(field: str, key: str, value: Any = None, drop: bool = False) -> Edit:
    def edit(r: dict[str, Any]) -> None:
        target = r[field][0] if isinstance(r[field], list) else r[field]
        if drop:
            target.pop(key)
        else:
            target[key] = value

    return edit


def keep(_r: dict[str, Any]) -> None:
    return None


def printed_too(field: str, cell: str, value: Any) -> Edit:
    """Set a normalised field and the printed cell it is read from."""

    def edit(r: dict[str, Any]) -> None:
        r["printed"][field] = cell
        r[field] = value

    return edit


def overridden(field: str, value: Any, reason: str) -> Edit:
    """Set a normalised field unlike its printed cell, with an override giving `reason`."""

    def edit(r: dict[str, Any]) -> None:
        r[field] = value
        r["override"] = {field: {"reason": reason} if reason else {}}

    return edit


#: file -> one edit per record (record i gets edit i) and whether the validator (and the schema) accept the result
CASES: dict[str, list[tuple[Edit, bool]]] = {
    "models.yaml": [
        (setter("colour", "red"), False),  # unknown field
        (setter("families", ["foundaton"]), False),  # not a family of the ontology
        (setter("domain_score", 11), False),
        (setter("name", "   "), False),
        (setter("year", "2024"), False),
        (setter("agentic", "No"), False),
        (nested("printed", "venue", drop=True), False),
        (nested("printed", "domain", "x"), False),  # unknown key inside printed
        (setter("venues", ["nature-methodz"]), False),  # not a venue id
        (setter("row", 0), False),
        (setter("tasks", "annotation"), False),  # not a list
        (setter("families", []), False),
        (printed_too("domain_score", "5-7", "5-7"), True),  # a range, as its printed cell gives it
        (keep, True),
        (setter("citation", None), False),
        (setter("id", "Bad_ID"), False),
        (overridden("modalities", [], "a fixture: the rule reads rna"), True),
        (overridden("year", 2020, ""), False),  # an override needs its reason
        (overridden("colour", "red", "no rule reads a colour"), False),
    ],
    "claims.yaml": [
        (setter("relation", {"family": "foundation"}), False),
        (setter("section", "banana"), False),
        (setter("section", "99.9"), False),
        (setter("quote", " ".join(["word"] * 26)), False),
        (setter("object", "foundaton"), False),  # not a domain of the ontology (c0005 is a domain claim)
        (setter("section", "C.5"), True),
        (setter("quote", "   "), False),
        (keep, True),
        (setter("subject", "scgpt-x"), False),
    ],
    "datasets.yaml": [
        (nested("scale", "qualifier", "about"), False),
        (setter("scale", [{"quantity": "cells", "value": 5, "qualifier": "range"}]), False),  # a range needs max
        (nested("scale", "extra", 1), False),
        (setter("modalities", ["rna", "rnaa"]), False),
        (setter("accessions", ["GSE 1"]), False),  # no template fits (that a row prints it: the validator alone)
        (setter("table", 7), False),
        (keep, True),
    ],
    "external_models.yaml": [
        (keep, True),
        (nested("source", "doi", "10.1000/xyz"), False),  # two identifiers
        (nested("source", "arxiv", "arXiv:2410.15445"), False),
        (nested("source", "curator", drop=True), False),
        (nested("source", "date", "2026-13-45"), False),
        (nested("source", "page", 3), False),
        (setter("year", 2040), False),
        (lambda r: r["source"].update({"arxiv": None, "url": "https://example.org/paper"}), True),
        (lambda r: r["source"].update({"arxiv": "", "doi": "10.1000/xyz"}), True),
    ],
    "counts.yaml": [
        (setter("qualifier", "about"), False),
        (setter("value", -1), False),
        (keep, True),
    ],
    # the issue 12 files: their rules (schema.SCHEMAS, DATASET_STATEMENT_OBJECTS) give both checks
    "dataset_statements.yaml": [
        (setter("objects", ["annotaton"]), False),  # b1-atlases-task: not a task of the ontology
        (setter("objects", ["annotation"]), False),  # b1-atlases-modality: a task is not a modality
        (setter("relation", "species"), False),
        (setter("datasets", []), False),
        (keep, True),
        (setter("datasets", ["hlca"]), False),  # the id is hlca-v1
        (setter("objects", ["rna", "spatial"]), True),  # b3-multiome-modality: modalities of a modality statement
        (setter("objects", ["rna", "annotation"]), False),  # b4-platforms-modality: a task is not a modality
    ],
    "lineage.yaml": [
        (setter("relation", "inspiredBy"), False),  # only extends / usesEmbeddingsOf / trainsOnRepresentationOf
        (setter("object", "scgpt-x"), False),
        (setter("column", "Domain"), False),  # not a Table 7 column header
        (keep, True),
        (dropper("quote"), False),
        (setter("copied_from", "scmpt"), True),
    ],
    "citation_caveats.yaml": [
        (setter("rule", "citation-wrong"), False),
        (setter("other_model", None), False),  # a citation-other-model caveat names the other model
        (setter("publication", "lu-2024"), False),
        (keep, True),
    ],
    "dataset_citations.yaml": [
        (setter("source", "Table 9"), False),  # a table or a section of graph/survey.yaml, to both
        (setter("dataset", "hca"), False),
        (setter("quote", " ".join(["word"] * 26)), False),
        (keep, True),
    ],
}


def base_records(fname: str, n: int) -> list[dict[str, Any]]:
    if fname == "external_models.yaml":
        [rec] = yaml.safe_load((FIXTURES / fname).read_text(encoding="utf-8"))
        return [copy.deepcopy(rec) | {"id": f"ext-{i}", "name": f"External {i}"} for i in range(n)]
    return yaml.safe_load((paths.GRAPH_DIR / fname).read_text(encoding="utf-8"))


@pytest.mark.parametrize("fname", sorted(CASES))
def test_schema_and_validator_agree(fname: str, tmp_path: Path, vocab: Vocabulary) -> None:
    cases = CASES[fname]
    records = base_records(fname, len(cases))
    for rec, (edit, _ok) in zip(records, cases, strict=False):
        edit(rec)
    graph = tmp_path / "graph"
    shutil.copytree(paths.GRAPH_DIR, graph)
    (graph / fname).write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")

    by_schema = {
        e.path[0] for e in jsonschema.Draft202012Validator(schema_for(fname)).iter_errors(jsonable(records)) if e.path
    }
    labels = {str(r.get("id")): i for i, r in enumerate(records)}
    try:
        load(graph, vocab=vocab)
        by_validator: set[int] = set()
    except CurationError as err:
        mine = [p for p in err.problems if p.file == f"graph/{fname}" and p.severity == "error"]
        by_validator = {labels[p.record] if p.record in labels else int(p.record.lstrip("#")) - 1 for p in mine}
    expected = {i for i, (_edit, ok) in enumerate(cases) if not ok}
    assert by_validator == expected, [str(p) for p in locals().get("mine", [])]
    assert by_schema == expected


def test_new_model_writes_a_skeleton_both_refuse_until_filled(tmp_path: Path, vocab: Vocabulary) -> None:
    graph = tmp_path / "graph"
    shutil.copytree(paths.GRAPH_DIR, graph)
    runner = CliRunner()
    result = runner.invoke(main, ["new", "model", "cellwhisperer", "--data", str(graph)])
    assert result.exit_code == 0, result.output
    target = graph / "external_models.yaml"
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/external_models.schema.json\n")
    assert "  # families, any of: agentic, benchmark-evaluation, epigenomic, foundation, spatial-multimodal, " in text
    # the skeleton is refused by both until it is filled in ...
    with pytest.raises(CurationError) as err:
        load(graph, vocab=vocab)
    fields = {p.field for p in err.value.problems}
    assert {"name", "source", "source.curator"} <= fields  # families are optional since issue 23
    assert list(
        jsonschema.Draft202012Validator(schema_for("external_models.yaml")).iter_errors(jsonable(yaml.safe_load(text)))
    )
    # ... and accepted by both once filled
    filled = (
        text.replace('  name: ""', "  name: CellWhisperer")
        .replace('    arxiv: ""', '    arxiv: "2410.15445"')
        .replace('    curator: ""', "    curator: Ada Lovelace")
        .replace("  families: []", "  families: [text-bridge]")
    )
    target.write_text(filled, encoding="utf-8")
    load(graph, vocab=vocab)
    assert not list(
        jsonschema.Draft202012Validator(schema_for("external_models.yaml")).iter_errors(
            jsonable(yaml.safe_load(filled))
        )
    )
    # a second record is appended after the first; an id already in use is refused and nothing is written
    assert runner.invoke(main, ["new", "model", "other-model", "--data", str(graph)]).exit_code == 0
    assert [r["id"] for r in yaml.safe_load(target.read_text(encoding="utf-8"))] == ["cellwhisperer", "other-model"]
    before = target.read_bytes()
    again = runner.invoke(main, ["new", "model", "scgpt", "--data", str(graph)])
    assert again.exit_code == 1 and "'scgpt' is already the id of a model or dataset" in again.output
    assert target.read_bytes() == before
    bad = runner.invoke(main, ["new", "dataset", "Bad Id", "--data", str(graph)])
    assert bad.exit_code == 1 and "is not a valid id" in bad.output
    assert not (graph / "external_datasets.yaml").exists()


def test_new_dataset_to_stdout_writes_nothing(tmp_path: Path) -> None:
    graph = tmp_path / "graph"
    shutil.copytree(paths.GRAPH_DIR, graph)
    before = sorted(p.name for p in graph.iterdir())
    result = CliRunner().invoke(main, ["new", "dataset", "census-2025", "--stdout", "--data", str(graph)])
    assert result.exit_code == 0
    assert result.output.startswith("- id: census-2025\n")
    assert "  # modalities, at least one of: atac, dna-sequence, histology, metadata, multiomic, perturbation, " in (
        result.output
    )
    assert sorted(p.name for p in graph.iterdir()) == before


def test_alias_schema_and_validator_agree(tmp_path: Path, vocab: Vocabulary) -> None:
    """aliases.yaml's spellings follow schema.ALIAS_RULES in both checks: `note` is allowed (issue 12's ambiguous
    scMGPT), as text only; any other key is refused."""
    graph = tmp_path / "graph"
    shutil.copytree(paths.GRAPH_DIR, graph)
    data = yaml.safe_load((graph / "aliases.yaml").read_text(encoding="utf-8"))
    edits = {
        "scgpt": ({"label": "scGPT", "section": "4.1", "note": "a note"}, True),
        "geneformer": ({"label": "Geneformer", "section": "4.1", "note": 3}, False),
        "uce": ({"label": "UCE", "section": "4.1", "comment": "x"}, False),
        "cellplm": ({"label": "CellPLM", "section": "Table 8"}, False),
        "scbert": ({"label": "scBERT", "section": "Table 7", "note": None}, True),
    }
    for rid, (alias, _ok) in edits.items():
        data["models"][rid] = [*(data["models"].get(rid) or []), alias]
    (graph / "aliases.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    by_schema = {
        str(e.path[1])
        for e in jsonschema.Draft202012Validator(schema_for("aliases.yaml")).iter_errors(jsonable(data))
        if len(e.path) > 1
    }
    with pytest.raises(CurationError) as err:
        load(graph, vocab=vocab)
    by_validator = {p.record for p in err.value.problems if p.file == "graph/aliases.yaml"}
    expected = {rid for rid, (_alias, ok) in edits.items() if not ok}
    assert by_validator == expected, [str(p) for p in err.value.problems]
    assert by_schema == expected
    [shipped] = [e for e in yaml.safe_load((paths.GRAPH_DIR / "aliases.yaml").read_text())["models"]["scmpt"]]
    assert shipped["label"] == "scMGPT" and shipped["note"].startswith("Ambiguous in the survey: section 6.3 prints")
