// The AI exchange without a gateway: answers extracted and validated (prose around the JSON, invalid JSON,
// actions outside the catalogue, shell commands, huge answers), the providers as their real CLIs behave
// (stub executables printing iflow's and Claude Code's real output formats, a hang, a missing binary,
// not logged in) and a local fake OpenAI-compatible endpoint (200, 401, 429, a hang), the calls-per-hour
// cap across restarts, secrets planted in config, secrets file and logs never reaching the prompt, and
// the learned case built from evidence.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { EvidenceSummary } from '../../../../../src/shared/doctor.js';
import { AnswerError, jsonObjectsIn, parseAnswer } from '../../../../../src/main/engine/doctor/ai/answer.js';
import { AI_KEY_SECRET, AiAdvisor } from '../../../../../src/main/engine/doctor/ai/advisor.js';
import { buildLearnedCase, signatureOf } from '../../../../../src/main/engine/doctor/ai/learn.js';
import { AiCallError, callProvider, claudeResult, stripIflowInfo } from '../../../../../src/main/engine/doctor/ai/providers.js';
import { doctorFindingsOf } from '../../../../../src/main/engine/doctor/ai/triage.js';
import { FileSecretStore } from '../../../../../src/main/engine/alerts/secrets.js';
import { Matcher } from '../../../../../src/main/engine/doctor/cases/matcher.js';
import { BUILTIN_CASES } from '../../../../../src/main/engine/doctor/cases/builtin.js';
import { Redactor } from '../../../../../src/main/engine/redaction/redactor.js';
import { defaultSettings } from '../../../../../src/main/engine/settings/settings.js';
import type { Settings } from '../../../../../src/main/engine/settings/settings.js';
import { makeAiStubs, startFakeOpenAi, type AiStubs } from './ai-stubs.js';

/** Dead, or a zombie nobody reaps (a container's init may not): killed either way. */
function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? false;
  } catch {
    return false; // alive, and no /proc to say it is a zombie
  }
}

const meta = { provider: 'iflow' as const, at: 1, durationMs: 2 };
const PLAN = { summary: 'The workspace path is a file', rootCause: 'agents.defaults.workspace points under a regular file', confidence: 0.8, actions: [{ type: 'restore-snapshot' }], advice: ['check agents.defaults.workspace'] };

const tmp: string[] = [];
after(() => {
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});
function tempDir(name: string): string {
  const d = mkdtempSync(join(tmpdir(), `clawdoc-ai-${name}-`));
  tmp.push(d);
  return d;
}

