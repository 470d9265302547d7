"""Declarative rules for the curated records in graph/*.yaml (one table per file kind)."""

from __future__ import annotations

from dataclasses import dataclass

from .identifiers import KINDS


@dataclass(frozen=True)
class Rule:
    """What one field of a record must hold."""

    # str | int | bool | score | dict | curie | source | date | url | licence | accession | link_source | entry
    kind: str
    required: bool = True
    many: bool = False  # a list of values
    nonempty: bool = False  # with many: at least one value
    vocab: str | None = None  # ontology scheme whose ids are allowed (family, task, ...)
    ref: str | None = None  # curated collection whose ids are allowed (models, datasets, ...)
    min: int | None = None
    max: int | None = None
    keys: tuple[str, ...] = ()  # with dict: required keys, each a string
    words: int | None = None  # with str: at most this many words
    choices: tuple[str, ...] = ()  # with str: the only values allowed
    locator: str | None = None  # with str: a place in the survey (LOCATORS), checked against graph/survey.yaml
    # kind "curie": an ontology term id PREFIX:LOCAL (UBERON:0002048), checked per property by LINK_PROPERTIES
    # kind "override": {FIELD: {reason: TEXT}}, the normalised fields a record keeps unlike its printed cell


#: what a `locator` rule allows, as graph/survey.yaml declares the survey: a section; a table or a section
LOCATORS = ("section", "source", "section-or-table")


ID = Rule("str")
TEXT = Rule("str")
#: a section of the survey ("4.1", "C.5", "Abstract")
SECTION = Rule("str", locator="section")
#: where a record's words are printed: "Table N" (a row of that table, the record's own) or a section
SOURCE = Rule("str", locator="source")
PRINTED_MODEL = ("model", "venue", "category", "modality", "grounding", "agentic", "primary_task", "domain_score")
PRINTED_DATASET = ("dataset", "tasks", "description", "scale", "link")
CLAIM_RELATIONS = (
    "family",
    "task",
    "dataset",
    "domain_strength",
    "domain_limitation",
    "grounding_source",
    "grounding",
    "modality",
    "citation",
)
#: relations a group claim may carry (a citation is printed beside one name, so it is never a group's)
GROUP_RELATIONS = tuple(r for r in CLAIM_RELATIONS if r != "citation")
#: group-claim relations whose objects stay on the group only: the survey pairs no member with any of them (a
#: group's grounding, "Grounding typically relies on marker-based or atlas alignment", and modalities, "ChromFound and
#: GET jointly model RNA and ATAC modalities", are the group's)
COLLECTIVE_ONLY = ("dataset", "grounding_source", "grounding", "modality")
#: model-to-model relations of graph/lineage.yaml (sub-properties of l4c:buildsOn)
LINEAGE_RELATIONS = ("extends", "usesEmbeddingsOf", "trainsOnRepresentationOf")
#: what a count statement (graph/counts.yaml) counts: ontology individuals l4c:<measure>, computed by queries/audit
COUNT_MEASURES = ("rowsOfTable7", "rowsOfTable7InFiveFamilies", "rowsOfTables1to6", "domainScoreColumnsOfTable7")
COUNT_QUALIFIERS = ("=", "~", ">", ">=")

