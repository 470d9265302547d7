"""`llm4cell-kg drift`: the curators' work queue. Compares the graph with the committed catalogue snapshots
(catalogues/, pinned in catalogues/sources.yaml): the entries the graph lacks, the survey's models no catalogue lists,
the entries the graph holds only as other sources' records (not in the survey), and where a catalogue disagrees with
our record (year, paper, code). Reads no network: the snapshots and the built graph only."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import click

from .. import paths
from ..common.options import format_option
from ..errors import UserError
from .lookup import view_query
from .sources import restrict

#: a numbered paper of the OmicsML reading list: `1. [2024 Nature Methods] **Title** [[paper]](url)`
_OMICS_LINE = re.compile(r"\s*\d+\.\s*\[(\d{4})[^\]]*\]\s*\*\*(.+?)\*\*")
#: a paper line of hrlblab's vision-driven spatial omics list: `**[Venue 2024]** Title [[paper](url)] [[code](url)]`
_VISION_LINE = re.compile(
    r"\*\*\[[^\]]*?(\d{4})\]\*\*\s*(?P<title>.+?)\s*\[\[paper\]\(\S+?\)\](?:\s*\[\[code\]\((?P<code>\S+?)\)\])?"
)
#: how much of each catalogue the snapshots keep (the text and the web page say it)
KEPT = (
    "Awesome-Single-Cell-Foundation-Models is kept whole; the other catalogues only where an entry names a survey "
    "model or its reference"
)
#: the reading lists kept as facts (catalogues/<key>/facts.yaml `entries`, each with its README line)
READING_LISTS = ("histo-st", "sc-model-zoo", "spatial-tools", "xue-homepage")
#: what a catalogue's disagreement is about, by the start of its text (graph/web_links.yaml `conflicts`)
CONFLICT_KINDS = {"year": "year", "arXiv": "paper", "title": "paper", "code": "code"}


@dataclass(frozen=True)
class Entry:
    """One catalogue entry as its snapshot lists it."""

    source: str  # the catalogue's name
    name: str
    url: str  # the entry's page (sources.yaml `entry`)
    date: str = ""


@dataclass
class Drift:
    """What `drift` reports; every list sorted."""

    sources: list[dict[str, str]] = field(default_factory=list)  # name, repository, commit, date
    lacking: list[dict[str, str]] = field(default_factory=list)  # entries the graph holds no record of
    not_in_survey: list[dict[str, str]] = field(default_factory=list)  # entries held as another source's record
    unlisted: list[dict[str, str]] = field(default_factory=list)  # survey models no catalogue lists
    disagreements: list[dict[str, str]] = field(default_factory=list)  # model, source, about, text

    def counts(self) -> dict[str, int]:
        return {
            "lacking": len(self.lacking),
            "not_in_survey": len(self.not_in_survey),
            "unlisted": len(self.unlisted),
            "disagreements": len(self.disagreements),
        }


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def snapshot_entries(root: Path) -> tuple[list[dict[str, str]], list[Entry]]:
    """The pinned catalogues (sources.yaml) and every entry their committed snapshots list."""
    import yaml

    pins_file = root / "catalogues" / "sources.yaml"
    if not pins_file.is_file():
        raise UserError(f"no catalogue snapshots: {pins_file} is missing (drift runs in a project checkout)")
    pins = yaml.safe_load(pins_file.read_text(encoding="utf-8"))["sources"]
    here = root / "catalogues"
    out: list[Entry] = []
    pin = pins["awesome-scfm"]
    for m in yaml.safe_load((here / "awesome-scfm" / "facts.yaml").read_text(encoding="utf-8"))["models"]:
        date = str(m.get("date") or "")
        anchor = "model-" + _slug(f"{m['name']}-{date or 'unknown'}")
        out.append(Entry(pin["name"], m["name"], pin["entry"].format(id=anchor), date))
    pin = pins["scrna-tools"]
    tools = csv.DictReader(
        io.StringIO((here / "scrna-tools" / "tools.tsv").read_text(encoding="utf-8")), delimiter="\t"
    )
    out += [Entry(pin["name"], t["Tool"], pin["entry"].format(id=t["Tool"]), t.get("Added", "")) for t in tools]
    pin = pins["omicsml-papers"]
    lines = (here / "omicsml-papers" / "README.lines.tsv").read_text(encoding="utf-8")
    for row in csv.DictReader(io.StringIO(lines), delimiter="\t", quoting=csv.QUOTE_NONE):
        m = _OMICS_LINE.match(row["text"])
        if m:
            title = m.group(2)
            name, sep, _rest = title.partition(": ")  # 'scGPT: toward ...' names its model; else the title
            shown = name if sep else (title if len(title) <= 60 else title[:57] + "...")
            out.append(Entry(pin["name"], shown, pin["entry"].format(id=f"L{row['line']}"), m.group(1)))
    for key in READING_LISTS:
        pin = pins[key]
        for f in yaml.safe_load((here / key / "facts.yaml").read_text(encoding="utf-8"))["entries"]:
            out.append(Entry(pin["name"], f["name"], pin["entry"].format(id=f"L{f['line']}"), str(f.get("year") or "")))
    pin = pins["vision-omics"]
    lines = (here / "vision-omics" / "README.lines.tsv").read_text(encoding="utf-8")
    for row in csv.DictReader(io.StringIO(lines), delimiter="\t", quoting=csv.QUOTE_NONE):
        v = _VISION_LINE.match(row["text"].strip())
        if v:  # the line names no tool: its code repository's name does, else its title
            shown = v["code"].rstrip("/").rsplit("/", 1)[-1] if v["code"] else v["title"]
            out.append(Entry(pin["name"], shown, pin["entry"].format(id=f"L{row['line']}"), v[1]))
    described = [
        {"name": p["name"], "repository": p["repository"], "commit": p["commit"], "date": str(p["date"])}
        for p in pins.values()
    ]
    return described, out


def _rows(store: Any, name: str) -> list[dict[str, str]]:
    from ..store.sparql import run

    result = run(store, view_query(name))
    return [
        {v: (t.value if t is not None else "") for v, t in zip(result.variables, row, strict=True)}
        for row in result.rows
    ]


def drift(store: Any, root: Path | None = None) -> Drift:
    """Compare the graph in `store` (all sources) with the catalogue snapshots under `root` (default: the project)."""
    described, entries = snapshot_entries(root or paths.ROOT)
    catalogues = {d["name"] for d in described}
    matches = [r for r in _rows(store, "drift-matches") if r["source"] in catalogues]
    records = _rows(store, "drift-records")
    survey = {r["model"]: r["label"] for r in _rows(restrict(store, "survey"), "drift-records")}
    matched = {r["entry"] for r in matches}
    read = {r["entry"]: r["label"] for r in records if r["entry"]}
    # a catalogue printing one entry twice (the same name and date on two lines) lists it once
    listed_once = {(e.source, e.name.casefold(), e.date) for e in entries if e.url in matched}
    out = Drift(sources=described)
    for e in sorted(entries, key=lambda e: (e.source, e.name.casefold(), e.url)):
        row = {"source": e.source, "name": e.name, "date": e.date, "entry": e.url}
        if e.url in read:
            out.not_in_survey.append(row)
        elif (e.source, e.name.casefold(), e.date) not in listed_once:
            out.lacking.append(row)
    listed = {r["model"] for r in matches}
    out.unlisted = [
        {"model": m, "name": survey[m]} for m in sorted(survey, key=lambda m: survey[m].casefold()) if m not in listed
    ]
    seen: set[tuple[str, str, str]] = set()
    for r in matches:
        key = (r["label"], r["source"], r["conflict"])
        if r["conflict"] and key not in seen:
            seen.add(key)
            about = CONFLICT_KINDS.get(r["conflict"].split(":", 1)[0], "other")
            out.disagreements.append(
                {"model": r["model"], "name": r["label"], "source": r["source"], "about": about, "text": r["conflict"]}
            )
    return out


def render_text(d: Drift) -> str:
    """The work queue, one section per kind, each entry on a line."""
    lines = ["Drift between the graph and the catalogue snapshots (catalogues/sources.yaml):"]
    lines += [f"  {s['name']} {s['repository']} @ {s['commit'][:7]} ({s['date']})" for s in d.sources]
    c = d.counts()
    lines += [
        f"({KEPT})",
        "",
        f"Entries the graph lacks ({c['lacking']}): a catalogue lists them, no record of ours holds them "
        "(most carry a survey model's name without agreeing with it: a curator decides)",
    ]
    lines += [
        f"  {r['source']}: {r['name']}" + (f" ({r['date']})" if r["date"] else "") + f"  {r['entry']}"
        for r in d.lacking
    ]
    lines += [
        "",
        f"Not in the survey ({c['not_in_survey']}): held only as records read from a catalogue (--sources all)",
    ]
    lines += [f"  {r['source']}: {r['name']}" + (f" ({r['date']})" if r["date"] else "") for r in d.not_in_survey]
    lines += ["", f"Survey models no catalogue lists ({c['unlisted']})"]
    lines += [f"  {r['name']}  {r['model']}" for r in d.unlisted]
    lines += ["", f"Disagreements between a catalogue and our record ({c['disagreements']})"]
    lines += [f"  {r['name']} [{r['about']}] {r['text']}" for r in d.disagreements]
    return "\n".join(lines)


@click.command("drift")
@format_option(("text", "json"))
def command(fmt: str) -> None:
    """The curators' work queue: what the catalogues list that the graph lacks, the survey's models no catalogue
    lists, the catalogue entries held only as records not in the survey, and where a catalogue disagrees with our
    records (year, paper, code). From the committed snapshots in catalogues/; no network."""
    from ..store.embedded import open_store

    d = drift(open_store())
    if fmt == "json":
        click.echo(json.dumps({"counts": d.counts(), **asdict(d)}, indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(d))
