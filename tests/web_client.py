"""One HTTP GET against a test server, as the tests of the endpoint and of the web explorer make it."""

from __future__ import annotations

import urllib.error
import urllib.request
from typing import Any


def fetch(server: Any, path: str, accept: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of GET `path` on `server` (an HTTP error's too), with an Accept header if given."""
    req = urllib.request.Request(server.url + path, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()
