#!/usr/bin/env bash
# Renders what a person reads, for review: the seed's public notice (HTML,
# screenshot by headless Chromium) and its default graph (Graphviz PNG),
# with the review notice and the full graph beside them.
#
#   scripts/render-for-review.sh [OUT_DIR]      (default: target/review)
#
# Needs chromium (Debian's package) and dot (graphviz).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/review}"
mkdir -p "$out"
chromium="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$chromium" ] || ! command -v dot >/dev/null 2>&1; then
  echo "error: needs chromium and dot (apt-get install chromium graphviz)" >&2
  exit 2
fi
cargo build --quiet
lawful=target/debug/lawful
seed=policies/jcom.policy

# The seed lacks required matters, so the public notice is written with
# --allow-missing (lawful notice refuses it otherwise).
"$lawful" notice "$seed" --allow-missing --format html -o "$out/notice.html"
"$lawful" notice "$seed" --for review --format html -o "$out/notice-review.html"
"$lawful" graph "$seed" --format dot -o "$out/graph.dot"
"$lawful" graph "$seed" --view full --format dot -o "$out/graph-full.dot"

shot() {
  # A tall window: the whole notice in one picture.
  "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --window-size=1000,"$3" --screenshot="$2" "file://$(realpath "$1")" \
    >/dev/null 2>&1
}
shot "$out/notice.html" "$out/notice.png" 9000
shot "$out/notice-review.html" "$out/notice-review.png" 9000
# Printed, as A4 pages.
"$chromium" --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
  --print-to-pdf="$out/notice.pdf" "file://$(realpath "$out/notice.html")" >/dev/null 2>&1
dot -Tpng "$out/graph.dot" -o "$out/graph.png"
dot -Tpng "$out/graph-full.dot" -o "$out/graph-full.png"
dot -Tsvg "$out/graph.dot" -o "$out/graph.svg"   # tooltips: open in a browser
ls -1 "$out"
