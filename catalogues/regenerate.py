"""Regenerate graph/web_links.yaml (links from public catalogues) from the pinned snapshots in catalogues/.

    python catalogues/regenerate.py [--snapshot MIRRORS]

Reads the survey's records (graph/models.yaml, prose_models.yaml, publications.yaml, venues.yaml, aliases.yaml) and
the catalogues pinned in catalogues/sources.yaml: scRNA-tools (MIT: a subset of its TSVs is kept), the
Awesome-Single-Cell-Foundation-Models list (no licence: only its facts are kept, in awesome-scfm/facts.yaml), the
OmicsML reading list (MIT: the README lines used are kept), hrlblab's vision-driven spatial omics list (Apache-2.0:
the lines used are kept), ZZhangsm's H&E-to-ST list, dzyim's single-cell model zoo and anthbapt's spatial biology
tools (no licence: facts only), plus
catalogues/model-repos.yaml (facts read by hand from a model's own repository, each pinned to a commit). Writes
one record per (source, model) that agrees with the survey beyond the name: a name is never enough, a match needs
the arXiv id or the title of the survey's own reference, the year or the venue, and the record says which
(`evidence`) and where the source disagrees (`conflicts`); and, where the audit finds a model's citation to be
another model's paper, a record of that cited reference's paper (`publication`, see reference_records). Also writes
graph/catalogue_models.yaml (issue 23): one record per Awesome-Single-Cell-Foundation-Models entry that no survey
model matches and that carries no survey name, with only what the entry states and the family its category maps to
through catalogues/category-families.yaml. Same snapshots, same files, byte for byte. With --snapshot, the snapshots
are first extracted again from git mirrors (MIRRORS/<owner>+<name>/repo) at the pinned commits. Run
`llm4cell-kg build` afterwards.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GRAPH = ROOT / "graph"
OUT = GRAPH / "web_links.yaml"
MODELS_OUT = GRAPH / "catalogue_models.yaml"
CATEGORY_TABLE = HERE / "category-families.yaml"
SCRNA_FILES = ("tools.tsv", "doi-idx.tsv", "references.tsv", "repositories.tsv")
#: reading lists without a licence: only the facts of their candidate entries are kept, in <key>/facts.yaml
UNLICENSED_LISTS = ("histo-st", "sc-model-zoo", "spatial-tools", "xue-homepage")

HEADER = """\
# yaml-language-server: $schema=../schemas/web_links.schema.json
# Links from public catalogues (issue 22): one record per (source, model) that the source lists and that agrees
# with the survey beyond the name. Written by `python catalogues/regenerate.py` from the pinned snapshots in
# catalogues/ (sources.yaml names each repository, file, commit and date): do not edit by hand; change
# catalogues/model-repos.yaml or the matching rules and run the script again. Each record is built into a graph of
# its own, typed l4c:LinkAssertion (a curator assertion), never among the survey's statements.
"""


def norm(text: str) -> str:
    """Lower-case letters and digits only: how names and titles are compared."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def similar(a: str, b: str) -> float:
    """How alike two normalised titles are, 0 to 1."""
    return difflib.SequenceMatcher(None, a, b).ratio()


#: titles this alike are the same title (a dropped article, a changed capital); this unlike, another paper
SAME_TITLE, OTHER_TITLE = 0.9, 0.75


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# ---------------------------------------------------------------- paper links as identifiers


#: a journal's DOI prefix inside nature.com article URLs -> the venue id of graph/venues.yaml
NATURE_JOURNALS = {
    "s41592": "nature-methods",
    "s41586": "nature",
    "s41467": "nature-communications",
    "s42256": "nature-machine-intelligence",
    "s41422": "cell-research",
    "s41587": "nature-biotechnology",
    "s41588": "nature-genetics",
    "s42003": "communications-biology",
}


def paper_iri(url: str) -> str:
    """The identifier IRI a paper URL names (DOI, arXiv, PubMed Central, PubMed), else the URL as given."""
    u = url.strip().split("#", 1)[0]
    rules = (
        (r"https?://(?:dx\.)?doi\.org/(10\.\d{4,9}/\S+)", "https://doi.org/{}"),
        (
            r"https?://(?:www\.)?(?:bio|med)rxiv\.org/content/(10\.\d{4,9}/(?:\d{4}\.\d\d\.\d\d\.)?\d+)",
            "https://doi.org/{}",
        ),
        # an IJCAI proceedings page, /proceedings/<year>/<number>: its DOI is 10.24963/ijcai.<year>/<number>
        (r"https?://(?:www\.)?ijcai\.org/proceedings/(\d{4})(/\d+)/?$", "https://doi.org/10.24963/ijcai.{}"),
        (r"https?://(?:www\.)?sciopen\.com/article/(10\.\d{4,9}/\S+?)/?$", "https://doi.org/{}"),
        (
            r"https?://(?:www\.)?biorxiv\.org/content/biorxiv/early/\d{4}/\d\d/\d\d/(\d{4}\.\d\d\.\d\d\.\d+)",
            "https://doi.org/10.1101/{}",
        ),
        (r"https?://(?:www\.)?nature\.com/articles/([a-z0-9-]+)/?$", "https://doi.org/10.1038/{}"),
        (r"https?://link\.springer\.com/(?:chapter|article)/(10\.\d{4,9}/\S+)", "https://doi.org/{}"),
        # an Oxford University Press article page: academic.oup.com/<journal>/article/<vol>/<issue>/<article id>/...
        (
            r"https?://academic\.oup\.com/([a-z]+/)article(?:-pdf)?/\d+/\d+/([a-z]+\d+)(?:/\S*)?$",
            "https://doi.org/10.1093/{}",
        ),
        (r"https?://arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?/?$", "https://arxiv.org/abs/{}"),
        (r"https?://huggingface\.co/papers/(\d{4}\.\d{4,5})/?$", "https://arxiv.org/abs/{}"),
        (r"https?://(?:pmc\.ncbi\.nlm\.nih\.gov|www\.ncbi\.nlm\.nih\.gov/pmc)/articles/(PMC\d+)/?$", None),
        (r"https?://pubmed\.ncbi\.nlm\.nih\.gov/(\d+)/?$", "https://pubmed.ncbi.nlm.nih.gov/{}/"),
    )
    for pattern, template in rules:
        m = re.match(pattern, u)
        if m:
            value = "".join(m.groups())
            return f"https://pmc.ncbi.nlm.nih.gov/articles/{value}/" if template is None else template.format(value)
    return url.strip()


