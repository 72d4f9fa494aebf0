// The clawdoc command line as a user runs it (a real process): help, settings, status, history.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { History } from '../../../src/main/engine/store/history-log.js';
import { StateFile } from '../../../src/main/engine/store/state-file.js';
import { CLAWDOC_BIN, freePort } from '../../helpers/gateway.js';

const exec = promisify(execFile);

async function clawdoc(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await exec(process.execPath, [CLAWDOC_BIN, ...args], { env: { ...process.env, NODE_TEST_CONTEXT: undefined, ...env } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('clawdoc CLI', () => {
  it('--help lists the commands', async () => {
    const r = await clawdoc(['--help']);
    assert.equal(r.code, 0);
    for (const c of ['watch', 'status', 'history', 'keepalive', 'settings']) assert.match(r.stdout, new RegExp(`^  ${c} `, 'm'));
  });

  it('an unknown flag or command is a usage error (exit 2)', async () => {
    assert.equal((await clawdoc(['watch', '--bogus'])).code, 2);
    assert.equal((await clawdoc(['frobnicate'])).code, 2);
  });

  it('watch refuses an out-of-range flag, naming the key, before doing anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clawdoc-cli-'));
    const r = await clawdoc(['watch', '--data-dir', dir, '--port', '99999']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /gateway\.port/);
    assert.deepEqual(readdirSync(dir), [], 'nothing written');
  });

  it('a corrupt settings file is reported with its line and column, kept as it is, and defaults are shown', async () => {
    // Was: moved aside by `settings get` (a read-only command) and exit 0.
    const dir = mkdtempSync(join(tmpdir(), 'clawdoc-cli-'));
    writeFileSync(join(dir, 'settings.json'), '{"watch": ');
    const r = await clawdoc(['settings', 'get', 'watch.intervalSec', '--data-dir', dir]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout.trim(), '5');
    assert.match(r.stderr, /settings\.json line 1, column 11: invalid end of input; there is no last good copy/);
    assert.deepEqual(readdirSync(dir), ['settings.json']);
    assert.equal(readFileSync(join(dir, 'settings.json'), 'utf8'), '{"watch": ');
  });

  it('settings set validates and names the key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clawdoc-cli-'));
    assert.equal((await clawdoc(['settings', 'set', 'watch.intervalSec', '10', '--data-dir', dir])).code, 0);
    const bad = await clawdoc(['settings', 'set', 'restart.breakerMaxRestarts', '0', '--data-dir', dir]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /restart\.breakerMaxRestarts/);
    assert.equal((await clawdoc(['settings', 'get', 'watch.intervalSec', '--data-dir', dir])).stdout.trim(), '10');
  });

  it('status and history read what the watcher persisted, and status probes live', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clawdoc-cli-'));
    const port = await freePort();
    const t = Date.now() - 60_000;
    const history = new History(dir);
    history.events.append({ ts: t, type: 'state', from: 'healthy', to: 'recovering', reason: 'gateway exited with signal SIGKILL' });
    history.events.append({ ts: t + 7000, type: 'recovered', reason: 'gateway healthy again after 7s (1 restart)' });
    history.incidents.append({ id: 'i1', openedAt: t, closedAt: t + 7000, cause: 'gateway exited with signal SIGKILL', restarts: 1, resolution: 'recovered' });
    new StateFile(dir).write({
      version: 1,
      policy: { crashes: [t], restarts: [t], backoffResetAt: 0 },
      status: { state: 'healthy', since: t + 7000, reason: 'gateway is healthy', manage: 'child', port, pid: 4242, updatedAt: t + 8000, watcherPid: 999_999, restartsInWindow: 1, crashesInWindow: 1 },
    });
    const s = await clawdoc(['status', '--data-dir', dir]);
    assert.equal(s.code, 0);
    assert.match(s.stdout, /ClawDoc: not watching/);
    assert.match(s.stdout, /Gateway: healthy/);
    assert.match(s.stdout, /pid 4242/);
    assert.match(s.stdout, /restarts in the breaker window: 1/);
    assert.match(s.stdout, new RegExp(`Live probe of 127\\.0\\.0\\.1:${port}: refused`));
    const j = JSON.parse((await clawdoc(['status', '--json', '--data-dir', dir])).stdout);
    assert.equal(j.status.restartsInWindow, 1);
    assert.equal(j.live.verdict, 'refused');
    const h = await clawdoc(['history', '--data-dir', dir]);
    const lines = h.stdout.split('\n');
    const rec = lines.findIndex((l) => l.includes('recovered'));
    const exit = lines.findIndex((l) => l.includes('healthy → recovering'));
    assert.ok(rec > 0 && exit > rec, 'newest first');
    assert.match(h.stdout, /gateway exited with signal SIGKILL — 1 restart, 7s, recovered/);
    const hj = JSON.parse((await clawdoc(['history', '--json', '--data-dir', dir])).stdout);
    assert.equal(hj.events[0].type, 'recovered');
    assert.equal(hj.incidents[0].id, 'i1');
  });

  it('keepalive install --dry-run prints the unit it would write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clawdoc-cli-'));
    const r = await clawdoc(['keepalive', 'install', '--dry-run', '--data-dir', dir, '--port', '18800'], { HOME: dir });
    assert.equal(r.code, 0);
    if (process.platform === 'linux') assert.match(r.stdout, /ExecStart="openclaw" "gateway" "run" "--port" "18800"/);
  });
});
