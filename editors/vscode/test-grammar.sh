#!/usr/bin/env bash
# Tests the TextMate grammar with vscode-tmgrammar-test: the assertions of
# test/syntax.test.policy, then every shipped policy (test/shipped.js).
set -euo pipefail
cd "$(dirname "$0")"
./install.sh
./node_modules/.bin/vscode-tmgrammar-test -g syntaxes/lawful.tmLanguage.json "test/*.test.policy"
node test/shipped.js
