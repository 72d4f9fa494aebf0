// The config-fault matrix under load: both cores saturated by busy loops this test starts, the real
// gateway under `clawdoc watch --manage child` with the DEFAULT settings. No heal may depend on a short
// wall-clock deadline: the watchdog awaits the doctor (exit check, pre-start repair), the doctor's
// verification gives a still-starting gateway its startup grace.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { after, before, test } from 'node:test';
import JSON5 from 'json5';
import { hasTestbed, isAlive, isHealthyEvent, killGroup, makeSandbox, runWatch, waitUntil, type ClawdocRun, type GatewaySandbox } from '../../../helpers/gateway.js';
import { doctorPhase, safeTeardown, waitAfter } from './doctor-helpers.js';

const skip = !hasTestbed() && 'the test bed (testbed/node_modules/openclaw) is not installed';
const HEAL_MS = 240_000;
let sb: GatewaySandbox;
const runs: ClawdocRun[] = [];
let run: ClawdocRun;
let good: string;
const load: ChildProcess[] = [];

/** One busy loop per core (at least 2), in their own processes. */
function startLoad(): void {
  for (let i = 0; i < Math.max(2, availableParallelism()); i++) {
    load.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  }
}

before(async () => {
  if (skip) return;
  sb = await makeSandbox('doctor-load');
  good = readFileSync(sb.configPath, 'utf8');
  run = runWatch(sb); // default settings
  runs.push(run);
  await run.waitForEvent(isHealthyEvent, 120_000, 'the gateway healthy at first');
  await run.waitForEvent(doctorPhase('snapshot'), 20_000, 'a known-good snapshot');
  startLoad();
});

after(async () => {
  for (const p of load) p.kill('SIGKILL');
  if (skip || !sb) return;
  await safeTeardown(sb, runs);
});

/** Breaks the config, then kills the gateway; waits until the doctor verified its fix and the gateway is healthy. */
async function faultHealed(what: string, brokenText: string | null): Promise<number> {
  assert.ok(load.every((p) => p.exitCode === null), 'the load is running');
  const from = run.events.length;
  if (brokenText === null) rmSync(sb.configPath);
  else sb.writeConfig(brokenText);
  const t0 = Date.now();
  killGroup(run.gatewayPid(), 'SIGKILL');
  await waitAfter(run, from, doctorPhase('verified'), HEAL_MS, `${what}: the doctor verified its fix`);
  await waitAfter(run, from, isHealthyEvent, 60_000, `${what}: healthy again`);
  const ms = Date.now() - t0;
  const late = run.events.slice(from).filter((e) => /has not finished after|going on without it/.test(e.reason));
  assert.deepEqual(late.map((e) => e.reason), [], 'no doctor hook ran into its safety net');
  assert.equal(run.events.slice(from).filter(doctorPhase('rollback')).length, 0, 'the right fix was not rolled back for being slow');
  console.log(`# ${what}: healed under load in ${Math.round(ms / 100) / 10} s`);
  return ms;
}

test('deleted config → restored under load', { skip, timeout: HEAL_MS + 90_000 }, async () => {
  await faultHealed('deleted', null);
  assert.equal(readFileSync(sb.configPath, 'utf8'), good);
});

test('truncated config → restored under load', { skip, timeout: HEAL_MS + 90_000 }, async () => {
  await faultHealed('truncated', good.slice(0, 25));
  assert.equal(readFileSync(sb.configPath, 'utf8'), good);
});

test('gateway.mode removed → repaired under load', { skip, timeout: HEAL_MS + 90_000 }, async () => {
  const cfg = JSON5.parse(good) as { gateway: Record<string, unknown> };
  delete cfg.gateway.mode;
  await faultHealed('mode removed', `${JSON.stringify(cfg, null, 2)}\n`);
  const now = JSON5.parse(readFileSync(sb.configPath, 'utf8')) as { gateway: Record<string, unknown> };
  assert.equal(now.gateway.mode, 'local');
});

test('a watcher started on a deleted config repairs it before the first start, under load', { skip, timeout: HEAL_MS + 90_000 }, async () => {
  await run.stop('SIGTERM');
  const pid = run.gatewayPid();
  killGroup(pid, 'SIGKILL');
  if (pid) await waitUntil(() => !isAlive(pid), 20_000, 'the old gateway gone');
  rmSync(sb.configPath);
  run = runWatch(sb);
  runs.push(run);
  const fix = await run.waitForEvent(doctorPhase('apply'), HEAL_MS, 'the pre-start fix');
  assert.equal((fix.details as { preStart?: boolean }).preStart, true);
  await run.waitForEvent(doctorPhase('verified'), HEAL_MS, 'verified by the start');
  await run.waitForEvent(isHealthyEvent, 60_000, 'healthy');
  // The newest known-good snapshot: the config as the previous repair left it (same content as at first).
  assert.deepEqual(JSON5.parse(readFileSync(sb.configPath, 'utf8')), JSON5.parse(good));
  assert.equal(run.count((e) => /has not finished after/.test(e.reason)), 0);
});
