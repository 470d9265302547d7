"""Ontology links: curated links, import modules, hierarchy queries on the built graph, and `link check`."""

from __future__ import annotations

import importlib.util
import io
import json
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
import zstandard
from click.testing import CliRunner

from llm4cell_kg import paths
from llm4cell_kg.build import imports
from llm4cell_kg.build.graph import build_quads
from llm4cell_kg.checks import link_check
from llm4cell_kg.cli import main
from llm4cell_kg.common.prefixes import expand
from llm4cell_kg.curation.load import load
from llm4cell_kg.curation.problems import CurationError
from llm4cell_kg.errors import UserError
from llm4cell_kg.store import sparql

QDIR = paths.QUERIES_DIR / "links"
IMPORT = imports.IMPORT_BASE


def rows(store: ox.Store, query: str) -> list[list[str]]:
    res = sparql.run(store, sparql.read_query(query))
    return [[sparql.term_text(t) for t in r] for r in res.rows]


def pairs(store: ox.Store, name: str) -> set[tuple[str, str]]:
    return {(r[0], r[2]) for r in rows(store, str(QDIR / f"{name}.rq"))}


# Each answer was checked by hand: the subject's printed words (graph/ontology_links.yaml evidence, verbatim in the
# survey) and the ancestor closures of the pinned releases (distance in brackets).
HIERARCHY = {
    # "Integrated human lung reference", "HCA lung cohort", "diseased human lungs", "(PBMC, lung, kidney, fetal)";
    # no linked tissue lies below lung.
    "lung-parts": {
        ("dataset:hlca-v1", "UBERON:0002048"),
        ("dataset:hca-lung-project", "UBERON:0002048"),
        ("dataset:yale-lung-disease-atlas", "UBERON:0002048"),
        ("dataset:azimuth-references", "UBERON:0002048"),
    },
    # brain itself; cerebral cortex [3], hippocampal formation [2], cerebellum [2] lie below brain.
    "brain-parts": {
        ("dataset:allen-brain-map", "UBERON:0000955"),
        ("dataset:allen-brain-map", "UBERON:0000956"),
        ("dataset:in-vivo-perturb-seq", "UBERON:0000955"),
        ("dataset:in-vivo-perturb-seq", "UBERON:0000956"),
        ("dataset:merfish", "UBERON:0000955"),
        ("dataset:slide-seq-v2", "UBERON:0000955"),
        ("dataset:slide-seq-v2", "UBERON:0000956"),
        ("dataset:slide-seq-v2", "UBERON:0002037"),
        ("dataset:slide-seq-v2", "UBERON:0002421"),
    },
    # "cortical", "in mouse cortex", "cortex"; hippocampal formation -> cerebral cortex [1]; cerebellum is not below.
    "cerebral-cortex-parts": {
        ("dataset:allen-brain-map", "UBERON:0000956"),
        ("dataset:in-vivo-perturb-seq", "UBERON:0000956"),
        ("dataset:slide-seq-v2", "UBERON:0000956"),
        ("dataset:slide-seq-v2", "UBERON:0002421"),
    },
    # blood -> hemolymphoid system [2] ("blood and tumor tissues", "across blood and tissue"); lymph node [2].
    "hemolymphoid-parts": {
        ("dataset:satpathy-scatac", "UBERON:0000178"),
        ("dataset:cite-seq-compendia", "UBERON:0000178"),
        ("dataset:dbit-seq", "UBERON:0000029"),
    },
    # "immune" -> leukocyte; T cell -> leukocyte [3]; macrophage [2]; PBMC [2].
    "leukocyte-datasets": {
        ("dataset:hlca-v1", "CL:0000738"),
        ("dataset:hca-lung-project", "CL:0000738"),
        ("dataset:yale-lung-disease-atlas", "CL:0000738"),
        ("dataset:satpathy-scatac", "CL:0000738"),
        ("dataset:dogma-seq", "CL:0000738"),
        ("dataset:t-cell-epigenetic-atlas", "CL:0000084"),
        ("dataset:dixit-2016", "CL:0000235"),
        ("dataset:compressed-perturb-seq", "CL:0000235"),
        ("dataset:azimuth-references", "CL:2000001"),
        ("dataset:tea-seq", "CL:2000001"),
        ("dataset:dogma-seq", "CL:2000001"),
        ("dataset:asap-seq", "CL:2000001"),
        ("dataset:virtual-cell-challenge", "CL:2000001"),
        ("dataset:multiome-pbmc-10k", "CL:2000001"),
    },
    # only T cell lies below lymphocyte; PBMC is a mononuclear leukocyte, not below lymphocyte in CL.
    "lymphocyte-datasets": {("dataset:t-cell-epigenetic-atlas", "CL:0000084")},
    # macrophage -> myeloid cell [2] ("in macrophages", Table 5 rows 3 and 6).
    "myeloid-datasets": {
        ("dataset:dixit-2016", "CL:0000235"),
        ("dataset:compressed-perturb-seq", "CL:0000235"),
    },
    # Mus musculus -> Rodentia [8]: every dataset printed as mouse.
    "rodent-datasets": {
        (f"dataset:{d}", "NCBITaxon:10090")
        for d in (
            "tabula-muris",
            "mouse-cell-atlas",
            "allen-brain-map",
            "cusanovich-mouse-sci-atac",
            "encode-single-cell",
            "slide-seq-v2",
            "merfish",
            "stereo-seq",
            "dbit-seq",
            "in-vivo-perturb-seq",
            "tabula-muris-senis",
        )
    },
    # Homo sapiens -> Primates [8]: every dataset printed as human.
    "primate-datasets": {
        (f"dataset:{d}", "NCBITaxon:9606")
        for d in (
            "tabula-sapiens-v2",
            "hlca-v1",
            "allen-brain-map",
            "yale-lung-disease-atlas",
            "human-adult-scatac-atlas",
            "human-fetal-scatac-atlas",
            "encode-single-cell",
            "t-cell-epigenetic-atlas",
            "hca-data-browser",
            "hca-lung-project",  # "HCA lung cohort" + Table 3's "Human Cell Atlas (HCA)": "A global human cell atlas"
            "dogma-seq",
            "dbit-seq",
            "xenium-cosmx",
            "human-ccre-datasets",
        )
    },
    # unverified plant taxa -> Viridiplantae: Table 6 rows 2-5 (Wolffia left unlinked).
    "plant-datasets": {
        ("dataset:plantscrnadb", "NCBITaxon:3702"),
        ("dataset:plantscrnadb", "NCBITaxon:4530"),
        ("dataset:plantscrnadb", "NCBITaxon:4577"),
        ("dataset:plantscrnadb", "NCBITaxon:4081"),
        ("dataset:arabidopsis-e-curd-4", "NCBITaxon:3702"),
        ("dataset:tobacco-leaf-scrna", "NCBITaxon:4097"),
        ("dataset:plant-scrna-browser", "NCBITaxon:3702"),
        ("dataset:plant-scrna-browser", "NCBITaxon:4530"),
    },
    # Slide-seq [3], Slide-seqV2 [3], Visium [2], Visium HD [3] lie below spatial transcriptomics in EFO v3.90.0;
    # MERFISH, STARmap, Xenium and CosMx do not (their closures lack EFO:0008994).
    "spatial-transcriptomics-datasets": {
        ("dataset:slide-seq-v2", "EFO:0009920"),
        ("dataset:slide-seq-v2", "EFO:0030062"),
        ("dataset:visium", "EFO:0010961"),
        ("dataset:visium", "EFO:0920058"),
    },
    # scATAC-seq itself; sci-ATAC-seq (cell index) [1], 10x multiome [1] and SHARE-seq [1] lie below it.
    "scatac-datasets": {
        (f"dataset:{d}", "EFO:0010891")
        for d in (
            "human-adult-scatac-atlas",
            "human-fetal-scatac-atlas",
            "satpathy-scatac",
            "encode-single-cell",
            "t-cell-epigenetic-atlas",
            "encode-scatac-compendium",
        )
    }
    | {
        ("dataset:cusanovich-mouse-sci-atac", "EFO:0008925"),
        ("dataset:multiome-pbmc-10k", "EFO:0030059"),
        ("dataset:share-seq", "EFO:0022962"),
    },
    # "human + mouse" (Table 7 row 5), "align human and mouse cell embeddings" (6.5), "human–mouse atlases" (C.1).
    "rodent-models": {
        (f"model:{m}", "NCBITaxon:10090") for m in ("iseeek", "uce", "genecompass", "scgpt", "scfoundation")
    },
    # "scPlantLLM adapts the paradigm to plant single-cell data" (5.6).
    "plant-models": {("model:scplantllm", "NCBITaxon:33090")},
}


