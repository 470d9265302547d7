"""`llm4cell-kg new model|dataset ID`: a commented skeleton record (every field, the values the ontology allows, the
source block) appended to graph/external_models.yaml or external_datasets.yaml, or printed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import click

from .. import paths
from ..common.atomic import atomic_file
from ..common.options import RECORDS_DIR_HELP, data_option
from ..errors import UserError
from . import safeyaml
from .records import MAX_ID_CHARS
from .schema import SCHEMAS, Rule
from .vocabulary import Vocabulary

#: `new KIND` -> the collection its record goes to
KINDS = {"model": "external_models", "dataset": "external_datasets"}
HEADERS = {
    "external_models": "# Models the survey does not list, each curated from its own publication (see `source`).\n"
    "# Their statements live in a graph of their own (l4c:CuratorAssertion), never among the survey's; queries\n"
    "# include them with `--sources all`. Start a record with `llm4cell-kg new model ID`.\n",
    "external_datasets": "# Datasets the survey does not list, each curated from its own publication (see `source`).\n"
    "# Their statements live in a graph of their own (l4c:CuratorAssertion), never among the survey's; queries\n"
    "# include them with `--sources all`. Start a record with `llm4cell-kg new dataset ID`.\n",
}
WHAT = {
    "name": "the name as its publication prints it",
    "agentic": "true or false: is it an agentic framework (plans and calls tools)?",
    "year": "the year of its publication",
    "accessions": "archive accessions as printed (GSE123456, SCP815, ...), or leave the list empty",
    "date": "the date the source gives it, as printed and quoted: '2025', '2025-06' or '2025-06-11'",
    "changed": "the day this record last changed (YYYY-MM-DD); leave null until it changes",
    "listed_in": "a catalogue file it was read from: {name, repository, path, commit (40 hex), date}",
    "catalogue_entry": "the catalogue's page of its entry (a URL)",
    "source_states": "what the source states of it, when that is little: name, date, category, paper, code, ...",
    "species": "NCBITaxon CURIEs of the species it was trained or evaluated on, e.g. NCBITaxon:9606",
    "tissues": "UBERON (or PO) CURIEs of its tissues, e.g. UBERON:0002048",
    "category": "a catalogue's category, as printed (not a survey family)",
    "datasets": "datasets it was trained or evaluated on: - {id: DATASET-ID, relation: trainedOn|evaluatedOn|"
    "trainedOrEvaluatedOn}",
    "lineage": "models it builds on: - {relation: extends|usesEmbeddingsOf|trainsOnRepresentationOf, model: ID, "
    "quote: WORDS, locator: WHERE}",
    "claims": "statements of the publication: - {relation: task|family|dataset|modality|..., object: ID, quote: "
    "WORDS (at most 25), locator: WHERE (section, figure, page)}",
    "paper": "paper identifiers as IRIs: https://doi.org/10..., https://arxiv.org/abs/2501.01234",
    "code": "code repositories (URLs)",
    "weights": "released weights (Hugging Face, Zenodo, ... URLs)",
    "documentation": "documentation sites or model cards (URLs)",
}
VOCAB_WORDS = {"family": "families", "modality": "modalities", "grounding": "grounding types", "task": "tasks"}


def _allowed(rule: Rule, vocab: Vocabulary) -> str:
    ids = sorted(vocab.ids.get(rule.vocab or "", set()))
    need = "at least one" if rule.nonempty else "any"
    return f"{need} of: {', '.join(ids)}"


def skeleton(kind: str, rid: str, vocab: Vocabulary, today: dt.date | None = None) -> str:
    """The commented YAML of a new record (a list item), ready to be filled in."""
    name = KINDS[kind]
    _fname, rules = SCHEMAS[name]
    today = today or dt.date.today()
    lines = [f"- id: {rid}"]
    for fld, rule in rules.items():
        if fld == "id":
            continue
        if fld == "source":
            lines += [
                "  # the publication this record comes from (not the survey): exactly one of",
                "  #   arxiv: an arXiv id like 2501.01234 | doi: 10.xxxx/... (no https://doi.org/) | url: https://...",
                "  source:",
                '    arxiv: ""',
                '    curator: ""  # who curated this record: a name or an ORCID URL',
                f"    date: {today.isoformat()}  # the day it was curated (YYYY-MM-DD)",
            ]
            continue
        if rule.vocab:
            lines.append(f"  # {VOCAB_WORDS.get(rule.vocab, rule.vocab)}, {_allowed(rule, vocab)}")
        elif fld in WHAT:
            extra = f" ({rule.min}..{rule.max})" if rule.kind == "int" else ""
            lines.append(f"  # {WHAT[fld]}{extra}")
        if not rule.required:
            lines[-1] += " (optional)" if lines[-1].startswith("  #") else ""
        value = {"str": '""', "bool": "false", "int": str(today.year)}.get(rule.kind, '""')
        if not rule.required:
            value = "null"
        if rule.many:
            value = "[]"
        lines.append(f"  {fld}: {value}")
    return "\n".join(lines) + "\n"


def _existing_ids(graph_dir: Path) -> set[str]:
    """Every id already used by a model or dataset (table rows, prose mentions, other sources)."""
    ids: set[str] = set()
    for name in ("models", "prose_models", "external_models", "datasets", "prose_datasets", "external_datasets"):
        path = graph_dir / SCHEMAS[name][0]
        if not path.exists():
            continue
        try:
            data = safeyaml.read(path)
        except (safeyaml.YamlFileError, OSError) as exc:
            raise UserError(f"{path}: cannot add a record while the file does not load: {exc}") from None
        ids |= {r["id"] for r in data or [] if isinstance(r, dict) and isinstance(r.get("id"), str)}
    return ids


def append_atomically(path: Path, text: str, header: str) -> None:
    """Append `text` to `path` (created with `header` when missing) through a temp file and a rename."""
    old = path.read_text(encoding="utf-8") if path.exists() else header
    sep = "" if not old or old.endswith("\n\n") else ("\n" if old.endswith("\n") else "\n\n")
    with atomic_file(path, keep_mode=True) as tmp:  # an existing file keeps its mode
        tmp.write_text(old + sep + text, encoding="utf-8")


@click.command("new")
@click.argument("kind", type=click.Choice(sorted(KINDS)))
@click.argument("rid", metavar="ID")
@click.option("--stdout", "to_stdout", is_flag=True, help="Print the skeleton instead of appending it.")
@data_option(RECORDS_DIR_HELP)
def command(kind: str, rid: str, to_stdout: bool, data: Path | None) -> None:
    """Start a record for a model or dataset that comes from a publication other than the survey.

    Appends a commented skeleton (every field, the values the ontology allows, the source block) to
    graph/external_models.yaml or graph/external_datasets.yaml; fill it in, then run `llm4cell-kg build`.
    """
    if len(rid) > MAX_ID_CHARS or not re.fullmatch(r"[a-z0-9][a-z0-9.-]*", rid):
        raise UserError(
            f"'{rid[:80]}' is not a valid id: use lower-case letters, digits, '-' and '.' (at most {MAX_ID_CHARS})"
        )
    graph_dir = data or paths.GRAPH_DIR
    text = skeleton(kind, rid, Vocabulary.from_ontology())
    if to_stdout:
        click.echo(text, nl=False)
        return
    if rid in _existing_ids(graph_dir):
        raise UserError(f"'{rid}' is already the id of a model or dataset in {graph_dir}; choose another")
    name = KINDS[kind]
    target = graph_dir / SCHEMAS[name][0]
    modeline = f"# yaml-language-server: $schema=../schemas/{name}.schema.json\n"
    append_atomically(target, text, modeline + HEADERS[name] + "\n")
    click.echo(f"added a skeleton record '{rid}' to {target}; fill it in, then run `llm4cell-kg build`")
    catalogue = graph_dir / SCHEMAS["catalogue_models"][0]
    if name == "external_models" and catalogue.exists() and f"\n- id: {rid}\n" in catalogue.read_text(encoding="utf-8"):
        click.echo(
            f"note: '{rid}' is also a record of {catalogue} (read from a catalogue): yours adds facts to that model"
        )
