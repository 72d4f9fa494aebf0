// The CLI drives a running `clawdoc watch` (real gateway) through the control channel: a settings change
// takes effect in the running watcher at once (its probe interval), and `clawdoc approve` gets the fix
// applied within a second (no file polling). One sandbox and one watcher for both.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { RuntimeStatus } from '../../../src/shared/api.js';
import { watcherClient } from '../../../src/main/engine/control/control-channel.js';
import { hasTestbed, isHealthyEvent, killGroup, makeSandbox, runWatch, sleep, type ClawdocRun, type GatewaySandbox } from '../../helpers/gateway.js';
import { clawdoc, doctorPhase, safeTeardown, waitAfter, writeSettings } from '../engine/doctor/doctor-helpers.js';

const skip = !hasTestbed() && 'the test bed (testbed/node_modules/openclaw) is not installed';
let sb: GatewaySandbox;
let run: ClawdocRun;
const runs: ClawdocRun[] = [];

before(async () => {
  if (skip) return;
  sb = await makeSandbox('live-control');
  writeSettings(sb, { watch: { intervalSec: 5 }, doctor: { fixVerifyTimeoutSec: 60 } });
  run = runWatch(sb);
  runs.push(run);
  await run.waitForEvent(isHealthyEvent, 90_000, 'healthy');
});

after(async () => {
  if (skip || !sb) return;
  await safeTeardown(sb, runs);
});

/** How many distinct probes the running watcher reports over `ms` (its live status, asked every 100 ms). */
async function probesOver(ms: number): Promise<number> {
  const api = watcherClient(sb.dataDir);
  const seen = new Set<number>();
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const s: RuntimeStatus = await api.status();
    assert.equal(s.watching, true);
    if (s.gateway?.lastProbe) seen.add(s.gateway.lastProbe.at);
    await sleep(100);
  }
  return seen.size;
}

test('`clawdoc settings set watch.intervalSec` changes the running watcher\'s probe interval', { skip }, async () => {
  const slow = await probesOver(4000);
  assert.ok(slow <= 2, `every 5 s: at most 2 probes in 4 s, saw ${slow}`);
  const set = await clawdoc(sb, ['settings', 'set', 'watch.intervalSec', '0.5']);
  assert.equal(set.code, 0, set.stderr);
  const fast = await probesOver(4000);
  assert.ok(fast >= 5, `every 0.5 s: at least 5 probes in 4 s, saw ${fast}`);
  assert.ok(run.output.some((l) => /settings changed: watch\.intervalSec/.test(l)), 'the watcher says so');
  assert.equal(JSON.parse(readFileSync(`${sb.dataDir}/settings.json`, 'utf8')).watch.intervalSec, 0.5, 'and it is saved');
  // An invalid change is refused whole and the watcher keeps its settings.
  const bad = await clawdoc(sb, ['settings', 'set', 'watch.intervalSec', '0.01']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /watch\.intervalSec/);
  assert.ok((await probesOver(2000)) >= 2, 'still probing at the new interval');
});

test('`clawdoc approve` through the control channel: the watcher starts applying the fix within a second', { skip }, async () => {
  const set = await clawdoc(sb, ['settings', 'set', 'doctor.autoHeal', 'off']);
  assert.equal(set.code, 0, set.stderr);
  const good = readFileSync(sb.configPath, 'utf8');
  const from = run.events.length;
  sb.writeConfig(good.slice(0, 30));
  killGroup(run.gatewayPid(), 'SIGKILL');
  const proposal = await waitAfter(run, from, doctorPhase('proposal'), 60_000, 'a proposal');
  const id = (proposal.details as { proposalId: string }).proposalId;
  await sleep(1000);
  assert.ok(!run.events.slice(from).some(doctorPhase('apply')), 'nothing applied without approval');
  const approved = await clawdoc(sb, ['approve', id]);
  const answeredAt = Date.now();
  assert.equal(approved.code, 0, approved.stderr);
  assert.match(approved.stdout, /the watcher applies it now/);
  await waitAfter(run, from, doctorPhase('approved'), 1000, 'the approved fix started within a second');
  assert.ok(Date.now() - answeredAt <= 1000);
  await waitAfter(run, from, doctorPhase('verified'), 90_000, 'the approved fix verified');
  await waitAfter(run, from, isHealthyEvent, 30_000, 'healthy');
  assert.equal(readFileSync(sb.configPath, 'utf8'), good);
});
