#!/usr/bin/env bash
# System packages the test suite uses as real parts (installed from Debian when missing; idempotent).
set -euo pipefail
need=()
for p in chromium chromium-driver; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done  # issue 8: web explorer tests (Chromium); virtuoso-opensource: remote helper
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
