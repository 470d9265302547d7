"""Every printed name resolves (issue 12 item 6); the survey's own ambiguity is said, not picked silently."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from llm4cell_kg.curation.load import load
from llm4cell_kg.store import sparql


def lookup(store: ox.Store, name: str) -> set[str]:
    q = f"""SELECT DISTINCT ?r WHERE {{ {{ ?r rdfs:label "{name}" }} UNION {{ ?r skos:altLabel "{name}" }}
            {{ ?r a l4c:Model }} UNION {{ ?r a l4c:Dataset }} }}"""
    return {sparql.term_text(x[0]) for x in sparql.run(store, q).rows}


@pytest.mark.parametrize(
    ("name", "resource"),
    [
        ("scMCA", "dataset:mouse-cell-atlas"),  # Table 1 row 3: "Mouse Cell Atlas (scMCA)"
        (
            "Replogle 2022",
            "dataset:replogle-2022-perturb-seq",
        ),  # Table 5 row 1: "Genome-scale Perturb-seq (Replogle 2022)"
        ("HLCA", "dataset:hlca-v1"),  # B.1: "*Human Lung Cell Atlas (HLCA)*"
        ("PscB", "dataset:plant-scrna-browser"),  # Table 6 row 5: "Plant scRNA Browser (PscB)"
        ("scPilot", "model:pilot"),  # C.5: "Teddy/scPilot (Joodaki et al., 2024)"
        ("Epi-Foundation", "model:epifoundation"),  # §5.5: "**Epi-Foundation** (Wu et al., 2025)"
        ("scM-MGPT", "model:scmmgpt"),  # §5.3: "scM-MGPT (Shi et al., 2025)" (line-break hyphen)
        ("iSEEK", "model:iseeek"),  # Table 7 row 5: "iSEEK (Shen et al., 2022)"
    ],
)
def test_printed_name_resolves(store: ox.Store, survey_text: str, name: str, resource: str) -> None:
    assert name in survey_text
    assert lookup(store, name) == {resource}


def test_scmgpt_ambiguity_is_stated(store: ox.Store) -> None:
    # §6.3: "Models such as **scMGPT** (Palayew et al., 2025)"; References: "Steven Palayew, Bo Wang, and Gary Bader.
    # 2025. Towards applying large language models to complement single-cell foundation models" = Table 7 row 42
    # "scMPT (Palayew et al., 2025)"; §4.3 and Table 7 row 30 spell "scMMGPT" (Shi et al., 2025)
    assert lookup(store, "scMGPT") == {"model:scmmgpt", "model:scmpt"}
    notes = sparql.run(
        store,
        """SELECT ?r ?n WHERE { GRAPH ?g { ?r skos:altLabel "scMGPT" } ?g l4c:sectionNumber "6.3" ; l4c:caveat ?n }""",
    ).rows
    assert {sparql.term_text(r) for r, _n in notes} == {"model:scmmgpt", "model:scmpt"}
    assert all("Ambiguous in the survey" in sparql.term_text(n) for _r, n in notes)
    # §5.3's "scMGPT applies masked-reconstruction across modalities" follows its own list ("scM-MGPT (Shi et al.)")
    sec53 = sparql.run(
        store, """SELECT ?r WHERE { GRAPH ?g { ?r skos:altLabel "scMGPT" } ?g l4c:sectionNumber "5.3" }"""
    ).rows
    assert [sparql.term_text(x[0]) for x in sec53] == ["model:scmmgpt"]


def test_every_alias_is_verbatim(survey_text: str) -> None:
    for table in load().aliases.values():
        for entries in table.values():
            for e in entries:
                assert e["label"] in survey_text, e
