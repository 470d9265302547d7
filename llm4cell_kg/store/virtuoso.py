"""Virtuoso 7.2's SPARQL dialect: rewrites that make it answer as the embedded store does (docs/remote.md).

- the dataset as `define input:*-graph-exclude` pragmas: the protocol's default-graph-uri/named-graph-uri lists make
  Virtuoso 7.2 drop `p?` path answers and slow NOT EXISTS to minutes;
- string constants with a non-ASCII character typed as xsd:string (the same RDF term): else Virtuoso turns those
  characters into '?' wherever it sorts, groups or concatenates them;
- a group with FILTER NOT EXISTS followed by a BIND or OPTIONAL gets the part before those nested as `{ ... }`
  (only where that is equivalent): else Virtuoso fails with "SQ200: Stack Overflow in cost model";
- `GRAPH <iri>` (a constant graph) becomes `VALUES ?v { <iri> } GRAPH ?v` under the dataset pragmas: else Virtuoso
  matches nothing in it.
"""

from __future__ import annotations

import re

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_STRING_TEXT = r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
_STRING = re.compile(  # a string literal, then its language tag or datatype if any
    rf"({_STRING_TEXT})(\s*(?:@[A-Za-z0-9-]+|\^\^\s*(?:<[^>\s]*>|[A-Za-z][\w.-]*:[\w.-]*)))?"
)
_TOKEN = re.compile(
    rf"(?P<str>{_STRING_TEXT})|(?P<iri><[^<>\"{{}}|^`\\\s]*>)|(?P<comment>#[^\n]*)|(?P<open>\{{)|(?P<close>\}})"
    r"|(?P<bind>\bBIND\b)|(?P<optional>\bOPTIONAL\b)|(?P<notexists>\bNOT\s+EXISTS\b)",
    re.IGNORECASE,
)


_GRAPH_TOKEN = re.compile(  # strings, IRIs and comments are matched only to be skipped
    rf"(?P<str>{_STRING_TEXT})|(?P<iri><[^<>\"{{}}|^`\\\s]*>)|(?P<comment>#[^\n]*)"
    rf"|(?P<graph>\bGRAPH\s+(?P<name><[^<>\"{{}}|^`\\\s]*>|[A-Za-z][\w.-]*:[\w.-]*|:[\w.-]*))(?=\s*\{{)",
    re.IGNORECASE,
)
_STAR = re.compile(r"\b(?:SELECT|DESCRIBE)\s+(?:(?:DISTINCT|REDUCED)\s+)?\*", re.IGNORECASE)


def virtuoso_text(query: str, others: list[str] | None, default_graph: str, union: bool = True) -> str:
    """`query` in Virtuoso's dialect, on the dataset of the graph's own graphs (`others`: the server's other graphs;
    `default_graph`: where the default graph was loaded; `union`: the default graph is the union of all). With
    `others` None (the query has its own FROM clause) no dataset is added."""
    pragmas: list[str] = []
    if others is not None:
        if union:
            pragmas += [f"define input:default-graph-exclude <{g}>" for g in others]
            others = [*others, default_graph]
        else:  # excluding default_graph from the named graphs too would empty it (Virtuoso 7.2)
            pragmas.append(f"define input:default-graph-uri <{default_graph}>")
        pragmas += [f"define input:named-graph-exclude <{g}>" for g in others]
    defines = "".join(p + "\n" for p in pragmas)
    if pragmas:
        query = bind_constant_graphs(query)
    return defines + _STRING.sub(_typed, nest_before_binds(query))


def bind_constant_graphs(query: str) -> str:
    """`GRAPH <iri> {` (or a prefixed name) as `VALUES ?_graphN { <iri> } GRAPH ?_graphN {`: the same join, which
    Virtuoso 7.2 answers under the dataset pragmas. A query with a `*` projection is left as it is (the new variable
    would show as a column)."""
    if _STAR.search(_blank(query)):
        return query
    count = 0

    def bound(m: re.Match[str]) -> str:
        nonlocal count
        if m.lastgroup != "graph":
            return m.group(0)
        count += 1
        var = f"?_graph{count}"
        while var in query:
            var += "_"
        return f"VALUES {var} {{ {m.group('name')} }} GRAPH {var}"

    return _GRAPH_TOKEN.sub(bound, query)


def _typed(m: re.Match[str]) -> str:
    """A simple literal as an explicit xsd:string (the same RDF term) when it holds a non-ASCII character."""
    text, suffix = m.group(1), m.group(2)
    if suffix is None and any(ord(c) > 127 for c in text):
        return f"{text}^^<{XSD_STRING}>"
    return m.group(0)


def nest_before_binds(query: str) -> str:
    """Nest `{ ... }` around what precedes the first BIND or OPTIONAL after a FILTER NOT EXISTS in each group.

    Equivalent when no FILTER so moved uses a variable bound only after the split, and no BIND after it assigns a
    variable used before it; groups where that does not hold are left as they are.
    """
    stack: list[dict[str, int | None]] = []  # open groups: where their content starts, where to split
    inserts: list[tuple[int, str]] = []
    for m in _TOKEN.finditer(query):
        kind = m.lastgroup
        if kind == "open":
            stack.append({"start": m.end(), "split": None, "not_exists": 0})
        elif kind == "close" and stack:
            group = stack.pop()
            start, split = group["start"], group["split"]
            if start is not None and split is not None and _safe_split(query[start:split], query[split : m.start()]):
                inserts += [(start, " {"), (split, "} ")]
        elif kind == "notexists" and stack:
            stack[-1].update(not_exists=1, split=None)
        elif kind in ("bind", "optional") and stack and stack[-1]["not_exists"] and stack[-1]["split"] is None:
            stack[-1]["split"] = m.start()
    for pos, text in sorted(inserts, reverse=True):
        query = query[:pos] + text + query[pos:]
    return query


def _variables(text: str) -> set[str]:
    return set(re.findall(r"[?$](\w+)", text))


def _safe_split(core: str, rest: str) -> bool:
    """Whether `{ {core} rest }` means `{ core rest }`: core's FILTERs see only variables core binds, and rest's BINDs
    assign no variable core uses."""
    core = _blank(core)
    assigned = set(re.findall(r"\bAS\s+[?$](\w+)", _blank(rest), re.IGNORECASE))
    patterns = _without_filters(core)
    only_in_filters = _variables(core) - _variables(patterns)
    return not (assigned & _variables(core)) and not (only_in_filters & _variables(_blank(rest)))


def _blank(text: str) -> str:
    """`text` with strings, IRIs and comments blanked out (positions kept)."""
    return _TOKEN.sub(lambda m: " " * len(m.group(0)) if m.lastgroup in ("str", "iri", "comment") else m.group(0), text)


def _without_filters(text: str) -> str:
    """`text` (blanked) without its FILTER clauses: FILTER (...), FILTER NOT EXISTS {...}, FILTER EXISTS {...}."""
    out, pos = [], 0
    for m in re.finditer(r"\bFILTER\b", text, re.IGNORECASE):
        if m.start() < pos:
            continue
        opener = re.compile(r"[({]").search(text, m.end())
        if not opener:
            break
        depth, end = 0, len(text)
        for i in range(opener.start(), len(text)):
            depth += text[i] in "({"
            depth -= text[i] in ")}"
            if depth == 0:
                end = i + 1
                break
        out.append(text[pos : m.start()])
        pos = end
    out.append(text[pos:])
    return "".join(out)
