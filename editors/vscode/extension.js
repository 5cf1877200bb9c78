// The VS Code client: starts `lawful lsp` (the path is the setting
// `lawful.server.path`) for every .policy file. Everything else —
// diagnostics, hover, completion, navigation, rename, formatting, quick
// fixes — comes from the server.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration('lawful').get('server.path') || 'lawful';
  const server = { command, args: ['lsp'], transport: TransportKind.stdio };
  client = new LanguageClient(
    'lawful',
    'lawful',
    { run: server, debug: server },
    {
      documentSelector: [{ scheme: 'file', language: 'lawful' }],
      synchronize: {
        fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.policy,lawful.toml}'),
      },
    },
  );
  context.subscriptions.push(client);
  return client.start().catch((error) => {
    vscode.window.showErrorMessage(
      `lawful: cannot start \`${command} lsp\` (${error.message}); set lawful.server.path`,
    );
  });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
