// The doctor's orchestration against a fake watchdog (no gateway): proposals under autoHeal=safe,
// rollback when a fix does not help, and `openclaw doctor --fix` (through a fake runner) under autoHeal=all.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Escalation } from '../../../../src/shared/status.js';
import type { DoctorOptions } from '../../../../src/main/engine/doctor/doctor.js';
import { SnapshotStore } from '../../../../src/main/engine/doctor/snapshots.js';
import type { Runner } from '../../../../src/main/engine/util/exec.js';
import { doctorOnFakeWatchdog, GOOD_CONFIG as GOOD, type FakeWatchdog } from './fake-watchdog.js';

const TRUNCATED = '{ gateway: { mo';
/** What a refused start (exit 78) of the truncated config looks like to the doctor. */
const REFUSED: Escalation['evidence'] = { exitCode: 78, lastOutput: ['Gateway start blocked: existing config is missing gateway.mode. Treat this as suspicious or clobbered config.'] };

function setup(autoHeal: 'safe' | 'all' | 'off', runner?: Runner, extra: Partial<DoctorOptions> = {}) {
  const t = doctorOnFakeWatchdog({ config: TRUNCATED, settings: { doctor: { autoHeal, fixVerifyTimeoutSec: 5 } }, extra: { runner, ...extra } });
  return { ...t, refuse: () => t.wd.escalate('config-refused', REFUSED, 'exit 78') };
}

test('truncated config without any snapshot: openclaw doctor --fix waits for approval (autoHeal=safe)', async () => {
  const t = setup('safe');
  t.refuse();
  await t.until(() => t.phase('proposal').length === 1, 'a proposal');
  const pending = t.doctor.proposals.list().filter((p) => p.status === 'pending');
  assert.equal(pending.length, 1);
  assert.equal(pending[0]!.action.type, 'openclaw-doctor-fix');
  assert.equal(t.wd.restarts.length, 0, 'nothing ran');
  assert.equal(readFileSync(t.configPath, 'utf8'), TRUNCATED);
  t.doctor.dispose();
});

test('a fix that does not help is rolled back; the next candidate is tried; records say so', async () => {
  const t = setup('safe');
  new SnapshotStore(join(t.dir, 'data')).save(GOOD, t.configPath);
  t.wd.next = 'refused';
  t.refuse();
  await t.until(() => t.phase('rollback').length === 1 && t.phase('proposal').length === 1, 'rolled back, then proposed the next fix');
  assert.equal(readFileSync(t.configPath, 'utf8'), TRUNCATED, 'the restore was undone');
  const rec = t.doctor.records.recent()[0]!;
  assert.equal(rec.outcome, 'proposed');
  const restore = rec.attempts.find((a) => a.action.type === 'restore-snapshot')!;
  assert.equal(restore.outcome, 'not-healed');
  assert.equal(restore.rolledBack?.length, 1);
  assert.equal(t.doctor.store.statsFor('config-truncated').attempts, 1);
  assert.equal(t.doctor.store.statsFor('config-truncated').successes, 0);
  t.doctor.dispose();
});

test('autoHeal=all runs openclaw doctor --fix after taking a backup; a verified heal counts as a success', async () => {
  let ran: string[] = [];
  let cfgPath = '';
  const runner: Runner = async (file, args) => {
    ran = [file, ...args];
    writeFileSync(cfgPath, GOOD); // what a successful `openclaw doctor --fix` would do
    return { code: 0, signal: null, stdout: 'fixed', stderr: '', timedOut: false };
  };
  const t = setup('all', runner);
  cfgPath = t.configPath;
  t.refuse();
  await t.until(() => t.phase('verified').length === 1, 'verified');
  assert.deepEqual(ran.slice(1), ['doctor', '--fix', '--non-interactive', '--yes']);
  const change = t.doctor.changes.list().at(-1)!;
  assert.equal(readFileSync(change.backup!, 'utf8'), TRUNCATED, "ClawDoc's own backup of the broken file");
  assert.equal(t.doctor.store.statsFor('config-truncated').successes, 1);
  assert.equal(t.doctor.records.recent()[0]!.outcome, 'healed');
  assert.deepEqual(t.wd.held.at(-1), undefined, 'the watchdog is released');
  t.doctor.dispose();
});

