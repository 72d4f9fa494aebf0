// Evidence only from the right place: a FIFO (or anything but a regular file) at a followed path never
// blocks a diagnosis; lines of another gateway sharing /tmp/openclaw, or from before the incident, are not
// this incident's evidence.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EvidenceCollector } from '../../../../src/main/engine/doctor/evidence.js';
import { LogFollower, openclawLogFacts } from '../../../../src/main/engine/doctor/log-follower.js';
import { CLAWDOC_BIN, freePort } from '../../../helpers/gateway.js';

const noFifo = process.platform === 'win32' && 'no FIFOs on Windows';

function fifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

function localDate(ts = Date.now()): string {
  const d = new Date(ts);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Runs a command with a deadline; resolves with how long it took, or rejects when it hangs. */
function within(ms: number, file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} still running after ${ms} ms (blocked on a FIFO?)`));
    }, ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ ms: Date.now() - started, code, stdout });
    });
  });
}

test('a FIFO at a followed log path is skipped, not opened', { skip: noFifo }, () => {
  const d = mkdtempSync(join(tmpdir(), 'clawdoc-fifo-'));
  const path = join(d, 'openclaw.log');
  fifo(path);
  const started = Date.now();
  assert.deepEqual(new LogFollower('fifo', () => path).read().lines, []);
  assert.ok(Date.now() - started < 1000);
});

test('`clawdoc diagnose` completes quickly with FIFOs at the file log, a service log, a stability bundle and an extra log', { skip: noFifo }, async () => {
  const d = mkdtempSync(join(tmpdir(), 'clawdoc-fifo-diag-'));
  const state = join(d, 'state');
  const data = join(d, 'data');
  mkdirSync(join(state, 'logs', 'stability'), { recursive: true });
  mkdirSync(data, { recursive: true });
  fifo(join(d, 'gateway-file.log'));
  fifo(join(state, 'logs', 'gateway.log'));
  fifo(join(state, 'logs', 'stability', 'openclaw-stability-1.json'));
  fifo(join(d, 'extra.log'));
  const port = await freePort();
  writeFileSync(join(state, 'openclaw.json'), `{ gateway: { mode: "local", port: ${port} }, logging: { file: ${JSON.stringify(join(d, 'gateway-file.log'))} } }`);
  writeFileSync(join(data, 'settings.json'), JSON.stringify({ gateway: { port }, doctor: { extraLogFiles: [join(d, 'extra.log')] } }));
  const env: NodeJS.ProcessEnv = { ...process.env, OPENCLAW_STATE_DIR: state, CLAWDOC_DATA_DIR: data, HOME: d };
  delete env.NODE_TEST_CONTEXT;
  const r = await within(20_000, process.execPath, [CLAWDOC_BIN, 'diagnose', '--json', '--data-dir', data], env);
  assert.equal(r.code, 0, r.stdout);
  const out = JSON.parse(r.stdout) as { mode: string };
  assert.equal(out.mode, 'live');
});

test('lines of another gateway (host, gateway port, pid) and lines older than the incident are not evidence', async () => {
  const d = mkdtempSync(join(tmpdir(), 'clawdoc-scope-'));
  const logDir = join(d, 'tmp-openclaw');
  const state = join(d, 'state');
  mkdirSync(logDir, { recursive: true });
  mkdirSync(join(state, 'logs'), { recursive: true });
  const port = 18790;
  const otherPort = 18791;
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');
  const rec = (ms: number, msg: string, extra: Record<string, unknown> = {}) => JSON.stringify({ 0: '{"subsystem":"gateway"}', 1: msg, _meta: { logLevelName: 'ERROR', hostname: hostname(), date: new Date(ms).toISOString() }, time: iso(ms), hostname: hostname(), ...extra });
  writeFileSync(
    join(logDir, `openclaw-${localDate()}.log`),
    [
      rec(now - 2 * 3600_000, 'Authentication failed (provider returned HTTP 401) [old]'),
      rec(now - 5000, 'FATAL ERROR: Reached heap limit Allocation failed [other host]', { hostname: 'other-host', _meta: { hostname: 'other-host' } }),
      rec(now - 4000, `Gateway failed to start: another gateway instance is already listening on ws://127.0.0.1:${otherPort} [other gateway]`),
      rec(now - 4000, `Port ${otherPort} is already in use. [other gateway]`),
      rec(now - 3500, 'memory pressure: level=critical [other pid]', { pid: 4242 }),
      rec(now - 3000, `Port ${port} is already in use. [ours]`),
      rec(now - 2000, 'API rate limit reached [ours]', { pid: 777 }),
    ].join('\n') + '\n',
  );
  writeFileSync(
    join(state, 'logs', 'gateway.log'),
    [
      `${iso(now - 86_400_000)} [gateway] Gateway failed to start: Invalid config at /x/openclaw.json: [old]`,
      '<root>: Unrecognized key: "nope" [old continuation]',
      `${iso(now - 1000)} [gateway] No API key found for "openai" [ours]`,
      'continuation of ours [ours]',
    ].join('\n') + '\n',
  );
  writeFileSync(join(state, 'openclaw.json'), `{ gateway: { mode: "local", port: ${port} } }`);
  const c = new EvidenceCollector({ dataDir: join(d, 'data'), configPath: join(state, 'openclaw.json'), stateDir: state, fileLogDir: logDir, port, portHolder: async () => null });
  const e = await c.gather({ trigger: 'test', since: now - 60_000, gatewayPid: 777, skipPort: true });
  assert.ok(e.logLines.length > 0, 'our own lines are there');
  assert.deepEqual(e.logLines.filter((l) => !l.includes('[ours]')), [], `only this gateway's lines of this incident:\n${e.logLines.join('\n')}`);
  assert.equal(e.logLines.filter((l) => l.includes('[ours]')).length, 4);
});

test('what a line says about itself: time, host, pid, and the gateway port it is about', () => {
  const f = openclawLogFacts(JSON.stringify({ 0: 'x', time: '2026-11-25T13:00:50.195+00:00', hostname: 'vm', pid: 12 }));
  assert.deepEqual([f.time, f.hostname, f.pid], [Date.parse('2026-11-25T13:00:50.195Z'), 'vm', 12]);
  assert.equal(openclawLogFacts('2026-11-25T13:00:50.195+00:00 Gateway failed to start: another gateway instance is already listening on ws://127.0.0.1:18790').port, 18790);
  assert.equal(openclawLogFacts('listen EADDRINUSE: address already in use 127.0.0.1:18792').port, 18792);
  assert.equal(openclawLogFacts('provider request to http://127.0.0.1:11434 failed').port, undefined, 'a provider URL is not the gateway port');
  assert.equal(openclawLogFacts('relay ws://127.0.0.1:9222/cdp closed').port, undefined);
});
