"""Canned SPARQL questions (queries/*.rq): list, look up and run them; the `query` command."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import click

from .. import paths
from ..common.options import endpoint_option, format_option, sources_option, store_option
from ..errors import UserError
from ..store.sparql import Result, render, run

HEADER_KEYS = ("title", "question", "answers", "columns")
PARAM_TYPES = ("iri", "literal", "integer")
#: `# param: NAME (TYPE [CLASS]) [as ?VAR] [= DEFAULT]: description`
_PARAM = re.compile(
    r"#\s*param:\s*(?P<name>[A-Za-z_]\w*)\s*\((?P<type>\w+)(?:\s+(?P<cls>\S+))?\)"
    r"(?:\s+as\s+\?(?P<var>[A-Za-z_]\w*))?(?:\s*=\s*(?P<default>\S+))?\s*:\s+(?P<desc>.*)$"
)


@dataclass(frozen=True)
class Param:
    """A parameter a canned query declares in its header; it binds the variable `var` (default: its name)."""

    name: str
    type: str  # iri | literal | integer
    cls: str | None  # for iri: the class (CURIE) the value must be an instance of
    var: str
    default: str | None
    description: str

    def signature(self) -> str:
        kind = f"{self.type} {self.cls}" if self.cls else self.type
        default = f" = {self.default}" if self.default else ""
        return f"{self.name} ({kind}){default}: {self.description}"


@dataclass(frozen=True)
class CannedQuery:
    """One .rq file and its header."""

    name: str
    title: str
    question: str
    answers: str
    columns: tuple[str, ...]
    text: str
    path: Path
    params: tuple[Param, ...] = ()
    #: parameters of which one must be given (`# requires: one of a, b`): the query answers for one entity
    requires: tuple[str, ...] = ()
    #: the binding the report, the web page and the benchmarks use when none is given (`# example: a=CURIE`)
    example: tuple[tuple[str, str], ...] = ()

    def required(self) -> str:
        """What the query answers for, in words: 'one model or one dataset' (empty if it requires nothing)."""
        return " or ".join(f"one {n}" for n in self.requires)


def parse(path: Path, name: str | None = None) -> CannedQuery:
    """The canned query of the .rq file `path` (its text trusted as a project file: `sparqltext.trust`)."""
    from ..store.sparqltext import trust

    text = trust(path.read_text(encoding="utf-8"))
    head: dict[str, str] = {}
    params: list[Param] = []
    requires: tuple[str, ...] = ()
    example: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line[1:].strip().partition(":")
        if key == "param":
            params.append(_parse_param(path, line))
        elif key == "requires":
            requires = tuple(n.strip() for n in value.strip().removeprefix("one of").split(",") if n.strip())
        elif key == "example":
            example = [(n.strip(), v.strip()) for n, _, v in (b.partition("=") for b in value.split())]
        elif key.strip() in HEADER_KEYS:
            head[key.strip()] = value.strip()
    missing = [k for k in HEADER_KEYS if k not in head]
    if missing:
        raise UserError(f"{path}: header lacks {', '.join(missing)} (lines like '# title: ...')")
    cols = tuple(c.strip() for c in head["columns"].split(",") if c.strip())
    names = {p.name for p in params}
    if not set(requires) <= names or not {n for n, _ in example} <= names or (requires and not example):
        raise UserError(
            f"{path}: '# requires:' and '# example:' must name declared parameters, and a query that requires one "
            "needs an example (e.g. '# requires: one of model, dataset' and '# example: model=model:scgpt')"
        )
    return CannedQuery(
        name or path.stem,
        head["title"],
        head["question"],
        head["answers"],
        cols,
        text,
        path,
        tuple(params),
        requires,
        tuple(example),
    )


def _parse_param(path: Path, line: str) -> Param:
    m = _PARAM.match(line.strip())
    if m is None or m["type"] not in PARAM_TYPES or (m["type"] == "iri") != bool(m["cls"]):
        raise UserError(
            f"{path}: bad parameter line {line!r}; write '# param: NAME (iri CLASS | literal | integer) "
            "[as ?VAR] [= DEFAULT]: description'"
        )
    default = m["default"].strip() if m["default"] else None
    return Param(m["name"], m["type"], m["cls"], m["var"] or m["name"], default, m["desc"].strip())


def bind_params(q: CannedQuery, given: dict[str, str], store: Any) -> dict[str, Any]:
    """The variable bindings for `given` parameter values (names resolved as `show` does, types checked); unknown or
    ill-typed parameters are refused with a message naming the query's parameters."""
    import pyoxigraph as ox

    from ..common.namespaces import XSD

    known = {p.name: p for p in q.params}
    listed = "; ".join(p.signature() for p in q.params) or "none"
    for name in given:
        if name not in known:
            raise UserError(f"query '{q.name}' has no parameter '{name}'. Its parameters: {listed}")
    if q.requires and not any(given.get(n) for n in q.requires):
        options = " or ".join(f"--param {n}=NAME" for n in q.requires)
        example = " ".join(f"--param {n}={v.partition(':')[2] or v}" for n, v in q.example)
        raise UserError(
            f"query '{q.name}' answers for {q.required()}: give {options} (e.g. `llm4cell-kg query "
            f"{q.name} {example}`). `llm4cell-kg export` writes every statement in the graph of its source location."
        )
    out: dict[str, Any] = {}
    by_var: dict[str, str] = {}
    for p in q.params:
        raw = given.get(p.name, p.default)
        if raw is None:
            continue
        if p.var in by_var:
            raise UserError(f"query '{q.name}': give one of {by_var[p.var]} and {p.name} (both set ?{p.var})")
        by_var[p.var] = p.name
        if p.type == "integer":
            try:
                out[p.var] = ox.Literal(str(int(raw)), datatype=ox.NamedNode(XSD + "integer"))
            except ValueError:
                raise UserError(f"query '{q.name}': parameter {p.name} must be an integer, not '{raw}'") from None
        elif p.type == "literal":
            out[p.var] = ox.Literal(raw)
        else:
            out[p.var] = ox.NamedNode(_resolve_iri(q, p, raw, store))
    return out


