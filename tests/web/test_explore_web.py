"""The explorer for researchers on the real server: search, finders, cards, compare, linked data, the w3id rules;
then in a real browser (Debian's chromium + chromedriver via selenium): the search box, two facets of the model
finder checked against hand counts from Table 7, sorting, the compare view. Screenshots go to test-artifacts/."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from web_client import ARTIFACTS, fetch, parse

from llm4cell_kg.answers.query import get_query
from llm4cell_kg.common.namespaces import L4C, RDFS, SCHEMES
from llm4cell_kg.store.sparql import run
from llm4cell_kg.web.explore import LOCAL_KINDS

REPO = Path(__file__).resolve().parents[2]
HTACCESS = REPO / "docs" / "w3id" / ".htaccess"
SCGPT = ox.NamedNode(SCHEMES["model"] + "scgpt")


# -- pages over HTTP ----------------------------------------------------------------------------------------------


def test_entity_page_starts_with_the_card(server: Any) -> None:
    status, _, body = fetch(server, "/model/scgpt")
    html = body.decode()
    assert status == 200 and html.index('id="card"') < html.index('id="provenance"')
    page = parse(html)
    # Table 7 row 1 as printed, then each fact once: "Foundation" stated by the row and by §4.1 (and others)
    assert page.tables["card-printed"][0][:3] == ["scGPT (Cui et al., 2024)", "Nature Methods", "Foundation"]
    facts = page.tables["card-facts"]
    family = [r for r in facts if r[0] == "family"]
    assert len(family) == 1 and family[0][1] == "Foundation Models family:foundation"
    assert family[0][2].startswith("Table 7 row 1; ") and "§4.1" in family[0][2]
    pairs, prop = [], ""
    for r in facts:  # the property is printed on its first value's row only
        prop = r[0] or prop
        pairs.append((prop, r[1]))
    assert len(pairs) == len(set(pairs))
    assert "<details><summary>Table 7 row 1" in html  # sources collapsed, quotes inside
    assert "**" not in html  # quotes as text, not raw markdown
    # datasets with their basis, as `show` prints them: §C.1 "scGPT and scFoundation were pretrained on human–mouse
    # atlases from Tabula Sapiens and HCA" is a group sentence, never scGPT's own (issue 12 item 1)
    # each dataset once (issue 25), its sources collapsed: Tabula Sapiens v2 is named by §5.1, §5.7 and §C.1
    datasets = page.tables["card-datasets"]
    assert len(datasets) == 7 and len({r[0] for r in datasets}) == 7
    sapiens = next(r for r in datasets if r[0].startswith("Tabula Sapiens v2"))
    # the basis says group; the sources column cites each group sentence by its section (numbered where the card
    # cites two groups of one section), its members on hover and in the card's legend, once (issue 25)
    assert sapiens[:2] == ["Tabula Sapiens v2 dataset:tabula-sapiens-v2 group only", "named with 3 groups"]
    assert sapiens[2].startswith("§5.1 #2, §5.7, §C.1§5.1 Foundation models such as scGPT")
    assert '<a class="group-ref" href="#group-sentences" title="group: scGPT, scFoundation, scBERT">§5.1 #2</a>' in html
    azimuth = datasets[0]  # §5.1: "Models are finetuned on curated references (e.g., Azimuth PBMC, HCA Lung)"
    assert azimuth[1:] == [
        "named with a group",
        "§5.1 #1§5.1 Models are finetuned on curated references (e.g., Azimuth PBMC, HCA Lung)",
    ]
    assert all(r[0].endswith(" group only") for r in datasets)
    assert family[0][2].startswith("Table 7 row 1; group sentences: §1, §4.1 #2, §5.1 #2, §A.3, §C.1")
    legend = {r[0]: r[1] for r in page.tables["card-group-sentences"]}
    assert len(legend) == 12 and legend["§5.1 #1"] == "CellLM, GenePT, scAgent, scBERT, scELMo, scFoundation, scGPT"
    assert legend["§1, §4.1 #2"] == "scGPT, Geneformer, scFoundation"
    assert '<details id="group-sentences" class="legend">' in html  # closed: one click away
    # lineage: Table 7 row 41 (GET) copies row 42 (scMPT); the caveat stays beside the relation
    lineage = {r[0]: r[1] for r in page.tables["card-lineage"]}
    assert lineage["scGPT-spatial model:scgpt-spatial"] == "built on by (l4c:extends)"
    assert lineage["GET model:get"].startswith("built on by (l4c:usesEmbeddingsOf) — caveat: Table 7 row 41 repeats")


def test_entity_page_says_the_basis_of_each_fact(server: Any) -> None:
    """Teddy (Table 7 row 50, Category "Foundation Model / Disease- aware Trans- former") is called agentic only in
    sentences about groups: §4.5 "Frameworks such as scAgent, CellVerse, and Teddy", C.5 "Teddy/scPilot ... provide
    lightweight orchestrators"; C.5's "Grounding sources include the Human Cell Atlas ontology, UBERON, and PubMed" is
    said of the agentic systems as a group (issue 24)."""
    status, _, body = fetch(server, "/model/teddy")
    html = body.decode()
    page = parse(html)
    assert status == 200
    assert '<p class="summary">Teddy (model:teddy): model — Foundation Models; 2025; Table 7 row 50</p>' in html
    rows, prop = [], ""
    for r in page.tables["card-facts"]:
        prop = r[0] or prop
        rows.append((prop, r[1], r[2]))
    family = [r for r in rows if r[0] == "family"]
    assert [r[1] for r in family] == [
        "Agentic Frameworks family:agentic group only",
        "Foundation Models family:foundation",
    ]
    assert family[0][2].startswith("group sentences: §4.5 #2, §C.5 #2§4.5 Frameworks")
    assert family[1][2].startswith("Table 7 row 50")
    # §6.6 "**Teddy** (Chevalier et al., 2025) introduces benchmarking for fairness": about Teddy alone, unmarked
    fairness = next(r for r in rows if r[1].startswith("Atlas Fairness"))
    assert "group" not in fairness[1] and fairness[2].startswith("§6.6§6.6 Teddy")
    group = "CellVerse, EpiAgent, Pilot, scAgent, Teddy"
    # the basis says group, the sources column cites the sentence, the legend names the group (once, issue 25)
    source = "§C.5 #1"
    assert [(r[0], r[1], r[2][: len(source)]) for r in page.tables["card-group"]] == [
        (
            "Human Cell Atlas ontology resource:human-cell-atlas-ontology group only",
            "l4c:groundingSource: named with a group",
            source,
        ),
        # the same C.5 sentence read as grounding types, the group's (issue 24 item 4)
        ("literature / text grounding:literature-text group only", "l4c:groundingType: named with a group", source),
        ("ontology grounding:ontology group only", "l4c:groundingType: named with a group", source),
        ("PubMed resource:pubmed group only", "l4c:groundingSource: named with a group", source),
        ("UBERON resource:uberon group only", "l4c:groundingSource: named with a group", source),
        ("UBERON obo:uberon.owl group only", "l4c:groundingOntology: named with a group", source),
    ]
    assert "card-links" not in page.tables and "links" not in page.tables  # no ontology link of Teddy's own
    assert [r[:2] for r in page.tables["card-group-sentences"]] == [
        ["§4.5 #1", "CellVerse, EpiAgent, scAgent, Teddy"],
        ["§4.5 #2", "scAgent, CellVerse, Teddy"],
        ["§C.5 #1", group],
        ["§C.5 #2", "Teddy, Pilot"],
    ]
    # the full provenance names each group sentence's group
    assert "Prose claim about a group (scAgent, CellVerse, Teddy), §4.5" in html
    assert f"Prose mention about a group ({group}), §C.5" in html
    assert "<h3>Prose claim, §6.6 " in html


def test_search_and_suggestions(server: Any) -> None:
    status, _, body = fetch(server, "/search?q=lung")
    rows = parse(body.decode()).tables["search-results"]
    # Table 1 rows 4, 5, 7 name the lung
    lung = {"Human Lung Cell Atlas v1.0", "HCA lung project", "Yale Lung Disease Cell Atlases"}
    assert {r[2] for r in rows[:3]} == lung
    status, headers, body = fetch(server, "/suggest?q=genefor")
    items = json.loads(body)
    assert status == 200 and headers["Content-Type"] == "application/json"
    assert {"label": "Geneformer", "curie": "model:geneformer", "kind": "model", "url": "/model/geneformer"} in items


def facet_counts(html: str, facet: str) -> dict[str, str]:
    """value -> the count printed beside it, for one facet of a finder page."""
    pattern = rf'name="{facet}" value="([^"]+)"[^>]*> [^<]+ <span class="n" data-value="[^"]+">\((\d+)\)'
    return dict(re.findall(pattern, html))


def test_model_finder_counts(server: Any) -> None:
    # Table 7 prints the category "Agentic Framework" on rows 36 (scExtract), 37 (scAgent), 57 (CellAtria) and
    # 58 (CellAgent); their Modality cells: RNA + Text, RNA, scRNA-seq + metadata, scRNA-seq
    _, _, body = fetch(server, "/models?family=family:agentic")
    html = body.decode()
    assert "4 of 58 models" in html
    names = [r[1] for r in parse(html).tables["finder-results"]]
    assert names == ["CellAgent", "CellAtria", "scAgent", "scExtract"]
    facet = facet_counts(html, "modality")
    assert facet == {"modality:rna": "4", "modality:metadata": "1", "modality:text": "1"}
    # the Family facet counts ignore the family filter: Table 7's 25 foundation, 4 agentic, 2 benchmark ...
    fam = facet_counts(html, "family")
    assert fam["family:foundation"] == "25" and fam["family:agentic"] == "4"
    _, headers, body = fetch(server, "/models.csv?family=family:agentic&grounding=grounding:ontology")
    rows = list(csv.reader(io.StringIO(body.decode())))
    assert headers["Content-Type"].startswith("text/csv") and rows[0][:3] == ["id", "iri", "Model"]
    assert [r[2] for r in rows[1:]] == ["CellAtria"]  # "Ontology (graph + metadata)", Table 7 row 57


def test_model_finder_links_facet(server: Any, store: Any) -> None:
    """Issue 22: "has code", "has weights", "listed in" as a facet, counted as link-coverage counts them."""
    _, _, body = fetch(server, "/models")
    links = facet_counts(body.decode(), "links")
    assert links == {"paper identifier": "53", "code repository": "47", "catalogue entry": "42", "weights": "13"}
    coverage = {
        r[0].value: r[2].value for r in run(store, get_query("link-coverage").text).rows if r[1].value == "any source"
    }
    assert all(coverage[k] == n for k, n in links.items())
    _, _, body = fetch(server, "/models?links=weights&family=family:agentic")
    names = [r[1] for r in parse(body.decode()).tables["finder-results"]]
    assert names == ["scAgent"]  # graph/web_links.yaml: the one Table 7 agentic framework with weights listed
    _, _, body = fetch(server, "/models?links=weights&family=family:foundation")
    names = [r[1] for r in parse(body.decode()).tables["finder-results"]]
    assert names == ["CellFM", "Geneformer", "iSEEEK", "scFoundation", "scPRINT", "UCE"]  # no source lists scGPT's


def test_dataset_finder_counts(server: Any) -> None:
    # lung: Table 1 rows 4 (HLCA), 5 (HCA lung project), 7 (Yale), Table 3 row 3 (Azimuth: "PBMC, lung, kidney,
    # fetal"); human as well: HLCA ("Integrated human lung reference"), Yale ("diseased human lungs") and, by Table 3
    # row 2's abbreviation "Human Cell Atlas (HCA)", the "HCA lung cohort" (issue 12 item 5)
    _, _, body = fetch(server, "/datasets?tissue=UBERON:0002048")
    assert "4 of 40 datasets" in body.decode()
    _, _, body = fetch(server, "/datasets?tissue=UBERON:0002048&species=NCBITaxon:9606&sort=cells&order=desc")
    names = [r[1] for r in parse(body.decode()).tables["finder-results"]]
    # ~2.4 M (HLCA), 2.4 M (HCA lung project), ~300k cells (Yale)
    assert names == ["Human Lung Cell Atlas v1.0", "HCA lung project", "Yale Lung Disease Cell Atlases"]


def test_compare_page(server: Any) -> None:
    status, _, body = fetch(server, "/compare?e=scgpt&e=geneformer")
    rows = {r[0].lstrip("≠ ").strip(): r for r in parse(body.decode()).tables["compare"]}
    assert status == 200
    assert rows["year"] == ["≠ year", "2024", "2023"]
    assert rows["family"][1:] == ["Foundation Models", "Foundation Models"]
    assert "Paper, code, weights, documentation, licence, listed in: links out from public catalogues" in body.decode()
    status, _, body = fetch(server, "/compare?e=scgpt&e=Geneformr")
    assert status == 404 and "Did you mean" in body.decode() and 'href="/model/geneformer"' in body.decode()
    status, _, body = fetch(server, "/compare.json?e=scgpt&e=uce")
    assert [e["curie"] for e in json.loads(body)["entities"]] == ["model:scgpt", "model:uce"]


def test_linked_data(server: Any) -> None:
    status, headers, body = fetch(server, "/model/scgpt", accept="text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle") and "Accept" in headers["Vary"]
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=ox.RdfFormat.TURTLE)}
    assert ox.Triple(SCGPT, ox.NamedNode(RDFS + "label"), ox.Literal("scGPT")) in triples
    row1 = ox.NamedNode(SCHEMES["src"] + "table7/row/1")
    assert any(t.subject == row1 and t.predicate.value == L4C + "quote" for t in triples)  # the source, described
    assert headers["Link"] == '</model/scgpt.trig>; rel="alternate"; type="application/trig"'
    # TriG keeps each statement in the graph of the survey location stating it
    _, _, body = fetch(server, "/model/scgpt.trig")
    quads = set(ox.parse(body, format=ox.RdfFormat.TRIG))
    family = ox.Quad(SCGPT, ox.NamedNode(L4C + "family"), ox.NamedNode(SCHEMES["family"] + "foundation"), row1)
    assert family in quads
    # JSON-LD with the published context, read back by rdflib's processor
    import rdflib

    _, headers, body = fetch(server, "/model/scgpt", accept="application/ld+json")
    assert headers["Content-Type"].startswith("application/ld+json")
    ds = rdflib.Dataset()
    ds.parse(data=body.decode(), format="json-ld")
    spo = {(s, p, o) for s, p, o, _g in ds.quads((None, None, None, None))}
    assert (rdflib.URIRef(SCGPT.value), rdflib.RDFS.label, rdflib.Literal("scGPT")) in spo
    _, headers, body = fetch(server, "/dataset/hlca-v1.nt")
    assert headers["Content-Type"] == "application/n-triples" and b"UBERON_0002048" in body
    assert fetch(server, "/model/scgpt", accept="text/html,*/*;q=0.8")[1]["Content-Type"].startswith("text/html")
    assert fetch(server, "/task/annotation.ttl")[0] == 200
    assert fetch(server, "/model/hlca-v1.ttl")[0] == 404  # a dataset id is not a model
    assert fetch(server, "/model/nope", accept="text/turtle")[0] == 404


def _headers(html: str, cls: str) -> list[str]:
    head = re.search(rf'<table class="{cls}"><thead><tr>(.*?)</tr></thead>', html)
    assert head, cls
    return re.findall(r"<th[^>]*>(.*?)</th>", head.group(1))


def test_every_table_has_its_headers_and_references_read(server: Any) -> None:
    """Issue 25: the dataset and lineage tables had an empty first header; the publication page showed a literal
    `*Nature methods*` (References: "... generative ai. *Nature methods*, 21(8):1470–1480.")."""
    scgpt = fetch(server, "/model/scgpt")[2].decode()
    assert _headers(scgpt, "card-datasets") == ["dataset", "basis", "sources"]
    assert _headers(scgpt, "card-lineage") == ["model", "basis", "sources"]
    sapiens = fetch(server, "/dataset/tabula-sapiens-v2")[2].decode()  # used by CellFM, Geneformer, scBERT, ...
    assert _headers(sapiens, "card-used-by") == ["model", "basis", "sources"]
    assert '<a href="/model/scgpt.rdf">RDF/XML</a>' in scgpt
    pub = fetch(server, "/publication/cui-et-al-2024")[2].decode()
    assert "<td>container</td><td><em>Nature methods</em>, 21(8):1470–1480.</td>" in pub
    assert "*Nature methods*" not in pub
    for path in ("/model/scgpt", "/dataset/tabula-sapiens-v2", "/family/agentic", "/publication/cui-et-al-2024"):
        assert not re.search(r"<th[^>]*>\s*</th>", fetch(server, path)[2].decode()), path


def test_rdf_xml_and_sorted_prefixes(server: Any) -> None:
    """Issue 25: `Accept: application/rdf+xml` got 200 HTML; Turtle's prefixes came in hash-map order."""
    import rdflib

    status, headers, body = fetch(server, "/model/scgpt", accept="application/rdf+xml")
    assert status == 200 and headers["Content-Type"] == "application/rdf+xml" and body.startswith(b"<?xml")
    xml = rdflib.Graph().parse(data=body, format="xml")
    assert (rdflib.URIRef(SCGPT.value), rdflib.RDFS.label, rdflib.Literal("scGPT")) in xml
    assert headers["Link"] == '</model/scgpt.trig>; rel="alternate"; type="application/trig"'
    _, _, ttl = fetch(server, "/model/scgpt.ttl")
    assert rdflib.Graph().parse(data=ttl, format="turtle").isomorphic(xml)  # the same statements as Turtle
    assert fetch(server, "/dataset/hlca-v1.rdf")[1]["Content-Type"] == "application/rdf+xml"
    names = [line.split()[1] for line in ttl.decode().splitlines() if line.startswith("@prefix ")]
    assert names == sorted(names, key=str.lower) and names[:3] == ["CL:", "dataset:", "dcterms:"]
    _, _, trig = fetch(server, "/model/scgpt.trig")
    names = [line.split()[1] for line in trig.decode().splitlines() if line.startswith("@prefix ")]
    assert names == sorted(names, key=str.lower) and len(names) > 10


