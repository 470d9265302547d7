"""The SPARQL endpoint and web explorer (`llm4cell-kg serve`), in layers: `protocol` (HTTP request -> query job,
content negotiation, Service Description), `results` (serialisers), `executor` (worker processes, timeouts),
`routes` (pure functions request -> response), `transport` (the standard library's threaded HTTP server), `cli`."""
