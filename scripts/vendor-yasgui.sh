#!/usr/bin/env bash
# Vendor YASGUI's built files into the package (llm4cell_kg/web/static/yasgui/) so the explorer loads nothing from
# another host. Usage: bash scripts/vendor-yasgui.sh [VERSION]   (needs npm; rerun to update, then commit)
set -euo pipefail
name="@zazuko/yasgui"
version="${1:-4.6.2}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/llm4cell_kg/web/static/yasgui"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$name@$version" >/dev/null && tar xzf ./*.tgz)
mkdir -p "$dest"
cp "$tmp/package/build/yasgui.min.js" "$tmp/package/build/yasgui.min.css" "$dest/"
sed -i 's|^//# sourceMappingURL=.*$||' "$dest/yasgui.min.js"  # the source map is not shipped
license="$(node -p "require('$tmp/package/package.json').license")"
author="$(node -p "require('$tmp/package/package.json').author")"
[ "$license" = MIT ] || { echo "unexpected license $license: review before vendoring" >&2; exit 1; }
{
  echo "$name $version"
  echo "license: $license (declared in the npm package's package.json; the package ships no LICENSE file)"
  echo "source: npm pack $name@$version, files build/yasgui.min.js and build/yasgui.min.css"
} > "$dest/VERSION"
cat > "$dest/LICENSE" <<LICENSE
$name $version - MIT License (as declared by the package)

Copyright (c) $author and the YASGUI contributors (Zazuko GmbH)

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
documentation files (the "Software"), to deal in the Software without restriction, including without limitation the
rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit
persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions of the
Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE
WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
LICENSE
echo "vendored $name $version into $dest"
