// The real gateway under `clawdoc watch --manage child`, with the stub iflow as the AI: a fault no built-in
// case matches (agents.defaults.workspace under a regular file: OpenClaw's startup migrations refuse, exit
// 78), the AI is asked, proposes a catalogue action, it runs through the doctor's executor, the gateway is
// healthy again; the verified fix became a learned case, and the same fault again is fixed by that case
// without calling the AI. Then `clawdoc diagnose --ai` and `clawdoc ai test` through the running watcher.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import JSON5 from 'json5';
import { hasTestbed, isHealthyEvent, killGroup, makeSandbox, runWatch, type ClawdocRun, type GatewaySandbox, type WatchLine } from '../../../../helpers/gateway.js';
import { clawdoc, doctorPhase, safeTeardown, waitAfter, writeSettings } from '../doctor-helpers.js';
import { makeAiStubs, type AiStubs } from './ai-stubs.js';

const skip = !hasTestbed() && 'the test bed (testbed/node_modules/openclaw) is not installed';
let sb: GatewaySandbox;
let run: ClawdocRun;
let stubs: AiStubs;
let good: string;

const PLAN = {
  summary: "OpenClaw's startup migrations cannot read the agent workspace",
  rootCause: 'agents.defaults.workspace points below a regular file, so the workspace-state migration refuses and the gateway will not report ready',
  confidence: 0.7,
  actions: [{ type: 'restore-snapshot' }],
  advice: ['point agents.defaults.workspace at a directory', 'openclaw doctor --fix'],
};

/** What OpenClaw 2026.9.6 prints for this fault (seen on the test bed), paths shortened. */
const FAULT_SAMPLE = [
  'Gateway failed to start: OpenClaw startup migrations did not complete cleanly; refusing to report the gateway ready.',
  '- Doctor cannot repair this state: Failed reading legacy workspace state at /x/ws/openclaw-workspace-state.json: root dir not found.',
  'Run "openclaw doctor --fix" against the same state/config, then restart the gateway.',
  '[gateway] requires state migration. Stop the service with openclaw gateway stop (or its service owner), then run openclaw doctor --fix, then start it again with openclaw gateway start.',
  'gateway exited with code 78',
].join('\n');

before(async () => {
  if (skip) return;
  sb = await makeSandbox('ai-heal');
  stubs = makeAiStubs(sb.dir);
  stubs.setPlan(PLAN);
  stubs.setMode('prose');
  writeSettings(sb, {
    watch: { intervalSec: 1 },
    restart: { stableRunMin: 0.02 },
    doctor: { fixVerifyTimeoutSec: 90 },
    ai: { provider: 'iflow', command: stubs.iflow, timeoutSec: 60, maxCallsPerHour: 20 },
  });
  good = readFileSync(sb.configPath, 'utf8');
  // The point here is the AI path: should the library ever learn this fault as a built-in case (other work
  // adds cases), the user-side removal keeps it unknown here; the test still checks no case matches.
  const sample = await clawdoc(sb, ['diagnose', '--json', FAULT_SAMPLE]);
  for (const c of (JSON.parse(sample.stdout) as { candidates: { caseId: string; confidence: number }[] }).candidates) {
    if (c.confidence >= 0.25) {
      process.stderr.write(`# note: built-in case ${c.caseId} (${c.confidence}) matches the sample of this fault; removed for this test\n`);
      await clawdoc(sb, ['cases', 'remove', c.caseId]);
    }
  }
  run = runWatch(sb);
  await run.waitForEvent(isHealthyEvent, 90_000, 'the gateway healthy at first');
  await run.waitForEvent(doctorPhase('snapshot'), 10_000, 'a known-good snapshot');
});

after(async () => {
  if (skip || !sb) return;
  await safeTeardown(sb, [run]);
});

/** The fault: the agent workspace below a regular file (valid config; the gateway refuses at start). */
async function injectUnknownFault(): Promise<number> {
  const from = run.events.length;
  const file = join(sb.dir, 'not-a-dir');
  writeFileSync(file, 'a file, not a directory\n');
  const cfg = JSON5.parse(good) as Record<string, unknown>;
  cfg.agents = { defaults: { workspace: join(file, 'ws') } };
  sb.writeConfig(`${JSON.stringify(cfg, null, 2)}\n`);
  const pid = run.gatewayPid();
  assert.ok(pid, 'a gateway pid');
  killGroup(pid, 'SIGKILL');
  return from;
}

const details = (e: WatchLine) => e.details as Record<string, unknown>;

