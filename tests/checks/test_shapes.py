# ruff: noqa: E501  (the expected curator messages are kept verbatim, one per line)
"""Each SHACL shape: a valid fixture passes, a violating fixture gives the exact message and severity (two engines)."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from llm4cell_kg.checks.provenance import MSG_UNDESCRIBED, MSG_UNSOURCED
from llm4cell_kg.checks.shacl_engines import SHAPES_FILE
from llm4cell_kg.checks.validate import validate_quads
from llm4cell_kg.common.prefixes import compress as curie

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
VIOLATING = sorted(p.name for p in FIXTURES.iterdir() if p.name != "valid.trig")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")

MESSAGES = {
    "l4cs:AssayIri": "An assay link must be an EFO term, written EFO:<7 digits> (e.g. EFO:0009922): fix `term` in graph/ontology_links.yaml.",
    "l4cs:CellTypeIri": "A cell-type link must be a CL term, written CL:<7 digits> (e.g. CL:0000236): fix `term` in graph/ontology_links.yaml.",
    "l4cs:ClaimObject": "A prose claim has exactly one object: fix `object` in graph/claims.yaml.",
    "l4cs:ClaimPredicate": "A prose claim has exactly one predicate, one of the claim relations (family, task, dataset, domain_strength, domain_limitation, grounding_source, grounding, modality, citation): fix `relation` in graph/claims.yaml.",
    "l4cs:ClaimRelation": "A prose claim names exactly one curated relation: fix `relation` in graph/claims.yaml.",
    "l4cs:ClaimSubject": "A prose claim has exactly one subject, a model: fix `subject` in graph/claims.yaml.",
    "l4cs:ConceptDefinition": "A vocabulary term needs a skos:definition in the survey's own words: add it in ontology/llm4cell.ttl.",
    "l4cs:ConceptLabel": "A vocabulary term needs exactly one rdfs:label: fix the term in ontology/llm4cell.ttl.",
    "l4cs:ConceptSection": "A vocabulary term needs l4c:section (where the survey defines it): add it in ontology/llm4cell.ttl.",
    "l4cs:CountMeasure": "A count statement counts exactly one measure of the ontology (rowsOfTable7, rowsOfTable7InFiveFamilies, rowsOfTables1to6, domainScoreColumnsOfTable7): fix `measure` in graph/counts.yaml.",
    "l4cs:CountQualifier": "A count statement's qualifier is one of '=', '~', '>', '>=': fix `qualifier` in graph/counts.yaml.",
    "l4cs:CountValue": "A count statement states exactly one whole number >= 0: fix `value` in graph/counts.yaml.",
    "l4cs:DatasetProseScale": "A scale figure stated in prose must be {quantity, value, qualifier}: fix `scale` in graph/prose_scales.yaml.",
    "l4cs:ModelProseCitation": "A prose citation must be a reference-list entry of graph/publications.yaml: fix the claim's `object` in graph/claims.yaml.",
    "l4cs:ReferencedTable": "A table reference names exactly one table number as printed ('7', 'A1'): fix `table` in graph/table_references.yaml.",
    "l4cs:DatasetAccession": "An accession is non-empty text as printed (e.g. GSE123456): fix `accessions` in graph/datasets.yaml.",
    "l4cs:DatasetAccessionIdentifier": "A dataset's accession identifier is the IRI of a GEO, ArrayExpress or Single Cell Portal accession its row prints: fix `accessions` in graph/datasets.yaml.",
    "l4cs:DatasetHasSpecies": "This dataset has no species: link it to an NCBITaxon term (e.g. NCBITaxon:9606) if the survey states the organism.",
    "l4cs:DatasetLabel": "A dataset needs exactly one name (rdfs:label): set `name` once in graph/datasets.yaml or graph/prose_datasets.yaml.",
    "l4cs:DatasetModality": "A dataset's modality must be a modality of the ontology (modality:rna, atac, multiomic, spatial, ...): fix `modalities` in graph/datasets.yaml.",
    "l4cs:DatasetScale": "A dataset's scale must be a scale figure {quantity, value, qualifier}: fix `scale` in graph/datasets.yaml.",
    "l4cs:DatasetTask": "A dataset's task must be a task of the ontology: fix `tasks` in graph/datasets.yaml.",
    "l4cs:GroundingSourceLabel": "A grounding source needs exactly one name: fix `name` in graph/grounding_sources.yaml.",
    "l4cs:MentionQuoteWords": "A prose quote is short (at most 25 words): shorten `quote` of the record.",
    "l4cs:ModelAgentic": "A model's agentic flag must be a single true or false: fix `agentic` in graph/models.yaml.",
    "l4cs:ModelCitation": "A model cites exactly one reference-list entry of graph/publications.yaml: fix `citation` in graph/models.yaml.",
    "l4cs:ModelDataset": "A model's training/evaluation dataset must be a dataset of graph/datasets.yaml or graph/prose_datasets.yaml: fix the claim's `object` in graph/claims.yaml.",
    "l4cs:ModelDomainLimitation": "A domain limitation must be one of the ten domain dimensions (domain:biological-grounding, ...): fix the claim's `object` in graph/claims.yaml.",
    "l4cs:ModelDomainStrength": "A domain strength must be one of the ten domain dimensions (domain:biological-grounding, ...): fix the claim's `object` in graph/claims.yaml.",
    "l4cs:ModelFamily": "A model's family must be one of the ontology's families (family:foundation, text-bridge, spatial-multimodal, epigenomic, agentic, benchmark-evaluation): fix `families` in graph/models.yaml (or the claim's `object`).",
    "l4cs:ModelGrounding": "A model's grounding type must be a grounding type of the ontology (grounding:atlas, ontology, marker, ...): fix `grounding` in graph/models.yaml.",
    "l4cs:ModelGroundingSource": "A grounding source must be a record of graph/grounding_sources.yaml: fix the claim's `object` in graph/claims.yaml.",
    "l4cs:ModelHasDataset": "This model is linked to no dataset by a table cell or a sentence about it alone (a group sentence may name it: queries/model-datasets.rq): add a claim (relation: dataset) with the survey's quote to graph/claims.yaml if the survey names one.",
    "l4cs:ClaimBasis": "Every prose claim is classified: basis 'model' or 'group' (graph/group_claims.yaml).",
    "l4cs:GroupMembers": "A group claim names two or more models: list their claims in `claims` of graph/group_claims.yaml.",
    "l4cs:GroupObjects": "A group claim attaches at least one object to its group: list its claims in graph/group_claims.yaml.",
    "l4cs:GroupPredicate": "A group claim states exactly one relation, not a citation: its claims must share `relation`.",
    "l4cs:GroupCollective": "A group claim is marked collective (l4c:collective true); rebuild rather than hand-edit RDF.",
    "l4cs:GroupQuote": "A group claim has one short verbatim quote (at most 25 words): fix `quote` in graph/group_claims.yaml.",
    "l4cs:ModelLabel": "A model needs exactly one name (rdfs:label): set `name` once in graph/models.yaml or graph/prose_models.yaml.",
    "l4cs:ModelModality": "A model's modality must be a modality of the ontology (modality:rna, atac, multiomic, spatial, ...): fix `modalities` in graph/models.yaml.",
    "l4cs:ModelScoreMax": "A domain score is a whole number 0-10 (or a range like '5-7'): fix `domain_score` in graph/models.yaml.",
    "l4cs:ModelScoreMin": "A domain score is a whole number 0-10 (or a range like '5-7', low end first): fix `domain_score` in graph/models.yaml.",
    "l4cs:ModelTask": "A model's task must be a task of the ontology (task:annotation, ... or an auxiliary task): fix `tasks` in graph/models.yaml (or the claim's `object`).",
    "l4cs:ModelVenue": "A model's venue must be a venue of graph/venues.yaml: fix `venues` in graph/models.yaml.",
    "l4cs:ModelYear": "A model's year must be one whole number between 2015 and 2030: fix `year` in graph/models.yaml.",
    "l4cs:PubAuthors": "A publication needs its printed author list: fix `authors` in graph/publications.yaml.",
    "l4cs:PubLabel": "A publication needs exactly one citation label (e.g. 'Cui et al., 2024'): fix `label` in graph/publications.yaml.",
    "l4cs:PubIdentifier": "A publication's identifier is the IRI of an arXiv id or a DOI (https://arxiv.org/abs/..., https://doi.org/10....) that its entry prints: fix `printed` in graph/publications.yaml.",
    "l4cs:PubPrinted": "A publication keeps its reference-list entry as printed: fix `printed` in graph/publications.yaml.",
    "l4cs:PubTitle": "A publication needs its printed title: fix `title` in graph/publications.yaml.",
    "l4cs:PubVenue": "A publication appeared in exactly one venue of graph/venues.yaml: fix `venue` in graph/publications.yaml.",
    "l4cs:PubYear": "A publication's year is one whole number between 1900 and 2030: fix `year` in graph/publications.yaml.",
    "l4cs:RowNumber": "A table row has exactly one row number >= 1: fix `row` of the record.",
    "l4cs:RowTable": "A table row belongs to exactly one survey table: check `table` of the record.",
    "l4cs:RowTableName": "A table row names its table ('Table 7', 'Table 1', 'References'); rebuild rather than hand-edit RDF.",
    "l4cs:RowSubject": "A table row describes at most one model, dataset or publication (l4c:rowSubject); rebuild rather than hand-edit RDF.",
    "l4cs:ScaleMax": "A scale range's upper end is one whole number >= 0: fix `scale[].max` in graph/datasets.yaml.",
    "l4cs:ScaleQualifier": "A scale figure's qualifier is one of '=', '~', '>', '>=', 'range': fix `scale[].qualifier` in graph/datasets.yaml.",
    "l4cs:ScaleQuantity": "A scale figure counts exactly one quantity of the ontology (cells, nuclei, spots, organs, ...): fix `scale[].quantity` in graph/datasets.yaml.",
    "l4cs:ScaleValue": "A scale figure has exactly one value, a whole number >= 0: fix `scale[].value` in graph/datasets.yaml.",
    "l4cs:SourceDerived": "Every survey location must be prov:wasDerivedFrom the survey; the build adds it, so rebuild rather than hand-edit RDF.",
    "l4cs:SourceQuote": "Every survey location needs exactly one verbatim quote: set `quote` (or the printed cells) of the record.",
    "l4cs:SourceSection": "Every survey location needs exactly one section number ('4.1', 'C.5', 'E'): set `section` of the record.",
    "l4cs:SpeciesIri": "A species link must be an NCBITaxon term, written NCBITaxon:<digits> (e.g. NCBITaxon:9606): fix `term` in graph/ontology_links.yaml.",
    "l4cs:TableDatasetModality": "A Tables 1-6 dataset needs at least one modality: fill `modalities` in graph/datasets.yaml.",
    "l4cs:TableModelAgentic": "A Table 7 model needs its agentic flag: set `agentic` (true/false) in graph/models.yaml.",
    "l4cs:TableModelCitation": "A Table 7 model needs its citation: set `citation` in graph/models.yaml.",
    "l4cs:TableModelFamily": "A Table 7 model needs at least one family: fill `families` in graph/models.yaml.",
    "l4cs:TableModelScore": "A Table 7 model needs its domain score: set `domain_score` in graph/models.yaml.",
    "l4cs:TableModelYear": "A Table 7 model needs its year: set `year` in graph/models.yaml.",
    "l4cs:TissueIri": "A tissue link must be an UBERON term (PO for plants), written UBERON:<7 digits> (e.g. UBERON:0002048): fix `term` in graph/ontology_links.yaml.",
    "l4cs:VenueLabel": "A venue needs exactly one label: fix `label` in graph/venues.yaml.",
}
MESSAGES |= {  # records from publications other than the survey (graph/external_*.yaml, issue 14)
    "l4cs:AssertionDerived": "A record from another publication names exactly one publication: set one of doi, arxiv or url in its `source` block.",
    "l4cs:AssertionNotSurvey": "A curator assertion is never derived from the survey: the survey's statements belong in the survey's files (models.yaml, datasets.yaml, claims.yaml).",
    "l4cs:AssertionCurator": "A record from another publication names its curator: set `curator` in its `source` block.",
    "l4cs:AssertionTime": "A record from another publication is dated: set `date` (YYYY-MM-DD) in its `source` block.",
    "l4cs:AssertionIdentifier": "A record from another publication keeps its identifier as written (doi:..., arXiv:... or the URL).",
}
MESSAGES["l4cs:ProvenanceQuadCheck"] = None  # two messages, checked per focus node below


def load(name: str) -> list[ox.Quad]:
    return list(ox.parse(path=str(FIXTURES / name), format=ox.RdfFormat.TRIG))


def expected(name: str) -> set[tuple[str, str, str]]:
    """(severity, shape, focus) from the fixture's `# expect` lines."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return {tuple(m) for m in re.findall(r"^# expect (\w+) (\S+) (\S+)$", text, flags=re.M)}  # type: ignore[misc]


