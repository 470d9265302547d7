"""The summary card of one entity (`llm4cell-kg show NAME`)."""
