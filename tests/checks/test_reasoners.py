"""HermiT and Pellet from their command lines (issue 27): what each is asked, how their output is read, and both on
one file side by side, agreeing on an inconsistency and on an unsatisfiable class."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from llm4cell_kg.build.graph import ontology_quads
from llm4cell_kg.checks import reason as rs
from llm4cell_kg.checks import reasoners
from llm4cell_kg.checks.java import Java
from llm4cell_kg.common.namespaces import L4C, OWL, RDF, RDFS, SCHEMES

N = ox.NamedNode
TYPE = N(RDF + "type")
M = SCHEMES["model"]


def test_hermit_is_asked_to_classify_and_realise_only(tmp_path: Path) -> None:
    java = Java("java", 17, "PATH")
    cmd = reasoners.command("HermiT", java, tmp_path / "in.nt")
    assert cmd[-3:] == ["-c", "-I", (tmp_path / "in.nt").as_uri()]
    assert "-O" not in cmd and "-D" not in cmd  # property classification: nothing reads it
    assert cmd[1 : 1 + len(reasoners.JAVA_FLAGS)] == reasoners.JAVA_FLAGS
    pellet = reasoners.command("Pellet", java, tmp_path / "in.nt")
    assert pellet[pellet.index("pellet.Pellet") + 1] == "realize" and pellet[-1] == str(tmp_path / "in.nt")


def test_hermit_output_is_read() -> None:
    out = "\n".join(
        [
            f"SubClassOf( <{L4C}SpatialModel> <{L4C}DefinedModelClass> )",
            f"Type( <{M}a> <{L4C}SpatialModel> )",
            f"Type( <{M}a> <{L4C}MultimodalModel> )",
            f"EquivalentClasses( <{OWL}Nothing> <{L4C}Odd> )",
            f"EquivalentObjectProperties( <{L4C}x> ObjectInverseOf( <{L4C}y> ) )",
        ]
    )
    types, unsat = reasoners.parse_hermit(out)
    assert types == {M + "a": {L4C + "SpatialModel", L4C + "MultimodalModel"}}
    assert unsat == {L4C + "Odd"}


def test_pellet_output_is_read() -> None:
    out = "\n".join(
        [
            "",
            f" {OWL}Thing - (http://x/thing)",
            f"    {L4C}Model - ({M}a, {M}b)",
            f"       {L4C}SpatialModel = {L4C}Spatial2 - ({M}a, 2 Anonymous Individuals)",
            f" {L4C}Odd = {OWL}Nothing",
        ]
    )
    types, unsat = reasoners.parse_pellet(out)
    assert types[M + "b"] == {L4C + "Model"}
    assert types[M + "a"] == {L4C + "Model", L4C + "SpatialModel", L4C + "Spatial2"}
    assert unsat == {L4C + "Odd"} and not any("Anonymous" in i for i in types)


def _triples(extra: list[ox.Quad]) -> list[ox.Triple]:
    return rs.owl_input.full([*ontology_quads(), *extra])


def test_both_find_an_inconsistency() -> None:
    chimera = N(M + "chimera")
    triples = _triples([ox.Quad(chimera, TYPE, N(L4C + "Model")), ox.Quad(chimera, TYPE, N(L4C + "Dataset"))])
    found = rs.reason_triples(triples, ("HermiT", "Pellet"), cached=False)
    assert not found["HermiT"].consistent and not found["Pellet"].consistent
    assert rs.disagreements(found["HermiT"], found["Pellet"]) == []
    assert "inconsistent" in found["Pellet"].explanation


def test_both_name_an_unsatisfiable_class() -> None:
    bad = N(L4C + "ModelDataset")
    triples = _triples(
        [
            ox.Quad(bad, TYPE, N(OWL + "Class")),
            ox.Quad(bad, N(RDFS + "subClassOf"), N(L4C + "Model")),
            ox.Quad(bad, N(RDFS + "subClassOf"), N(L4C + "Dataset")),
        ]
    )
    found = rs.reason_triples(triples, ("HermiT", "Pellet"), cached=False)
    assert list(found["HermiT"].unsatisfiable) == list(found["Pellet"].unsatisfiable) == [L4C + "ModelDataset"]
    assert rs.compare_line(found["HermiT"], found["Pellet"]).startswith("Pellet agrees with HermiT")
