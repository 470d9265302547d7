"""The click options several commands share, declared once: `--data`, `--store`, `--endpoint`, `--format`,
`--sources` and `--quiet`.

Each is a function returning the decorator, so a command may word its help for what it does with the option
while the name, type, default and checks stay the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

FC = TypeVar("FC", bound=Callable[..., Any] | click.Command)

#: `--data` where the records go through `paths.resolve` (the pipeline): a records directory or a checkout
DATA_HELP = (
    "Directory of curated YAML records, or a checkout holding them in graph/ (default: LLM4CELL_KG_DATA, "
    "else the checkout at or above the current directory, else the snapshot installed with the package)."
)
#: `--data` where the command reads the YAML files of that very directory (`link check`, `new`)
RECORDS_DIR_HELP = "Directory of curated YAML records (default: the project's graph/)."
STORE_HELP = "Use an on-disk pyoxigraph store at this path (filled on first use)."
#: the renderings of a result table (`sparql.render`)
TABLE_FORMATS = ("table", "csv", "tsv", "json")
#: `--sources`: the survey's statements only, or also the records curated from other publications (sources.py)
SOURCES = ("survey", "all")


def data_option(help: str = DATA_HELP) -> Callable[[FC], FC]:
    """`--data DIR`: the curated records to build from (an existing directory; None: the project's graph/)."""
    return click.option(
        "--data", "data", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None, help=help
    )


def store_option(help: str = STORE_HELP) -> Callable[[FC], FC]:
    """`--store PATH` (parameter `store_path`): an on-disk pyoxigraph store instead of memory."""
    return click.option("--store", "store_path", type=click.Path(path_type=Path), default=None, help=help)


def endpoint_option(help: str, *, required: bool = False, metavar: str | None = None) -> Callable[[FC], FC]:
    """`--endpoint URL`: a triplestore's SPARQL endpoint holding the loaded graph."""
    return click.option("--endpoint", required=required, default=None, metavar=metavar, help=help)


def format_option(
    choices: Sequence[str] = TABLE_FORMATS, default: str | None = None, *, show_default: bool = True
) -> Callable[[FC], FC]:
    """`--format` (parameter `fmt`): one of `choices`, by default the first."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=choices[0] if default is None else default,
        show_default=show_default,
    )


def sources_option(func: FC) -> FC:
    """`--sources survey|all`: which sources a command answers, draws, exports or serves from (answers/sources.py)."""
    return click.option(
        "--sources",
        type=click.Choice(SOURCES),
        default="survey",
        show_default=True,
        help="survey: answer from the survey's statements only; all: include records curated from other "
        "publications (graph/external_*.yaml) and catalogues (graph/catalogue_models.yaml), each row naming its "
        "source.",
    )(func)


def quiet_option(func: FC) -> FC:
    """`--quiet/-q`: no progress on stderr."""
    return click.option("--quiet", "-q", is_flag=True, help="Show no progress on stderr.")(func)


def out_option(help: str, *, directory: bool = False, default: Path | None = None) -> Callable[[FC], FC]:
    """`--out PATH` (parameter `out`): a file (or, with `directory`, a directory) to write."""
    kind = {"file_okay": False} if directory else {"dir_okay": False}
    return click.option(
        "--out",
        "out",
        type=click.Path(path_type=Path, **kind),
        default=default,
        show_default=default is not None,
        help=help,
    )
