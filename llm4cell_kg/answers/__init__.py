"""The answers layer: which sources a question is answered from, name lookup, canned queries and DataFrames, the
audit rules, cards, search, compare, figures and the report."""
