// `clawdoc watch --manage child` with an `openclaw` that dies on every start (a real wrapper script,
// default settings, real time): the crash loop is escalated and the doctor runs; a death the doctor
// recognises (OpenClaw on a too-old Node) is escalated at the first exit; and what the gateway printed
// is in the watch, in state.json and in live `clawdoc diagnose`, even with the doctor off.
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { WatchLine } from '../../../helpers/gateway.js';
import { makeSandbox, runWatch, sleep, teardown, type ClawdocRun, type GatewaySandbox } from '../../../helpers/gateway.js';
import { clawdoc, doctorPhase, writeSettings } from '../doctor/doctor-helpers.js';

// The first line is what OpenClaw prints on Node 20 (observed on this machine with the test bed).
const NODE_TOO_OLD = [
  'openclaw: Node 20.20.2: node:sqlite is unavailable; use 24.16+/26.1+ or a build with the fix.',
  'If you use nvm, run:',
  '  nvm install 26',
  '  nvm use 26',
  '  nvm alias default 26',
];

/** An `openclaw` that prints `lines` and exits 1 at once. */
function dyingOpenclaw(sb: GatewaySandbox, lines: string[]): string {
  const path = join(sb.dir, 'openclaw');
  writeFileSync(path, `#!/bin/sh\n${lines.map((l) => `echo ${JSON.stringify(l).replace(/`/g, '\\`').replace(/\$/g, '\\$')}`).join('\n')}\nexit 1\n`);
  chmodSync(path, 0o755);
  return path;
}

const exited = (e: WatchLine) => e.type === 'exited';
const starts = (e: WatchLine) => e.type === 'spawned' || e.type === 'restart';

describe('a gateway that exits on every start (real processes)', { concurrency: 1 }, () => {
  const cleanups: [GatewaySandbox, ClawdocRun[]][] = [];
  after(async () => {
    for (const [sb, runs] of cleanups) await teardown(sb, runs);
  });

  it('unknown cause, default settings: escalated as a crash loop after 5 starts (~2.2 min), then the doctor runs', { timeout: 300_000 }, async () => {
    const sb = await makeSandbox('crashloop');
    const bin = dyingOpenclaw(sb, ['[gateway] loading plugins', 'plugin registry: unexpected token in manifest (simulated)']);
    const run = runWatch(sb, ['--openclaw', bin]);
    cleanups.push([sb, [run]]);
    const first = await run.waitForEvent(exited, 30_000, 'the first exit');
    assert.match(first.reason, /exited with code 1 .*plugin registry: unexpected token/, 'the watch shows what the gateway said');
    const esc = await run.waitForEvent((e) => e.type === 'escalated', 200_000, 'the crash-loop escalation');
    assert.equal(esc.details?.cause, 'crash-loop');
    assert.ok(esc.ts - first.ts < 150_000, `escalated ${Math.round((esc.ts - first.ts) / 1000)} s after the first exit`);
    assert.equal(run.count(starts), 5);
    assert.deepEqual(run.events.filter((e) => e.type === 'backoff').map((e) => e.details?.delayMs), [10_000, 30_000, 90_000], 'the default backoff');
    const evidence = esc.details?.evidence as { lastOutput?: string[] };
    assert.ok(evidence.lastOutput?.some((l) => /plugin registry/.test(l)), 'the escalation carries the last output');
    // The doctor (level 3) takes the escalation: diagnoses it, and with no known case hands it to a person.
    const diag = await run.waitForEvent((e) => doctorPhase('diagnosis')(e) && e.ts >= esc.ts, 30_000, "the doctor's diagnosis");
    assert.match(diag.reason, /crash-loop|no known case/);
    await run.waitForEvent((e) => doctorPhase('gave-up')(e) && e.ts >= esc.ts, 60_000, 'handed to a person');
    await sleep(3_000);
    assert.equal(run.count(starts), 5, 'no restart after the escalation');
    assert.equal(run.state()?.status?.state, 'escalated');
  });

  it('OpenClaw on a too-old Node, doctor off: the output is in the watch, in state.json and in live `clawdoc diagnose`', { timeout: 120_000 }, async () => {
    const sb = await makeSandbox('nodeold-l2');
    writeSettings(sb, { doctor: { enabled: false } }); // level 2 alone: what the user saw before
    const run = runWatch(sb, ['--openclaw', dyingOpenclaw(sb, NODE_TOO_OLD)]);
    cleanups.push([sb, [run]]);
    const ex = await run.waitForEvent(exited, 30_000, 'the first exit');
    assert.match(ex.reason, /exited with code 1 .*node:sqlite is unavailable/);
    assert.deepEqual((ex.details?.lastOutput as string[]).slice(0, 1), NODE_TOO_OLD.slice(0, 1));
    await run.waitForEvent((e) => e.type === 'backoff', 30_000, 'the second crash backs off');
    const state = JSON.parse(readFileSync(join(sb.dataDir, 'state.json'), 'utf8')) as { status: { lastExit?: { code: number; lastOutput: string[] }; escalation?: unknown } };
    assert.equal(state.status.escalation, undefined, 'not escalated (the doctor is off)');
    assert.equal(state.status.lastExit?.code, 1);
    assert.ok(state.status.lastExit?.lastOutput.some((l) => /node:sqlite is unavailable/.test(l)));
    const d = await clawdoc(sb, ['diagnose', '--json']);
    assert.equal(d.code, 0, d.stderr);
    const out = JSON.parse(d.stdout) as { mode: string; candidates: { caseId: string; confidence: number }[] };
    assert.equal(out.mode, 'live');
    assert.equal(out.candidates[0]?.caseId, 'node-unsupported');
    assert.ok(out.candidates[0]!.confidence >= 0.9, `confidence ${out.candidates[0]!.confidence}`);
    const text = await clawdoc(sb, ['diagnose']);
    assert.match(text.stdout, /node-unsupported/);
  });

  it('OpenClaw on a too-old Node, defaults: recognised at the first exit and escalated at once; the doctor hands it to a person', { timeout: 120_000 }, async () => {
    const sb = await makeSandbox('nodeold');
    const run = runWatch(sb, ['--openclaw', dyingOpenclaw(sb, NODE_TOO_OLD)]);
    cleanups.push([sb, [run]]);
    const ex = await run.waitForEvent(exited, 30_000, 'the first exit');
    const seen = await run.waitForEvent(doctorPhase('exit-diagnosis'), 10_000, 'the doctor looked at the exit');
    assert.match(seen.reason, /node-unsupported/);
    const esc = await run.waitForEvent((e) => e.type === 'escalated', 10_000, 'escalated');
    assert.equal(esc.details?.cause, 'diagnosed');
    assert.ok(esc.ts - ex.ts < 5_000, `escalated ${esc.ts - ex.ts} ms after the exit`);
    assert.equal(run.count((e) => e.type === 'backoff' || e.type === 'restart'), 0, 'no backoff waited out, no blind restart');
    const diag = await run.waitForEvent(doctorPhase('diagnosis'), 30_000, "the doctor's diagnosis");
    assert.match(diag.reason, /node-unsupported/);
    const person = await run.waitForEvent(doctorPhase('escalate'), 30_000, 'handed to a person');
    assert.match(person.reason, /Node 24\.16\+ or 26\.1\+/);
    await sleep(3_000);
    assert.equal(run.count(starts), 1);
  });
});
