"""A validation report: one `Result` per finding with the file, record and field a curator fixes, grouped by
severity, shape and message as text, or as JSON."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass

from ..common.prefixes import compress

SEVERITIES = ("Violation", "Warning", "Info")


@dataclass(frozen=True)
class Result:
    """One SHACL result, with where a curator fixes it."""

    severity: str  # Violation | Warning | Info
    shape: str  # source shape, as a CURIE
    message: str
    focus: str  # focus node IRI
    path: str = ""
    value: str = ""
    file: str = ""
    record: str = ""
    field: str = ""


@dataclass
class Report:
    results: list[Result]

    @property
    def conforms(self) -> bool:
        return not self.violations

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Warning"]

    def focus_nodes(self, severity: str | None = None) -> set[str]:
        return {r.focus for r in self.results if severity is None or r.severity == severity}

    def text(self, max_examples: int = 5) -> str:
        return format_report(self.results, max_examples)

    def as_json(self) -> str:
        return json.dumps(
            {
                "conforms": self.conforms,
                "violations": len(self.violations),
                "warnings": len(self.warnings),
                "results": [
                    {**asdict(r), "focus": compress(r.focus), "path": compress(r.path), "value": compress(r.value)}
                    for r in self.results
                ],
            },
            indent=2,
        )


def format_report(results: list[Result], max_examples: int = 5) -> str:
    """Grouped by severity, then shape, then message; at most `max_examples` focus nodes per group."""
    if not results:
        return "conforms: no violations, no warnings"
    groups: dict[str, dict[str, dict[str, list[Result]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for r in results:
        groups[r.severity][r.shape][r.message].append(r)
    n_v = sum(r.severity == "Violation" for r in results)
    n_w = sum(r.severity == "Warning" for r in results)
    out = [f"{'does not conform' if n_v else 'conforms'}: {n_v} violation(s), {n_w} warning(s)"]
    for sev in sorted(groups, key=lambda s: SEVERITIES.index(s) if s in SEVERITIES else 9):
        out.append(f"{sev} ({sum(len(x) for m in groups[sev].values() for x in m.values())})")
        for shape in sorted(groups[sev]):
            for msg, rs in sorted(groups[sev][shape].items()):
                out.append(f"  [{shape}] {msg} ({len(rs)} node(s))")
                for r in sorted(rs, key=lambda r: (r.focus, r.value))[:max_examples]:
                    val = f" value {compress(r.value)!r}" if r.value else ""
                    where = (
                        f" -> {r.file}"
                        + (f" record '{r.record}'" if r.record else "")
                        + (f" field '{r.field}'" if r.field else "")
                        if r.file
                        else ""
                    )
                    out.append(f"    - {compress(r.focus)}{val}{where}")
                if len(rs) > max_examples:
                    out.append(f"    ... and {len(rs) - max_examples} more")
    return "\n".join(out)
