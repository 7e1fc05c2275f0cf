#!/usr/bin/env bash
# Fetch the web interview's front-end files from npm and copy the single built files into the
# package (specgen/web/static/) and the tests (tests/vendor/). Versions are pinned here and in
# specgen/web/static/README.md; run again after changing them and review the diff.
set -euo pipefail
HTMX=2.0.11 GOVUK=6.6.0 AXE=4.14.1
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "htmx.org@$HTMX" "govuk-frontend@$GOVUK" "axe-core@$AXE" >/dev/null
for tarball in *.tgz; do mkdir "${tarball%.tgz}" && tar xzf "$tarball" -C "${tarball%.tgz}"; done
static="$root/specgen/web/static"
cp "htmx.org-$HTMX/package/dist/htmx.min.js" "$static/htmx.min.js"
cp "htmx.org-$HTMX/package/LICENSE" "$static/htmx.LICENSE"
# The npm package states "license": "MIT" and its README's Licence section, but ships no licence
# file: write the MIT licence as the project's repository gives it.
{ sed -n '/^## Licence/,/^## /p' "govuk-frontend-$GOVUK/package/README.md" | sed '$d'
  cat <<'MIT'
The MIT License (MIT)

Copyright (c) 2018 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES
OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
MIT
} > "$static/govuk-frontend.LICENSE"
# The GDS Transport font and the crown/crest are for GOV.UK services only: drop the @font-face
# rules and the crest image, fall back to Arial as govuk-frontend does, and drop the source map.
python3 - "govuk-frontend-$GOVUK/package/dist/govuk/govuk-frontend.min.css" "$static/govuk-frontend.min.css" <<'PY'
import re, sys
css = open(sys.argv[1], encoding="utf-8").read()
css = re.sub(r"@font-face\{[^}]*\}", "", css)
css = css.replace("GDS Transport,arial,sans-serif", "arial,sans-serif")
css = css.replace("url(/assets/images/govuk-crest.svg)", "none")
css = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", css)
assert "GDS Transport" not in css and "url(/assets" not in css
open(sys.argv[2], "w", encoding="utf-8").write(css)
PY
cp "axe-core-$AXE/package/axe.min.js" "$root/tests/vendor/axe.min.js"
cp "axe-core-$AXE/package/LICENSE" "$root/tests/vendor/axe-core.LICENSE"