def _rules() -> list[tuple[re.Pattern[str], str, str]]:
    rules = []
    for line in HTACCESS.read_text(encoding="utf-8").splitlines():
        if line.startswith("RewriteRule "):
            _, pattern, target, flags = line.split()
            rules.append((re.compile(pattern), target, flags))
    return rules


def test_w3id_rules_reach_the_server(server: Any) -> None:
    """Each IRI kind the graph mints is redirected (303) by docs/w3id/.htaccess to a path the server answers."""
    rules = _rules()
    samples = [
        "model/scgpt",
        "model/scgpt.ttl",
        "dataset/hlca-v1",
        "family/agentic",
        "task/annotation",
        "modality/rna",
        "grounding/atlas",
        "domain/explainability",
        "dimension/primary-task",
        "venue/nature",
        "publication/cui-et-al-2024",
        "resource/uberon",
        "ontology",
        "context.jsonld",
        "",
    ]
    assert {s.split("/")[0] for s in samples if "/" in s} == set(LOCAL_KINDS)
    for path in samples:
        match = next(((m, target, flags) for rx, target, flags in rules if (m := rx.fullmatch(path))), None)
        assert match is not None, path
        m, target, flags = match
        assert "R=303" in flags
        url = re.sub(r"\$(\d)", lambda g, m=m: m.group(int(g.group(1))), target)
        local = url.replace("https://llm4cell-kg.example.org", "")
        for accept in ("text/html", "text/turtle"):
            status, _, _ = fetch(server, local or "/", accept=accept)
            assert status == 200, (path, local, accept)
    assert not any(rx.fullmatch("source/table7/row/1") for rx, _, _ in rules)  # not served, not redirected


