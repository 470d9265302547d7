#!/usr/bin/env bash
# System packages the test suite uses as real parts (installed from Debian when missing; idempotent).
set -euo pipefail
need=(virtuoso-opensource)
# (issue 8 adds: virtuoso-opensource, chromium, chromium-driver)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
