// The literal prefilter may let extra lines through, never lose one: for any pattern and any line the
// pattern matches (on RE2, as the matcher runs it), the line contains one of the pattern's literals.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { requiredLiterals } from '../../../../src/main/engine/doctor/cases/literal-scan.js';
import { Matcher } from '../../../../src/main/engine/doctor/cases/matcher.js';
import { CasePattern } from '../../../../src/main/engine/doctor/cases/regex-engine.js';
import { CaseSchema } from '../../../../src/main/engine/doctor/cases/case-schema.js';

const WORDS = ['tok', 'token', 'pass', 'password', 'fail', 'failed', 'ab', 'abc', 'x', 'Mode'];
const word = fc.constantFrom(...WORDS);
const atom: fc.Arbitrary<string> = fc.oneof(
  word,
  fc.constantFrom('\\d', '\\s', '.', '[a-c]', '[^\\n]', ' ', '\\.', '-'),
  fc.array(word, { minLength: 2, maxLength: 3 }).map((ws) => `(?:${ws.join('|')})`),
  fc.array(word, { minLength: 2, maxLength: 3 }).map((ws) => `(${ws.join('|')})`),
);
const quantified = fc.tuple(atom, fc.constantFrom('', '', '', '?', '*', '+', '{0,2}', '{1,3}', '+?')).map(([a, q]) => (q && a.length > 1 && !a.startsWith('(') && !a.startsWith('[') && !a.startsWith('\\') ? `(?:${a})${q}` : `${a}${q}`));
const branch = fc.array(quantified, { minLength: 1, maxLength: 5 }).map((xs) => xs.join(''));
const pattern = fc.array(branch, { minLength: 1, maxLength: 3 }).map((bs) => bs.join('|'));
const line = fc.array(fc.oneof(word, word.map((w) => w.toUpperCase()), fc.constantFrom(' ', '1', '.', '-', 'c', '\n')), { maxLength: 12 }).map((xs) => xs.join(''));

test('every line a pattern matches contains one of its required literals', () => {
  let filtered = 0;
  fc.assert(
    fc.property(pattern, fc.array(line, { minLength: 1, maxLength: 5 }), (p, lines) => {
      let re: CasePattern;
      try {
        re = CasePattern.compile(p);
      } catch {
        return; // not a pattern the matcher would run
      }
      const lits = requiredLiterals(p);
      if (!lits) return;
      filtered++;
      for (const l of lines.flatMap((x) => x.split('\n'))) {
        if (re.test(l)) assert.ok(lits.some((lit) => l.toLowerCase().includes(lit)), `/${p}/ matches ${JSON.stringify(l)} but none of ${JSON.stringify(lits)} is in it`);
      }
      // and the matcher (prefilter + RE2) finds the same lines as RE2 alone
      const c = CaseSchema.parse({ id: 'p', title: { en: 'p', zh: 'p' }, description: { en: 'p', zh: 'p' }, severity: 'low', match: { signatures: ['never-present-signature'] }, fix: [] });
      const m = new Matcher([{ ...c, match: { ...c.match, patterns: [p] } }]);
      const expected = lines.flatMap((x) => x.split('\n')).some((l) => re.test(l));
      assert.equal(m.match({ lines }).length > 0, expected, `/${p}/ on ${JSON.stringify(lines)}`);
    }),
    { numRuns: Number(process.env.PROP_RUNS ?? 500) },
  );
  assert.ok(filtered >= 50, `enough patterns had literals (${filtered})`);
});

test('a mandatory group of alternatives gives its alternatives as literals; an optional one gives none', () => {
  assert.deepEqual(requiredLiterals('(?:token|password) missing'), [' missing']);
  assert.deepEqual(requiredLiterals('(?:token|password) (?:auth|mode)'), ['token', 'password']);
  assert.deepEqual(requiredLiterals('(?:provider|model|api)[^\\n]{0,60}(?:ETIMEDOUT|fetch failed)'), ['etimedout', 'fetch failed'], 'the group with the fewest alternatives');
  assert.equal(requiredLiterals('(?:token|password)? x'), undefined);
  assert.equal(requiredLiterals('(?:token|password)* x'), undefined);
  assert.equal(requiredLiterals('(?=token)x'), undefined);
  assert.equal(requiredLiterals('(?:token|pw) x'), undefined, 'an alternative shorter than 3 characters');
});
