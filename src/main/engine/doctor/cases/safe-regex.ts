// Patterns in cases come from users (`clawdoc cases import`): each must compile, be short, and be free of
// the shapes that backtrack catastrophically (a quantified group that itself contains a quantifier or an
// alternation, e.g. (a+)+, (a|aa)*, (.*x){2,}) and of backreferences (patterns are combined into one).

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
  if (new RegExp(source, 'i').test('')) return 'the pattern matches an empty line (it would match everything)';
  if (/\\[1-9]|\\k</.test(source)) return 'backreferences are not allowed';
  if (/\(\?<[A-Za-z]/.test(source)) return 'named groups are not allowed';
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
