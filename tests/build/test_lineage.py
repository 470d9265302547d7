"""Model lineage (issue 12 item 4): every relation pinned against the printed Table 7 cell."""

from __future__ import annotations

import pyoxigraph as ox
from tables import flat, rows

from llm4cell_kg.store import sparql


def test_model_lineage(store: ox.Store, survey_text: str) -> None:
    got = {(m, rel, b, src): (q, cv) for m, rel, b, src, q, cv in rows(store, "model-lineage")}
    assert set(got) == {
        # Table 7 row 22: scGPT-spatial [...] "Extends scGPT via continual pretraining to spatial data"
        ("model:scgpt-spatial", "extends", "model:scgpt", "Table 7 row 22, Primary Task"),
        # Table 7 row 29: spaLLM [...] Grounding Type "scGPT embeddings + GNN + attention fusion"
        ("model:spallm", "usesEmbeddingsOf", "model:scgpt", "Table 7 row 29, Grounding Type"),
        # Table 7 row 42: scMPT [...] "combines scGPT-derived embeddings and LLM (text encoder) embeddings"
        ("model:scmpt", "usesEmbeddingsOf", "model:scgpt", "Table 7 row 42, Primary Task"),
        # Table 7 row 41: GET prints the very same cells as scMPT's row 42 (audit copied-cells)
        ("model:get", "usesEmbeddingsOf", "model:scgpt", "Table 7 row 41, Primary Task"),
        # Table 7 row 32: C2S-Scale "trains large LLMs on cell sentences and biological text"; row 31: Cell2Sentence
        # (C2S) "RNA (scRNA-seq converted to "cell sentences")"
        ("model:c2s-scale", "trainsOnRepresentationOf", "model:cell2sentence", "Table 7 row 32, Primary Task"),
    }
    text = flat(survey_text)
    for (m, *_rest), (q, cv) in got.items():
        assert flat(q) in text, q
        assert ("copied-cells" in cv) == (m == "model:get")
    assert "row 42 (scmpt)" in got[("model:get", "usesEmbeddingsOf", "model:scgpt", "Table 7 row 41, Primary Task")][1]


def test_what_builds_on_scgpt(store: ox.Store) -> None:
    # l4c:buildsOn is asserted through its sub-properties (no entailment in the store): ask through them
    r = sparql.run(
        store, "SELECT DISTINCT ?m WHERE { ?p rdfs:subPropertyOf l4c:buildsOn . ?m ?p model:scgpt } ORDER BY ?m"
    ).rows
    assert [sparql.term_text(x[0]) for x in r] == ["model:get", "model:scgpt-spatial", "model:scmpt", "model:spallm"]


def test_copied_relation_reaches_the_audit_finding(store: ox.Store) -> None:
    from llm4cell_kg.answers.audit import run_audit

    (g, rule, other) = [
        [sparql.term_text(t) for t in row]
        for row in sparql.run(
            store,
            """SELECT ?g ?rule ?src WHERE { GRAPH ?g { model:get l4c:usesEmbeddingsOf model:scgpt }
               ?g l4c:auditRule ?rule ; l4c:caveatSource ?src ; l4c:caveatModel model:scmpt }""",
        ).rows
    ][0]
    assert rule == "copied-cells"
    findings = [f for f in run_audit(store, rule=rule) if f.subject.endswith("/model/get")]
    assert findings and findings[0].source_b.endswith("/source/table7/row/42")
    assert other == "src:table7/row/42"
