"""`llm4cell-kg release VERSION OUT`: a versioned, dated release of the graph in OUT/VERSION/.

The release holds the graph as gzipped N-Quads, TriG, Turtle (the union of the graphs) and JSON-LD, each
byte-identical when rebuilt from the same inputs, none holding the build-time helper triples (docs/derived.md);
`void.ttl`, its VoID + DCAT description (`void.py`); and `CHANGES.md` / `changes.json`, the diff against the
previous release found in OUT (`diff.py`). OUT/CHANGELOG.md collects every release's changes, newest first. The
ontology in the release carries the version IRI `https://w3id.org/llm4cell/ontology/VERSION`.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import click
import pyoxigraph as ox

from ..build.derived import strip
from ..common.atomic import atomic_dir, atomic_file
from ..common.namespaces import ONTOLOGY_IRI, OWL
from ..common.options import endpoint_option
from ..common.prefixes import PREFIX_MAP
from ..errors import UserError
from .diff import KINDS, Diff, compare, first_counts, markdown, release_file
from .void import in_words

VERSION_RE = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
BUMPS = ("patch", "minor", "major")


def parse_version(version: str) -> tuple[int, int, int]:
    m = VERSION_RE.match(version)
    if not m:
        raise UserError(f"version {version!r} is not MAJOR.MINOR.PATCH (e.g. 0.2.0)")
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


def version_iri(version: str) -> str:
    return f"{ONTOLOGY_IRI}/{version}"


def file_names(version: str) -> dict[str, str]:
    """Kind -> file name of each serialisation in the release."""
    return {
        "nquads": f"llm4cell-{version}.nq.gz",
        "trig": f"llm4cell-{version}.trig",
        "turtle": f"llm4cell-{version}.ttl",
        "jsonld": f"llm4cell-{version}.jsonld",
    }


def stamp(quads: list[ox.Quad], version: str) -> list[ox.Quad]:
    """The quads as released: without the build-time helper triples (docs/derived.md), and with the ontology's
    owl:versionIRI and owl:versionInfo set to this release."""
    onto = ox.NamedNode(ONTOLOGY_IRI)
    replaced = {OWL + "versionIRI", OWL + "versionInfo"}
    kept = [q for q in strip(quads) if not (q.subject == onto and q.predicate.value in replaced)]
    g = ox.NamedNode(ONTOLOGY_IRI)
    kept += [
        ox.Quad(onto, ox.NamedNode(OWL + "versionIRI"), ox.NamedNode(version_iri(version)), g),
        ox.Quad(onto, ox.NamedNode(OWL + "versionInfo"), ox.Literal(version), g),
    ]
    return sorted(set(kept), key=str)


def _canonical(node: Any) -> Any:
    """JSON-LD with every array sorted (the context has no @list, so arrays are sets) and keys in order."""
    if isinstance(node, dict):
        return {k: _canonical(v) for k, v in sorted(node.items())}
    if isinstance(node, list):
        items = [_canonical(v) for v in node]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return node


def jsonld_bytes(quads: list[ox.Quad]) -> bytes:
    """Compacted JSON-LD with the project's context; blank nodes keep their ids, so the output is reproducible."""
    from rdflib import BNode, Dataset, Literal, URIRef

    from ..export.jsonld import context

    def term(t: Any) -> Any:
        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return BNode(t.value)
        if t.language:
            return Literal(t.value, lang=t.language)
        return Literal(t.value, datatype=URIRef(t.datatype.value))

    ds = Dataset()
    for q in quads:
        g = ds.default_graph if isinstance(q.graph_name, ox.DefaultGraph) else ds.graph(URIRef(q.graph_name.value))
        g.add((term(q.subject), term(q.predicate), term(q.object)))
    ctx = context()
    doc = json.loads(ds.serialize(format="json-ld", context=ctx, auto_compact=True))
    doc = _canonical(doc)
    doc["@context"] = ctx
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def serialise(quads: list[ox.Quad], version: str) -> dict[str, bytes]:
    """File name -> bytes of each serialisation (gzip with mtime 0 and no file name: reproducible)."""
    from ..build.graph import union_triples
    from .void import to_bytes

    names = file_names(version)
    nq = to_bytes(quads, ox.RdfFormat.N_QUADS)
    return {
        names["nquads"]: gzip.compress(nq, compresslevel=9, mtime=0),
        names["trig"]: to_bytes(quads, ox.RdfFormat.TRIG, PREFIX_MAP),
        names["turtle"]: to_bytes(union_triples(quads), ox.RdfFormat.TURTLE, PREFIX_MAP),
        names["jsonld"]: jsonld_bytes(quads),
    }


def releases(out: Path) -> dict[tuple[int, int, int], Path]:
    """The releases already in OUT, by version."""
    found = {}
    if out.is_dir():
        for d in out.iterdir():
            if d.is_dir() and VERSION_RE.match(d.name) and release_file(d) is not None:
                found[parse_version(d.name)] = d
    return dict(sorted(found.items()))


