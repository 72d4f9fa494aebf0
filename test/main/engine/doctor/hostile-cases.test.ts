// Hostile case files: regexes built to backtrack for ever, fixes that weaken security, a file that tries
// to take the place of a built-in case. Nothing may block, nothing may weaken, nothing may be lost.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import JSON5 from 'json5';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BUILTIN_CASES } from '../../../../src/main/engine/doctor/cases/builtin.js';
import { CaseSchema, type Case } from '../../../../src/main/engine/doctor/cases/case-schema.js';
import { CaseError, CaseStore } from '../../../../src/main/engine/doctor/cases/case-store.js';
import { Matcher } from '../../../../src/main/engine/doctor/cases/matcher.js';
import { SnapshotStore } from '../../../../src/main/engine/doctor/snapshots.js';
import { CLAWDOC_BIN } from '../../../helpers/gateway.js';
import { doctorOnFakeWatchdog } from './fake-watchdog.js';

const base = {
  title: { en: 'Hostile', zh: '恶意' },
  description: { en: 'a hostile case', zh: '恶意案例' },
  severity: 'high',
  fix: [{ type: 'restart-gateway' }],
};

/** A case with `patterns`, built past the schema (as if an older version had let it in). */
function rawCase(id: string, patterns: string[]): Case {
  const c = CaseSchema.parse({ ...base, id, match: { patterns: ['placeholder-pattern'] } });
  return { ...c, match: { ...c.match, patterns } };
}

const N = 10_000;
/** Pattern → a 10 000-character line built to make a backtracking engine explode on it. */
const HOSTILE: [string, string][] = [
  ['(a+)+$', `${'a'.repeat(N)}!`],
  ['(a*)*b', 'a'.repeat(N)],
  ['(a|aa)+$', `${'a'.repeat(N)}!`],
  ['(a|a?)+$', `${'a'.repeat(N)}!`],
  ['((a|aa))+$', `${'a'.repeat(N)}!`], // alternation one group deeper: the old checker let it through
  ['(.*)*x', 'y'.repeat(N)],
  ['(.*a){12}z', 'a'.repeat(N)],
  ['(\\w+\\s?)+$', `${'word '.repeat(N / 5)}wor!`],
  ['x\\s*\\s*\\s*\\s*\\s*y', `x${' '.repeat(N)}`], // adjacent quantifier runs (polynomial)
  ['^(\\d+)*$', `${'1'.repeat(N)}x`],
  ['(x+x+)+y', 'x'.repeat(N)],
  ['error: ([a-z]+)*=', `error: ${'abcdefghij'.repeat(N / 10)}`], // goes through the literal prefilter
  ['([\\s\\S]{0,30}){0,5}q', 'p'.repeat(N)],
];

test('hostile regex families: each matched on a 10 000-character adversarial line in under 50 ms', () => {
  new Matcher([rawCase('warm-up', ['warm[a-z]+up'])]).match({ lines: ['warm-up line'] }); // load the engine once
  const slow: string[] = [];
  for (const [i, [pattern, line]] of HOSTILE.entries()) {
    assert.ok(line.length >= N, `${pattern}: ${line.length} characters`);
    // Best of three (a backtracking blow-up is slow every time; a busy shared machine only sometimes).
    let ms = Infinity;
    for (let run = 0; run < 3; run++) {
      const t0 = performance.now();
      const matcher = new Matcher([rawCase(`hostile-${i}`, [pattern])]);
      matcher.match({ lines: [line] });
      ms = Math.min(ms, performance.now() - t0);
      assert.equal(matcher.lastRun.skipped, 0, `${pattern}: decided, not cut off by the budget`);
      assert.equal(matcher.lastRun.regexTests, 1, `${pattern}: the regex really ran`);
    }
    if (ms >= 50) slow.push(`${pattern}: ${ms.toFixed(1)} ms`);
  }
  assert.deepEqual(slow, [], 'slower than 50 ms');
  // a pattern whose compiled program is too big is never run at all (it is refused at import too)
  const big = new Matcher([rawCase('too-big', ['([\\s\\S]{0,200}){0,5}q'])]);
  assert.deepEqual(big.match({ lines: ['p'.repeat(N)] }), []);
  assert.match(big.refused.get('([\\s\\S]{0,200}){0,5}q')?.reason ?? '', /too complex/);
  // and they are real regexes: they still match what they should
  assert.equal(new Matcher([rawCase('m1', ['(a|aa)+$'])]).match({ lines: ['x aaaa'] })[0]?.caseId, 'm1');
  assert.equal(new Matcher([rawCase('m2', ['x\\s*\\s*\\s*y'])]).match({ lines: ['x    y'] })[0]?.caseId, 'm2');
});