test('an unknown fault: the AI proposes a catalogue action, it runs, healthy; learned, and the next time no AI is called', { skip }, async () => {
  const from = await injectUnknownFault();
  const diag = await waitAfter(run, from, doctorPhase('diagnosis'), 60_000, 'a diagnosis');
  const candidates = (details(diag).candidates as { caseId: string; confidence: number }[]) ?? [];
  assert.ok(!candidates.some((c) => c.confidence >= 0.5), `no case matches confidently: ${JSON.stringify(candidates)}`);
  const ai = await waitAfter(run, from, doctorPhase('ai'), 120_000, 'the AI asked');
  assert.equal(details(ai).ok, true, String(details(ai).error));
  assert.deepEqual(details(ai).actions, [{ type: 'restore-snapshot' }]);
  assert.equal(stubs.calls().length, 1, 'one AI call');
  const prompt = stubs.lastPrompt();
  assert.match(prompt, /startup migrations did not complete cleanly/, 'the gateway output is in the prompt');
  assert.match(prompt, /gateway exit code: 78/);
  assert.match(prompt, /`openclaw triage` doctor findings/, "openclaw triage's findings are evidence");
  assert.match(prompt, /restore-snapshot/, 'the catalogue is in the prompt');
  const apply = await waitAfter(run, from, doctorPhase('apply'), 30_000, 'the plan applied');
  assert.match(String(details(apply).caseId), /^ai-plan-/);
  await waitAfter(run, from, doctorPhase('verified'), 120_000, "the AI's fix verified");
  await waitAfter(run, from, isHealthyEvent, 30_000, 'healthy again');
  assert.equal(readFileSync(sb.configPath, 'utf8'), good, 'the known-good config is back');
  const learned = await waitAfter(run, from, doctorPhase('learned'), 10_000, 'a learned case');
  const learnedId = String(details(learned).caseId);
  assert.match(learnedId, /^learned-/);

  const list = await clawdoc(sb, ['cases', 'show', learnedId]);
  assert.equal(list.code, 0, list.stderr);
  const shown = JSON.parse(list.stdout) as { origin: string; review?: string; provenance: string; fix: unknown[]; match: { signatures: string[] } };
  assert.equal(shown.origin, 'learned');
  assert.equal(shown.review, 'pending');
  assert.deepEqual(shown.fix, [{ type: 'restore-snapshot' }]);
  assert.ok(shown.match.signatures.length >= 1);
  assert.ok(!shown.match.signatures.some((s) => s.includes(sb.dir)), 'no sandbox path in a signature');

  // The same fault again: the learned case fixes it; the AI is not called.
  const again = await injectUnknownFault();
  const diag2 = await waitAfter(run, again, doctorPhase('diagnosis'), 60_000, 'the second diagnosis');
  assert.match(diag2.reason, new RegExp(learnedId));
  const verified2 = await waitAfter(run, again, doctorPhase('verified'), 120_000, 'the learned fix verified');
  assert.equal(details(verified2).caseId, learnedId);
  await waitAfter(run, again, isHealthyEvent, 30_000, 'healthy again');
  assert.equal(stubs.calls().length, 1, 'no second AI call');
  assert.equal(run.count((e) => run.events.indexOf(e) >= again && doctorPhase('ai')(e)), 0);

  // A person reviews it.
  const listed = await clawdoc(sb, ['cases', 'list']);
  assert.match(listed.stdout, new RegExp(`${learnedId}\\s.*learned \\(review\\)`));
  const accepted = await clawdoc(sb, ['cases', 'accept', learnedId]);
  assert.equal(accepted.code, 0, accepted.stderr);
  assert.equal((JSON.parse((await clawdoc(sb, ['cases', 'show', learnedId])).stdout) as { review: string }).review, 'accepted');
});

test('`clawdoc diagnose --ai` shows the plan; an action outside the catalogue and a shell command are not actions; `clawdoc ai test`', { skip }, async () => {
  stubs.setMode('outside');
  const d = await clawdoc(sb, ['diagnose', '--ai', 'Gateway failed to start: something nobody has seen']);
  assert.equal(d.code, 0, d.stderr);
  assert.match(d.stdout, /AI \(iflow\)/);
  assert.match(d.stdout, /restart-gateway/);
  assert.match(d.stdout, /not in ClawDoc's catalogue/);
  assert.match(d.stdout, /rm -rf ~\/\.openclaw/, 'the command is shown as advice');
  const j = JSON.parse((await clawdoc(sb, ['diagnose', '--ai', '--json', 'x failed'])).stdout) as { ai: { ok: boolean; plan: { actions: { type: string }[]; rejected: unknown[] } } };
  assert.ok(j.ai.ok);
  assert.deepEqual(j.ai.plan.actions.map((a) => a.type), ['restart-gateway']);
  assert.equal(j.ai.plan.rejected.length, 2);
  stubs.setMode('plan');
  const t = await clawdoc(sb, ['ai', 'test']);
  assert.equal(t.code, 0, t.stdout + t.stderr);
  assert.match(t.stdout, /OK: iflow answers/);
  stubs.setMode('not-logged-in');
  const bad = await clawdoc(sb, ['ai', 'test', '--json']);
  assert.equal(bad.code, 1);
  assert.equal((JSON.parse(bad.stdout) as { errorKind: string }).errorKind, 'not-logged-in');
});