#: the `source` block of a record from a publication other than the survey: one of doi / arxiv / url, then who
#: curated it and when
SOURCE_IDS = ("doi", "arxiv", "url")
SOURCE_KEYS = (*SOURCE_IDS, "curator", "date")
#: the `source` block of a link record (graph/web_links.yaml): the public file read, at a pinned commit
LINK_SOURCE_KEYS = ("name", "repository", "path", "commit", "date")
#: the `entry` block of a link record: the catalogue entry and how it was matched (an SSSOM mapping)
ENTRY_KEYS = ("id", "label", "url", "predicate", "justification", "confidence")
#: mapping predicates a link record may state (SKOS mapping relations)
MAPPING_PREDICATES = ("skos:exactMatch", "skos:closeMatch", "skos:broadMatch", "skos:narrowMatch", "skos:relatedMatch")
#: how a match was made: SEMAPV mapping justifications (https://w3id.org/semapv/vocab/)
MAPPING_JUSTIFICATIONS = (
    "semapv:CompositeMatching",
    "semapv:DatabaseCrossReference",
    "semapv:LexicalMatching",
    "semapv:ManualMappingCuration",
    "semapv:MappingChaining",
)
#: the kinds of link a record may carry, each a list of URLs
LINK_KINDS = ("paper", "code", "weights", "documentation")
#: where a `source` block points: key -> (IRI of the publication, printed identifier)
SOURCE_IRIS = {k: (KINDS[k][1], KINDS[k][2]) for k in ("doi", "arxiv")} | {"url": ("{}", "{}")}
EXTERNAL_SOURCE = Rule("source")
#: what an external record's source states, when it states little (a catalogue entry): the record says so
SOURCE_STATES = ("name", "date", "category", "paper", "code", "weights", "documentation")
#: an external model's `datasets` item: a dataset id (survey or external) and how the model used it
EXTERNAL_DATASET_KEYS = ("id", "relation")
DATASET_RELATIONS = ("trainedOn", "evaluatedOn", "trainedOrEvaluatedOn")
#: an external model's `lineage` item: a relation of graph/lineage.yaml, the model it builds on, where it is stated
EXTERNAL_LINEAGE_KEYS = ("relation", "model", "quote", "locator")
#: an external record's `claims` item: a claim relation, its object, the quote and where it is in that publication
EXTERNAL_CLAIM_KEYS = ("relation", "object", "quote", "locator")
#: an external record's `date` as its source prints it: a year, a month or a day
PARTIAL_DATE = r"[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?"
#: fields every external record may carry, beside its own
EXTERNAL_COMMON: dict[str, Rule] = {
    "date": Rule("str", required=False),
    # the day the record last changed (it was added on its source's `date`): absent until it changes
    "changed": Rule("date", required=False),
    "listed_in": Rule("link_source", required=False),
    "catalogue_entry": Rule("url", required=False),
    "source_states": Rule("str", many=True, required=False, choices=SOURCE_STATES),
    "species": Rule("curie", many=True, required=False),
    "tissues": Rule("curie", many=True, required=False),
}
#: dataset statement relation -> the ontology scheme its objects come from (graph/dataset_statements.yaml)
DATASET_STATEMENT_OBJECTS: dict[str, str] = {"task": "task", "modality": "modality"}

