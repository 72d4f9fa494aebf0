// Case ids that are also names of Object.prototype members ("constructor", "toString", …) are ids like
// any other: lookups, stats and approvals use own keys only, and nothing leaks into Object.prototype.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CaseError, CaseStore } from '../../../../src/main/engine/doctor/cases/case-store.js';
import { Matcher } from '../../../../src/main/engine/doctor/cases/matcher.js';
import { computeStats } from '../../../../src/main/engine/doctor/records.js';

const ODD = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'toLocaleString', 'propertyIsEnumerable'];

function odd(id: string, extra: Record<string, unknown> = {}) {
  return { id, title: { en: id, zh: id }, description: { en: `case ${id}`, zh: `案例 ${id}` }, severity: 'low', match: { signatures: [`odd failure ${id}`] }, fix: [{ type: 'restart-gateway' }], ...extra };
}

function store(approved: Record<string, string[]> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'clawdoc-odd-'));
  return { s: new CaseStore(dir, () => approved), dir };
}

function prototypeIntact(): void {
  const probe = {} as Record<string, unknown>;
  assert.equal(probe.attempts, undefined, 'Object.prototype got no "attempts"');
  assert.equal((Object as unknown as Record<string, unknown>).attempts, undefined, 'Object itself untouched');
  assert.equal(typeof Object.prototype.toString, 'function');
  assert.equal(Object.getPrototypeOf(probe), Object.prototype);
}

test('odd case ids: add, get, edit, export/import, remove, and live counts all work', () => {
  const { s, dir } = store();
  for (const id of ODD) s.add(odd(id));
  for (const id of ODD) {
    assert.equal(s.get(id)?.id, id);
    assert.deepEqual({ ...s.statsFor(id), lastAt: undefined }, { attempts: 0, successes: 0, lastAt: undefined }, `${id}: no inherited stats`);
    s.recordOutcome(id, true);
    s.recordOutcome(id, false);
    assert.deepEqual({ ...s.statsFor(id), lastAt: undefined }, { attempts: 2, successes: 1, lastAt: undefined }, id);
  }
  prototypeIntact();
  const file = JSON.parse(readFileSync(join(dir, 'case-stats.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(file).sort(), [...ODD].sort(), 'every id kept as its own key');
  assert.equal(s.edit('constructor', { severity: 'high' }).severity, 'high');
  const stats = computeStats([], s);
  assert.deepEqual(stats.cases.filter((c) => ODD.includes(c.id)).map((c) => c.attempts), ODD.map(() => 2));
  const other = store().s;
  assert.deepEqual(other.importText(s.exportText({ userOnly: true })).sort(), [...ODD].sort());
  assert.deepEqual(other.get('toString'), s.get('toString'));
  s.remove('toString');
  assert.equal(s.get('toString'), undefined);
  assert.equal(s.get('valueOf')?.id, 'valueOf');
  prototypeIntact();
});

test('"__proto__" and other bad ids are refused with the field named; nothing is written', () => {
  const { s, dir } = store();
  for (const id of ['__proto__', '', 'a b', '../x', 'x'.repeat(65), 42]) {
    assert.throws(() => s.add(odd(id as string)), (err: Error) => err instanceof CaseError && /^id: /.test(err.message), String(id));
  }
  assert.throws(() => s.importText(`[${JSON.stringify(odd('fine'))}, {"id": "__proto__"}]`), /case #2 "__proto__": id: |forbidden key/);
  for (const id of ['', '__proto__']) assert.throws(() => s.recordOutcome(id, true), /id: .* is not a case id/, `${JSON.stringify(id)} is not counted`);
  assert.throws(() => readFileSync(join(dir, 'case-stats.json')), /ENOENT/, 'no stats file written');
  prototypeIntact();
});

test('a stats file with junk under odd names: no crash, no inherited values; the file is kept aside whole (the store\'s one policy)', () => {
  const { s, dir } = store();
  s.add(odd('constructor'));
  const junk = JSON.stringify({ constructor: 5, toString: { attempts: -1, successes: 0 }, valueOf: { attempts: 3, successes: 1 }, 'heap-oom': { attempts: 2, successes: 1 } });
  writeFileSync(join(dir, 'case-stats.json'), junk);
  assert.deepEqual({ ...s.statsFor('constructor'), lastAt: undefined }, { attempts: 0, successes: 0, lastAt: undefined });
  const kept = readdirSync(dir).filter((f) => f.startsWith('case-stats.json.corrupt-'));
  assert.equal(kept.length, 1, 'set aside, not read as empty and overwritten');
  assert.equal(readFileSync(join(dir, kept[0]!), 'utf8'), junk, 'with every entry, the good ones too');
  s.recordOutcome('constructor', true);
  assert.equal(s.statsFor('constructor').successes, 1);
  assert.equal(readFileSync(join(dir, kept[0]!), 'utf8'), junk, 'the next write leaves the kept copy alone');
  prototypeIntact();
});

test('shell approvals: a case named "constructor" gets a clear refusal, not a TypeError', () => {
  const { s } = store({ toString: ['systemctl --user restart openclaw-gateway'] });
  const shell = (id: string) => odd(id, { fix: [{ type: 'shell', command: 'systemctl --user restart openclaw-gateway' }] });
  assert.throws(() => s.add(shell('constructor')), (err: Error) => err instanceof CaseError && /fix\.0: shell command .* is not approved for case "constructor"/.test(err.message));
  assert.throws(() => s.add(shell('hasOwnProperty')), CaseError);
  assert.equal(s.add(shell('toString')).id, 'toString', 'approved under its own name');
});

test('the matcher ranks cases with odd ids like any other', () => {
  const cases = ODD.map((id, i) => {
    const { s } = store();
    return s.validate(odd(id, { priority: i }));
  });
  const m = new Matcher(cases);
  const out = m.match({ lines: ['odd failure constructor', 'odd failure toString'] });
  assert.deepEqual(out.map((c) => c.caseId).sort(), ['constructor', 'toString']);
  assert.equal(out[0]!.caseId, 'toString', 'priority decides the tie (toString has the higher one)');
});
