// Real gateway under `clawdoc watch --manage child`: config faults the doctor must heal by itself.
// One sandbox and one watcher for all three faults (and the rollback), to keep the machine quiet.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import JSON5 from 'json5';
import { hasTestbed, isHealthyEvent, killGroup, makeSandbox, runWatch, type ClawdocRun, type GatewaySandbox } from '../../../helpers/gateway.js';
import { clawdoc, doctorPhase, safeTeardown, waitAfter, writeSettings } from './doctor-helpers.js';

const skip = !hasTestbed() && 'the test bed (testbed/node_modules/openclaw) is not installed';
let sb: GatewaySandbox;
let run: ClawdocRun;
let good: string;

before(async () => {
  if (skip) return;
  sb = await makeSandbox('doctor-cfg');
  // A short stable run resets the crash backoff, so each injected fault is restarted at once.
  writeSettings(sb, { watch: { intervalSec: 1 }, restart: { stableRunMin: 0.02 }, doctor: { fixVerifyTimeoutSec: 60 } });
  good = readFileSync(sb.configPath, 'utf8');
  run = runWatch(sb);
  await run.waitForEvent(isHealthyEvent, 90_000, 'the gateway healthy at first');
  await run.waitForEvent(doctorPhase('snapshot'), 10_000, 'a known-good snapshot');
});

after(async () => {
  if (skip || !sb) return;
  await safeTeardown(sb, [run]);
});

/** Breaks the config, then kills the gateway so the watchdog restarts it into the fault. */
async function injectFault(text: string): Promise<number> {
  const from = run.events.length;
  sb.writeConfig(text);
  const pid = run.gatewayPid();
  assert.ok(pid, 'a gateway pid');
  killGroup(pid, 'SIGKILL');
  return from;
}

async function healed(from: number, what: string): Promise<{ ms: number }> {
  const t0 = Date.now();
  await waitAfter(run, from, doctorPhase('verified'), 90_000, `${what}: the doctor verified its fix`);
  await waitAfter(run, from, isHealthyEvent, 10_000, `${what}: healthy again`);
  return { ms: Date.now() - t0 };
}

test('truncated config → healthy again with the last good config, the bad file kept', { skip }, async () => {
  const truncated = good.slice(0, 25);
  const from = await injectFault(truncated);
  // The pre-start config check usually catches it before the doomed start; otherwise exit 78 escalates.
  const diag = await waitAfter(run, from, doctorPhase('diagnosis'), 30_000, 'a diagnosis');
  assert.match(diag.reason, /config-truncated/);
  await healed(from, 'truncated');
  assert.equal(readFileSync(sb.configPath, 'utf8'), good, 'the last good config is back');
  const kept = readdirSync(sb.stateDir).filter((n) => n.startsWith('openclaw.json.broken-'));
  assert.ok(kept.length >= 1, 'the broken file is kept beside the config');
  assert.ok(kept.some((n) => readFileSync(`${sb.stateDir}/${n}`, 'utf8') === truncated), 'with the truncated content');
});

test('a fix that does not help is rolled back, then the next candidate heals (gateway.mode removed)', { skip }, async () => {
  // A user case that outranks the built-in one and whose fix does not help: it must be rolled back.
  const useless = {
    id: 'test-useless-fix',
    title: { en: 'useless', zh: '无用' },
    description: { en: 'a fix that does not help', zh: '无用的修复' },
    severity: 'low',
    priority: 100,
    match: { signatures: ['existing config is missing gateway.mode'], findings: ['gateway-mode-missing'] },
    // A key ClawDoc may set by itself (a bind-address key would now wait for approval: security).
    fix: [{ type: 'set-config-key', key: 'gateway.reload.mode', value: 'off' }],
  };
  const added = await clawdoc(sb, ['cases', 'add', JSON.stringify(useless)]);
  assert.equal(added.code, 0, added.stderr);
  const cfg = JSON5.parse(good) as { gateway: Record<string, unknown> };
  delete cfg.gateway.mode;
  const noMode = `${JSON.stringify(cfg, null, 2)}\n`;
  const from = await injectFault(noMode);
  const rollback = await waitAfter(run, from, doctorPhase('rollback'), 60_000, 'the useless fix rolled back');
  assert.equal((rollback.details as { caseId: string }).caseId, 'test-useless-fix');
  await healed(from, 'missing mode');
  const now = JSON5.parse(readFileSync(sb.configPath, 'utf8')) as { gateway: Record<string, unknown> };
  assert.equal(now.gateway.mode, 'local');
  assert.equal(now.gateway.reload, undefined, 'the useless change was rolled back');
  assert.equal(now.gateway.port, sb.port, 'the rest of the file is kept');
  const removed = await clawdoc(sb, ['cases', 'remove', 'test-useless-fix']);
  assert.equal(removed.code, 0, removed.stderr);
});

test('an unknown key added → removal proposed (removing a key waits for approval), approved → healthy, recorded and undoable', { skip }, async () => {
  const cfg = JSON5.parse(readFileSync(sb.configPath, 'utf8')) as { gateway: Record<string, unknown> };
  cfg.gateway.bogusKey = true;
  const from = await injectFault(`${JSON.stringify(cfg, null, 2)}\n`);
  const diag = await waitAfter(run, from, doctorPhase('diagnosis'), 30_000, 'a diagnosis');
  assert.match(diag.reason, /config-unknown-key/);
  const proposal = await waitAfter(run, from, doctorPhase('proposal'), 30_000, 'the removal proposed');
  assert.equal((proposal.details as { caseId: string }).caseId, 'config-unknown-key');
  assert.ok(JSON5.parse(readFileSync(sb.configPath, 'utf8')).gateway.bogusKey, 'nothing removed before approval');
  const approved = await clawdoc(sb, ['approve', (proposal.details as { proposalId: string }).proposalId]);
  assert.equal(approved.code, 0, approved.stderr);
  await healed(from, 'unknown key');
  const now = JSON5.parse(readFileSync(sb.configPath, 'utf8')) as { gateway: Record<string, unknown> };
  assert.equal(now.gateway.bogusKey, undefined);
  const changes = await clawdoc(sb, ['changes', '--json']);
  const list = JSON.parse(changes.stdout) as { id: string; what: string; backup?: string }[];
  const change = list.find((c) => /remove gateway\.bogusKey/.test(c.what));
  assert.ok(change, 'the removal is recorded');
  assert.ok(change.backup && existsSync(change.backup), 'with a backup');
  const stats = await clawdoc(sb, ['stats', '--json']);
  const s = JSON.parse(stats.stdout) as { healed: number; cases: { id: string; successes: number }[] };
  assert.ok(s.healed >= 3, `healed ${s.healed}`);
  assert.ok(s.cases.find((c) => c.id === 'config-unknown-key')?.successes === 1);
});