#: an Oxford University Press journal's code in its DOIs (10.1093/<code>/...) -> the venue id of graph/venues.yaml
OUP_JOURNALS = {
    "nar": "nucleic-acids-research",
    "bib": "briefings-in-bioinformatics",
    "bioinformatics": "bioinformatics",
}


def venue_of(url: str) -> str | None:
    """The venue id a paper URL shows (arXiv, bioRxiv, a Nature or an Oxford journal), if any."""
    if re.match(r"https://arxiv\.org/abs/", url):
        return "arxiv"
    if url.startswith("https://doi.org/10.1101/"):
        return "biorxiv"
    m = re.match(r"https://doi\.org/10\.1093/([a-z]+)/", url)
    if m:
        return OUP_JOURNALS.get(m.group(1))
    m = re.match(r"https://doi\.org/10\.1038/(s\d{5})-", url)
    return NATURE_JOURNALS.get(m.group(1)) if m else None


def years_of(url: str) -> set[int]:
    """The year a paper identifier shows: a bioRxiv DOI's posting date, an arXiv id's yymm."""
    m = re.match(r"https://doi\.org/10\.1101/(20\d\d)\.\d\d\.\d\d\.", url)
    if m:
        return {int(m.group(1))}
    m = re.match(r"https://arxiv\.org/abs/(\d\d)\d\d\.", url)
    return {2000 + int(m.group(1))} if m else set()


#: the IRIs of paper identifiers (what issue 22 counts as a paper identifier)
IDENTIFIER_PREFIXES = (
    "https://doi.org/",
    "https://arxiv.org/abs/",
    "https://pmc.ncbi.nlm.nih.gov/",
    "https://pubmed.ncbi.nlm.nih.gov/",
)


def arxiv_ids(urls: list[str]) -> set[str]:
    return {u.rsplit("/", 1)[1] for u in urls if u.startswith("https://arxiv.org/abs/")}


def repo_key(url: str) -> str:
    """A code URL compared case-insensitively, without `.git`, a branch's `/tree/<name>` or a trailing slash."""
    return re.sub(r"/tree/[^/]+$", "", url.lower().rstrip("/")).removesuffix(".git")


# ---------------------------------------------------------------- the survey's side


@dataclass
class Model:
    """A model of the survey and the facts a catalogue entry may agree with."""

    id: str
    label: str  # how evidence names it: 'Table 7 row 1 scGPT'
    names: set[str]  # normalised
    years: set[int]
    venues: set[str]
    ref: str  # 'References entry 17 (Cui et al., 2024)'
    title: str  # normalised title of the cited reference
    printed_title: str
    arxiv: set[str]
    sole_citer: bool  # the only model citing its reference
    #: the month of an arXiv id the reference prints cut short ('arXiv–2503': yymm only, no number)
    arxiv_months: set[str] = field(default_factory=set)


def survey_models() -> list[Model]:
    def read(name: str) -> Any:
        return yaml.safe_load((GRAPH / name).read_text(encoding="utf-8"))

    pubs = read("publications.yaml")
    entry = {p["id"]: (n, p) for n, p in enumerate(pubs, start=1)}
    aliases = (read("aliases.yaml") or {}).get("models") or {}
    rows = read("models.yaml")  # Table 7's models (prose-only models are not matched)
    prose = read("prose_models.yaml")
    cites: dict[str, int] = {}
    for r in [*rows, *prose]:
        if r.get("citation"):
            cites[r["citation"]] = cites.get(r["citation"], 0) + 1
    out = []
    for r in rows:
        names = {r["name"], *(a["label"] for a in aliases.get(r["id"]) or [])}
        if "printed" in r:
            names.add(r["printed"]["model"].split(" (")[0])
        where = f"Table 7 row {r['row']}" if "row" in r else f"§{r['section']}"
        n, pub = entry[r["citation"]] if r.get("citation") else (0, None)
        arxiv = set(re.findall(r"arXiv:(\d{4}\.\d{4,5})", pub["printed"])) if pub else set()
        months = set(re.findall(r"arXiv[–-](\d{4})\b(?!\.\d)", pub["printed"])) if pub else set()
        out.append(
            Model(
                id=r["id"],
                label=f"{where} {r['name']}",
                names={norm(x) for x in names},
                years={y for y in (r.get("year"), pub and pub["year"]) if y},
                venues={*(r.get("venues") or []), *([pub["venue"]] if pub else [])},
                ref=f"References entry {n} ({pub['label']})" if pub else "",
                title=norm(pub["title"]) if pub else "",
                printed_title=pub["title"] if pub else "",
                arxiv=arxiv,
                sole_citer=bool(pub) and cites.get(r.get("citation") or "", 0) == 1,
                arxiv_months=months,
            )
        )
    return out


# ---------------------------------------------------------------- the catalogues' side


@dataclass
class Entry:
    """One catalogue entry, with the facts it states."""

    source: str  # key of sources.yaml
    id: str  # the entry's id in its catalogue
    path: str  # the file it is read from
    name: str
    names: set[str]  # normalised
    years: set[int] = field(default_factory=set)
    venues: set[str] = field(default_factory=set)
    titles: dict[str, str] = field(default_factory=dict)  # normalised -> as printed
    paper: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)
    weights: list[str] = field(default_factory=list)
    documentation: list[str] = field(default_factory=list)
    licence: str | None = None


def read_tsv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))


