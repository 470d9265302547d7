"""The edit distance behind typo-tolerant search (issue 25)."""

from __future__ import annotations

from llm4cell_kg.common.edits import distance, prefix_distance


def test_distance() -> None:
    assert distance("scgtp", "scgpt", 2) == 1  # a swap of neighbours is one edit (Damerau)
    assert distance("geneformr", "geneformer", 2) == 1
    assert distance("celplm", "celllm", 2) == 1 and distance("celplm", "cellplm", 2) == 1
    assert distance("lung", "lunge", 0) == 1  # bound exceeded: bound + 1
    assert distance("scbert", "scgpt", 1) == 2  # stopped early at bound + 1
    assert distance("", "", 0) == 0


def test_prefix_distance() -> None:
    assert prefix_distance("xtrimo", "xtrimogene", 1) == 0
    assert prefix_distance("genefomr", "geneformer", 2) == 1  # a prefix typed with a swap
    assert prefix_distance("scfoundaton", "scfoundation", 2) == 1
    assert prefix_distance("tablamuris", "tabulamurissenis", 2) == 1
    assert prefix_distance("geneformer", "gene", 2) == 3  # the name is too short to be within two edits