test('while hostile cases are matched, the event loop keeps turning: timers fire and a local HTTP probe is answered', async () => {
  const cases = HOSTILE.map(([p], i) => rawCase(`loop-${i}`, [p]));
  const lines = Array.from({ length: 3000 }, (_, i) => HOSTILE[i % HOSTILE.length]![1]);
  const matcher = new Matcher(cases);
  const server = http.createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  let last = performance.now();
  let maxGap = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
    ticks++;
  }, 5);
  const probes: number[] = [];
  let matching = true;
  const prober = (async () => {
    while (matching) {
      const t0 = performance.now();
      await new Promise<void>((resolve, reject) => http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => res.resume().on('end', resolve)).on('error', reject));
      probes.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  try {
    const t0 = performance.now();
    last = t0;
    await matcher.matchAsync({ lines }, { budgetMs: 1000 });
    const took = performance.now() - t0;
    matching = false;
    await prober;
    assert.ok(took >= 900, `the workload is heavy enough to matter (${took.toFixed(0)} ms)`);
    assert.ok(matcher.lastRun.skipped > 0 && took < 2500, `the budget bounds the whole match (${took.toFixed(0)} ms, ${matcher.lastRun.skipped} tests skipped)`);
    assert.ok(ticks >= took / 50, `the timer kept firing (${ticks} ticks in ${took.toFixed(0)} ms)`);
    // Blocking would show as one gap as long as the whole match (about a second); yielding keeps every
    // gap short. The margins allow for a busy shared machine pausing the process now and then.
    const slice = matcher.lastRun.longestSliceMs ?? Infinity;
    console.log(`matchAsync ${took.toFixed(0)} ms: longest slice ${slice.toFixed(1)} ms, ${ticks} ticks, longest gap ${maxGap.toFixed(1)} ms, ${probes.length} probes, slowest ${Math.max(...probes).toFixed(1)} ms`);
    assert.ok(slice < 150, `the matcher never held the loop longer than ${slice.toFixed(1)} ms`);
    assert.ok(maxGap < Math.min(250, took / 4), `longest gap between timer ticks ${maxGap.toFixed(1)} ms`);
    assert.ok(probes.length >= 10, `${probes.length} probes answered while matching`);
    assert.ok(Math.max(...probes) < Math.min(400, took / 2), `slowest probe ${Math.max(...probes).toFixed(1)} ms`);
  } finally {
    matching = false;
    clearInterval(timer);
    server.close();
  }
});

function tempStore(): { s: CaseStore; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'clawdoc-hostile-'));
  return { s: new CaseStore(dir, () => ({})), dir };
}

function runCli(args: string[], stdin?: string, timeoutMs = 20_000): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLAWDOC_BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NODE_TEST_CONTEXT: undefined } });
    let stdout = '';
    let stderr = '';
    const kill = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => {
      clearTimeout(kill);
      resolve({ code, stdout, stderr, ms: Date.now() - t0 });
    });
    p.stdin.end(stdin ?? '');
  });
}

test('patterns the linear-time engine cannot run are refused at import, naming the case and the pattern; nothing changes', () => {
  const { s, dir } = tempStore();
  s.add({ ...base, id: 'kept', match: { signatures: ['kept case'] } });
  const before = readFileSync(join(dir, 'cases.json'), 'utf8');
  const refused: [string, RegExp][] = [
    ['(?=secret)error', /lookahead\/lookbehind/],
    ['(?<!not )found', /lookahead\/lookbehind/],
    ['(fail)ed \\1', /backreference/],
    ['\\u0041BC failed', /not supported by the linear-time engine \(RE2\)/],
    ['(?:a|b|ab){300}q', /too complex/],
    ['(?:x{50}){50}', /repeat count/],
  ];
  for (const [pattern, why] of refused) {
    const file = JSON.stringify([{ ...base, id: 'ok-one', match: { signatures: ['fine'] } }, { ...base, id: 'bad-one', match: { patterns: ['harmless pattern', pattern] } }]);
    assert.throws(
      () => s.importText(file),
      (err: Error) => err instanceof CaseError && /case #2 "bad-one"/.test(err.message) && err.message.includes(JSON.stringify(pattern).slice(0, 30)) && why.test(err.message),
      pattern,
    );
    assert.equal(readFileSync(join(dir, 'cases.json'), 'utf8'), before, `${pattern}: nothing changed`);
  }
});