def scrna_tools(files: dict[str, str]) -> list[Entry]:
    """The tools of scRNA-tools' database/*.tsv (file name -> text)."""
    tools = read_tsv(files["tools.tsv"])
    dois: dict[str, list[str]] = {}
    for r in read_tsv(files["doi-idx.tsv"]):
        dois.setdefault(r["Tool"], []).append(r["DOI"])
    refs = {r["DOI"]: r for r in read_tsv(files["references.tsv"])}
    repos = {r["Tool"]: r for r in read_tsv(files["repositories.tsv"])}
    out = []
    for t in tools:
        e = Entry("scrna-tools", t["Tool"], "database/tools.tsv", t["Tool"], {norm(t["Tool"])})
        for doi in dois.get(t["Tool"], []):
            ref = refs.get(doi, {})
            url = (
                f"https://arxiv.org/abs/{doi.split('/', 1)[1]}"
                if doi.startswith("arxiv/")
                else f"https://doi.org/{doi}"
            )
            e.paper.append(url)
            e.years |= years_of(url)
            if ref.get("Date", "NA")[:4].isdigit():
                e.years.add(int(ref["Date"][:4]))
            if ref.get("Title"):
                e.titles[norm(ref["Title"])] = ref["Title"]
            if venue_of(url):
                e.venues.add(venue_of(url) or "")
        github = (repos.get(t["Tool"]) or {}).get("GitHub", "NA")
        for url in (t["Code"], f"https://github.com/{github}" if github != "NA" else "NA"):
            if url.startswith("http") and repo_key(url) not in {repo_key(c) for c in e.code}:
                e.code.append(url)
        e.licence = t["License"] if t["License"] not in ("NA", "") else None
        out.append(e)
    return out


#: a resource label -> the link kind it is (others are not imported)
RESOURCE_KINDS = (
    (re.compile(r"hugging ?face", re.I), "weights"),
    (re.compile(r"model files|weights|checkpoint", re.I), "weights"),
    (re.compile(r"docs|documentation|virtual cells|project (page|site)", re.I), "documentation"),
)


def awesome(models: list[dict[str, Any]]) -> list[Entry]:
    """The entries of Awesome-Single-Cell-Foundation-Models' site/data.json `models`."""
    out = []
    for m in models:
        anchor = "model-" + slug(f"{m['name']}-{m.get('date') or 'unknown'}")
        names = {norm(m["name"]), *(norm(x) for x in re.findall(r"\((.*?)\)", m["name"]))}
        names.add(norm(re.sub(r"\s*\(.*?\)", "", m["name"])))
        e = Entry("awesome-scfm", anchor, "site/data.json", m["name"], names)
        if str(m.get("date") or "")[:4].isdigit():
            e.years.add(int(str(m["date"])[:4]))
        for p in m.get("paper") or []:
            url = paper_iri(p["url"])
            if url not in e.paper:
                e.paper.append(url)
            e.years |= years_of(url)
            if venue_of(url):
                e.venues.add(venue_of(url) or "")
        e.code = [c["url"] for c in m.get("code") or []]  # as the source lists it (Geneformer's is on Hugging Face)
        e.weights = [c["url"] for c in m.get("code") or [] if "huggingface.co" in c["url"]]
        for r in m.get("resources") or []:
            kind = next((k for pattern, k in RESOURCE_KINDS if pattern.search(r["label"])), None)
            if kind == "weights" and "huggingface.co/papers" not in r["url"]:
                e.weights.append(r["url"])
            elif kind == "documentation":
                e.documentation.append(r["url"])
        out.append(e)
    return out


#: a numbered line of the OmicsML reading list: `1. [2024 Nature Methods] **Title** [[paper]](url)`
_OMICS_LINE = re.compile(r"\s*\d+\.\s*\[(\d{4})\s*([^\]]*)\]\s*\*\*(.+?)\*\*\s*\[\[paper\]\]\((\S+)\)")


def omicsml(lines: list[tuple[int, str]], venues: dict[str, str]) -> list[Entry]:
    """The numbered papers among the OmicsML README's (line number, text) pairs."""
    out = []
    for n, text in lines:
        m = _OMICS_LINE.match(text)
        if not m:
            continue
        year, venue, title, url = m.groups()
        while url.count(")") > url.count("("):  # a URL may hold parentheses: keep them balanced
            url = url[:-1]
        name, sep, rest = title.partition(": ")
        titles = {norm(title): title} | ({norm(rest): rest} if sep else {})
        first = title.split()[0]  # 'scBERT as a large-scale ...': a title may open with the model's name
        e = Entry("omicsml-papers", f"L{n}", "README.md", name if sep else first, {norm(name) if sep else norm(first)})
        e.years.add(int(year))
        e.titles = titles
        if norm(venue) in venues:
            e.venues.add(venues[norm(venue)])
        e.paper.append(paper_iri(url))
        if venue_of(e.paper[0]):
            e.venues.add(venue_of(e.paper[0]) or "")
        out.append(e)
    return out


#: a paper line of hrlblab's vision-driven spatial omics list:
#: `**[Briefings in Bioinformatics 2024]** Title [[paper](url)] [[code](url)]`
_VISION_LINE = re.compile(
    r"\*\*\[(?P<venue>[^\]]*?)\s*(?P<year>\d{4})\]\*\*\s*(?P<title>.+?)\s*\[\[paper\]\((?P<paper>\S+?)\)\]"
    r"(?:\s*\[\[code\]\((?P<code>\S+?)\)\])?"
)


def vision_omics(lines: list[tuple[int, str]], venues: dict[str, str]) -> list[Entry]:
    """The papers among the (line number, text) pairs of hrlblab/computer_vision_spatial_omics' README. A line names
    no tool: its name is its code repository's (github.com/Zhaocy-Research/TransformerST -> TransformerST)."""
    out = []
    for n, text in lines:
        m = _VISION_LINE.match(text.strip())
        if not m or not m["code"] or "github.com/" not in m["code"]:
            continue
        name = m["code"].rstrip("/").split("github.com/", 1)[1].split("/")[1]
        e = Entry("vision-omics", f"L{n}", "README.md", name, {norm(name)}, {int(m["year"])})
        e.titles = {norm(m["title"]): m["title"]}
        e.paper.append(paper_iri(m["paper"]))
        e.code.append(m["code"])
        e.venues |= {v for v in (venues.get(norm(m["venue"])), venue_of(e.paper[0])) if v}
        out.append(e)
    return out


