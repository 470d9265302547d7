"""Where the tests find the survey text: $LLM4CELL_SURVEY, else ../shared/seed/llm4cell-survey.txt; in CI a missing
text fails the tests that need it instead of skipping them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SURVEY = Path(os.environ.get("LLM4CELL_SURVEY") or REPO.parent / "shared" / "seed" / "llm4cell-survey.txt")
#: needs only the survey and graph/
TEST = "tests/checks/test_link_check.py::test_every_evidence_is_verbatim_in_the_survey"


def run(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("CI", "LLM4CELL_SURVEY")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", TEST],
        cwd=REPO,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_missing_text_skips_locally_and_fails_in_ci(tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere.txt")
    local = run({"LLM4CELL_SURVEY": missing})
    assert local.returncode == 0 and "1 skipped" in local.stdout, local.stdout
    assert f"survey text not found at {missing}; set LLM4CELL_SURVEY" in local.stdout
    ci = run({"LLM4CELL_SURVEY": missing, "CI": "true"})
    assert ci.returncode == 1 and "1 error" in ci.stdout, ci.stdout  # the fixture fails: an error, not a skip
    assert f"survey text not found at {missing}" in ci.stdout


def test_the_variable_points_the_tests_at_a_copy(tmp_path: Path, survey_text: str) -> None:
    copy = tmp_path / "survey.txt"
    copy.write_text(survey_text, encoding="utf-8")
    ok = run({"LLM4CELL_SURVEY": str(copy), "CI": "true"})
    assert ok.returncode == 0 and "1 passed" in ok.stdout, ok.stdout
    copy.write_text("not the survey", encoding="utf-8")  # the test really reads the file it is pointed at
    bad = run({"LLM4CELL_SURVEY": str(copy), "CI": "true"})
    assert bad.returncode == 1 and "1 failed" in bad.stdout
