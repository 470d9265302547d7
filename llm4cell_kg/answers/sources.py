"""Which sources a question is answered from: the survey alone (default) or every source (`--sources all`).

The survey's statements live in its own graphs; a record curated from another publication lives in a graph of its
own typed l4c:CuratorAssertion (graph/external_*.yaml). Answering "what does the survey say" is querying the dataset
without those graphs; `--sources all` queries them all, and each result row says which source it rests on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..common.namespaces import L4C, XSD
from ..store.sparqltext import Token, tokens

SURVEY_LABEL = "survey"
XSD_STRING = XSD + "string"
#: how a row or card resting on another publication is marked
NOT_IN_SURVEY = "not in the survey"
#: a row of counts some of which rest on records from other publications
MIXED = "survey and records not in the survey"

_EXTERNAL = f"""SELECT ?g ?id WHERE {{ GRAPH ?g {{ ?g a <{L4C}CuratorAssertion> ; <{L4C}sourceIdentifier> ?id }} }}"""
_SUBJECTS = f"""SELECT ?s ?id WHERE {{
  GRAPH ?g {{ ?g a <{L4C}CuratorAssertion> ; <{L4C}sourceIdentifier> ?id . ?s a ?cls .
    FILTER(?s != ?g && ?cls != <http://www.w3.org/ns/prov#Agent>) }} }}"""


def _pairs(store: Any, query: str, key: str) -> dict[str, str]:
    """`key` -> `id` over the solutions of `query` in an embedded store (nothing for a remote endpoint)."""
    import pyoxigraph as ox

    if not isinstance(store, ox.Store):
        return {}
    solutions = store.query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    return {sol[key].value: sol["id"].value for sol in solutions}


def external_graphs(store: Any) -> dict[str, str]:
    """Graph IRI -> printed source identifier, for every curator assertion in an embedded store."""
    return _pairs(store, _EXTERNAL, "g")


def restrict(store: Any, sources: str) -> Any:
    """The store to answer from: `store` itself for `all` (or when it holds no other source), else a copy without
    the curator-assertion graphs (of the default graph, made once and kept beside it: `embedded.view`); a remote
    endpoint's dataset without them (`RemoteStore.survey_view`: `load --sources all` put them there)."""
    import pyoxigraph as ox

    from ..store.embedded import view

    if sources == "all":
        return store
    if not isinstance(store, ox.Store):
        return store.survey_view() if hasattr(store, "survey_view") else store
    external = {ox.NamedNode(g) for g in external_graphs(store)}
    if not external:
        return store

    def survey() -> ox.Store:
        copy = ox.Store()
        # in the order a survey-only build inserts them (sorted), so GROUP_CONCAT and unordered rows come out the same
        quads = store.quads_for_pattern(None, None, None, None)
        copy.extend(sorted((q for q in quads if q.graph_name not in external), key=str))
        return copy

    return view(store, SURVEY_LABEL, survey)


def row_sources(store: Any) -> dict[str, str]:
    """Entity IRI -> source identifier, for the entities that come from another publication."""
    return _pairs(store, _SUBJECTS, "s")


def describe(found: set[str]) -> str:
    """A row's sources in words: `survey`, and each other publication as `not in the survey (arXiv:...)`."""
    others = sorted(found - {SURVEY_LABEL})
    return "; ".join(([SURVEY_LABEL] if SURVEY_LABEL in found else []) + [f"{NOT_IN_SURVEY} ({o})" for o in others])


def annotate(result: Any, store: Any) -> Any:
    """Add a `source` column to a SELECT result: the other publication a row's entity comes from (`not in the
    survey (arXiv:...)`), else `survey`."""
    return mark(result, store, [], None)


def mark(result: Any, store: Any, names: list[str], survey: Callable[[], Any] | None) -> Any:
    """`result` with its source variables `names` (`widen`) replaced by one `source` column naming what each row
    rests on: the sources those variables bound and the other publications of the entities in the row. A row that
    names none is the survey's when the survey-only answer (`survey()`, run at most once) has the same row, else it
    says it includes records from other publications."""
    import pyoxigraph as ox

    from ..store.sparql import Result

    if result.boolean is not None or result.triples is not None:
        return result
    external = row_sources(store)
    at = [result.variables.index(n) for n in names if n in result.variables]
    keep = [k for k in range(len(result.variables)) if k not in at]
    survey_rows: set[tuple[str, ...]] | None = None
    rows = []
    for row in result.rows:
        iris = [t.value for t in row if isinstance(t, ox.NamedNode)]
        found = row_found([row[k].value for k in at if row[k] is not None], iris, external)
        if not found and survey is not None:
            if survey_rows is None:
                survey_rows = {tuple(map(str, r)) for r in survey().rows}
            same = tuple(str(row[k]) for k in keep) in survey_rows
            rows.append([*(row[k] for k in keep), ox.Literal(SURVEY_LABEL if same else MIXED)])
            continue
        rows.append([*(row[k] for k in keep), ox.Literal(describe(found or {SURVEY_LABEL}))])
    variables = [result.variables[k] for k in keep]
    return Result([*variables, "source" if "source" not in variables else "rests_on"], rows)


def row_found(bound: list[str], iris: list[str], external: dict[str, str]) -> set[str]:
    """The sources one row rests on: those its source variables bound (`bound`, each maybe "a; b") and the other
    publications of the entities among its `iris`."""
    return {s for v in bound for s in v.split("; ") if s} | {external[i] for i in iris if i in external}


def mark_plain(variables: list[str], rows: list[list[Any]], names: list[str], store: Any) -> tuple[list[str], list]:
    """`mark` for the rows a server worker sends back (`("uri", iri)` / `("literal", text, datatype, lang)`):
    the source variables `names` replaced by one `source` column."""
    external = row_sources(store)
    at = [variables.index(n) for n in names if n in variables]
    keep = [k for k in range(len(variables)) if k not in at]
    out = []
    for row in rows:
        iris = [t[1] for t in row if t is not None and t[0] == "uri"]
        found = row_found([row[k][1] for k in at if row[k] is not None], iris, external)
        out.append([*(row[k] for k in keep), ("literal", describe(found or {SURVEY_LABEL}), XSD_STRING, "")])
    kept = [variables[k] for k in keep]
    return [*kept, "source" if "source" not in kept else "rests_on"], out


def survey_share(store: Any, mark: str) -> str:
    """The survey's share of what an answer over every source holds: of how many models and datasets the survey
    states something, and how many (marked `mark`) rest on other publications alone, from which."""
    from ..store.sparql import run

    count = "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?cls }"
    own_part, other_part = [], []
    for cls, word in (("l4c:Model", "models"), ("l4c:Dataset", "datasets")):
        every, own = (
            int(run(s, count.replace("?cls", cls)).rows[0][0].value) for s in (store, restrict(store, SURVEY_LABEL))
        )
        own_part.append(f"{own} of {every} {word}")
        other_part.append(f"{every - own} {word if every - own != 1 else word[:-1]}")
    named = "; ".join(sorted(set(row_sources(store).values()))) or "none"
    return (
        f"The survey's share: {' and '.join(own_part)}. {mark} {NOT_IN_SURVEY}: {' and '.join(other_part)} curated "
        f"from other publications ({named}), counted with the survey's."
    )


def answer(store: Any, text: str, sources: str, bindings: dict[str, Any] | None = None, canned: bool = True) -> Any:
    """The result of the query `text` from `sources`: by default on the survey's graphs alone, exactly as before;
    under `all` a canned query widened to every source (`widen`), each row naming the sources it rests on."""
    from ..store.sparql import run

    if sources != "all":
        return run(restrict(store, sources), text, bindings)
    if canned and SURVEY_ONLY.search(text):  # a question only the survey answers: its answer, said to be the survey's
        return annotate(run(restrict(store, "survey"), text, bindings), store)
    wide, names = widen(text) if canned else (text, [])
    return mark(run(store, wide, bindings), store, names, lambda: run(restrict(store, "survey"), text, bindings))


# -- a canned query widened to every source ---------------------------------------------------------------------
#
# A canned query widened to every source (`--sources all`): its record-level survey sources admit the records
# curated from other publications too, and it answers which source each row rests on.
#
# A canned query names the survey's sources it reads from: `?g l4c:tableName "Table 7"` (a Table 7 row),
# `?g l4c:tableName ?t`, `?g a l4c:TableRow` or `?g l4c:inTable ?t` (a table row). A record from another publication
# is one graph typed l4c:CuratorAssertion (build/external.py), the counterpart of a table row. Widening rewrites each
# such statement `S` into
#
#     { S BIND("survey" AS ?l4c_sourceN) } UNION { ?g a l4c:CuratorAssertion ; l4c:sourceIdentifier ?l4c_sourceN }
#
# and projects the bound sources (`?l4c_sourceN`, or in a grouped query their GROUP_CONCAT, unbound ones as ""), so
# the same question answered over every source counts and lists the other publications' records, each row saying where
# it rests on; whatever lives in such a graph (families, tasks, datasets, lineage) is read by the same patterns. A
# statement inside a nested SELECT is left alone (its answer does not project the source: task-models' "in Table 7"
# stays Table 7's). Prose claims, printed cells and the reference list are the survey's own and are not widened. A
# query whose header says `# sources: survey` (with its reason) is answered from the survey alone. The default answer
# never goes through here.

#: the prefix of the variables a widened query binds to its rows' sources
SOURCE_VAR = "l4c_source"
#: the header line of a query that answers from the survey alone by nature
SURVEY_ONLY = re.compile(r"^#\s*sources:\s*survey\b", re.MULTILINE)
_AGGREGATES = {"count", "sum", "min", "max", "avg", "sample", "group_concat"}
_STOP_WORDS = {"bind", "filter", "optional", "minus", "graph", "values", "service", "union"}


def _is_source(toks: list[Token], i: int) -> bool:
    """Whether the statement starting at toks[i] (a variable) names a survey table row as the source graph."""
    nxt = [t.text for t in toks[i + 1 : i + 3]]
    if len(nxt) < 2:
        return False
    if nxt[0] == "l4c:tableName":
        return nxt[1] == '"Table 7"' or toks[i + 2].kind == "var"
    return nxt == ["a", "l4c:TableRow"] or (nxt[0] == "l4c:inTable" and toks[i + 2].kind == "var")


def _statement_end(toks: list[Token], i: int) -> tuple[int, bool]:
    """(index of the token ending the statement at toks[i], whether that token is its `.`)."""
    depth = 0
    for j in range(i + 1, len(toks)):
        t = toks[j].text
        if depth == 0 and (t in (".", "{", "}") or (toks[j].kind == "word" and t.lower() in _STOP_WORDS)):
            return j, t == "."
        if t in ("(", "["):
            depth += 1
        elif t in (")", "]"):
            depth -= 1
    return len(toks), False


@dataclass(frozen=True)
class _Outer:
    """The outer query: where to add projected terms, whether it groups (and only by DISTINCT aggregates), and the
    token span of its WHERE group."""

    insert_at: int
    grouped: bool
    distinct: bool
    body: tuple[int, int]


def _outer(toks: list[Token]) -> _Outer | None:
    """The outer query's projection and body, or None for `SELECT *`."""
    start = next(k for k, t in enumerate(toks) if t.kind == "word" and t.text.lower() == "select")
    depth, end = 0, len(toks)
    for k in range(start + 1, len(toks)):
        t = toks[k]
        if depth == 0 and (t.text == "{" or (t.kind == "word" and t.text.lower() == "where")):
            end = k
            break
        depth += t.text == "("
        depth -= t.text == ")"
    projected = toks[start + 1 : end]
    if any(t.text == "*" for t in projected if t.kind == "punct") and not any(t.text == "(" for t in projected):
        return None
    aggregates = [k for k, t in enumerate(projected) if t.kind == "word" and t.text.lower() in _AGGREGATES]
    distinct = all(k + 2 < len(projected) and projected[k + 2].text.lower() == "distinct" for k in aggregates)
    body = next(k for k in range(end, len(toks)) if toks[k].text == "{")
    depth, close = 0, len(toks) - 1
    for k in range(body, len(toks)):
        depth += toks[k].text == "{"
        depth -= toks[k].text == "}"
        if depth == 0:
            close = k
            break
    grouped = bool(aggregates) or any(t.kind == "word" and t.text.lower() == "group" for t in toks[close:])
    return _Outer(toks[end].pos, grouped, distinct, (body, close))


def _entities(toks: list[Token], body: tuple[int, int]) -> list[str]:
    """The variables the outer WHERE group itself (not a branch or block inside it) types as a model or dataset."""
    found: list[str] = []
    depth = 0
    for k in range(body[0], body[1]):
        t = toks[k]
        depth += t.text == "{"
        depth -= t.text == "}"
        after = [x.text for x in toks[k + 1 : k + 3]]
        starts = toks[k - 1].text in (".", "{", "}")
        if depth == 1 and t.kind == "var" and starts and after in (["a", "l4c:Model"], ["a", "l4c:Dataset"]):
            found.append(t.text)
    return sorted(set(found))


def _in_subqueries(toks: list[Token]) -> set[int]:
    """The indexes of the tokens inside a nested SELECT (its own answer, whose sources it does not project)."""
    first = next(k for k, t in enumerate(toks) if t.kind == "word" and t.text.lower() == "select")
    inside: set[int] = set()
    depth, opened = 0, 0
    for k, t in enumerate(toks):
        if t.text == "{":
            depth += 1
        elif t.text == "}":
            depth -= 1
        if opened and depth < opened:
            opened = 0
        if opened:
            inside.add(k)
        elif k > first and t.kind == "word" and t.text.lower() == "select":
            opened = depth
            inside.add(k)
    return inside


def widen(text: str) -> tuple[str, list[str]]:
    """(`text` widened to every source, the variables naming each row's sources); `text` itself and no variables
    for a query that reads no survey table row, or that says `# sources: survey`."""
    if SURVEY_ONLY.search(text):
        return text, []
    toks = list(tokens(text))
    edits: list[tuple[int, int, str]] = []
    names: list[str] = []
    nested = _in_subqueries(toks)
    for i, tok in enumerate(toks):
        starts = tok.kind == "var" and (not i or toks[i - 1].text in (".", "{", "}"))
        if i in nested or not starts or not _is_source(toks, i):
            continue
        j, dot = _statement_end(toks, i)
        end = toks[j].pos if j < len(toks) else len(text)
        var = f"?{SOURCE_VAR}{len(names) + 1}"
        names.append(var[1:])
        statement = text[tok.pos : end].rstrip()
        widened = (
            f'{{ {statement} BIND("survey" AS {var}) }} UNION '
            f"{{ {tok.text} a l4c:CuratorAssertion ; l4c:sourceIdentifier {var} }}"
        )
        edits.append((tok.pos, end + 1 if dot else end, widened + (" ." if dot else " ")))
    outer = _outer(toks)
    if outer is None:
        return text, []
    if not names and outer.grouped and outer.distinct:
        # a count over models or datasets read from any graph: each one's record names its source, if not the survey
        for v in _entities(toks, outer.body):
            var = f"?{SOURCE_VAR}{len(names) + 1}"
            names.append(var[1:])
            edits.append(
                (
                    toks[outer.body[1]].pos,
                    toks[outer.body[1]].pos,
                    f"  OPTIONAL {{ GRAPH ?{var[1:]}g {{ {v} a ?{var[1:]}t }} ?{var[1:]}g a l4c:CuratorAssertion ; "
                    f'l4c:sourceIdentifier ?{var[1:]}x }}\n  BIND(COALESCE(?{var[1:]}x, "survey") AS {var})\n',
                )
            )
    if not names:
        return text, []
    if outer.grouped:
        terms = " ".join(f'(GROUP_CONCAT(DISTINCT COALESCE(?{n}, ""); separator="; ") AS ?{n}s)' for n in names)
        names = [n + "s" for n in names]
    else:
        terms = " ".join(f"?{n}" for n in names)
    edits.append((outer.insert_at, outer.insert_at, terms + "\n"))
    out = text
    for start, stop, new in sorted(edits, reverse=True):
        out = out[:start] + new + out[stop:]
    return out, names
