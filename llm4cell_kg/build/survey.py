"""The survey's records as quads, one named graph per survey location (a table row, a prose claim, a reference
entry), each described with its section and the text as printed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from ..common.namespaces import DCTERMS, PROV, SURVEY_IRI
from ..common.prefixes import expand
from ..curation import identifiers
from ..curation.fields import parse_score
from ..curation.problems import CurationError, Problem
from ..curation.records import Records, line_of
from ..curation.schema import CLAIM_OBJECTS, COLLECTIVE_ONLY
from ..curation.structure import Survey, Table
from .emit import ALT, LABEL, TYPE, N, Sink, add_accession, iri, l4c, record_graph

PRINTED_PROPS = {
    "model": "printedModel",
    "venue": "printedVenue",
    "category": "printedCategory",
    "modality": "printedModality",
    "grounding": "printedGrounding",
    "agentic": "printedAgentic",
    "primary_task": "printedPrimaryTask",
    "domain_score": "printedDomainScore",
    "dataset": "printedDataset",
    "tasks": "printedTasks",
    "description": "printedDescription",
    "scale": "printedScale",
    "link": "printedLink",
}


#: normalised field of a table row's record -> the properties its values are stated with (a note is about them)
FIELD_PROPERTIES = {
    "families": ("family",),
    "modalities": ("modality",),
    "grounding": ("groundingType",),
    "tasks": ("task",),
    "agentic": ("agentic",),
    "domain_score": ("domainScoreMin", "domainScoreMax"),
    "year": ("year",),
    "venues": ("publishedIn",),
}

#: list fields -> the scheme of their values' IRIs
FIELD_SCHEMES = {
    "families": "family",
    "modalities": "modality",
    "grounding": "grounding",
    "tasks": "task",
    "venues": "venue",
}


def _survey(survey: Survey, sink: Sink) -> None:
    s = N(SURVEY_IRI)
    sink.add(s, TYPE, l4c("Survey"))
    title = "LLM4Cell: A Survey of Large Language and Agentic Models for Single-Cell Biology"
    sink.add(s, LABEL, title)
    sink.add(s, N(DCTERMS + "title"), title)
    for t in survey.tables.values():
        table = iri("src", f"table{t.number}")
        sink.add(table, TYPE, l4c("SurveyTable"))
        sink.add(table, LABEL, t.label)
        sink.add(table, l4c("tableNumber"), str(t.number))
        sink.add(table, N(PROV + "wasDerivedFrom"), s)
    refs = iri("src", "references")
    sink.add(refs, TYPE, l4c("SurveyTable"))
    sink.add(refs, LABEL, "References")
    sink.add(refs, N(PROV + "wasDerivedFrom"), s)


@dataclass(frozen=True)
class _TableRow:
    """A row of a survey table (Table 7's models, Tables 1-6's datasets): where it is and what it prints."""

    table: int
    section: str  # the appendix holding the table
    columns: tuple[str, ...]  # the printed cells, in column order
    cls: str  # the class of what the row describes

    def add(
        self, sink: Sink, s: ox.NamedNode, g: ox.NamedNode, label: str, printed: dict[str, str], **extra: Any
    ) -> None:
        """The row as a source location (graph `g`), and `s` with its label and printed cells, in that graph."""
        cells = "\t".join(printed[k] for k in self.columns)
        sink.source(g, "TableRow", self.section, cells, tableName=f"Table {self.table}", **extra)
        sink.add(g, l4c("inTable"), iri("src", f"table{self.table}"))
        sink.add(g, l4c("rowSubject"), s)
        sink.add(s, TYPE, l4c(self.cls), g)
        sink.add(s, LABEL, label, g)
        for key in self.columns:
            sink.add(s, l4c(PRINTED_PROPS[key]), printed[key], g)


def _table_row(table: Table | None, cls: str) -> _TableRow:
    """A row of `table` as graph/survey.yaml declares it (its appendix and its columns, in order)."""
    if table is None:  # pragma: no cover - load() refuses a row of a table graph/survey.yaml does not declare
        raise ValueError("a row of a table graph/survey.yaml does not declare")
    return _TableRow(table.number, table.section, tuple(table.columns), cls)


def _models(rec: Records, sink: Sink) -> None:
    for m in rec["models"]:
        s, g = iri("model", m["id"]), record_graph("models", row=m["row"])
        row = _table_row(rec.table_of("models", m), "Model")
        row.add(sink, s, g, m["name"], m["printed"], rowNumber=m["row"], pageChunk=m["page_chunk"])
        _notes(rec, "models", m["id"], g, sink)
        for fam in m["families"]:
            sink.add(s, l4c("family"), iri("family", fam), g)
        for v in m["modalities"]:
            sink.add(s, l4c("modality"), iri("modality", v), g)
        for v in m["grounding"]:
            sink.add(s, l4c("groundingType"), iri("grounding", v), g)
        for v in m["tasks"]:
            sink.add(s, l4c("task"), iri("task", v), g)
        sink.add(s, l4c("agentic"), m["agentic"], g)
        lo, hi = parse_score(m["domain_score"]) or (0, 0)
        sink.add(s, l4c("domainScoreMin"), lo, g)
        sink.add(s, l4c("domainScoreMax"), hi, g)
        sink.add(s, l4c("year"), m["year"], g)
        for v in m["venues"]:
            sink.add(s, l4c("publishedIn"), iri("venue", v), g)
        sink.add(s, l4c("citation"), iri("pub", m["citation"]), g)


def _notes(rec: Records, coll: str, rid: str, g: ox.NamedNode, sink: Sink) -> None:
    """Each override or correction of the row's normalised values (curation: Records.notes), described beside the
    row (`g l4c:normalisationNote <g/note/FIELD>`) with the properties it is about and the cell as printed."""
    for fld, props in FIELD_PROPERTIES.items():
        note = rec.notes.get((coll, rid, fld))
        if note is None:
            continue
        n = N(f"{g.value}/note/{fld}")
        sink.add(g, l4c("normalisationNote"), n)
        sink.add(n, TYPE, l4c("NormalisationNote"))
        sink.add(n, l4c("noteKind"), note.kind)
        sink.add(n, l4c("reason"), note.reason)
        sink.add(n, l4c("printedText"), note.printed)
        for p in props:
            sink.add(n, l4c("aboutProperty"), l4c(p))
        for v in note.values:  # the values the note is about, where the cell gives the others
            sink.add(n, l4c("aboutValue"), iri(FIELD_SCHEMES[fld], v))


def _datasets(rec: Records, sink: Sink) -> None:
    for d in rec["datasets"]:
        s, g = iri("dataset", d["id"]), record_graph("datasets", table=d["table"], row=d["row"])
        row = _table_row(rec.table_of("datasets", d), "Dataset")
        row.add(sink, s, g, d["name"], d["printed"], rowNumber=d["row"])
        _notes(rec, "datasets", d["id"], g, sink)
        for v in d["modalities"]:
            sink.add(s, l4c("modality"), iri("modality", v), g)
        for v in d["tasks"]:
            sink.add(s, l4c("task"), iri("task", v), g)
        for acc in d.get("accessions") or []:
            add_accession(sink, s, acc, g)
        _scale_figures(sink, s, "scale", f"{s.value}/scale", d["scale"], g)


def _publications(rec: Records, sink: Sink) -> None:
    for n, p in enumerate(rec["publications"], start=1):
        s, g = iri("pub", p["id"]), record_graph("publications", n=n)
        sink.source(g, "TableRow", "References", p["printed"], tableName="References", rowNumber=n)
        sink.add(g, l4c("inTable"), iri("src", "references"))
        sink.add(g, l4c("rowSubject"), s)
        sink.add(s, TYPE, l4c("Publication"), g)
        sink.add(s, LABEL, p["label"], g)
        sink.add(s, l4c("citationLabel"), p["label"], g)
        sink.add(s, l4c("authors"), p["authors"], g)
        sink.add(s, l4c("year"), p["year"], g)
        sink.add(s, l4c("title"), p["title"], g)
        if p.get("container"):
            sink.add(s, l4c("container"), p["container"], g)
        sink.add(s, l4c("printedReference"), p["printed"], g)
        sink.add(s, l4c("publishedIn"), iri("venue", p["venue"]), g)
        for kind, value in identifiers.in_printed_reference(p["printed"]):  # arXiv ids and DOIs as printed
            sink.add(s, l4c("identifier"), N(identifiers.iri(kind, value)), g)
    for v in rec["venues"]:
        sink.add(iri("venue", v["id"]), TYPE, l4c("Venue"))
        sink.add(iri("venue", v["id"]), LABEL, v["label"])


def _prose(rec: Records, sink: Sink) -> None:
    kinds = {
        "prose_models": ("model", "Model", True),
        "prose_datasets": ("dataset", "Dataset", True),
        "grounding_sources": ("resource", "GroundingSource", False),
    }
    for coll, (scheme, cls, flag) in kinds.items():
        for r in rec[coll]:
            s, g = iri(scheme, r["id"]), record_graph(coll, id=r["id"])
            sink.source(g, "ProseMention", r["section"], r["quote"])
            sink.add(s, TYPE, l4c(cls), g)
            sink.add(s, LABEL, r["name"], g)
            if flag:
                sink.add(s, l4c("proseOnly"), True, g)
            if r.get("citation"):
                sink.add(s, l4c("citation"), iri("pub", r["citation"]), g)
    for kind, table in (rec.aliases or {}).items():
        scheme = "model" if kind == "models" else "dataset"
        for rid, entries in table.items():
            for n, e in enumerate(entries or [], start=1):
                g = record_graph("aliases", scheme=scheme, id=rid, n=n)
                sink.source(g, "ProseMention", str(e["section"]), e["label"])
                sink.add(iri(scheme, rid), ALT, e["label"], g)
                if e.get("note"):  # the survey's own ambiguity, said where the spelling resolves
                    sink.add(g, l4c("caveat"), e["note"])
    group_of = {cid: grp["id"] for grp in rec["group_claims"] for cid in grp["claims"]}
    for c in rec["claims"]:
        prop, o = _claim_object(c["relation"], c["object"])
        s, g = iri("model", c["subject"]), record_graph("claims", id=c["id"])
        basis = "group" if c["id"] in group_of else "model"
        sink.source(g, "ProseClaim", c["section"], c["quote"], claimRelation=c["relation"], claimBasis=basis)
        sink.add(g, l4c("claimSubject"), s)
        sink.add(g, l4c("claimPredicate"), l4c(prop))
        sink.add(g, l4c("claimObject"), o)
        if basis == "group":
            sink.add(g, l4c("inGroupClaim"), record_graph("group_claims", id=group_of[c["id"]]))
        if basis == "model" or c["relation"] not in COLLECTIVE_ONLY:
            sink.add(s, l4c(prop), o, g)
    _group_claims(rec, sink)


def _claim_object(relation: str, obj: str) -> tuple[str, ox.NamedNode]:
    """A claim relation's ontology property and its object's IRI."""
    where, prop = CLAIM_OBJECTS[relation]
    kind, name = where.split(":")
    scheme = (
        name
        if kind == "vocab"
        else {"datasets": "dataset", "grounding_sources": "resource", "publications": "pub"}[name]
    )
    return prop, iri(scheme, obj)


def _group_claims(rec: Records, sink: Sink) -> None:
    """One l4c:GroupClaim per sentence that attaches its objects to a group of models (graph/group_claims.yaml):
    members and objects as printed together, marked collective (the survey does not pair them one by one)."""
    claims = {c["id"]: c for c in rec["claims"]}
    for grp in rec["group_claims"]:
        g = record_graph("group_claims", id=grp["id"])
        sink.source(g, "GroupClaim", grp["section"], grp["quote"], groupRelation=grp["relation"], collective=True)
        for cid in grp["claims"]:
            c = claims[cid]
            prop, o = _claim_object(c["relation"], c["object"])
            sink.add(g, l4c("groupPredicate"), l4c(prop))
            sink.add(g, l4c("groupMember"), iri("model", c["subject"]))
            sink.add(g, l4c("groupObject"), o)
            sink.add(g, l4c("memberClaim"), record_graph("claims", id=cid))


def _scale_figures(
    sink: Sink, s: ox.NamedNode, prop: str, base: str, figures: list[dict[str, Any]], g: ox.NamedNode
) -> None:
    """Scale figures {quantity, value, qualifier[, max]} as l4c:ScaleFigure nodes `base/<quantity>` in graph `g`."""
    for fig in figures:
        node = N(f"{base}/{fig['quantity']}")
        sink.add(s, l4c(prop), node, g)
        sink.add(node, TYPE, l4c("ScaleFigure"), g)
        sink.add(node, l4c("quantity"), l4c(fig["quantity"]), g)
        sink.add(node, l4c("value"), fig["value"], g)
        sink.add(node, l4c("qualifier"), fig["qualifier"], g)
        if "max" in fig:
            sink.add(node, l4c("maxValue"), fig["max"], g)


def _statements(rec: Records, sink: Sink) -> None:
    """What the survey says about itself: counts of its rows, references to its tables, Appendix B scale figures."""
    for c in rec["count_statements"]:
        g = record_graph("count_statements", id=c["id"])
        sink.source(
            g, "CountStatement", c["section"], c["quote"], statedCount=c["value"], statedQualifier=c["qualifier"]
        )
        sink.add(g, l4c("countMeasure"), l4c(c["measure"]))
    for t in rec["table_references"]:
        sink.source(
            record_graph("table_references", id=t["id"]),
            "TableReference",
            t["section"],
            t["quote"],
            referencedTable=t["table"],
        )
    for x in rec["prose_scales"]:
        g = record_graph("prose_scales", id=x["id"])
        sink.source(g, "ProseMention", x["section"], x["quote"])
        s = iri("dataset", x["dataset"])
        _scale_figures(sink, s, "proseScale", f"{s.value}/prose-scale/{x['id']}", x["scale"], g)


def _links(rec: Records, sink: Sink) -> None:
    """Ontology links (graph/ontology_links.yaml): one graph per link, described as the survey location of its
    evidence (quote = the printed words); a link whose evidence is a group sentence points to its group claim
    (l4c:groupSentence). Terms must be in the import modules, which hold their labels."""
    from .imports import imported_terms

    labels = imported_terms().labels
    missing = [
        Problem(
            rec.files.get(coll, "graph/ontology_links.yaml"),
            x["id"],
            "term",
            f"{x['term']} is not in ontology/imports/; run `python ontology/imports/regenerate.py`",
            line=line_of(x, "term"),
        )
        for coll in ("dataset_links", "model_links")
        for x in rec[coll]
        if expand(x["term"]) not in labels
    ]
    if missing:
        raise CurationError(missing)
    rows = {"dataset": {d["id"]: d for d in rec["datasets"]}, "model": {m["id"]: m for m in rec["models"]}}
    for coll, scheme in (("dataset_links", "dataset"), ("model_links", "model")):
        for x in rec[coll]:
            term = N(expand(x["term"]))
            s = iri(scheme, x["subject"])
            g = record_graph(coll, subject=x["subject"], property=x["property"], term=x["term"].replace(":", "_"))
            if x["source"].startswith("Table "):
                n = int(x["source"].split()[1])
                sink.source(
                    g,
                    "TableRow",
                    "E" if n == 7 else "D",
                    x["evidence"],
                    tableName=x["source"],
                    rowNumber=rows[scheme][x["subject"]]["row"],
                )
                sink.add(g, l4c("inTable"), iri("src", f"table{n}"))
            else:
                sink.source(g, "ProseMention", x["source"], x["evidence"])
            if x.get("group"):  # the evidence is a sentence about a group of models (graph/group_claims.yaml)
                sink.add(g, l4c("groupSentence"), record_graph("group_claims", id=x["group"]))
            sink.add(s, l4c(x["property"]), term, g)
            for sp in x.get("with_species") or ():  # the species the row prints this tissue with
                _sample(sink, s, sp, x["term"], g)
            if x.get("via"):  # a second printed source the link follows from (an abbreviation's definition)
                v = x["via"]
                vrow = rows["dataset"][v["dataset"]]
                vg = N(g.value + "/via")
                sink.source(vg, "TableRow", "D", v["evidence"], tableName=v["source"], rowNumber=vrow["row"])
                sink.add(vg, l4c("inTable"), iri("src", f"table{vrow['table']}"))
                sink.add(g, l4c("alsoSupportedBy"), vg)


def _sample(sink: Sink, dataset: ox.NamedNode, species: str, tissue: str, g: ox.NamedNode) -> None:
    """One species-tissue pair a dataset's row prints together (l4c:Sample), in the graph of the tissue's link."""
    smp = N(f"{dataset.value}/sample/{species.replace(':', '_')}-{tissue.replace(':', '_')}")
    sink.add(dataset, l4c("sample"), smp, g)
    sink.add(smp, TYPE, l4c("Sample"), g)
    sink.add(smp, l4c("sampleSpecies"), N(expand(species)), g)
    sink.add(smp, l4c("sampleTissue"), N(expand(tissue)), g)


def _lineage(rec: Records, sink: Sink) -> None:
    """Model-to-model relations (graph/lineage.yaml), each in the graph of the Table 7 cell or prose passage that
    states it; a relation printed in a row that copies another row carries the copied-cells caveat."""
    rows = {m["id"]: m["row"] for m in rec["models"]}
    for x in rec["lineage"]:
        g = record_graph("lineage", id=x["id"])
        s, o = iri("model", x["subject"]), iri("model", x["object"])
        if x["source"] == "Table 7":
            sink.source(g, "TableRow", "E", x["quote"], tableName="Table 7", rowNumber=rows[x["subject"]])
            sink.add(g, l4c("inTable"), iri("src", "table7"))
            if x.get("column"):
                sink.add(g, l4c("printedColumn"), x["column"])
        else:
            sink.source(g, "ProseMention", x["source"], x["quote"])
        sink.add(s, l4c(x["relation"]), o, g)
        if x.get("copied_from"):
            other = x["copied_from"]
            sink.add(g, l4c("auditRule"), "copied-cells")
            sink.add(g, l4c("caveatModel"), iri("model", other))
            sink.add(g, l4c("caveatSource"), record_graph("models", row=rows[other]))
            sink.add(
                g,
                l4c("caveat"),
                f"Table 7 row {rows[x['subject']]} repeats row {rows[other]} ({other}) in every content column "
                "(audit rule copied-cells); the relation is printed only in the copied cells.",
            )


def _citation_caveats(rec: Records, sink: Sink) -> None:
    """Each audit finding about a model's citation (graph/citation_caveats.yaml), kept beside the link it is about:
    `model l4c:citationCaveat "..."` and an l4c:CitationCaveat naming the rule, the other model, the reference-list
    entry and every table row or prose claim that prints the link."""
    pubs = {p["id"]: (n, p) for n, p in enumerate(rec["publications"], start=1)}
    names = {m["id"]: m["name"] for m in rec["models"]} | {m["id"]: m["name"] for m in rec["prose_models"]}
    for x in rec["citation_caveats"]:
        mid, pid = x["model"], x["publication"]
        n, pub = pubs[pid]
        printed: list[tuple[str, str, ox.NamedNode]] = [
            ("E", f"Table 7 row {m['row']}", record_graph("models", row=m["row"]))
            for m in rec["models"]
            if m["id"] == mid and m["citation"] == pid
        ]
        quotes = [m["printed"]["model"] for m in rec["models"] if m["id"] == mid and m["citation"] == pid]
        for c in rec["claims"]:
            if (c["relation"], c["subject"], c["object"]) == ("citation", mid, pid):
                printed.append((c["section"], f"§{c['section']}", record_graph("claims", id=c["id"])))
                quotes.append(c["quote"])
        where = ", ".join(w for _s, w, _g in printed)
        if x["rule"] == "citation-review":
            what = f"an overview of the field, not {names[mid]}'s paper"
        elif x["rule"] == "citation-other-name":
            what = f"the paper of a differently named model, not {names[mid]}'s"
        else:
            what = f"the paper of another model, {names[x['other_model']]}"
        text = (
            f"The citation ({pub['label']}) of {names[mid]}, printed in {where}, is References entry {n}, {what}: "
            f"'{pub['title']}' (audit rule {x['rule']})."
        )
        g = record_graph("citation_caveats", id=x["id"])
        sink.source(g, "CitationCaveat", printed[0][0], quotes[0], auditRule=x["rule"], caveat=text)
        sink.add(g, l4c("aboutModel"), iri("model", mid))
        sink.add(g, l4c("aboutPublication"), iri("pub", pid))
        sink.add(g, l4c("caveatSource"), record_graph("publications", n=n))
        for _s, _w, src in printed:
            sink.add(g, l4c("caveatOn"), src)
        if x.get("other_model"):
            sink.add(g, l4c("caveatModel"), iri("model", x["other_model"]))
        # the link as first printed, with its caveat beside it in the same graph (one node in JSON-LD, one page block)
        link = "citation" if printed[0][0] == "E" else "proseCitation"
        sink.add(iri("model", mid), l4c(link), iri("pub", pid), g)
        sink.add(iri("model", mid), l4c("citationCaveat"), text, g)


def _dataset_sources(rec: Records, sink: Sink) -> None:
    """A dataset's printed citations (graph/dataset_citations.yaml), each in the graph of the table row or passage
    that prints it, with its caveat where the reference is not the dataset's own paper; and Appendix B's dataset
    statements (graph/dataset_statements.yaml), one l4c:DatasetStatement per sentence and relation."""
    rows = {d["id"]: d for d in rec["datasets"]}
    names = {d["id"]: d["name"] for d in rec["datasets"]} | {d["id"]: d["name"] for d in rec["prose_datasets"]}
    cites = {p["id"]: p["label"] for p in rec["publications"]}
    for x in rec["dataset_citations"]:
        g = record_graph("dataset_citations", id=x["id"])
        s = iri("dataset", x["dataset"])
        if x["source"].startswith("Table "):
            row = rows[x["dataset"]]
            sink.source(g, "TableRow", "D", x["quote"], tableName=x["source"], rowNumber=row["row"])
            sink.add(g, l4c("inTable"), iri("src", f"table{row['table']}"))
            sink.add(g, l4c("printedColumn"), "Dataset")
        else:
            sink.source(g, "ProseMention", x["source"], x["quote"])
        sink.add(s, l4c("citation"), iri("pub", x["publication"]), g)
        if x.get("caveat"):
            where = x["source"] if x["source"].startswith("Table ") else f"§{x['source']}"
            text = (
                f"The citation ({cites[x['publication']]}) of {names[x['dataset']]}, printed in {where}: {x['caveat']}"
            )
            sink.add(g, l4c("caveat"), text)
            sink.add(s, l4c("citationCaveat"), text, g)
    for st in rec["dataset_statements"]:
        g = record_graph("dataset_statements", id=st["id"])
        rel = st["relation"]
        sink.source(
            g,
            "DatasetStatement",
            st["section"],
            st["quote"],
            statementRelation=rel,
            collective=len(st["datasets"]) > 1,
        )
        sink.add(g, l4c("statementPredicate"), l4c(rel))
        for d in st["datasets"]:
            sink.add(g, l4c("statementMember"), iri("dataset", d))
            for o in st["objects"]:
                sink.add(iri("dataset", d), l4c(rel), iri(rel, o), g)
        for o in st["objects"]:
            sink.add(g, l4c("statementObject"), iri(rel, o))


def add_survey(rec: Records, sink: Sink) -> None:
    """Every record of the survey's own files, each in the named graph of its survey location."""
    survey = rec.survey
    if survey is None:  # pragma: no cover - load() refuses records without graph/survey.yaml
        raise ValueError("the records hold no survey structure (graph/survey.yaml)")
    _survey(survey, sink)
    _models(rec, sink)
    _datasets(rec, sink)
    _publications(rec, sink)
    _prose(rec, sink)
    _statements(rec, sink)
    _links(rec, sink)
    _lineage(rec, sink)
    _citation_caveats(rec, sink)
    _dataset_sources(rec, sink)
