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
