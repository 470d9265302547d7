"""`llm4cell-kg show NAME`: the card of a model, dataset, task, term ... by label, alternative label, id or CURIE."""

from __future__ import annotations

import click

from ...common.options import format_option, sources_option
from ..lookup import KINDS
from .assemble import card_for
from .text import render


@click.command("show")
@click.argument("name")
@click.option("--type", "kind", type=click.Choice(KINDS), default=None, help="Only entities of this kind.")
@format_option(("text", "json", "markdown"))
@sources_option
def command(name: str, kind: str | None, fmt: str, sources: str) -> None:
    """Show the card of NAME: a label, alternative label, id (scgpt) or CURIE (model:scgpt, UBERON:0002048).

    By default the card says what the survey says; `--sources all` also finds, and cites, records curated from
    other publications (graph/external_*.yaml), marked "not in the survey"."""
    from ...store.embedded import open_store
    from ..sources import restrict

    full = open_store()
    card = card_for(restrict(full, sources), name, {kind} if kind else None, everything=full)
    click.echo(render(card, fmt))
