"""Engine `sparql` reads each shape's focus nodes straight from the data (no scratch graph): every kind of target,
and a focus node that the target finds more than once, give what pyshacl gives, each result once."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from llm4cell_kg.checks.shacl_report import Report
from llm4cell_kg.checks.validate import validate_quads

SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix l4c: <https://w3id.org/llm4cell/ontology#> .
@prefix l4cs: <https://w3id.org/llm4cell/shapes#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
l4cs:ByClass a sh:NodeShape ; sh:targetClass l4c:SourceLocation ; sh:property l4cs:OneQuote .
l4cs:OneQuote sh:path l4c:quote ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:string ; sh:message "one quote" .
l4cs:ByNode a sh:NodeShape ; sh:targetNode <https://w3id.org/llm4cell/model/x> ; sh:property l4cs:NodeLabel .
l4cs:NodeLabel sh:path rdfs:label ; sh:minCount 1 ; sh:message "a label" .
l4cs:ByObject a sh:NodeShape ; sh:targetObjectsOf l4c:family ; sh:property l4cs:FamilyLabel .
l4cs:FamilyLabel sh:path rdfs:label ; sh:minCount 1 ; sh:message "a family label" .
l4cs:BySubject a sh:NodeShape ; sh:targetSubjectsOf l4c:family ; sh:property l4cs:OneYear .
l4cs:OneYear sh:path l4c:year ; sh:maxCount 1 ; sh:minInclusive 2015 ; sh:message "one year from 2015" .
l4cs:TwoTargets a sh:NodeShape ; sh:targetClass l4c:TableRow ; sh:targetSubjectsOf l4c:quote ;
    sh:property l4cs:Section .
l4cs:Section sh:path l4c:sectionNumber ; sh:minCount 1 ; sh:message "a section" .
"""

# src:a is a table row and a prose claim (two subclasses of the target class), typed in the default graph and
# again in its own graph, and has two quotes; src:b has no quote; model:x (no type) has no label; model:y has an
# unlabelled family and two years before 2015; model:z is a subject of l4c:family twice and conforms; src:c is
# untyped, quoted and has no section.
DATA = """
@prefix l4c: <https://w3id.org/llm4cell/ontology#> .
@prefix src: <https://w3id.org/llm4cell/source/> .
@prefix model: <https://w3id.org/llm4cell/model/> .
@prefix family: <https://w3id.org/llm4cell/family/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
src:a a l4c:TableRow , l4c:ProseClaim ; l4c:quote "first" , "second" ; l4c:sectionNumber "4.1" .
src:a { src:a a l4c:TableRow . }
src:b a l4c:ProseMention .
src:c l4c:quote "third" .
model:x l4c:year 2020 .
model:y l4c:family l4c:NoSuchFamily ; l4c:year 2010 , 2012 ; rdfs:label "Y" .
model:z l4c:family family:foundation , family:agentic ; l4c:year 2020 ; rdfs:label "Z" .
"""


def findings(report: Report) -> Counter[tuple[str, ...]]:
    return Counter(
        (r.severity, r.shape, r.focus, r.path, r.value, r.message, r.file, r.record, r.field) for r in report.results
    )


def test_every_kind_of_target_gives_what_pyshacl_gives(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES, encoding="utf-8")
    quads = list(ox.parse(DATA, format=ox.RdfFormat.TRIG))
    fast = validate_quads(quads, engine="sparql", shapes=shapes, provenance=False)
    assert findings(fast) == findings(validate_quads(quads, engine="pyshacl", shapes=shapes, provenance=False))
    got = sorted((r.shape, r.focus.rsplit("/", 1)[-1], r.value.rsplit("#", 1)[-1]) for r in fast.results)
    assert got == [
        ("l4cs:FamilyLabel", "ontology#NoSuchFamily", ""),  # an object of l4c:family with no label
        ("l4cs:NodeLabel", "x", ""),  # the target node, typed or not
        ("l4cs:OneQuote", "a", ""),  # two quotes: once, though src:a is found four times
        ("l4cs:OneQuote", "b", ""),  # no quote
        ("l4cs:OneYear", "y", ""),  # two years
        ("l4cs:OneYear", "y", "2010"),
        ("l4cs:OneYear", "y", "2012"),
        ("l4cs:Section", "c", ""),  # a subject of l4c:quote (the second target), untyped, without a section
    ]
