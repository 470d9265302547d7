"""The checks layer: SHACL validation (SPARQL, pyshacl and pyrudof engines), the one checked pipeline, OWL
reasoning (and which Java runs it), and the check of ontology links against the pinned releases."""
