"""`link check`: every ontology link (graph/ontology_links.yaml) against the ontology releases shipped by
cellxgene-ontology-guide (read offline, only when checking or regenerating the import modules)."""

from __future__ import annotations

import codecs
import functools
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from ..build.imports import ONTOLOGY_IRIS, ImportedTerms, imported_terms
from ..common.options import RECORDS_DIR_HELP, data_option, quiet_option
from ..common.prefixes import expand
from ..errors import UserError

#: the CELLxGENE schema version whose ontology releases we pin (cellxgene-ontology-guide==1.11.1)
SCHEMA_VERSION = "7.1.0"
#: ontologies the package ships that we link to; PO (plants) is not shipped
PACKAGE_ONTOLOGIES = ("CL", "UBERON", "EFO", "NCBITaxon")


# ---------------------------------------------------------------- the releases in cellxgene-ontology-guide


def package_version() -> str:
    from importlib.metadata import version

    return version("cellxgene-ontology-guide")


@functools.cache
def _schema() -> Any:
    from cellxgene_ontology_guide.supported_versions import CXGSchema

    return CXGSchema(SCHEMA_VERSION)


def release_versions() -> dict[str, str]:
    """Ontology name -> release version pinned by the package, for the ontologies we link to."""
    return {name: str(_schema().supported_ontologies[name]["version"]) for name in PACKAGE_ONTOLOGIES}


def release_source(name: str) -> str:
    from cellxgene_ontology_guide.entities import Ontology

    return str(_schema().get_ontology_download_url(Ontology[name]))


def _release_path(name: str) -> Path:
    from cellxgene_ontology_guide._constants import DATA_ROOT, ONTOLOGY_FILENAME_SUFFIX

    return Path(DATA_ROOT) / f"{name}-ontology-{release_versions()[name]}{ONTOLOGY_FILENAME_SUFFIX}"


def stream_terms(path: Path, keep: Callable[[str], bool], chunk: int = 1 << 22) -> Iterator[tuple[str, dict]]:
    """Stream (term id, entry) pairs out of a zstd JSON release file `{id: entry, ...}` without loading it whole;
    only entries whose id passes `keep` are decoded into Python objects."""
    import zstandard

    decoder = codecs.getincrementaldecoder("utf-8")()
    jd = json.JSONDecoder()
    with path.open("rb") as fh:
        reader = zstandard.ZstdDecompressor().stream_reader(fh)
        buf, pos, eof = "", 0, False

        def refill() -> None:
            nonlocal buf, pos, eof
            data = reader.read(chunk)
            eof = not data
            buf = buf[pos:] + decoder.decode(data, final=eof)
            pos = 0

        refill()
        while True:
            while pos < len(buf) and buf[pos] in " \n\r\t,{":
                pos += 1
            if pos >= len(buf) or buf[pos] == "}":
                if eof:
                    return
                refill()
                continue
            try:
                key, end = jd.raw_decode(buf, pos)
                end = buf.index(":", end) + 1
                while end < len(buf) and buf[end] in " \n\r\t":
                    end += 1
                if keep(key):
                    value, end = jd.raw_decode(buf, end)
                else:  # skip the entry: still parse it (strings may hold braces) but keep nothing
                    value, end = None, jd.raw_decode(buf, end)[1]
            except (json.JSONDecodeError, ValueError):
                if eof:
                    raise
                refill()
                continue
            pos = end
            if value is not None:
                yield key, value


def release_terms(name: str, ids: set[str]) -> dict[str, dict]:
    """The release entries of `ids` (those present) in ontology `name`. NCBITaxon is streamed (844 MB of JSON)."""
    if name == "NCBITaxon":
        return _taxa(frozenset(ids))
    whole = _schema().ontology(name)
    return {i: whole[i] for i in ids if i in whole}


@functools.cache
def _taxa(ids: frozenset[str]) -> dict[str, dict]:
    return dict(stream_terms(_release_path("NCBITaxon"), ids.__contains__))


# ---------------------------------------------------------------- link check


@dataclass
class TermCheck:
    """The verdict on one linked term."""

    curie: str
    status: str  # ok | unverified | missing | obsolete | mismatch | not-imported
    label: str
    message: str
    used_by: list[str]


def check_links(
    graph_dir: Path | None = None, imports_dir: Path | None = None, quiet: bool = True
) -> tuple[list[TermCheck], dict]:
    """Check every linked term against the pinned releases; returns verdicts and the versions used.

    Unless `quiet`, a terminal shows which step runs (reading a release takes seconds to a minute)."""
    from ..common.progress import Progress
    from ..curation.load import load

    with Progress(None, "link check", quiet=quiet) as progress:
        return _check_links(graph_dir, imports_dir, progress, load)


