"""HTML pages of the explorer, rendered on the server (they work without JavaScript); every value is escaped."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from ..common.namespaces import BASE, L4C, RDFS, SCHEMES
from ..common.prefixes import compress, longest_first, sparql_header

QUERY_DIR = Path(__file__).resolve().parent / "queries"
Term = Sequence[str] | None
Row = Sequence[Term]
KIND_ORDER = {"TableRow": 0, "ProseClaim": 1, "ProseMention": 2}
LINK_GRAPHS = SCHEMES["src"] + "link/"
CITATION_PROPS = (L4C + "citation", L4C + "proseCitation")


def citation_caveats(facts: list[list[Term]]) -> list[str]:
    """The audit caveats on the entity's printed citations (l4c:citationCaveat; graph/citation_caveats.yaml)."""
    return sorted({text(r[2]) for r in facts if text(r[1]) == L4C + "citationCaveat"})


def caveat_html(caveats: list[str], cite_label: str) -> str:
    """The caveats about the citation printed as `cite_label` ('Lu et al., 2024'), shown beside the link."""
    return "".join(
        f'<div class="caveat">caveat: {escape(c)}</div>' for c in caveats if cite_label and f"({cite_label})" in c
    )


def page_query(name: str) -> str:
    """The text of one of the web module's own queries (web/queries/NAME.rq)."""
    return (QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8")


def local_path(iri: str) -> str | None:
    """The explorer page of a model or dataset IRI, else None."""
    for kind in ("model", "dataset"):
        base = SCHEMES[kind]
        if iri.startswith(base) and "/" not in iri[len(base) :]:
            return f"/{kind}/{quote(iri[len(base) :])}"
    return None


def text(t: Term) -> str:
    """The plain text of a term (lexical form or IRI)."""
    return "" if t is None else t[1]


def term_html(t: Term, label: str | None = None) -> str:
    if t is None:
        return ""
    if t[0] == "uri":
        iri = t[1]
        shown = escape(label) + f' <span class="iri">{escape(compress(iri))}</span>' if label else escape(compress(iri))
        external = iri.startswith(("http://", "https://")) and not iri.startswith(BASE)  # ours do not resolve
        href = local_path(iri) or (iri if external else None)
        return f'<a href="{escape(href)}">{shown}</a>' if href else shown
    if t[0] == "bnode":
        return f"_:{escape(t[1])}"
    return escape(t[1])


#: on every page: sortable tables (vendored tablesort), table filters, search suggestions, finder auto-apply
SCRIPTS = (
    '<script src="/static/tablesort/tablesort.min.js" defer></script>'
    '<script src="/static/tablesort/tablesort.number.min.js" defer></script>'
    '<script src="/static/site.js" defer></script>'
)
SEARCH_BOX = (
    '<form class="site-search" action="/search" role="search" autocomplete="off">'
    '<input type="search" name="q" id="site-search" placeholder="Search models, datasets, terms…" '
    'aria-label="Search" aria-controls="suggestions"><button type="submit">Search</button>'
    '<ul id="suggestions" class="suggestions" role="listbox" hidden></ul></form>'
)


#: the footer of every page; a page showing a record of another source says where its facts come from
FOOTER = (
    "Facts from <em>LLM4Cell: A Survey of Large Language and Agentic Models for Single-Cell Biology</em>; each names "
    "the table row or section of the survey that supports it."
)
FOOTER_OTHER = (
    "Facts marked not in the survey come from the other sources named beside them (a catalogue or a publication, "
    "each with its file, commit or identifier), never from <em>LLM4Cell</em>."
)


def _provenance_heading(other: bool) -> str:
    """The heading and note over an entity's statements grouped by source (`other`: it rests on another source)."""
    if not other:
        return (
            '<h2 id="provenance">Full provenance, by survey source</h2><p class="src">Every statement about it, '
            "grouped by the table row or sentence of the survey that supports it, with its quote: open a section to "
            "read it.</p>"
        )
    return (
        '<h2 id="provenance">Full provenance, by source</h2><p class="src">Every statement about it, grouped by the '
        "source that states it: a table row or sentence of the survey, or another source's record (not in the "
        "survey): open a section to read it.</p>"
    )


def _rests_on_other(facts: list[list[Term]]) -> bool:
    """Whether any of an entity's statements (entity-facts rows) comes from another source's record."""
    return any(text(r[4]).endswith("#CuratorAssertion") for r in facts)


def layout(title: str, body: str, *, head: str = "", other: bool = False) -> str:
    nav = " · ".join(
        f'<a href="{h}">{n}</a>'
        for h, n in (
            ("/", "Home"),
            ("/models", "Models"),
            ("/datasets", "Datasets"),
            ("/explorer", "Query editor"),
            ("/queries", "Canned queries"),
            ("/figures", "Figures"),
            ("/sparql", "SPARQL endpoint"),
        )
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="icon" href="data:,">'
        f'<title>{escape(title)} · llm4cell-kg</title><link rel="stylesheet" href="/static/style.css">{SCRIPTS}{head}'
        f"</head><body><header><nav>{nav}</nav>{SEARCH_BOX}</header><main><h1>{escape(title)}</h1>\n{body}\n</main>"
        f"<footer>{FOOTER}{' ' + FOOTER_OTHER if other else ''}</footer>"
        "</body></html>\n"
    )


def table(header: Sequence[str], rows: Iterable[Sequence[str]], cls: str = "") -> str:
    """An HTML table; `rows` are cells already rendered as HTML."""
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def result_table(variables: list[str], rows: list[list[Term]], truncated: bool = False) -> str:
    note = f'<p class="note">Showing the first {len(rows)} rows (row cap reached).</p>' if truncated else ""
    count = f'<p class="count">{len(rows)} row{"s" if len(rows) != 1 else ""}</p>'
    return table(variables, ([term_html(t) for t in r] for r in rows), "results") + count + note


# -- index, query list and query pages -------------------------------------------------------------------------


def index(entities: list[list[Term]], queries: list[Any]) -> str:
    lists: dict[str, list[str]] = {}
    for e, kind, label, prose_only in entities:
        k = text(kind).rsplit("#", 1)[-1]
        mark = ' <span class="tag">prose only</span>' if text(prose_only) == "true" else ""
        lists.setdefault(k, []).append(f"<li>{term_html(e, text(label))}{mark}</li>")
    body = [
        "<p>A knowledge graph of the LLM4Cell survey. Browse a model or dataset to see every statement about "
        "it with the survey table row or section that supports it and its ontology links, run a "
        '<a href="/queries">canned question</a>, or write SPARQL in the <a href="/explorer">query editor</a> '
        "(endpoint: <code>/sparql</code>).</p>",
        '<p class="finders">Choosing a model or a dataset? Use the <a href="/models">model finder</a> or the '
        '<a href="/datasets">dataset finder</a> (filters with counts, sortable tables, CSV, side-by-side comparison), '
        "or the search box above.</p>",
    ]
    for k, title in (("Model", "Models"), ("Dataset", "Datasets")):
        items = lists.get(k, [])
        body.append(
            f'<section id="{k.lower()}s"><h2>{title} ({len(items)})</h2><ul class="cols">'
            + "".join(items)
            + "</ul></section>"
        )
    body.append(f"<section><h2>Canned questions ({len(queries)})</h2>{query_list_html(queries)}</section>")
    return layout("LLM4Cell knowledge graph", "\n".join(body))


def query_list_html(queries: list[Any]) -> str:
    items = "".join(
        f'<li><a href="/queries/{escape(q.name)}">{escape(q.title)}</a> — {escape(q.question)} '
        f'<span class="src">({escape(q.answers)})</span></li>'
        for q in queries
    )
    return f'<ul class="queries">{items}</ul>'


def query_page(
    q: Any,
    variables: list[str],
    rows: list[list[Term]],
    truncated: bool,
    boolean: bool | None = None,
    given: dict[str, str] | None = None,
    text: str | None = None,
    note: str = "",
) -> str:
    """A canned question's page: its answer (for the parameter values `given`, bound into `text`), downloads and
    a form for its parameters; `note` says when the values are the query's example."""
    text = text or q.text
    given = given or {}
    links = " · ".join(
        f'<a href="/sparql?{escape(urlencode({"query": text, "format": f}))}">{f.upper()}</a>'
        for f in ("csv", "tsv", "json", "xml")
    )
    form = ""
    all_link = f' <a href="/queries/{escape(q.name)}">all</a>'
    if getattr(q, "params", ()):
        fields = "".join(
            f'<label title="{escape(p.description)}">{escape(p.name)} <input type="search" name="{escape(p.name)}" '
            f'value="{escape(given.get(p.name, ""))}" placeholder="{escape(p.default or p.cls or p.type)}"></label> '
            for p in q.params
        )
        form = (
            f'<form class="params" method="get" action="/queries/{escape(q.name)}">{fields}'
            f'<button type="submit">Run</button>{"" if getattr(q, "requires", ()) else all_link}</form>'
        )
        if note:
            form = f'<p class="note">{escape(note)}</p>{form}'
    result = (
        f'<p class="boolean">{"true" if boolean else "false"}</p>'
        if boolean is not None
        else result_table(variables, rows, truncated)
    )
    body = (
        f'<p class="question">{escape(q.question)}</p><p class="src">Answers: {escape(q.answers)}</p>{form}'
        f'{result}<p>Download: {links} · <a href="/explorer#{escape(q.name)}">open in the editor</a></p>'
        f"<details><summary>SPARQL</summary><pre>{escape(text)}</pre></details>"
    )
    return layout(q.title, body)


def queries_page(queries: list[Any]) -> str:
    return layout("Canned questions", query_list_html(queries))


def example_query(text_: str) -> str:
    """A canned query made self-contained for the editor: PREFIX lines for the prefixes it uses."""
    body = "\n".join(line for line in text_.splitlines() if not line.startswith("#")).strip()
    used = sparql_header(body).splitlines()
    return "\n".join(used) + "\n\n" + body + "\n"


def explorer(queries: list[Any]) -> str:
    examples = [{"name": q.name, "title": q.title, "query": example_query(q.text)} for q in queries]
    data = json.dumps(examples, ensure_ascii=False).replace("</", "<\\/")
    options = "".join(f'<option value="{escape(q.name)}">{escape(q.title)}</option>' for q in queries)
    head = (
        '<link rel="stylesheet" href="/static/yasgui/yasgui.min.css">'
        '<script src="/static/yasgui/yasgui.min.js" defer></script>'
        '<script src="/static/explorer.js" defer></script>'
    )
    body = (
        f'<form id="examples-form" class="examples"><label for="examples">Example:</label> '
        f'<select id="examples"><option value="">— a canned question —</option>{options}</select> '
        f'<button type="button" id="run-example">Run</button></form>'
        f'<noscript><p>The editor needs JavaScript; the <a href="/queries">canned questions</a> and the '
        f"model and dataset pages work without it.</p></noscript>"
        f'<div id="yasgui"></div><script type="application/json" id="example-data">{data}</script>'
        f'<script type="application/json" id="prefix-data">{json.dumps(longest_first())}</script>'
    )
    return layout("SPARQL query editor", body, head=head)


def figures_page(files: dict[str, Path], figure_queries: list[Any]) -> str:
    if files:
        from .figures_view import figures_html

        body = figures_html(files)
    else:
        body = (
            "<p>No figure directory was given (<code>llm4cell-kg serve --figures DIR</code>, with the PNG/SVG "
            "files of <code>llm4cell-kg figures DIR</code>). The tables behind the survey's figures:</p>"
            + query_list_html(figure_queries)
        )
    return layout("Figures", body)


# -- entity pages ---------------------------------------------------------------------------------------------


def _source_heading(kind: str, section: str, table_: str, row: str, group: Sequence[str] = ()) -> str:
    """How a source is named: its table row, or its kind and section; a sentence about a group names the group."""
    if table_ and row:
        where = "Appendix " + section if len(section) == 1 and section.isalpha() else section
        return f"{table_}, row {row}" + (f" · {where}" if where and where != table_ else "")
    if kind == "CuratorAssertion":  # graph/external_*.yaml: a record from another publication
        return "Curator assertion, not in the survey"
    name = {"ProseClaim": "Prose claim", "ProseMention": "Prose mention", "GroupClaim": "Group claim (of a group)"}.get(
        kind, "Statement"
    )
    if group:  # what it supports, the survey states of the group, not of this entity alone
        name = name.removesuffix(" (of a group)") + f" about a group ({', '.join(group)})"
    return f"{name}, §{section}" if section else name


def _quote_html(quote_: str, is_row: bool) -> str:
    from ..answers.card import plain

    if is_row and "\t" in quote_:
        return '<blockquote class="row">' + " | ".join(escape(c) for c in quote_.split("\t")) + "</blockquote>"
    return f"<blockquote>{escape(plain(quote_))}</blockquote>" if quote_ else ""


def entity_page(
    kind: str,
    ident: str,
    facts: list[list[Term]],
    incoming: list[list[Term]],
    scale: list[list[Term]],
    top: str = "",
    groups: dict[str, list[str]] | None = None,
    apart: Collection[str] = (),
) -> str:
    """A model or dataset: `top` (the summary card), the heading of its full provenance ("by survey source", or "by
    source" where a statement rests on another source's record), then, each in a section closed until clicked, its
    ontology links, every statement grouped by the survey location supporting it and the statements pointing at it;
    `groups`: the sources that are sentences about a group -> its members; `apart`: the link graphs the card shows
    as a group's statements (C.5's grounding ontology), left out of its own links."""
    groups = groups or {}
    label = next((text(r[2]) for r in facts if text(r[1]) == RDFS + "label"), ident)
    sources: dict[str, dict[str, Any]] = {}
    seen: set[tuple[str, str, str]] = set()
    links = []
    caveats = citation_caveats(facts)
    for _e, p, o, src, k, section, table_, row, quote_, _ev, p_label, o_label in facts:
        key = (text(p), str(o), text(src))
        if key in seen:
            continue
        seen.add(key)
        s = sources.setdefault(
            text(src),
            {
                "kind": text(k).rsplit("#", 1)[-1],
                "section": text(section),
                "table": text(table_),
                "row": text(row),
                "quote": text(quote_),
                "facts": [],
            },
        )
        cells = [term_html(p, text(p_label) or None), term_html(o, text(o_label) or None)]
        if text(p) in CITATION_PROPS:  # the audit's caveat beside the citation link it is about
            cells[1] += caveat_html(caveats, text(o_label))
        s["facts"].append(cells)
        if text(src).startswith(LINK_GRAPHS) and text(src) not in apart:  # graph/ontology_links.yaml: a graph each
            heading = _source_heading(s["kind"], s["section"], s["table"], s["row"], groups.get(text(src), ()))
            links.append([cells[0], cells[1], escape(heading), escape(s["quote"])])

    def order(item: tuple[str, dict[str, Any]]) -> tuple[Any, ...]:
        src, s = item
        n = int(s["row"]) if s["row"].isdigit() else 0
        return (KIND_ORDER.get(s["kind"], 3), s["table"], n, s["section"], src)

    describe = urlencode({"query": f"DESCRIBE <{SCHEMES[kind] + ident}>", "format": "turtle"})
    other = _rests_on_other(facts)
    body = [
        top + (_provenance_heading(other) if top else ""),  # the card, then the provenance it summarises
        f'<p class="iri">{escape(compress(SCHEMES[kind] + ident))} · '
        f'<a href="/sparql?{escape(describe)}">as RDF (Turtle)</a></p>',
    ]
    if scale:
        items = []
        for _e, quantity, value, qualifier, mx in scale:
            q = text(quantity).rsplit("#", 1)[-1]
            v = f"{text(value)}–{text(mx)}" if mx is not None else text(value)
            items.append(
                f"<li>{escape(q)}: {escape(text(qualifier) if text(qualifier) not in ('=', 'range') else '')}"
                f"{escape(v)}</li>"
            )
        body.append(f'<section><h2>Scale</h2><ul class="scale">{"".join(items)}</ul></section>')
    body.append(
        collapsed(
            "links",
            f"Ontology links ({len(links)})",
            table(["property", "term", "source", "evidence"], links, "links") if links else "<p>None.</p>",
        )
    )
    articles = []
    for src, s in sorted(sources.items(), key=order):
        heading = _source_heading(s["kind"], s["section"], s["table"], s["row"], groups.get(src, ()))
        articles.append(
            f'<article class="source"><h3>{escape(heading)} <span class="iri">{escape(compress(src))}'
            f"</span></h3>{_quote_html(s['quote'], bool(s['row']))}"
            + table(["property", "value"], s["facts"], "facts")
            + "</article>"
        )
    by = "source" if other else "survey source"
    body.append(collapsed("facts", f"Statements by {by} ({len(seen)})", "".join(articles)))
    if incoming:
        rows, seen_in = [], set()
        for _e, s_, s_label, p, p_label, src, k, section, table_, row, quote_ in incoming:
            if (str(s_), text(p), text(src)) in seen_in:
                continue
            seen_in.add((str(s_), text(p), text(src)))
            kind_ = text(k).rsplit("#", 1)[-1]
            heading = _source_heading(kind_, text(section), text(table_), text(row), groups.get(text(src), ()))
            rows.append(
                [
                    term_html(s_, text(s_label) or None),
                    term_html(p, text(p_label) or None),
                    escape(heading),
                    escape(text(quote_)),
                ]
            )
        body.append(
            collapsed(
                "incoming",
                f"Statements about it elsewhere ({len(rows)})",
                table(["subject", "property", "source", "quote"], rows, "incoming"),
            )
        )
    return layout(f"{label} ({kind})", "\n".join(body), other=other)


def collapsed(ident: str, title: str, content: str) -> str:
    """A section of the full provenance, closed until clicked (opened by a link to `#ident`, site.js)."""
    return (
        f'<details id="{escape(ident)}" class="provenance"><summary><h2>{escape(title)}</h2></summary>'
        f"{content}</details>"
    )


def error_page(status: int, message: str) -> str:
    return layout(f"{status}", f'<p class="error">{escape(message)}</p>')