#: a row of ZZhangsm's H&E-to-ST table: `| 2025 | **Title** | Venue | Name | [link](paper) | [link](code) |`
_HISTO_ROW = re.compile(
    r"\|\s*(?P<year>\d{4})\s*\|\s*\*\*(?P<title>.+?)\*\*\s*\|\s*(?P<venue>[^|]*?)\s*\|\s*(?P<name>[^|]*?)\s*\|"
    r"\s*\[link\]\((?P<paper>[^)\s]*)\)\s*\|\s*(?:\[link\]\((?P<code>[^)\s]*)\))?"
)
#: an entry of dzyim's single-cell model zoo: `- **xTrimoGene (2023).** [[BioRxiv]](url) [[Lab]](url) ... description`
#: a row of anthbapt's spatial biology tools tables: `| [Name](paper) | 12/2024 | docs | [<img ...>](code) |`
_TOOLS_ROW = re.compile(
    r"\|\s*\[(?P<name>[^\]]+)\]\((?P<paper>[^)\s]+)\)\s*\|\s*\d\d/(?P<year>\d{4})\s*\|[^|]*\|\s*"
    r"(?:\[<img [^>]*>\]\((?P<code>[^)\s]+)\))?"
)
_ZOO_LINE = re.compile(r"-\s*\*\*(?P<name>.+?) \((?P<year>\d{4})\)\.\*\*(?P<rest>.*)")
_ZOO_LINK = re.compile(r"\[\[(?P<label>[^\]]+)\]\]\((?P<url>(?:[^()\s]|\([^()\s]*\))+)\)")  # a URL may hold (23)


#: a field of an entry of Wen Xue's publications.js: `title: "..."`, `year: 2024`, `shortVenue: "..."`, a link
_PUB_FIELD = re.compile(
    r'\s*(?:title: "(?P<title>[^"]+)"|year: (?P<year>\d{4})|shortVenue: "(?P<venue>[^"]+)"'
    r'|\{ label: "(?P<label>Paper|Code)", url: "(?P<url>[^"]+)" \})'
)


def publication_list(lines: list[tuple[int, str]]) -> list[dict[str, Any]]:
    """The entries of a homepage's publications.js (one object per paper, a field a line), those with a paper link:
    name (the title before its colon), year, venue (its tags and year dropped), title, paper and code URLs."""
    out: list[dict[str, Any]] = []
    for n, text in lines:
        m = _PUB_FIELD.match(text)
        if m and m["title"]:
            name = m["title"].split(":", 1)[0] if ":" in m["title"] else m["title"]
            out.append({"line": n, "name": name, "year": 0, "title": m["title"], "venue": "", "paper": [], "code": []})
        elif m and out:
            if m["year"]:
                out[-1]["year"] = int(m["year"])
            elif m["venue"]:
                out[-1]["venue"] = re.sub(r"<[^>]+>.*?</[^>]+>|\d{4}", "", m["venue"]).strip()
            elif m["label"]:
                out[-1]["paper" if m["label"] == "Paper" else "code"].append(m["url"])
    return [f for f in out if f["paper"] and f["year"]]


def list_facts(source: str, lines: list[tuple[int, str]]) -> list[dict[str, Any]]:
    """The facts of the entries of an unlicensed reading list (name, year, title, venue as printed, paper and code
    URLs), one per README line it parses: what catalogues/<source>/facts.yaml keeps of it."""
    if source == "xue-homepage":
        return publication_list(lines)
    out: list[dict[str, Any]] = []
    for n, text in lines:
        if source == "histo-st" and (m := _HISTO_ROW.match(text.strip())) and m["name"] and m["paper"]:
            code = [m["code"]] if m["code"] and m["code"].startswith("http") else []
            fact = {"line": n, "name": m["name"], "year": int(m["year"]), "title": m["title"], "venue": m["venue"]}
            out.append(fact | {"paper": [m["paper"]], "code": code})
        elif source == "spatial-tools" and (m := _TOOLS_ROW.match(text.strip())):
            code = [m["code"]] if m["code"] else []
            out.append({"line": n, "name": m["name"], "year": int(m["year"]), "paper": [m["paper"]], "code": code})
        elif source == "sc-model-zoo" and (m := _ZOO_LINE.match(text.strip())):
            links = list(_ZOO_LINK.finditer(m["rest"]))
            paper = [x["url"] for x in links if x["label"] in ("Article", "BioRxiv", "arXiv")]
            code = [x["url"] for x in links if x["label"].startswith("GitHub")]
            title = m["rest"][links[-1].end() :].strip() if links else ""
            if paper:
                out.append(
                    {"line": n, "name": m["name"], "year": int(m["year"]), "title": title}
                    | {"paper": paper, "code": code}
                )
    return out


def reading_list(
    source: str, facts: list[dict[str, Any]], venues: dict[str, str], path: str = "README.md"
) -> list[Entry]:
    """The entries of an unlicensed reading list's facts.yaml. A title printed without the name ('an efficient and
    scalable representation learner ...') is compared also as 'name: title', as the paper's title reads."""
    out = []
    for f in facts:
        e = Entry(source, f"L{f['line']}", path, f["name"], {norm(f["name"])}, {f["year"]})
        if f.get("title"):
            e.titles = {norm(f["title"]): f["title"], norm(f"{f['name']}: {f['title']}"): f["title"]}
        e.paper = [paper_iri(u) for u in f["paper"]]
        e.code = list(f.get("code") or [])
        e.venues = {v for v in (venues.get(norm(f.get("venue") or "")), *map(venue_of, e.paper)) if v}
        out.append(e)
    return out


# ---------------------------------------------------------------- matching


@dataclass
class Match:
    """A catalogue entry matched to a model, with the facts that agree and those that disagree."""

    model: Model
    entry: Entry
    evidence: list[str]
    conflicts: list[str]
    predicate: str
    justification: str
    confidence: float