#: collection name -> (file name, field rules). Every record is a mapping with an `id`.
SCHEMAS: dict[str, tuple[str, dict[str, Rule]]] = {
    "venues": ("venues.yaml", {"id": ID, "label": TEXT}),
    "publications": (
        "publications.yaml",
        {
            "id": ID,
            "label": TEXT,
            "authors": TEXT,
            "year": Rule("int", min=1900, max=2030),
            "title": TEXT,
            "container": Rule("str", required=False),
            "printed": TEXT,
            "venue": Rule("str", ref="venues"),
        },
    ),
    "models": (
        "models.yaml",
        {
            "id": ID,
            "name": TEXT,
            "row": Rule("int", min=1),
            "page_chunk": Rule("int", min=1),
            "printed": Rule("dict", keys=PRINTED_MODEL),
            "families": Rule("str", many=True, nonempty=True, vocab="family"),
            "modalities": Rule("str", many=True, vocab="modality"),
            "grounding": Rule("str", many=True, vocab="grounding"),
            "tasks": Rule("str", many=True, vocab="task"),
            "agentic": Rule("bool"),
            "domain_score": Rule("score", min=0, max=10),
            "year": Rule("int", min=2015, max=2030),
            "venues": Rule("str", many=True, ref="venues"),
            "citation": Rule("str", ref="publications"),
            "override": Rule("override", required=False),
        },
    ),
    "datasets": (
        "datasets.yaml",
        {
            "id": ID,
            "name": TEXT,
            "table": Rule("int", min=1, max=6),
            "row": Rule("int", min=1),
            "printed": Rule("dict", keys=PRINTED_DATASET),
            "modalities": Rule("str", many=True, nonempty=True, vocab="modality"),
            "tasks": Rule("str", many=True, vocab="task"),
            "scale": Rule("dict", many=True, keys=()),
            "accessions": Rule("accession", many=True, required=False),
            "override": Rule("override", required=False),
        },
    ),
    "prose_models": (
        "prose_models.yaml",
        {
            "id": ID,
            "name": TEXT,
            "section": SECTION,
            "quote": Rule("str", words=25),
            "citation": Rule("str", required=False, ref="publications"),
        },
    ),
    "prose_datasets": (
        "prose_datasets.yaml",
        {"id": ID, "name": TEXT, "section": SECTION, "quote": Rule("str", words=25)},
    ),
    "grounding_sources": (
        "grounding_sources.yaml",
        {"id": ID, "name": TEXT, "section": SECTION, "quote": Rule("str", words=25)},
    ),
    "claims": (
        "claims.yaml",
        {
            "id": ID,
            "subject": Rule("str", ref="models"),
            "relation": Rule("str"),
            "object": Rule("str"),
            "section": SECTION,
            "quote": Rule("str", words=25),
        },
    ),
    # sentences that attach their objects to a group of models (graph/group_claims.yaml; docs/modelling.md)
    "group_claims": (
        "group_claims.yaml",
        {
            "id": ID,
            "section": SECTION,
            "relation": Rule("str", choices=GROUP_RELATIONS),
            "quote": Rule("str", words=25),
            "claims": Rule("str", many=True, nonempty=True, ref="claims"),
        },
    ),
    # which model builds on which (graph/lineage.yaml; docs/modelling.md, "Model lineage")
    "lineage": (
        "lineage.yaml",
        {
            "id": ID,
            "subject": Rule("str", ref="models"),
            "relation": Rule("str", choices=LINEAGE_RELATIONS),
            "object": Rule("str", ref="models"),
            "source": SOURCE,
            "column": Rule("str", required=False),
            "quote": Rule("str", words=25),
            "copied_from": Rule("str", required=False, ref="models"),
        },
    ),
    # audit findings about a model's citation, kept beside the link (graph/citation_caveats.yaml; README)
    "citation_caveats": (
        "citation_caveats.yaml",
        {
            "id": ID,
            "model": Rule("str", ref="models"),
            "publication": Rule("str", ref="publications"),
            "rule": Rule("str", choices=("citation-other-model", "citation-review", "citation-other-name")),
            "other_model": Rule("str", required=False, ref="models"),
        },
    ),
    # a dataset's citations as printed (graph/dataset_citations.yaml) and Appendix B's dataset statements
    "dataset_citations": (
        "dataset_citations.yaml",
        {
            "id": ID,
            "dataset": Rule("str", ref="datasets"),
            "publication": Rule("str", ref="publications"),
            "source": SOURCE,
            "quote": Rule("str", words=25),
            "caveat": Rule("str", required=False),
        },
    ),
    "dataset_statements": (
        "dataset_statements.yaml",
        {
            "id": ID,
            "section": SECTION,
            "relation": Rule("str", choices=tuple(DATASET_STATEMENT_OBJECTS)),
            "datasets": Rule("str", many=True, nonempty=True, ref="datasets"),
            "objects": Rule("str", many=True, nonempty=True),
            "quote": Rule("str", words=25),
        },
    ),
    # statements about the survey itself (checked by `llm4cell-kg audit`)
    "count_statements": (
        "counts.yaml",
        {
            "id": ID,
            "section": SECTION,
            "quote": Rule("str", words=25),
            "value": Rule("int", min=0),
            "qualifier": Rule("str", choices=COUNT_QUALIFIERS),
            "measure": Rule("str", choices=COUNT_MEASURES),
        },
    ),
    "table_references": (
        "table_references.yaml",
        {"id": ID, "section": SECTION, "quote": Rule("str", words=25), "table": TEXT},
    ),
    "prose_scales": (
        "prose_scales.yaml",
        {
            "id": ID,
            "dataset": Rule("str", ref="datasets"),
            "section": SECTION,
            "quote": Rule("str", words=25),
            "scale": Rule("dict", many=True, nonempty=True, keys=()),
        },
    ),
    # records from publications other than the survey (issue 14): each names its `source`; its statements live in a
    # graph of their own, typed l4c:CuratorAssertion, never among the survey's. Curators write external_models.yaml
    # (`llm4cell-kg new model`); catalogue_models.yaml holds the same kind of record, written wholly by
    # catalogues/regenerate.py from the pinned catalogue snapshots (issue 23)
    "external_models": (
        "external_models.yaml",
        {
            "id": ID,
            "name": TEXT,
            "source": EXTERNAL_SOURCE,
            **EXTERNAL_COMMON,
            "families": Rule("str", many=True, required=False, vocab="family"),
            "modalities": Rule("str", many=True, required=False, vocab="modality"),
            "grounding": Rule("str", many=True, required=False, vocab="grounding"),
            "tasks": Rule("str", many=True, required=False, vocab="task"),
            "agentic": Rule("bool", required=False),
            "year": Rule("int", required=False, min=2015, max=2030),
            "category": Rule("str", required=False),
            "mapped_families": Rule("str", many=True, required=False, vocab="family"),
            "datasets": Rule("dict", many=True, required=False, keys=EXTERNAL_DATASET_KEYS),
            "lineage": Rule("dict", many=True, required=False, keys=EXTERNAL_LINEAGE_KEYS),
            "claims": Rule("dict", many=True, required=False, keys=EXTERNAL_CLAIM_KEYS),
            **{kind: Rule("url", many=True, required=False) for kind in ("paper", "code", "weights", "documentation")},
        },
    ),
    "catalogue_models": ("catalogue_models.yaml", {}),  # the rules of external_models (below)
    "external_datasets": (
        "external_datasets.yaml",
        {
            "id": ID,
            "name": TEXT,
            "source": EXTERNAL_SOURCE,
            **EXTERNAL_COMMON,
            "modalities": Rule("str", many=True, nonempty=True, vocab="modality"),
            "tasks": Rule("str", many=True, required=False, vocab="task"),
            "accessions": Rule("accession", many=True, required=False),
            **{kind: Rule("url", many=True, required=False) for kind in ("paper", "code", "documentation")},
        },
    ),
    # links from public catalogues (issue 22): one record per (source, model), written by catalogues/regenerate.py;
    # each builds into a graph of its own, typed l4c:LinkAssertion (a curator assertion), never among the survey's
    "web_links": (
        "web_links.yaml",
        {
            "id": ID,
            "model": Rule("str", ref="models"),
            # the model's cited reference, where the links are that publication's, not the model's (a citation the
            # audit finds to be another model's paper: the model reaches them through its citation)
            "publication": Rule("str", ref="publications", required=False),
            "source": Rule("link_source"),
            "curator": TEXT,
            "curated": Rule("date"),
            "entry": Rule("entry", required=False),
            "evidence": Rule("str", many=True, nonempty=True),
            "conflicts": Rule("str", many=True, required=False),
            **{kind: Rule("url", many=True, required=False) for kind in LINK_KINDS},
            "licence": Rule("licence", required=False),
            "licence_path": Rule("str", required=False),
        },
    ),
    # ontology links (graph/ontology_links.yaml, one section per subject kind; see SECTIONS)
    "dataset_links": (
        "ontology_links.yaml",
        {
            "id": ID,
            "subject": Rule("str", ref="datasets"),
            "property": TEXT,
            "term": Rule("curie"),
            "evidence": TEXT,
            "source": SOURCE,
            "via": Rule("dict", required=False, keys=("evidence", "source", "dataset")),
            # (tissue links only) the species the row prints this tissue with ("mouse embryo and human lymph node":
            # UBERON:0000922 with NCBITaxon:10090): required where the row names two or more species
            "with_species": Rule("curie", many=True, nonempty=True, required=False),
        },
    ),
    "model_links": (
        "ontology_links.yaml",
        {
            "id": ID,
            "subject": Rule("str", ref="models"),
            "property": TEXT,
            "term": Rule("curie"),
            "evidence": TEXT,
            "source": SOURCE,
            # the group claim whose sentence the evidence is: the survey states the term of the group, not of the
            # model alone (docs/modelling.md, "Group statements")
            "group": Rule("str", required=False, ref="group_claims"),
        },
    ),
}

