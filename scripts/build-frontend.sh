#!/usr/bin/env bash
# Rebuild CivicPlan's front-end assets from frontend/ into civicplan/web/static/civicplan/.
# Needs Node.js >= 20 and npm. The outputs are committed, so installing or running
# CivicPlan needs no Node; run this only after changing frontend/ (or bumping govuk-frontend).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATIC="$ROOT/civicplan/web/static/civicplan"
GOVUK="node_modules/govuk-frontend/dist/govuk"

cd "$ROOT/frontend"
# --ignore-scripts: nothing here needs an install script (sass's optional file
# watcher would only want one for `sass --watch`).
npm ci --ignore-scripts --no-audit --no-fund

mkdir -p "$STATIC/css" "$STATIC/js" "$STATIC/images"

npx sass --style=compressed --no-source-map --load-path=node_modules \
  src/civicplan.scss "$STATIC/css/civicplan.css"

# GOV.UK Frontend's compiled ES module bundle (imported by js/govuk-init.js).
# The source map is copied too: the bundle references it, and Django's
# ManifestStaticFilesStorage fails collectstatic on a missing referenced file.
cp "$GOVUK/govuk-frontend.min.js" "$GOVUK/govuk-frontend.min.js.map" "$STATIC/js/"

# Images: CivicPlan's own favicon/touch icon. GOV.UK Frontend's images
# (crown favicon, GOV.UK icons, crest) and its GDS Transport fonts are GOV.UK
# brand assets and deliberately NOT copied (this is not a GOV.UK service).
cp src/images/favicon.ico src/images/favicon.svg src/images/apple-touch-icon.png "$STATIC/images/"

echo "Built front-end assets in ${STATIC#"$ROOT"/}:"
(cd "$STATIC" && find css js images -type f | sort | while read -r f; do
  printf '  %-32s %8s bytes\n' "$f" "$(wc -c <"$f")"
done)
