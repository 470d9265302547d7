#!/usr/bin/env bash
# System packages the test suite uses as real parts (installed from Debian when missing; idempotent).
set -euo pipefail
need=()
# issue 8: Virtuoso (remote backend tests), Chromium + chromedriver (web explorer tests)
for p in virtuoso-opensource chromium chromium-driver; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

# kgx (the real KGX reader/validator for tests/export/test_export.py) pins numpy<2 through pyarrow<16, which the project's
# own environment cannot take, so it gets a venv of its own; the tests run it as a separate process.
KGX_VENV="${LLM4CELL_KGX_VENV:-$HOME/.cache/llm4cell-kg/kgx-venv}"
if ! "$KGX_VENV/bin/python" -c "import kgx" 2>/dev/null; then
  "${PYTHON:-python}" -m venv "$KGX_VENV"
  "$KGX_VENV/bin/python" -m pip install -q "kgx==2.6.0"
fi
