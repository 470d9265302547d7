"""The report for a browser: `index.html`, a table of contents giving each section's one-line answer, and one page
per section under `pages/` (the summary, each figure, each canned question), each rendered from that section's
Markdown in index.md and linking back to the index and to its neighbours."""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass

PAGES = "pages"  # the folder of the section pages, beside index.html

TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 78rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }}
table {{ border-collapse: collapse; margin: 0.5rem 0; font-size: 0.9rem; }}
th, td {{ border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: left; vertical-align: top; }}
th {{ background: #f0f3f7; }} img {{ max-width: 100%; border: 1px solid #eee; }} code {{ background: #f4f4f4; }}
nav {{ font-size: 0.9rem; margin-bottom: 1rem; }}
</style></head>
<body>
{body}
</body></html>
"""


@dataclass(frozen=True)
class Section:
    """One section of the report and its page: `name` (the page's file stem), `title` (plain text), `part` (the
    heading of the index it is listed under), `text` (its Markdown, as in index.md) and `answer` (one line of
    Markdown for the index)."""

    name: str
    title: str
    part: str
    text: str
    answer: str

    @property
    def href(self) -> str:
        return f"{PAGES}/{self.name}.html"


def _label(title: str) -> str:
    """A title as the text of a Markdown link in a table cell."""
    return re.sub(r"([\\|\[\]*`])", r"\\\1", title)


def index_markdown(title: str, intro: str, sections: list[Section]) -> str:
    """The index: the report's title and intro, then per part a table of its sections with their one-line answers."""
    out = [
        f"# {title}",
        "",
        intro,
        "",
        "Each section below is a page of its own. The whole report on one page: [index.md](index.md); every "
        "result in full: [results/](results/) (CSV).",
        "",
    ]
    parts: dict[str, list[Section]] = {}
    for s in sections:
        parts.setdefault(s.part, []).append(s)
    for part, members in parts.items():
        out += [f"## {part}", "", "| section | answer |", "|---|---|"]
        out += [f"| [{_label(s.title)}]({s.href}) | {s.answer} |" for s in members] + [""]
    return "\n".join(out)


def page_markdown(section: Section, before: Section | None, after: Section | None) -> str:
    """A section's page: a line linking the index and the neighbouring pages, then the section with its heading
    as the page's title."""
    nav = ["[↑ Report index](../index.html)"]
    if before is not None:
        nav.append(f"[← {_label(before.title)}]({before.name}.html)")
    if after is not None:
        nav.append(f"[{_label(after.title)} →]({after.name}.html)")
    text = re.sub(r"^#{2,3} ", "# ", section.text, count=1, flags=re.M)
    return '<nav markdown="1">\n' + " · ".join(nav) + "\n</nav>\n\n" + text


#: links of a section's Markdown, as index.md writes them, and where they point from pages/
_RELINK = [
    (re.compile(r'(href|src)="(figures|results)/'), r'\1="../\2/'),
    (re.compile(r'href="#(q-[^"]+)"'), r'href="\1.html"'),
]


def _render(md: str, title: str) -> str:
    import markdown as mdlib

    body = mdlib.markdown(md, extensions=["tables", "fenced_code", "md_in_html"])
    return TEMPLATE.format(title=html.escape(title), body=body)


def html_pages(title: str, intro: str, sections: list[Section]) -> dict[str, str]:
    """index.html and pages/NAME.html (path relative to the report -> HTML), kept in the build cache by the digest
    of their Markdown, since rendering takes most of a second."""
    from importlib.metadata import version

    from ..common.cache import key, load, save

    pages = {"index.html": (index_markdown(title, intro, sections), title)}
    for i, s in enumerate(sections):
        before = sections[i - 1] if i else None
        after = sections[i + 1] if i + 1 < len(sections) else None
        pages[s.href] = (page_markdown(s, before, after), f"{s.title}: {title}")
    digest = hashlib.blake2b(repr(sorted(pages.items())).encode("utf-8"), digest_size=16).hexdigest()
    digest = key(digest, version("markdown"), TEMPLATE, repr(_RELINK))
    kept = load("html", digest)
    if isinstance(kept, dict) and set(kept) == set(pages):
        return kept
    out = {}
    for path, (md, page_title) in pages.items():
        text = _render(md, page_title)
        if path != "index.html":
            for pattern, repl in _RELINK:
                text = pattern.sub(repl, text)
        out[path] = text
    save("html", digest, out)
    return out
