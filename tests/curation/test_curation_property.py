"""Property tests (Hypothesis): whatever a curator does to a record or a file, the build answers with exit 0 or with
exit 1 and a located message; never a traceback, and nothing is written when it fails (issue 17)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from llm4cell_kg import paths
from llm4cell_kg.cli import main
from llm4cell_kg.curation.safeyaml import YamlFileError, loads
from llm4cell_kg.curation.schema import SCHEMAS

FILES = ["models.yaml", "datasets.yaml", "claims.yaml", "venues.yaml", "publications.yaml", "prose_scales.yaml"]
FIELD_NAMES = sorted({f for _fname, rules in SCHEMAS.values() for f in rules} | {"printed", "scale", "max"})
INTERESTING = ["", "   ", "banana", "99.9", "5.1", "scgpt", "foundation", "range", "Table 7", "a\u0000b", "\u202e"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(INTERESTING),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def record_edit(draw: Any) -> tuple[str, str, Any]:
    """(file, action, payload): set a field to a value, drop a field, or replace a whole record."""
    fname = draw(st.sampled_from(FILES))
    action = draw(st.sampled_from(["set", "drop", "replace"]))
    payload = (draw(st.integers(0, 2)), draw(st.sampled_from(FIELD_NAMES)), draw(values))
    return fname, action, payload


@st.composite
def byte_edit(draw: Any) -> tuple[str, str, Any]:
    """(file, action, payload): insert bytes, truncate, or re-encode the file."""
    fname = draw(st.sampled_from(FILES))
    action = draw(st.sampled_from(["insert", "truncate", "encode"]))
    payload: Any
    if action == "encode":
        payload = draw(st.sampled_from(["latin-1", "utf-16", "utf-32", "cp1252"]))
    else:
        payload = (
            draw(st.integers(0, 3000)),
            draw(st.binary(max_size=12) | st.sampled_from([b"\x00", b"\t", b"&a *a", b"{{", b": :"])),
        )
    return fname, action, payload


def apply(graph: Path, edit: tuple[str, str, Any]) -> None:
    fname, action, payload = edit
    path = graph / fname
    raw = path.read_bytes()
    if action in ("set", "drop", "replace"):
        data = yaml.safe_load(raw)
        index, field, value = payload
        rec = data[index]
        if action == "set":
            rec[field] = value
        elif action == "drop":
            rec.pop(field, None)
        else:
            data[index] = value
        raw = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")
    elif action == "insert":
        pos, blob = payload
        raw = raw[:pos] + blob + raw[pos:]
    elif action == "truncate":
        raw = raw[: payload[0]]
    else:
        raw = raw.decode("utf-8").encode(payload, errors="replace")
    path.write_bytes(raw)


LOCATED = re.compile(r"(line \d+|record '[^']+')")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dst = tmp_path_factory.mktemp("pristine") / "graph"
    shutil.copytree(paths.GRAPH_DIR, dst)
    return dst


@settings(
    max_examples=10,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edit=st.one_of(record_edit(), byte_edit()))
def test_any_edit_builds_or_fails_with_a_located_message(
    edit: tuple[str, str, Any], pristine: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    work = tmp_path_factory.mktemp("edit")
    graph = work / "graph"
    shutil.copytree(pristine, graph)
    apply(graph, edit)
    out = work / "out"
    result = CliRunner().invoke(main, ["build", "--data", str(graph), "--out", str(out)])
    assert result.exception is None or isinstance(result.exception, SystemExit), (edit, result.output[-2000:])
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1)
    if result.exit_code == 1:
        assert result.output.startswith("error: ")
        assert str(graph) in result.output or "graph/" in result.output, result.output[:1000]
        assert LOCATED.search(result.output), result.output[:1000]
        assert not out.exists()
    else:
        assert sorted(p.name for p in out.iterdir()) == ["llm4cell.nq", "llm4cell.nt", "llm4cell.trig", "llm4cell.ttl"]


@settings(max_examples=300, deadline=None, database=None)
@given(text=st.text(alphabet=st.sampled_from(list("[]{}&*!|>-:,'\"#? \n\tab1") + ["\x00", "é"]), max_size=80))
def test_the_reader_parses_or_raises_a_located_error(text: str) -> None:
    """Any text: safeyaml.loads returns a value or raises YamlFileError (never another exception)."""
    try:
        loads(text)
    except YamlFileError as exc:
        assert exc.message
        assert exc.line is None or 1 <= exc.line <= text.count("\n") + 2