@pytest.mark.parametrize("name", sorted(HIERARCHY))
def test_hierarchy_query(store: ox.Store, name: str) -> None:
    assert pairs(store, name) == HIERARCHY[name]


def test_every_link_query_has_a_header() -> None:
    for q in sorted(QDIR.glob("*.rq")):
        head = [line for line in q.read_text().splitlines() if line.startswith("# ")][:4]
        assert [h.split(":")[0] for h in head] == ["# title", "# question", "# answers", "# columns"], q.name


def test_link_graph_is_a_described_survey_location(store: ox.Store) -> None:
    got = rows(
        store,
        """SELECT ?g ?kind ?sec ?table ?row ?quote WHERE {
        GRAPH ?g { dataset:hlca-v1 l4c:tissue obo:UBERON_0002048 }
        ?g a ?kind ; l4c:sectionNumber ?sec ; l4c:tableName ?table ; l4c:rowNumber ?row ; l4c:quote ?quote }""",
    )
    assert got == [
        [
            "src:link/dataset/hlca-v1/tissue/UBERON_0002048",
            "l4c:TableRow",
            "D",
            "Table 1",
            "4",
            "Integrated human lung reference",
        ]
    ]
    prose = rows(
        store,
        """SELECT ?kind ?sec ?quote WHERE { GRAPH ?g { model:scplantllm l4c:species ?t }
                           ?g a ?kind ; l4c:sectionNumber ?sec ; l4c:quote ?quote }""",
    )
    assert prose == [
        ["l4c:ProseMention", "5.6", "*scPlantLLM* adapts the paradigm to plant single-cell data across 17 species"]
    ]


