"""A SPARQL 1.1 tokenizer (the grammar's terminals, section 19.8) and the checks made on a query's text before any
engine sees it: nesting depth, SERVICE calls, update keywords and the dataset clause (FROM / FROM NAMED).

Reading tokens, not keywords in raw text: a prefixed name may hold escapes (`ex:a\\#`, `ex:a\\'`) that a keyword scan
takes for a comment or a string. `\\uXXXX` escapes are decoded first, as the grammar says (section 19.2). Where `<` may
be an IRI or the less-than operator, the parser context decides (inside an expression, after an operand, it is the
operator). Text that is no SPARQL token is refused rather than guessed at.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

#: nesting of `{`, `(` and `[` allowed; pyoxigraph's recursive parser crashes the process at a few thousand
MAX_NESTING = 128
#: operators and separators allowed in one query: each may add a level to the engine's expression or algebra tree,
#: and chains of 10,000 (`1+1+...`, `{} UNION {} ...`, `!!...`) crash it too (the canned queries use at most 99)
MAX_OPERATORS = 2000
_OPERATORS = {"+", "-", "*", "/", "&&", "||", "=", "!=", "<", ">", "<=", ">=", "!", "|", "^", ".", ";", ","}
_OPERATOR_WORDS = {"union", "optional", "minus", "filter", "bind", "graph", "service", "values", "exists", "in"}

_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d\u2070-\u218f"
    "\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_U = _BASE + "_"
_CHARS = _U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PREFIX = rf"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_LOCAL = rf"(?:[{_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_ECHAR = r"\\[tbnrf\\\"']"
_TOKENS = [
    ("ws", r"[ \t\r\n]+"),
    ("comment", r"#[^\r\n]*"),
    ("string", rf"'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}))*'''"),
    ("string", rf'"""(?:(?:"|"")?(?:[^"\\]|{_ECHAR}))*"""'),
    ("string", rf"'(?:[^'\\\n\r]|{_ECHAR})*'"),
    ("string", rf'"(?:[^"\\\n\r]|{_ECHAR})*"'),
    ("var", rf"[?$][{_U}0-9][{_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"),
    ("bnode", rf"_:[{_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?"),
    ("pname", rf"(?:{_PREFIX})?:(?:{_LOCAL})?"),
    ("number", r"[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?"),
    ("langtag", r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*"),
    ("word", r"[A-Za-z_][A-Za-z0-9_]*"),
    ("punct", r"\^\^|<<|>>|<=|>=|!=|&&|\|\||\{\||\|\}|[{}()\[\],;.*/|^?+\-!=<>~]"),
]
_KIND = {f"{kind}{i}": kind for i, (kind, _) in enumerate(_TOKENS)}
_IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_OPERAND_END = {"var", "iri", "pname", "string", "number", "bnode"}
UPDATE_WORDS = {"insert", "delete", "load", "clear", "drop", "create", "copy", "move", "add", "with"}
_OPENERS = {"{": "}", "(": ")", "[": "]", "<<": ">>", "{|": "|}"}


@functools.cache
def _token_re() -> re.Pattern[str]:
    """The token regex, compiled on first use: its Unicode classes take a few tens of milliseconds to compile, which
    a command running only the package's own queries (`trust`) need not spend."""
    return re.compile("|".join(f"(?P<{kind}{i}>{rx})" for i, (kind, rx) in enumerate(_TOKENS)))


class QueryTextError(ValueError):
    """The query text is not a sequence of SPARQL tokens, nests deeper than MAX_NESTING or chains more than
    MAX_OPERATORS operators."""


@dataclass(frozen=True)
class Token:
    kind: str  # ws-free: comment, string, var, bnode, pname, number, langtag, word, punct, iri
    text: str
    pos: int  # offset in the decoded text


