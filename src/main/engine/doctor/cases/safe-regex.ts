// Patterns in cases come from users (`clawdoc cases import`). Matching runs on RE2 (regex-engine.ts), which
// is linear-time whatever the pattern: that is the guarantee. A pattern must also compile as a JavaScript
// regex (the literal prefilter reads it with JS syntax) and stay short. The shapes that would backtrack
// catastrophically on a backtracking engine (a quantified group that itself contains a quantifier or an
// alternation, e.g. (a+)+, (a|aa)*, (.*x){2,}) are still refused: a case file stays safe to use elsewhere.
import { CasePattern } from './regex-engine.js';

export const MAX_PATTERN_LENGTH = 400;

/** Returns why the pattern is refused, or undefined when it is acceptable. */
export function unsafePatternReason(source: string): string | undefined {
  if (source.length === 0) return 'empty pattern';
  if (source.length > MAX_PATTERN_LENGTH) return `pattern longer than ${MAX_PATTERN_LENGTH} characters`;
  try {
    new RegExp(source, 'i');
  } catch (err) {
    return `invalid regex: ${(err as Error).message}`;
  }
  if (/\\[1-9]|\\k</.test(source)) return 'backreferences are not allowed (the linear-time engine, RE2, has none)';
  if (/\(\?<[A-Za-z]/.test(source)) return 'named groups are not allowed';
  let compiled: CasePattern;
  try {
    compiled = CasePattern.compile(source);
  } catch (err) {
    return (err as Error).message;
  }
  if (compiled.test('')) return 'the pattern matches an empty line (it would match everything)';
  // Scan groups: remember whether each open group contains a quantifier or an alternation.
  const stack: { quantified: boolean; alternation: boolean }[] = [];
  let lastGroup: { quantified: boolean; alternation: boolean } | undefined;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      i++;
      lastGroup = undefined;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      lastGroup = undefined;
      continue;
    }
    if (c === '(') {
      stack.push({ quantified: false, alternation: false });
      lastGroup = undefined;
      continue;
    }
    if (c === ')') {
      const g = stack.pop();
      if (!g) return 'unbalanced parenthesis';
      lastGroup = g;
      const parent = stack.at(-1);
      if (parent && (g.quantified || g.alternation)) parent.quantified ||= g.quantified;
      continue;
    }
    const isQuant = c === '*' || c === '+' || c === '?' || c === '{';
    if (isQuant) {
      const unbounded = c === '*' || c === '+' || (c === '{' && /^\{\d+,(\d*)\}/.test(source.slice(i)) && !/^\{(\d+),\1\}/.test(source.slice(i)));
      const repeats = unbounded || (c === '{' && /^\{\d*,?\d+\}/.test(source.slice(i)) && !/^\{[01]\}/.test(source.slice(i)));
      if (lastGroup && repeats && (lastGroup.quantified || lastGroup.alternation)) {
        return 'nested quantifier (catastrophic backtracking risk)';
      }
      const top = stack.at(-1);
      if (top && c !== '?') top.quantified = true;
      if (c === '{') {
        const end = source.indexOf('}', i);
        if (end > 0) i = end;
      }
      lastGroup = undefined;
      continue;
    }
    if (c === '|') {
      const top = stack.at(-1);
      if (top) top.alternation = true;
    }
    lastGroup = undefined;
  }
  if (stack.length) return 'unbalanced parenthesis';
  return undefined;
}
