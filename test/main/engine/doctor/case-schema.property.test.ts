// Property-based tests of the case schema (fast-check): any input is either accepted and round-trips
// (add → export → import into another library gives the same case), or refused with a message that names
// the field, and a refused input writes nothing.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { CASE_ORIGINS, ESCALATION_CAUSES } from '../../../../src/main/engine/doctor/cases/case-schema.js';
import { CaseError, CaseStore } from '../../../../src/main/engine/doctor/cases/case-store.js';

const root = mkdtempSync(join(tmpdir(), 'clawdoc-prop-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
function fresh(): { s: CaseStore; dir: string } {
  const dir = join(root, String(n++));
  mkdirSync(dir);
  return { s: new CaseStore(dir, () => ({ 'shell-ok': ['systemctl --user restart openclaw-gateway'] })), dir };
}

const FIELDS = ['id', 'title', 'description', 'severity', 'match', 'fix', 'priority', 'enabled', 'approval', 'attempts', 'successes', 'references', 'origin'];
/** A refusal names the field it is about (`match.patterns.0: …`, `unknown key "x"`, `fix.1: …`). */
const NAMES_A_FIELD = new RegExp(`^(?:unknown key "|(?:${FIELDS.join('|')})(?:[.:]|$))`);

/** Mostly valid values, sometimes anything at all. */
const mostly = <T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<unknown> = fc.anything()) => fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: invalid, weight: 1 });
const text = (max: number) => mostly(fc.string({ minLength: 1, maxLength: Math.min(max, 40) }), fc.oneof(fc.constant(''), fc.constant('x'.repeat(max + 1)), fc.anything()));