def decode_escapes(query: str) -> str:
    """The query with `\\uXXXX` / `\\UXXXXXXXX` replaced by their characters (SPARQL 1.1 section 19.2)."""

    def one(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF else m.group(0)

    return _UNICODE_ESCAPE.sub(one, query)


def _where(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    return f"line {line}, column {pos - (text.rfind(chr(10), 0, pos) + 1) + 1}"


def tokens(query: str) -> Iterator[Token]:
    """The tokens of `query` (escapes decoded, white space dropped); raises QueryTextError on text that is no token."""
    text = decode_escapes(query)
    stack: list[str] = []  # "pattern" for `{`, "expr" / "list" for `(`, "node" for `[`, "quoted" for `<<`
    prev: Token | None = None
    before: Token | None = None  # the token before `prev`
    clause = ""  # "select" inside a SELECT clause, "modifier" after GROUP BY / ORDER BY / HAVING, "values"
    operators = 0
    pos = 0
    token_re = _token_re()
    while pos < len(text):
        in_expr = bool(stack) and stack[-1] == "expr"
        if text[pos] == "<" and not (in_expr and prev is not None and _ends_operand(prev)):
            m = _IRIREF.match(text, pos)
            if m:
                tok = Token("iri", m.group(0), pos)
                pos = m.end()
                prev, before = tok, prev
                yield tok
                continue
        m = token_re.match(text, pos)
        if not m or m.end() == pos:
            raise QueryTextError(f"the query cannot be read at {_where(text, pos)}: {text[pos : pos + 20]!r}")
        kind = _KIND[m.lastgroup or ""]
        pos = m.end()
        if kind in ("ws", "comment"):
            continue
        tok = Token(kind, m.group(0), m.start())
        word = tok.text.lower() if kind == "word" else ""
        if (kind == "punct" and tok.text in _OPERATORS) or word in _OPERATOR_WORDS:
            operators += 1
            if operators > MAX_OPERATORS:
                raise QueryTextError(
                    f"the query has more than {MAX_OPERATORS} operators and separators (at {_where(text, tok.pos)}); "
                    "split it into smaller queries"
                )
        if word == "select":
            clause = "select"
        elif word in ("group", "order", "having"):
            clause = "modifier"
        elif word == "values":
            clause = "values"
        elif word in ("where", "limit", "offset") or tok.text in ("{", "}"):
            clause = "" if clause != "values" or tok.text == "}" else clause
        if tok.text in _OPENERS:
            stack.append(_context(tok, prev, before, stack, clause))
            if len(stack) > MAX_NESTING:
                raise QueryTextError(
                    f"the query nests brackets more than {MAX_NESTING} deep (at {_where(text, tok.pos)}); flatten it"
                )
        elif tok.text in ("}", ")", "]", ">>", "|}") and stack:
            stack.pop()
        prev, before = tok, prev
        yield tok


def _ends_operand(tok: Token) -> bool:
    return tok.kind in _OPERAND_END or tok.text == ")" or tok.text.lower() in ("true", "false")


def _context(tok: Token, prev: Token | None, before: Token | None, stack: list[str], clause: str) -> str:
    """What an opening bracket starts: a pattern (`{`), an expression or a list/path (`(`), a node (`[`)."""
    if tok.text != "(":
        return {"{": "pattern", "[": "node", "<<": "quoted", "{|": "node"}[tok.text]
    if stack and stack[-1] == "expr":
        return "expr"  # every parenthesis inside an expression is one (calls, grouping)
    p = prev.text.lower() if prev else ""
    if p in ("filter", "bind"):
        return "expr"
    if (
        before is not None
        and before.text.lower() == "filter"
        and prev is not None
        and prev.kind in ("word", "iri", "pname")
    ):
        return "expr"  # FILTER regex(...), FILTER <fn>(...)
    if not stack or (stack[-1] == "pattern" and clause in ("select", "modifier")):
        return "list" if clause == "values" else "expr"  # SELECT (...), GROUP BY (...), ORDER BY ASC(...)
    return "list"  # a collection, a property path group or a VALUES row


def check_depth(query: str) -> None:
    """Raise QueryTextError if `query` nests deeper than MAX_NESTING, chains more than MAX_OPERATORS operators, or
    is not made of SPARQL tokens."""
    for _ in tokens(query):
        pass


@dataclass(frozen=True)
class Shape:
    """What a query's text asks for, read from its tokens."""

    first_keyword: str  # the first keyword after the prologue (SELECT, ASK, ..., or an update's INSERT, ...)
    service: bool  # a SERVICE call
    dataset: bool  # a FROM or FROM NAMED clause


@functools.lru_cache(maxsize=512)
def shape(query: str) -> Shape:
    """Read `query`'s tokens once (raises QueryTextError on bad text or too deep nesting); remembers recent queries
    (the explorer's canned queries come again and again)."""
    first = ""
    service = dataset = False
    prologue = True
    for tok in tokens(query):
        if tok.kind != "word":
            continue
        word = tok.text.lower()
        if prologue and word not in ("prefix", "base"):
            first, prologue = word, False
        service |= word == "service"
        dataset |= word == "from"
    return Shape(first, service, dataset)


def is_update(s: Shape) -> bool:
    return s.first_keyword in UPDATE_WORDS


#: query texts read from the package's or the project's own query files (`trust`)
_TRUSTED: set[str] = set()
_LINE_BREAK = re.compile(r"[\r\n]")
#: where a word token FROM may be: no ASCII letter or `_` before it (that would make it part of a longer word, name
#: or variable), and no letter, digit or `_` after it
_FROM_WORD = re.compile(r"(?<![A-Za-z_])from(?![A-Za-z0-9_])", re.IGNORECASE)


def trust(query: str) -> str:
    """Mark `query` as the text of one of the package's or project's own query files (views/, queries/), not user
    text: `has_dataset_clause` then reads it without the checks made on user text. Returns `query`."""
    _TRUSTED.add(query)
    return query


def has_dataset_clause(query: str) -> bool:
    """Whether `query` has a FROM / FROM NAMED clause. Text not marked by `trust` is read token by token (`shape`,
    raising QueryTextError on bad text); trusted text without the word "from" outside comment lines is answered
    without tokenizing it (exact when it has no long strings and no escapes: a line starting with `#` is then a
    comment, since IRIs and short strings cannot span lines; elsewhere, `from` inside a longer word is no FROM)."""
    if query in _TRUSTED and not ('"""' in query or "'''" in query or "\\u" in query or "\\U" in query):
        body = (line for line in _LINE_BREAK.split(query) if not line.lstrip(" \t").startswith("#"))
        if not any(_FROM_WORD.search(line) for line in body):
            return False
    return shape(query).dataset
