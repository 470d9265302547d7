"""Releases: four reproducible serialisations, a VoID/DCAT description that matches them, a version IRI per
release, and a changelog naming exactly what changed since the previous release."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph

from llm4cell_kg.build.derived import DRV, GRAPH_PREFIX, is_derived, strip
from llm4cell_kg.cli import main
from llm4cell_kg.common.namespaces import ONTOLOGY_IRI, OWL, RDF
from llm4cell_kg.errors import UserError
from llm4cell_kg.publish import diff as df
from llm4cell_kg.publish import release as rl

REPO = Path(__file__).resolve().parents[2]
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
SPDX = "http://spdx.org/rdf/terms#"
DCTERMS = "http://purl.org/dc/terms/"
FILES = ["llm4cell-0.2.0.jsonld", "llm4cell-0.2.0.nq.gz", "llm4cell-0.2.0.trig", "llm4cell-0.2.0.ttl"]
EXTERNAL_MODEL = Path(__file__).parents[1] / "fixtures" / "external" / "external_models.yaml"  # CellWhisperer


def _edit_scgpt_score(graph: Path, new: int) -> None:
    """scGPT's domain score set to `new`, kept against its printed cell ('6') by an override with its reason."""
    models = graph / "models.yaml"
    text = models.read_text(encoding="utf-8")
    at = text.index("domain_score: 6", text.index("id: scgpt\n"))
    text = text[:at] + f"domain_score: {new}" + text[at + len("domain_score: 6") :]
    cite = text.index("  citation: cui-et-al-2024\n", at) + len("  citation: cui-et-al-2024\n")
    override = "  override:\n    domain_score:\n      reason: a fixture of the release tests\n"
    models.write_text(text[:cite] + override + text[cite:], encoding="utf-8")


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """0.2.0 of the shipped records; the same again in another process (other hash seed); then 0.2.1 after
    changing scGPT's domain score from 6 to 7."""
    base = tmp_path_factory.mktemp("releases")
    data = base / "graph"
    shutil.copytree(REPO / "graph", data)
    out = base / "releases"
    res = CliRunner().invoke(main, ["--data", str(data), "release", "0.2.0", str(out), "--date", "2026-11-27"])
    assert res.exit_code == 0, res.output
    again = base / "again"
    env = {**os.environ, "PYTHONHASHSEED": "12345", "SOURCE_DATE_EPOCH": "1795737600"}  # 2026-11-27
    subprocess.run(
        [sys.executable, "-m", "llm4cell_kg.cli", "--data", str(data), "release", "0.2.0", str(again)],
        check=True,
        capture_output=True,
        env=env,
        cwd=REPO,
    )
    _edit_scgpt_score(data, 7)
    res = CliRunner().invoke(main, ["--data", str(data), "release", "0.2.1", str(out), "--date", "2026-11-28"])
    assert res.exit_code == 0, res.output
    return {"out": out, "first": out / "0.2.0", "again": again / "0.2.0", "second": out / "0.2.1", "data": data}


@pytest.fixture(scope="module")
def external_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """0.2.0 of the shipped records plus one curator record from another publication (CellWhisperer, arXiv)."""
    base = tmp_path_factory.mktemp("external-release")
    data = base / "graph"
    shutil.copytree(REPO / "graph", data)
    shutil.copy(EXTERNAL_MODEL, data / EXTERNAL_MODEL.name)
    res = CliRunner().invoke(main, ["--data", str(data), "release", "0.2.0", str(base / "out"), "--date", "2026-11-27"])
    assert res.exit_code == 0, res.output
    return base / "out" / "0.2.0"


def _void(release: Path) -> Graph:
    return Graph().parse(release / "void.ttl", format="turtle")


def _quads(release: Path) -> list[ox.Quad]:
    (nq,) = release.glob("*.nq.gz")
    return list(ox.parse(gzip.decompress(nq.read_bytes()), format=ox.RdfFormat.N_QUADS))


def test_release_writes_every_file(releases: dict[str, Path]) -> None:
    assert sorted(p.name for p in releases["first"].iterdir()) == sorted(
        [*FILES, "void.ttl", "CHANGES.md", "changes.json"]
    )
    assert sorted(p.name for p in releases["out"].iterdir()) == ["0.2.0", "0.2.1", "CHANGELOG.md"]
    header = (releases["first"] / "llm4cell-0.2.0.nq.gz").read_bytes()[:10]
    assert header[:3] == b"\x1f\x8b\x08" and header[3] == 0 and header[4:8] == b"\0\0\0\0"  # no name, mtime 0


