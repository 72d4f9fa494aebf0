// A fix an AI proposed that was verified to work becomes a case: origin "learned", pending review.
// Its signatures are literal lines of the evidence (exact substrings: nothing to escape, nothing an RE2
// pattern could make slow), redacted, cut before anything that changes from one run to the next (paths,
// numbers, ids), and kept only when they name a failure: a learned case must not match healthy output.
import { createHash } from 'node:crypto';
import type { AiPlan } from '../../../../shared/ai.js';
import { MASK, type Redactor } from '../../redaction/redactor.js';
import { stripAnsi } from '../../util/exec.js';
import { CaseSchema, type Action, type Case, type CaseInput } from '../cases/case-schema.js';

/** The start of a line: timestamps and log prefixes. */
const LEADING = /^(?:\s*(?:\d{4}-\d\d-\d\d[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?|\[[^\]]{1,40}\]|[-*•>]+)\s*)+/;
/** From here on a line changes between runs: paths, numbers, ids, quoted values. */
const VOLATILE = /[A-Za-z]:\\|~\/|\.{0,2}\/[^\s]|\b\d{3,}\b|\b0x[0-9a-f]+\b|\b[0-9a-f]{8,}\b|["'`](?=[^"'`]*[\\/])|https?:\/\//i;
/** A line worth learning names a failure. */
const FAILURE = /\b(?:fail(?:ed|s|ure)?|error|refus(?:ed|ing|es)|cannot|can't|could not|invalid|denied|missing|unable|blocked|abort(?:ed)?|crash(?:ed)?|did not|not (?:found|allowed|supported))\b/i;

export const MIN_SIGNATURE = 24;
export const MAX_SIGNATURE = 200;

/** A stable, specific part of one evidence line, or undefined. */
export function signatureOf(line: string, redactor: Redactor): string | undefined {
  let t = redactor.redact(stripAnsi(line)).replace(/\s+/g, ' ').trim();
  if (t.includes(MASK) || t.includes('[redacted')) return undefined; // around a secret: never learned
  t = t.replace(LEADING, '');
  const cut = VOLATILE.exec(t);
  if (cut) t = t.slice(0, cut.index);
  t = t.replace(/[\s:;,(=]+$/, '').trim();
  if (t.length < MIN_SIGNATURE || t.split(' ').length < 4 || !FAILURE.test(t)) return undefined;
  return t.length > MAX_SIGNATURE ? t.slice(0, MAX_SIGNATURE).trim() : t;
}

export interface LearnInput {
  plan: AiPlan;
  /** The action(s) that healed, in order. */
  actions: Action[];
  /** The gateway's own output first (the most specific), then log lines. */
  lines: string[];
  exitCode?: number | null;
  cause?: string;
  recordId: string;
  redactor: Redactor;
  now?: number;
}

/** The learned case, or why none can be made. */
export function buildLearnedCase(i: LearnInput): { ok: true; case: Case } | { ok: false; reason: string } {
  const sigs: string[] = [];
  for (const l of i.lines) {
    const s = signatureOf(l, i.redactor);
    if (s && !sigs.some((x) => x.includes(s) || s.includes(x))) sigs.push(s);
    if (sigs.length >= 3) break;
  }
  if (!sigs.length) return { ok: false, reason: 'no evidence line is specific enough to recognise this fault again' };
  const id = `learned-${createHash('sha256').update(sigs.join('\n')).digest('hex').slice(0, 10)}`;
  const r = (s: string, n: number) => {
    const t = i.redactor.redact(s).replace(/\s+/g, ' ').trim();
    return t.length > n ? `${t.slice(0, n - 1)}…` : t || '—';
  };
  const when = new Date(i.now ?? Date.now()).toISOString().slice(0, 10);
  const input: CaseInput = {
    id,
    title: { en: r(`Learned: ${i.plan.summary}`, 200), zh: r(`已学习：${i.plan.summary}`, 200) },
    description: {
      en: r(`Proposed by the AI (${i.plan.provider}) when no case matched, and verified to heal the gateway on ${when} (record ${i.recordId}). Root cause as the AI saw it: ${i.plan.rootCause}. Review it: accept it, edit it, or remove it.`, 2000),
      zh: r(`没有案例匹配时由 AI（${i.plan.provider}）提出，并于 ${when} 验证能修复网关（记录 ${i.recordId}）。AI 判断的根因：${i.plan.rootCause}。请审核：接受、编辑或删除。`, 2000),
    },
    severity: 'high',
    match: { signatures: sigs, exitCodes: typeof i.exitCode === 'number' && i.exitCode >= 0 && i.exitCode <= 255 ? [i.exitCode] : [], causes: [] },
    fix: i.actions,
    priority: 0,
    origin: 'learned',
    review: 'pending',
    references: [`doctor record ${i.recordId}`],
  };
  const parsed = CaseSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: `the learned case does not validate: ${parsed.error.issues[0]?.message ?? ''}` };
  return { ok: true, case: parsed.data };
}