def _check_links(
    graph_dir: Path | None, imports_dir: Path | None, progress: Any, load: Callable[..., Any]
) -> tuple[list[TermCheck], dict]:
    progress.step("reading the records")
    rec = load(graph_dir)
    used: dict[str, list[str]] = {}
    for coll in ("dataset_links", "model_links"):
        for link in rec[coll]:
            used.setdefault(link["term"], []).append(f"{link['subject']} {link['property']}")
    imported = imported_terms(imports_dir)
    versions = release_versions()
    by_onto: dict[str, set[str]] = {}
    for curie in used:
        prefix = curie.split(":", 1)[0]
        if prefix in PACKAGE_ONTOLOGIES:
            by_onto.setdefault(prefix, set()).add(curie)
    entries: dict[str, dict] = {}
    for name, ids in by_onto.items():
        progress.step(f"reading the {name} release for {len(ids)} term(s)")
        entries.update(release_terms(name, ids))
    progress.step(f"checking {len(used)} term(s)")
    out = []
    for curie in sorted(used):
        out.append(_verdict(curie, entries.get(curie), imported, versions, sorted(used[curie])))
    return out, {"cellxgene-ontology-guide": package_version(), "schema": SCHEMA_VERSION, **versions}


def _verdict(
    curie: str, entry: dict | None, imported: ImportedTerms, versions: dict[str, str], used_by: list[str]
) -> TermCheck:
    prefix, local = curie.split(":", 1)
    iri = expand(curie)
    in_graph = imported.labels.get(iri)
    if prefix == "obo":  # an ontology (groundingOntology): is it one the package ships?
        name = next((n for n, o in ONTOLOGY_IRIS.items() if o == iri), "")
        if name in versions:
            return TermCheck(curie, "ok", name, f"{name} {versions[name]}", used_by)
        return TermCheck(curie, "missing", "", f"{local} is not an ontology this release set ships", used_by)
    if entry is None:
        if iri in imported.unverified or prefix not in PACKAGE_ONTOLOGIES:
            why = (
                "the package ships no Plant Ontology"
                if prefix == "PO"
                else f"not in {prefix} {versions.get(prefix, '')} as shipped (it has no plant taxa)"
            )
            return TermCheck(curie, "unverified", in_graph or "", f"unverified: {why}", used_by)
        return TermCheck(
            curie, "missing", in_graph or "", f"not found in {prefix} {versions[prefix]}: is the id mistyped?", used_by
        )
    label = entry.get("label", "")
    if entry.get("deprecated"):
        rep = entry.get("replaced_by")
        hint = f"; replaced by {rep}" if rep else "; no replacement given"
        if rep and rep.split(":")[0] in PACKAGE_ONTOLOGIES:
            rep_label = release_terms(rep.split(":")[0], {rep}).get(rep, {}).get("label")
            hint += f" ({rep_label})" if rep_label else ""
        cons = entry.get("consider")
        hint += f"; consider {', '.join(cons)}" if cons and not rep else ""
        return TermCheck(curie, "obsolete", label, f"obsolete in {prefix} {versions[prefix]}{hint}", used_by)
    if in_graph is None:
        return TermCheck(
            curie,
            "not-imported",
            label,
            "not in ontology/imports/: run `python ontology/imports/regenerate.py`",
            used_by,
        )
    if in_graph != label:
        return TermCheck(
            curie,
            "mismatch",
            label,
            f"label in the graph is {in_graph!r}, the release says {label!r}: "
            "run `python ontology/imports/regenerate.py`",
            used_by,
        )
    return TermCheck(curie, "ok", label, f"{prefix} {versions[prefix]}", used_by)


def report(results: list[TermCheck], versions: dict[str, str]) -> str:
    lines = ["versions: " + ", ".join(f"{k} {v}" for k, v in versions.items())]
    width = max((len(r.curie) for r in results), default=10)
    for r in results:
        lines.append(f"{r.status:<12} {r.curie:<{width}}  {r.label!r}: {r.message}  [{'; '.join(r.used_by)}]")
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    lines.append(f"{len(results)} terms: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
    unverified = [f"{r.curie} {r.label}" for r in results if r.status == "unverified"]
    if unverified:
        lines.append("unverified (no release to check against): " + "; ".join(unverified))
    return "\n".join(lines)


@click.group(name="link")
def command() -> None:
    """Ontology links of datasets and models (CL, UBERON, NCBITaxon, EFO, PO)."""


@command.command(name="check")
@data_option(RECORDS_DIR_HELP)
@click.option(
    "--imports",
    "imports",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="Directory of import modules (default: ontology/imports/).",
)
@quiet_option
def check(data: Path | None, imports: Path | None, quiet: bool) -> None:
    """Check every linked term against the releases in cellxgene-ontology-guide: it must exist, not be obsolete,
    and carry the label the graph writes. Plant terms (no release shipped) are listed as unverified.
    Exit 0 when every term is ok or unverified, 1 otherwise."""
    results, versions = check_links(data, imports, quiet=quiet)
    click.echo(report(results, versions))
    bad = [r for r in results if r.status not in ("ok", "unverified")]
    if bad:
        raise UserError(
            f"link check failed: {len(bad)} term(s) missing, obsolete or mismatched: "
            + ", ".join(f"{r.curie} ({r.status})" for r in bad)
        )
