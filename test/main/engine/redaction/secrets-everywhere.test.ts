// Secrets planted everywhere a watcher meets text — OpenClaw's config (gateway token, provider key), the
// gateway's environment, the gateway's own output, OpenClaw's file log, a pasted error text, a webhook
// URL — never reach a file in the data dir (except the user's own settings/secrets and the backups of
// their config) nor any CLI output. Real processes: `clawdoc watch --manage child` with an `openclaw`
// that prints secrets and dies, then the CLI as a user runs it.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import JSON5 from 'json5';
import { after, test } from 'node:test';
import { makeSandbox, runWatch, teardown, type ClawdocRun, type GatewaySandbox } from '../../../helpers/gateway.js';
import { clawdoc, writeSettings } from '../doctor/doctor-helpers.js';

const SECRETS = {
  gatewayToken: 'gwtok-7f3a9c1e5b2d8f4a6c0e',
  providerKey: 'sk-live-PLANTEDproviderKEY123456',
  envSecret: 'envsecret-Q9w8E7r6T5y4U3i2',
  outputToken: 'outtok-Z1x2C3v4B5n6M7a8S9',
  logPassword: 'logpass-P0o9I8u7Y6t5R4e3',
  pastedToken: 'pasted-K1j2H3g4F5d6S7a8',
  webhookToken: 'hooktok0123456789abcdefXYZ',
};

let sb: GatewaySandbox | undefined;
const runs: ClawdocRun[] = [];
after(async () => {
  if (sb) await teardown(sb, runs);
});

/**
 * Not ClawDoc's text: files the user keeps secrets in on purpose, copies of their own config (a restore
 * must give back the real token), and logs/gateway.log — the gateway's own output, written by the
 * gateway through its file descriptor like OpenClaw's own log (owner-only, checked below).
 */
const USER_FILES = /^(settings\.json|settings\.last-good\.json|settings\.pre-.*|secrets\.json|backups\/.*|snapshots\/.*|logs\/gateway\.log(\.\d+)?)$/;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...filesUnder(p));
    else if (st.isFile()) out.push(p);
  }
  return out;
}

function leaks(text: string): string[] {
  return Object.entries(SECRETS).filter(([, v]) => text.includes(v)).map(([k]) => k);
}

test('planted secrets reach no data-dir file and no CLI output', { timeout: 240_000 }, async () => {
  sb = await makeSandbox('secrets');
  // OpenClaw's config with credentials, and a file log line that quotes one.
  const cfg = JSON5.parse(readFileSync(sb.configPath, 'utf8')) as Record<string, Record<string, unknown>>;
  cfg.gateway = { ...cfg.gateway, auth: { mode: 'token', token: SECRETS.gatewayToken } };
  cfg.models = { providers: { openai: { apiKey: SECRETS.providerKey } } };
  writeFileSync(sb.configPath, JSON.stringify(cfg, null, 2));
  const logDir = join(sb.dir, 'openclaw-logs');
  mkdirSync(logDir, { recursive: true });
  // An `openclaw` that prints the token and a key in its own output, then dies.
  const bin = join(sb.dir, 'openclaw');
  writeFileSync(bin, `#!/bin/sh\necho "[gateway] auth token ${SECRETS.gatewayToken} rejected by upstream"\necho "Authorization: Bearer ${SECRETS.outputToken}"\necho "provider key ${SECRETS.providerKey} invalid"\necho "env ${SECRETS.envSecret}"\nexit 1\n`);
  chmodSync(bin, 0o755);
  writeSettings(sb, {
    gateway: { env: { MY_SERVICE_SECRET: SECRETS.envSecret } },
    doctor: { extraLogFiles: [join(logDir, 'extra.log')] },
    alerts: { channels: [{ name: 'ops', type: 'dingtalk', url: `https://oapi.dingtalk.com/robot/send?access_token=${SECRETS.webhookToken}` }] },
  });
  writeFileSync(join(logDir, 'extra.log'), `2026-11-25T10:00:00Z error: login failed password=${SECRETS.logPassword}\n`);

  const run = runWatch(sb, ['--openclaw', bin]);
  runs.push(run);
  await run.waitForEvent((e) => e.type === 'exited', 60_000, 'the gateway died printing secrets');
  await run.waitForEvent((e) => e.type === 'backoff' || e.type === 'escalated', 60_000, 'the watcher acted');

  const outputs: Record<string, string> = {};
  for (const args of [['status', '--json'], ['status'], ['history', '--json'], ['history'], ['diagnose', '--json'], ['diagnose'], ['proposals', '--all', '--json'], ['stats', '--json'], ['settings', 'show'], ['settings', 'get', 'alerts'], ['notify', 'list'], ['changes', '--json']]) {
    const r = await clawdoc(sb, args);
    outputs[args.join(' ')] = r.stdout + r.stderr;
  }
  const pasted = `Error: upstream said 401 for token=${SECRETS.pastedToken}\nAuthorization: Bearer ${SECRETS.outputToken}\nGateway failed to start: gateway.mode is missing`;
  for (const args of [['diagnose', pasted, '--json'], ['diagnose', pasted]]) {
    const r = await clawdoc(sb, args);
    outputs[`diagnose <pasted>${args.includes('--json') ? ' --json' : ''}`] = r.stdout + r.stderr;
  }
  await run.stop('SIGTERM');
  outputs['watch output'] = run.output.join('\n');

  for (const [what, text] of Object.entries(outputs)) assert.deepEqual(leaks(text), [], `clawdoc ${what} leaks`);
  const dataFiles = filesUnder(sb.dataDir).filter((f) => !USER_FILES.test(relative(sb!.dataDir, f)));
  assert.ok(dataFiles.some((f) => f.endsWith('history.jsonl')) && dataFiles.some((f) => f.endsWith('state.json')) && dataFiles.some((f) => f.endsWith('doctor-records.jsonl')), 'the watcher wrote its files');
  for (const f of filesUnder(sb.dataDir)) if (process.platform !== 'win32') assert.equal(statSync(f).mode & 0o077, 0, `${relative(sb.dataDir, f)} is owner-only`);
  for (const f of dataFiles) {
    assert.deepEqual(leaks(readFileSync(f, 'latin1')), [], `${relative(sb.dataDir, f)} leaks`);
  }
  if (process.platform !== 'win32') assert.equal(statSync(sb.dataDir).mode & 0o077, 0, 'the data dir is owner-only');
  // The evidence is still useful: the gateway's words are there, only the secrets are masked.
  assert.match(readFileSync(join(sb.dataDir, 'state.json'), 'utf8'), /rejected by upstream/);
});
