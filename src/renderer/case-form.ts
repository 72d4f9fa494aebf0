// The case editor's model: a case as form fields (lists one item a line), back to a definition for
// `checkCase` / `addCase` / `editCase`, and where each of the runtime's problems goes (a pattern's
// problem goes beside its line). Pure.
import type { ValidationProblem } from '../shared/api.js';
import type { CaseView, FixAction } from '../shared/doctor.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export const CAUSES = ['config-refused', 'breaker', 'port-foreign', 'unhealthy-too-long', 'cannot-restart'] as const;

export interface CaseForm {
  id: string;
  titleEn: string;
  titleZh: string;
  descriptionEn: string;
  descriptionZh: string;
  severity: (typeof SEVERITIES)[number];
  priority: string;
  enabled: boolean;
  approval: 'auto' | 'always';
  /** One a line. */
  signatures: string;
  patterns: string;
  failing: string;
  findings: string;
  keywords: string;
  /** Comma- or space-separated. */
  exitCodes: string;
  causes: string[];
  /** The fix actions as JSON (an array of {type, …}). */
  fix: string;
}

export function emptyCaseForm(): CaseForm {
  return {
    id: '',
    titleEn: '',
    titleZh: '',
    descriptionEn: '',
    descriptionZh: '',
    severity: 'medium',
    priority: '0',
    enabled: true,
    approval: 'auto',
    signatures: '',
    patterns: '',
    failing: '',
    findings: '',
    keywords: '',
    exitCodes: '',
    causes: [],
    fix: '[\n  { "type": "restart-gateway" }\n]',
  };
}

export function caseToForm(c: CaseView): CaseForm {
  return {
    id: c.id,
    titleEn: c.title.en,
    titleZh: c.title.zh,
    descriptionEn: c.description.en,
    descriptionZh: c.description.zh,
    severity: c.severity,
    priority: String(c.priority),
    enabled: c.enabled,
    approval: c.approval,
    signatures: c.match.signatures.join('\n'),
    patterns: c.match.patterns.join('\n'),
    failing: c.match.failing.join('\n'),
    findings: c.match.findings.join('\n'),
    keywords: c.match.keywords.join('\n'),
    exitCodes: c.match.exitCodes.join(', '),
    causes: [...c.match.causes],
    fix: JSON.stringify(c.fix, null, 2),
  };
}

/** A copy to save under a new id: counts start again. */
export function duplicateForm(c: CaseView, existingIds: ReadonlySet<string>): CaseForm {
  const f = caseToForm(c);
  let id = `${c.id}-copy`.slice(0, 64);
  for (let n = 2; existingIds.has(id); n++) id = `${c.id}-copy${n}`.slice(0, 64);
  return { ...f, id, titleEn: `${c.title.en} (copy)`, titleZh: `${c.title.zh}（副本）` };
}

const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean);
/** Pattern lines keep their place (an empty line is an empty pattern, reported on its line). */
const patternLines = (s: string) => {
  const all = s.split('\n');
  while (all.length && all.at(-1)!.trim() === '') all.pop();
  return all;
};

/** The definition the form describes, and the form's own problems (fix JSON, exit codes). */
export function formToDefinition(f: CaseForm): { definition: Record<string, unknown>; problems: ValidationProblem[] } {
  const problems: ValidationProblem[] = [];
  let fix: unknown = [];
  try {
    fix = JSON.parse(f.fix || '[]') as FixAction[];
  } catch (err) {
    problems.push({ key: 'fix', message: `not valid JSON: ${(err as Error).message}` });
  }
  const codes = f.exitCodes.split(/[\s,，]+/).filter(Boolean);
  if (codes.some((c) => !/^\d+$/.test(c))) problems.push({ key: 'match.exitCodes', message: 'whole numbers 0-255, separated by commas' });
  const priority = Number(f.priority);
  if (!/^-?\d+$/.test(f.priority.trim())) problems.push({ key: 'priority', message: 'a whole number from -100 to 100' });
  return {
    definition: {
      id: f.id.trim(),
      title: { en: f.titleEn.trim(), zh: f.titleZh.trim() },
      description: { en: f.descriptionEn.trim(), zh: f.descriptionZh.trim() },
      severity: f.severity,
      priority: Number.isFinite(priority) ? priority : 0,
      enabled: f.enabled,
      approval: f.approval,
      match: {
        signatures: lines(f.signatures),
        patterns: patternLines(f.patterns),
        exitCodes: codes.filter((c) => /^\d+$/.test(c)).map(Number),
        failing: lines(f.failing),
        findings: lines(f.findings),
        causes: f.causes,
        keywords: lines(f.keywords),
      },
      fix,
    },
    problems,
  };
}

export type CaseField = keyof CaseForm | 'form';

/** Where a problem is shown: its field, and for a pattern its line (0-based). */
export function placeCaseProblem(p: ValidationProblem): { field: CaseField; line?: number } {
  const k = p.key;
  const pat = /^match\.patterns(?:\.(\d+))?/.exec(k);
  if (pat) return { field: 'patterns', ...(pat[1] !== undefined ? { line: Number(pat[1]) } : {}) };
  const table: Array<[RegExp, CaseField]> = [
    [/^id$/, 'id'],
    [/^title\.en/, 'titleEn'],
    [/^title\.zh/, 'titleZh'],
    [/^title/, 'titleEn'],
    [/^description\.en/, 'descriptionEn'],
    [/^description\.zh/, 'descriptionZh'],
    [/^description/, 'descriptionEn'],
    [/^severity/, 'severity'],
    [/^priority/, 'priority'],
    [/^approval/, 'approval'],
    [/^match\.signatures/, 'signatures'],
    [/^match\.exitCodes/, 'exitCodes'],
    [/^match\.failing/, 'failing'],
    [/^match\.findings/, 'findings'],
    [/^match\.keywords/, 'keywords'],
    [/^match\.causes/, 'causes'],
    [/^fix/, 'fix'],
  ];
  for (const [re, field] of table) if (re.test(k)) return { field };
  return { field: 'form' };
}

/** Problems grouped by field; pattern problems also by line. */
export function groupProblems(problems: ValidationProblem[]): { byField: Partial<Record<CaseField, string[]>>; patternLines: Map<number, string> } {
  const byField: Partial<Record<CaseField, string[]>> = {};
  const patternLinesMap = new Map<number, string>();
  for (const p of problems) {
    const { field, line } = placeCaseProblem(p);
    if (line !== undefined) patternLinesMap.set(line, p.message);
    (byField[field] ??= []).push(p.message);
  }
  return { byField, patternLines: patternLinesMap };
}

/** The case's search text (both languages), lower-cased. */
export function caseSearchText(c: CaseView): string {
  return [c.id, c.title.en, c.title.zh, c.description.en, c.description.zh, ...c.match.keywords, ...c.match.signatures].join('\n').toLowerCase();
}

export function filterCases(cases: CaseView[], query: string): CaseView[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return cases;
  return cases.filter((c) => {
    const text = caseSearchText(c);
    return words.every((w) => text.includes(w));
  });
}

/** Where a case comes from: shipped, the user's, or learned from a verified fix. */
export function caseOrigin(c: CaseView): 'builtin' | 'user' | 'learned' {
  return c.origin;
}

/** Learned cases wait for a person before they are used. */
export function awaitingReview(c: CaseView): boolean {
  return caseOrigin(c) === 'learned' && (c.review === 'pending' || !c.enabled);
}