SCHEMAS["catalogue_models"] = ("catalogue_models.yaml", SCHEMAS["external_models"][1])

#: collections read from one section (`{subject id: [records]}`) of a mapping file, not from a list file
SECTIONS = {"dataset_links": "datasets", "model_links": "models"}
#: ontology link property -> CURIE prefixes its term may use
LINK_PROPERTIES: dict[str, tuple[str, ...]] = {
    "species": ("NCBITaxon",),
    "tissue": ("UBERON", "PO"),
    "cellType": ("CL",),
    "cellLine": ("EFO",),
    "assay": ("EFO",),
    "groundingOntology": ("obo",),
}

#: claim relation -> (where its object id must be found: vocab scheme or collection, ontology property)
CLAIM_OBJECTS: dict[str, tuple[str, str]] = {
    "family": ("vocab:family", "family"),
    "task": ("vocab:task", "task"),
    "dataset": ("ref:datasets", "trainedOrEvaluatedOn"),
    "domain_strength": ("vocab:domain", "domainStrength"),
    "domain_limitation": ("vocab:domain", "domainLimitation"),
    "grounding_source": ("ref:grounding_sources", "groundingSource"),
    "grounding": ("vocab:grounding", "groundingType"),
    "modality": ("vocab:modality", "modality"),
    "citation": ("ref:publications", "proseCitation"),
}