describe('answer extraction and validation', () => {
  it('finds the JSON inside prose and a ``` fence, and keeps only catalogue actions', () => {
    const text = `Sure! Looking at {this} evidence:\n\`\`\`json\n${JSON.stringify(PLAN)}\n\`\`\`\nGood luck {"not": "a plan"}`;
    const plan = parseAnswer(text, meta);
    assert.equal(plan.summary, PLAN.summary);
    assert.deepEqual(plan.actions, [{ type: 'restore-snapshot' }]);
    assert.deepEqual(plan.advice, PLAN.advice);
    assert.deepEqual(plan.rejected, []);
  });

  it('rejects invalid JSON and a JSON that is not the schema, with the reason', () => {
    assert.throws(() => parseAnswer('Here: {"summary": "x", "rootCause": "y", "confidence": 0.9, "actions": [', meta), (e: Error) => e instanceof AnswerError && /no JSON object/.test(e.message));
    assert.throws(() => parseAnswer('{"summary": "x", rootCause: y}', meta), (e: Error) => e instanceof AnswerError && /invalid JSON/.test(e.message));
    assert.throws(() => parseAnswer('{"summary": "x", "rootCause": "y", "confidence": 7}', meta), (e: Error) => e instanceof AnswerError && /confidence/.test(e.message));
    assert.throws(() => parseAnswer('no json at all', meta), AnswerError);
  });

  it('an action outside the catalogue is rejected with its reason; a shell command becomes advice, never an action', () => {
    const plan = parseAnswer(JSON.stringify({ ...PLAN, actions: [{ type: 'delete-everything' }, { type: 'shell', command: 'rm -rf ~/.openclaw' }, { type: 'set-config-key', key: '__proto__.x', value: 1 }, { type: 'restart-gateway' }] }), meta);
    assert.deepEqual(plan.actions, [{ type: 'restart-gateway' }]);
    assert.equal(plan.rejected.length, 3);
    assert.match(plan.rejected[0]!.reason, /not in ClawDoc's catalogue/);
    assert.match(plan.rejected[1]!.reason, /never run/);
    assert.match(plan.rejected[2]!.reason, /invalid set-config-key/);
    assert.ok(plan.advice.includes('rm -rf ~/.openclaw'), 'the command is shown as advice');
    assert.ok(!plan.actions.some((a) => a.type === 'shell'));
  });

  it('a huge answer is refused, and unbalanced braces cannot make extraction slow', () => {
    assert.throws(() => parseAnswer('x'.repeat(300_000), meta), /more than/);
    const t0 = performance.now();
    jsonObjectsIn('{'.repeat(150_000));
    assert.ok(performance.now() - t0 < 2000, 'linear-ish in the worst case');
  });
});

describe('real output formats', () => {
  it('iflow: the Execution Info block is not part of the answer', () => {
    assert.equal(stripIflowInfo('answer\n<Execution Info>\n{"session-id":"s"}\n</Execution Info>\n').trim(), 'answer');
  });
  it("Claude Code: the result object's result field; is_error is reported", () => {
    const ok = claudeResult(JSON.stringify({ type: 'result', subtype: 'success', is_error: false, result: 'hi', session_id: 's', total_cost_usd: 0.01 }));
    assert.deepEqual({ text: ok?.text, isError: ok?.isError }, { text: 'hi', isError: false });
    const bad = claudeResult(`noise\n${JSON.stringify({ type: 'result', subtype: 'error_max_turns', is_error: true, result: '' })}`);
    assert.equal(bad?.isError, true);
    assert.equal(claudeResult('not json'), undefined);
  });
  it('openclaw triage: the doctor findings of its saved prompt', () => {
    const md = '# T\n## Environment\n- [error] not this\n## Doctor findings\n\n- [error] core/doctor/x: broken\n- [info] skip\n- [warning] core/doctor/y: meh\n## Privacy\n- [error] not this either\n';
    assert.deepEqual(doctorFindingsOf(md), ['- [error] core/doctor/x: broken', '- [warning] core/doctor/y: meh']);
  });
});

function aiSettings(patch: Partial<Settings['ai']>): Settings {
  const s = defaultSettings();
  s.ai = { ...s.ai, timeoutSec: 10, ...patch };
  return s;
}

describe('providers (stub CLIs, fake endpoint)', () => {
  let stubs: AiStubs;
  const call = (s: Settings) => callProvider(s.ai, { prompt: 'PROMPT-BODY', system: 'SYSTEM' });

  it('iflow -p with prose around the JSON → the answer text; the prompt is one argument, no shell', async () => {
    stubs = makeAiStubs(tempDir('stubs'));
    stubs.setPlan(PLAN);
    stubs.setMode('prose');
    const a = await call(aiSettings({ provider: 'iflow', command: stubs.iflow }));
    assert.deepEqual(parseAnswer(a.text, meta).actions, [{ type: 'restore-snapshot' }]);
    assert.doesNotMatch(a.text, /Execution Info/);
    const c = stubs.calls().at(-1)!;
    assert.equal(c.argv[0], '-p');
    assert.equal(c.argv.length, 2);
    assert.match(c.argv[1]!, /^SYSTEM\n\nPROMPT-BODY$/);
  });

  it('claude -p --output-format json → the result field; not logged in → a clear error', async () => {
    stubs.setMode('plan');
    const a = await call(aiSettings({ provider: 'claude', command: stubs.claude }));
    assert.equal(parseAnswer(a.text, meta).summary, PLAN.summary);
    assert.equal(a.model, 'claude-sonnet-4-5');
    assert.deepEqual(stubs.calls().at(-1)!.argv.slice(2), ['--output-format', 'json', '--max-turns', '1']);
    stubs.setMode('not-logged-in');
    await assert.rejects(call(aiSettings({ provider: 'claude', command: stubs.claude })), (e: AiCallError) => e.kind === 'not-logged-in' && /Invalid API key/.test(e.message));
    await assert.rejects(call(aiSettings({ provider: 'iflow', command: stubs.iflow })), (e: AiCallError) => e.kind === 'not-logged-in' && /not logged in/.test(e.message));
  });

  it('a missing CLI names itself and how to install it', async () => {
    await assert.rejects(call(aiSettings({ provider: 'iflow', command: join(tmpdir(), 'no-such-iflow-here') })), (e: AiCallError) => e.kind === 'missing' && /not found/.test(e.message) && /iflow-cli/.test(e.message));
    await assert.rejects(call(aiSettings({ provider: 'command', command: '' })), (e: AiCallError) => e.kind === 'not-configured');
  });

  it('a hang is killed at the timeout with its whole process group', async () => {
    stubs.setMode('hang');
    const t0 = Date.now();
    await assert.rejects(call(aiSettings({ provider: 'iflow', command: stubs.iflow, timeoutSec: 5 })), (e: AiCallError) => e.kind === 'timeout');
    const took = Date.now() - t0;
    assert.ok(took >= 4900 && took < 9000, `took ${took} ms`);
    const helper = stubs.helperPid();
    assert.ok(helper, 'the stub started a helper');
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(isGone(helper), 'the helper in the group is gone too');
  });

  it('a runaway answer is cut off and refused; garbage is not a plan', async () => {
    stubs.setMode('huge');
    await assert.rejects(call(aiSettings({ provider: 'iflow', command: stubs.iflow })), (e: AiCallError) => e.kind === 'invalid-answer' && /larger/.test(e.message));
    stubs.setMode('garbage');
    const a = await call(aiSettings({ provider: 'iflow', command: stubs.iflow }));
    assert.throws(() => parseAnswer(a.text, meta), AnswerError);
  });

  it('command: the prompt goes to stdin, the answer comes from stdout', async () => {
    stubs.setMode('plan');
    const a = await call(aiSettings({ provider: 'command', command: stubs.command }));
    assert.equal(parseAnswer(a.text, meta).summary, PLAN.summary);
    const c = stubs.calls().at(-1)!;
    assert.deepEqual(c.argv, []);
    assert.match(c.stdin, /PROMPT-BODY/);
  });

  it('openai: a plan from /v1/chat/completions; 401 and 429 with their real bodies; a hang times out', async () => {
    const key = 'sk-test-fake-key-0123456789';
    const fake = await startFakeOpenAi(key);
    try {
      fake.content = `Here you go:\n${JSON.stringify(PLAN)}`;
      const s = aiSettings({ provider: 'openai', baseUrl: fake.url, model: 'qwen2.5:7b', timeoutSec: 5 });
      const a = await callProvider(s.ai, { prompt: 'P', system: 'S', apiKey: key });
      assert.equal(parseAnswer(a.text, meta).summary, PLAN.summary);
      assert.equal(fake.requests.at(-1)!.body.model, 'qwen2.5:7b');
      assert.deepEqual(fake.requests.at(-1)!.body.messages?.map((m) => m.role), ['system', 'user']);
      await assert.rejects(callProvider(s.ai, { prompt: 'P', system: 'S', apiKey: 'sk-wrong' }), (e: AiCallError) => e.kind === 'not-logged-in' && /Incorrect API key/.test(e.message) && /invalid_api_key/.test(e.message));
      fake.mode = '429';
      await assert.rejects(callProvider(s.ai, { prompt: 'P', system: 'S', apiKey: key }), (e: AiCallError) => e.kind === 'rate-limited' && /Rate limit reached/.test(e.message));
      fake.mode = 'not-json';
      await assert.rejects(callProvider(s.ai, { prompt: 'P', system: 'S', apiKey: key }), (e: AiCallError) => e.kind === 'invalid-answer');
      fake.mode = 'hang';
      const t0 = Date.now();
      await assert.rejects(callProvider(s.ai, { prompt: 'P', system: 'S', apiKey: key }), (e: AiCallError) => e.kind === 'timeout');
      assert.ok(Date.now() - t0 < 9000);
      await assert.rejects(callProvider({ ...s.ai, baseUrl: '' }, { prompt: 'P', system: 'S' }), (e: AiCallError) => e.kind === 'not-configured');
    } finally {
      await fake.close();
    }
  });
});

const PLANTED = {
  gatewayToken: 'gwtok-AIPLANT-7f3a9c1e5b2d8f4a',
  providerKey: 'sk-live-AIPLANTprovider0123456789',
  channelPassword: 'chanpass-AIPLANT-Q9w8E7r6T5y4',
  webhookSecret: 'whsec-AIPLANT-Z1x2C3v4B5n6M7',
  aiKey: 'sk-aikey-AIPLANT-0011223344556677',
  logBearer: 'AIPLANTbearerTOKEN0123456789abcdef',
};

function evidenceWith(lines: string[]): EvidenceSummary {
  return { trigger: 'escalated:config-refused', cause: 'config-refused', reason: 'the gateway refused its config (exit 78)', exitCode: 78, lastOutput: lines, logLines: [`auth failed for Authorization: Bearer ${PLANTED.logBearer}`], failing: [], findings: [], sources: [], gatherMs: 1 };
}

describe('the advisor: redaction, the call cap', () => {
  it('tokens, API keys, passwords and webhook secrets planted in config, secrets and logs never reach the prompt', async () => {
    const dir = tempDir('redact');
    const stubs = makeAiStubs(dir);
    stubs.setPlan(PLAN);
    const configPath = join(dir, 'openclaw.json');
    writeFileSync(configPath, JSON.stringify({ gateway: { mode: 'local', auth: { mode: 'token', token: PLANTED.gatewayToken } }, models: { providers: { x: { baseUrl: 'https://api.example.com/v1', apiKey: PLANTED.providerKey } } }, channels: { irc: { password: PLANTED.channelPassword } } }));
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    const secrets = new FileSecretStore(dataDir);
    secrets.set('feishu-ops', PLANTED.webhookSecret);
    secrets.set(AI_KEY_SECRET, PLANTED.aiKey);
    const settings = aiSettings({ provider: 'iflow', command: stubs.iflow });
    const env = { ...process.env, OPENCLAW_GATEWAY_TOKEN: PLANTED.gatewayToken, CLAWDOC_WEBHOOK_SECRET: PLANTED.webhookSecret, ANTHROPIC_API_KEY: 'the-cli-own-key' };
    const advisor = new AiAdvisor({ settings, dataDir, configPath, env, triage: false });
    const lines = [
      `Gateway failed to start: token ${PLANTED.gatewayToken} rejected`,
      `provider x answered 401 for key ${PLANTED.providerKey}`,
      `irc: login with password=${PLANTED.channelPassword} failed`,
      `webhook signature ${PLANTED.webhookSecret} mismatch`,
      `ai key ${PLANTED.aiKey}`,
    ];
    const out = await advisor.diagnose({ evidence: evidenceWith(lines), candidates: [] });
    assert.ok(out.ok, out.error);
    const prompt = stubs.lastPrompt();
    assert.match(prompt, /Gateway failed to start/, 'the evidence is there');
    assert.match(prompt, /restore-snapshot/, 'with the catalogue');
    for (const [name, value] of Object.entries(PLANTED)) assert.ok(!prompt.includes(value), `${name} reached the prompt`);
    const argvAll = JSON.stringify(stubs.calls());
    for (const [name, value] of Object.entries(PLANTED)) assert.ok(!argvAll.includes(value), `${name} reached the CLI (argv, stdin or environment)`);
    assert.equal(stubs.calls().at(-1)!.env.ANTHROPIC_API_KEY, 'the-cli-own-key', "a CLI keeps its own login");
  });

  it('the calls-per-hour cap holds across a restart of ClawDoc (a new advisor on the same data dir)', async () => {
    const dir = tempDir('cap');
    const stubs = makeAiStubs(dir);
    stubs.setPlan(PLAN);
    const settings = aiSettings({ provider: 'iflow', command: stubs.iflow, maxCallsPerHour: 2 });
    const mk = () => new AiAdvisor({ settings, dataDir: dir, configPath: join(dir, 'none.json'), env: process.env, triage: false });
    const req = { evidence: evidenceWith(['x failed']), candidates: [] };
    assert.ok((await mk().diagnose(req)).ok);
    assert.ok((await mk().diagnose(req)).ok);
    const third = await mk().diagnose(req);
    assert.equal(third.ok, false);
    assert.equal(third.errorKind, 'call-cap');
    assert.match(third.error!, /cap of 2 AI calls per hour/);
    assert.equal(stubs.calls().length, 2, 'the third call never reached the CLI');
    const test = await mk().test();
    assert.equal(test.ok, false);
    assert.equal(test.callsLastHour, 2);
  });

  it('invalid JSON, an action outside the catalogue and a hang: recorded as such, nothing to run', async () => {
    const dir = tempDir('bad');
    const stubs = makeAiStubs(dir);
    const settings = aiSettings({ provider: 'iflow', command: stubs.iflow, timeoutSec: 5, maxCallsPerHour: 100 });
    const advisor = new AiAdvisor({ settings, dataDir: dir, configPath: join(dir, 'none.json'), env: process.env, triage: false });
    const req = { evidence: evidenceWith(['x failed']), candidates: [] };
    stubs.setMode('invalid');
    const inv = await advisor.diagnose(req);
    assert.equal(inv.errorKind, 'invalid-answer');
    assert.match(inv.error!, /rejected/);
    assert.match(inv.rawExcerpt ?? '', /Here is my plan/);
    stubs.setMode('outside');
    const out = await advisor.diagnose(req);
    assert.ok(out.ok);
    assert.deepEqual(out.plan!.actions, [{ type: 'restart-gateway' }]);
    assert.ok(out.plan!.advice.includes('rm -rf ~/.openclaw'));
    stubs.setMode('hang');
    const hang = await advisor.diagnose(req);
    assert.equal(hang.errorKind, 'timeout');
    const t = await new AiAdvisor({ settings: aiSettings({ provider: null }), dataDir: dir, configPath: 'x', env: {}, triage: false }).test();
    assert.equal(t.errorKind, 'not-configured');
    const before = t.callsLastHour;
    const noModel = await new AiAdvisor({ settings: aiSettings({ provider: 'openai', baseUrl: 'http://127.0.0.1:9/v1', model: '' }), dataDir: dir, configPath: 'x', env: {}, triage: false }).test();
    assert.equal(noModel.errorKind, 'not-configured');
    assert.match(noModel.message, /ai.model is empty/);
    assert.equal(noModel.callsLastHour, before, 'a setting missing is not a call: not counted');
  });
});

describe('the learned case', () => {
  const r = new Redactor([PLANTED.gatewayToken]);
  const OUTPUT = [
    '2026-11-25T16:13:36.045+00:00 Gateway failed to start: OpenClaw startup migrations did not complete cleanly; refusing to report the gateway ready.',
    '- Doctor cannot repair this state: Failed reading legacy workspace state at /tmp/x/afile/ws/openclaw-workspace-state.json: root dir not found.',
    '2026-11-25T16:13:36.052+00:00 Run "openclaw doctor --fix" against the same state/config, then restart the gateway.',
    `auth failed: token ${PLANTED.gatewayToken} refused by the gateway`,
    'listening on port 18789 with pid 4242 failed',
  ];

  it('signatures are literal, stable parts of failure lines: timestamps and paths cut, no secret, nothing generic', () => {
    assert.equal(signatureOf(OUTPUT[0]!, r), 'Gateway failed to start: OpenClaw startup migrations did not complete cleanly; refusing to report the gateway ready.');
    assert.equal(signatureOf(OUTPUT[1]!, r), 'Doctor cannot repair this state: Failed reading legacy workspace state at');
    assert.equal(signatureOf(OUTPUT[2]!, r), undefined, 'no failure named');
    assert.equal(signatureOf(OUTPUT[3]!, r), undefined, 'around a secret');
    assert.equal(signatureOf(OUTPUT[4]!, r), undefined, 'too little before the first number');
    assert.equal(signatureOf('error', r), undefined);
  });

  it('the case validates, is learned and pending review, matches the same fault and not healthy output', () => {
    const plan = parseAnswer(JSON.stringify(PLAN), meta);
    const built = buildLearnedCase({ plan, actions: [{ type: 'restore-snapshot' }], lines: OUTPUT, exitCode: 78, recordId: 'rec1', redactor: r });
    assert.ok(built.ok);
    const c = built.case;
    assert.equal(c.origin, 'learned');
    assert.equal(c.review, 'pending');
    assert.deepEqual(c.fix, [{ type: 'restore-snapshot' }]);
    assert.equal(c.match.patterns.length, 0, 'literal signatures only');
    assert.ok(!JSON.stringify(c).includes(PLANTED.gatewayToken));
    const m = new Matcher([c]);
    const sameFault = OUTPUT.map((l) => l.replace('/tmp/x/afile', '/home/u/other').replace('16:13:36', '09:01:02'));
    assert.ok((m.match({ lines: sameFault, exitCode: 78 })[0]?.confidence ?? 0) >= 0.9);
    const healthy = ['2026-11-25T16:14:07.602+00:00 [gateway] ready', '[gateway] starting...', 'auth mode=none explicitly configured'];
    assert.deepEqual(m.match({ lines: healthy }), []);
    // and no built-in case matches this fault (so the AI is what is asked)
    assert.deepEqual(new Matcher([...BUILTIN_CASES]).match({ lines: OUTPUT, exitCode: 78, cause: 'config-refused', findings: [] }).filter((x) => x.confidence >= 0.5), []);
  });

  it('no specific line → no learned case, said so', () => {
    const built = buildLearnedCase({ plan: parseAnswer(JSON.stringify(PLAN), meta), actions: [{ type: 'restore-snapshot' }], lines: ['ok', 'started'], recordId: 'r', redactor: r });
    assert.equal(built.ok, false);
  });
});