def found(name: str, engine: str) -> set[tuple[str, str, str]]:
    report = validate_quads(load(name), engine=engine, provenance=name.endswith(".trig"))
    return {(r.severity, r.shape, curie(r.focus)) for r in report.results if r.severity in severities(name)}


def severities(name: str) -> set[str]:
    """Fixtures that expect warnings are compared on everything; the others on violations only."""
    return {sev for sev, _s, _f in expected(name)} | {"Violation"}


def test_every_shape_has_a_message_and_a_violating_fixture() -> None:
    g = rdflib.Graph().parse(str(SHAPES_FILE))
    prop_shapes = {curie(str(s)) for s in g.subjects(SH.path, None)}
    assert prop_shapes == set(MESSAGES) - {"l4cs:ProvenanceQuadCheck"}
    covered = {shape for name in VIOLATING for (_sev, shape, _f) in expected(name)}
    assert covered == set(MESSAGES)
    node_shapes = {curie(str(s)) for s in g.subjects(rdflib.RDF.type, SH.NodeShape)}
    assert len(node_shapes) == 23  # 21 + CuratorAssertionShape (issue 14) + GroupClaimShape (issue 12)


@pytest.mark.parametrize("engine", ["pyshacl", "pyrudof"])
def test_valid_fixture_conforms_without_warnings(engine: str) -> None:
    report = validate_quads(load("valid.trig"), engine=engine)
    assert report.results == []
    assert report.conforms