#: scale quantities and the qualifiers a scale figure may carry
SCALE_QUALIFIERS = ("=", "~", ">", ">=", "range")
OPTIONAL_COLLECTIONS = (
    "prose_models",
    "prose_datasets",
    "grounding_sources",
    "claims",
    "group_claims",
    "lineage",
    "citation_caveats",
    "dataset_citations",
    "dataset_statements",
    "dataset_links",
    "model_links",
    "count_statements",
    "table_references",
    "prose_scales",
    "external_models",
    "catalogue_models",
    "external_datasets",
    "web_links",
)
#: collections whose records come from other publications, and the survey collection whose ids they share
EXTERNAL = {"external_models": "models", "catalogue_models": "models", "external_datasets": "datasets"}
#: external collection -> its kind of entity (the IRI scheme of its records)
EXTERNAL_KINDS = {"external_models": "model", "catalogue_models": "model", "external_datasets": "dataset"}
#: the survey's structure (sections, tables with their rows and columns), and how normalised fields are read from
#: their printed cells: declared once each, in graph/ (not lists of records, so not in SCHEMAS)
SURVEY_FILE = "survey.yaml"
NORMALISATION_FILE = "normalisation.yaml"
#: the collections whose records are the rows of survey tables (graph/survey.yaml `holds`)
TABLE_COLLECTIONS = ("models", "datasets")
#: per such collection, the fields read from a printed cell: graph/normalisation.yaml must give each a rule
NORMALISED_FIELDS = {
    "models": ("domain_score", "agentic", "year", "venues", "families", "modalities", "grounding", "tasks"),
    "datasets": ("tasks",),
}
#: alternative spellings of models and datasets (not a list of records, so not in SCHEMAS)
ALIASES_FILE = "aliases.yaml"
#: aliases.yaml's sections (each maps a record id of that collection to its spellings)
ALIAS_KINDS = ("models", "datasets")
#: the fields of one spelling in aliases.yaml; `note` says where a spelling is ambiguous in the survey itself
ALIAS_RULES: dict[str, Rule] = {
    "label": TEXT,
    "section": Rule("str", locator="section-or-table"),
    "note": Rule("str", required=False),
}
#: every file name under graph/ that the build reads
CURATED_FILES = tuple(
    sorted({fname for fname, _rules in SCHEMAS.values()} | {ALIASES_FILE, SURVEY_FILE, NORMALISATION_FILE})
)

