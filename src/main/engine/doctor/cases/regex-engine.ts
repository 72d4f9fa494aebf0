// Case patterns run on RE2 (re2js, a pure-JS port): matching time is linear in the input whatever the
// pattern, so no case, however hostile, can make the watcher backtrack for minutes. RE2 has no
// backreferences and no lookaround; such patterns are refused when a case is added or imported.
import { RE2JS } from 're2js';

/** Bigger compiled programs cost more per character (RE2 is linear in input × program size). */
export const MAX_PROGRAM_SIZE = 500;
/** A regex sees at most this much of one line (the literal prefilter still sees all of it). */
export const MAX_REGEX_INPUT = 16_384;

const FLAGS = RE2JS.CASE_INSENSITIVE;

/** A compiled case pattern: case-insensitive, tested on one line at a time. */
export class CasePattern {
  private constructor(
    readonly source: string,
    private readonly re: RE2JS,
  ) {}

  /** Compiles `source`, or throws an Error whose message says why RE2 refuses it. */
  static compile(source: string): CasePattern {
    let re: RE2JS;
    try {
      re = RE2JS.compile(source, FLAGS);
    } catch (err) {
      throw new Error(explain(source, (err as Error).message));
    }
    const size = re.programSize();
    if (size > MAX_PROGRAM_SIZE) throw new Error(`too complex (${size} RE2 instructions, at most ${MAX_PROGRAM_SIZE}): use shorter bounded repeats such as [^\\n]{0,60}`);
    return new CasePattern(source, re);
  }

  test(line: string): boolean {
    return this.re.test(line.length > MAX_REGEX_INPUT ? line.slice(0, MAX_REGEX_INPUT) : line);
  }
}

const cache = new Map<string, CasePattern | Error>();
const CACHE_MAX = 4000;

/** compile() remembered: the doctor builds a matcher per diagnosis, the patterns rarely change. */
export function cachedPattern(source: string): CasePattern | Error {
  let hit = cache.get(source);
  if (hit === undefined) {
    try {
      hit = CasePattern.compile(source);
    } catch (err) {
      hit = err as Error;
    }
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(source, hit);
  }
  return hit;
}

/** Why RE2 refuses a pattern, or undefined when it compiles within the size limit. */
export function re2Reason(source: string): string | undefined {
  try {
    CasePattern.compile(source);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

function explain(source: string, message: string): string {
  const why = message.replace(/^error parsing regexp: /, '');
  if (/\(\?<?[=!]/.test(source)) return `lookahead/lookbehind ((?=, (?!, (?<=, (?<!) is not supported by the linear-time engine (RE2)`;
  if (/\\[1-9]|\\k</.test(source)) return 'backreferences are not supported by the linear-time engine (RE2)';
  if (/invalid repeat count/.test(why)) return `repeat count too large for the linear-time engine (RE2 allows at most 1000, nested repeats included): ${why}`;
  return `not supported by the linear-time engine (RE2): ${why}`;
}
