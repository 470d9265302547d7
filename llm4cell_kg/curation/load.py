"""Load the curated YAML records and check them against schema.SCHEMAS, collecting every problem in one pass."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import paths
from . import safeyaml
from .collection_checks import check_collection
from .cross_refs import check_aliases, check_dataset_statements, check_group_claims, check_link_groups
from .external_checks import check_external
from .locators import check_locators
from .normalise import read_rules
from .normalised import check_normalised, check_rules
from .problems import CurationError, Problem
from .records import Records, line_of
from .relations import check_relations
from .safeyaml import LocatedDict, LocatedList, YamlFileError, clip
from .schema import (
    ALIASES_FILE,
    NORMALISATION_FILE,
    NORMALISED_FIELDS,
    OPTIONAL_COLLECTIONS,
    SCHEMAS,
    SECTIONS,
    SURVEY_FILE,
)
from .structure import read_survey
from .vocabulary import Vocabulary


class _Unreadable:
    """The value _read_yaml returns for a file that did not load (its problem is already recorded)."""


UNREADABLE = _Unreadable()


def _read_yaml(path: Path, shown: str, problems: list[Problem]) -> Any:
    try:
        return safeyaml.read(path)
    except YamlFileError as exc:
        record, fld = exc.record or "(file)", exc.field or "(file)"
        problems.append(Problem(shown, record, fld, exc.message, line=exc.line, record_line=exc.record_line))
    except OSError as exc:
        problems.append(Problem(shown, "(file)", "(file)", f"cannot read: {exc.strerror}"))
    return UNREADABLE


def _shown_default(graph_dir: Path, fname: str) -> str:
    """How messages name a curated file unless `shown_as` says otherwise."""
    return f"graph/{fname}"


def real_paths(graph_dir: Path) -> dict[str, str]:
    """`shown_as` for `load` that names each file by its real path under `graph_dir` (`build --data DIR`)."""
    from .schema import CURATED_FILES

    return {fname: str(graph_dir / fname) for fname in CURATED_FILES}


def load(
    graph_dir: Path | None = None, vocab: Vocabulary | None = None, shown_as: dict[str, str] | None = None
) -> Records:
    """Read and check every curated file; raise CurationError listing all problems.

    `shown_as` maps a file name (`models.yaml`) to the path that messages name instead of `graph/<name>`.
    """
    if graph_dir is None:
        paths.announce()
        graph_dir = paths.GRAPH_DIR
    shown_as = shown_as or {}
    vocab = vocab or Vocabulary.from_ontology()
    problems: list[Problem] = []
    collections: dict[str, list[dict[str, Any]]] = {}
    files: dict[str, str] = {}
    failed: set[str] = set()
    read: dict[str, Any] = {}  # file name -> parsed data (ontology_links.yaml holds two collections)
    for name, (fname, _rules) in SCHEMAS.items():
        path = graph_dir / fname
        shown = shown_as.get(fname) or _shown_default(graph_dir, fname)
        files[name] = shown
        if not path.exists():
            if name not in OPTIONAL_COLLECTIONS:
                problems.append(Problem(shown, "(file)", "(file)", "file is missing"))
                failed.add(name)
            collections[name] = []
            continue
        if fname not in read:
            read[fname] = _read_yaml(path, shown, problems)
        data = read[fname]
        if data is UNREADABLE:
            failed.add(name)
            collections[name] = []
            continue
        if name in SECTIONS:
            data = _section(data, SECTIONS[name], shown, problems)
        if data is None:
            data = []
        if not isinstance(data, list):
            problems.append(
                Problem(shown, "(file)", "(top level)", "must be a YAML list of records", line=line_of(data))
            )
            failed.add(name)
            data = []
        collections[name] = [r for r in data if isinstance(r, dict)]
        for i, r in enumerate(data, start=1):
            if not isinstance(r, dict):
                line = data.lines[i - 1] if isinstance(data, LocatedList) and i <= len(data.lines) else None
                problems.append(
                    Problem(shown, f"#{i}", "(record)", "each record must be a mapping of field: value", line=line)
                )
    aliases: Any = {}
    alias_path = graph_dir / ALIASES_FILE
    files["aliases"] = shown_as.get(ALIASES_FILE) or _shown_default(graph_dir, ALIASES_FILE)
    if alias_path.exists():
        aliases = _read_yaml(alias_path, files["aliases"], problems)
        if aliases is UNREADABLE:
            failed.add("aliases")
            aliases = {}
        aliases = aliases if aliases is not None else {}
    records = Records(collections, aliases, files, failed)
    _read_structure(records, graph_dir, shown_as, problems)
    for name, (_fname, rules) in SCHEMAS.items():
        check_collection(records, name, rules, vocab, problems)
    if "aliases" not in failed:
        check_aliases(records, problems)
    check_group_claims(records, problems)
    check_link_groups(records, problems)
    check_dataset_statements(records, vocab, problems)
    check_locators(records, problems)
    check_relations(records, problems)
    check_external(records, vocab, problems)
    if "normalisation" not in records.failed:
        before = len(problems)
        check_rules(records, vocab, problems)
        if len(problems) > before:  # a wrong rule would misread every row: the rules come first
            records.failed.add("normalisation")
            records.skipped.update((records.files[c], "normalisation") for c in records.rules)
        else:
            check_normalised(records, problems)
    for shown, ref in sorted(records.skipped):
        what = f"references to {ref} were not checked because {records.files[ref]} did not load"
        if ref == "normalisation":
            what = f"normalised values were not checked against their cells because {records.files[ref]} has problems"
        problems.append(Problem(shown, "(file)", "(references)", f"{what}; fix it first", severity="note"))
    if any(p.severity != "note" for p in problems):
        raise CurationError(problems)
    return records


def _read_structure(records: Records, graph_dir: Path, shown_as: dict[str, str], problems: list[Problem]) -> None:
    """graph/survey.yaml (the survey's structure) and graph/normalisation.yaml (how cells are read) into `records`;
    a file that does not load is one problem, and the checks that need it are skipped with a note."""
    for name, fname in (("survey", SURVEY_FILE), ("normalisation", NORMALISATION_FILE)):
        shown = records.files[name] = shown_as.get(fname) or _shown_default(graph_dir, fname)
        count = len(problems)

        def report(record: str, fld: str, message: str, line: int | None, shown: str = shown) -> None:
            problems.append(Problem(shown, record, fld, message, line=line))

        path = graph_dir / fname
        data = _read_yaml(path, shown, problems) if path.exists() else UNREADABLE
        if not path.exists():
            problems.append(Problem(shown, "(file)", "(file)", "file is missing"))
        if data is not UNREADABLE and name == "survey":
            records.survey = read_survey(data, report)
        elif data is not UNREADABLE:
            fields = {coll: {f: SCHEMAS[coll][1][f] for f in names} for coll, names in NORMALISED_FIELDS.items()}
            records.rules, records.rules_source = read_rules(data, fields, report), data
        if len(problems) > count:
            records.failed.add(name)


def _section(data: Any, section: str, shown: str, problems: list[Problem]) -> list[dict[str, Any]]:
    """Flatten section `{subject id: [records]}` of a mapping file into records with a generated id and `subject`."""
    if data is None:
        return []
    if not isinstance(data, dict):
        if section == "datasets":
            problems.append(
                Problem(
                    shown,
                    "(file)",
                    "(top level)",
                    "must map 'datasets' and 'models' to links",
                    line=line_of(data),
                )
            )
        return []
    extra = [k for k in data if k not in SECTIONS.values()]
    if extra and section == "datasets":
        problems.append(
            Problem(
                shown,
                "(file)",
                "(top level)",
                f"unknown section(s) {', '.join(clip(k, 40) for k in extra[:5])}; the sections are 'datasets' "
                "and 'models'",
                line=line_of(data, str(extra[0])),
            )
        )
    out: list[dict[str, Any]] = []
    table = data.get(section) or {}
    if not isinstance(table, dict):
        problems.append(
            Problem(
                shown,
                section,
                "(section)",
                "must map each id to a list of links",
                line=line_of(data, section),
            )
        )
        return []
    for subject, links in table.items():
        where = f"{section}: {clip(subject, 40).strip(chr(39))}"
        if not isinstance(links, list):
            problems.append(
                Problem(
                    shown,
                    where,
                    "(links)",
                    "must be a list of links {property, term, evidence, source}",
                    line=line_of(table, str(subject)),
                )
            )
            continue
        for n, link in enumerate(links, start=1):
            rid = f"{where} #{n}"
            if not isinstance(link, dict):
                problems.append(
                    Problem(
                        shown,
                        rid,
                        "(record)",
                        "each link must be a mapping {property, term, evidence, source}",
                        line=line_of(links, f"[{n}]"),
                    )
                )
                continue
            rec = LocatedDict(link)
            rec.line = getattr(link, "line", 0)
            rec.lines = dict(getattr(link, "lines", {}))
            rec["id"] = rid
            rec["subject"] = str(subject)
            rec.lines.setdefault("subject", line_of(table, str(subject)) or rec.line)
            out.append(rec)
    return out
