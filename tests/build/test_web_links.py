"""Links from public catalogues (issue 22 item 2): graph/web_links.yaml, regenerated from the pinned snapshots in
catalogues/, builds into one curator assertion per record naming the file, commit and date it reads; a match rests
on a fact beyond the name and says which; a name collision is left unmatched; a malformed link is a located error;
and no canned question's default answer changes."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pyoxigraph as ox
import pytest

from llm4cell_kg import paths
from llm4cell_kg.answers.query import list_queries
from llm4cell_kg.build.graph import build_quads, store_from_quads
from llm4cell_kg.curation.load import load
from llm4cell_kg.curation.problems import CurationError
from llm4cell_kg.store import sparql

REPO = Path(__file__).parents[2]
SCRNA = "https://github.com/scRNA-tools/scRNA-tools"
SCRNA_COMMIT = "39f8949a86b6014e25777f1c57bf7fc791dcd9bc"
#: the canned questions about the links themselves (issue 22)
LINK_QUERIES = {"model-links", "link-coverage", "link-coverage-missing", "link-coverage-missing-datasets"}


def _rows(store: ox.Store, text: str) -> list[list[str]]:
    return [[sparql.term_text(t) for t in row] for row in sparql.run(store, text).rows]


def test_committed_links_are_what_the_script_writes_from_the_snapshots(regenerate: ModuleType) -> None:
    """The importer is deterministic: the same snapshots give the committed file, byte for byte, twice."""
    regen = regenerate
    first = regen.render(regen.build_records()[0])
    assert first == regen.render(regen.build_records()[0])
    assert first == (paths.GRAPH_DIR / "web_links.yaml").read_text(encoding="utf-8")


def test_a_link_graph_names_its_source(store: ox.Store) -> None:
    g = "https://w3id.org/llm4cell/source/web-link/scrna-tools-scgpt"
    rows = _rows(
        store,
        f"""SELECT ?file ?repo ?path ?commit ?date ?name ?by ?how ?confidence WHERE {{ GRAPH <{g}> {{
          <{g}> a l4c:LinkAssertion ; prov:wasDerivedFrom ?file ; l4c:sourceRepository ?repo ; l4c:sourcePath ?path ;
            l4c:sourceCommit ?commit ; l4c:sourceDate ?date ; l4c:sourceName ?name ; prov:wasAttributedTo ?by ;
            l4c:mappingJustification ?how ; l4c:confidence ?confidence }} }}""",
    )
    assert rows == [
        [
            f"{SCRNA}/blob/{SCRNA_COMMIT}/database/tools.tsv",
            SCRNA,
            "database/tools.tsv",
            SCRNA_COMMIT,
            "2025-09-20T00:00:00",
            "scRNA-tools",
            "https://w3id.org/llm4cell/curator/llm4cell-kg-curators",
            "https://w3id.org/semapv/vocab/CompositeMatching",
            "0.95",
        ]
    ]
    links = _rows(store, f"SELECT ?p ?o WHERE {{ GRAPH <{g}> {{ model:scgpt ?p ?o }} }}")
    assert sorted(links) == [
        ["l4c:codeRepository", "https://github.com/bowang-lab/scGPT"],
        ["l4c:licence", "https://spdx.org/licenses/MIT"],
        ["l4c:paper", "https://doi.org/10.1038/s41592-024-02201-0"],
        ["l4c:paper", "https://doi.org/10.1101/2023.04.30.538439"],
        ["skos:exactMatch", "https://www.scrna-tools.org/tools#scGPT"],
    ]
    evidence = {r[0] for r in _rows(store, f"SELECT ?e WHERE {{ GRAPH <{g}> {{ <{g}> l4c:matchEvidence ?e }} }}")}
    assert "name: scGPT = Table 7 row 1 scGPT" in evidence
    assert (
        "title: 'scGPT: toward building a foundation model for single-cell multi-omics using generative AI' "
        "= References entry 17 (Cui et al., 2024)" in evidence
    )


def test_never_matched_by_name_alone() -> None:
    """Every record names a fact beyond the name; every catalogue match that rests on the name also agrees on an
    arXiv id, title, year, venue, paper or code; a model's own repository is tied by what it cites or who wrote it;
    a cited reference's paper (`publication`) by the reference's title and year."""
    rec = load()
    for r in rec["web_links"]:
        beyond = [e for e in r["evidence"] if not e.startswith("name: ")]
        assert beyond, r["id"]
        kinds = {e.split(":", 1)[0].split()[0] for e in beyond}
        if r.get("publication"):  # a cited reference's paper: the caveat it rests on, the entry, and its title
            assert {"citation", "entry", "title", "year"} <= kinds, r["id"]
            kinds -= {"citation", "entry"}
        assert kinds <= {"arXiv", "title", "year", "venue", "paper", "code", "first", "last"}, r["id"]


@pytest.mark.parametrize(
    ("model", "entry"),
    [
        # scRNA-tools' cell2sentence is Dhodapkar et al.'s 2022 preprint, not the survey's Levine et al., 2024
        ("cell2sentence", "https://www.scrna-tools.org/tools#cell2sentence"),
        # Table 7 row 13 prints scFormer but cites scmFormer (Xu et al., 2024); scRNA-tools' scFormer is 2022's
        ("scformer", "https://www.scrna-tools.org/tools#scFormer"),
        # the catalogue's scPilot (arXiv 2602.11609, 2026) is not Pilot (Joodaki et al., 2024), whatever C.5 calls it
        ("pilot", "https://awesomescfm.live/models.html#model-scpilot-2026-02"),
    ],
)
def test_name_collisions_are_not_mapped(store: ox.Store, model: str, entry: str) -> None:
    assert not sparql.run(store, f"ASK {{ model:{model} ?p <{entry}> }}").boolean


def test_the_collisions_the_script_reports(regenerate: ModuleType) -> None:
    collisions = regenerate.build_records()[1]
    for text in (
        "scRNA-tools cell2sentence (https://doi.org/10.1101/2022.09.18.508438, 2022) is not Table 7 row 31 "
        "Cell2Sentence",
        "scRNA-tools scFormer (https://doi.org/10.1101/2022.11.20.517285, 2022) is not Table 7 row 13 scFormer",
        "Awesome-Single-Cell-Foundation-Models scPilot (https://arxiv.org/abs/2602.11609, 2026) is not Table 7 row "
        "51 Pilot",
    ):
        assert text in collisions


def test_a_retitled_preprint_of_the_printed_arxiv_month_is_matched_with_its_title_as_a_conflict(
    regenerate: ModuleType,
) -> None:
    """scMMGPT: References entry 59 prints its arXiv id cut short ('arXiv–2503'); the OmicsML list gives scMMGPT
    arXiv 2503.09427 under a later title. The id's month agrees, so the entry is matched (a close match), and the
    title stays a conflict; an entry of another month would still be a name collision."""
    regen = regenerate
    records, collisions = regen.build_records()
    rec = next(r for r in records if r["id"] == "omicsml-papers-scmmgpt")
    assert rec["paper"] == ["https://arxiv.org/abs/2503.09427"]
    assert (
        "arXiv month: 2503.09427 is of the month References entry 59 (Shi et al., 2025) prints (arXiv–2503)"
        in (rec["evidence"])
    )
    assert [c[:6] for c in rec["conflicts"]] == ["title:"]
    assert (rec["entry"]["predicate"], rec["entry"]["confidence"]) == ("skos:closeMatch", 0.6)
    assert not [c for c in collisions if "scMMGPT" in c]
    model = next(m for m in regen.survey_models() if m.id == "scmmgpt")
    other = regen.Entry("omicsml-papers", "L0", "README.md", "scMMGPT", {"scmmgpt"}, {2025}, set(), {"x": "Other"})
    other.paper = ["https://arxiv.org/abs/2504.00001"]
    assert regen.compare(model, other, "a list") is None


def test_conflicts_stay_visible(store: ox.Store) -> None:
    """scGPT-spatial: the catalogue's preprint is from 2025, Table 7 prints 2024; the match (name and venue) stays,
    marked, with a lower confidence."""
    g = "https://w3id.org/llm4cell/source/web-link/awesome-scfm-scgpt-spatial"
    rows = _rows(store, f"SELECT ?c ?n WHERE {{ GRAPH <{g}> {{ <{g}> l4c:matchConflict ?c ; l4c:confidence ?n }} }}")
    assert rows == [["year: Awesome-Single-Cell-Foundation-Models gives 2025; the survey 2024", "0.5"]]


def test_links_change_no_default_answer(quads: list[ox.Quad]) -> None:
    """Every canned question (audit rules included) answers the same on the graph built without the links."""
    rec = load()
    rec.collections["web_links"] = []
    without = store_from_quads(build_quads(rec))
    with_links = store_from_quads(quads)
    assert len(with_links) > len(without)
    for q in list_queries():
        if q.name in LINK_QUERIES:
            continue  # the questions about the links themselves
        a = sparql.render(sparql.run(with_links, q.text), "json")
        assert a == sparql.render(sparql.run(without, q.text), "json"), q.name


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (
            "- https://doi.org/10.1038/s41592-024-02201-0\n",
            "- https://doi.org/11.1038/s41592-024-02201-0\n",
            "paper",
            "'11.1038/s41592-024-02201-0' is not a DOI like 10.1038/s41592-024-02201-0",
        ),
        ("- https://github.com/bowang-lab/scGPT\n", "- github.com/bowang-lab/scGPT\n", "code", "is not an http(s) URL"),
        ("  licence: MIT\n", "  licence: MIT License\n", "licence", "is not an SPDX licence id"),
        (f"    commit: {SCRNA_COMMIT}\n", "    commit: 39f8949\n", "source.commit", "'39f8949' is not a commit"),
        ("    confidence: 0.95\n", "    confidence: 1.5\n", "entry.confidence", "1.5 is not a confidence"),
        (
            "    justification: semapv:CompositeMatching\n",
            "    justification: semapv:NameMatching\n",
            "entry.justification",
            "Allowed: semapv:CompositeMatching",
        ),
    ],
)
def test_a_malformed_link_is_a_located_error(graph_copy: Path, old: str, new: str, field: str, message: str) -> None:
    path = graph_copy / "web_links.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- id: scrna-tools-scgpt\n")
    end = text.index("\n- id: ", start + 1) + 1
    record = text[start:end]
    assert old in record, old
    path.write_text(text[:start] + record.replace(old, new, 1) + text[end:], encoding="utf-8")
    with pytest.raises(CurationError) as err:
        load(graph_copy)
    [problem] = [p for p in err.value.problems if p.severity == "error"]
    assert (problem.file, problem.record, problem.field) == ("graph/web_links.yaml", "scrna-tools-scgpt", field)
    assert problem.line and message in problem.message


def test_the_snapshots_keep_their_licences_and_no_notes() -> None:
    base = REPO / "catalogues"
    assert (base / "scrna-tools" / "LICENSE").read_text().startswith("MIT License")
    assert (base / "omicsml-papers" / "LICENSE").read_text().startswith("MIT License")
    facts = (base / "awesome-scfm" / "facts.yaml").read_text(encoding="utf-8")
    assert "notes:" not in facts and "never its notes" in facts
