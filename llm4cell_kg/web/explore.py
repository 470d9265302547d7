"""Pages for researchers (pure functions: a store and the request's parameters in, HTML or bytes out): search and
suggestions, the model and dataset finders, the summary card of an entity, the compare view, the figures page."""

from __future__ import annotations

import json
import re
from html import escape
from typing import Any
from urllib.parse import quote, urlencode

from ..answers.card import (
    CURATOR_ASSERTION,
    GROUP_HEADING,
    LINK_WORDS,
    Card,
    Value,
    external_only,
    group_sentence_lines,
    group_words,
    name_rows,
    named_with,
    plain,
    sentences_heading,
    source_parts,
)
from ..answers.lookup import Entity
from ..common.namespaces import BASE
from ..common.prefixes import EFO_NS, OBO, compress
from .ld import schema_org_script
from .pages import layout

#: the first path segment of our IRIs that has a page, by kind
LOCAL_KINDS = (
    "model",
    "dataset",
    "family",
    "task",
    "modality",
    "grounding",
    "domain",
    "dimension",
    "venue",
    "publication",
    "resource",
)


def entity_path(iri: str) -> str | None:
    """The explorer page of an IRI: /model/scgpt, /task/annotation, /term/UBERON:0002048; None if it has none."""
    if iri.startswith(BASE):
        rest = iri[len(BASE) :]
        kind, _, ident = rest.partition("/")
        if kind in LOCAL_KINDS and ident and "/" not in ident:
            return f"/{kind}/{quote(ident)}"
        return None
    if iri.startswith((OBO, EFO_NS)):
        return "/term/" + quote(compress(iri))
    return None


def link(iri: str | None, label: str, show_curie: bool = False) -> str:
    path = entity_path(iri) if iri else None
    text = escape(label) + (f' <span class="iri">{escape(compress(iri))}</span>' if show_curie and iri else "")
    return f'<a href="{escape(path)}">{text}</a>' if path else text


# -- search -------------------------------------------------------------------------------------------------------


def suggest_json(store: Any, text: str) -> bytes:
    """Suggestions for the search box: [{label, curie, kind, url}] (the last word completed as a prefix)."""
    from ..answers.search import suggest
    from ..errors import UserError

    try:
        hits = suggest(text, store)
    except UserError:
        hits = []
    marks = _hit_marks(hits, store)
    data = [
        {"label": h.label, "curie": h.curie, "kind": h.kind, "url": entity_path(h.iri)}
        | ({"source": marks[h.iri]} if h.iri in marks else {})
        for h in hits
    ]
    return json.dumps(data, ensure_ascii=False).encode()


def search_page(store: Any, text: str, kind: str | None = None) -> str:
    from ..answers.lookup import KINDS
    from ..answers.search import search
    from ..errors import UserError

    kind = kind if kind in KINDS else None
    options = "".join(
        f'<option value="{k}"{" selected" if k == kind else ""}>{k}</option>' for k in ("", *KINDS) if True
    )
    form = (
        f'<form class="search-page" action="/search"><input type="search" name="q" value="{escape(text)}" '
        f'aria-label="search text"> <select name="type" aria-label="kind">{options}</select> '
        f"<button>Search</button></form>"
    )
    if not text.strip():
        return layout("Search", form + "<p>Type a name, a word of a table cell, a definition or a quote.</p>")
    try:
        hits = search(text, store, {kind} if kind else None, limit=50)
    except UserError as exc:
        return layout("Search", form + f'<p class="error">{escape(str(exc))}</p>')
    rows = [
        [
            str(h.rank),
            escape(h.kind),
            link(h.iri, h.label),
            f'<span class="iri">{escape(h.curie)}</span>',
            _snip(h.snippet),
        ]
        for h in hits
    ]
    from .pages import table

    head = ["#", "kind", "name", "id", "match"]
    marks = _hit_marks(hits, store)
    if marks:  # a record from another publication among the hits: every row says its source
        rows = [[*r, escape(marks.get(h.iri, "survey"))] for r, h in zip(rows, hits, strict=True)]
        head.append("source")
    body = form + (table(head, rows, "search-results") if hits else f"<p>No match for '{escape(text)}'.</p>")
    return layout(f"Search: {text}", body + f'<p class="count">{len(hits)} result{"s" if len(hits) != 1 else ""}</p>')