def test_labels_come_from_the_import_modules(store: ox.Store) -> None:
    got = rows(store, f"SELECT ?label WHERE {{ GRAPH <{IMPORT}uberon> {{ obo:UBERON_0002048 rdfs:label ?label }} }}")
    assert got == [["lung"]]
    pbmc = rows(store, "SELECT ?l WHERE { obo:CL_2000001 rdfs:label ?l }")
    assert pbmc == [["peripheral blood mononuclear cell"]]
    uberon = rows(store, "SELECT ?l WHERE { model:scagent l4c:groundingOntology ?o . ?o rdfs:label ?l }")
    assert uberon == [["UBERON"]]


def test_ancestry_distances_and_no_subclass_for_mixed_closures(store: ox.Store) -> None:
    def dist(term: str, anc: str) -> list[list[str]]:
        return rows(
            store, f"SELECT ?d WHERE {{ {term} l4c:ancestry ?s . ?s l4c:ancestorTerm {anc} ; l4c:distance ?d }}"
        )

    assert dist("obo:UBERON_0002421", "obo:UBERON_0000956") == [["1"]]  # hippocampal formation -> cerebral cortex
    assert dist("obo:UBERON_0002048", "obo:UBERON_0000062") == [["2"]]  # lung -> organ
    assert dist("obo:CL_0000084", "obo:CL_0000738") == [["3"]]  # T cell -> leukocyte
    for name in ("cl", "uberon", "efo"):
        n = rows(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{IMPORT}{name}> {{ ?a rdfs:subClassOf ?b }} }}")
        assert n == [["0"]], name
    assert rows(store, "SELECT ?p WHERE { obo:NCBITaxon_9606 rdfs:subClassOf ?p }") == [["NCBITaxon:9605"]]


def test_versions_in_module_headers_and_graph_metadata(store: ox.Store) -> None:
    got = dict(
        rows(
            store,
            f"""SELECT ?m ?v WHERE {{ ?m a owl:Ontology ; owl:versionInfo ?v .
                                FILTER(STRSTARTS(STR(?m), "{IMPORT}")) }}""",
        )
    )
    expected = {"CL": "v2026-03-26", "UBERON": "v2026-04-01", "EFO": "v3.90.0", "NCBITaxon": "v2026-05-13"}
    assert {k.removeprefix("l4cimport:"): v for k, v in got.items()} == {
        **{k.lower(): v for k, v in expected.items()},
        "unverified": "unverified",
    }
    for name, version in expected.items():
        first = (paths.ONTOLOGY_DIR / "imports" / f"{name.lower()}.ttl").read_text().splitlines()[0]
        assert first == f"# {name} {version} import module"


def test_every_evidence_is_verbatim_in_the_survey(survey_text: str) -> None:
    rec = load()
    flat = " ".join(survey_text.split())
    for x in rec["dataset_links"] + rec["model_links"]:
        assert " ".join(x["evidence"].split()) in flat, x["id"]