const idArb = mostly(
  fc.oneof(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,20}$/), fc.constantFrom('constructor', 'toString', 'valueOf', 'heap-oom', 'shell-ok')),
  fc.oneof(fc.constantFrom('', '__proto__', '../etc/passwd', 'a b', 'x'.repeat(65)), fc.string(), fc.anything()),
);
const PATTERNS = ['EADDRINUSE', 'Port \\d+ is already in use', 'gateway\\.mode[^\\n]{0,30}remote', '(?:token|password) missing', 'x\\s*\\s*y', '((a|aa))+$'];
const BAD_PATTERNS = ['(a+)+$', '(a|aa)*b', '(?=x)y', '(a)\\1', '[', '.*', '\\u0041x', '(?:a|b|ab){300}q', 'x'.repeat(401)];
const patternArb = mostly(fc.constantFrom(...PATTERNS), fc.oneof(fc.constantFrom(...BAD_PATTERNS), fc.string({ maxLength: 12 })));
const keyArb = mostly(
  fc.oneof(fc.constantFrom('gateway.mode', 'gateway.auth.mode', 'logging.level', 'gateway.toString'), fc.stringMatching(/^[A-Za-z0-9_$-]{1,8}(?:\.[A-Za-z0-9_$-]{1,8}){0,3}$/)),
  fc.oneof(fc.constantFrom('a..b', 'x.__proto__.y', 'constructor.prototype', ''), fc.string()),
);
const num = (min: number, max: number) => mostly(fc.integer({ min, max }), fc.oneof(fc.integer(), fc.double(), fc.constant(-0), fc.string()));
const actionArb = mostly(
  fc.oneof(
    fc.constant({ type: 'restart-gateway' }),
    fc.constant({ type: 'restore-snapshot' }),
    fc.constant({ type: 'stop-stale-gateway' }),
    fc.record({ type: fc.constant('set-config-key'), key: keyArb, value: mostly(fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(-0))) }),
    fc.record({ type: fc.constant('remove-config-key'), key: keyArb }, { requiredKeys: ['type'] }),
    fc.record({ type: fc.constant('openclaw-doctor-fix'), timeoutSec: num(5, 1800) }, { requiredKeys: ['type'] }),
    fc.record({ type: fc.constant('wait-rate-limit'), seconds: num(1, 3600) }, { requiredKeys: ['type'] }),
    fc.record({ type: fc.constant('prune-logs'), olderThanDays: num(1, 3650) }, { requiredKeys: ['type'] }),
    fc.record({ type: fc.constant('escalate'), message: text(500) }, { requiredKeys: ['type'] }),
    fc.record({ type: fc.constant('shell'), command: fc.constantFrom('systemctl --user restart openclaw-gateway', 'rm -rf ~') }),
  ),
  fc.oneof(fc.record({ type: fc.string() }), fc.record({ type: fc.constant('restart-gateway'), extra: fc.anything() })),
);
const list = <T>(arb: fc.Arbitrary<T>, max: number) => mostly(fc.array(arb, { maxLength: max }));
const matchArb = mostly(
  fc.record(
    {
      signatures: list(text(300), 3),
      patterns: list(patternArb, 3),
      exitCodes: list(num(0, 255), 3),
      failing: list(text(100), 2),
      findings: list(text(64), 2),
      causes: list(mostly(fc.constantFrom(...ESCALATION_CAUSES), fc.string()), 2),
      portHolder: mostly(fc.constantFrom('openclaw', 'foreign'), fc.string()),
      keywords: list(text(50), 3),
    },
    { requiredKeys: [] },
  ),
);
const bilingual = (max: number) => mostly(fc.record({ en: text(max), zh: text(max) }));
const caseArb = fc.record(
  {
    id: idArb,
    title: bilingual(200),
    description: bilingual(2000),
    severity: mostly(fc.constantFrom('critical', 'high', 'medium', 'low'), fc.string()),
    match: matchArb,
    fix: list(actionArb, 3),
    priority: num(-100, 100),
    enabled: mostly(fc.boolean()),
    approval: mostly(fc.constantFrom('auto', 'always'), fc.string()),
    attempts: num(0, 1000),
    successes: num(0, 1000),
    references: list(text(300), 2),
    origin: mostly(fc.constantFrom(...CASE_ORIGINS), fc.string()),
  },
  { requiredKeys: ['id', 'title', 'description', 'severity', 'match', 'fix'] },
);
/** Only valid values: these must all be accepted. */
const validText = (max: number) => fc.string({ minLength: 1, maxLength: Math.min(max, 40) });
const validMatch = fc.record(
  {
    signatures: fc.array(validText(300), { maxLength: 3 }),
    patterns: fc.array(fc.constantFrom(...PATTERNS), { maxLength: 3 }),
    exitCodes: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 3 }),
    failing: fc.array(validText(100), { maxLength: 2 }),
    findings: fc.array(validText(64), { maxLength: 2 }),
    causes: fc.array(fc.constantFrom(...ESCALATION_CAUSES), { maxLength: 2 }),
    portHolder: fc.constantFrom('openclaw', 'foreign'),
    keywords: fc.array(validText(50), { maxLength: 3 }),
  },
  { requiredKeys: [] },
);
const validAction = fc.oneof(
  fc.constant({ type: 'restart-gateway' }),
  fc.constant({ type: 'restore-snapshot' }),
  fc.record({ type: fc.constant('set-config-key'), key: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_$-]{0,8}(?:\.[A-Za-z][A-Za-z0-9_$-]{0,8}){0,3}$/), value: fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(-0)) }),
  fc.record({ type: fc.constant('remove-config-key'), key: fc.constantFrom('gateway.bogus', 'plugins.x') }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('wait-rate-limit'), seconds: fc.integer({ min: 1, max: 3600 }) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('escalate'), message: validText(500) }, { requiredKeys: ['type'] }),
);
const validCase = fc.record(
  {
    id: fc.stringMatching(/^v[A-Za-z0-9_.-]{0,20}$/),
    title: fc.record({ en: validText(200), zh: validText(200) }),
    description: fc.record({ en: validText(2000), zh: validText(2000) }),
    severity: fc.constantFrom('critical', 'high', 'medium', 'low'),
    match: validMatch,
    fix: fc.array(validAction, { maxLength: 3 }),
    priority: fc.oneof(fc.integer({ min: -100, max: 100 }), fc.constant(-0)),
    enabled: fc.boolean(),
    approval: fc.constantFrom('auto', 'always'),
    attempts: fc.integer({ min: 0, max: 1000 }),
    successes: fc.integer({ min: 0, max: 1000 }),
    references: fc.array(validText(300), { maxLength: 2 }),
    origin: fc.constantFrom('user', 'learned'),
  },
  { requiredKeys: ['id', 'title', 'description', 'severity', 'match', 'fix'] },
);
/** A valid case with exactly one field broken (the refusal must name that field). */
const mutatedCase = fc.tuple(validCase, fc.constantFrom(...FIELDS), fc.anything()).map(([c, field, junk]) => ({ ...c, [field]: junk }));
/** Sometimes with an extra key, sometimes not an object at all. */
const inputArb = fc.oneof(
  { arbitrary: validCase, weight: 4 },
  { arbitrary: mutatedCase, weight: 3 },
  { arbitrary: caseArb, weight: 2 },
  { arbitrary: fc.tuple(caseArb, fc.string({ minLength: 1, maxLength: 8 }), fc.anything()).map(([c, k, v]) => ({ ...c, [k]: v })), weight: 1 },
  { arbitrary: fc.anything(), weight: 1 },
);

