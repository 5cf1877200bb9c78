#!/usr/bin/env bash
# Installs the extension's npm packages (the language client, and @vscode/vsce
# and vscode-tmgrammar-test for packaging and tests) exactly as
# package-lock.json pins them; does nothing when they are already installed.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v npm >/dev/null 2>&1; then
  echo "error: npm is needed (Node.js 20 or later) to package or test the extension" >&2
  exit 1
fi
if [ -f node_modules/.package-lock.json ] && ! [ package-lock.json -nt node_modules/.package-lock.json ]; then
  exit 0
fi
echo "== npm ci (editors/vscode)"
npm ci --no-audit --no-fund --loglevel=error
