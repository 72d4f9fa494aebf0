// `clawdoc history --limit N`: N is parsed strictly; anything else is a usage error that changes nothing.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../../src/main/cli/clawdoc-cli.js';
import { parseLimit } from '../../../src/main/cli/status-command.js';
import { History } from '../../../src/main/engine/store/history-log.js';

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('parseLimit accepts whole numbers 1..100000 and refuses everything else by name', () => {
  assert.equal(parseLimit(undefined), 50);
  for (const [text, n] of [['1', 1], ['10', 10], [' 7 ', 7], ['100000', 100_000]] as const) assert.equal(parseLimit(text), n, text);
  for (const bad of ['abc', '', ' ', '0', '-1', '1e3', '0x10', '10.0', '2.5', 'Infinity', 'NaN', '100001', '12abc', '١٢']) {
    assert.throws(() => parseLimit(bad), (e: Error) => e.name === 'Error' && /--limit needs a whole number from 1 to 100000, got "/.test(e.message), JSON.stringify(bad));
  }
});

test('`clawdoc history --limit abc` is a usage error (exit 2) and creates nothing', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'clawdoc-hist-')), 'not-yet');
  const r = await run('history', '--limit', 'abc', '--data-dir', dir);
  assert.equal(r.code, 2);
  assert.match(r.err, /clawdoc history: --limit needs a whole number from 1 to 100000, got "abc"\nUsage: clawdoc history/);
  assert.equal(existsSync(dir), false, 'no data dir created');
});

test('`clawdoc history --limit 1` shows one event', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clawdoc-hist-'));
  const h = new History(dir);
  h.events.append({ ts: 1, type: 'restart', reason: 'first' });
  h.events.append({ ts: 2, type: 'restart', reason: 'second' });
  const r = await run('history', '--limit', '1', '--json', '--data-dir', dir);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual((JSON.parse(r.out) as { events: { reason: string }[] }).events.map((e) => e.reason), ['second']);
});