test('add: accepted and round-trips (add → export → import elsewhere), or refused naming the field with nothing written', () => {
  let accepted = 0;
  let refused = 0;
  fc.assert(
    fc.property(inputArb, (input) => {
      const a = fresh();
      let added;
      try {
        added = a.s.add(input);
      } catch (err) {
        assert.ok(err instanceof CaseError, `a CaseError, not ${String(err)}`);
        const isObject = !!input && typeof input === 'object' && !Array.isArray(input);
        if (isObject) assert.match(err.message, NAMES_A_FIELD);
        else assert.match(err.message, /^\(root\): /);
        assert.equal(existsSync(join(a.dir, 'cases.json')), false, 'nothing written');
        refused++;
        return;
      }
      accepted++;
      const stored = a.s.get(added.id);
      assert.deepStrictEqual(stored, added, 'add returns what is stored');
      const b = fresh();
      const exported = a.s.exportText({ userOnly: true });
      assert.deepEqual(b.s.importText(exported), [added.id]);
      assert.deepStrictEqual(b.s.get(added.id), stored, 'the same case after export and import');
      assert.equal(b.s.exportText({ userOnly: true }), exported, 'and the same file');
    }),
    { numRuns: Number(process.env.PROP_RUNS ?? 400) },
  );
  console.log(`add: ${accepted} accepted, ${refused} refused`);
  assert.ok(accepted >= 40 && refused >= 40, `both outcomes exercised (${accepted} accepted, ${refused} refused)`);
});

test('import: a file of cases is taken whole (and round-trips) or refused whole, naming the case and the field', () => {
  let accepted = 0;
  fc.assert(
    fc.property(fc.array(inputArb, { minLength: 1, maxLength: 3 }), fc.boolean(), (cases, wrapped) => {
      const a = fresh();
      a.s.add({ id: 'already-here', title: { en: 'x', zh: 'x' }, description: { en: 'x', zh: 'x' }, severity: 'low', match: {}, fix: [] });
      const before = readFileSync(join(a.dir, 'cases.json'), 'utf8');
      let ids: string[];
      try {
        ids = a.s.importText(JSON.stringify(wrapped ? { version: 1, cases } : cases));
      } catch (err) {
        assert.ok(err instanceof CaseError, `a CaseError, not ${String(err)}`);
        assert.match(err.message, new RegExp(`^(?:case (?:#\\d+(?: "(?:[^"\\\\]|\\\\.)*")?|"[^"]*"): (?:unknown key "|(?:${FIELDS.join('|')})(?:[.:]|$)|\\(root\\): )|forbidden key ")`));
        assert.equal(readFileSync(join(a.dir, 'cases.json'), 'utf8'), before, 'nothing changed');
        return;
      }
      accepted++;
      const b = fresh();
      b.s.importText(a.s.exportText({ userOnly: true }));
      for (const id of ids) assert.deepStrictEqual(b.s.get(id), a.s.get(id), id);
      assert.deepStrictEqual(b.s.get('already-here'), a.s.get('already-here'));
    }),
    { numRuns: Number(process.env.PROP_RUNS ?? 200) },
  );
  assert.ok(accepted >= 10, `some files accepted (${accepted})`);
});