@pytest.mark.parametrize("name", VIOLATING)
def test_violating_fixture_exact_results(name: str) -> None:
    report = validate_quads(load(name), provenance=name.endswith(".trig"))
    results = [r for r in report.results if r.severity in severities(name)]
    assert {(r.severity, r.shape, curie(r.focus)) for r in results} == expected(name)
    for r in results:
        if r.shape == "l4cs:ProvenanceQuadCheck":
            assert r.message == (MSG_UNSOURCED if r.focus.endswith("/model/unsourced") else MSG_UNDESCRIBED)
        else:
            assert r.message == MESSAGES[r.shape]
    assert report.conforms == all(sev == "Warning" for sev, _s, _f in expected(name))


@pytest.mark.parametrize("name", VIOLATING)
def test_pyrudof_agrees_with_pyshacl(name: str) -> None:
    """A second, independent engine: same conformance, same focus nodes per shape and severity."""
    assert found(name, "pyrudof") == found(name, "pyshacl")


def test_score_11_and_year_messages_name_the_yaml_field() -> None:
    report = validate_quads(load("model.ttl"), provenance=False)
    by_shape = {r.shape: r for r in report.violations}
    assert by_shape["l4cs:ModelScoreMax"].value == "11"
    assert by_shape["l4cs:ModelScoreMax"].message == (
        "A domain score is a whole number 0-10 (or a range like '5-7'): fix `domain_score` in graph/models.yaml."
    )
    assert by_shape["l4cs:ModelYear"].field == "year"
    assert by_shape["l4cs:ModelFamily"].value.endswith("/task/annotation")