def compare(m: Model, e: Entry, source: str, known: dict[str, dict[str, str]] | None = None) -> Match | None:
    """The match of entry `e` to model `m`, or None: a candidate shares the name (or, for the one model citing a
    reference, that reference's arXiv id or title), and a match needs at least one agreeing fact beyond the name.
    `known`: kind -> URL -> the source whose entry, matched to `m` on its reference, gives it."""
    named = bool(m.names & e.names)
    evidence: list[str] = [f"name: {e.name} = {m.label}"] if named else []
    conflicts: list[str] = []
    strong = chained = False
    ids = arxiv_ids(e.paper)
    if m.arxiv and ids:
        if m.arxiv & ids:
            strong = True
            evidence += [f"arXiv:{x} = {m.ref}" for x in sorted(m.arxiv & ids)]
        else:
            conflicts.append(
                f"arXiv: {source} gives {', '.join(sorted(ids))}; {m.ref} prints {', '.join(sorted(m.arxiv))}"
            )
    # a reference printing only the month of its arXiv id ('arXiv–2503'): an entry's id of that month agrees in
    # part, enough to keep a retitled preprint (the name, and the id the reference began to print) from being taken
    # for a name collision; its title, if it differs, stays a conflict
    month = sorted(x for x in ids if x[:4] in m.arxiv_months) if named and not m.arxiv else []
    if month:
        printed = ", ".join(f"arXiv–{x}" for x in sorted(m.arxiv_months))
        evidence.append(f"arXiv month: {month[0]} is of the month {m.ref} prints ({printed})")
    if m.title and e.titles:
        best = max(e.titles, key=lambda t: (similar(t, m.title), t))
        if similar(best, m.title) >= SAME_TITLE:
            strong = True
            evidence.append(f"title: '{e.titles[best]}' = {m.ref}")
        elif similar(best, m.title) < OTHER_TITLE:
            conflicts.append(f"title: {source} gives '{e.titles[best]}'; {m.ref} is '{m.printed_title}'")
    for kind in ("paper", "code"):
        given = (known or {}).get(kind, {})
        shared = sorted({repo_key(u) for u in getattr(e, kind)} & set(given))
        if named and not strong and shared:
            chained = True
            evidence.append(f"{kind}: {shared[0]} = {given[shared[0]]}'s entry, matched on {m.ref}")
    if not named and not (strong and m.sole_citer):
        return None
    if named and not (strong or chained or month) and any(c.startswith(("title:", "arXiv:")) for c in conflicts):
        return None  # the same name, another paper: a name collision
    if e.years & m.years:
        evidence.append(f"year: {', '.join(map(str, sorted(e.years & m.years)))}")
    elif e.years:
        years = ", ".join(map(str, sorted(e.years)))
        conflicts.append(f"year: {source} gives {years}; the survey {', '.join(map(str, sorted(m.years)))}")
    if e.venues & m.venues:
        evidence.append(f"venue: {', '.join(sorted(e.venues & m.venues))}")
    if len(evidence) == int(named):
        return None  # the name alone
    if named and strong:
        predicate, justification, confidence = "skos:exactMatch", "semapv:CompositeMatching", 0.95
    elif named and chained:  # the name, and the paper or code of a match made on the survey's reference
        predicate, justification, confidence = "skos:exactMatch", "semapv:MappingChaining", 0.9
    elif strong:  # the survey's reference, under another name (a toolkit, a later version)
        justification = "semapv:LexicalMatching" if not ids & m.arxiv else "semapv:DatabaseCrossReference"
        predicate, confidence = "skos:closeMatch", 0.8
    else:  # the name and the year or venue
        predicate, justification = "skos:closeMatch", "semapv:LexicalMatching"
        confidence = 0.7 if len(evidence) > 2 else 0.6
    confidence = round(max(confidence - 0.1 * len(conflicts), 0.3), 2)
    return Match(m, e, evidence, conflicts, predicate, justification, confidence)


def rejected(m: Model, e: Entry, source: str, known: dict[str, dict[str, str]]) -> str | None:
    """Why an entry with the model's name is not matched (a name collision), or None."""
    if not m.names & e.names or compare(m, e, source, known):
        return None
    other = ", ".join(e.paper) or "no paper"
    return f"{source} {e.name} ({other}, {', '.join(map(str, sorted(e.years))) or 'no year'}) is not {m.label}"


# ---------------------------------------------------------------- records


def caveated(models: list[Model]) -> list[Model]:
    """Models whose printed citation the audit found to be another model's paper or a review
    (graph/citation_caveats.yaml): their reference's title and arXiv id are not theirs, so neither agrees nor
    conflicts."""
    caveats = yaml.safe_load((GRAPH / "citation_caveats.yaml").read_text(encoding="utf-8")) or []
    pubs = {p["id"]: p for p in yaml.safe_load((GRAPH / "publications.yaml").read_text(encoding="utf-8"))}
    bad = {(c["model"], norm(pubs[c["publication"]]["title"])) for c in caveats}
    for m in models:
        if (m.id, m.title) in bad:
            m.title, m.arxiv, m.sole_citer = "", set(), False
    return models


def pinned_source(pin: dict[str, Any], path: str) -> dict[str, str]:
    """A record's `source` block: the pinned catalogue (sources.yaml) and the file of it that was read."""
    return {
        "name": pin["name"],
        "repository": pin["repository"],
        "path": path,
        "commit": pin["commit"],
        "date": str(pin["date"]),
    }


def record(match: Match, pins: dict[str, Any], meta: dict[str, Any]) -> dict[str, Any]:
    e, pin = match.entry, pins[match.entry.source]
    rec: dict[str, Any] = {
        "id": f"{e.source}-{match.model.id}",
        "model": match.model.id,
        "source": pinned_source(pin, e.path),
        "curator": meta["curator"],
        "curated": str(meta["curated"]),
        "entry": {
            "id": e.id,
            "label": e.name,
            "url": pin["entry"].format(id=e.id),
            "predicate": match.predicate,
            "justification": match.justification,
            "confidence": match.confidence,
        },
        "evidence": match.evidence,
    }
    if match.conflicts:
        rec["conflicts"] = match.conflicts
    for kind in ("paper", "code", "weights", "documentation"):
        if getattr(e, kind):
            rec[kind] = list(getattr(e, kind))
    if e.licence:
        rec["licence"] = e.licence
    return rec


def repo_records(meta: dict[str, Any]) -> list[dict[str, Any]]:
    """Records of catalogues/model-repos.yaml: facts read by hand from a model's own repository."""
    data = yaml.safe_load((HERE / "model-repos.yaml").read_text(encoding="utf-8")) or []
    out = []
    for r in data:
        rec: dict[str, Any] = {
            "id": f"repo-{r['model']}",
            "model": r["model"],
            "source": {
                "name": f"{r['repository'].removeprefix('https://github.com/')} (the model's own repository)",
                "repository": r["repository"],
                "path": r["path"],
                "commit": r["commit"],
                "date": str(r["date"]),
            },
            "curator": meta["curator"],
            "curated": str(meta["curated"]),
            "evidence": r["evidence"],
        }
        if r.get("conflicts"):
            rec["conflicts"] = r["conflicts"]
        rec["code"] = [r["repository"]]
        for kind in ("paper", "weights", "documentation"):
            if r.get(kind):
                rec[kind] = [paper_iri(u) if kind == "paper" else u for u in r[kind]]
        if r.get("licence"):
            rec["licence"] = r["licence"]
            rec["licence_path"] = r["licence_path"]
        out.append(rec)
    return out


