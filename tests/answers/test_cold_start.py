"""A command started from the build cache (issue 15, "cold start"): the data derived from the default graph kept in
the cache (memo.py) gives the same answers as deriving it, is keyed by the inputs and the queries deriving it, and the
package's own query texts are read without the tokenizer that checks user text."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from llm4cell_kg.answers import audit, card, lookup, search
from llm4cell_kg.answers.card import similar
from llm4cell_kg.answers.query import get_query, list_queries
from llm4cell_kg.errors import UserError
from llm4cell_kg.store import embedded as st
from llm4cell_kg.store import memo, sparqltext
from llm4cell_kg.store.sparql import run


def _forget() -> None:
    """Drop the in-process memos, as a new process starts without them."""
    lookup._CACHE.clear()
    similar._FACETS.clear()
    similar._AUDIT.clear()
    search._OPEN.clear()


@pytest.fixture()
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, quads: list[ox.Quad]) -> Iterator[Path]:
    """An empty build cache holding only the graph (the session's quads, under the inputs digest)."""
    monkeypatch.setenv("LLM4CELL_KG_CACHE", str(tmp_path))
    ox.serialize(quads, str(tmp_path / f"graph-{st.inputs_digest()}.nq"), ox.RdfFormat.N_QUADS)
    _forget()
    yield tmp_path
    _forget()


def _fail(*_: Any, **__: Any) -> Any:
    raise AssertionError("derived again although the cache keeps it")


def test_name_index_is_kept_and_read_back(
    cache: Path, shipped_store: ox.Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = lookup.index(st.default_store())
    assert [f.name.split("-")[0] for f in cache.glob("names-*.json")] == ["names"]
    expected = lookup.Index([lookup.Entity(*row) for row in lookup._entity_rows(shipped_store)])  # a store not cached
    _forget()
    monkeypatch.setattr(lookup, "_entity_rows", _fail)
    again = lookup.index(st.default_store())  # a new store object, as in the next process
    assert again is not first
    assert [dataclasses.astuple(e) for e in again.entities] == [dataclasses.astuple(e) for e in expected.entities]
    assert again.resolve("scGPT").curie == "model:scgpt"
    assert again.resolve("Mouse Cell Atlas").curie == "dataset:mouse-cell-atlas"


def test_facets_are_kept_and_read_back(cache: Path, shipped_store: ox.Store, monkeypatch: pytest.MonkeyPatch) -> None:
    similar.facets(st.default_store())
    expected = similar.facets(shipped_store)
    _forget()
    monkeypatch.setattr(similar, "_facet_lists", _fail)
    assert similar.facets(st.default_store()) == expected
    # scGPT shares its family (Foundation) with Geneformer: read from the cache as from the graph, with whether only
    # sentences about groups state it (Table 7 row 1 prints "Foundation"; its generation task is named only in §5.7's
    # group sentence "Representative approaches include scGPT, scFoundation, CellFM, and Geneformer")
    scgpt = similar.facets(st.default_store())["https://w3id.org/llm4cell/model/scgpt"]
    assert scgpt["family"] == {("https://w3id.org/llm4cell/family/foundation", "Foundation Models", False)}
    assert ("https://w3id.org/llm4cell/task/generation", "generative simulation", True) in scgpt["tasks"]


def test_audit_findings_kept_per_entity_equal_the_rules(
    cache: Path, shipped_store: ox.Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = shipped_store  # the default store's content (every source), not cached
    default = st.default_store()
    entities = lookup.index(store).of_kind({"model", "dataset"})
    for e in entities:
        similar.audit_findings(default, e.iri)
    _forget()
    monkeypatch.setattr(similar, "run_audit", _fail, raising=False)
    monkeypatch.setattr(audit, "run_audit", _fail)
    default = st.default_store()
    found = {e.iri: similar.audit_findings(default, e.iri) for e in entities}
    monkeypatch.undo()
    for e in entities:
        assert found[e.iri] == audit.run_audit(store, subject=e.iri), e.curie
    # CellVerse: §4.5 puts it among the agentic models, Table 7 row 52 in another family (family-conflict)
    assert "family-conflict" in {f.rule for f in found["https://w3id.org/llm4cell/model/cellverse"]}


def test_audit_findings_follow_the_rules(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    default = st.default_store()
    iri = "https://w3id.org/llm4cell/model/cellverse"
    before = similar.audit_findings(default, iri)
    _forget()
    calls: list[str] = []

    def counted(store: Any, rule: str | None = None, subject: str | None = None) -> list[audit.Finding]:
        calls.append(subject or "")
        return []

    monkeypatch.setattr(audit, "run_audit", counted)
    assert similar.audit_findings(default, iri) == before and calls == []  # same rules: from the cache
    _forget()
    texts = audit.rule_texts()
    monkeypatch.setattr(audit, "rule_texts", lambda: [*texts, "new-rule.rq\nSELECT * WHERE {}"])
    assert similar.audit_findings(default, iri) == [] and calls == [iri]  # an edited rule set: the rules run again


def test_only_the_default_graph_is_kept(cache: Path, store: ox.Store) -> None:
    assert st.default_digest(store) is None
    lookup.index(store)
    similar.facets(store)
    assert not list(cache.glob("*.json"))
    default = st.default_store()
    assert st.default_digest(default) == st.inputs_digest()
    copy = ox.Store()
    copy.extend(default)
    assert st.default_digest(copy) is None


def test_unreadable_memo_is_derived_again(cache: Path, shipped_store: ox.Store) -> None:
    lookup.index(st.default_store())
    (kept,) = cache.glob("names-*.json")
    kept.write_text('[["truncated', encoding="utf-8")
    _forget()
    idx = lookup.index(st.default_store())
    assert len(idx.entities) == len(lookup.index(shipped_store).entities)
    assert json.loads(kept.read_text(encoding="utf-8"))[0][0] == idx.entities[0].iri  # rewritten whole


def test_memo_key_follows_inputs_and_queries() -> None:
    d = "0" * 32
    assert memo.key(d, "SELECT 1") == memo.key(d, "SELECT 1")
    assert len({memo.key(d, "SELECT 1"), memo.key(d, "SELECT 2"), memo.key("1" * 32, "SELECT 1"), memo.key(d)}) == 4
    assert memo.key(d, "ab", "c") != memo.key(d, "a", "bc")


def test_saving_keeps_one_file_per_kind(cache: Path) -> None:
    memo.save("names", "a" * 32, [1])
    memo.save("names-x", "c" * 32, [3])
    memo.save("names", "b" * 32, [2])
    assert sorted(p.name for p in cache.glob("*.json")) == [f"names-{'b' * 32}.json", f"names-x-{'c' * 32}.json"]
    assert memo.load("names", "b" * 32) == [2] and memo.load("names", "a" * 32) is None


def test_search_from_the_cache_does_not_load_the_graph(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = search.search("lung")
    # Table 1: HCA lung project (row 5), Human Lung Cell Atlas (row 4), Yale Lung Disease Cell Atlases (row 7)
    assert {h.curie for h in first[:3]} == {
        "dataset:hca-lung-project",
        "dataset:hlca-v1",
        "dataset:yale-lung-disease-atlas",
    }
    _forget()
    monkeypatch.setattr(st, "open_store", _fail)
    monkeypatch.setattr(st, "default_store", _fail)
    assert search.search("lung") == first
    assert [h.curie for h in search.search("scGPT")][0] == "model:scgpt"


def test_show_from_the_cache_gives_the_same_card(cache: Path, store: ox.Store) -> None:
    expected = {n: card.render(card.card_for(store, n), "json") for n in ("scGPT", "HLCA", "cellverse")}
    for _ in range(2):  # the first run fills the cache, the second reads it
        _forget()
        default = st.default_store()
        assert {n: card.render(card.card_for(default, n), "json") for n in expected} == expected
    assert {p.name.split("-")[0] for p in cache.glob("*.json")} == {"names", "facets", "audit"}


def test_trusted_query_files_need_no_tokenizer() -> None:
    texts = [q.text for q in list_queries()] + [lookup.view_query(p.stem) for p in lookup.VIEWS.glob("*.rq")]
    sparqltext._token_re.cache_clear()
    answers = [sparqltext.has_dataset_clause(t) for t in texts]
    assert sparqltext._token_re.cache_info().currsize == 0  # the token regex was not even compiled
    assert answers == [sparqltext.shape(t).dataset for t in texts]


@pytest.mark.parametrize(
    ("text", "dataset"),
    [
        ("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }", True),
        ("SELECT * from<urn:g> WHERE { ?s ?p ?o }", True),
        ("# from the survey\nSELECT * WHERE { ?s ?p ?o }", False),
        ("SELECT ?derivedFrom WHERE { ?s prov:wasDerivedFrom ?derivedFrom }", False),
        ('SELECT * WHERE { ?s ?p "from" }', False),
        ("SELECT * #comment\rFROM <urn:g> WHERE { ?s ?p ?o }", True),  # a comment ends at a carriage return
        ("SELECT * WHERE { ?s ?p '''\n# from''' }", False),
        ("SELECT * WHERE { ?s ?p '''\n#''' } \n# x\nFROM <urn:g>", True),
        ("SELECT * F\\u0052OM <urn:g> WHERE { ?s ?p ?o }", True),  # escapes are decoded before reading tokens
    ],
)
def test_dataset_clause_of_trusted_text_as_tokens_say(text: str, dataset: bool) -> None:
    assert sparqltext.shape(text).dataset is dataset
    assert sparqltext.has_dataset_clause(sparqltext.trust(text)) is dataset


def test_user_text_is_still_checked(store: ox.Store) -> None:
    deep = "SELECT * WHERE " + "{ " * 200 + "}" * 200
    with pytest.raises(sparqltext.QueryTextError, match="nests brackets"):
        sparqltext.has_dataset_clause(deep)
    with pytest.raises(UserError, match="nests brackets"):
        run(store, deep)


def test_get_query_reads_the_named_file_as_the_list_does() -> None:
    listed = list_queries()
    assert listed and all(get_query(q.name) == q for q in listed)
    with pytest.raises(UserError, match="Did you mean: models-per-family"):
        get_query("models-per-famly")
    with pytest.raises(UserError, match="no canned query named '../queries/models-per-family'"):
        get_query("../queries/models-per-family")