def _hit_marks(hits: list[Any], store: Any) -> dict[str, str]:
    """IRI -> `not in the survey (arXiv:...)` for the hits that are records from other publications (none for a
    graph holding the survey's alone, so its pages stay as they were)."""
    from ..answers.search import hit_sources

    return {iri: mark for iri, mark in hit_sources(hits, store).items() if mark != "survey"} if hits else {}


def _snip(snippet: str) -> str:
    """The snippet with its [matched] words in <mark> (everything else escaped)."""
    out = escape(plain(snippet))
    return out.replace("[", "<mark>").replace("]", "</mark>")


# -- the summary card ---------------------------------------------------------------------------------------------


def _sources(v: Value, by_graph: dict[str, dict[str, str]], listed: bool = False) -> str:
    """The sources of one value, collapsed: the locations, the sentences about a group by their reference in the
    card's legend (its members on hover), then each quote as plain text when opened; `listed`: see `stated_text`."""
    if not v.sources:
        return ""
    quotes = []
    seen: set[tuple[str, str]] = set()
    for g in v.graphs:
        s = by_graph.get(g)
        if s and s["quote"] and (s["where"], s["quote"]) not in seen:
            seen.add((s["where"], s["quote"]))
            text = " | ".join(s["quote"].split("\t"))
            quotes.append(f'<blockquote><span class="where">{escape(s["where"])}</span> {escape(text)}</blockquote>')
    for st in v.stated:  # a group sentence (a dataset or grounding source of a group has no graph of its own)
        if st.basis == "group" and st.sentence and not any(by_graph.get(g) for g in st.graphs):
            quotes.append(
                f'<blockquote><span class="where">{escape(st.where)}</span> {escape(st.sentence)}</blockquote>'
            )
    where = _stated_html(v, listed)
    if not quotes:
        return where
    return f"<details><summary>{where}</summary>{''.join(quotes)}</details>"


def _stated_html(v: Value, listed: bool = False) -> str:
    """`stated_text` as HTML: each group sentence's reference links to the card's legend, its group on hover."""
    own, refs = source_parts(v)
    links = ", ".join(
        f'<a class="group-ref" href="#group-sentences" title="{escape("group: " + ", ".join(members))}">'
        f"{escape(ref)}</a>"
        for ref, members in refs
    )
    if refs and listed and not own and v.basis == "group":
        return links
    parts = [escape(w) for w in own] + ([f"{group_words(len(refs))}: {links}"] if refs else [])
    return "; ".join(parts)


def group_sentences_html(card: Card) -> str:
    """The card's legend, one click away: each group its sentences name once, with the references citing it, its
    members and the sentences' words."""
    from .pages import table

    if not card.group_sentences:
        return ""
    words: dict[str, list[str]] = {}
    for g in card.group_sentences:
        words.setdefault(", ".join(g.members), []).extend(f"{g.ref}: {s}" for s in g.sentences)
    rows = [
        [escape(refs), escape(members), "".join(f"<blockquote>{escape(w)}</blockquote>" for w in words[members])]
        for refs, members in group_sentence_lines(card)
    ]
    return (
        f'<details id="group-sentences" class="legend"><summary><h2>{escape(sentences_heading(card))}</h2> '
        f'<span class="src">{len(rows)} groups: open for their members and words</span></summary>'
        + table(["cited as", "group", "sentences"], rows, "card-group-sentences")
        + "</details>"
    )


_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EM = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*]+?)(?<=\S)\*(?![\w*])")


def emphasis(text: str) -> str:
    """`text` as HTML with its markdown emphasis rendered, everything else escaped (the survey's printed references
    set the journal in italics: `*Nature methods*` -> <em>Nature methods</em>; `**scGPT**` -> <strong>).

    >>> emphasis("*Nature methods*, 21(8) & **scGPT** 2*3")
    '<em>Nature methods</em>, 21(8) &amp; <strong>scGPT</strong> 2*3'
    """
    return _EM.sub(r"<em>\1</em>", _STRONG.sub(r"<strong>\1</strong>", escape(text)))