# -- in a real browser ----------------------------------------------------------------------------------------------


def test_browser_search_box(server: Any, browser: Any) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server.url + "/")
    box = browser.find_element(By.ID, "site-search")
    box.send_keys("genefor")
    WebDriverWait(browser, 30).until(
        lambda d: any(a.text.startswith("Geneformer") for a in d.find_elements(By.CSS_SELECTOR, "#suggestions a"))
    )
    browser.save_screenshot(str(ARTIFACTS / "search-suggestions.png"))
    next(a for a in browser.find_elements(By.CSS_SELECTOR, "#suggestions a") if a.text.startswith("Geneformer")).click()
    WebDriverWait(browser, 30).until(lambda d: d.current_url.endswith("/model/geneformer"))
    summary = browser.find_element(By.CSS_SELECTOR, "#card .summary").text
    assert summary.startswith("Geneformer (model:geneformer): model — Foundation Models; 2023; Table 7 row 2")
    browser.save_screenshot(str(ARTIFACTS / "card-geneformer.png"))


def test_browser_finder_two_facets_sort_and_compare(server: Any, browser: Any) -> None:  # noqa: F811
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def count() -> str:
        """The result count, or "" while the page reloads after a facet is ticked."""
        try:
            return browser.find_element(By.ID, "result-count").text
        except WebDriverException:  # stale or missing node: the page is being replaced
            return ""

    def names() -> list[str]:
        rows = browser.find_elements(By.CSS_SELECTOR, "#results tbody tr")
        return [r.find_elements(By.TAG_NAME, "td")[1].text for r in rows if r.is_displayed()]

    browser.get(server.url + "/models")
    assert count() == "58 of 58 models"  # Table 7: 58 rows
    # sort by year, numerically, with the sort kept in the URL and the CSV link
    year = browser.find_element(By.CSS_SELECTOR, '#results th[data-key="year"]')

    def years_shown() -> list[int]:
        rows = browser.find_elements(By.CSS_SELECTOR, "#results tbody tr")
        return [int(r.find_elements(By.TAG_NAME, "td")[8].text) for r in rows]

    year.click()
    years = years_shown()
    if years != sorted(years):  # tablesort's first click may sort descending
        year.click()
        years = years_shown()
    assert years == sorted(years) and years[0] < years[-1]
    assert "sort=year" in browser.current_url
    assert "sort=year" in browser.find_element(By.ID, "csv-link").get_attribute("href")
    browser.save_screenshot(str(ARTIFACTS / "finder-sorted-by-year.png"))
    # facet 1: Family = Agentic Frameworks (Table 7 rows 36, 37, 57, 58)
    browser.find_element(By.CSS_SELECTOR, 'input[name="family"][value="family:agentic"]').click()
    WebDriverWait(browser, 30).until(lambda d: count() == "4 of 58 models")
    assert names() == ["CellAgent", "CellAtria", "scAgent", "scExtract"]
    text = browser.find_element(By.CSS_SELECTOR, 'fieldset[data-facet="grounding"]').text
    # Grounding cells of those rows: None; Ontology (graph + metadata); Reference atlas + marker ...; Article-based
    assert "ontology (1)" in text and "none (1)" in text and "atlas (1)" in text and "marker (1)" in text
    # facet 2: Grounding type = ontology -> CellAtria (row 57) alone
    browser.find_element(By.CSS_SELECTOR, 'input[name="grounding"][value="grounding:ontology"]').click()
    WebDriverWait(browser, 30).until(lambda d: count() == "1 of 58 models")
    assert names() == ["CellAtria"]
    assert "family=family%3Aagentic" in browser.current_url and "grounding=grounding%3Aontology" in browser.current_url
    browser.save_screenshot(str(ARTIFACTS / "finder-two-facets.png"))
    # compare two of the agentic frameworks from the finder
    browser.get(server.url + "/models?family=family:agentic")
    for ident in ("cellagent", "scagent"):
        browser.find_element(By.CSS_SELECTOR, f'#results input[value="{ident}"]').click()
    browser.find_element(By.CSS_SELECTOR, "#compare-form button").click()
    WebDriverWait(browser, 30).until(lambda d: "/compare?" in d.current_url)
    assert browser.current_url.endswith("/compare?e=cellagent&e=scagent")
    heads = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "table.compare thead th")]
    assert heads == ["property", "CellAgent", "scAgent"]
    rows = {
        tr.find_elements(By.TAG_NAME, "td")[0].text.lstrip("≠ "): tr.find_elements(By.TAG_NAME, "td")[1:]
        for tr in browser.find_elements(By.CSS_SELECTOR, "table.compare tbody tr")
    }
    # CellAgent: grounding "None", ArXiv 2024; scAgent: atlas + marker reasoning, ArXiv 2025, and C.5's "scAgent
    # executes multistep annotation workflows via ontology queries" (issue 24 item 4)
    assert [c.text for c in rows["grounding"]] == ["none", "atlas, marker, ontology"]
    assert [c.text for c in rows["year"]] == ["2024", "2025"]
    browser.save_screenshot(str(ARTIFACTS / "compare-cellagent-scagent.png"))
    urls = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert all(u.startswith(server.url) for u in urls)


