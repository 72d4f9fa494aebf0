import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import JSON5 from 'json5';
import { applyAction, unknownKeysFrom, type ActionContext } from '../../../../src/main/engine/doctor/actions.js';
import { ChangeLog } from '../../../../src/main/engine/doctor/changes.js';
import { checkConfig } from '../../../../src/main/engine/doctor/config-check.js';
import { SnapshotStore } from '../../../../src/main/engine/doctor/snapshots.js';
import { isOpenClawGatewayProcess } from '../../../../src/main/engine/gateway/processes.js';
import type { Evidence } from '../../../../src/main/engine/doctor/evidence.js';
import { validateSettings } from '../../../../src/main/engine/settings/settings.js';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'clawdoc-cfg-'));
}

async function check(text: string | null, extra: Partial<Parameters<typeof checkConfig>[0]> = {}) {
  const d = tmp();
  const p = join(d, 'openclaw.json');
  if (text !== null) writeFileSync(p, text);
  return checkConfig({ configPath: p, ...extra });
}

test('check-config findings: severity, key path, fix hint', async () => {
  const ok = await check('{ gateway: { mode: "local", port: 18790, auth: { mode: "none" } } }');
  assert.equal(ok.ok, true);
  assert.deepEqual(ok.findings.map((f) => [f.code, f.severity]), [['models-missing', 'warning']], 'missing models is a warning only');
  const codes = async (t: string | null) => (await check(t)).findings.map((f) => f.code);
  assert.deepEqual(await codes(null), ['config-missing']);
  assert.deepEqual(await codes('{ gateway: { mo'), ['config-unparseable']);
  assert.ok((await codes('{ gateway: { port: 1 }, models: { default: "x/y" } }')).includes('gateway-mode-missing'));
  assert.ok((await codes('{ gateway: { mode: "remote" }, models: {} }')).includes('gateway-mode-remote'));
  assert.ok((await codes('{ gateway: { mode: "local", port: "abc" } }')).includes('port-invalid'));
  assert.ok((await codes('{ gateway: { mode: "local", auth: { mode: "token", token: "changeme" } } }')).includes('auth-token-placeholder'));
  assert.ok((await codes('{ gateway: { mode: "local", auth: { mode: "password" } } }')).includes('auth-password-missing'));
  assert.ok(!(await codes('{ gateway: { mode: "local" }, models: { providers: { openai: { baseUrl: "https://x", apiKey: "sk-real-1234" } } } }')).includes('models-missing'));
  const bad = (await check('{ gateway: { mode: "remote" } }')).findings[0]!;
  assert.equal(bad.key, 'gateway.mode');
  assert.ok(bad.hint.length > 0);
  const foreign = await check('{ gateway: { mode: "local" } }', { port: 1234, portHolder: async () => ({ pid: 99, name: 'nginx', command: 'nginx: master', isOpenClaw: false }) });
  assert.ok(foreign.findings.some((f) => f.code === 'port-foreign' && f.severity === 'error'));
  const mine = await check('{ gateway: { mode: "local" } }', { port: 1234, gatewayPid: 99, portHolder: async () => ({ pid: 99, name: 'openclaw-gateway', command: 'openclaw-gateway', isOpenClaw: true }) });
  assert.ok(!mine.findings.some((f) => f.key === 'gateway.port'), 'held by this gateway is fine');
  const provider = await check('{ gateway: { mode: "local" }, models: { providers: { p: { baseUrl: "http://127.0.0.1:1/v1" } } } }', {
    probeProvider: true,
    fetchImpl: (async () => new Response('{}', { status: 401 })) as typeof fetch,
  });
  assert.ok(provider.findings.some((f) => f.code === 'provider-auth'));
});

test('snapshots: a ring deduplicated by content', () => {
  const s = new SnapshotStore(tmp(), 3);
  assert.equal(s.save('{a:1}', 'x', 1000).created, true);
  assert.equal(s.save('{a:1}', 'x', 2000).created, false);
  s.save('{a:2}', 'x', 3000);
  s.save('{a:3}', 'x', 4000);
  s.save('{a:4}', 'x', 5000);
  const list = s.list();
  assert.equal(list.length, 3);
  assert.equal(s.read(s.latest()!), '{a:4}');
  assert.equal(s.read(s.latest(s.latest()!.hash)!), '{a:3}', 'the newest that differs from the broken one');
});