#: what a citation caveat's rule finds the cited reference to be
CAVEAT_WORDS = {
    "citation-other-model": "another model's paper",
    "citation-other-name": "the paper of a differently named model",
    "citation-review": "a review",
}


def reference_records(
    entries: list[Entry], records: list[dict[str, Any]], pins: dict[str, Any], meta: dict[str, Any]
) -> list[dict[str, Any]]:
    """Records of the paper of a model's cited reference where the audit finds that reference to be another model's
    paper or another name's (graph/citation_caveats.yaml) and no other record gives the model a paper: a catalogue
    entry whose paper title is the reference's (90% alike) and whose year agrees gives that publication's
    identifier. The record states it of the publication (`publication`), never of the model, and maps no entry:
    the model reaches the paper through its citation, as the survey prints it, and its card says the caveat."""
    read = lambda name: yaml.safe_load((GRAPH / name).read_text(encoding="utf-8")) or []  # noqa: E731
    pubs = {p["id"]: (n, p) for n, p in enumerate(read("publications.yaml"), start=1)}
    rows = {r["id"]: r for r in read("models.yaml")}
    papered = {r["model"] for r in records if any(u.startswith(IDENTIFIER_PREFIXES) for u in r.get("paper", []))}
    out = []
    for c in sorted(read("citation_caveats.yaml"), key=lambda c: c["id"]):
        row = rows.get(c["model"])
        n, pub = pubs[c["publication"]]
        if (
            not row
            or row.get("citation") != c["publication"]
            or c["model"] in papered
            or re.search(r"arXiv:\d{4}\.\d{4,5}|10\.\d{4,9}/", pub["printed"])
        ):
            continue
        ref, title = f"References entry {n} ({pub['label']})", norm(pub["title"])
        for source in pins["sources"]:
            found = []
            for e in entries:
                best = max(e.titles, key=lambda t: (similar(t, title), t), default="")
                papers = [u for u in e.paper if u.startswith(IDENTIFIER_PREFIXES)]
                if (
                    e.source == source
                    and papers
                    and best
                    and similar(best, title) >= SAME_TITLE
                    and pub["year"] in e.years
                ):
                    evidence = [f"title: '{e.titles[best]}' = {ref}", f"year: {pub['year']}"]
                    evidence += [f"venue: {v}" for v in sorted(e.venues & {pub["venue"]})]
                    found.append((e.id, e, evidence, papers))
            if not found:
                continue
            _, e, evidence, papers = min(found, key=lambda x: x[0])
            pin = pins["sources"][source]
            rule = CAVEAT_WORDS.get(c["rule"], c["rule"])
            out.append(
                {
                    "id": f"{source}-{c['model']}-ref",
                    "model": c["model"],
                    "publication": c["publication"],
                    "source": pinned_source(pin, e.path),
                    "curator": meta["curator"],
                    "curated": str(meta["curated"]),
                    "evidence": [
                        f"citation: Table 7 row {row['row']} {row['name']} cites {ref}, which the audit finds to be "
                        f"{rule} ({c['id']}): the paper of the reference, not of the model",
                        f"entry: {e.name} ({e.id})",
                        *evidence,
                    ],
                    "paper": papers,
                }
            )
    return out


def source_conflicts(records: list[dict[str, Any]]) -> None:
    """Where two sources give a model different code (no repository in common), say so in both records. (Papers
    differ as a preprint and its journal version do; a paper disagreeing with the survey is a record's own conflict.)"""
    by_model: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        by_model.setdefault(r["model"], []).append(r)
    for group in by_model.values():
        for a in group:
            for b in group:
                if a is b:
                    continue
                mine = {repo_key(u) for u in a.get("code", [])}
                theirs = {repo_key(u) for u in b.get("code", [])}
                if mine and theirs and not mine & theirs:
                    note = f"code: {b['source']['name']} gives {', '.join(b['code'])}"
                    if note not in a.setdefault("conflicts", []):
                        a["conflicts"].append(note)


def build_records() -> tuple[list[dict[str, Any]], list[str]]:
    """The records and the name collisions left unmatched, from the committed snapshots."""
    pins = yaml.safe_load((HERE / "sources.yaml").read_text(encoding="utf-8"))
    meta, sources = pins, pins["sources"]
    venues = {norm(v["label"]): v["id"] for v in yaml.safe_load((GRAPH / "venues.yaml").read_text(encoding="utf-8"))}
    scrna = {f: (HERE / "scrna-tools" / f).read_text(encoding="utf-8") for f in SCRNA_FILES}
    facts = yaml.safe_load((HERE / "awesome-scfm" / "facts.yaml").read_text(encoding="utf-8"))
    lines = read_tsv((HERE / "omicsml-papers" / "README.lines.tsv").read_text(encoding="utf-8"))
    vision = read_tsv((HERE / "vision-omics" / "README.lines.tsv").read_text(encoding="utf-8"))
    entries = [
        *scrna_tools(scrna),
        *awesome(facts["models"]),
        *omicsml([(int(r["line"]), r["text"]) for r in lines], venues),
        *vision_omics([(int(r["line"]), r["text"]) for r in vision], venues),
        *(
            e
            for key in UNLICENSED_LISTS
            for e in reading_list(
                key,
                yaml.safe_load((HERE / key / "facts.yaml").read_text(encoding="utf-8"))["entries"],
                venues,
                sources[key]["paths"][0],
            )
        ),
    ]
    models = caveated(survey_models())
    records, collisions = [], []
    for m in models:
        known: dict[str, dict[str, str]] = {"paper": {}, "code": {}}
        for _ in range(2):  # then again, with the papers and code of the entries matched on the reference
            best = {}
            for source in sources:
                found = [
                    x for e in entries if e.source == source and (x := compare(m, e, sources[source]["name"], known))
                ]
                found.sort(key=lambda x: (-x.confidence, x.entry.id))
                if found:
                    best[source] = found[0]
            for source, x in sorted(best.items()):
                if x.justification != "semapv:MappingChaining" and "= " + m.ref in " ".join(x.evidence):
                    for kind in known:
                        for u in getattr(x.entry, kind):
                            known[kind].setdefault(repo_key(u), sources[source]["name"])
        records += [record(x, sources, meta) for x in best.values()]
        collisions += [
            why
            for e in entries
            if (e.source not in best or best[e.source].entry is not e)
            and (why := rejected(m, e, sources[e.source]["name"], known))
        ]
    records += repo_records(meta)
    records += reference_records(entries, records, pins, meta)
    records.sort(key=lambda r: r["id"])
    source_conflicts(records)
    return records, sorted(set(collisions))


