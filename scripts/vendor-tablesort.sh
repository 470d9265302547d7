#!/usr/bin/env bash
# Vendor tablesort (sortable HTML tables, MIT, ~3 kB) into the package (llm4cell_kg/web/static/tablesort/) so the
# explorer loads nothing from another host. It enhances the server-rendered <table>s in place (pages stay readable
# without JavaScript). Usage: bash scripts/vendor-tablesort.sh [VERSION]   (needs npm; rerun to update, then commit)
set -euo pipefail
name="tablesort"
version="${1:-5.7.1}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/llm4cell_kg/web/static/tablesort"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$name@$version" >/dev/null && tar xzf ./*.tgz)
pkg="$tmp/package"
[ -f "$pkg/dist/tablesort.min.js" ] || pkg="$pkg/_site"  # 5.7.x packs its files under _site/
license="$(node -p "require('$pkg/package.json').license")"
[ "$license" = MIT ] || { echo "unexpected license $license: review before vendoring" >&2; exit 1; }
mkdir -p "$dest"
cp "$pkg/dist/tablesort.min.js" "$pkg/dist/sorts/tablesort.number.min.js" "$dest/"
cp "$pkg/LICENCE" "$dest/LICENSE"
{
  echo "$name $version"
  echo "license: $license (LICENSE is the package's LICENCE file)"
  echo "source: npm pack $name@$version, files dist/tablesort.min.js and dist/sorts/tablesort.number.min.js"
} > "$dest/VERSION"
echo "vendored $name $version into $dest"
