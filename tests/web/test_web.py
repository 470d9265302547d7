"""The web explorer: server-rendered entity and query pages (no JavaScript), figures, and the YASGUI editor driven
by headless Chromium (Debian's chromium + chromedriver, via selenium). Screenshots go to test-artifacts/."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pyoxigraph as ox
from web_client import ARTIFACTS, parse

from llm4cell_kg.common.namespaces import L4C, RDF
from llm4cell_kg.web import pages

TYPE = ox.NamedNode(RDF + "type")


def get(server: Any, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(server.url + path, timeout=60) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def only_own_scripts(html: str) -> bool:
    """Every script is one of the server's static files (no inline code, nothing from another host); a schema.org
    JSON-LD block (`type="application/ld+json"`, issue 22) is data a browser never runs."""
    import re

    srcs = re.findall(r"<script([^>]*)>", html)
    return all(re.search(r'src="/static/[^"]+"', a) or a == ' type="application/ld+json"' for a in srcs)


# -- pages without JavaScript -----------------------------------------------------------------------------------


def test_model_page_every_fact_with_source(server: Any) -> None:
    status, html = get(server, "/model/scgpt")
    assert status == 200 and only_own_scripts(html)  # server-rendered; scripts only enhance
    page = parse(html)
    # Appendix E, Table 7 row 1 (survey line 564): "scGPT (Cui et al., 2024)  Nature Methods  Foundation ..."
    assert "Table 7, row 1 · Appendix E src:table7/row/1" in page.headings
    assert "scGPT (Cui et al., 2024) | Nature Methods | Foundation | Multiomics" in html
    facts = page.tables["facts"]
    assert ["printed Published where l4c:printedVenue", "Nature Methods"] in facts
    assert ["family l4c:family", "Foundation Models family:foundation"] in facts
    # ontology links with labels and their evidence: §C.1 "pretrained on human–mouse atlases" (survey line 465), a
    # sentence about scGPT and scFoundation together, so the source names the group (issue 24)
    links = page.tables["links"]
    assert [
        "species l4c:species",
        "Homo sapiens NCBITaxon:9606",
        "Prose mention about a group (scGPT, scFoundation), §C.1",
        "scGPT and scFoundation were pretrained on human–mouse atlases",
    ] in links
    assert any(r[1] == "Mus musculus NCBITaxon:10090" for r in links)
    # a prose claim as its own source: §1 names scGPT among the early foundation models (survey line 20)
    assert any(h.startswith("Prose claim, §1 ") for h in page.headings)
    assert '<a href="/dataset/tabula-sapiens-v2">' in html  # §5.1 / §C.1 claims link to dataset pages


def test_dataset_page_scale_links_and_incoming(server: Any) -> None:
    status, html = get(server, "/dataset/tabula-sapiens-v2")
    assert status == 200
    page = parse(html)
    # Table 1 row 1 (survey line 498): "1.1 M cells / 28 organs / 24 donors"
    assert "Table 1, row 1 · Appendix D src:table1/row/1" in page.headings
    assert "<li>cells: 1100000</li>" in html and "<li>organs: 28</li>" in html and "<li>donors: 24</li>" in html
    links = {(r[0], r[1], r[3]) for r in page.tables["links"]}
    assert ("species l4c:species", "Homo sapiens NCBITaxon:9606", "human") in links
    assert (
        "assay l4c:assay",
        "droplet-based single-cell RNA library preparation EFO:0030078",
        "droplet and plate-seq modalities",
    ) in links
    incoming = page.tables["incoming"]
    # §5.7: "These models are pretrained on large atlases such as Tabula Sapiens and HCA" -- a sentence about a group
    # of models (scGPT, scFoundation, CellFM, Geneformer: line 134), shown as such with its group (issues 12, 25)
    assert [
        "Geneformer model:geneformer",
        "trained or evaluated on l4c:trainedOrEvaluatedOn",
        "Group claim about a group (CellFM, Geneformer, scFoundation, scGPT), §5.7",
        "These models are pretrained on large atlases such as Tabula Sapiens and HCA",
    ] in incoming


def test_index_lists_models_datasets_queries(server: Any, store: Any) -> None:
    from llm4cell_kg.answers.query import list_queries

    status, html = get(server, "/")
    assert status == 200
    page = parse(html)
    n_models, n_datasets = (
        len({str(x.subject) for x in store.quads_for_pattern(None, TYPE, ox.NamedNode(L4C + k))})
        for k in ("Model", "Dataset")
    )
    assert (n_models, n_datasets) >= (58, 40)  # Table 7: 58 rows; Tables 1-6: 40 rows, plus prose-only ones
    assert f"Models ({n_models})" in page.headings and f"Datasets ({n_datasets})" in page.headings
    assert f"Canned questions ({len(list_queries())})" in page.headings
    assert '<a href="/model/cellagent">CellAgent' in html


def test_canned_query_page(server: Any) -> None:
    status, html = get(server, "/queries/agentic-annotation")
    assert status == 200 and only_own_scripts(html)
    rows = {r[0]: r[2] for r in parse(html).tables["results"]}
    assert rows["model:cellagent"] == "Table 7 row 58"  # Table 7 row 58: CellAgent, Agentic Yes, annotation
    assert "model:qust-llm" not in rows
    assert "format=csv" in html


def test_missing_pages_are_404(server: Any) -> None:
    assert get(server, "/model/not-a-model")[0] == 404
    assert get(server, "/dataset/scgpt")[0] == 404  # a model id is not a dataset
    assert get(server, "/queries/no-such-question")[0] == 404
    assert get(server, "/model/<script>")[0] == 404


def test_html_is_escaped() -> None:
    cell = pages.term_html(("literal", "<script>alert(1)</script> & co", "", ""))
    assert cell == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"
    link = pages.term_html(("uri", 'https://w3id.org/llm4cell/model/x"onmouseover="y'), "a<b")
    assert '"onmouseover' not in link and "a&lt;b" in link
    evil = SimpleNamespace(
        name="x<y",
        title="t</option><b>",
        question="q",
        answers="a",
        text='SELECT * WHERE { ?s ?p "</script><script>alert(1)</script>" }',
    )
    html = pages.explorer([evil])
    # the site's 3 scripts, yasgui.min.js, explorer.js, the examples' JSON block and the prefix map's (issue 25):
    # the query cannot close a block
    assert html.count("</script>") == 7
    assert '<option value="x&lt;y">t&lt;/option&gt;&lt;b&gt;</option>' in html


def test_figures_page(server: Any, tmp_path: Path) -> None:
    # without --figures the server draws the survey's figures from the graph it serves, once
    status, html = get(server, "/figures")
    assert status == 200
    for name in (
        "figure1-taxonomy",
        "figure3-task-model-heatmap",
        "figure4-agentic-task-coverage",
        "figure5-agentic-domain-coverage",
        "dataset-scale-by-modality",
    ):
        # each figure once: its SVG inline, a PNG to download, the canned queries behind it
        assert html.count(f'<figure id="{name}">') == 1 and f'<a href="/figures/{name}.png" download>PNG</a>' in html
    assert html.count("<svg") == 5 and 'href="/queries/figure3-task-model-matrix"' in html
    assert "Figure 3: Task vs Model Heatmap" in html  # the survey's caption
    with urllib.request.urlopen(server.url + "/figures/figure4-agentic-task-coverage.svg") as r:
        svg = r.read().decode()
        assert r.headers["Content-Type"].startswith("image/svg") and "annotation" in svg
    # --figures DIR shows that directory instead
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
    (tmp_path / "figure3.png").write_bytes(png)
    server.settings.figures = tmp_path
    try:
        status, html = get(server, "/figures")
        assert '<img src="/figures/figure3.png"' in html and 'id="figure1-taxonomy"' not in html
        with urllib.request.urlopen(server.url + "/figures/figure3.png") as r:
            assert r.headers["Content-Type"] == "image/png" and r.read() == png
        assert get(server, "/figures/other.png")[0] == 404
    finally:
        server.settings.figures = None
    # with drawing off and no directory, the page links the tables behind the figures
    server.settings.draw_figures = False
    try:
        status, html = get(server, "/figures")
        assert status == 200 and 'href="/queries/figure3-task-model-matrix"' in html
    finally:
        server.settings.draw_figures = True


# -- the editor in a real browser -------------------------------------------------------------------------------


def test_explorer_runs_canned_query_and_opens_entity(server: Any, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser.get(server.url + "/explorer")
    WebDriverWait(browser, 30).until(lambda d: d.execute_script("return !!window.llm4cellYasgui"))
    Select(browser.find_element(By.ID, "examples")).select_by_value("agentic-annotation")
    browser.find_element(By.ID, "run-example").click()
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr td"))
    browser.save_screenshot(str(ARTIFACTS / "explorer-agentic-annotation.png"))
    rows = [
        [td.text for td in tr.find_elements(By.TAG_NAME, "td")]
        for tr in browser.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr")
    ]
    by_label = {r[2]: r for r in rows}
    # the same answers as tests/answers/test_query.py::test_agentic_annotation (Table 7 rows 37 and 58, §5.1)
    assert {"CellAgent", "CellAtria", "scAgent", "scExtract"} <= set(by_label)
    assert by_label["CellAgent"][3] == "Table 7 row 58"
    assert "Table 7 row 37" in by_label["scAgent"][3]
    assert "QuST-LLM" not in by_label
    # nothing was loaded from another host
    urls = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert urls and all(u.startswith(server.url) for u in urls)

    browser.get(server.url + "/")
    browser.find_element(By.CSS_SELECTOR, 'a[href="/model/scgpt"]').click()
    WebDriverWait(browser, 30).until(lambda d: d.current_url.endswith("/model/scgpt"))
    body = browser.find_element(By.TAG_NAME, "body").text
    browser.save_screenshot(str(ARTIFACTS / "model-scgpt.png"))
    # the card reads first; the full provenance (by survey source) is one click away (issue 25)
    assert "Table 7 row 1" in body and "Nature Methods" in body and "Homo sapiens" in body
    assert "Table 7, row 1" not in body
    browser.find_element(By.CSS_SELECTOR, "details#facts > summary").click()
    assert "Table 7, row 1" in browser.find_element(By.TAG_NAME, "body").text


def test_explorer_link_from_query_page(server: Any, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server.url + "/explorer#datasets-per-modality")
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr td"))
    cells = [
        [td.text for td in tr.find_elements(By.TAG_NAME, "td")]
        for tr in browser.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr")
    ]
    rows = {r[1]: r[3] for r in cells}  # columns: row number, modality, label, datasets
    browser.save_screenshot(str(ARTIFACTS / "explorer-datasets-per-modality.png"))
    # Tables 1 (7), 5 (8), 6 (5) are RNA: 20 datasets (as tests/answers/test_query.py::test_datasets_per_modality)
    rna = next(v for k, v in rows.items() if k.endswith("modality/rna>") or k.endswith("modality:rna"))
    assert rna in ("20", '"20"^^<http://www.w3.org/2001/XMLSchema#integer>')
