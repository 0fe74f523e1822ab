#!/usr/bin/env node
// Parse Cypher texts with Neo4j's own Cypher parser and semantic analysis
// (@neo4j-cypher/language-support, pinned in package.json) — offline, no database.
//
// stdin:  JSON array of {"name": string, "text": string}
// stdout: JSON array of {"name", "errors": [{line, column, message}],
//                        "warnings": [{line, column, message}]}
//         in input order; line and column are 1-based, column counts Unicode
//         code points (not UTF-16 units).
// exit:   0 when every text was linted (whatever was found), 2 on bad input,
//         1 on a crash (message on stderr).
//
// A text may hold several statements separated by ';' (a cypher-shell script);
// the library splits them itself and reports positions in the whole text.
// Undeclared parameters ($name) are not errors here: queries get their
// parameters at run time. cypher-shell's own commands that the library's
// console-command grammar lacks (:begin, :commit, :rollback, :source, :exit)
// are blanked out (same length, so positions stay right); :param, :params and
// :use are understood by the library.

import { isNotParamError, lintCypherQuery } from '@neo4j-cypher/language-support';

// DiagnosticSeverity.Error in the Language Server Protocol.
const SEVERITY_ERROR = 1;

const SHELL_ONLY = /^([ \t]*):(begin|commit|rollback|source|exit)\b[^\n]*$/gim;

function blankShellCommands(text) {
  return text.replace(SHELL_ONLY, (m) => m.replace(/[^\s]/g, ' '));
}

function toPoint(lines, position) {
  const lineText = lines[position.line] ?? '';
  // position.character is in UTF-16 code units; count code points instead.
  const column = [...lineText.slice(0, position.character)].length + 1;
  return { line: position.line + 1, column };
}

function lintOne(text) {
  const lines = text.split('\n');
  const { diagnostics } = lintCypherQuery(blankShellCommands(text), {}, { consoleCommandsEnabled: true });
  const errors = [];
  const warnings = [];
  for (const d of diagnostics.filter(isNotParamError)) {
    const item = { ...toPoint(lines, d.range.start), message: d.message };
    (d.severity === SEVERITY_ERROR ? errors : warnings).push(item);
  }
  return { errors, warnings };
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function fail(code, message) {
  process.stderr.write(`cypher-lint: ${message}\n`);
  process.exit(code);
}

const raw = await readStdin();
let items;
try {
  items = JSON.parse(raw);
} catch (e) {
  fail(2, `stdin is not JSON: ${e.message}`);
}
if (!Array.isArray(items)) fail(2, 'stdin must be a JSON array of {"name", "text"}');
items.forEach((item, i) => {
  if (item === null || typeof item !== 'object' || typeof item.name !== 'string' || typeof item.text !== 'string') {
    fail(2, `item ${i} must be an object with string "name" and "text"`);
  }
});

// Keep stdout for the JSON result only, whatever the library logs.
console.log = console.info = console.warn = console.debug = (...args) => {
  process.stderr.write(args.map(String).join(' ') + '\n');
};

const results = [];
for (const { name, text } of items) {
  try {
    results.push({ name, ...lintOne(text) });
  } catch (e) {
    fail(1, `the linter crashed on "${name}": ${e && e.stack ? e.stack : e}`);
  }
}
process.stdout.write(JSON.stringify(results) + '\n');