def render(records: list[dict[str, Any]], header: str = HEADER) -> str:
    body = yaml.safe_dump(records, sort_keys=False, allow_unicode=True, width=4096, default_flow_style=False)
    return header + "\n" + body


# ---------------------------------------------------------------- models the survey lacks (issue 23)

MODELS_HEADER = """\
# yaml-language-server: $schema=../schemas/catalogue_models.schema.json
# Models the survey does not list, one record per entry of a public catalogue (issue 23). Written wholly by
# `python catalogues/regenerate.py` from the pinned snapshots in catalogues/ (sources.yaml): do not edit by hand. An
# entry is new when no survey model matches it (the rules of graph/web_links.yaml) and it does not carry the name of
# a model, alias or prose mention of the survey (a name is never enough to match, and never enough to call new).
# Each record carries only what its entry states (`source_states`): name, date, category (as printed), paper
# identifiers as IRIs, code, weights, documentation; `mapped_families` is the family its category maps to through
# catalogues/category-families.yaml, a curator's mapping, not the catalogue's statement. Each builds into a graph of
# its own, typed l4c:CuratorAssertion, never among the survey's statements. A curator adds facts from a model's own
# paper in graph/external_models.yaml under the same id (one model, facts from each source).
"""
#: a date as a catalogue prints it (a year, a month or a day)
PRINTED_DATE = re.compile(r"[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?")


def survey_names() -> set[str]:
    """Every name of a survey model, normalised: Table 7 rows, prose mentions and their aliases."""

    def read(name: str) -> Any:
        return yaml.safe_load((GRAPH / name).read_text(encoding="utf-8")) or []

    names = {norm(r["name"]) for f in ("models.yaml", "prose_models.yaml") for r in read(f)}
    aliases = (yaml.safe_load((GRAPH / "aliases.yaml").read_text(encoding="utf-8")) or {}).get("models") or {}
    return names | {norm(a["label"]) for spellings in aliases.values() for a in spellings or []}


def new_entries(entries: list[Entry], models: list[Model]) -> list[Entry]:
    """The catalogue entries no survey model matches and none of whose names a survey model carries."""
    names = survey_names() | set().union(*(m.names for m in models))
    return [e for e in entries if not e.names & names and not any(compare(m, e, "") for m in models)]


def model_id(name: str, taken: set[str]) -> str:
    """A record id from an entry's name ('Nephrobase Cell+' -> nephrobase-cell), not one of `taken`."""
    rid = slug(name.replace("+", " plus ").replace("(", " ").replace(")", " "))[:60] or "model"
    base, n = rid, 2
    while rid in taken:
        rid, n = f"{base}-{n}", n + 1
    return rid


def catalogue_model_records(facts: list[dict[str, Any]], models: list[Model]) -> list[dict[str, Any]]:
    """One record per Awesome-Single-Cell-Foundation-Models entry the survey lacks: what the entry states, and the
    family its category maps to (a mapping, from catalogues/category-families.yaml)."""
    pins = yaml.safe_load((HERE / "sources.yaml").read_text(encoding="utf-8"))
    pin = pins["sources"]["awesome-scfm"]
    table = (yaml.safe_load(CATEGORY_TABLE.read_text(encoding="utf-8")) or {})["awesome-scfm"]
    by_name = {m["name"]: m for m in facts}
    taken = {
        r["id"]
        for f in ("models.yaml", "prose_models.yaml", "datasets.yaml", "prose_datasets.yaml")
        for r in yaml.safe_load((GRAPH / f).read_text(encoding="utf-8")) or []
    }
    out = []
    for e in new_entries(awesome(facts), models):
        fact = by_name[e.name]
        rid = model_id(e.name, taken)
        taken.add(rid)
        rec: dict[str, Any] = {
            "id": rid,
            "name": e.name,
            "source": {
                "url": f"{pin['repository']}/blob/{pin['commit']}/{e.path}",
                "curator": pins["curator"],
                "date": str(pins["curated"]),
            },
            "listed_in": {
                "name": pin["name"],
                "repository": pin["repository"],
                "path": e.path,
                "commit": pin["commit"],
                "date": str(pin["date"]),
            },
            "catalogue_entry": pin["entry"].format(id=e.id),
        }
        states = ["name"]
        date = str(fact.get("date") or "")
        if PRINTED_DATE.fullmatch(date):
            rec["date"] = date
            states.append("date")
        if fact.get("category"):
            rec["category"] = fact["category"]
            states.append("category")
            mapped = (table.get(fact["category"]) or {}).get("families") or []
            if mapped:
                rec["mapped_families"] = list(mapped)
        for kind in ("paper", "code", "weights", "documentation"):
            if getattr(e, kind):
                rec[kind] = list(getattr(e, kind))
                states.append(kind)
        rec["source_states"] = states
        out.append(rec)
    return sorted(out, key=lambda r: r["id"])


# ---------------------------------------------------------------- snapshots


def _git_show(mirror: Path, commit: str, path: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", str(mirror), "show", f"{commit}:{path}"], check=True, capture_output=True, text=True
    ).stdout


def awesome_facts(data: dict[str, Any], pin: dict[str, Any]) -> str:
    """The facts of every entry of Awesome-Single-Cell-Foundation-Models' site/data.json (no licence): names,
    categories, dates and URLs with their labels, never its notes; in the order of the file."""
    keys = ("name", "category", "date", "paper", "code", "resources")
    facts = [{k: m[k] for k in keys if k in m} for m in data["models"]]
    head = (
        "# Facts taken from juntaic7/Awesome-Single-Cell-Foundation-Models, site/data.json at commit "
        f"{pin['commit']} ({pin['date']}):\n# every model entry (issue 23; issue 22 kept only those naming a survey "
        "model). The project has no licence\n# file: only names, categories, dates and URLs are kept, never its notes "
        "or its list of other resources.\n"
    )
    body = yaml.safe_dump({"updated": data["updated"], "models": facts}, sort_keys=False, allow_unicode=True, width=120)
    return head + body


