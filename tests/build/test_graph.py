"""The built graph against the survey text: rows, printed cells, counts, provenance, determinism."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from llm4cell_kg import paths
from llm4cell_kg.build.derived import strip
from llm4cell_kg.build.graph import build_quads, contents, union_triples, write_outputs
from llm4cell_kg.common.prefixes import PREFIX_MAP
from llm4cell_kg.store import sparql

M = "https://w3id.org/llm4cell/model/"
D = "https://w3id.org/llm4cell/dataset/"

# Hand-copied from Appendix E, Table 7: at least one row from each of its 11 page chunks.
# (chunk, row, model id, [Model (Year), Published where, Category, Modality, Grounding Type, Agentic,
#  Primary Task, Domain Score])
TABLE7 = [
    (
        1,
        1,
        "scgpt",
        [
            "scGPT (Cui et al., 2024)",
            "Nature Methods",
            "Foundation",
            "Multiomics (scRNA + optionally multi-omic modes)",
            "Atlas (trained on large atlas of single-cell datasets)",
            "No",
            "Annotation, Integration, Perturbation (annotation as primary)",
            "6",
        ],
    ),
    (
        2,
        5,
        "iseeek",
        [
            "iSEEK (Shen et al., 2022)",
            "Briefings in Bioinfor- matics",
            "Foundation",
            "scRNA",
            "Atlas (11.9M cells, human + mouse)",
            "No",
            "Integrates massive single-cell datasets via gene-ranking similarity to enable scalable "
            "cross-dataset embedding and clustering",
            "5",
        ],
    ),
    (
        2,
        8,
        "uce",
        [
            "UCE (Universal Cell Embeddings) (Rosen et al., 2023)",
            "BioRxiv",
            "Foundation",
            "scRNA (cross- species)",
            "Atlas / binary masked self- supervision",
            "No",
            "Embeds any cell zero-shot across species into a shared latent space for clustering, lineage "
            "inference, annotation",
            "6",
        ],
    ),
    (
        3,
        11,
        "cellplm",
        [
            "CellPLM (Wen et al., 2023)",
            "ICLR",
            "Spatial (Multi- modal Foundation Model)",
            "scRNA + Spatial (SRT)",
            "Atlas + Spatial relations (uses SRT in pretraining)",
            "No",
            "Treats cells as tokens and tissues as sentences, leveraging spatially-resolved "
            "transcriptomics and a Gaussian-mixture prior to encode inter-cell relations for denoising, "
            "spatial imputation, and perturbation prediction.",
            "4",
        ],
    ),
    (
        4,
        18,
        "scgft",
        [
            "scGFT (Nouri, 2025)",
            "Nature Commu- nications Biology",
            "Foundation Model",
            "scRNA",
            "Fourier- based perturbation / reconstruc- tion (train-free)",
            "No",
            "Synthesizes new single-cell expression profiles by perturbing Fourier components in frequency space.",
            "4",
        ],
    ),
    (
        4,
        20,
        "scgt",
        [
            "scGT (Graph Transformer) (Qi et al., 2025b)",
            "Bioinformatics Advance",
            "Graph / Multi- omics Integration",
            "scRNA + scATAC",
            "Observed / Hybrid Graph",
            "No",
            "Multi-omics integration + label transfer",
            "4",
        ],
    ),
    (
        5,
        23,
        "heist",
        [
            "HEIST (Madhu et al., 2025)",
            "BioRxiv",
            "Spatial (Multi- modal Foundation Model)",
            "Spatial transcriptomics + proteomics",
            "Hierarchical graph modeling (spatial + GRNs)",
            "No",
            "Learns joint embeddings of cells and genes in spatial context to perform cell annotation, "
            "gene imputation, spatial clustering, clinical outcome prediction",
            "4",
        ],
    ),
    (
        6,
        28,
        "spaccc",
        [
            "SpaCCC (Yang et al., 2024a)",
            "IEEE Xplore",
            "Text- Bridge LLM",
            "Spatial transcriptomics / transcriptomic genes (LRs)",
            "",
            "No",
            "Infers spatially resolved cell-cell communication by embedding LR pairs in LLM latent space "
            "+ diffusion / permutation test filtering",
            "3",
        ],
    ),
    (
        7,
        34,
        "genept",
        [
            "GenePT (Chen and Zou, 2024)",
            "BioRxiv",
            "Foundation Model / Text- Augmented",
            "scRNA",
            "Literature / Text embedding grounding",
            "No",
            "Embedding & downstream prediction - uses GPT-3.5 gene text embeddings to derive cell "
            "embeddings via weighted or ranked gene aggregation.",
            "5-7",
        ],
    ),
    (
        8,
        39,
        "epiagent",
        [
            "EpiAgent (Chen et al., 2025b)",
            "BioRxiv",
            "Epigenomic Foundation Model / Multi- modal text-bridge hybrid",
            "",
            "Peak tokenization + external embeddings + regulatory supervision grounding",
            "No",
            "Embedding, annotation, imputation, and perturbation prediction - encodes chromatin "
            "accessibility as ranked cCRE tokens, enabling zero-shot cell annotation, peak imputation, "
            "and response prediction.",
            "8",
        ],
    ),
    (
        9,
        47,
        "scformer-cell-plus",
        [
            "scFormer Cell+ (Cui et al., 2022)",
            "Bioarxiv",
            "Foundation Model / Multi- modal Trans- former",
            "RNA (+ metadata)",
            "Joint gene-cell embedding with metadata tokens",
            "No",
            "Integration & Annotation - context-aware joint embedding for cross-species/tissue generalization",
            "7",
        ],
    ),
    (
        10,
        50,
        "teddy",
        [
            "Teddy (family of models) (Chevalier et al., 2025)",
            "ArXiv",
            "Foundation Model / Disease- aware Trans- former",
            "scRNA (single-cell RNA-seq)",
            "Self- supervised + supervised annotation supervision",
            "No",
            "Disease state classification / healthy vs diseased detection - trained to identify disease "
            "conditions of held-out donors and distinguish diseased vs healthy cells in new disease "
            "contexts",
            "7",
        ],
    ),
    (
        10,
        51,
        "pilot",
        [
            "Pilot (Joodaki et al., 2024)",
            "Github",
            "Benchmark / Evaluation Frame- work",
            "RNA",
            "Model- agnostic pilot foundation testing",
            "No",
            "Benchmarking & Evaluation - lightweight pilot framework for early single-cell FM testing",
            "4",
        ],
    ),
    (
        11,
        55,
        "spatial2sentence",
        [
            "Spatial2- Sentence (Chen et al., 2025a)",
            "ArXiv",
            "Spatial / Text- Bridge hybrid",
            "Spatial + expression (Imaging Mass Cytometry)",
            "Spatial adjacency + expression similarity tokenization",
            "No",
            "Encode spatial & expression context into multi-sentence prompts for LLMs to "
            "perform cell-type classification and clinical status prediction",
            "6",
        ],
    ),
    (
        11,
        58,
        "cellagent",
        [
            "CellAgent (Xiao et al., 2024)",
            "ArXiv",
            "Agentic Frame- work",
            "scRNA- seq",
            "None",
            "Yes",
            "Annotation & Ontology Mapping",
            "7",
        ],
    ),
]

# Hand-copied from Appendix D, Tables 1-6: at least one row of every table.
# (table, row, dataset id, [Dataset, Tasks, Description, Scale, Link / Citation])
DATASETS = [
    (
        1,
        1,
        "tabula-sapiens-v2",
        [
            "Tabula Sapiens v2",
            "Annotation, Integration",
            "Multi-organ <i>human</i> atlas (~1.1 M cells, 28 organs across 24 donors) capturing cell-type "
            "heterogeneity and cross-tissue transcriptional variation; droplet and plate-seq modalities.",
            "1.1 M cells / 28 organs / 24 donors",
            "CZ Biohub Portal",
        ],
    ),
    (
        1,
        4,
        "hlca-v1",
        [
            "Human Lung Cell Atlas (HLCA v1.0)",
            "Annotation, Integration, Disease Modeling",
            "Integrated human lung reference built from 49 scRNA-seq datasets (~2.4 M cells) across 16 studies; "
            "unified epithelial, immune, and stromal annotations.",
            "~2.4 M / 49 datasets / 16 studies",
            "HLCA v1.0 Portal",
        ],
    ),
    (
        2,
        3,
        "human-fetal-scatac-atlas",
        [
            "Human fetal scATAC atlas (Domcke et al., 2020; GSE149683)",
            "Annotation, Developmental trajectory, GRN",
            "Single-cell ATAC-seq atlas of human fetal tissues profiling 15 organs across mid-gestation; reveals "
            "developmental enhancer activity and regulatory lineage trajectories.",
            "~720k nuclei / 15 organs",
            "Science 2020, GSE149683",
        ],
    ),
    (
        3,
        3,
        "azimuth-references",
        [
            "Azimuth reference collections (PBMC, lung, kidney, fetal) (RNA + ADT)",
            "Annotation, Integration",
            "Curated single-cell reference atlases by the Satija Lab for automated "
            "cell-type mapping in Seurat/Azimuth; harmonized labels and multimodal ADT features.",
            "100k–1 M cells across multiple organs",
            "Azimuth Data Portal",
        ],
    ),
    (
        3,
        4,
        "tea-seq",
        [
            "TEA-seq (tri-modal RNA + ATAC + ADT; GSE158013)",
            "Integration, Perturbation, Multi-modal reasoning",
            "Tri-modal PBMC dataset measuring transcriptome, "
            "chromatin accessibility, and surface proteins; supports alignment/fusion of omics layers and pretraining.",
            "~100k cells",
            "GSE158013",
        ],
    ),
    (
        4,
        2,
        "merfish",
        [
            "MERFISH (imaging)",
            "Spatial mapping, Pathway, Annotation",
            "Multiplexed error-robust fluorescence in situ hybridization (MERFISH) datasets profiling millions of "
            "mouse-brain cells with 3D coordinates and 483–1,000-gene panels; benchmark for high-resolution spatial "
            "mapping.",
            "~4 M cells / 483–1,000 genes",
            "Vizgen MERFISH Portal / Science 2018",
        ],
    ),
    (
        4,
        5,
        "visium",
        [
            "10x Visium / Visium HD",
            "Spatial mapping, Annotation, Integration",
            "Widely used capture-array platform for spatial transcriptomics; Visium uses 55 µm spots, Visium HD "
            "extends to 2 µm grids with improved gene recovery and FFPE compatibility.",
            "~5k–55k spots per tissue",
            "10x Genomics Visium Portal",
        ],
    ),
    (
        5,
        1,
        "replogle-2022-perturb-seq",
        [
            "Genome-scale Perturb-seq (Replogle 2022) processed data",
            "Perturbation, GRN, Causal inference",
            "Largest CRISPR-based Perturb-seq dataset profiling \\sim 2.5 M "
            "single cells across $>$ 2 000 genetic perturbations; benchmark for causal network inference and "
            "representation learning.",
            "~2.5 M cells / >2 000 pertur- bations",
            "Cell 2022 / Figshare Dataset",
        ],
    ),
    (
        5,
        5,
        "sci-plex",
        [
            "sci-Plex collection (drug screens) + cellxgene portal",
            "Perturbation, Stress-response, GRN",
            "Multiplexed chemical-perturbation scRNA-seq of >650 k cells treated with 188 compounds via sci-Plex "
            "barcoding; pharmacotranscriptomic profiles for drug response modeling.",
            "~650 k cells / 188 drugs",
            "Cell 2020 / cellxgene Collection",
        ],
    ),
    (
        6,
        1,
        "scplantdb",
        [
            "scPlantDB (meta-collection)",
            ", r , r , r , g , r , r , r , r , r , r",
            "",
            "~2.5 M cells / 67 datasets / 17 species",
            "scPlantDB Portal",
        ],
    ),
    (
        6,
        3,
        "arabidopsis-e-curd-4",
        [
            "Arabidopsis scRNA-seq (E-CURD-4)",
            "Annotation, Trajectory, Development",
            "Baseline scRNA-seq dataset of Arabidopsis thaliana root and leaf tissues (~10,779 cells); used for "
            "developmental lineage and differentiation analysis.",
            "10,779 cells / 2 tissues",
            "EBI Array- Express E-CURD-4",
        ],
    ),
]


def select(store: ox.Store, query: str, **bind: str) -> list[list[str]]:
    subs = {ox.Variable(k): ox.NamedNode(v) for k, v in bind.items()}
    res = store.query(
        sparql.read_query(query), prefixes=PREFIX_MAP, use_default_graph_as_union=True, substitutions=subs or None
    )
    names = [v.value for v in res.variables]
    return [[sparql.term_text(s[n]) for n in names] for s in res]


def count(store: ox.Store, where: str) -> int:
    rows = select(store, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")
    return int(rows[0][0])


def test_58_model_rows_and_40_dataset_rows(store: ox.Store) -> None:
    assert count(store, "GRAPH ?g { ?x a l4c:Model } ?g l4c:tableName 'Table 7'") == 58
    assert count(store, "GRAPH ?g { ?x a l4c:Dataset } ?g a l4c:TableRow") == 40
    per_table = select(
        store,
        """SELECT ?t (COUNT(?x) AS ?n) WHERE { GRAPH ?g { ?x a l4c:Dataset }
                                  ?g l4c:tableName ?t } GROUP BY ?t ORDER BY ?t""",
    )
    assert per_table == [
        ["Table 1", "7"],
        ["Table 2", "6"],
        ["Table 3", "8"],
        ["Table 4", "6"],
        ["Table 5", "8"],
        ["Table 6", "5"],
    ]


def test_sampled_rows_cover_every_chunk_and_table() -> None:
    assert {c for c, *_ in TABLE7} == set(range(1, 12)) and len(TABLE7) >= 15
    assert {t for t, *_ in DATASETS} == set(range(1, 7)) and len(DATASETS) >= 10


@pytest.mark.parametrize(("chunk", "row", "mid", "cells"), TABLE7, ids=[t[2] for t in TABLE7])
def test_table7_row_as_printed(store: ox.Store, chunk: int, row: int, mid: str, cells: list[str]) -> None:
    rows = select(store, str(paths.QUERIES_DIR / "model-table7-row.rq"), model=M + mid)
    assert rows == [[f"model:{mid}", str(row), str(chunk), *cells]]


@pytest.mark.parametrize(("table", "row", "did", "cells"), DATASETS, ids=[d[2] for d in DATASETS])
def test_dataset_row_as_printed(store: ox.Store, table: int, row: int, did: str, cells: list[str]) -> None:
    rows = select(
        store,
        f"""SELECT ?row ?name ?tasks ?desc ?scale ?link WHERE {{
        GRAPH ?g {{ <{D}{did}> l4c:printedDataset ?name ; l4c:printedTasks ?tasks ; l4c:printedDescription ?desc ;
                    l4c:printedScale ?scale ; l4c:printedLink ?link }}
        ?g l4c:tableName "Table {table}" ; l4c:rowNumber ?row }}""",
    )
    assert rows == [[str(row), *cells]]


def test_agentic_yes_rows(store: ox.Store) -> None:
    rows = select(store, "SELECT ?m WHERE { ?m a l4c:Model ; l4c:printedAgentic 'Yes' ; l4c:agentic true } ORDER BY ?m")
    assert [r[0] for r in rows] == [
        "model:cellagent",
        "model:cellatria",
        "model:qust-llm",
        "model:scagent",
        "model:scextract",
    ]


def test_rows_per_domain_score(store: ox.Store) -> None:
    rows = select(store, "SELECT ?s (COUNT(?m) AS ?n) WHERE { ?m l4c:printedDomainScore ?s } GROUP BY ?s ORDER BY ?s")
    # counted by hand from Table 7's last column
    assert dict(rows) == {"2": "1", "3": "7", "4": "11", "5": "6", "5-7": "1", "6": "12", "7": "17", "8": "3"}
    genept = select(store, "SELECT ?lo ?hi WHERE { model:genept l4c:domainScoreMin ?lo ; l4c:domainScoreMax ?hi }")
    assert genept == [["5", "7"]]


def test_normalised_links(store: ox.Store) -> None:
    fams = select(store, "SELECT ?f WHERE { model:scformer l4c:family ?f } ORDER BY ?f")
    assert fams == [["family:foundation"], ["family:spatial-multimodal"]]
    assert select(
        store, "SELECT ?y ?v ?c WHERE { model:chromfound l4c:year ?y ; l4c:publishedIn ?v ; l4c:citation ?c }"
    ) == [["2025", "venue:nature", "pub:jiao-et-al-2025"]]
    venues = select(store, "SELECT ?v WHERE { model:xtrimogene l4c:publishedIn ?v } ORDER BY ?v")
    assert venues == [["venue:arxiv"], ["venue:neurips"]]


def test_dataset_scale_numbers_and_accessions(store: ox.Store) -> None:
    rows = select(
        store,
        """SELECT ?q ?v ?qual WHERE { dataset:tabula-sapiens-v2 l4c:scale ?s .
                            ?s l4c:quantity ?q ; l4c:value ?v ; l4c:qualifier ?qual } ORDER BY ?q""",
    )
    assert rows == [["l4c:cells", "1100000", "="], ["l4c:donors", "24", "="], ["l4c:organs", "28", "="]]
    rng = select(
        store,
        """SELECT ?v ?max WHERE { dataset:azimuth-references l4c:scale ?s .
                           ?s l4c:quantity l4c:cells ; l4c:value ?v ; l4c:maxValue ?max }""",
    )
    assert rng == [["100000", "1000000"]]
    assert select(store, "SELECT ?a WHERE { dataset:human-fetal-scatac-atlas l4c:accession ?a }") == [["GSE149683"]]
    over_1m = select(
        store,
        """SELECT ?d WHERE { ?d l4c:scale ?s . ?s l4c:quantity l4c:cells ; l4c:value ?v .
                               FILTER(?v > 1000000) } ORDER BY ?d""",
    )
    assert sorted(r[0] for r in over_1m) == sorted(
        [
            "dataset:tabula-sapiens-v2",
            "dataset:hlca-v1",
            "dataset:hca-lung-project",
            "dataset:allen-brain-map",
            "dataset:hca-data-browser",
            "dataset:merfish",
            "dataset:replogle-2022-perturb-seq",
            "dataset:scplantdb",
        ]
    )


def test_every_model_and_dataset_triple_has_a_source(store: ox.Store) -> None:
    """Each statement about a model or dataset sits in a survey location (with its quote and section) or, for the
    links out of graph/web_links.yaml (issue 22), in a link assertion naming the file and commit it reads."""
    orphans = select(
        store,
        """SELECT ?s ?p WHERE { GRAPH ?g { ?s ?p ?o } { ?s a l4c:Model } UNION { ?s a l4c:Dataset }
                               FILTER NOT EXISTS { ?g a ?kind . ?kind rdfs:subClassOf l4c:SourceLocation .
                                                   ?g l4c:quote ?q ; l4c:sectionNumber ?sec }
                               FILTER NOT EXISTS { GRAPH ?g { ?g a l4c:LinkAssertion ; prov:wasDerivedFrom ?f ;
                                                   l4c:sourceCommit ?c } } }""",
    )
    assert orphans == []
    linked = select(store, "SELECT DISTINCT ?p WHERE { GRAPH ?g { ?s ?p ?o } ?g a l4c:LinkAssertion }")
    assert sorted(p for [p] in linked) == [
        "l4c:codeRepository",
        "l4c:confidence",
        "l4c:documentation",
        "l4c:licence",
        "l4c:mappingJustification",
        "l4c:matchConflict",
        "l4c:matchEvidence",
        "l4c:paper",
        "l4c:sourceCommit",
        "l4c:sourceDate",
        "l4c:sourceIdentifier",
        "l4c:sourceName",
        "l4c:sourcePath",
        "l4c:sourceRepository",
        "l4c:weights",
        "prov:generatedAtTime",
        "prov:wasAttributedTo",
        "prov:wasDerivedFrom",
        "rdf:type",
        "rdfs:label",
        "skos:closeMatch",
        "skos:exactMatch",
    ]


def test_provenance_query_returns_row_and_printed_text(store: ox.Store) -> None:
    rows = select(store, str(paths.QUERIES_DIR / "provenance-of-statement.rq"), s=M + "cellagent")
    fam = [r for r in rows if r[1] == "l4c:family"]
    assert len(fam) == 1
    _s, _p, o, sources, quotes = fam[0]
    assert (o, sources) == ("family:agentic", "Table 7 row 58")
    assert (
        quotes == "CellAgent (Xiao et al., 2024)\tArXiv\tAgentic Frame- work\tscRNA- seq\tNone\tYes\t"
        "Annotation & Ontology Mapping\t7"
    )


def test_publications_are_the_reference_list(store: ox.Store) -> None:
    assert count(store, "?x a l4c:Publication") == 82
    rows = select(store, "SELECT ?t ?v WHERE { pub:xu-et-al-2024 l4c:title ?t ; l4c:publishedIn ?v }")
    assert rows == [
        [
            "scmformer integrates large-scale single-cell proteomics and transcriptomics data by "
            "multi-task transformer",
            "venue:advanced-science",
        ]
    ]


def test_build_twice_is_byte_identical(tmp_path: Path, quads: list[ox.Quad]) -> None:
    a = write_outputs(build_quads(), tmp_path / "a")
    b = write_outputs(build_quads(), tmp_path / "b")
    for name in ("llm4cell.nt", "llm4cell.nq"):
        assert a[name].read_bytes() == b[name].read_bytes()
    # the released files leave out the build-time helper triples (docs/derived.md)
    assert len(a["llm4cell.nt"].read_text().splitlines()) == len(union_triples(strip(quads)))


def test_contents_says_what_each_written_file_holds(tmp_path: Path, quads: list[ox.Quad]) -> None:
    """What `llm4cell-kg build` prints per file: the statements parsed back from it, without the helper triples."""
    out = write_outputs(quads, tmp_path)  # given the helper triples too: they are left out
    counted = {name: len(list(ox.parse(path=str(path)))) for name, path in out.items()}
    assert counted["llm4cell.nq"] == counted["llm4cell.trig"] == len(strip(quads)) < len(quads)
    assert counted["llm4cell.nt"] == counted["llm4cell.ttl"] < counted["llm4cell.nq"]
    assert contents(quads) == {
        "llm4cell.nq": f"{counted['llm4cell.nq']} quads",
        "llm4cell.trig": f"{counted['llm4cell.trig']} quads",
        "llm4cell.nt": f"{counted['llm4cell.nt']} triples (the union of the graphs)",
        "llm4cell.ttl": f"{counted['llm4cell.ttl']} triples (the union of the graphs)",
    }


def test_outputs_parse_back(tmp_path: Path, quads: list[ox.Quad]) -> None:
    out = write_outputs(quads, tmp_path)
    for name in ("llm4cell.nq", "llm4cell.trig"):
        assert Counter(ox.parse(path=str(out[name]))) == Counter(strip(quads))
    for name in ("llm4cell.nt", "llm4cell.ttl"):
        parsed = {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path=str(out[name]))}
        assert parsed == set(union_triples(strip(quads)))


def test_every_printed_cell_is_verbatim_in_the_survey(survey_text: str) -> None:
    from llm4cell_kg.curation.load import load
    from llm4cell_kg.curation.schema import PRINTED_DATASET, PRINTED_MODEL

    rec = load()
    lines = set(survey_text.splitlines())
    for m in rec["models"]:
        row = "\t".join(m["printed"][k] for k in PRINTED_MODEL)
        assert row in lines, f"graph/models.yaml record '{m['id']}': printed cells differ from Table 7"
    for d in rec["datasets"]:
        row = "\t".join(d["printed"][k] for k in PRINTED_DATASET)
        assert row in lines or row + "\t" in lines, f"graph/datasets.yaml record '{d['id']}' differs from the survey"
    for p in rec["publications"]:
        assert p["printed"] in lines, f"graph/publications.yaml record '{p['id']}' differs from the reference list"
        assert p["title"] in p["printed"] and p["authors"] in p["printed"]
