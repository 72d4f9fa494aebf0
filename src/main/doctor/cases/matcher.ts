// Matches evidence against the case library. Exact signatures first (case-sensitive substrings), then
// regexes and structured evidence (exit code, escalation cause, /readyz failing[], config findings, who
// holds the port), then keywords. Every candidate gets a confidence in [0,1] and a one-line reason.
// Speed: all signatures and patterns are combined into one prefilter regex, so 10 000 lines are scanned
// once; only the lines it hits are tested against each case individually.
import type { Case } from './schema.js';

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
const MAX_HIT_LINES = 400;
const INTERESTING = /error|fail|fatal|warn|exception|refus|denied|unable|cannot|invalid|blocked|limit|timeout|crash|missing|full|unsupported/i;

interface CompiledCase {
  c: Case;
  patterns: RegExp[];
  keywords: string[];
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export class Matcher {
  private readonly compiled: CompiledCase[];
  private readonly prefilter?: RegExp;

  constructor(cases: Case[]) {
    this.compiled = cases.filter((c) => c.enabled).map((c) => ({ c, patterns: c.match.patterns.map((p) => new RegExp(p, 'i')), keywords: c.match.keywords.map((k) => k.toLowerCase()) }));
    const alts = new Set<string>();
    for (const cc of this.compiled) {
      for (const s of cc.c.match.signatures) alts.add(escapeRegex(s));
      for (const p of cc.c.match.patterns) alts.add(`(?:${p})`);
    }
    if (alts.size) this.prefilter = new RegExp([...alts].join('|'), 'gim');
  }

  get size(): number {
    return this.compiled.length;
  }

  /** All candidates above zero, best first. */
  match(input: MatchInput): Candidate[] {
    const text = input.lines.join('\n');
    const hitLines = this.hitLines(text);
    const interesting = input.lines.length > 300 ? input.lines.filter((l) => INTERESTING.test(l)).slice(-300) : input.lines;
    const lowerInteresting = interesting.join('\n').toLowerCase();
    const findings = new Set(input.findings ?? []);
    const out: Candidate[] = [];
    for (const cc of this.compiled) {
      const m = cc.c.match;
      if (m.portHolder && input.portHolder && m.portHolder !== input.portHolder) continue;
      const why: string[] = [];
      const lines: string[] = [];
      let score = 0;
      let exact = false;
      let strong = false;
      const sig = m.signatures.find((s) => hitLines.some((l) => l.includes(s)));
      if (sig) {
        score = 0.9;
        exact = strong = true;
        why.push(`signature "${sig.length > 60 ? `${sig.slice(0, 57)}...` : sig}"`);
        const line = hitLines.find((l) => l.includes(sig));
        if (line) lines.push(line);
      }
      let patternHits = 0;
      for (const re of cc.patterns) {
        const line = hitLines.find((l) => re.test(l));
        if (line) {
          patternHits++;
          if (patternHits === 1 && !sig) why.push(`pattern /${re.source.length > 50 ? `${re.source.slice(0, 47)}...` : re.source}/`);
          if (lines.length < 3 && !lines.includes(line)) lines.push(line);
        }
      }
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
      if (!strong) continue;
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
      if (confidence <= 0) continue;
      out.push({ caseId: cc.c.id, confidence, reason: why.join('; '), lines, exact });
    }
    const prio = new Map(this.compiled.map((cc) => [cc.c.id, cc.c.priority]));
    out.sort((a, b) => b.confidence - a.confidence || Number(b.exact) - Number(a.exact) || (prio.get(b.caseId) ?? 0) - (prio.get(a.caseId) ?? 0));
    return out;
  }

  /** The distinct lines the prefilter hits (newest kept when there are many). */
  private hitLines(text: string): string[] {
    if (!this.prefilter) return [];
    const re = this.prefilter;
    re.lastIndex = 0;
    const seen = new Set<string>();
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      const start = text.lastIndexOf('\n', m.index) + 1;
      let end = text.indexOf('\n', m.index + Math.max(1, m[0].length));
      if (end < 0) end = text.length;
      seen.add(text.slice(start, end));
      re.lastIndex = end + 1;
      if (re.lastIndex > text.length) break;
    }
    const all = [...seen];
    return all.length > MAX_HIT_LINES ? all.slice(-MAX_HIT_LINES) : all;
  }
}
