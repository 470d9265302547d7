"""The one prefix map (llm4cell_kg.common.prefixes): CURIEs as curators type them, in every output."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from click.testing import CliRunner

from llm4cell_kg import paths
from llm4cell_kg.cli import main
from llm4cell_kg.common.prefixes import PREFIX_MAP, compress, expand, jsonld_context, sparql_header

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "llm4cell_kg"
LUNG, SCRNA = "UBERON:0002048", "EFO:0008913"  # graph/ontology_links.yaml: hlca-v1 tissue and assay (Table 1 row 4)
LUNG_IRI = "http://purl.obolibrary.org/obo/UBERON_0002048"
SCRNA_IRI = "http://www.ebi.ac.uk/efo/EFO_0008913"


def test_compress_and_expand_the_curated_spellings() -> None:
    pairs = {
        LUNG: LUNG_IRI,
        SCRNA: SCRNA_IRI,
        "CL:0000738": "http://purl.obolibrary.org/obo/CL_0000738",
        "NCBITaxon:9606": "http://purl.obolibrary.org/obo/NCBITaxon_9606",
        "PO:0025034": "http://purl.obolibrary.org/obo/PO_0025034",
        "obo:uberon.owl": "http://purl.obolibrary.org/obo/uberon.owl",  # the generic prefix, behind the term ones
        "model:scgpt": "https://w3id.org/llm4cell/model/scgpt",
        "src:table7/row/1": "https://w3id.org/llm4cell/source/table7/row/1",
        "l4c:Model": "https://w3id.org/llm4cell/ontology#Model",
        "l4cs:ModelYear": "https://w3id.org/llm4cell/shapes#ModelYear",
    }
    for curie, iri in pairs.items():
        assert compress(iri) == curie
        assert expand(curie) == iri
    assert compress("http://example.org/x") == "http://example.org/x"  # no prefix fits: the IRI as it is
    assert expand("http://example.org/x") == "http://example.org/x"


def test_every_iri_of_the_graph_round_trips(quads: list[ox.Quad]) -> None:
    iris = {
        t.value for q in quads for t in (q.subject, q.predicate, q.object, q.graph_name) if isinstance(t, ox.NamedNode)
    }
    assert len(iris) > 4000
    unknown = {i for i in iris if compress(i) == i}
    assert all(expand(compress(i)) == i for i in iris)
    # only IRIs outside every namespace stay long: the survey and ontology IRIs, the release sources, web links
    assert not {
        i for i in unknown if i.startswith(("http://purl.obolibrary.org/obo/", "http://www.ebi.ac.uk/efo/EFO_"))
    }


def test_sparql_header_lists_only_what_a_query_uses() -> None:
    assert sparql_header("SELECT ?d WHERE { ?d l4c:tissue UBERON:0002048 }") == (
        "PREFIX l4c: <https://w3id.org/llm4cell/ontology#>\nPREFIX UBERON: <http://purl.obolibrary.org/obo/UBERON_>\n"
    )
    assert sparql_header().count("PREFIX ") == len(PREFIX_MAP)


def test_context_jsonld_is_written_from_the_map() -> None:
    on_disk = json.loads((paths.ONTOLOGY_DIR / "context.jsonld").read_text(encoding="utf-8"))
    assert on_disk == jsonld_context()
    assert on_disk["@context"]["UBERON"] == {"@id": "http://purl.obolibrary.org/obo/UBERON_", "@prefix": True}
    out = subprocess.run([sys.executable, str(REPO / "scripts/write-context.py")], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert json.loads((paths.ONTOLOGY_DIR / "context.jsonld").read_text(encoding="utf-8")) == on_disk


def test_no_other_prefix_map_in_the_package() -> None:
    """The OBO and EFO namespaces are spelled once, in prefixes.py; no module builds `prefix:` strings itself."""
    for f in sorted(PACKAGE.rglob("*.py")):
        if f.name == "prefixes.py":
            continue
        text = f.read_text(encoding="utf-8")
        for ns in ("purl.obolibrary.org", "ebi.ac.uk/efo", "def compact(", "def curie(", "def short("):
            assert ns not in text, f"{f.relative_to(REPO)} spells {ns!r}"


def test_query_validate_page_and_kgx_print_the_same_curies(tmp_path: Path, server: Any) -> None:
    """Table 1 row 4 (HLCA v1.0, "Integrated human lung reference", "49 scRNA-seq datasets") links to lung and
    to scRNA-seq; four outputs print both terms the way graph/ontology_links.yaml spells them."""
    runner = CliRunner()
    # 1. `llm4cell-kg query`: the evidence of every ontology link
    q = runner.invoke(main, ["query", "links/link-evidence", "--format", "csv"])
    assert q.exit_code == 0, q.output
    hlca = {r["term"] for r in csv.DictReader(q.output.splitlines()) if r["subject"] == "dataset:hlca-v1"}
    assert {LUNG, SCRNA} <= hlca
    table = runner.invoke(main, ["query", "links/link-evidence"]).output
    assert f"| {LUNG} " in table and f"| {SCRNA} " in table
    # 2. `validate --format json`: the two terms swapped between tissue and assay
    bad = tmp_path / "swapped.ttl"
    bad.write_text(
        f"<https://w3id.org/llm4cell/dataset/hlca-v1> <https://w3id.org/llm4cell/ontology#tissue> <{SCRNA_IRI}> ;\n"
        f"  <https://w3id.org/llm4cell/ontology#assay> <{LUNG_IRI}> .\n",
        encoding="utf-8",
    )
    v = runner.invoke(main, ["validate", str(bad), "--format", "json"])
    assert v.exit_code == 1
    results = json.loads(v.output)["results"]
    assert {(r["shape"], r["focus"], r["path"], r["value"]) for r in results} == {
        ("l4cs:TissueIri", "dataset:hlca-v1", "l4c:tissue", SCRNA),
        ("l4cs:AssayIri", "dataset:hlca-v1", "l4c:assay", LUNG),
    }
    # 3. the dataset's page in the web explorer
    with urllib.request.urlopen(server.url + "/dataset/hlca-v1", timeout=60) as r:
        html = r.read().decode()
    assert f'<span class="iri">{LUNG}</span>' in html and f'<span class="iri">{SCRNA}</span>' in html
    assert "obo:" not in html and "efo:" not in html
    # 4. the KGX export: node ids and edge objects
    k = runner.invoke(main, ["export", "--format", "kgx", str(tmp_path / "kgx")])
    assert k.exit_code == 0, k.output
    edges = list(csv.DictReader((tmp_path / "kgx/edges.tsv").open(encoding="utf-8"), delimiter="\t"))
    got = {(e["original_predicate"], e["object"]) for e in edges if e["subject"] == "dataset:hlca-v1"}
    assert {("l4c:tissue", LUNG), ("l4c:assay", SCRNA)} <= got
    nodes = {n["id"] for n in csv.DictReader((tmp_path / "kgx/nodes.tsv").open(encoding="utf-8"), delimiter="\t")}
    assert {LUNG, SCRNA} <= nodes


def test_compress_is_the_converters_on_every_iri_of_the_graph(quads: list) -> None:  # type: ignore[type-arg]
    from llm4cell_kg.common.prefixes import converter

    iris = {t.value for q in quads for t in (q.subject, q.predicate, q.object, q.graph_name) if hasattr(t, "value")}
    iris |= {"http://example.org/x", "https://w3id.org/llm4cell/", "http://purl.obolibrary.org/obo/"}
    assert all(compress(i) == converter().compress(i, passthrough=True) for i in iris)
