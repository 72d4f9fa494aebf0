// One watcher per data dir, proven with racing processes: the lock is atomic, a stale lock (dead
// holder, or a pid reused by another program) is taken over, a live holder is never displaced, and a
// live watcher's control socket is never deleted by a second one.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { acquireWatchLock, lockHolder, processStartTime, WatchLockError } from '../../../../src/main/engine/runtime/watch-lock.js';
import { CLAWDOC_BIN, freePort, sleep } from '../../../helpers/gateway.js';

const LOCK_MODULE = fileURLToPath(new URL('../../../../src/main/engine/runtime/watch-lock.js', import.meta.url));

/** N processes released at the same instant, each trying to take the lock and holding it briefly. */
async function race(dir: string, n: number): Promise<string[]> {
  const startAt = Date.now() + 400;
  const script = `
    const { acquireWatchLock } = await import(${JSON.stringify(LOCK_MODULE)});
    while (Date.now() < ${startAt}) {}
    try { const l = acquireWatchLock(${JSON.stringify(dir)}); console.log('won'); await new Promise(r => setTimeout(r, 600)); l.release(); }
    catch (e) { console.log(e.name); }`;
  const outs = await Promise.all(
    Array.from({ length: n }, () => new Promise<string>((resolve) => {
      const p = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      p.stdout.on('data', (d: Buffer) => (out += d.toString()));
      p.on('close', () => resolve(out.trim()));
    })),
  );
  return outs;
}

describe('watch lock', () => {
  it('of watchers started together, exactly one wins, every time', async () => {
    for (let round = 0; round < 8; round++) {
      const dir = mkdtempSync(join(tmpdir(), 'clawdoc-lock-'));
      const outs = await race(dir, 4);
      assert.equal(outs.filter((o) => o === 'won').length, 1, `round ${round}: ${outs.join(',')}`);
      assert.equal(outs.filter((o) => o === 'WatchLockError').length, 3);
      assert.equal(existsSync(join(dir, 'watch.lock')), false, 'released');
    }
  });

  it('a live holder is named and never displaced; release frees it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clawdoc-lock-'));
    const lock = acquireWatchLock(dir);
    assert.throws(() => acquireWatchLock(dir), (e: Error) => e instanceof WatchLockError && new RegExp(`pid ${process.pid}`).test(e.message));
    assert.equal(lockHolder(dir)?.pid, process.pid);
    lock.release();
    assert.equal(lockHolder(dir), undefined);
    acquireWatchLock(dir).release();
  });

  it('a stale lock is taken over: a dead holder, or a live pid that now belongs to another program', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clawdoc-lock-'));
    writeFileSync(join(dir, 'watch.lock'), JSON.stringify({ pid: 2 ** 22 - 3, started: '1' }));
    acquireWatchLock(dir).release();
    // The parent is alive, but it did not start at this time: the pid was reused, the lock is stale.
    writeFileSync(join(dir, 'watch.lock'), JSON.stringify({ pid: process.ppid, started: `${processStartTime(process.ppid)}0` }));
    const lock = acquireWatchLock(dir);
    assert.equal(lockHolder(dir)?.pid, process.pid);
    lock.release();
    // garbage in the lock file is stale once it is old enough to not be a lock being written
    writeFileSync(join(dir, 'watch.lock'), 'garbage');
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(dir, 'watch.lock'), old, old);
    acquireWatchLock(dir).release();
  });

  it('two `clawdoc watch` on one data dir: the second refuses, and the first one\'s socket keeps answering', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clawdoc-lock-'));
    const port = await freePort();
    const args = [CLAWDOC_BIN, 'watch', '--manage', 'none', '--port', String(port), '--data-dir', dir];
    const env = { ...process.env, NODE_TEST_CONTEXT: undefined };
    const first = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const end = Date.now() + 20_000;
      while (!existsSync(join(dir, 'clawdoc.sock')) && Date.now() < end) await sleep(100);
      assert.ok(existsSync(join(dir, 'clawdoc.sock')), 'the first watcher listens');
      const second = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      second.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const code = await new Promise((r) => second.on('close', r));
      assert.equal(code, 1);
      assert.match(err, new RegExp(`another ClawDoc \\(pid ${first.pid}\\) is already watching`));
      const status = await new Promise<string>((resolve) => {
        const p = spawn(process.execPath, [CLAWDOC_BIN, 'status', '--json', '--data-dir', dir], { env, stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        p.stdout.on('data', (d: Buffer) => (out += d.toString()));
        p.on('close', () => resolve(out));
      });
      assert.equal(JSON.parse(status).watching, true, 'the first watcher still answers on its socket');
    } finally {
      first.kill('SIGTERM');
      await new Promise((r) => first.on('close', r));
    }
  });
});
