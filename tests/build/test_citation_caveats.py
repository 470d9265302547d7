"""A citation the survey gets wrong says so where it is used (issue 12 item 3)."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from tables import rows

from llm4cell_kg.answers.audit import run_audit
from llm4cell_kg.curation.load import load
from llm4cell_kg.store import sparql


def test_caveats_are_the_audit_findings(store: ox.Store) -> None:
    rec = load()
    labels = {m["id"]: m["name"] for m in rec["models"]}
    curated = {
        (x["model"], x["publication"], x["rule"], labels.get(x.get("other_model", ""), ""))
        for x in rec["citation_caveats"]
    }
    found = set()
    for rule in ("citation-other-model", "citation-review", "citation-other-name"):
        for f in run_audit(store, rule=rule):
            model = f.subject.rsplit("/", 1)[1]
            pub = next(p["id"] for p in rec["publications"] if f"({p['label']})" in f.where_b)
            other = f.detail.rsplit("(", 1)[1].rstrip(")") if rule == "citation-other-model" else ""
            found.add((model, pub, rule, other))
    assert curated == found


def test_plain_query_for_a_models_paper(store: ox.Store) -> None:
    r = {(m, p): (w, c) for m, p, _l, w, c in rows(store, "model-citations")}
    # Table 7 row 21 "TransformerST (Lu et al., 2024)"; References: "L Lu, [...] 2024. Sctrans: multi-scale [...]"
    where, cv = r[("model:transformerst", "pub:lu-et-al-2024")]
    assert set(where.split(", ")) == {"Table 7 row 21", "§4.3", "§5.4"}
    assert "citation-other-model" in cv and "scTrans" in cv
    # Table 7 row 26 "OmiCLIP (Cui et al., 2025)"; References: "Towards multimodal foundation models in molecular
    # cell biology. *Nature*" -- an overview of the field
    where, cv = r[("model:omiclip", "pub:cui-et-al-2025")]
    assert "citation-review" in cv and "overview of the field" in cv
    # §5.6 "*UCE* (Shen et al., 2023)" is tGPT's reference (Table 7 row 6 "tGPT (Shen et al., 2023)"); UCE's own
    # "Rosen et al., 2023" link carries no caveat
    assert "tGPT" in r[("model:uce", "pub:shen-et-al-2023")][1]
    assert r[("model:uce", "pub:rosen-et-al-2023")][1] == ""
    assert r[("model:scgpt", "pub:cui-et-al-2024")][1] == ""  # scGPT's own paper
    # the plainest query: the model's citation and the caveat property beside it
    plain = sparql.run(
        store, "SELECT ?pub ?cv WHERE { model:transformerst l4c:citation ?pub ; l4c:citationCaveat ?cv }"
    ).rows
    assert {sparql.term_text(x[0]) for x in plain} == {"pub:lu-et-al-2024"}


def test_model_page_shows_caveat_beside_link(server: Any) -> None:
    for model, words in (("transformerst", "scTrans"), ("omiclip", "overview of the field"), ("uce", "tGPT")):
        with urllib.request.urlopen(f"{server.url}/model/{model}", timeout=60) as resp:
            html = resp.read().decode()
        assert '<div class="caveat">caveat: The citation' in html and words in html


def test_kgx_and_jsonld_carry_the_caveat(quads: list[ox.Quad], tmp_path: Path) -> None:
    from llm4cell_kg.export import jsonld, kgx

    kgx.write(quads, tmp_path / "kgx")
    lines = (tmp_path / "kgx" / "edges.tsv").read_text(encoding="utf-8").splitlines()
    head = lines[0].split("\t")
    edges = [dict(zip(head, line.split("\t"), strict=True)) for line in lines[1:]]
    by = {(e["subject"], e["object"]): e["caveat"] for e in edges if "l4c:citation" in e["rdf_predicates"]}
    assert "scTrans" in by[("model:transformerst", "pub:lu-et-al-2024")]
    assert "citation-review" in by[("model:omiclip", "pub:cui-et-al-2025")]
    assert by[("model:scgpt", "pub:cui-et-al-2024")] == ""
    assert "tGPT" in next(
        e["caveat"] for e in edges if (e["subject"], e["object"]) == ("model:uce", "pub:shen-et-al-2023")
    )
    jsonld.write(quads, tmp_path / "g.jsonld")
    doc = json.loads((tmp_path / "g.jsonld").read_text(encoding="utf-8"))
    nodes = [n for g in doc["@graph"] for n in g.get("@graph", [])]
    beside = [n for n in nodes if n.get("@id") == "model:transformerst" and "l4c:citationCaveat" in n]
    assert beside and beside[0]["l4c:citation"] == {"@id": "pub:lu-et-al-2024"}