test('an imported case the old checker let through cannot make `clawdoc diagnose` hang', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clawdoc-hostile-cli-'));
  const file = join(dir, 'evil.json');
  writeFileSync(file, JSON.stringify([{ ...base, id: 'evil-spaces', match: { patterns: ['x\\s*\\s*\\s*\\s*\\s*\\s*y'] } }, { ...base, id: 'evil-deep', match: { patterns: ['((a|aa))+$'] } }]));
  const imp = await runCli(['cases', 'import', file, '--data-dir', dir]);
  assert.equal(imp.code, 0, imp.stderr);
  const text = [`x${' '.repeat(N)}`, `${'a'.repeat(N)}!`, 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory'].join('\n');
  const r = await runCli(['diagnose', '-', '--json', '--data-dir', dir], text);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.ms < 10_000, `diagnose took ${r.ms} ms`);
  const out = JSON.parse(r.stdout) as { candidates: { caseId: string }[] };
  assert.equal(out.candidates[0]?.caseId, 'heap-oom', 'the real diagnosis still comes out');
});

// ---- security-weakening fixes under autoHeal=safe (and all) ----------------------------------------

const SECURE = '{ gateway: { mode: "local", port: 18790, bind: "loopback", auth: { mode: "token", token: "a-long-and-secret-gateway-token" } }, channels: { telegram: { dmPolicy: "pairing" } } }\n';
const SIGNAL = 'widget subsystem exploded (hostile test)';

async function doctorWith(autoHeal: 'safe' | 'all', fix: unknown[], extra: Record<string, unknown> = {}) {
  const t = doctorOnFakeWatchdog({ config: SECURE, settings: { doctor: { autoHeal, fixVerifyTimeoutSec: 5 } } });
  // The hostile case outranks everything and says its fix needs no approval.
  t.doctor.store.importText(JSON.stringify([{ ...base, id: 'weaken', priority: 100, approval: 'auto', match: { signatures: [SIGNAL] }, fix, ...extra }]));
  return { ...t, escalateNow: () => t.wd.escalate('unhealthy-too-long', { lastOutput: [SIGNAL] }, 'unhealthy') };
}

for (const autoHeal of ['safe', 'all'] as const) {
  test(`autoHeal=${autoHeal}: a case that weakens security only gets a proposal; the config is untouched`, async () => {
    const weakening: [unknown, RegExp][] = [
      [{ type: 'set-config-key', key: 'gateway.auth.mode', value: 'none' }, /gateway\.auth\.mode/],
      [{ type: 'set-config-key', key: 'gateway.bind', value: 'lan' }, /gateway\.bind/],
      [{ type: 'set-config-key', key: 'channels.telegram.dmPolicy', value: 'open' }, /dmPolicy/],
      [{ type: 'set-config-key', key: 'gateway.controlUi.allowedOrigins', value: '["*"]' }, /allowedOrigins/],
      [{ type: 'set-config-key', key: 'gateway', value: '{"mode":"local","port":18790}' }, /gateway/],
    ];
    for (const [action, names] of weakening) {
      const t = await doctorWith(autoHeal, [action]);
      t.escalateNow();
      await t.until(() => t.phase('proposal').length === 1, `${JSON.stringify(action)}: a proposal`);
      const p = t.doctor.proposals.list()[0]!;
      assert.deepEqual(p.action, action);
      assert.equal(p.status, 'pending');
      assert.match(p.why, names);
      assert.match(p.why, /security changes always wait for approval/);
      assert.equal(t.phase('apply').length, 0, 'nothing applied');
      assert.equal(t.wd.restarts.length, 0, 'nothing restarted');
      assert.equal(readFileSync(t.configPath, 'utf8'), SECURE, 'the config is untouched');
      assert.equal(t.doctor.changes.list().length, 0, 'no change recorded');
      t.doctor.dispose();
    }
  });
}