def test_browser_editor_links_and_values(server: Any, browser: Any) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server.url + "/explorer#datasets-per-modality")
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr td"))
    rows = browser.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr")
    by_modality = {}
    for tr in rows:
        tds = tr.find_elements(By.TAG_NAME, "td")
        links = tds[1].find_elements(By.TAG_NAME, "a")
        by_modality[links[0].get_attribute("href")] = (links[0].text, tds[3].text)
    # Tables 1 (7), 5 (8), 6 (5) are RNA: 20 datasets, shown as a number, its IRI as its CURIE (the package's prefix
    # map, issue 25: the editor showed full IRIs) linking to the local page
    assert by_modality[server.url + "/modality/rna"] == ("modality:rna", "20")
    assert all(text.startswith("modality:") for text, _ in by_modality.values())
    browser.save_screenshot(str(ARTIFACTS / "editor-local-links.png"))


def test_canned_query_page_takes_parameters(server: Any) -> None:
    status, _, body = fetch(server, "/queries/provenance-of-statement?model=scGPT")
    html = body.decode()
    rows = parse(html).tables["results"]
    assert status == 200 and rows and {r[0] for r in rows} == {"model:scgpt"}
    facts = [(r[1], r[2]) for r in rows]
    assert len(facts) == len(set(facts))  # each statement once, its sources in one cell
    assert 'name="model" value="scGPT"' in html  # the form keeps what was asked
    # asked for nothing, a question about one entity shows its example and says so (not every statement)
    status, _, body = fetch(server, "/queries/provenance-of-statement")
    html = body.decode()
    assert status == 200 and "answers for one model or one dataset; shown for the example" in html
    assert {r[0] for r in parse(html).tables["results"]} == {"model:scgpt"}
    assert 'name="model" value="model:scgpt"' in html
    # Table 7 row 2: Geneformer (Theodoris et al., 2023)
    _, _, body = fetch(server, "/queries/model-table7-row?model=geneformer")
    assert [r[:2] for r in parse(body.decode()).tables["results"]] == [["model:geneformer", "2"]]
    status, _, body = fetch(server, "/queries/model-table7-row?model=hlca")
    assert status == 400 and b"a dataset, not a l4c:Model" in body


