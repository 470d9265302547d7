"""A YAML reader for curated files that a careless or hostile file cannot crash, stall or silently change.

Strict UTF-8; bounded file size, nesting depth, scalar length, number length, aliases and their expansion (all
checked before anything is expanded); duplicate keys refused with both lines; control characters refused; every
mapping and list remembers the line of each of its keys and items (`LocatedDict.lines`, `LocatedList.lines`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_FILE_BYTES = 8 * 1024 * 1024  # the largest curated file (claims.yaml) is 146 KB
MAX_SCALAR_CHARS = 4000  # the longest value in graph/ is a 537-character printed reference
MAX_NUMBER_CHARS = 30
MAX_DEPTH = 64
MAX_ALIASES = 100
MAX_EXPANDED = 1_000_000  # values the document holds once every alias is expanded

_NUMBER = re.compile(r"[-+]?[0-9][0-9_.eE+-]*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")

try:  # libyaml parses ~4x faster; the constructors below are Python either way
    _Base: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Base = yaml.SafeLoader


class YamlFileError(Exception):
    """A file that cannot be read as curated YAML; `line` is 1-based (None: the whole file). `record` and `field`
    name the record and field the line falls in (`read` finds them in the file's text), else they are None."""

    def __init__(
        self, message: str, line: int | None = None, *, within: int | None = None, column: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.within = within or line  # the line whose record and field the error is in (a scalar's first line)
        self.column = column if within is None else None  # where on that line, 0-based
        self.record: str | None = None
        self.field: str | None = None
        self.record_line: int | None = None

    def locate(self, text: str) -> YamlFileError:
        """Name the record and field of the file `text` that the error's line falls in, where there is one."""
        found = where(text, self.within, self.column) if self.within else None
        if found:
            self.record, self.field, self.record_line = found
        return self


_RECORD = re.compile(r"-\s+(?:id:\s*(.*))?")
_KEY = re.compile(r"(\s*)(?:-\s+)?([^\s#:'\"{}\[\],&*!|>-][^:#]*?|'[^']*'|\"[^\"]*\")\s*:(?:\s|$)")
_FLOW_KEY = re.compile(r"[{,]\s*([\w.-]+)\s*:")


def where(text: str, line: int, column: int | None = None) -> tuple[str, str, int] | None:
    """(record, field, line the record starts on) that line `line` (and `column`, 0-based, in a one-line {...}
    record) of a curated file falls in, read from its text alone (the file need not parse): in a list of records,
    the record's id (or #N) and its top-level key; in a mapping file, its first two levels of keys and the item
    below them ('datasets: hlca-v1 #2', as the checks name a link) and the key within. None before any record."""
    lines = text.splitlines()[: max(line, 0)]
    keys: list[tuple[int, str, int]] = []  # (indent, key, line) of each key the line sits under, outermost first
    record: tuple[str, int] | None = None
    items = 0  # list items under the current second-level key of a mapping file
    count = 0  # records of a list file so far
    for n, raw in enumerate(lines, start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if raw.startswith("-"):  # a record of a list file starts at column 0
            count += 1
            m = _RECORD.match(raw)
            record = (_unquote(m.group(1)) if m and m.group(1) else f"#{count}", n)
            keys = []
        elif record is not None and raw.startswith("  id:") and record[0].startswith("#"):
            record = (_unquote(raw.split(":", 1)[1]), record[1])
        elif record is None and raw.lstrip().startswith("- ") and len(keys) >= 2:
            items += 1
        m = _KEY.match(raw)
        if m:
            indent = len(m.group(1)) + (2 if raw.lstrip().startswith("- ") else 0)
            keys = [k for k in keys if k[0] < indent] + [(indent, _unquote(m.group(2)), n)]
            if len(keys) <= 2:
                items = 0
    flow = [k for k in _FLOW_KEY.findall(lines[-1][:column] if column is not None else lines[-1])] if lines else []
    if record is not None:
        fields = [k for indent, k, _n in keys if indent >= 2][:1] or flow[-1:] or ["id"]
        return clip_id(record[0]), fields[0], record[1]
    if not keys:
        return None
    names = [k for _i, k, _n in keys]
    label = ": ".join(clip_id(k) for k in names[:2]) + (f" #{items}" if items and len(names) >= 2 else "")
    inner = names[2] if len(names) > 2 else (flow[-1] if flow else "(section)" if len(names) == 1 else "(entries)")
    return label, inner, keys[0][2]


def clip_id(text: str) -> str:
    """A record id or key as a message names it: at most 40 characters."""
    return text if len(text) <= 40 else text[:40] + "..."


def _unquote(text: str) -> str:
    text = text.strip()
    return text[1:-1] if len(text) > 1 and text[0] == text[-1] and text[0] in "'\"" else text


class LocatedDict(dict[Any, Any]):
    """A mapping that knows its own line and the line of each key."""

    line: int = 0
    lines: dict[Any, int]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = {}


class LocatedList(list[Any]):
    """A list that knows its own line and the line of each item."""

    line: int = 0
    lines: list[int]

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.lines = []


def clip(value: Any, limit: int = 60) -> str:
    """repr() of a value, cut to `limit` characters (a message never formats a whole huge value)."""
    if isinstance(value, (list, dict)) and len(value) > 20:
        return f"<a {type(value).__name__} of {len(value)} items>"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def line_of(value: Any, path: str = "") -> int | None:
    """The line of `value` (a LocatedDict/LocatedList), or of the field at `path` in it: 'scale[2].quantity',
    'printed.model', 'families'."""
    line = getattr(value, "line", None) or None
    cur = value
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        if name and isinstance(cur, LocatedDict) and name in cur:
            line = cur.lines.get(name, line)
            cur = cur[name]
        elif index and isinstance(cur, LocatedList) and 0 < int(index) <= len(cur):
            line = cur.lines[int(index) - 1]
            cur = cur[int(index) - 1]
        else:
            break
    return line


def _line(mark: Any) -> int | None:
    return mark.line + 1 if mark is not None else None


def _err(message: str, mark: Any, within: int | None = None) -> YamlFileError:
    """The error at `mark` (a yaml Mark, or None), its line and column kept."""
    return YamlFileError(message, _line(mark), within=within, column=getattr(mark, "column", None))


def _too_deep(mark: Any) -> YamlFileError:
    """The depth limit, as our check meets it or as libyaml's own (lower in PyYAML 6.0.4) meets it first."""
    return _err(f"nested more than {MAX_DEPTH} levels deep; a record is a flat mapping", mark)


class CuratedLoader(_Base):
    """SafeLoader with duplicate-key, number-length, control-character and alias-expansion checks."""

    check_expansion = True  # loads() turns it off for a document without aliases (nothing can expand)

    def construct_document(self, node: Node) -> Any:
        if self.check_expansion:
            _check_expansion(node)
        return super().construct_document(node)


def _construct_map(loader: CuratedLoader, node: MappingNode) -> Any:
    data = LocatedDict()
    data.line = node.start_mark.line + 1
    yield data
    first: dict[Any, int] = {}
    for key_node, _value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise ConstructorError(
                "while reading a mapping", node.start_mark, "a key must be a plain value", key_node.start_mark
            ) from None
        line = key_node.start_mark.line + 1
        if key in first:
            raise ConstructorError(
                None,
                None,
                f"duplicate key {clip(key)} (line {line}; first at line {first[key]}): the second would silently "
                "replace the first; merge them or remove one",
                key_node.start_mark,
            )
        first[key] = line
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        data[key] = loader.construct_object(value_node, deep=False)
        data.lines[key] = key_node.start_mark.line + 1


def _construct_seq(loader: CuratedLoader, node: SequenceNode) -> Any:
    data = LocatedList()
    data.line = node.start_mark.line + 1
    yield data
    for child in node.value:
        data.append(loader.construct_object(child, deep=False))
        data.lines.append(child.start_mark.line + 1)


def _construct_int(loader: CuratedLoader, node: ScalarNode) -> Any:
    if len(node.value) > MAX_NUMBER_CHARS:
        raise ConstructorError(
            None,
            None,
            f"a number of {len(node.value)} characters; numbers have at most {MAX_NUMBER_CHARS} "
            "(quote it if it is text)",
            node.start_mark,
        )
    return yaml.SafeLoader.construct_yaml_int(loader, node)


def _construct_float(loader: CuratedLoader, node: ScalarNode) -> Any:
    if len(node.value) > MAX_NUMBER_CHARS:
        return _construct_int(loader, node)  # the same message
    return yaml.SafeLoader.construct_yaml_float(loader, node)


def _construct_str(loader: CuratedLoader, node: ScalarNode) -> Any:
    value = loader.construct_scalar(node)
    bad = _CONTROL.search(value)
    if bad:
        raise ConstructorError(
            None,
            None,
            f"the text holds the control character U+{ord(bad.group()):04X}; remove it",
            node.start_mark,
        )
    return value


def _construct_timestamp(loader: CuratedLoader, node: ScalarNode) -> Any:
    """A date or time; an impossible one (2026-13-45) stays text, for the field check to refuse with its place."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return node.value


CuratedLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
CuratedLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
CuratedLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
CuratedLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
CuratedLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)
CuratedLoader.add_constructor("tag:yaml.org,2002:str", _construct_str)


def _check_events(text: str) -> int:
    """One pass over the parser's events (no tree built): depth, scalar length and alias count (returned)."""
    depth = aliases = 0
    for ev in yaml.parse(text, Loader=_Base):
        if isinstance(ev, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(ev.start_mark)
        elif isinstance(ev, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
        elif isinstance(ev, yaml.ScalarEvent) and not ev.style and _NUMBER.fullmatch(ev.value[:100]):
            if len(ev.value) > MAX_NUMBER_CHARS:
                raise _err(
                    f"a number of {len(ev.value):,} characters; numbers have at most {MAX_NUMBER_CHARS} "
                    "(quote it if it is text)",
                    ev.start_mark,
                )
        elif isinstance(ev, yaml.ScalarEvent) and len(ev.value) > MAX_SCALAR_CHARS:
            raise _err(
                f"a value of {len(ev.value):,} characters (starting {clip(ev.value[:40])}); the limit is "
                f"{MAX_SCALAR_CHARS:,}",
                ev.start_mark,
            )
        elif isinstance(ev, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise _err(
                    f"more than {MAX_ALIASES} aliases (*{clip(ev.anchor, 30)}); write the values out", ev.start_mark
                )
    return aliases


def _check_expansion(root: Node) -> None:
    """Refuse a document whose aliases expand to more than MAX_EXPANDED values (memoised, so the cost is the size
    of the tree as written, not as expanded), or that refers to itself."""
    size: dict[int, int] = {}
    visiting: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children: list[Node] = []
        if isinstance(node, SequenceNode):
            children = list(node.value)
        elif isinstance(node, MappingNode):
            children = [n for pair in node.value for n in pair]
        if done:
            visiting.discard(key)
            total = 1 + sum(size[id(c)] for c in children)
            if total > MAX_EXPANDED:
                raise _err(
                    f"aliases expand this value to more than {MAX_EXPANDED:,} values; write the values out",
                    node.start_mark,
                )
            size[key] = total
        elif key in size:
            continue
        elif key in visiting:
            raise _err("an alias refers to the value that contains it", node.start_mark)
        else:
            visiting.add(key)
            stack.append((node, True))
            stack.extend((c, False) for c in children)


def decode(raw: bytes) -> str:
    """Strict UTF-8 (a UTF-8 BOM is dropped); other encodings and invalid bytes are refused with their place."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        whole = YamlFileError("the file is UTF-16 encoded; save it as UTF-8", 1)
        whole.within = None  # the whole file, not a record of it
        raise whole
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlFileError(
            f"byte 0x{raw[exc.start]:02X} at column {col} is not UTF-8 (was the file saved as Latin-1 or "
            "Windows-1252?); save it as UTF-8",
            line,
            column=col - 1,
        ) from None


def loads(text: str) -> Any:
    """Parse one YAML document under the limits above; raise YamlFileError with a line."""
    try:
        aliases = _check_events(text)
        loader = CuratedLoader(text)
        loader.check_expansion = aliases > 0
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except YamlFileError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        if isinstance(exc, ConstructorError) and ("duplicate key" in what or "control character" in what):
            raise _err(what, mark) from None
        if isinstance(exc, ConstructorError) and "characters; numbers" in what:
            raise _err(what, mark) from None
        if "maximum nesting depth" in what:  # libyaml's own limit, met while scanning, before our event check
            raise _too_deep(mark) from None
        ctx = f" ({exc.context})" if exc.context and exc.problem else ""
        if ctx and exc.context_mark is not None and exc.problem_mark is not None:
            if exc.context_mark.line != exc.problem_mark.line:
                ctx = f" ({exc.context} that starts at line {exc.context_mark.line + 1})"
        within = _line(exc.context_mark) if ctx and exc.context_mark is not None else None
        raise _err(f"not valid YAML: {what}{ctx}", mark, within) from None
    except yaml.YAMLError as exc:  # a ReaderError: a character YAML does not allow
        pos = getattr(exc, "position", None)
        line = text.count("\n", 0, pos) + 1 if isinstance(pos, int) else None
        char = getattr(exc, "character", None)
        char = chr(char) if isinstance(char, int) else char
        what = f"the character U+{ord(char):04X} is not allowed in YAML" if isinstance(char, str) else str(exc)
        raise YamlFileError(f"{what}; remove it", line) from None
    except RecursionError:
        raise YamlFileError(f"nested more than {MAX_DEPTH} levels deep") from None
    except (ValueError, TypeError, OverflowError) as exc:  # a value the constructors cannot build
        raise YamlFileError(f"a value YAML cannot read: {clip(str(exc), 120)}") from None


def read(path: Path) -> Any:
    """Read and parse a curated YAML file; raise YamlFileError (OSError is left to the caller)."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise YamlFileError(f"the file is {size:,} bytes; a curated file may hold at most {MAX_FILE_BYTES:,}")
    raw = path.read_bytes()
    try:
        return loads(decode(raw))
    except YamlFileError as exc:
        raise exc.locate(raw.decode("utf-8", errors="replace")) from None