def test_release_is_byte_identical_from_the_same_inputs(releases: dict[str, Path]) -> None:
    for name in [*FILES, "void.ttl", "CHANGES.md", "changes.json"]:
        a, b = (releases["first"] / name).read_bytes(), (releases["again"] / name).read_bytes()
        assert a == b, name


def test_serialisations_hold_the_same_graph(releases: dict[str, Path]) -> None:
    from llm4cell_kg.export.jsonld import read

    quads = _quads(releases["first"])
    trig = list(ox.parse(path=str(releases["first"] / "llm4cell-0.2.0.trig")))
    assert sorted(trig, key=str) == sorted(quads, key=str)
    ttl = list(ox.parse(path=str(releases["first"] / "llm4cell-0.2.0.ttl")))
    assert len(ttl) == len({(q.subject, q.predicate, q.object) for q in quads})
    jsonld = read(releases["first"] / "llm4cell-0.2.0.jsonld")  # rdflib's JSON-LD processor

    def named(qs: list[ox.Quad]) -> set[ox.Quad]:  # blank node labels are the processor's own
        return {q for q in qs if not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object))}

    assert len(jsonld) == len(quads)
    assert named(jsonld) == named(quads)


def _helper_iris(text: str) -> list[str]:
    """The build-time helper IRIs (docs/derived.md) a file's text names, in full or as `src:` CURIEs."""
    return [m for m in (DRV, GRAPH_PREFIX, "src:derived/") if m in text]


def test_release_holds_no_helper_triple(releases: dict[str, Path], quads: list[ox.Quad]) -> None:
    """The build makes helper triples for the audit (docs/derived.md); no released file holds one."""
    helpers = [q for q in quads if is_derived(q)]
    assert len(helpers) > 100 and {q.graph_name.value for q in helpers} == {
        GRAPH_PREFIX + g for g in ("title-names", "same-cells", "same-task-start")
    }
    from llm4cell_kg.export.jsonld import read

    first = releases["first"]
    dump = _quads(first)
    assert len(dump) == len(strip(quads))  # every other quad is released (the version stamp replaces two)
    parsed = {
        "nq.gz": dump,
        "trig": list(ox.parse(path=str(first / "llm4cell-0.2.0.trig"))),
        "ttl": [ox.Quad(t.subject, t.predicate, t.object) for t in ox.parse(path=str(first / "llm4cell-0.2.0.ttl"))],
        "jsonld": read(first / "llm4cell-0.2.0.jsonld"),
    }
    for kind, qs in parsed.items():
        assert qs and [q for q in qs if is_derived(q) or q.subject.value.startswith(GRAPH_PREFIX)] == [], kind
    for f in first.iterdir():
        data = f.read_bytes()
        text = (gzip.decompress(data) if f.name.endswith(".gz") else data).decode("utf-8")
        assert _helper_iris(text) == [], f.name


def test_void_triples_equals_the_number_of_quads(releases: dict[str, Path], quads: list[ox.Quad]) -> None:
    from collections import Counter

    from rdflib import URIRef

    g = _void(releases["first"])
    ds = URIRef("https://w3id.org/llm4cell/release/0.2.0")
    dump = _quads(releases["first"])
    n = len(dump)
    assert int(g.value(ds, URIRef(VOID + "triples"))) == n == len(strip(quads)) < len(quads)
    # Table 7 has 58 rows; the prose names 2 more models (prose_models.yaml); graph/catalogue_models.yaml 56 more
    partitions = {
        str(g.value(p, URIRef(VOID + "class"))): int(g.value(p, URIRef(VOID + "entities")))
        for p in g.objects(ds, URIRef(VOID + "classPartition"))
    }
    assert partitions["https://w3id.org/llm4cell/ontology#Model"] == 60 + 56
    members: dict[str, set[str]] = {}
    for q in dump:
        if q.predicate.value == RDF + "type" and isinstance(q.object, ox.NamedNode):
            members.setdefault(q.object.value, set()).add(str(q.subject))
    assert partitions == {c: len(m) for c, m in members.items()}
    props = {
        str(g.value(p, URIRef(VOID + "property"))): int(g.value(p, URIRef(VOID + "triples")))
        for p in g.objects(ds, URIRef(VOID + "propertyPartition"))
    }
    assert props == Counter(q.predicate.value for q in dump)  # each partition counts the dump, no helper predicate
    assert sum(props.values()) == n and not [p for p in props if p.startswith(DRV)]
    assert int(g.value(ds, URIRef(VOID + "entities"))) > 60 + 48
    assert str(g.value(ds, URIRef(DCTERMS + "issued"))) == "2026-11-27"
    assert str(g.value(ds, URIRef(OWL + "versionInfo"))) == "0.2.0"
    assert str(g.value(ds, URIRef(DCTERMS + "license"))) == "https://spdx.org/licenses/MIT"
    onto = URIRef(ONTOLOGY_IRI)
    assert str(g.value(onto, URIRef(OWL + "versionIRI"))) == ONTOLOGY_IRI + "/0.2.0"
    assert g.value(ds, URIRef(VOID + "sparqlEndpoint")) is None


