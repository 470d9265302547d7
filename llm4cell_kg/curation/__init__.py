"""The curation layer: the YAML records of graph/, read safely and checked against their declarative rules (every
problem in one pass, by file, line, record and field), their JSON Schemas for editors, and skeleton records."""