def _resolve_iri(q: CannedQuery, p: Param, raw: str, store: Any) -> str:
    from ..common.prefixes import compress
    from .lookup import SUBCLASSES, TYPE_KIND, expand, index

    cls = expand(p.cls or "") or ""
    accepted = {cls} | SUBCLASSES.get(cls, set())
    kinds = {TYPE_KIND[c] for c in accepted if c in TYPE_KIND}
    idx = index(store)
    try:
        entity = idx.resolve(raw, kinds or None)
    except UserError as exc:
        message = str(exc)
        try:
            other = idx.resolve(raw)
            message = f"'{raw}' is {other.label} ({other.curie}), a {other.kind}, not a {p.cls}"
        except UserError:
            pass
        raise UserError(f"query '{q.name}', parameter {p.name} ({p.cls}): {message}") from None
    if not accepted & set(entity.types):
        raise UserError(
            f"query '{q.name}', parameter {p.name}: {entity.label} ({entity.curie}) is not a {p.cls} "
            f"(it is a {', '.join(compress(t) for t in entity.types)})"
        )
    return entity.iri


def example_params(q: CannedQuery) -> dict[str, str]:
    """The query's example binding (name -> value) if it requires a parameter, else none: what the report, the web
    page and the benchmarks bind when a user gives nothing."""
    return dict(q.example) if q.requires else {}


def example_text(q: CannedQuery) -> str:
    """The query's text with its example bound (a VALUES block of the example's CURIEs; no store needed), or its
    text: what a benchmark or an engine comparison runs for a query that requires a parameter."""
    import pyoxigraph as ox

    from ..common.prefixes import expand
    from ..store.sparql import with_values

    example = example_params(q)
    if not example:
        return q.text
    var = {p.name: p.var for p in q.params}
    return with_values(q.text, {var[n]: ox.NamedNode(expand(v)) for n, v in example.items()})


