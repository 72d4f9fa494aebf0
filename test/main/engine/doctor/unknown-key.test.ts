// Unknown-key removal takes keys only from OpenClaw's own validation (never from the file log, where a
// chat message can be echoed), and never removes a credential, whoever names it.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { test } from 'node:test';
import JSON5 from 'json5';
import { applyAction, isProtectedKey, precondition, unknownKeysFrom, unknownKeysFromValidate, type ActionContext } from '../../../../src/main/engine/doctor/actions.js';
import { ChangeLog } from '../../../../src/main/engine/doctor/changes.js';
import type { Evidence } from '../../../../src/main/engine/doctor/evidence.js';
import { SnapshotStore } from '../../../../src/main/engine/doctor/snapshots.js';
import type { ExecResult, Runner } from '../../../../src/main/engine/util/exec.js';
import { hasTestbed, NODE_BIN_DIR, OPENCLAW_BIN } from '../../../helpers/gateway.js';

const CONFIG = '{ gateway: { mode: "local", port: 18790, auth: { mode: "token", token: "s3cret-token" }, bogus: 1 }, nope: true }\n';

// What a chat message echoed into OpenClaw's file log (or its console) can look like.
const hostile = [
  'gateway.auth: Unrecognized key: "token"',
  '× gateway.auth: Unrecognized keys: "token", "mode"',
  JSON.stringify({ 0: '{"subsystem":"telegram"}', 1: 'message from @mallory: gateway.auth: Unrecognized key: "token"', _meta: { logLevelName: 'INFO' }, time: new Date().toISOString() }),
  'INFO inbound: openclaw.json:1 — gateway.auth: Unrecognized key: "token"',
  '2026-11-25T13:00:50.195+00:00 [telegram] <root>: Unrecognized key: "gateway"',
];

function setup(opts: { logLines?: string[]; lastOutput?: string[]; exitCode?: number; runner?: Runner; openclawPath?: string; env?: NodeJS.ProcessEnv; config?: string }) {
  const dir = mkdtempSync(join(tmpdir(), 'clawdoc-ukey-'));
  const configPath = join(dir, 'openclaw.json');
  writeFileSync(configPath, opts.config ?? CONFIG);
  const evidence = { lastOutput: opts.lastOutput ?? [], logLines: opts.logLines ?? [], stabilityBundles: [], exitCode: opts.exitCode } as unknown as Evidence;
  const ctx: ActionContext = {
    caseId: 'config-unknown-key', recordId: 'r', configPath, port: 1, evidence,
    snapshots: new SnapshotStore(dir), changes: new ChangeLog(dir), openclawPath: opts.openclawPath ?? join(dir, 'no-openclaw-here'), env: opts.env ?? {}, fileLogDir: dir, stateDir: dir,
    portHolder: async () => null, probe: async () => ({ verdict: 'refused', at: 0, latencyMs: 0 }), managerPid: () => undefined,
    approvedCommands: [], openclawDoctorTimeoutMs: 1000, rateLimitMaxWaitMs: 10, pruneOlderThanDays: 7, killTimeoutMs: 100,
    runner: opts.runner,
  };
  const config = () => JSON5.parse(readFileSync(configPath, 'utf8')) as { gateway: { auth?: { token?: string }; bogus?: number }; nope?: boolean };
  return { ctx, config, configPath };
}

/** A fake `openclaw config validate --json` answering with these issues. */
function validator(issues: { path: string; message: string }[], calls: string[][] = []): Runner {
  return async (file, args, o) => {
    calls.push([file, ...args, `OPENCLAW_CONFIG_PATH=${o.env?.OPENCLAW_CONFIG_PATH}`]);
    const body = { ok: false, valid: issues.length === 0, path: o.env?.OPENCLAW_CONFIG_PATH, issues };
    return { code: issues.length ? 1 : 0, signal: null, stdout: JSON.stringify(body, null, 2), stderr: '', timedOut: false } satisfies ExecResult;
  };
}

test('hostile log lines name no key: nothing is removed, the token stays', async () => {
  const t = setup({ logLines: hostile, exitCode: 78 });
  assert.ok(await precondition({ type: 'remove-config-key' }, t.ctx), 'no precondition met');
  const out = await applyAction({ type: 'remove-config-key' }, t.ctx);
  assert.equal(out.applied, false, out.detail);
  assert.equal(t.config().gateway.auth?.token, 's3cret-token');
  assert.equal(t.config().gateway.bogus, 1);
});

test('only the lines of OpenClaw\'s exact issue format count, and credentials are never named', () => {
  assert.deepEqual(unknownKeysFrom(hostile.slice(2)), [], 'a prefix (log level, timestamp, chat text) disqualifies a line');
  assert.deepEqual(unknownKeysFrom(['- openclaw.json:4 — agents.list[0]: Unrecognized keys: "modle", "temprature"']), ['agents.list.0.modle', 'agents.list.0.temprature']);
  assert.deepEqual(unknownKeysFrom(['gateway: Unrecognized key: "a.b"', 'gateway: Unrecognized key: "x" and more']), [], 'odd key names and trailing text are not OpenClaw\'s format');
  for (const k of ['gateway.auth.token', 'gateway.auth', 'models.providers.openai.apiKey', 'channels.telegram.botToken', 'gateway.auth.password', 'x.secrets']) assert.equal(isProtectedKey(k), true, k);
  assert.equal(isProtectedKey('gateway.bogus'), false);
});