test('a case that removes a credential key gets neither a fix nor a proposal: credentials are never removed', async () => {
  for (const autoHeal of ['safe', 'all'] as const) {
    const t = await doctorWith(autoHeal, [{ type: 'remove-config-key', key: 'gateway.auth.token' }]);
    t.escalateNow();
    await t.until(() => t.doctor.records.recent().length === 1 && t.phase('gave-up').length + t.phase('escalate').length >= 1, 'the doctor hands over');
    assert.equal(t.doctor.proposals.list().length, 0, 'nothing to approve');
    assert.equal(t.phase('apply').length, 0, 'nothing applied');
    assert.equal(readFileSync(t.configPath, 'utf8'), SECURE, 'the config is untouched');
    assert.equal(t.doctor.changes.list().length, 0, 'no change recorded');
    t.doctor.dispose();
  }
});

test('a restore that would bring back a weaker config (auth none) waits for approval', async () => {
  const t = await doctorWith('all', [{ type: 'restore-snapshot' }]);
  new SnapshotStore(join(t.dir, 'data')).save('{ gateway: { mode: "local", port: 18790, auth: { mode: "none" } } }\n', t.configPath);
  t.escalateNow();
  await t.until(() => t.phase('proposal').length === 1, 'a proposal');
  assert.match(t.doctor.proposals.list()[0]!.why, /snapshot would change security settings: .*gateway\.auth\.mode/);
  assert.equal(readFileSync(t.configPath, 'utf8'), SECURE);
  t.doctor.dispose();
});

test('a harmless fix from the same kind of case still runs by itself (the rule is not "ask for everything")', async () => {
  const t = await doctorWith('safe', [{ type: 'set-config-key', key: 'gateway.reload.mode', value: 'off' }]);
  t.escalateNow();
  await t.until(() => t.phase('verified').length === 1, 'applied and verified');
  // the edit keeps the file's JSON5 style (unquoted keys), so read the value rather than match JSON text
  assert.equal(JSON5.parse<{ gateway: { reload?: { mode?: string } } }>(readFileSync(t.configPath, 'utf8')).gateway.reload?.mode, 'off');
  assert.match(readFileSync(t.configPath, 'utf8'), /a-long-and-secret-gateway-token/, 'auth kept');
  t.doctor.dispose();
});

// ---- shadowing built-in cases ----------------------------------------------------------------------

test('a file cannot silently take the place of a built-in case; --replace makes a labelled user override', () => {
  const { s, dir } = tempStore();
  s.add({ ...base, id: 'mine', match: { signatures: ['mine'] } });
  const before = readFileSync(join(dir, 'cases.json'), 'utf8');
  const heap = BUILTIN_CASES.find((c) => c.id === 'heap-oom')!;
  const evil = { ...heap, origin: 'user', fix: [{ type: 'set-config-key', key: 'gateway.auth.mode', value: 'none' }] };
  assert.throws(() => s.importText(JSON.stringify([evil])), /case "heap-oom": id: a built-in case has this id.*--replace/);
  // claiming to be built-in does not help
  assert.throws(() => s.importText(JSON.stringify([{ ...evil, origin: 'builtin' }])), /case "heap-oom": origin: "builtin" is reserved.*differs from the built-in case/);
  assert.throws(() => s.add({ ...evil, origin: 'builtin' }), /origin: "builtin" is reserved/);
  assert.throws(() => s.add(evil), /id: a case "heap-oom" already exists/);
  assert.equal(readFileSync(join(dir, 'cases.json'), 'utf8'), before, 'nothing changed');
  assert.equal(s.get('heap-oom')?.origin, 'builtin');
  assert.equal(s.provenance(s.get('heap-oom')!).label, 'built-in');
  // the whole library exported (built-ins included) imports cleanly: unchanged cases are left alone
  assert.deepEqual(s.importText(s.exportText()), []);
  assert.equal(readFileSync(join(dir, 'cases.json'), 'utf8'), before);
  // explicitly replaced: a user override, and said so
  assert.deepEqual(s.importText(JSON.stringify([evil]), { replace: true }), ['heap-oom']);
  const now = s.get('heap-oom')!;
  assert.equal(s.isBuiltin('heap-oom'), false);
  assert.deepEqual(s.provenance(now), { origin: 'user', overridesBuiltin: true, label: 'user override of built-in' });
  assert.equal(s.get('mine')?.id, 'mine', 'other cases kept');
  // going back to the built-in one also needs --replace
  assert.throws(() => s.importText(JSON.stringify([heap])), /id: the built-in case is overridden here by a user case; use --replace/);
  s.importText(JSON.stringify([heap]), { replace: true });
  assert.equal(s.provenance(s.get('heap-oom')!).label, 'built-in');
  // a user case is not replaced silently either
  assert.throws(() => s.importText(JSON.stringify([{ ...base, id: 'mine', match: { signatures: ['other'] } }])), /case "mine": id: a user case with this id already exists/);
  // `cases edit` on a built-in is an explicit override, and labelled so
  s.edit('config-truncated', { severity: 'low' });
  assert.equal(s.provenance(s.get('config-truncated')!).label, 'user override of built-in');
  assert.throws(() => s.edit('config-truncated', { origin: 'builtin' }), /origin: "builtin" is reserved/);
  // learned cases keep their label
  s.add({ ...base, id: 'from-ai', origin: 'learned', match: { signatures: ['learned thing'] } });
  assert.equal(s.provenance(s.get('from-ai')!).label, 'learned');
});