function ctx(dir: string, configPath: string, lines: string[] = []): ActionContext {
  const evidence = { lastOutput: lines, logLines: [], stabilityBundles: [] } as unknown as Evidence;
  return {
    caseId: 'c', recordId: 'r', configPath, port: 1, evidence,
    snapshots: new SnapshotStore(dir), changes: new ChangeLog(dir), openclawPath: 'openclaw', env: {}, fileLogDir: dir, stateDir: dir,
    portHolder: async () => null, probe: async () => ({ verdict: 'refused', at: 0, latencyMs: 0 }), managerPid: () => undefined,
    approvedCommands: [], openclawDoctorTimeoutMs: 1000, rateLimitMaxWaitMs: 10, pruneOlderThanDays: 7, killTimeoutMs: 100,
  };
}

test('config actions back up first, keep the rest of the file, and can be undone', async () => {
  const d = tmp();
  const p = join(d, 'openclaw.json');
  writeFileSync(p, '{ gateway: { port: 18790, bogus: 1 }, logging: { file: "/tmp/x.log" } }');
  const c = ctx(d, p, ['openclaw.json:1 — gateway: Unrecognized key: "bogus"', '× <root>: Unrecognized key: "nope"']);
  assert.deepEqual(unknownKeysFrom(c.evidence.lastOutput), ['gateway.bogus', 'nope']);
  const removed = await applyAction({ type: 'remove-config-key' }, c);
  assert.equal(removed.applied, true);
  const set = await applyAction({ type: 'set-config-key', key: 'gateway.mode', value: 'local' }, c);
  assert.equal(set.applied, true);
  const now = JSON5.parse(readFileSync(p, 'utf8')); // edits keep the file's JSON5 style (unquoted keys): not strict JSON
  assert.deepEqual(now, { gateway: { port: 18790, mode: 'local' }, logging: { file: '/tmp/x.log' } });
  const changes = new ChangeLog(d);
  changes.undo(set.changeIds[0]!, 'user');
  changes.undo(removed.changeIds[0]!, 'user');
  assert.equal(readFileSync(p, 'utf8'), '{ gateway: { port: 18790, bogus: 1 }, logging: { file: "/tmp/x.log" } }');
  // restore-snapshot keeps the broken file beside it
  const snaps = new SnapshotStore(d);
  snaps.save('{ gateway: { mode: "local" } }', p);
  writeFileSync(p, '{ gatew');
  const restored = await applyAction({ type: 'restore-snapshot' }, c);
  assert.equal(restored.applied, true);
  assert.match(restored.detail, /broken file is kept as .*openclaw\.json\.broken-/);
  assert.equal(readFileSync(p, 'utf8'), '{ gateway: { mode: "local" } }');
  // a shell command that the user did not approve never runs
  const shell = await applyAction({ type: 'shell', command: 'touch /tmp/clawdoc-should-not-exist' }, c);
  assert.equal(shell.applied, false);
  assert.match(shell.detail, /not approved/);
});

test('only OpenClaw gateway processes count as stale gateways', () => {
  assert.equal(isOpenClawGatewayProcess('openclaw-gate', 'openclaw-gateway'), true);
  assert.equal(isOpenClawGatewayProcess('node', '/usr/bin/node /x/node_modules/openclaw/openclaw.mjs gateway run --port 1'), true);
  assert.equal(isOpenClawGatewayProcess('openclaw', '/x/.bin/openclaw gateway run'), true);
  assert.equal(isOpenClawGatewayProcess('node', "node -e require('http').createServer((q,s)=>s.end('not openclaw'))"), false);
  assert.equal(isOpenClawGatewayProcess('vim', 'vim /root/.openclaw/openclaw.json'), false);
  assert.equal(isOpenClawGatewayProcess('nginx', 'nginx: master process'), false);
});

test('doctor settings are strict and named on error', () => {
  assert.equal(validateSettings({}).doctor.autoHeal, 'safe');
  assert.equal(validateSettings({}).doctor.snapshotsKeep, 20);
  assert.throws(() => validateSettings({ doctor: { autoHeal: 'yolo' } }), /doctor\.autoHeal/);
  assert.throws(() => validateSettings({ doctor: { bogus: 1 } }), /doctor\.bogus/);
});
