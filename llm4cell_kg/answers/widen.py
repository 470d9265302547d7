"""A canned query widened to every source (`--sources all`): its record-level survey sources admit the records
curated from other publications too, and it answers which source each row rests on.

A canned query names the survey's sources it reads from: `?g l4c:tableName "Table 7"` (a Table 7 row),
`?g l4c:tableName ?t`, `?g a l4c:TableRow` or `?g l4c:inTable ?t` (a table row). A record from another publication
is one graph typed l4c:CuratorAssertion (build/external.py), the counterpart of a table row. Widening rewrites each
such statement `S` into

    { S BIND("survey" AS ?l4c_sourceN) } UNION { ?g a l4c:CuratorAssertion ; l4c:sourceIdentifier ?l4c_sourceN }

and projects the bound sources (`?l4c_sourceN`, or in a grouped query their GROUP_CONCAT, unbound ones as ""), so
the same question answered over every source counts and lists the other publications' records, each row saying where
it rests on; whatever lives in such a graph (families, tasks, datasets, lineage) is read by the same patterns. A
statement inside a nested SELECT is left alone (its answer does not project the source: task-models' "in Table 7"
stays Table 7's). Prose claims, printed cells and the reference list are the survey's own and are not widened. A
query whose header says `# sources: survey` (with its reason) is answered from the survey alone. The default answer
never goes through here.
"""

from __future__ import annotations

import re

from ..store.sparqltext import Token, tokens

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


def _projection(toks: list[Token], text: str) -> tuple[int, bool] | None:
    """(offset to insert projected terms at, whether the outer query groups), or None for `SELECT *`."""
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
    grouped = any(t.kind == "word" and t.text.lower() in _AGGREGATES for t in projected)
    body = next(k for k in range(end, len(toks)) if toks[k].text == "{")
    depth = 0
    for k in range(body, len(toks)):
        depth += toks[k].text == "{"
        depth -= toks[k].text == "}"
        if depth == 0:
            grouped = grouped or any(t.kind == "word" and t.text.lower() == "group" for t in toks[k:])
            break
    return toks[end].pos, grouped


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
    if not names:
        return text, []
    where = _projection(toks, text)
    if where is None:
        return text, []
    at, grouped = where
    if grouped:
        terms = " ".join(f'(GROUP_CONCAT(DISTINCT COALESCE(?{n}, ""); separator="; ") AS ?{n}s)' for n in names)
        names = [n + "s" for n in names]
    else:
        terms = " ".join(f"?{n}" for n in names)
    edits.append((at, at, terms + "\n"))
    out = text
    for start, stop, new in sorted(edits, reverse=True):
        out = out[:start] + new + out[stop:]
    return out, names