def _value(v: Value) -> str:
    if v.iri and not entity_path(v.iri) and v.iri.startswith(("https://", "http://")):  # a paper, code, weights page
        shown = f'<a href="{escape(v.iri)}">{escape(v.label)}</a>'
    elif v.iri:
        shown = link(v.iri, v.label, show_curie=v.label != v.value)
    else:
        shown = emphasis(v.value)
    if v.basis == "group":  # stated only in sentences about groups: not the entity's own
        shown += ' <span class="tag basis-group" title="stated only in sentences about a group">group only</span>'
    return shown


def _basis(v: Value) -> str:
    """On what the survey links it, as `show` says it: a table cell, a sentence about it alone, a sentence about a
    group (its members named), another publication, or a lineage relation (with a copied row's caveat); a statement
    pointing at the entity names its property."""
    sentences = [st for st in v.stated if st.basis == "group"]
    # the sources column names each sentence's group ("§5.1 (group: scGPT, scFoundation, scBERT)"); a value with no
    # source location of its own names its group here
    named = all(st.group for st in sentences) and v.sources
    groups = "" if named else ": " + ", ".join(v.group or [m for st in sentences for m in st.group])
    words = {
        "table": "a table cell",
        "model": "a sentence about it alone",
        "external": "another publication",
        "group": named_with(v) + groups,
        "buildsOn": f"builds on ({v.via})",
        "builtOnBy": f"built on by ({v.via})",
    }
    text = words.get(v.basis, v.via)
    if v.via and v.basis not in ("buildsOn", "builtOnBy"):
        text = f"{v.via}: {text}" if v.basis in words else v.via
    return f"{text} — caveat: {v.caveat}" if v.caveat else text


def card_html(card: Card) -> str:
    """The summary card: what it is, the printed row, facts once each with their sources collapsed, links, datasets,
    lineage, audit findings and the most similar entities."""
    from .pages import table

    by_graph = {s["graph"]: s for s in card.sources}
    out = [f'<section id="card" class="card"><p class="summary">{escape(card.summary)}</p><dl>']
    out.append(f'<dt>IRI</dt><dd class="iri">{escape(card.iri)}</dd>')
    external = [s for s in card.sources if s["kind"] == CURATOR_ASSERTION]
    if external:
        mark = "Not in the survey" if external_only(card.sources) else "Also from"
        cited = "; ".join(
            f'<a href="{escape(s["derived_from"])}">{escape(s["source"])}</a>, curated by '
            + (
                f'<a href="{escape(s["curator_iri"])}">{escape(s["curator"])}</a>'
                if s["curator_iri"].startswith(("http://", "https://")) and not s["curator_iri"].startswith(BASE)
                else escape(s["curator"])
            )
            + f" on <time>{escape(s['date'])}</time>"
            + (f"; its source states: {escape(s['states'])} (nothing else)" if s["states"] else "")
            for s in external
        )
        out.append(
            f'<dt>Source</dt><dd class="external-source"><strong class="not-in-survey">{mark}</strong>: {cited}</dd>'
        )
    out.extend(f"<dt>{escape(head.capitalize())}</dt><dd>{escape(text)}</dd>" for head, text in name_rows(card))
    rdf = entity_path(card.iri)
    if rdf and not rdf.startswith("/term/"):
        out.append(
            f'<dt>As RDF</dt><dd><a href="{rdf}.ttl">Turtle</a> · <a href="{rdf}.jsonld">JSON-LD</a> · '
            f'<a href="{rdf}.rdf">RDF/XML</a> · <a href="{rdf}.trig">TriG</a> (with the source of each statement)</dd>'
        )
    out.append("</dl>")
    if card.printed:
        cells = card.printed["cells"]
        out.append(f"<h2>Printed row ({escape(card.printed['where'])})</h2>")
        out.append(table(list(cells), [[emphasis(c) for c in cells.values()]], "card-printed"))
    if card.facts:
        rows = []
        for f in card.facts:
            for i, v in enumerate(f.values):
                prop = escape(f.label) if i == 0 else ""
                note = f'<div class="note">{escape(v.note)}</div>' if v.note else ""
                rows.append([prop, _value(v) + note, _sources(v, by_graph)])
        out.append("<h2>Facts, each once, with the sources stating it</h2>")
        out.append(table(["property", "value", "sources"], rows, "card-facts"))
    if card.web_links:
        out.append(web_links_html(card))
    if card.links:
        rows = [[escape(f.label), _value(v), _sources(v, by_graph)] for f in card.links for v in f.values]
        out.append("<h2>Ontology links</h2>" + table(["property", "term", "sources"], rows, "card-links"))
    for title, head, values in (
        ("Datasets", "dataset", card.datasets),
        (GROUP_HEADING, "value", card.group_statements),
        ("Used by", "model", card.used_by),
        ("Lineage", "model", card.lineage),
    ):
        if values:
            rows = [[_value(v), escape(_basis(v)), _sources(v, by_graph, listed=True)] for v in values]
            name = "group" if title == GROUP_HEADING else title.lower().replace(" ", "-")
            out.append(f"<h2>{title}</h2>" + table([head, "basis", "sources"], rows, "card-" + name))
    out.append(group_sentences_html(card))
    out += [_audit_html(card) if card.kind in ("model", "dataset") else "", _similar_html(card)]
    out.append(schema_org_script(card))
    out.append("</section>")
    return "\n".join(out)