def snapshot(mirrors: Path) -> None:
    """Extract again, from git mirrors at the pinned commits, the parts of each catalogue that name a model of the
    survey or its reference (the candidates, matched or not)."""
    pins = yaml.safe_load((HERE / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    models = survey_models()
    names = set().union(*(m.names for m in models))
    titles = {m.title for m in models if m.title}
    arxiv = set().union(*(m.arxiv for m in models))

    def mirror(key: str) -> Path:
        return mirrors / pins[key]["repository"].removeprefix("https://github.com/").replace("/", "+") / "repo"

    def wanted(e: Entry) -> bool:
        return bool(e.names & names or set(e.titles) & titles or arxiv_ids(e.paper) & arxiv)

    # scRNA-tools (MIT): the rows of the candidate tools, in each TSV
    pin, out = pins["scrna-tools"], HERE / "scrna-tools"
    full = {f: _git_show(mirror("scrna-tools"), pin["commit"], f"database/{f}") for f in SCRNA_FILES}
    keep = {e.id for e in scrna_tools(full) if wanted(e)}
    keep_dois = {r["DOI"] for r in read_tsv(full["doi-idx.tsv"]) if r["Tool"] in keep}
    for f, text in full.items():
        lines = text.splitlines(keepends=True)
        key = "DOI" if f == "references.tsv" else "Tool"
        allowed = keep_dois if key == "DOI" else keep
        col = lines[0].rstrip("\n").split("\t").index(key)
        rows = [ln for ln in lines[1:] if ln.rstrip("\n").split("\t")[col] in allowed]
        (out / f).write_text(lines[0] + "".join(rows), encoding="utf-8")
    (out / "LICENSE").write_text(_git_show(mirror("scrna-tools"), pin["commit"], "LICENSE"), encoding="utf-8")

    # Awesome-Single-Cell-Foundation-Models (no licence): the facts of the candidate entries, never their notes
    pin = pins["awesome-scfm"]
    data = json.loads(_git_show(mirror("awesome-scfm"), pin["commit"], "site/data.json"))
    (HERE / "awesome-scfm" / "facts.yaml").write_text(awesome_facts(data, pin), encoding="utf-8")

    # OmicsML reading list (MIT): the numbered lines that name a model of the survey or its reference
    pin, out = pins["omicsml-papers"], HERE / "omicsml-papers"
    text = _git_show(mirror("omicsml-papers"), pin["commit"], "README.md")
    venues = {norm(v["label"]): v["id"] for v in yaml.safe_load((GRAPH / "venues.yaml").read_text(encoding="utf-8"))}
    numbered = list(enumerate(text.splitlines(), start=1))
    keep_lines = {int(e.id[1:]) for e in omicsml(numbered, venues) if wanted(e)}
    rows = [f"{n}\t{line}\n" for n, line in numbered if n in keep_lines]
    (out / "README.lines.tsv").write_text("line\ttext\n" + "".join(rows), encoding="utf-8")
    (out / "LICENSE").write_text(_git_show(mirror("omicsml-papers"), pin["commit"], "LICENSE"), encoding="utf-8")

    snapshot_lists(mirror, wanted)


def snapshot_lists(mirror: Any, wanted: Any) -> None:
    """Extract again the reading lists added for issue 22's remaining models: `mirror(key)` is the git directory of
    source `key`, `wanted(entry)` whether an entry names a model of the survey or its reference."""
    pins = yaml.safe_load((HERE / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    venues = {norm(v["label"]): v["id"] for v in yaml.safe_load((GRAPH / "venues.yaml").read_text(encoding="utf-8"))}
    # hrlblab's vision-driven spatial omics list (Apache-2.0): the paper lines that name a model or its reference
    pin, out = pins["vision-omics"], HERE / "vision-omics"
    numbered = list(enumerate(_git_show(mirror("vision-omics"), pin["commit"], "README.md").splitlines(), start=1))
    keep_lines = {int(e.id[1:]) for e in vision_omics(numbered, venues) if wanted(e)}
    rows = [f"{n}\t{line}\n" for n, line in numbered if n in keep_lines]
    (out / "README.lines.tsv").write_text("line\ttext\n" + "".join(rows), encoding="utf-8")
    (out / "LICENSE").write_text(_git_show(mirror("vision-omics"), pin["commit"], "LICENSE"), encoding="utf-8")

    # reading lists without a licence: the facts of the candidate entries only
    for key in UNLICENSED_LISTS:
        pin = pins[key]
        numbered = list(enumerate(_git_show(mirror(key), pin["commit"], pin["paths"][0]).splitlines(), start=1))
        kept = [f for f in list_facts(key, numbered) if wanted(reading_list(key, [f], venues)[0])]
        head = (
            f"# Facts taken from {pin['repository'].removeprefix('https://github.com/')}, {pin['paths'][0]} at commit "
            f"{pin['commit']} ({pin['date']}):\n# the entries that name a model of the survey or its reference. The "
            "project has no licence file: only\n# names, years, venues, titles (compared with the survey's "
            "references) and URLs are kept.\n"
        )
        body = yaml.safe_dump({"entries": kept}, sort_keys=False, allow_unicode=True, width=4096)
        (HERE / key / "facts.yaml").write_text(head + body, encoding="utf-8")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--snapshot"] and len(argv) == 2:
        snapshot(Path(argv[1]))
    elif argv:
        print(__doc__, file=sys.stderr)
        return 2
    records, collisions = build_records()
    OUT.write_text(render(records), encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(records)} records; {len(collisions)} name collision(s) left unmatched:")
    for why in collisions:
        print(f"  {why}")
    facts = yaml.safe_load((HERE / "awesome-scfm" / "facts.yaml").read_text(encoding="utf-8"))["models"]
    new = catalogue_model_records(facts, caveated(survey_models()))
    MODELS_OUT.write_text(render(new, MODELS_HEADER), encoding="utf-8")
    print(f"{MODELS_OUT.relative_to(ROOT)}: {len(new)} models the survey lacks")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
