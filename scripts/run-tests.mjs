#!/usr/bin/env node
// Runs every compiled test file with Node's test runner and ends with the line CI reads:
// "N passed, N failed, N skipped". Suites that start real gateways run one file at a time.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const only = process.argv.slice(2);
function collect(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return collect(full);
    return name.endsWith('.test.js') ? [full] : [];
  });
}
let files = [...collect(join(root, 'dist', 'test')), ...collect(join(root, 'dist', 'src'))].sort();
if (only.length) files = files.filter((f) => only.some((o) => f.includes(o)));
if (!files.length) {
  // `node --test` with no file would run every test it can find.
  console.error(`no test file matches ${only.map((o) => JSON.stringify(o)).join(', ') || '(none built: npm run build)'}`);
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(1);
}
const args = [
  '--test', '--test-concurrency=1',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  `--test-reporter=${join(root, 'scripts', 'test-summary-reporter.mjs')}`, '--test-reporter-destination=stdout',
  ...files.map((f) => relative(root, f)),
];
const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