def test_release_matches_the_pinned_versions() -> None:
    assert link_check.package_version() == "1.11.1"
    assert link_check.release_versions() == {
        "CL": "v2026-03-26",
        "UBERON": "v2026-04-01",
        "EFO": "v3.90.0",
        "NCBITaxon": "v2026-05-13",
    }


# ---------------------------------------------------------------- link check


def run_check(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(main, ["link", "check", *args])
    return res.exit_code, res.output + (res.stderr if res.stderr_bytes is not None else "")


def test_check_passes_and_lists_unverified_plant_terms() -> None:
    code, out = run_check()
    assert code == 0, out
    assert out.splitlines()[0] == (
        "versions: cellxgene-ontology-guide 1.11.1, schema 7.1.0, CL v2026-03-26, "
        "UBERON v2026-04-01, EFO v3.90.0, NCBITaxon v2026-05-13"
    )
    assert "52 terms: 44 ok, 8 unverified" in out  # + K562 (EFO:0002067), Adamson 2016's cell line (issue 12)
    unverified = out.split("unverified (no release to check against): ")[1].strip()
    assert unverified.split("; ") == [
        "NCBITaxon:33090 Viridiplantae",
        "NCBITaxon:3702 Arabidopsis thaliana",
        "NCBITaxon:4081 Solanum lycopersicum",
        "NCBITaxon:4097 Nicotiana tabacum",
        "NCBITaxon:4530 Oryza sativa",
        "NCBITaxon:4577 Zea mays",
        "PO:0009005 root",
        "PO:0025034 leaf",
    ]


def _swap(graph_copy: Path, old: str, new: str) -> None:
    f = graph_copy / "ontology_links.yaml"
    text = f.read_text()
    assert old in text
    f.write_text(text.replace(old, new, 1))


def test_check_fails_on_an_obsolete_term_naming_its_replacement(graph_copy: Path) -> None:
    # CL:0000111 'obsolete peripheral neuron' has replaced_by CL:2000032 in CL v2026-03-26
    _swap(graph_copy, '"CL:0000540"', '"CL:0000111"')
    code, out = run_check("--data", str(graph_copy))
    assert code == 1
    line = next(x for x in out.splitlines() if "CL:0000111" in x and x.startswith("obsolete"))
    assert "replaced by CL:2000032 (peripheral nervous system neuron)" in line
    assert "in-vivo-perturb-seq cellType" in line
    assert "error: link check failed: 1 term(s)" in out and "CL:0000111 (obsolete)" in out


def test_check_fails_on_a_made_up_id(graph_copy: Path) -> None:
    _swap(graph_copy, '"UBERON:0002113"', '"UBERON:9999999"')
    code, out = run_check("--data", str(graph_copy))
    assert code == 1
    assert "missing      UBERON:9999999" in out
    assert "not found in UBERON v2026-04-01" in out


def test_check_fails_on_a_label_mismatch(tmp_path: Path) -> None:
    imports = tmp_path / "imports"
    imports.mkdir()
    for f in (paths.ONTOLOGY_DIR / "imports").glob("*.ttl"):
        text = f.read_text()
        (imports / f.name).write_text(text.replace('rdfs:label "lung"', 'rdfs:label "lungs"'))
    code, out = run_check("--imports", str(imports))
    assert code == 1
    assert "label in the graph is 'lungs', the release says 'lung'" in out


# ---------------------------------------------------------------- curator errors


def test_curie_syntax_error_names_file_record_field(graph_copy: Path) -> None:
    _swap(graph_copy, 'term: "UBERON:0002048", evidence: "Integrated', 'term: "UBERON_0002048", evidence: "Integrated')
    with pytest.raises(CurationError) as err:
        load(graph_copy)
    [p] = err.value.problems
    assert (p.file, p.record, p.field) == ("graph/ontology_links.yaml", "datasets: hlca-v1 #2", "term")
    assert "'UBERON_0002048' is not a valid CURIE: write PREFIX:ID" in p.message and "UBERON:0002048" in p.message


@pytest.mark.parametrize(
    ("old", "new", "field", "says"),
    [
        (
            '{property: tissue, term: "UBERON:0002048", evidence: "Integrated',
            '{property: tissue, term: "CL:0002048", evidence: "Integrated',
            "term",
            "is not a tissue term: use UBERON:..., PO:...",
        ),
        (
            '{property: tissue, term: "UBERON:0002048", evidence: "Integrated',
            '{property: organ, term: "UBERON:0002048", evidence: "Integrated',
            "property",
            "unknown property 'organ'",
        ),
        (
            'evidence: "Integrated human lung reference", source: "Table 1"}\n    - {property: tissue',
            'evidence: "Integrated human lung atlas", source: "Table 1"}\n    - {property: tissue',
            "evidence",
            "is not verbatim in the row's printed cells",
        ),
        (
            'evidence: "Integrated human lung reference", source: "Table 1"}\n    - {property: tissue',
            'evidence: "Integrated human lung reference", source: "Table 2"}\n    - {property: tissue',
            "source",
            "'Table 2' is not the table row of hlca-v1 (its table: Table 1)",
        ),
        (
            '{property: tissue, term: "UBERON:0002048", evidence: "Integrated',
            '{property: tissue, label: lung, term: "UBERON:0002048", evidence: "Integrated',
            "label",
            "unknown field",
        ),
        (
            '{property: tissue, term: "UBERON:0002048", evidence: "Integrated',
            '{property: species, term: "NCBITaxon:9606", evidence: "Integrated',
            "term",
            "duplicate link (also datasets: hlca-v1 #1)",
        ),
        (
            'evidence: "EpiFoundation pre-trains on the ENCODE scATAC compendium", source: "C.4"',
            'evidence: "EpiFoundation pre-trains on the ENCODE scATAC compendium", source: "appendix C"',
            "source",
            "'appendix C' is not a table ('Table 1' .. 'Table 7') or a section of the survey",
        ),
    ],
)
def test_link_errors(graph_copy: Path, old: str, new: str, field: str, says: str) -> None:
    _swap(graph_copy, old, new)
    with pytest.raises(CurationError) as err:
        load(graph_copy)
    assert [(p.file, p.field) for p in err.value.problems] == [("graph/ontology_links.yaml", field)]
    assert says in err.value.problems[0].message


def test_build_refuses_a_term_missing_from_the_imports(graph_copy: Path) -> None:
    _swap(graph_copy, '"UBERON:0002113"', '"UBERON:9999999"')
    with pytest.raises(UserError, match=r"UBERON:9999999 is not in ontology/imports/; run `python ontology/imports"):
        build_quads(load(graph_copy))


# ---------------------------------------------------------------- offline build and regeneration


def test_build_needs_no_ontology_package(monkeypatch: pytest.MonkeyPatch) -> None:
    for mod in [m for m in sys.modules if m.startswith(("cellxgene_ontology_guide", "zstandard"))]:
        monkeypatch.delitem(sys.modules, mod)
    monkeypatch.setitem(sys.modules, "cellxgene_ontology_guide", None)  # import now raises ImportError
    monkeypatch.setitem(sys.modules, "zstandard", None)
    with pytest.raises(ImportError):
        import cellxgene_ontology_guide  # noqa: F401
    quads = build_quads()
    labels = {(q.subject.value, q.object.value) for q in quads if q.predicate.value.endswith("#label")}
    assert (expand("UBERON:0002048"), "lung") in labels
    assert (expand("NCBITaxon:10090"), "Mus musculus") in labels


def test_stream_terms_reads_entries_across_chunks(tmp_path: Path) -> None:
    data = {
        "X:1": {"label": "a } tricky { label", "ancestors": {"X:2": 1}},
        "X:2": {"label": "é" * 50},
        "X:3": {"label": "skip me", "synonyms": ["}", "{"]},
    }
    path = tmp_path / "t.json.zst"
    path.write_bytes(zstandard.ZstdCompressor().compress(json.dumps(data, ensure_ascii=False).encode()))
    got = dict(link_check.stream_terms(path, lambda k: k != "X:3", chunk=7))
    assert got == {"X:1": data["X:1"], "X:2": data["X:2"]}


def test_committed_imports_are_what_regenerate_writes(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("regenerate", paths.ONTOLOGY_DIR / "imports" / "regenerate.py")
    assert spec and spec.loader
    regen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(regen)
    regen.main(out=tmp_path)
    for f in sorted((paths.ONTOLOGY_DIR / "imports").glob("*.ttl")):
        assert (tmp_path / f.name).read_text() == f.read_text(), f.name


def test_every_linked_subject_exists_and_links_are_unique() -> None:
    data = yaml.safe_load(io.StringIO((paths.GRAPH_DIR / "ontology_links.yaml").read_text()))
    rec = load()
    assert set(data["datasets"]) <= rec.ids("datasets") and set(data["models"]) <= rec.ids("models")
    # 112 + Adamson 2016's K562 cell line + the HCA lung project's species via "Human Cell Atlas (HCA)" (issue 12)
    assert len(rec["dataset_links"]) == 114 and len(rec["model_links"]) == 16