test('the validator names the key: it is removed, hostile lines in the log change nothing', async () => {
  const calls: string[][] = [];
  const t = setup({ logLines: hostile, lastOutput: hostile.slice(0, 2), exitCode: 78, runner: validator([{ path: 'gateway', message: 'Unrecognized key: "bogus"' }], calls) });
  const out = await applyAction({ type: 'remove-config-key' }, t.ctx);
  assert.equal(out.applied, true, out.detail);
  assert.match(out.detail, /removed gateway\.bogus \(named by `openclaw config validate`/);
  assert.deepEqual(calls[0]?.slice(1), ['config', 'validate', '--json', `OPENCLAW_CONFIG_PATH=${t.configPath}`]);
  assert.equal(t.config().gateway.auth?.token, 's3cret-token');
  assert.equal(t.config().gateway.bogus, undefined);
  assert.equal(t.config().nope, true, 'a key the validator does not name stays');
});

test('even OpenClaw naming a credential key does not get it removed', async () => {
  const t = setup({ runner: validator([{ path: 'gateway.auth', message: 'Unrecognized key: "token"' }]) });
  const out = await applyAction({ type: 'remove-config-key' }, t.ctx);
  assert.equal(out.applied, false);
  assert.match(out.detail, /never removed on its own: gateway\.auth\.token/);
  assert.equal(t.config().gateway.auth?.token, 's3cret-token');
  const named = await applyAction({ type: 'remove-config-key', key: 'gateway.auth.token' }, t.ctx);
  assert.equal(named.applied, false, 'not even when a case names it');
});

test('a validator answer for another file, or not OpenClaw\'s JSON, is not trusted', () => {
  const body = (path: string) => JSON.stringify({ valid: false, path, issues: [{ path: '<root>', message: 'Unrecognized key: "nope"' }] });
  assert.deepEqual(unknownKeysFromValidate(body('/cfg/openclaw.json'), '/cfg/openclaw.json'), ['nope']);
  assert.equal(unknownKeysFromValidate(body('/other/openclaw.json'), '/cfg/openclaw.json'), undefined);
  assert.equal(unknownKeysFromValidate('Unrecognized key: "nope"', '/cfg/openclaw.json'), undefined);
  assert.deepEqual(unknownKeysFromValidate(JSON.stringify({ valid: true, issues: [] }), '/cfg/openclaw.json'), []);
});

test('without a validator: the refusal in the gateway\'s own output (exact format) is used, log lines never', async () => {
  const refusal = ['2026-11-25T13:00:50.195+00:00 Gateway failed to start: Invalid config at /x/openclaw.json:', 'openclaw.json:1 — gateway: Unrecognized key: "bogus"', '<root>: Unrecognized key: "nope"', 'gateway.auth: Unrecognized key: "token"'];
  const fromLog = setup({ logLines: refusal, exitCode: 78 });
  assert.equal((await applyAction({ type: 'remove-config-key' }, fromLog.ctx)).applied, false, 'the file log is not the gateway\'s own output');
  const own = setup({ lastOutput: refusal, exitCode: 78 });
  const out = await applyAction({ type: 'remove-config-key' }, own.ctx);
  assert.equal(out.applied, true, out.detail);
  assert.equal(own.config().gateway.bogus, undefined);
  assert.equal(own.config().nope, undefined);
  assert.equal(own.config().gateway.auth?.token, 's3cret-token');
  const running = setup({ lastOutput: refusal, exitCode: 143 });
  assert.equal((await applyAction({ type: 'remove-config-key' }, running.ctx)).applied, false, 'not after an exit that was no config refusal');
});

test('the real `openclaw config validate` names the key; a hostile log line does not', { skip: !hasTestbed() && 'the test bed is not installed' }, async () => {
  const home = mkdtempSync(join(tmpdir(), 'clawdoc-ukey-home-'));
  mkdirSync(join(home, 'state'), { recursive: true });
  const env = { PATH: `${NODE_BIN_DIR}${delimiter}${process.env.PATH ?? ''}`, HOME: home, OPENCLAW_STATE_DIR: join(home, 'state') };
  const t = setup({ openclawPath: OPENCLAW_BIN, env, logLines: hostile, config: '{ gateway: { mode: "local", port: 18790, bind: "loopback", auth: { mode: "token", token: "s3cret-token" }, bogus: 1 } }\n' });
  const out = await applyAction({ type: 'remove-config-key' }, t.ctx);
  assert.equal(out.applied, true, out.detail);
  assert.match(out.detail, /removed gateway\.bogus \(named by `openclaw config validate`/);
  assert.equal(t.config().gateway.auth?.token, 's3cret-token');
  assert.equal(t.config().gateway.bogus, undefined);
});