def test_void_names_publisher_landing_page_and_dumps(releases: dict[str, Path]) -> None:
    from rdflib import URIRef

    g = _void(releases["first"])
    ds = URIRef("https://w3id.org/llm4cell/release/0.2.0")
    foaf = "http://xmlns.com/foaf/0.1/"
    for role in ("publisher", "creator"):
        (agent,) = g.objects(ds, URIRef(DCTERMS + role))
        assert str(g.value(agent, URIRef(RDF + "type"))) == foaf + "Organization"
        assert (str(g.value(agent, URIRef(foaf + "name"))), str(g.value(agent, URIRef(foaf + "homepage")))) == (
            "llm4cell-kg",
            "https://w3id.org/llm4cell/",
        )
    assert [str(o) for o in g.objects(ds, URIRef(DCAT + "landingPage"))] == ["https://w3id.org/llm4cell/"]
    dumps = sorted(str(o) for o in g.objects(ds, URIRef(VOID + "dataDump")))
    assert dumps == [f"https://w3id.org/llm4cell/release/0.2.0/{name}" for name in sorted(FILES)]


def test_void_description_names_the_sources(releases: dict[str, Path], external_release: Path) -> None:
    from rdflib import URIRef

    ds = URIRef("https://w3id.org/llm4cell/release/0.2.0")
    survey = _void(releases["first"])
    text = str(survey.value(ds, URIRef(DCTERMS + "description")))
    # the shipped records: the survey's, and the 56 of graph/catalogue_models.yaml, read from one catalogue file
    catalogue = "Awesome-Single-Cell-Foundation-Models site/data.json @ 6e7140c (2026-07-21)"
    data = (
        "https://github.com/juntaic7/Awesome-Single-Cell-Foundation-Models/blob/"
        "6e7140c598f448aeedf0572e99eb773d70fd7e21/site/data.json"
    )
    assert text.endswith(
        f"survey location; and 56 curator records from 1 other publication ({catalogue}), each in a named graph of "
        "its own (l4c:CuratorAssertion) naming that publication, its curator and the date."
    )
    derived_from = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
    assert sorted(str(o) for o in survey.objects(ds, derived_from)) == [data, "https://w3id.org/llm4cell/survey"]
    # one curator record from another publication inside: the description says so, and counts what the dump holds
    g = _void(external_release)
    text = str(g.value(ds, URIRef(DCTERMS + "description")))
    assert "The survey is its only source" not in text
    assert f"; and 57 curator records from 2 other publications ({catalogue}, arXiv:2410.15445), each in" in text
    assert sorted(str(o) for o in g.objects(ds, derived_from)) == [
        "https://arxiv.org/abs/2410.15445",
        data,
        "https://w3id.org/llm4cell/survey",
    ]
    dump = _quads(external_release)
    record = "https://w3id.org/llm4cell/source/external/model/cellwhisperer"
    assert any(q.graph_name.value == record for q in dump if isinstance(q.graph_name, ox.NamedNode))
    # the record's 18 quads: 9 describe its graph (type, publication, identifier, curator and its type and name,
    # date, added and changed), 9 the model (type, name, family, grounding, agentic, year, 2 modalities, task)
    assert int(g.value(ds, URIRef(VOID + "triples"))) == len(dump) == len(_quads(releases["first"])) + 18
    assert not [q for q in dump if is_derived(q)]


