"""The manual in docs/ builds as a site with `mkdocs build --strict`: a broken link, a missing anchor or a page left
out of the nav fails the build (and this test)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def _build(root: Path, site: Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(site)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)


def test_the_manual_builds_without_warnings(tmp_path: Path) -> None:
    res = _build(REPO, tmp_path / "site")
    assert res.returncode == 0, res.stderr
    assert "WARNING" not in res.stderr, res.stderr
    pages = {p.stem for p in (REPO / "docs").glob("*.md")}
    built = {p.parent.name for p in (tmp_path / "site").glob("*/index.html")}
    assert pages - {"index"} <= built, pages - built  # every page of docs/ is in the site
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="architecture/"' in home and 'href="benchmarks-main/"' in home


def test_a_broken_link_fails_the_build(tmp_path: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    page = root / "docs" / "report.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee [the missing page](no-such-page.md).\n", "utf-8")
    res = _build(root, tmp_path / "site")
    assert res.returncode != 0
    assert "no-such-page.md" in res.stderr


def test_the_readme_links_into_the_manual() -> None:
    """The front page links each guide page of the manual, and every relative link of it resolves (mkdocs checks
    the links inside docs/, not the README's)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)\s]+)\)", readme)
    local = [link for link in links if not link.startswith(("http://", "https://"))]
    headings = {re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-") for h in re.findall(r"^#+ (.+)$", readme, re.M)}
    for link in local:
        path, _, anchor = link.partition("#")
        assert (REPO / path).is_file() if path else anchor in headings, link
    nav = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    guide = next(item["Guide"] for item in nav if isinstance(item, dict) and "Guide" in item)
    assert {f"docs/{page}" for item in guide for page in item.values()} <= set(local)