def _audit_html(card: Card) -> str:
    """The audit findings about a model or dataset: each rule with both places and their texts."""
    from .pages import table

    if not card.audit:
        return (
            '<h2>Audit findings (0)</h2><p class="none">None: no part of the survey contradicts another about it.</p>'
        )
    head = f"<h2>Audit findings ({len(card.audit)})</h2>"
    rows = [
        [escape(a["rule"]), escape(a["where_a"]), escape(plain(a["text_a"]))]
        + [escape(a["where_b"]), escape(plain(a["text_b"])), escape(a["detail"])]
        for a in card.audit
    ]
    return head + table(["rule", "A: where", "A: text", "B: where", "B: text", "detail"], rows, "card-audit")


def _similar_html(card: Card) -> str:
    """The most similar entities with the facets they share, and a link comparing the two most similar."""
    from ..answers.lookup import expand

    if not card.similar:
        return ""
    items = []
    for s in card.similar:
        shared = "; ".join(f"{escape(k)}: {escape(', '.join(v))}" for k, v in sorted(s.shared.items()))
        items.append(f"<li>{link(expand(s.curie), s.label)} — shares {shared}</li>")
    others = "&".join(f"e={quote(s.curie.split(':', 1)[1])}" for s in card.similar[:2])
    return (
        f'<h2>Most similar</h2><ul class="similar">{"".join(items)}</ul>'
        f'<p><a href="/compare?e={quote(card.id)}&{others}">Compare with the two most similar</a></p>'
    )


def web_links_html(card: Card) -> str:
    """Paper · Code · Weights · Listed in: each link out on one line, then, one click away, each with the source
    stating it (a catalogue, a model's own repository, the survey's reference list) and its date; never a statement
    of the survey."""
    from .pages import table

    rows, line = [], []
    for kind in dict.fromkeys(e["kind"] for e in card.web_links):
        found = [e for e in card.web_links if e["kind"] == kind]
        line.append(f"{escape(LINK_WORDS[kind])}: " + ", ".join(_link_out(e, short=True) for e in found))
    for e in card.web_links:
        rows.append([escape(LINK_WORDS[e["kind"]]), _link_out(e), escape("; ".join(e["sources"]))])
    printed = any(e["kind"] == "accession" for e in card.web_links)  # a dataset's accession: the survey prints it
    heading = "Accession · Paper · Code · Weights · Listed in" if printed else "Paper · Code · Weights · Listed in"
    what = (
        "; an accession as its table row prints it (its IRI by the archive's declared template), the other links "
        "not the survey's statements"
        if printed
        else "; links, not the survey's statements"
    )
    return (
        f'<h2 id="links">{heading}</h2>'
        f'<p class="links-out">{" · ".join(line)}</p>'
        f"<details><summary>Each link with the source stating it and that source's date ({len(rows)}): a catalogue "
        f"or repository at a pinned commit, or the survey's reference list{what}"
        "</summary>" + table(["link", "to", "source"], rows, "card-web-links") + "</details>"
    )