def test_first_release_notes_name_each_source(external_release: Path) -> None:
    """The shipped records plus the fixture's CellWhisperer record (arXiv), the same model as the catalogue's
    cellwhisperer: 116 models, of which 56 not in the survey, counted under each of their sources."""
    catalogue = "Awesome-Single-Cell-Foundation-Models site/data.json @ 6e7140c (2026-07-21)"
    assert (external_release / "CHANGES.md").read_text(encoding="utf-8") == (
        f"# 0.2.0\n\nFirst release: 116 models (60 from the survey; 56 not in the survey: 56 from {catalogue}, 1 from "
        "arXiv:2410.15445), 48 datasets (all from the survey), 754 claims.\n"
    )
    notes = json.loads((external_release / "changes.json").read_text(encoding="utf-8"))
    assert notes["added_by_source"]["models"]["other_sources"] == {catalogue: 56, "arXiv:2410.15445": 1}


def test_void_names_the_pinned_ontology_releases(releases: dict[str, Path]) -> None:
    from rdflib import URIRef

    g = _void(releases["first"])
    dates = {}
    for name in ("cl", "uberon", "ncbitaxon", "efo"):
        module = URIRef(f"{ONTOLOGY_IRI}/imports/{name}")
        issued = g.value(module, URIRef(DCTERMS + "issued"))
        dates[name] = (str(g.value(module, URIRef(OWL + "versionInfo"))), issued and str(issued))
    # docs/ontology-links.md and /work/shared/notes/stack-facts.md: CL 2026-03-26, UBERON 2026-04-01, EFO 3.90.0
    assert dates == {
        "cl": ("v2026-03-26", "2026-03-26"),
        "uberon": ("v2026-04-01", "2026-04-01"),
        "ncbitaxon": ("v2026-05-13", "2026-05-13"),
        "efo": ("v3.90.0", None),  # EFO is versioned by number, not date
    }


def test_checksums_and_sizes_verify(releases: dict[str, Path]) -> None:
    from rdflib import URIRef
    from rdflib.namespace import RDF

    g = _void(releases["first"])
    media = {}
    for dist in g.subjects(RDF.type, URIRef(DCAT + "Distribution")):
        name = str(g.value(dist, URIRef(DCTERMS + "title")))
        data = (releases["first"] / name).read_bytes()
        checksum = g.value(dist, URIRef(SPDX + "checksum"))
        assert str(g.value(checksum, URIRef(SPDX + "algorithm"))) == SPDX + "checksumAlgorithm_sha256"
        assert str(g.value(checksum, URIRef(SPDX + "checksumValue"))) == hashlib.sha256(data).hexdigest()
        assert int(g.value(dist, URIRef(DCAT + "byteSize"))) == len(data)
        media[name] = str(g.value(dist, URIRef(DCAT + "mediaType"))).rsplit("/", 2)[-2:]
    assert media == {
        "llm4cell-0.2.0.nq.gz": ["application", "n-quads"],
        "llm4cell-0.2.0.trig": ["application", "trig"],
        "llm4cell-0.2.0.ttl": ["text", "turtle"],
        "llm4cell-0.2.0.jsonld": ["application", "ld+json"],
    }


def test_version_iri_changes_with_each_release(releases: dict[str, Path]) -> None:
    def version_iris(release: Path) -> set[str]:
        return {
            q.object.value
            for q in _quads(release)
            if q.subject.value == ONTOLOGY_IRI and q.predicate.value == OWL + "versionIRI"
        }

    assert version_iris(releases["first"]) == {ONTOLOGY_IRI + "/0.2.0"}
    assert version_iris(releases["second"]) == {ONTOLOGY_IRI + "/0.2.1"}
    # the checkout's ontology is not touched
    assert "owl:versionIRI <https://w3id.org/llm4cell/ontology/0.1.0>" in (
        REPO / "ontology" / "llm4cell.ttl"
    ).read_text(encoding="utf-8")


