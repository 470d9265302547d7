"""The test client of the endpoint and the web explorer: one HTTP GET, the table cells and headings of a page, and
where screenshots go (test-artifacts/)."""

from __future__ import annotations

import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def fetch(server: Any, path: str, accept: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of GET `path` on `server` (an HTTP error's too), with an Accept header if given."""
    req = urllib.request.Request(server.url + path, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


class Tables(HTMLParser):
    """The text of every table cell of a page, by table class: {class: [[cell, ...], ...]}; and headings."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.headings: list[str] = []
        self._cls = ""
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._cls = dict(attrs).get("class") or ""
            self.tables.setdefault(self._cls, [])
        elif tag == "tr":
            self._row = []
        elif tag == "td":
            self._cell = []
        elif tag in ("h2", "h3"):
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row:
            self.tables[self._cls].append(self._row)
            self._row = None
        elif tag in ("h2", "h3") and self._heading is not None:
            self.headings.append(" ".join("".join(self._heading).split()))
            self._heading = None

    def handle_data(self, data: str) -> None:
        for buf in (self._cell, self._heading):
            if buf is not None:
                buf.append(data)


def parse(html: str) -> Tables:
    t = Tables()
    t.feed(html)
    return t