test('autoHeal=off: only a proposal, and approving it applies it in the watcher', async () => {
  const t = setup('off');
  new SnapshotStore(join(t.dir, 'data')).save(GOOD, t.configPath);
  t.refuse();
  await t.until(() => t.phase('proposal').length === 1, 'a proposal');
  assert.equal(t.wd.restarts.length, 0);
  const p = t.doctor.proposals.list()[0]!;
  assert.equal(p.action.type, 'restore-snapshot');
  t.doctor.proposals.decide(p.id, true);
  void t.doctor.applyApproved(); // the runtime does this when a person approves
  await t.until(() => t.phase('verified').length === 1, 'applied after approval');
  assert.equal(readFileSync(t.configPath, 'utf8'), GOOD);
  assert.equal(t.doctor.proposals.get(p.id)?.status, 'applied');
  t.doctor.dispose();
});

// Observed in the recovery bench: after several kill -9s OpenClaw logs its own restart-loop breaker, and a config
// that lost gateway.mode then keeps the gateway down. The breaker's case fits its line exactly (confidence 1) but
// says "do not restart"; it must not outrank the fix of the cause and leave a dead gateway down.
const BREAKER_LINE = '2026-11-25T16:28:59.037+00:00 [gateway] gateway restart-loop breaker tripped: 5 unclean boot(s) within 300000ms; suppressing channel/provider account auto-start. Inspect the stability bundle';

function escalateWith(wd: FakeWatchdog, evidence: Escalation['evidence'], cause: Escalation['cause'] = 'diagnosed'): void {
  wd.escalate(cause, evidence, 'test');
}

test("a config fault after repeated kills: OpenClaw's breaker line does not outrank the fix; the gateway is started again", async () => {
  const t = setup('safe');
  const noMode = '{ gateway: { port: 18790 } }\n';
  writeFileSync(t.configPath, noMode);
  escalateWith(t.wd, { exitCode: null, signal: 'SIGKILL', lastOutput: [BREAKER_LINE, 'Gateway start blocked: existing config is missing gateway.mode. Treat this as suspicious or clobbered config.'] });
  await t.until(() => t.phase('verified').length === 1, 'the config fix was verified');
  const diagnosis = t.phase('diagnosis')[0]!;
  assert.match(diagnosis.reason, /^diagnosis: config-missing-mode/);
  assert.match(diagnosis.reason, /not the cause of a gateway that is down: openclaw-restart-loop/);
  assert.equal(t.phase('escalate').length, 0, 'no "do not restart" for a dead gateway');
  assert.equal(t.wd.restarts.length, 1, 'started again');
  assert.match(readFileSync(t.configPath, 'utf8'), /"?mode"?\s*:\s*"local"/);
  const rec = t.doctor.records.recent()[0]!;
  assert.equal(rec.outcome, 'healed');
  assert.deepEqual(rec.candidates.map((c) => c.caseId).slice(-1), ['openclaw-restart-loop'], 'kept in the record, after the cause');
  t.doctor.dispose();
});

test("a dead gateway with only OpenClaw's breaker line: no case says 'do not restart'; a person is told, nothing is proposed from it", async () => {
  const t = setup('safe');
  writeFileSync(t.configPath, GOOD);
  escalateWith(t.wd, { exitCode: null, signal: 'SIGKILL', lastOutput: [BREAKER_LINE] }, 'crash-loop');
  await t.until(() => t.phase('gave-up').length === 1, 'gave up');
  assert.equal(t.phase('escalate').length, 0);
  assert.match(t.phase('diagnosis')[0]!.reason, /no known case matches \(crash-loop\); not the cause of a gateway that is down: openclaw-restart-loop/);
  t.doctor.dispose();
});

test("a live gateway in OpenClaw's breaker: the breaker's case still applies (no restart, a person is told what to do)", async () => {
  const t = setup('safe', undefined, { manager: { mode: 'child', pid: () => process.pid, lastOutput: async () => [] } });
  writeFileSync(t.configPath, GOOD);
  escalateWith(t.wd, { lastOutput: [BREAKER_LINE], probe: { verdict: 'not-ready', at: Date.now(), latencyMs: 3, failing: ['irc'] } }, 'unhealthy-too-long');
  await t.until(() => t.phase('escalate').length === 1, 'escalated to a person');
  assert.match(t.phase('diagnosis')[0]!.reason, /^diagnosis: openclaw-restart-loop/);
  assert.equal(t.wd.restarts.length, 0, 'no restart into the breaker');
  t.doctor.dispose();
});
