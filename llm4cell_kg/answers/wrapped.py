"""A text table whose long cells wrap onto more lines instead of being cut (`compare` in the terminal)."""

from __future__ import annotations

import textwrap


def column_widths(needs: list[int], room: int, least: int = 12) -> list[int]:
    """Widths for columns needing `needs` characters within `room` characters in all: a column that needs less
    than an equal share gets what it needs, the others share the rest equally (at least `least` each).

    >>> column_widths([10, 80, 80], 100)
    [10, 45, 45]
    """
    widths = [0] * len(needs)
    left, todo = room, sorted(range(len(needs)), key=lambda i: needs[i])
    while todo:
        share = max(least, left // len(todo))
        i = todo.pop(0)
        widths[i] = min(needs[i], share)
        left -= widths[i]
    return widths


def wrapped_table(header: list[str], rows: list[list[str]], width: int | None) -> str:
    """`header` and `rows` as aligned columns; with `width`, the columns after the first share the line's width
    and their long cells wrap at spaces or after hyphens (a word longer than its column is split, never dropped),
    a wrapped row set apart by dotted rules; without `width`, one line a row. Nothing is ever cut."""
    first = max(len(c) for c in [header[0], *(r[0] for r in rows)])
    needs = [max(len(c) for c in [h, *(r[i] for r in rows)]) for i, h in enumerate(header) if i]
    widths = needs if not width else column_widths(needs, width - first - 3 * len(needs))
    widths = [first, *widths]

    def lines(cells: list[str]) -> list[str]:
        parts = [[cells[0]]] + [
            textwrap.wrap(c, w) or [""] if len(c) > w else [c] for c, w in zip(cells[1:], widths[1:], strict=True)
        ]
        height = max(len(p) for p in parts)
        return [
            " | ".join((p[k] if k < len(p) else "").ljust(w) for p, w in zip(parts, widths, strict=True)).rstrip()
            for k in range(height)
        ]

    rule = "-+-".join("-" * w for w in widths)
    body = [lines(r) for r in rows]
    out = [*lines(header), rule]
    gap = rule.replace("-", "·").replace("·+·", " + ")
    for i, b in enumerate(body):
        if i and (len(b) > 1 or len(body[i - 1]) > 1):  # a wrapped row set apart from its neighbours
            out.append(gap)
        out.extend(b)
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)
