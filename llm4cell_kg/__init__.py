"""llm4cell-kg: a knowledge graph of the LLM4Cell survey of single-cell LLMs and agentic models."""

__version__ = "0.1.0"
