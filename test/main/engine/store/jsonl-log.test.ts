// The JSON-lines log: a damaged line is skipped, not fatal; a torn last line does not swallow the next
// record; rotation keeps every file under its size and at most `keep` old files; modes 0600 / 0700.
import assert from 'node:assert/strict';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { JsonLinesLog } from '../../../../src/main/engine/store/jsonl-log.js';
import { storedLogs } from '../../../../src/main/engine/data-files.js';

interface Rec {
  n: number;
  pad?: string;
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'clawdoc-jsonl-'));
}

test('the reader skips a garbage line, a torn line and a non-object line, and keeps the rest', () => {
  const dir = tempDir();
  const path = join(dir, 'x.jsonl');
  writeFileSync(path, '{"n":1}\ngarbage here\n\n42\n{"n":2}\n\u0000\u00ff{{\n{"n":3}\n{"n":4,"pa');
  const log = new JsonLinesLog<Rec>(path);
  assert.deepEqual(log.readAll().map((r) => r.n), [1, 2, 3]);
  log.append({ n: 5 });
  assert.deepEqual(log.readAll().map((r) => r.n), [1, 2, 3, 5], 'the torn last line does not swallow the next record');
  assert.deepEqual(log.recent(2).map((r) => r.n), [5, 3], 'newest first');
});

test('rotation keeps every file under its size and keeps at most `keep` old files, oldest dropped', () => {
  const dir = tempDir();
  const log = new JsonLinesLog<Rec>(join(dir, 'r.jsonl'), { maxBytes: 1000, keep: 2 });
  const pad = 'x'.repeat(80);
  for (let n = 1; n <= 100; n++) {
    log.append({ n, pad });
    for (const f of log.files()) assert.ok(statSync(f).size <= 1000, `${f} is ${statSync(f).size} bytes after record ${n}`);
  }
  assert.deepEqual(log.files().map((f) => f.slice(dir.length + 1)), ['r.jsonl.2', 'r.jsonl.1', 'r.jsonl']);
  const all = log.readAll().map((r) => r.n);
  assert.equal(all.at(-1), 100);
  assert.deepEqual(all, Array.from({ length: all.length }, (_, i) => 100 - all.length + 1 + i), 'in order, no gap, oldest dropped');
  assert.ok(all.length >= 20 && all.length < 100, `${all.length} records kept`);
  assert.deepEqual(log.recent(3).map((r) => r.n), [100, 99, 98]);
  assert.equal(log.recent(1000).length, all.length, 'recent reads older files when it needs them');
});

test('every registered log rolls over under its own name and bound', () => {
  for (const spec of storedLogs()) {
    assert.ok(spec.maxBytes >= 64 * 1024 && spec.keep >= 1, spec.file);
    const dir = tempDir();
    const log = JsonLinesLog.open<Rec>(dir, { ...spec, maxBytes: 500 });
    assert.equal(log.path, join(dir, ...spec.file.split('/')));
    for (let n = 1; n <= 40; n++) log.append({ n, pad: 'y'.repeat(40) });
    assert.ok(log.files().length === spec.keep + 1, `${spec.file}: ${log.files().length} files`);
    for (const f of log.files()) assert.ok(statSync(f).size <= 500, f);
    assert.equal(log.readAll().at(-1)?.n, 40);
  }
});

test('log files are 0600 (an existing wider file is narrowed) in folders created 0700', { skip: process.platform === 'win32' }, () => {
  const dir = join(tempDir(), 'data');
  const log = new JsonLinesLog<Rec>(join(dir, 'deep', 'a.jsonl'), { maxBytes: 200, keep: 1 });
  log.append({ n: 1 });
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  assert.equal(statSync(join(dir, 'deep')).mode & 0o777, 0o700);
  assert.equal(statSync(log.path).mode & 0o777, 0o600);
  const wide = join(dir, 'deep', 'b.jsonl');
  writeFileSync(wide, '{"n":0}\n', { mode: 0o644 });
  new JsonLinesLog<Rec>(wide).append({ n: 1 });
  assert.equal(statSync(wide).mode & 0o777, 0o600);
  for (let n = 2; n < 20; n++) log.append({ n, pad: 'z'.repeat(30) });
  for (const f of log.files()) assert.equal(statSync(f).mode & 0o777, 0o600, f);
});

test('a record larger than maxBytes is still written (alone in its file), never lost', () => {
  const dir = tempDir();
  const log = new JsonLinesLog<Rec>(join(dir, 'big.jsonl'), { maxBytes: 100, keep: 1 });
  log.append({ n: 1 });
  log.append({ n: 2, pad: 'q'.repeat(300) });
  assert.deepEqual(log.readAll().map((r) => r.n), [1, 2]);
  assert.equal(log.files().length, 2);
});
