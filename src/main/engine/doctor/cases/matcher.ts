// Matches evidence against the case library. Exact signatures first (case-sensitive substrings), then
// regexes and structured evidence (exit code, escalation cause, /readyz failing[], config findings, who
// holds the port), then keywords. Every candidate gets a confidence in [0,1] and a one-line reason.
// Speed: the literals every signature and pattern needs are found in one pass over the text (an
// Aho-Corasick prefilter); only the lines it hits are tested with each case's regex.
// Safety: regexes run on RE2 (linear time, programs capped in size, one line of at most 16 KB at a time);
// the work is cut into steps, so matchAsync() yields to the event loop between them, and a time budget
// bounds the whole match (what is left when it runs out is skipped and reported in `lastRun`).
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { LiteralScanner, requiredLiterals } from './literal-scan.js';
import type { Case } from './case-schema.js';
import { cachedPattern, type CasePattern } from './regex-engine.js';
import type { CaseCandidate as Candidate } from '../../../../shared/doctor.js';

export type { Candidate };

export interface MatchInput {
  lines: string[];
  exitCode?: number | null;
  cause?: string;
  failing?: string[];
  /** Config-check finding codes; undefined when the config was not checked. */
  findings?: string[];
  portHolder?: 'openclaw' | 'foreign' | null;
}


export const DEFAULT_THRESHOLD = 0.5;
const MAX_LINES_PER_PATTERN = 200;
/** The regex phase of one match stops after this long (the rest is skipped, see `lastRun`). */
export const DEFAULT_BUDGET_MS = 1000;
/** matchAsync() gives the event loop a turn at least this often. */
const SLICE_MS = 8;
/** The prefilter scans this many characters between turns. */
const SCAN_CHUNK = 256 * 1024;

export interface MatchOptions {
  budgetMs?: number;
}

/** What the last match did (for records and tests). */
export interface MatchRun {
  regexTests: number;
  /** Regex tests skipped because the budget ran out. */
  skipped: number;
  ms: number;
  /** matchAsync: the longest stretch without giving the event loop a turn. */
  longestSliceMs?: number;
}

interface CompiledCase {
  c: Case;
  keywords: string[];
}

interface Target {
  caseIdx: number;
  kind: 'sig' | 'pat';
  idx: number;
}

export class Matcher {
  private readonly compiled: CompiledCase[];
  private readonly scanner: LiteralScanner;
  /** literal id → the signatures / patterns it stands for */
  private readonly targets: Target[][] = [];
  /** Patterns without a usable literal: tested on every line. */
  private readonly unfiltered: { caseIdx: number; idx: number }[] = [];
  /** Patterns RE2 refused (only cases that bypassed validation): they never match. */
  readonly refused = new Map<string, { caseId: string; reason: string }>();
  lastRun: MatchRun = { regexTests: 0, skipped: 0, ms: 0 };

  constructor(cases: Case[]) {
    this.compiled = cases.filter((c) => c.enabled).map((c) => ({ c, keywords: c.match.keywords.map((k) => k.toLowerCase()) }));
    const literalIds = new Map<string, number>();
    const add = (literal: string, t: Target) => {
      let id = literalIds.get(literal);
      if (id === undefined) {
        id = literalIds.size;
        literalIds.set(literal, id);
        this.targets.push([]);
      }
      this.targets[id]!.push(t);
    };
    this.compiled.forEach((cc, caseIdx) => {
      cc.c.match.signatures.forEach((sig, idx) => add(sig.toLowerCase(), { caseIdx, kind: 'sig', idx }));
      cc.c.match.patterns.forEach((p, idx) => {
        const lits = requiredLiterals(p);
        if (lits) for (const l of lits) add(l, { caseIdx, kind: 'pat', idx });
        else this.unfiltered.push({ caseIdx, idx });
      });
    });
    this.scanner = new LiteralScanner([...literalIds.keys()]);
  }

  /** The compiled pattern (compiled on first use), or undefined when RE2 refuses it. */
  private pattern(caseIdx: number, idx: number): CasePattern | undefined {
    const c = this.compiled[caseIdx]!.c;
    const source = c.match.patterns[idx]!;
    const re = cachedPattern(source);
    if (!(re instanceof Error)) return re;
    this.refused.set(source, { caseId: c.id, reason: re.message });
    return undefined;
  }

