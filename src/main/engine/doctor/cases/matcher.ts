// Matches evidence against the case library. Exact signatures first (case-sensitive substrings), then
// regexes and structured evidence (exit code, escalation cause, /readyz failing[], config findings, who
// holds the port), then keywords. Every candidate gets a confidence in [0,1] and a one-line reason.
// Speed: all signatures and patterns are combined into one prefilter regex, so 10 000 lines are scanned
// once; only the lines it hits are tested against each case individually.
import { LiteralScanner, requiredLiterals } from './literal-scan.js';
import type { Case } from './case-schema.js';

export interface MatchInput {
  lines: string[];
  exitCode?: number | null;
  cause?: string;
  failing?: string[];
  /** Config-check finding codes; undefined when the config was not checked. */
  findings?: string[];
  portHolder?: 'openclaw' | 'foreign' | null;
}

export interface Candidate {
  caseId: string;
  confidence: number;
  reason: string;
  /** Lines that matched, for the record (at most 3). */
  lines: string[];
  exact: boolean;
}

export const DEFAULT_THRESHOLD = 0.5;
const MAX_LINES_PER_PATTERN = 200;

interface CompiledCase {
  c: Case;
  patterns: RegExp[];
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
  /** Patterns without a usable literal: run over the whole text. */
  private readonly unfiltered: { caseIdx: number; idx: number; re: RegExp }[] = [];

  constructor(cases: Case[]) {
    this.compiled = cases.filter((c) => c.enabled).map((c) => ({ c, patterns: c.match.patterns.map((p) => new RegExp(p, 'i')), keywords: c.match.keywords.map((k) => k.toLowerCase()) }));
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
        else this.unfiltered.push({ caseIdx, idx, re: new RegExp(p, 'im') });
      });
    });
    this.scanner = new LiteralScanner([...literalIds.keys()]);
  }

  get size(): number {
    return this.compiled.length;
  }

  /** For each case, the candidate lines of each signature and pattern (one pass over the text). */
  private scan(lines: string[]): { sig: Map<number, Set<number>>[]; pat: Map<number, Set<number>>[]; text: string } {
    const sig = this.compiled.map(() => new Map<number, Set<number>>());
    const pat = this.compiled.map(() => new Map<number, Set<number>>());
    const text = lines.join('\n');
    this.scanner.scan(text.toLowerCase(), (id, line) => {
      for (const t of this.targets[id]!) {
        const m = (t.kind === 'sig' ? sig : pat)[t.caseIdx]!;
        let set = m.get(t.idx);
        if (!set) m.set(t.idx, (set = new Set()));
        set.add(line);
      }
    });
    for (const u of this.unfiltered) {
      const m = u.re.exec(text);
      if (!m) continue;
      const line = countNewlines(text, m.index);
      let set = pat[u.caseIdx]!.get(u.idx);
      if (!set) pat[u.caseIdx]!.set(u.idx, (set = new Set()));
      set.add(line);
    }
    return { sig, pat, text };
  }

  /** All candidates above zero, best first. */
  match(input: MatchInput): Candidate[] {
    const lines = input.lines.some((l) => l.includes('\n')) ? input.lines.flatMap((l) => l.split('\n')) : input.lines;
    const scanned = this.scan(lines);
    const findings = new Set(input.findings ?? []);
    const hitLineIdx = new Set<number>();
    const perCase: { sig?: string; sigLine?: string; patLines: string[] }[] = this.compiled.map((cc, i) => {
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
        const re = cc.patterns[idx]!;
        const cand = [...set].slice(-MAX_LINES_PER_PATTERN);
        for (let k = cand.length - 1; k >= 0; k--) {
          const l = cand[k]!;
          if (re.test(lines[l]!)) {
            patLines[idx] = lines[l]!;
            hitLineIdx.add(l);
            break;
          }
        }
      }
      return { sig, sigLine, patLines };
    });
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
      cc.patterns.forEach((re, idx) => {
        const line = hit.patLines[idx];
        if (line === undefined) return;
        patternHits++;
        if (patternHits === 1 && !sig) why.push(`pattern /${re.source.length > 50 ? `${re.source.slice(0, 47)}...` : re.source}/`);
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
    return out;
  }
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