def test_changelog_names_exactly_the_one_field_edit(releases: dict[str, Path]) -> None:
    changes = json.loads((releases["second"] / "changes.json").read_text(encoding="utf-8"))
    assert changes["old"] == "0.2.0" and changes["new"] == "0.2.1"
    assert changes["added"] == {"models": [], "datasets": [], "claims": []}
    assert changes["removed"] == {"models": [], "datasets": [], "claims": []}
    # Table 7 row 1 prints scGPT's domain score as 6; the record's domain_score is the range min..max
    assert changes["changed"] == [
        {
            "kind": "model",
            "entity": "model:scgpt",
            "property": f"l4c:domainScore{end}",
            "old": ["6"],
            "new": ["7"],
            "source": ["src:table7/row/1"],
        }
        for end in ("Max", "Min")
    ]
    md = (releases["second"] / "CHANGES.md").read_text(encoding="utf-8")
    assert "| model:scgpt | l4c:domainScoreMin | 6 | 7 | src:table7/row/1 |" in md
    assert "1 model changed." in md
    log = (releases["out"] / "CHANGELOG.md").read_text(encoding="utf-8")
    # the shipped records: Table 7's 58 models and 2 of the prose, and graph/catalogue_models.yaml's 56 (issue 23)
    catalogue = "Awesome-Single-Cell-Foundation-Models site/data.json @ 6e7140c (2026-07-21)"
    first = log.index(
        f"## 0.2.0\n\nFirst release: 116 models (60 from the survey; 56 not in the survey: {catalogue}), 48 datasets "
        "(all from the survey), 754 claims.\n"
    )
    first_json = json.loads((releases["first"] / "changes.json").read_text(encoding="utf-8"))
    assert first_json["added_by_source"]["models"] == {
        "survey": 60,
        "not_in_survey": 56,
        "other_sources": {catalogue: 56},
    }
    assert changes["added_by_source"]["models"] == {"survey": 0, "not_in_survey": 0, "other_sources": {}}
    assert log.index("## Changes from 0.2.0 to 0.2.1\n") < first
    titles = [line for line in log.splitlines() if line.startswith("# ")]
    assert titles == ["# Changelog of the LLM4Cell knowledge graph"]
    assert "\n### Models\n" in log and "\n#### Changed\n" in log  # CHANGES.md's own sections, one level down


def test_diff_command_between_releases_and_against_the_current_build(releases: dict[str, Path]) -> None:
    res = CliRunner().invoke(main, ["diff", str(releases["first"]), str(releases["second"]), "--format", "json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == json.loads((releases["second"] / "changes.json").read_text(encoding="utf-8"))
    res = CliRunner().invoke(main, ["--data", str(releases["data"]), "diff", str(releases["second"]), "current"])
    assert res.exit_code == 0, res.output
    assert res.stdout == "# Changes from 0.2.1 to the current build\n\nNo model, dataset or claim changed.\n"
    res = CliRunner().invoke(main, ["diff", str(releases["out"]), "current"])
    assert res.exit_code == 1 and "is not a release directory" in res.output


def test_releases_are_never_overwritten_nor_out_of_order(releases: dict[str, Path]) -> None:
    with pytest.raises(UserError, match="never overwritten"):
        rl.release("0.2.1", releases["out"], date(2026, 11, 29), quads=[])
    with pytest.raises(UserError, match="older than the latest release"):
        rl.release("0.1.9", releases["out"], date(2026, 11, 29), quads=[])
    with pytest.raises(UserError, match="not MAJOR.MINOR.PATCH"):
        rl.release("v1", releases["out"], date(2026, 11, 29), quads=[])


def test_versioning_rule(releases: dict[str, Path], quads: list[ox.Quad]) -> None:
    """Removing a model needs a major release, adding one a minor, changing a value a patch; a release whose
    number is too small for its changes is refused."""
    old = _quads(releases["second"])
    geneformer = "https://w3id.org/llm4cell/model/geneformer"
    without = [q for q in old if q.subject.value != geneformer]
    removal = df.compare(old, without)
    assert removal.removed["models"] == ["model:geneformer"]
    assert rl.required_bump(removal) == "major"
    assert rl.required_bump(df.compare(without, old)) == "minor"
    assert rl.required_bump(df.compare(old, old)) is None
    with pytest.raises(UserError, match="is a minor release after 0.2.1, but the changes need a major release"):
        rl.release("0.3.0", releases["out"], date(2026, 11, 29), quads=without)
    assert sorted(p.name for p in releases["out"].iterdir()) == ["0.2.0", "0.2.1", "CHANGELOG.md"]  # nothing left