  get size(): number {
    return this.compiled.length;
  }

  /** For each case, the candidate lines of each signature and pattern (one pass over the text, in
   * chunks of about SCAN_CHUNK characters so matchAsync can yield between them). */
  private *scan(lines: string[], sig: Map<number, Set<number>>[], pat: Map<number, Set<number>>[]): Generator<void> {
    for (let start = 0; start < lines.length; ) {
      let end = start;
      for (let size = 0; end < lines.length && (end === start || size + lines[end]!.length < SCAN_CHUNK); end++) size += lines[end]!.length + 1;
      const offset = start;
      this.scanner.scan(lines.slice(start, end).join('\n').toLowerCase(), (id, line) => {
        for (const t of this.targets[id]!) {
          const m = (t.kind === 'sig' ? sig : pat)[t.caseIdx]!;
          let set = m.get(t.idx);
          if (!set) m.set(t.idx, (set = new Set()));
          set.add(offset + line);
        }
      });
      start = end;
      yield;
    }
  }

  /** All candidates above zero, best first. Synchronous: blocks for at most about `budgetMs`. */
  match(input: MatchInput, options: MatchOptions = {}): Candidate[] {
    const steps = this.steps(input, options.budgetMs ?? DEFAULT_BUDGET_MS);
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
    }
  }

  /** The same as match(), giving the event loop a turn every few milliseconds (the watcher uses this). */
  async matchAsync(input: MatchInput, options: MatchOptions = {}): Promise<Candidate[]> {
    const steps = this.steps(input, options.budgetMs ?? DEFAULT_BUDGET_MS);
    let sliceStart = performance.now();
    let longest = 0;
    for (;;) {
      const r = steps.next();
      const now = performance.now();
      if (r.done) {
        this.lastRun.longestSliceMs = Math.max(longest, now - sliceStart);
        return r.value;
      }
      if (now - sliceStart >= SLICE_MS) {
        longest = Math.max(longest, now - sliceStart);
        await yieldToLoop();
        sliceStart = performance.now();
      }
    }
  }

  /** The match, cut into steps: it yields after every regex test. */
  private *steps(input: MatchInput, budgetMs: number): Generator<void, Candidate[]> {
    const started = performance.now();
    const run: MatchRun = { regexTests: 0, skipped: 0, ms: 0 };
    this.lastRun = run;
    const lines = input.lines.some((l) => l.includes('\n')) ? input.lines.flatMap((l) => l.split('\n')) : input.lines;
    const scanned = { sig: this.compiled.map(() => new Map<number, Set<number>>()), pat: this.compiled.map(() => new Map<number, Set<number>>()) };
    yield* this.scan(lines, scanned.sig, scanned.pat);
    const deadline = started + budgetMs;
    /** One regex test, unless the budget is spent. */
    const test = (re: CasePattern | undefined, line: string): boolean => {
      if (!re) return false;
      if (performance.now() > deadline) {
        run.skipped++;
        return false;
      }
      run.regexTests++;
      return re.test(line);
    };
    const confirmed = new Set<string>();
    for (const u of this.unfiltered) {
      const re = this.pattern(u.caseIdx, u.idx);
      for (let l = 0; l < lines.length && re; l++) {
        const hit = test(re, lines[l]!);
        yield;
        if (!hit) continue;
        confirmed.add(`${u.caseIdx}:${u.idx}`); // this line matched already: not tested again below
        scanned.pat[u.caseIdx]!.set(u.idx, new Set([l]));
        break;
      }
    }
    const findings = new Set(input.findings ?? []);
    const hitLineIdx = new Set<number>();
    const perCase: { sig?: string; sigLine?: string; patLines: string[] }[] = [];
    for (let i = 0; i < this.compiled.length; i++) {
      const cc = this.compiled[i]!;
      let sig: string | undefined;
      let sigLine: string | undefined;
      for (const [idx, set] of scanned.sig[i]!) {
        const s = cc.c.match.signatures[idx]!;
        for (const l of set) {
          if (lines[l]!.includes(s)) {
            sig ??= s;
            sigLine ??= lines[l];
            hitLineIdx.add(l);
            break;
          }
        }
      }
      const patLines: string[] = [];
      for (const [idx, set] of scanned.pat[i]!) {
        const re = this.pattern(i, idx);
        const cand = [...set].slice(-MAX_LINES_PER_PATTERN);
        for (let k = cand.length - 1; k >= 0 && re; k--) {
          const l = cand[k]!;
          const hit = confirmed.has(`${i}:${idx}`) || test(re, lines[l]!);
          yield;
          if (hit) {
            patLines[idx] = lines[l]!;
            hitLineIdx.add(l);
            break;
          }
        }
      }
      perCase.push({ sig, sigLine, patLines });
    }
    const lowerInteresting = (lines.length <= 300 ? lines : [...hitLineIdx].sort((a, b) => a - b).map((l) => lines[l]!)).join('\n').toLowerCase();
    const out: Candidate[] = [];
    this.compiled.forEach((cc, i) => {
      const m = cc.c.match;
      if (m.portHolder && input.portHolder && m.portHolder !== input.portHolder) return;
      const hit = perCase[i]!;
      const why: string[] = [];
      const hitLines: string[] = [];
      let score = 0;
      let exact = false;
      let strong = false;
      const sig = hit.sig;
      if (sig) {
        score = 0.9;
        exact = strong = true;
        why.push(`signature "${sig.length > 60 ? `${sig.slice(0, 57)}...` : sig}"`);
        if (hit.sigLine) hitLines.push(hit.sigLine);
      }
      let patternHits = 0;
      cc.c.match.patterns.forEach((source, idx) => {
        const line = hit.patLines[idx];
        if (line === undefined) return;
        patternHits++;
        if (patternHits === 1 && !sig) why.push(`pattern /${source.length > 50 ? `${source.slice(0, 47)}...` : source}/`);
        if (hitLines.length < 3 && !hitLines.includes(line)) hitLines.push(line);
      });
      if (patternHits) {
        strong = true;
        score = sig ? Math.min(1, score + 0.03 * patternHits) : Math.min(0.8, 0.6 + 0.1 * (patternHits - 1));
      }
      const finding = m.findings.find((f) => findings.has(f));
      if (finding) {
        strong = true;
        score += 0.6;
        why.push(`config finding ${finding}`);
      } else if (m.findings.length && input.findings !== undefined && !m.failing.length) {
        score *= 0.5; // the config was checked and does not confirm this case
        if (score > 0) why.push('config check does not confirm it');
      }
      const failing = m.failing.find((f) => input.failing?.some((x) => x.startsWith(f)));
      if (failing) {
        strong = true;
        score += 0.6;
        why.push(`readyz failing ${failing}`);
      }
      if (m.portHolder && input.portHolder === m.portHolder) {
        strong = true;
        score += 0.5;
        why.push(m.portHolder === 'openclaw' ? 'port held by another OpenClaw process' : 'port held by a program that is not OpenClaw');
      }
      if (!strong) return;
      if (input.exitCode !== undefined && input.exitCode !== null && m.exitCodes.includes(input.exitCode)) {
        score += 0.1;
        why.push(`exit ${input.exitCode}`);
      }
      if (input.cause && (m.causes as string[]).includes(input.cause)) {
        score += 0.1;
        why.push(`escalation ${input.cause}`);
      }
      if (cc.keywords.length) {
        const hits = cc.keywords.filter((k) => lowerInteresting.includes(k)).length;
        if (hits) score += 0.1 * (hits / cc.keywords.length);
      }
      const confidence = Math.round(Math.min(1, score) * 100) / 100;
      if (confidence <= 0) return;
      out.push({ caseId: cc.c.id, confidence, reason: why.join('; '), lines: hitLines, exact });
    });
    const prio = new Map(this.compiled.map((cc) => [cc.c.id, cc.c.priority]));
    out.sort((a, b) => b.confidence - a.confidence || Number(b.exact) - Number(a.exact) || (prio.get(b.caseId) ?? 0) - (prio.get(a.caseId) ?? 0));
    run.ms = performance.now() - started;
    return out;
  }
}
