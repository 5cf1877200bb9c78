// The TextMate grammar over every shipped policy (policies/, examples/,
// tests/fixtures/): vscode-tmgrammar-snap tokenizes each one, and every
// string must be scoped as a string, every comment as a comment, every
// declaration keyword that starts a line as a keyword, and every other
// character outside them must get a scope of its own (nothing is left
// unclassified). Hand-written assertions are in syntax.test.policy.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const here = path.resolve(__dirname, '..');
const repo = path.resolve(here, '../..');
const DECLARATIONS = /^(policy|import|controller|party|contact|subject|source|method|data|purpose|exception|collect|use|outsource|provide|joint[ \t]+use|anonymous[ \t]+information|rights|security|retain|on|commitment|forbid)\b/;

function policies(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return policies(full);
    return entry.name.endsWith('.policy') ? [full] : [];
  });
}

const files = ['policies', 'examples', 'tests/fixtures'].flatMap((d) => policies(path.join(repo, d)));
if (files.length === 0) {
  console.error('no shipped policy found');
  process.exit(1);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lawful-grammar-'));
const copies = new Map();
for (const file of files) {
  const name = path.relative(repo, file).split(path.sep).join('__');
  fs.copyFileSync(file, path.join(tmp, name));
  copies.set(name, path.relative(repo, file));
}
const snap = spawnSync(
  path.join(here, 'node_modules/.bin/vscode-tmgrammar-snap'),
  ['-u', '-g', path.join(here, 'syntaxes/lawful.tmLanguage.json'), '-s', 'source.lawful', path.join(tmp, '*.policy')],
  { encoding: 'utf8' },
);
if (snap.status !== 0) {
  console.error(snap.stdout, snap.stderr);
  process.exit(1);
}

// A snapshot: each source line (`>text`) followed by lines of carets and
// the scopes of the characters above them.
function read(snapshot) {
  const lines = [];
  for (const line of snapshot.split('\n')) {
    if (line.startsWith('>')) {
      const text = line.slice(1);
      lines.push({ text, scopes: new Array(text.length).fill(null) });
    } else if (line.startsWith('#') && lines.length > 0) {
      const match = /^#( *)(\^+) (.*)$/.exec(line);
      if (!match) continue;
      const start = match[1].length;
      const current = lines[lines.length - 1];
      for (let i = start; i < start + match[2].length; i++) current.scopes[i] = match[3].split(' ');
    }
  }
  return lines;
}

let failures = 0;
let checked = 0;
function fail(file, line, column, why) {
  failures += 1;
  if (failures <= 50) console.error(`${file}:${line + 1}:${column + 1}: ${why}`);
}

for (const [name, shown] of copies) {
  const lines = read(fs.readFileSync(path.join(tmp, `${name}.snap`), 'utf8'));
  let inString = false;
  lines.forEach(({ text, scopes }, n) => {
    checked += 1;
    const has = (i, scope) => (scopes[i] || []).some((s) => s.startsWith(scope));
    const lineStartsString = inString;
    let inComment = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (inComment) {
        if (!has(i, 'comment.line')) fail(shown, n, i, 'a comment is not scoped as a comment');
        continue;
      }
      if (inString) {
        if (!has(i, 'string.quoted.double')) fail(shown, n, i, 'a string is not scoped as a string');
        if (c === '\\') {
          i += 1;
        } else if (c === '"') {
          inString = false;
        }
        continue;
      }
      if (c === '"') {
        inString = true;
        if (!has(i, 'string.quoted.double')) fail(shown, n, i, 'a string is not scoped as a string');
      } else if (c === '#') {
        inComment = true;
        if (!has(i, 'comment.line')) fail(shown, n, i, 'a comment is not scoped as a comment');
      } else if (!/\s/.test(c) && (scopes[i] || []).length < 2) {
        fail(shown, n, i, `\`${c}\` is left unclassified`);
      }
    }
    if (!lineStartsString && DECLARATIONS.test(text) && !has(0, 'keyword.other.declaration')) {
      fail(shown, n, 0, 'a declaration keyword is not scoped as a keyword');
    }
  });
}
fs.rmSync(tmp, { recursive: true, force: true });
if (failures > 0) {
  console.error(`${failures} problems in the grammar's reading of the shipped policies`);
  process.exit(1);
}
console.log(`grammar: ${copies.size} shipped policies, ${checked} lines: every string, comment and declaration keyword scoped, nothing unclassified`);
