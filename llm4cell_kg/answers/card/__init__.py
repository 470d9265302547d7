"""The summary card of one entity (`llm4cell-kg show NAME`): `model` (what a card holds), `reads` (what the store
says about the entity), `similar` (facets, similar entities, audit findings), `assemble` (the card), `text` (as
text, Markdown or JSON) and `show` (the command). The names other layers use are here."""

from .assemble import build_card, card_for, resolve
from .model import CURATOR_ASSERTION, NOT_IN_SURVEY, Card, GroupSentence, Stated, Value, plain
from .reads import external_only
from .text import (
    GROUP_HEADING,
    LINK_WORDS,
    group_sentence_lines,
    group_words,
    name_rows,
    named_with,
    render,
    sentences_heading,
    source_parts,
    stated_text,
    web_link_lines,
    where_basis,
)

__all__ = [
    "CURATOR_ASSERTION",
    "LINK_WORDS",
    "NOT_IN_SURVEY",
    "GROUP_HEADING",
    "Card",
    "GroupSentence",
    "Stated",
    "Value",
    "build_card",
    "card_for",
    "external_only",
    "group_sentence_lines",
    "group_words",
    "name_rows",
    "named_with",
    "plain",
    "render",
    "resolve",
    "sentences_heading",
    "source_parts",
    "web_link_lines",
    "stated_text",
    "where_basis",
]
