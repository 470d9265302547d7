"""The shared click options (llm4cell_kg.common.options): every command that takes --data, --store, --endpoint or a
table --format takes the same option, and no module declares its own copy."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from llm4cell_kg.cli import main
from llm4cell_kg.common.options import DATA_HELP, RECORDS_DIR_HELP, TABLE_FORMATS

PKG = Path(__file__).resolve().parents[2] / "llm4cell_kg"
#: commands (as typed) -> the shared options they take
USES = {
    "": {"data"},  # the group: `llm4cell-kg --data DIR COMMAND`
    "build": {"data"},
    "report": {"data", "quiet"},
    "figures": {"data", "sources"},
    "export": {"data", "endpoint", "sources"},
    "load": {"data", "endpoint", "sources"},
    "link check": {"data", "quiet"},
    "new": {"data"},
    "release": {"endpoint"},
    "sparql": {"fmt", "store_path", "endpoint", "sources"},
    "query": {"fmt", "store_path", "endpoint", "sources"},
    "audit": {"fmt", "store_path", "endpoint"},
    "validate": {"fmt"},
    "diff": {"fmt"},
    "show": {"fmt", "sources"},
    "search": {"fmt", "sources"},
    "compare": {"fmt", "sources"},
    "serve": {"sources"},
}
#: commands whose --data is the very directory of YAML files (no checkout, no LLM4CELL_KG_DATA)
RECORDS_DIR = {"link check", "new"}


def command(path: str) -> click.Command:
    cmd: click.Command = main
    ctx = click.Context(main)
    for name in path.split():
        assert isinstance(cmd, click.Group)
        sub = cmd.get_command(ctx, name)
        assert sub is not None, path
        cmd = sub
    return cmd


def option(path: str, name: str) -> click.Option:
    (opt,) = [p for p in command(path).params if isinstance(p, click.Option) and p.name == name]
    return opt


@pytest.mark.parametrize("path", sorted(p for p, used in USES.items() if "data" in used))
def test_data_is_one_option(path: str, tmp_path: Path) -> None:
    opt = option(path, "data")
    assert opt.opts == ["--data"] and opt.default is None
    assert opt.help == (RECORDS_DIR_HELP if path in RECORDS_DIR else DATA_HELP)
    assert isinstance(opt.type, click.Path) and opt.type.exists and not opt.type.file_okay
    # a missing directory is refused by click itself, before any work, the same way everywhere
    o, r = str(tmp_path / "o"), str(tmp_path / "r")
    args = {
        "": ["build", "--out", o],
        "new": ["model", "x"],
        "build": ["--out", o],
        "report": [r],
        "figures": [o],
        "export": ["--format", "turtle", str(tmp_path / "o.ttl")],
        "load": ["--endpoint", "http://127.0.0.1:9/sparql"],  # never contacted: the options fail first
        "link check": [],
    }
    where = [*path.split(), "--data", "no/such/dir", *args[path]]
    res = CliRunner().invoke(main, where)
    assert res.exit_code == 2, res.output
    assert "Invalid value for '--data': Directory 'no/such/dir' does not exist." in res.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("path", sorted(p for p, used in USES.items() if "store_path" in used))
def test_store_and_endpoint_are_one_option_each(path: str) -> None:
    store, endpoint = option(path, "store_path"), option(path, "endpoint")
    assert store.opts == ["--store"] and store.default is None
    assert isinstance(store.type, click.Path) and store.type.file_okay and store.type.dir_okay
    assert endpoint.opts == ["--endpoint"] and endpoint.default is None and not endpoint.required
    assert option("load", "endpoint").required and not option("export", "endpoint").required


def test_format_choices() -> None:
    def choices(path: str) -> tuple[list[str], str]:
        opt = option(path, "fmt")
        assert isinstance(opt.type, click.Choice) and opt.show_default
        return list(opt.type.choices), str(opt.default)

    assert TABLE_FORMATS == ("table", "csv", "tsv", "json")
    assert choices("sparql") == choices("query") == (["table", "csv", "tsv", "json"], "table")
    assert choices("audit") == (["table", "json"], "table")
    assert choices("validate") == (["text", "json"], "text")
    assert choices("diff") == (["markdown", "json"], "markdown")
    assert choices("show") == (["text", "json", "markdown"], "text")
    assert choices("search") == (["table", "json"], "table")
    assert option("compare", "fmt").default == "text" and not option("compare", "fmt").show_default  # as before
    res = CliRunner().invoke(main, ["query", "graph-summary", "--format", "xml"])
    assert res.exit_code == 2 and "'xml' is not one of 'table', 'csv', 'tsv', 'json'" in res.output


@pytest.mark.parametrize("path", sorted(p for p, used in USES.items() if "sources" in used))
def test_sources_is_one_option(path: str) -> None:
    opt = option(path, "sources")
    assert opt.opts == ["--sources"] and opt.default == "survey" and opt.show_default
    assert isinstance(opt.type, click.Choice) and list(opt.type.choices) == ["survey", "all"]


def test_quiet_is_one_option() -> None:
    for path in ("report", "link check"):
        opt = option(path, "quiet")
        assert opt.opts == ["--quiet", "-q"] and opt.is_flag and opt.help == "Show no progress on stderr."


def test_every_command_is_covered() -> None:
    """Any command with one of the shared option names is listed in USES (so the tests above check it)."""
    shared = {"data", "store_path", "endpoint", "sources", "quiet"}
    ctx = click.Context(main)
    found: dict[str, set[str]] = {}

    def walk(cmd: click.Command, path: str) -> None:
        names = {p.name for p in cmd.params if isinstance(p, click.Option)} & shared
        if names:
            found[path] = {str(n) for n in names}
        if isinstance(cmd, click.Group):
            for name in cmd.list_commands(ctx):
                sub = cmd.get_command(ctx, name)
                assert sub is not None
                walk(sub, f"{path} {name}".strip())

    walk(main, "")
    assert found == {p: used - {"fmt"} for p, used in USES.items() if used - {"fmt"}}


def test_no_module_declares_its_own_copy() -> None:
    """--data, --store, --endpoint, --sources and --quiet are declared in options.py only (the issue found --data
    six times and --store three)."""
    pattern = re.compile(r"""click\.option\(\s*["']--(data|store|endpoint|sources|quiet)["']""")
    copies = sorted(
        f"{p.relative_to(PKG)}: --{m.group(1)}"
        for p in PKG.rglob("*.py")
        if p.name != "options.py"
        for m in pattern.finditer(p.read_text(encoding="utf-8"))
    )
    assert copies == []
