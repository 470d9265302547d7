"""The build layer: checked records -> RDF quads, one named graph per source location, with the ontology's import
modules and the helper triples computed once per build."""