test('`clawdoc cases` shows the origin and refuses a shadowing import with a clear message (CLI)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clawdoc-hostile-cli-'));
  const heap = BUILTIN_CASES.find((c) => c.id === 'heap-oom')!;
  const file = join(dir, 'shadow.json');
  writeFileSync(file, JSON.stringify([{ ...heap, origin: 'user', priority: 100 }]));
  const refused = await runCli(['cases', 'import', file, '--data-dir', dir]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /rejected, nothing changed: case "heap-oom": id: a built-in case has this id/);
  const replaced = await runCli(['cases', 'import', file, '--replace', '--data-dir', dir]);
  assert.equal(replaced.code, 0, replaced.stderr);
  const list = JSON.parse((await runCli(['cases', 'list', '--json', '--data-dir', dir])).stdout) as { id: string; label: string; builtin: boolean; fixes: string }[];
  const row = list.find((c) => c.id === 'heap-oom')!;
  assert.equal(row.label, 'user override of built-in');
  assert.equal(row.builtin, false);
  assert.equal(list.find((c) => c.id === 'config-truncated')!.label, 'built-in');
  const text = (await runCli(['cases', 'list', '--data-dir', dir])).stdout;
  assert.match(text, /^heap-oom\s+high\s+user override of built-in\s+auto\b/m);
  assert.match(text, /^config-unknown-key\s+high\s+built-in\s+asks \(security\)/m);
  const show = JSON.parse((await runCli(['cases', 'show', 'config-truncated', '--data-dir', dir])).stdout) as { provenance: string; fixSafety: { action: string; risk: string; reasons: string[] }[] };
  assert.equal(show.provenance, 'built-in');
  assert.deepEqual(show.fixSafety.map((f) => f.risk), ['safe', 'review']);
  assert.match(show.fixSafety[1]!.reasons[0]!, /openclaw doctor --fix/);
});

test('cases.json entries that no longer validate (e.g. a lookahead an older version accepted) are kept, reported, never dropped', () => {
  const { s, dir } = tempStore();
  const old = { ...base, id: 'old-lookahead', match: { patterns: ['(?=token)token missing'] } };
  const good = { ...base, id: 'still-good', match: { signatures: ['still good'] } };
  writeFileSync(join(dir, 'cases.json'), JSON.stringify({ version: 1, cases: [old, good], removed: [] }));
  assert.equal(s.get('old-lookahead'), undefined, 'not used');
  assert.equal(s.get('still-good')?.id, 'still-good');
  assert.match(s.problems().join('\n'), /case "old-lookahead" in .*cases\.json is not used: match\.patterns\.0: .*lookahead/);
  s.add({ ...base, id: 'new-one', match: { signatures: ['new'] } });
  const file = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as { cases: { id: string }[] };
  assert.deepEqual(file.cases.map((c) => c.id).sort(), ['new-one', 'old-lookahead', 'still-good'], 'the old entry is still in the file');
  s.remove('old-lookahead');
  assert.deepEqual(s.problems(), []);
  // a file that cannot be read at all is moved aside (the store's one policy), not overwritten
  writeFileSync(join(dir, 'cases.json'), '{"version": 1, "cases": [ {"id": "half-writt');
  assert.match(s.problems()[0]!, /could not be read/);
  s.add({ ...base, id: 'after', match: { signatures: ['after'] } });
  const aside = readdirSync(dir).filter((f) => f.startsWith('cases.json.corrupt-'));
  assert.equal(aside.length, 1);
  assert.equal(readFileSync(join(dir, aside[0]!), 'utf8'), '{"version": 1, "cases": [ {"id": "half-writt');
});
