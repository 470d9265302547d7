"""The web explorer: server-rendered HTML pages, their SPARQL (queries/) and vendored static files (static/)."""