def required_bump(d: Diff) -> str | None:
    """The versioning rule: removing a model, dataset or claim is major; adding one is minor; changing a value of
    one is patch (None: nothing changed)."""
    if any(d.removed.values()):
        return "major"
    if any(d.added.values()):
        return "minor"
    return "patch" if d.changed else None


def bump_of(old: tuple[int, int, int], new: tuple[int, int, int]) -> str:
    if new[0] > old[0]:
        return "major"
    return "minor" if new[1] > old[1] else "patch"


def first_release_notes(quads: list[ox.Quad], version: str) -> tuple[str, dict[str, Any]]:
    """`First release: N models (from the survey and each other source), M datasets (...), K claims.`"""
    counts, by_source = first_counts(quads)
    text = ", ".join(
        f"{n} {kind}" + (f" ({in_words(by_source[kind])})" if n and kind in by_source else "")
        for kind, n in counts.items()
    )
    notes = {"old": None, "new": version, "counts": counts, "added_by_source": by_source}
    return f"# {version}\n\nFirst release: {text}.\n", notes


def _changelog(out: Path, pending: dict[tuple[int, int, int], str]) -> bytes:
    """Every release's CHANGES.md, newest first."""
    parts = dict(pending)
    for v, d in releases(out).items():
        if v not in parts and (d / "CHANGES.md").is_file():
            parts[v] = (d / "CHANGES.md").read_text(encoding="utf-8")
    body = "\n".join(_one_level_down(parts[v]) for v in sorted(parts, reverse=True))
    return ("# Changelog of the LLM4Cell knowledge graph\n\n" + body).encode("utf-8")


def _one_level_down(changes: str) -> str:
    """A release's CHANGES.md as a section of the changelog: each heading one level deeper, under its one title."""
    lines = changes.rstrip("\n").splitlines(True)
    return "".join("#" + line if line.startswith("#") else line for line in lines) + "\n"


def release(
    version: str,
    out: Path,
    issued: date,
    endpoint: str | None = None,
    license_iri: str | None = None,
    quads: list[ox.Quad] | None = None,
) -> Path:
    """Write OUT/VERSION (all files into a temp directory, then one rename) and OUT/CHANGELOG.md."""
    from ..checks.pipeline import checked_quads
    from . import void

    v = parse_version(version)
    existing = releases(out)
    if v in existing or (out / version).exists():
        raise UserError(f"{out / version} exists: a release is never overwritten; choose a new version")
    older = [p for p in existing if p < v]
    if existing and max(existing) > v:
        raise UserError(f"{version} is older than the latest release in {out} ({existing[max(existing)].name})")
    graph = stamp(quads if quads is not None else checked_quads(), version)
    if older:
        prev = existing[max(older)]
        from .diff import load

        prev_label, prev_quads = load(str(prev))
        d = compare(prev_quads, graph, prev_label, version)
        need = required_bump(d)
        if need is not None and BUMPS.index(bump_of(max(older), v)) < BUMPS.index(need):
            raise UserError(
                f"{version} is a {bump_of(max(older), v)} release after {prev.name}, but the changes need a {need} "
                f"release (docs/releases.md, 'Versioning rule'); see `llm4cell-kg diff {prev} current`"
            )
        notes, notes_json = markdown(d), d.to_json()
    else:
        notes, notes_json = first_release_notes(graph, version)
    files = serialise(graph, version)
    description = void.describe(
        version, graph, files, issued=issued, endpoint=endpoint, license_iri=license_iri or void.LICENSE
    )
    # the release directory is renamed in first, then the changelog naming it; a failure before leaves neither
    with atomic_file(out / "CHANGELOG.md") as log_tmp, atomic_dir(out / version) as tmp:
        for name, data in {
            **files,
            "void.ttl": description,
            "CHANGES.md": notes.encode("utf-8"),
            "changes.json": (json.dumps(notes_json, indent=1, ensure_ascii=False) + "\n").encode("utf-8"),
        }.items():
            (tmp / name).write_bytes(data)
        log_tmp.write_bytes(_changelog(out, {v: notes}))
    return out / version


def _issued(value: str | None) -> date:
    """--date, else SOURCE_DATE_EPOCH (reproducible builds), else today (UTC)."""
    if value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise UserError(f"--date {value!r} is not a date (YYYY-MM-DD)") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return datetime.now(UTC).date()


@click.command(name="release")
@click.argument("version")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--date", "issued", default=None, help="Issue date YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today).")
@endpoint_option("The SPARQL endpoint serving it (void:sparqlEndpoint).", metavar="URL")
@click.option("--license", "license_iri", default=None, metavar="IRI", help="dcterms:license (default: MIT).")
def command(version: str, out: Path, issued: str | None, endpoint: str | None, license_iri: str | None) -> None:
    """Write release VERSION of the graph to OUT/VERSION: N-Quads (gzip), TriG, Turtle, JSON-LD, a VoID/DCAT
    description and the changes since the previous release in OUT (also prepended to OUT/CHANGELOG.md)."""
    target = release(version, out, _issued(issued), endpoint, license_iri)
    for f in sorted(target.iterdir()):
        click.echo(f"  {f}")
    click.echo(f"released {version} in {target}")


__all__ = ["KINDS", "command", "release", "stamp", "serialise", "required_bump"]
