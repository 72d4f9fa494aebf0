import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUILTIN_CASES } from '../../../../src/main/engine/doctor/cases/builtin.js';
import { DEFAULT_THRESHOLD, Matcher } from '../../../../src/main/engine/doctor/cases/matcher.js';
import { CORPUS } from './corpus.js';

const matcher = new Matcher([...BUILTIN_CASES]);

test('at least 12 built-in cases, all valid, with bilingual titles and a fix', () => {
  assert.ok(BUILTIN_CASES.length >= 12);
  for (const c of BUILTIN_CASES) {
    assert.ok(c.title.zh && c.title.en && c.description.zh && c.description.en, c.id);
    assert.ok(c.fix.length > 0, c.id);
  }
});

test('the labelled corpus: ≥ 80 texts, top-1 correct ≥ 95 %, no confident match on unrelated text', () => {
  assert.ok(CORPUS.length >= 80, `${CORPUS.length} entries`);
  const labelled = CORPUS.filter((e) => e.expect !== null);
  const unrelated = CORPUS.filter((e) => e.expect === null);
  assert.ok(unrelated.length >= 15, `${unrelated.length} unrelated`);
  const wrong: string[] = [];
  for (const e of labelled) {
    const top = matcher.match({ lines: e.text.split('\n') })[0];
    const ok = top && top.confidence >= DEFAULT_THRESHOLD && (Array.isArray(e.expect) ? e.expect.includes(top.caseId) : top.caseId === e.expect);
    if (!ok) wrong.push(`${JSON.stringify(e.text.slice(0, 80))} → ${top ? `${top.caseId} ${top.confidence}` : 'nothing'} (expected ${String(e.expect)})`);
  }
  const rate = (labelled.length - wrong.length) / labelled.length;
  assert.ok(rate >= 0.95, `top-1 ${Math.round(rate * 100)}%:\n${wrong.join('\n')}`);
  for (const e of unrelated) {
    const top = matcher.match({ lines: e.text.split('\n') })[0];
    assert.ok(!top || top.confidence < DEFAULT_THRESHOLD, `${e.text} → ${top?.caseId} ${top?.confidence}`);
  }
});

test('structured evidence decides between cases that share a message', () => {
  const lines = ['Gateway start blocked: existing config is missing gateway.mode. Treat this as suspicious or clobbered config.'];
  const truncated = matcher.match({ lines, exitCode: 78, cause: 'config-refused', findings: ['config-unparseable'] })[0];
  assert.equal(truncated?.caseId, 'config-truncated');
  const noMode = matcher.match({ lines, exitCode: 78, cause: 'config-refused', findings: ['gateway-mode-missing', 'models-missing'] })[0];
  assert.equal(noMode?.caseId, 'config-missing-mode');
  assert.match(noMode.reason, /signature/);
  const foreign = matcher.match({ lines: ['listen EADDRINUSE'], cause: 'port-foreign', portHolder: 'openclaw', findings: [] });
  assert.equal(foreign[0]?.caseId, 'port-stale-openclaw');
  assert.ok(!foreign.some((c) => c.caseId === 'port-foreign-program'), 'a foreign-program case is excluded when the holder is OpenClaw');
  const other = matcher.match({ lines: [], cause: 'port-foreign', portHolder: 'foreign', findings: [] })[0];
  assert.equal(other?.caseId, 'port-foreign-program');
});

test('every candidate carries a confidence in [0,1] and a one-line reason', () => {
  for (const e of CORPUS) {
    for (const c of matcher.match({ lines: e.text.split('\n') })) {
      assert.ok(c.confidence > 0 && c.confidence <= 1);
      assert.ok(c.reason.length > 0 && !c.reason.includes('\n'));
    }
  }
});

test('the literal prefilter never loses a match (every regex match contains one of its literals)', async () => {
  const { requiredLiterals, LiteralScanner } = await import('../../../../src/main/engine/doctor/cases/literal-scan.js');
  const texts = CORPUS.flatMap((e) => e.text.split('\n'));
  for (const c of BUILTIN_CASES) {
    for (const p of c.match.patterns) {
      const lits = requiredLiterals(p);
      if (!lits) continue;
      const re = new RegExp(p, 'i');
      for (const t of texts) if (re.test(t)) assert.ok(lits.some((l) => t.toLowerCase().includes(l)), `${p} on ${t}`);
    }
  }
  assert.deepEqual(requiredLiterals('Unrecognized keys?: "'), ['unrecognized key']);
  assert.deepEqual(requiredLiterals('foo|barbaz'), ['foo', 'barbaz']);
  assert.equal(requiredLiterals('(?:a|b)x'), undefined);
  const hits: [number, number][] = [];
  new LiteralScanner(['he', 'she', 'hers']).scan('ushers\nxx she', (id, line) => hits.push([id, line]));
  assert.deepEqual(hits, [[1, 0], [0, 0], [2, 0], [1, 1], [0, 1]]);
});

test('new cases from the installed OpenClaw: advice that fits (no .bak for version skew, no restart into the breaker)', () => {
  const byId = new Map(BUILTIN_CASES.map((c) => [c.id, c]));
  for (const id of ['channel-gave-up', 'channel-stalled', 'openclaw-safe-mode', 'version-skew', 'poison-session', 'oauth-wedged', 'launchagent-unloaded', 'systemd-exec-missing']) {
    assert.ok(byId.has(id), id);
  }
  const skew = byId.get('version-skew')!;
  assert.ok(!skew.fix.some((a) => a.type === 'restore-snapshot' || a.type === 'openclaw-doctor-fix'), 'version skew: no rollback of the config');
  for (const text of [skew.description.en, skew.description.zh, ...skew.fix.map((a) => ('message' in a ? (a.message ?? '') : ''))]) {
    assert.doesNotMatch(text, /restore[^.]*\.bak|恢复[^。]*\.bak/i, 'version skew must not advise restoring .bak');
  }
  // OpenClaw's own breaker and its safe mode, OAuth and channel give-ups: a restart is not the fix.
  for (const id of ['openclaw-restart-loop', 'openclaw-safe-mode', 'oauth-wedged', 'channel-gave-up', 'poison-session', 'version-skew']) {
    assert.ok(!byId.get(id)!.fix.some((a) => a.type === 'restart-gateway'), `${id} does not restart`);
  }
  assert.match(byId.get('openclaw-restart-loop')!.description.en, /channels\.start/);
  assert.match(byId.get('oauth-wedged')!.fix[0]!.type === 'escalate' ? (byId.get('oauth-wedged')!.fix[0] as { message?: string }).message ?? '' : '', /models auth login/);
  // A heap OOM alone stays heap-oom; with a resumed session it is the poison session.
  assert.equal(matcher.match({ lines: ['FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory'] })[0]?.caseId, 'heap-oom');
});