def _link_out(e: dict[str, Any], short: bool = False) -> str:
    """One link out as HTML: its target (a licence by its id, a catalogue entry by its name there and, unless
    `short`, how it was matched; `short`: the catalogue's name)."""
    if e["kind"] == "conflict":
        return escape(e["label"])
    by_kind = {"listed in": e["label"], "accession": e["label"], "licence": e["target"].rsplit("/", 1)[-1]}
    text = by_kind.get(e["kind"]) or e["target"]
    shown = f'<a href="{escape(e["target"])}" rel="external">{escape(text)}</a>'
    if e["match"] and not short:
        shown += f" <small>({escape(', '.join(e['match']))})</small>"
    elif e["kind"] == "listed in":
        shown += f" <small>({escape(e['sources'][0].rsplit(' @ ', 1)[0].rsplit(' ', 1)[0])})</small>"
    return shown


def card_page(card: Card) -> str:
    """A page holding only the card (vocabulary entries, venues, publications, ontology terms)."""
    return layout(f"{card.label} ({card.kind})", card_html(card))


def not_found_html(message: str, candidates: list[Entity]) -> str:
    items = "".join(f"<li>{link(e.iri, e.label)} <span class='iri'>{escape(e.curie)}</span></li>" for e in candidates)
    return f'<p class="error">{escape(message)}</p>' + (f"<ul>{items}</ul>" if items else "")


# -- compare ------------------------------------------------------------------------------------------------------


def compare_page(store: Any, names: list[str]) -> tuple[int, str]:
    """(status, HTML) of /compare?e=NAME&e=NAME...: the comparison table, differences marked, CSV/JSON links."""
    from ..answers.compare import LINKS_NOTE, compare
    from ..answers.lookup import Ambiguous, NotFound
    from ..errors import UserError
    from .pages import table

    add = (
        '<form class="compare-add" action="/compare">'
        + "".join(f'<input type="hidden" name="e" value="{escape(n)}">' for n in names)
        + '<label>Add <input type="search" name="e" aria-label="add a model or dataset"></label> '
        "<button>Compare</button></form>"
    )
    try:
        cmp = compare(store, [n for n in names if n.strip()])
    except (NotFound, Ambiguous) as exc:
        cands = exc.suggestions if isinstance(exc, NotFound) else exc.candidates
        return 404, layout("Compare", not_found_html(str(exc), cands) + add)
    except UserError as exc:
        return 400, layout("Compare", f'<p class="error">{escape(str(exc))}</p>' + add)
    header = ["property", *[e["label"] for e in cmp.entities]]
    rows = []
    for r in cmp.rows:
        mark = '<span class="differs" title="they differ">≠</span> ' if r.differs else ""
        cells = [mark + escape(r.property)]
        for vals in r.values:
            cells.append(
                ", ".join(
                    f"<strong>{escape(v)}</strong>" if r.differs and v not in r.shared else escape(v) for v in vals
                )
                or "—"
            )
        rows.append(cells)
    heads = "".join(f"<th>{link(e['iri'], e['label'])}</th>" for e in cmp.entities)
    html_table = table(header, rows, "compare")
    html_table = html_table.replace(
        "<thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in header) + "</tr></thead>",
        f"<thead><tr><th>property</th>{heads}</tr></thead>",
    )
    qs = urlencode([("e", e["curie"].split(":", 1)[1]) for e in cmp.entities])
    body = (
        "<p>One row per property; <span class='differs'>≠</span> marks the rows where they differ, and the values "
        "not shared by all are in bold. Share this page by its URL.</p>"
        + html_table
        + f'<p class="note">{escape(LINKS_NOTE[0].upper() + LINKS_NOTE[1:])}.</p>'
        + f'<p>Download: <a href="/compare.csv?{escape(qs)}">CSV</a> · '
        + f'<a href="/compare.json?{escape(qs)}">JSON</a></p>'
        + add
    )
    return 200, layout("Compare: " + " vs ".join(e["label"] for e in cmp.entities), body)


def compare_download(store: Any, names: list[str], fmt: str) -> bytes:
    from ..answers.compare import compare, render

    return render(compare(store, names), fmt).encode()