#: the window the browser fixture opens (tests/conftest.py), and how many of its screens a model page may take:
#: "about three" (scGPT's page: 2,934 px with issue 25's cards, 3,048 px once issue 24 added its grounding and
#: modality claims, 2,804 px once each group sentence is cited by its section and listed once in the card's legend)
WINDOW = (1400, 1000)
SCREENS = 3.0


def test_browser_model_page_opens_with_the_card_in_three_screens(server: Any, browser: Any) -> None:  # noqa: F811
    """Issue 25: scGPT's page was 12,458 px tall (the card, then 78 sources one after the other, each dataset once
    per sentence); it opens with the card, the full provenance collapsed one click away, in about three screens.
    A full-page screenshot goes to test-artifacts/model-scgpt-full.png."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.set_window_size(*WINDOW)
    browser.get(server.url + "/model/scgpt")
    height = browser.execute_script("return document.documentElement.scrollHeight")
    assert height <= SCREENS * WINDOW[1], height
    first = browser.find_element(By.CSS_SELECTOR, "main > *:nth-child(2)")
    assert first.get_attribute("id") == "card"
    closed = browser.find_elements(By.CSS_SELECTOR, "details.provenance:not([open])")
    assert [d.get_attribute("id") for d in closed] == ["links", "facts", "incoming"]
    # the 78 statements by survey source are one click away, each source a heading with its quote
    summary = browser.find_element(By.CSS_SELECTOR, "details#facts > summary")
    assert summary.text == "Statements by survey source (79)"  # 78 before issue 24 items 4-5 added a source
    chrome = browser.execute_script("return window.outerHeight - window.innerHeight")  # the window's own bars
    browser.set_window_size(WINDOW[0], height + chrome)
    browser.save_screenshot(str(ARTIFACTS / "model-scgpt-full.png"))
    # a group sentence's reference names its group on hover, and opens the card's legend of group sentences
    ref = browser.find_element(By.CSS_SELECTOR, "table.card-datasets a.group-ref")
    assert (ref.text, ref.get_attribute("title")) == (
        "§5.1 #1",
        "group: CellLM, GenePT, scAgent, scBERT, scELMo, scFoundation, scGPT",
    )
    legend = browser.find_element(By.ID, "group-sentences")
    assert legend.get_attribute("open") is None
    ref.click()  # site.js opens the legend on the hash change
    WebDriverWait(browser, 30).until(lambda _: legend.get_attribute("open") == "true")
    summary.click()
    assert browser.execute_script("return document.documentElement.scrollHeight") > 3 * height
    browser.set_window_size(*WINDOW)
    # a link to a section opens it (site.js)
    browser.get(server.url + "/model/scgpt#incoming")
    assert browser.find_element(By.CSS_SELECTOR, "details#incoming").get_attribute("open") is not None


def test_facets_show_every_value_or_a_more_control(server: Any) -> None:
    """Issue 25: facet boxes scrolled inside a fixed height, hiding values. The dataset finder's Task facet has 23
    values (Tables 1-6's Tasks cells, with issue 24's "Epigenetic modeling" and "Cross-project mapping"): the 8 most
    frequent show, the 15 others behind "15 more"; a chosen value shows
    even when rare: "Privacy" is printed only in Table 4's Xenium / CosMx row (survey line 536)."""
    html = fetch(server, "/datasets")[2].decode()
    task = re.search(r'<fieldset class="facet" data-facet="task">(.*?)</fieldset>', html, re.S)
    assert task
    shown, _, rest = task.group(1).partition('<details class="more"><summary>15 more</summary>')
    assert len(facet_counts(shown, "task")) == 8 and len(facet_counts(rest, "task")) == 15
    assert facet_counts(shown, "task")["task:annotation"] == "22"
    assert facet_counts(rest, "task")["task:privacy"] == "1"
    assert facet_counts(rest, "task")["task:transfer-learning"] == "1"  # Table 2: CITE-seq compendia (line 525)
    chosen = fetch(server, "/datasets?task=task:privacy")[2].decode()
    task = re.search(r'<fieldset class="facet" data-facet="task">(.*?)</fieldset>', chosen, re.S)
    assert task and "task:privacy" in facet_counts(task.group(1).partition("<details")[0], "task")
    assert "1 of 40 datasets" in chosen
    # Family has 6 values on the model finder: all shown, no control
    models = fetch(server, "/models")[2].decode()
    family = re.search(r'<fieldset class="facet" data-facet="family">(.*?)</fieldset>', models, re.S)
    assert family and "<details" not in family.group(1) and len(facet_counts(family.group(1), "family")) == 6


