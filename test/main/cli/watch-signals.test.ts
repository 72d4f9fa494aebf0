// A TERM at any moment of `clawdoc watch`'s start-up (a service manager stopping it, `npm start` stopped at
// once) stops it cleanly: the stop line, exit 0, the data dir's lock released. Before, a TERM that came after
// the first line but before the handlers were installed killed the watcher half-started.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { lockHolder } from '../../../src/main/engine/runtime/watch-lock.js';
import { CLAWDOC_BIN, freePort } from '../../helpers/gateway.js';

test('a TERM right after the first line of start-up stops the watch cleanly (5 times)', async () => {
  for (let i = 0; i < 5; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'clawdoc-signals-'));
    const port = await freePort();
    const child = spawn(process.execPath, [CLAWDOC_BIN, 'watch', '--manage', 'none', '--port', String(port), '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      if (!out) child.kill('SIGTERM'); // at the very first output: the start-up is still going on
      out += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
    assert.match(out, /clawdoc: SIGTERM, stopping the watch/, `run ${i + 1}: ${out}`);
    assert.equal(code, 0, `run ${i + 1}: a clean exit`);
    assert.equal(lockHolder(dataDir), undefined, 'the lock is released');
  }
});
