"""'Integration' is not always multi-omic integration (issue 12 item 2), checked against the printed cells."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from tables import select


def table_tasks(store: ox.Store, subject: str) -> set[str]:
    """The tasks a table row gives `subject` (CURIE)."""
    q = f"SELECT ?t WHERE {{ GRAPH ?g {{ {subject} l4c:task ?t }} ?g a l4c:TableRow }}"
    return {r[0] for r in select(store, q)}


@pytest.mark.parametrize(
    ("subject", "printed", "expected"),
    [
        # Table 1 row 4: "Human Lung Cell Atlas (HLCA v1.0)\tAnnotation, Integration, Disease Modeling\tIntegrated human
        # lung reference built from 49 scRNA-seq datasets" -- datasets of one modality (scRNA-seq) integrated
        (
            "dataset:hlca-v1",
            "Annotation, Integration, Disease Modeling",
            {"annotation", "data-integration", "disease-modeling"},
        ),
        # Table 1 row 1: "Tabula Sapiens v2\tAnnotation, Integration\tMulti-organ human atlas [...] droplet and
        # plate-seq modalities" -- two sequencing protocols of RNA, not two omics modalities
        ("dataset:tabula-sapiens-v2", "Annotation, Integration", {"annotation", "data-integration"}),
        # Table 4 row 5: "10x Visium / Visium HD\tSpatial mapping, Annotation, Integration\tWidely used capture-array
        # platform for spatial transcriptomics"
        (
            "dataset:visium",
            "Spatial mapping, Annotation, Integration",
            {"spatial-mapping", "annotation", "data-integration"},
        ),
        # Table 7 row 5: "iSEEK [...] scRNA [...] Integrates massive single-cell datasets via gene-ranking similarity to
        # enable scalable cross-dataset embedding and clustering"
        ("model:iseeek", "Integrates massive single-cell datasets", {"data-integration", "clustering"}),
        # Table 7 row 10: scELMo "supports clustering, batch correction, annotation, perturbation"
        (
            "model:scelmo",
            "clustering, batch correction",
            {"clustering", "data-integration", "annotation", "trajectory-perturbation"},
        ),
        # Table 7 row 45: GeneMamba "Multi-batch integration, cell-type annotation, gene correlation" (scRNA)
        ("model:genemamba", "Multi-batch integration", {"data-integration", "annotation", "regulatory-network"}),
        # Table 7 row 22: scGPT-spatial "supports multi-slide integration, cell-type deconvolution"
        ("model:scgpt-spatial", "multi-slide integration", {"spatial-mapping", "data-integration"}),
        # Table 3 row 4: TEA-seq "Integration, Perturbation, Multi-modal reasoning\tTri-modal PBMC dataset measuring
        # transcriptome, chromatin accessibility, and surface proteins" -- modalities, so multi-omic integration
        (
            "dataset:tea-seq",
            "Integration, Perturbation",
            {"multiomic-integration", "trajectory-perturbation", "cross-modal-reasoning"},
        ),
        # Table 7 row 20: scGT "scRNA + scATAC\t[...]\tMulti-omics integration + label transfer"
        ("model:scgt", "Multi-omics integration", {"multiomic-integration", "annotation"}),
    ],
)
def test_integration_cells(store: ox.Store, subject: str, printed: str, expected: set[str]) -> None:
    prop = "l4c:printedTasks" if subject.startswith("dataset:") else "l4c:printedPrimaryTask"
    (cell,) = select(store, f"SELECT ?c WHERE {{ {subject} {prop} ?c }}")
    assert printed in cell[0]
    assert table_tasks(store, subject) == {f"task:{t}" for t in expected}


def test_multiomic_integration_only_where_modalities_are_integrated(store: ox.Store) -> None:
    rows = {
        r[0]
        for r in select(
            store, "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s l4c:task task:multiomic-integration } ?g a l4c:TableRow }"
        )
    }
    # every row whose cell or table says it pairs modalities, by hand: Table 3 ("Multiome datasets (paired/tri-omic:
    # RNA+ADT, RNA+ATAC, ATAC+ADT, and tri-modal)"), Table 2 row 5 ENCODE ("single-cell RNA and ATAC assays"),
    # Table 4 row 4 DBiT-seq ("spatial RNA and protein expression"), Table 7 rows 1 scGPT ("Multiomics"), 12 scMoFormer
    # ("scRNA + Protein"), 13 scFormer ("integrates multi-omics"), 20 scGT ("scRNA + scATAC"), 44 scMamba ("integration
    # & annotation across modalities")
    assert rows == {
        "dataset:ucsc-cell-browser",
        "dataset:hca-data-browser",
        "dataset:azimuth-references",
        "dataset:tea-seq",
        "dataset:dogma-seq",
        "dataset:asap-seq",
        "dataset:cite-seq-compendia",
        "dataset:multiome-benchmark-pack",
        "dataset:encode-single-cell",
        "dataset:dbit-seq",
        "model:scgpt",
        "model:scmoformer",
        "model:scformer",
        "model:scgt",
        "model:scmamba",
    }
    # no single-modality dataset is linked to it at all, by any source
    single = select(
        store,
        """SELECT ?d WHERE { ?d a l4c:Dataset ; l4c:task task:multiomic-integration .
           FILTER NOT EXISTS { GRAPH ?g { ?d l4c:task task:multiomic-integration } ?g l4c:tableName "Table 3" }
           FILTER(?d NOT IN (dataset:encode-single-cell, dataset:dbit-seq)) }""",
    )
    assert single == []


def test_foundation_integration_sentence(store: ox.Store) -> None:
    # §4.1: "These models underpin most single-cell LLM pipelines, offering strong transfer for annotation and
    # integration" -- foundation models "from large-scale scRNA-seq": data integration, not multi-omic
    r = select(
        store,
        """SELECT ?o WHERE { ?c a l4c:ProseClaim ; l4c:sectionNumber "4.1" ; l4c:claimSubject model:tgpt ;
           l4c:claimPredicate l4c:task ; l4c:claimObject ?o }""",
    )
    assert sorted(x[0] for x in r) == ["task:annotation", "task:data-integration"]


def test_new_auxiliary_tasks_are_defined(store: ox.Store) -> None:
    r = dict(
        select(
            store,
            """SELECT ?t ?def WHERE { VALUES ?t { task:data-integration task:clustering }
               ?t a l4c:AuxiliaryTask ; skos:definition ?def ; l4c:section ?s }""",
        )
    )
    assert (
        "batch integration" in r["task:data-integration"]
        and "paired RNA, ATAC, and protein" in r["task:data-integration"]
    )
    assert "tissue clustering" in r["task:clustering"]
