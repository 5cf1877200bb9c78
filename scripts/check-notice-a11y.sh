#!/usr/bin/env bash
# The public notice's HTML against WCAG 2 AA with pa11y (HTML_CodeSniffer
# and axe), run in Debian's Chromium. Fails on any error.
#
#   scripts/check-notice-a11y.sh [PAGE.html ...]
#
# Without pages, checks the seed's public notice and a complete policy's.
# pa11y is installed from npm, pinned, outside the repository (reused when
# present); Puppeteer's own browser download is skipped: the machine's
# Chromium is used.
set -euo pipefail
cd "$(dirname "$0")/.."

PA11Y_VERSION=9.0.0
TOOLS="${LAWFUL_CI_TOOLS:-$HOME/.cache/lawful-ci}/a11y"
PA11Y="$TOOLS/node_modules/.bin/pa11y"
CHROMIUM="$(command -v chromium || true)"
if [ -z "$CHROMIUM" ]; then
  echo "== installing chromium"
  apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null
  CHROMIUM="$(command -v chromium)"
fi
if [ ! -x "$PA11Y" ] || ! grep -q "\"version\": \"$PA11Y_VERSION\"" "$TOOLS/node_modules/pa11y/package.json"; then
  echo "== installing pa11y (npm: pa11y@$PA11Y_VERSION)"
  mkdir -p "$TOOLS"
  PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix "$TOOLS" --no-audit --no-fund --silent "pa11y@$PA11Y_VERSION"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/config.json" <<JSON
{
  "standard": "WCAG2AA",
  "runners": ["htmlcs", "axe"],
  "timeout": 60000,
  "chromeLaunchConfig": {
    "executablePath": "$CHROMIUM",
    "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
  }
}
JSON

pages=("$@")
if [ ${#pages[@]} -eq 0 ]; then
  cargo build --quiet
  target/debug/lawful notice policies/jcom.policy --allow-missing --format html -o "$work/jcom.html"
  target/debug/lawful notice examples/minimal.policy --format html -o "$work/minimal.html"
  pages=("$work/jcom.html" "$work/minimal.html")
fi

status=0
for page in "${pages[@]}"; do
  echo "== pa11y $page"
  # Exit 2 means the page has errors; anything else non-zero, that pa11y
  # could not run: both fail the build.
  "$PA11Y" --config "$work/config.json" --level error "file://$(realpath "$page")" || status=1
done
exit "$status"
