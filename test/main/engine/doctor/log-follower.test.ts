import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FollowPositions, LogFollower, openclawLogLine } from '../../../../src/main/engine/doctor/log-follower.js';

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'clawdoc-follow-'));
}

test('reads only new lines, keeps a partial line for later, survives a restart (persisted offset)', () => {
  const d = dir();
  const log = join(d, 'a.log');
  writeFileSync(log, 'one\ntwo\n');
  const f = new LogFollower('a', () => log, { positions: new FollowPositions(d) });
  assert.deepEqual(f.read().lines, ['one', 'two']);
  appendFileSync(log, 'three\nfou');
  assert.deepEqual(f.read().lines, ['three']);
  appendFileSync(log, 'r\n');
  assert.deepEqual(f.read().lines, ['four']);
  appendFileSync(log, 'five\n');
  const again = new LogFollower('a', () => log, { positions: new FollowPositions(d) });
  assert.deepEqual(again.read().lines, ['five'], 'a new follower continues from the saved offset');
});

test('rotation (new inode) and truncation start over; the date rolling over finishes the old file first', () => {
  const d = dir();
  const log = join(d, 'b.log');
  writeFileSync(log, 'a\n');
  const f = new LogFollower('b', () => log);
  f.read();
  renameSync(log, `${log}.1`);
  writeFileSync(log, 'fresh\n');
  assert.deepEqual(f.read().lines, ['fresh']);
  truncateSync(log, 0);
  appendFileSync(log, 'after-truncate\n');
  assert.deepEqual(f.read().lines, ['after-truncate']);
  let day = join(d, 'openclaw-2026-11-23.log');
  writeFileSync(day, 'monday\n');
  const g = new LogFollower('day', () => day);
  assert.deepEqual(g.read().lines, ['monday']);
  appendFileSync(day, 'late monday\n');
  day = join(d, 'openclaw-2026-11-24.log');
  writeFileSync(day, 'tuesday\n');
  assert.deepEqual(g.read().lines, ['late monday', 'tuesday']);
});

test('a huge line is truncated, not fatal; a big unknown file is read from near its end', () => {
  const d = dir();
  const log = join(d, 'c.log');
  writeFileSync(log, `${'x'.repeat(100_000)}\nsmall\n`);
  const f = new LogFollower('c', () => log, { maxLineBytes: 1000, initialWindowBytes: 1_000_000 });
  const lines = f.read().lines;
  assert.equal(lines.length, 2);
  assert.ok(lines[0]!.length < 1100 && lines[0]!.endsWith('[line truncated]'));
  assert.equal(lines[1], 'small');
  const big = join(d, 'd.log');
  writeFileSync(big, `${'old line\n'.repeat(200_000)}newest\n`);
  const g = new LogFollower('d', () => big, { initialWindowBytes: 4096 });
  const r = g.read().lines;
  assert.ok(r.length < 600 && r.at(-1) === 'newest');
  assert.deepEqual(new LogFollower('gone', () => join(d, 'missing.log')).read().lines, []);
});

test("OpenClaw's JSON log lines become plain text", () => {
  const line = JSON.stringify({ 0: 'Gateway failed to start:', 1: 'listen EADDRINUSE', _meta: { logLevelName: 'ERROR', name: '{"subsystem":"gateway"}' }, time: '2026-11-24T05:06:24.608Z' });
  assert.equal(openclawLogLine(line), 'ERROR Gateway failed to start: listen EADDRINUSE');
  assert.equal(openclawLogLine('plain text'), 'plain text');
  assert.equal(openclawLogLine('{broken'), '{broken');
});