def test_browser_facets_do_not_scroll(server: Any, browser: Any) -> None:  # noqa: F811
    """No facet box scrolls; "13 more" opens the rest of the dataset finder's Task facet."""
    from selenium.webdriver.common.by import By

    browser.set_window_size(*WINDOW)
    for path in ("/models", "/datasets"):
        browser.get(server.url + path)
        boxes = browser.find_elements(By.CSS_SELECTOR, "fieldset.facet")
        assert boxes and all(
            browser.execute_script("return arguments[0].scrollHeight <= arguments[0].clientHeight", b) for b in boxes
        ), path
    rare = browser.find_element(By.CSS_SELECTOR, 'input[name="task"][value="task:transfer-learning"]')
    assert not rare.is_displayed()
    browser.find_element(By.CSS_SELECTOR, 'fieldset[data-facet="task"] details.more > summary').click()
    assert rare.is_displayed()
    browser.save_screenshot(str(ARTIFACTS / "finder-datasets-facets.png"))


def test_browser_editor_shows_curies_of_the_package_prefix_map(server: Any, browser: Any) -> None:  # noqa: F811
    """A query that declares no prefix still shows CURIEs (common/prefixes.py): Table 1 row 4 (HLCA) names the lung,
    UBERON:0002048, and its species Homo sapiens, NCBITaxon:9606."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server.url + "/explorer")
    WebDriverWait(browser, 30).until(lambda d: d.execute_script("return !!window.llm4cellYasgui"))
    query = (
        "SELECT DISTINCT ?d ?p ?o WHERE { VALUES ?p { <https://w3id.org/llm4cell/ontology#tissue> "
        "<https://w3id.org/llm4cell/ontology#species> } <https://w3id.org/llm4cell/dataset/hlca-v1> ?p ?o . "
        "BIND(<https://w3id.org/llm4cell/dataset/hlca-v1> AS ?d) } ORDER BY ?p"
    )
    browser.execute_script("var t = window.llm4cellYasgui.getTab(); t.setQuery(arguments[0]); t.query();", query)
    WebDriverWait(browser, 30).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr")) == 2)
    cells = [
        [td.text for td in tr.find_elements(By.TAG_NAME, "td")[1:]]
        for tr in browser.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr")
    ]
    assert cells == [
        ["dataset:hlca-v1", "l4c:species", "NCBITaxon:9606"],
        ["dataset:hlca-v1", "l4c:tissue", "UBERON:0002048"],
    ]
    link = browser.find_element(By.CSS_SELECTOR, ".yasr table tbody tr td a.iri")
    assert link.get_attribute("href") == server.url + "/dataset/hlca-v1"
    browser.save_screenshot(str(ARTIFACTS / "editor-curies.png"))