#: collection -> the template of the named graph (after src:) each of its records is built into. `build` mints the
#: graphs from it and `validate` maps a graph back to its file; `{n}` is a record's position in its file (from 1).
#: Where two templates share a start, a graph belongs to the one with the longest fixed start.
SOURCE_GRAPHS: dict[str, str] = {
    "models": "table7/row/{row}",
    "datasets": "table{table}/row/{row}",
    "publications": "references/{n}",
    "claims": "claim/{id}",
    "group_claims": "group-claim/{id}",
    "prose_models": "model-mention/{id}",
    "prose_datasets": "dataset-mention/{id}",
    "grounding_sources": "resource-mention/{id}",
    "dataset_links": "link/dataset/{subject}/{property}/{term}",
    "model_links": "link/model/{subject}/{property}/{term}",
    "aliases": "alias/{scheme}/{id}/{n}",
    "count_statements": "count/{id}",
    "table_references": "table-reference/{id}",
    "prose_scales": "prose-scale/{id}",
    "lineage": "lineage/{id}",
    "citation_caveats": "caveat/{id}",
    "dataset_citations": "dataset-citation/{id}",
    "dataset_statements": "dataset-statement/{id}",
    "external_models": "external/model/{id}",
    "catalogue_models": "external/catalogue-model/{id}",
    "external_datasets": "external/dataset/{id}",
    "web_links": "web-link/{id}",
}


def source_graph(collection: str, **fields: object) -> str:
    """The named graph (after src:) of one record of `collection`: SOURCE_GRAPHS filled in with `fields`."""
    return SOURCE_GRAPHS[collection].format(**fields)


def curated_file(collection: str) -> str:
    """The file under graph/ that holds `collection` (or `aliases`, `survey`, `normalisation`)."""
    special = {"aliases": ALIASES_FILE, "survey": SURVEY_FILE, "normalisation": NORMALISATION_FILE}
    return special.get(collection) or SCHEMAS[collection][0]


def _collection_of_graph(loc: str) -> str | None:
    starts = sorted(((t.split("{", 1)[0], c) for c, t in SOURCE_GRAPHS.items()), key=lambda sc: -len(sc[0]))
    return next((c for start, c in starts if loc.startswith(start)), None)


def record_of_graph(loc: str) -> str | None:
    """The id of the record a named graph (after src:) was built from, where its template ends in the id."""
    coll = _collection_of_graph(loc)
    return loc.rsplit("/", 1)[-1] if coll and SOURCE_GRAPHS[coll].endswith("/{id}") else None


def shown_file(collection: str) -> str:
    """How messages name the file of `collection`: `graph/<name>`."""
    return f"graph/{curated_file(collection)}"


def file_of_graph(loc: str) -> str:
    """The curated file (`graph/<name>`) a named graph (after src:) was built from, or '' for none."""
    coll = _collection_of_graph(loc)
    return shown_file(coll) if coll else ""
