"""The summary card of one entity (`llm4cell-kg show NAME`): `model` (what a card holds), `reads` (what the store
says about the entity), `similar` (facets, similar entities, audit findings), `assemble` (the card), `text` (as
text, Markdown or JSON) and `show` (the command). The names other layers use are here."""

from .assemble import build_card, card_for, resolve
from .model import CURATOR_ASSERTION, NOT_IN_SURVEY, Card, Stated, Value, plain
from .reads import external_only
from .text import GROUP_HEADING, LINK_WORDS, name_rows, render, stated_text, web_link_lines, where_basis

__all__ = [
    "CURATOR_ASSERTION",
    "LINK_WORDS",
    "NOT_IN_SURVEY",
    "GROUP_HEADING",
    "Card",
    "Stated",
    "Value",
    "build_card",
    "card_for",
    "external_only",
    "name_rows",
    "plain",
    "render",
    "resolve",
    "web_link_lines",
    "stated_text",
    "where_basis",
]
