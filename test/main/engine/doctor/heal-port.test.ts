// Real gateway: the port held by a stale OpenClaw gateway (healed), by another program (never touched,
// escalated by name, started once the port is free), and autoHeal=off (a proposal waits; approve applies it).
// One sandbox; the watcher is restarted between scenarios.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { probeGateway } from '../../../../src/main/engine/gateway/probe.js';
import { hasTestbed, isAlive, isHealthyEvent, killGroup, makeSandbox, OPENCLAW_BIN, runWatch, sleep, waitUntil, type ClawdocRun, type GatewaySandbox } from '../../../helpers/gateway.js';
import { clawdoc, doctorPhase, safeTeardown, waitAfter, writeSettings } from './doctor-helpers.js';

const skip = !hasTestbed() && 'the test bed (testbed/node_modules/openclaw) is not installed';
let sb: GatewaySandbox;
const runs: ClawdocRun[] = [];
const extra: ChildProcess[] = [];
// A short startup grace so the hung stale gateway is acted on soon; still long enough for a cold start here.
const fast = { startupGraceSec: 25, probeTimeoutSec: 2, intervalSec: 1 };

before(async () => {
  if (skip) return;
  sb = await makeSandbox('doctor-port');
});

after(async () => {
  if (skip || !sb) return;
  for (const p of extra) killGroup(p.pid);
  await safeTeardown(sb, runs);
});

async function stopWatch(run: ClawdocRun): Promise<void> {
  await run.stop('SIGTERM');
}

test('the port held by a stale OpenClaw gateway that ClawDoc did not start → healthy', { skip }, async () => {
  writeSettings(sb, { watch: fast, doctor: { fixVerifyTimeoutSec: 60 } });
  const stale = spawn(OPENCLAW_BIN, ['gateway', 'run', '--port', String(sb.port)], { env: sb.env, detached: true, stdio: 'ignore' });
  extra.push(stale);
  const target = { host: '127.0.0.1', port: sb.port, timeoutMs: 1000 };
  await waitUntil(async () => (await probeGateway(target)).verdict === 'healthy', 90_000, 'the hand-started gateway healthy');
  killGroup(stale.pid, 'SIGSTOP'); // hung: holds the port, answers nothing
  const run = runWatch(sb);
  runs.push(run);
  try {
  const esc = await run.waitForEvent((e) => e.type === 'escalated', 90_000, 'escalated: port held');
  assert.equal((esc.details as { cause: string }).cause, 'port-foreign');
  const diag = await run.waitForEvent(doctorPhase('diagnosis'), 10_000, 'a diagnosis');
  assert.match(diag.reason, /port-stale-openclaw/);
  await run.waitForEvent(doctorPhase('verified'), 90_000, 'the stale gateway replaced');
  await run.waitForEvent(isHealthyEvent, 10_000, 'healthy');
  assert.equal(isAlive(stale.pid!), false, 'the stale gateway is gone');
  assert.notEqual(run.gatewayPid(), stale.pid);
  } finally {
    await stopWatch(run);
  }
});

test('the port held by another program → untouched, named in the escalation, gateway starts once the port is free', { skip }, async () => {
  for (const r of runs) killGroup(r.gatewayPid(), 'SIGTERM');
  await waitUntil(async () => (await probeGateway({ host: '127.0.0.1', port: sb.port, timeoutMs: 500 })).verdict === 'refused', 20_000, 'the port free');
  const squatter = spawn(process.execPath, ['-e', `require('http').createServer((q,s)=>s.end('not openclaw')).listen(${sb.port},'127.0.0.1')`], { stdio: 'ignore', detached: true });
  extra.push(squatter);
  await waitUntil(async () => (await probeGateway({ host: '127.0.0.1', port: sb.port, timeoutMs: 500 })).verdict === 'foreign', 10_000, 'the squatter listening');
  const run = runWatch(sb);
  runs.push(run);
  try {
  const esc = await run.waitForEvent((e) => e.type === 'escalated', 30_000, 'escalated: foreign port');
  assert.match(esc.reason, new RegExp(`pid ${squatter.pid}`), 'the escalation names the program');
  const diag = await run.waitForEvent(doctorPhase('diagnosis'), 10_000, 'a diagnosis');
  assert.match(diag.reason, /port-foreign-program/);
  await run.waitForEvent(doctorPhase('escalate'), 10_000, 'handed to a person');
  await sleep(3000);
  assert.ok(isAlive(squatter.pid!), 'the other program is untouched');
  killGroup(squatter.pid, 'SIGTERM');
  await run.waitForEvent(isHealthyEvent, 90_000, 'the gateway started once the port was free');
  } finally {
    killGroup(squatter.pid, 'SIGTERM');
    await stopWatch(run);
  }
});

test('autoHeal off → a proposal waits; `clawdoc approve` applies it', { skip }, async () => {
  writeSettings(sb, { watch: { intervalSec: 1 }, doctor: { autoHeal: 'off', fixVerifyTimeoutSec: 60 } });
  const run = runWatch(sb);
  runs.push(run);
  await run.waitForEvent(isHealthyEvent, 90_000, 'healthy (adopted)');
  const good = readFileSync(sb.configPath, 'utf8');
  const from = run.events.length;
  sb.writeConfig(good.slice(0, 30));
  killGroup(run.gatewayPid(), 'SIGKILL');
  const proposal = await waitAfter(run, from, doctorPhase('proposal'), 60_000, 'a proposal');
  const id = (proposal.details as { proposalId: string }).proposalId;
  await sleep(1500);
  assert.ok(!run.events.slice(from).some(doctorPhase('apply')), 'nothing applied without approval');
  const listed = await clawdoc(sb, ['proposals', '--json']);
  assert.ok((JSON.parse(listed.stdout) as { id: string }[]).some((p) => p.id === id));
  const approved = await clawdoc(sb, ['approve', id]);
  assert.equal(approved.code, 0, approved.stderr);
  await waitAfter(run, from, doctorPhase('verified'), 90_000, 'the approved fix verified');
  await waitAfter(run, from, isHealthyEvent, 10_000, 'healthy');
  assert.equal(readFileSync(sb.configPath, 'utf8'), good);
  const after = await clawdoc(sb, ['proposals', '--all', '--json']);
  assert.equal((JSON.parse(after.stdout) as { id: string; status: string }[]).find((p) => p.id === id)?.status, 'applied');
});