def parse_param_options(values: tuple[str, ...]) -> dict[str, str]:
    """`--param NAME=VALUE` options as a dict (a malformed or repeated one is refused)."""
    out: dict[str, str] = {}
    for v in values:
        name, sep, value = v.partition("=")
        if not sep or not name.strip():
            raise UserError(f"--param '{v}': write NAME=VALUE, e.g. --param model=scgpt")
        if name.strip() in out:
            raise UserError(f"--param {name.strip()} given twice")
        out[name.strip()] = value.strip()
    return out


@lru_cache(maxsize=1)
def _all(root: str) -> tuple[CannedQuery, ...]:
    base = Path(root)
    found = []
    for p in sorted(base.rglob("*.rq")):
        rel = p.relative_to(base).with_suffix("")
        found.append(parse(p, "/".join(rel.parts)))
    return tuple(found)


def list_queries(root: Path | None = None) -> list[CannedQuery]:
    """Every canned query (subfolders give names like `audit/family-conflict`)."""
    return list(_all(str(root or paths.QUERIES_DIR)))


#: a canned query's name: path components under queries/ (no `..`, no leading `/` or `.`)
_NAME = re.compile(r"[A-Za-z0-9_][\w.-]*(?:/[A-Za-z0-9_][\w.-]*)*")


@lru_cache(maxsize=256)
def _one(path: str, name: str) -> CannedQuery:
    return parse(Path(path), name)


def get_query(name: str) -> CannedQuery:
    """The canned query `name`: its own file read alone when it exists (a cold `query NAME` need not parse them all),
    else a UserError naming the closest names."""
    base = paths.QUERIES_DIR
    if _NAME.fullmatch(name) and (base / f"{name}.rq").is_file():
        return _one(str(base / f"{name}.rq"), name)
    queries = {q.name: q for q in list_queries()}
    if name in queries:
        return queries[name]
    import difflib  # only for a name that is not found

    near = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.4)
    hint = f" Did you mean: {', '.join(near)}?" if near else ""
    raise UserError(f"no canned query named '{name}'.{hint} See `llm4cell-kg query --list`.")


def run_query(name: str, store: Any = None, params: dict[str, str] | None = None) -> Result:
    """Run a canned query on `store` (default: the in-memory graph) with its parameters (name -> value)."""
    if store is None:
        from ..store.embedded import open_store

        store = open_store()
    q = get_query(name)
    return run(store, q.text, bind_params(q, params or {}, store) or None)


@click.command("query")
@click.argument("name", required=False)
@click.option("--list", "list_", is_flag=True, help="List the canned queries and their questions.")
@format_option()
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a parameter the query declares (see --list); a model or dataset by name, id or CURIE.",
)
@store_option()
@endpoint_option("Run on a triplestore's SPARQL endpoint holding the loaded graph (see `load`).", metavar="URL")
@sources_option
def command(
    name: str | None,
    list_: bool,
    fmt: str,
    params: tuple[str, ...],
    store_path: Path | None,
    endpoint: str | None,
    sources: str,
) -> None:
    """Run the canned query NAME (see --list), e.g. `query provenance-of-statement --param model=scgpt`."""
    if list_ or not name:
        for q in list_queries():
            click.echo(f"{q.name:38} {q.question}")
            for p in q.params:
                click.echo(f"{'':38}   --param {p.signature()}")
            if q.requires:
                click.echo(f"{'':38}   (give one of: {', '.join('--param ' + n for n in q.requires)})")
        return
    q = get_query(name)
    given = parse_param_options(params)
    if endpoint:
        from ..store.remote import open_backend

        store = open_backend(endpoint, store_path)
    else:  # not importing remote (http.client, ...) spares a tenth of the cold start
        from ..store.embedded import open_store

        store = open_store(store_path)
    from .sources import answer, restrict

    bindings = bind_params(q, given, restrict(store, sources))
    result = answer(store, q.text, sources, bindings or None)
    click.echo(render(result, fmt).rstrip("\n"))
