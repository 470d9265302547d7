#!/usr/bin/env bash
# Write constraints.txt: every version installed in the active environment, after a green run of the README's test
# command in it (a fresh venv, as .ci/run makes). Install those versions with
#   python -m pip install -c constraints.txt -e ".[test]"
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp .constraints.XXXXXX)"
trap 'rm -f "$tmp"' EXIT
{
  echo "# The versions of the last green run of the README's test command (Python $(python -c 'import platform; print(platform.python_version())'), $(date -u +%Y-%m-%d))."
  echo "# Written by scripts/lock.sh; install with: python -m pip install -c constraints.txt -e \".[test]\""
  python -m pip freeze --exclude-editable | grep -v -i '^llm4cell[-_]kg'
} > "$tmp"
chmod 644 "$tmp"
mv "$tmp" constraints.txt
trap - EXIT
echo "constraints.txt: $(grep -c '==' constraints.txt) pinned packages"
