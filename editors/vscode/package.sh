#!/usr/bin/env bash
# Packages the VS Code extension with the standard tool, `vsce package`:
# writes editors/vscode/lawful.vsix. Install it with
# `code --install-extension editors/vscode/lawful.vsix` (editors/README.md).
set -euo pipefail
cd "$(dirname "$0")"
./install.sh
rm -f lawful.vsix
./node_modules/.bin/vsce package --out lawful.vsix
# The package carries what VS Code needs: the manifest, the client, its
# language client library, the grammar and the language configuration.
listing=$(unzip -l lawful.vsix)
for file in extension/package.json extension/extension.js extension/syntaxes/lawful.tmLanguage.json \
  extension/language-configuration.json extension/node_modules/vscode-languageclient/package.json; do
  if ! grep -q " $file\$" <<<"$listing"; then
    echo "error: lawful.vsix lacks $file" >&2
    exit 1
  fi
done
echo "packaged editors/vscode/lawful.vsix"
