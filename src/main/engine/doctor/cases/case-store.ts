// The case library as the user sees it: the built-in cases, plus the user's own cases and edits in
// <dataDir>/cases.json, plus live counts (attempts, verified successes) in <dataDir>/case-stats.json.
// Every write is validated first and written atomically: a bad add/edit/import changes nothing.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { defineDocument, DocumentStore, type ProblemListener } from '../../store/documents.js';
import { BUILTIN_CASES, BUILTIN_IDS } from './builtin.js';
import { CaseSchema, formatZodError, type Case } from './case-schema.js';

export const MAX_IMPORT_BYTES = 1024 * 1024;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export class CaseError extends Error {}

interface UserCasesFile {
  version: 1;
  /** Validated case by case when read (see readUser). */
  cases: unknown[];
  /** Built-in cases the user removed. */
  removed: string[];
}

interface UserCases {
  cases: Case[];
  removed: string[];
  /** Entries that no longer validate (e.g. written by another ClawDoc version): unused, but kept in the file. */
  invalid: unknown[];
}

export interface CaseStats {
  attempts: number;
  successes: number;
  lastAt?: number;
}

/** JSON.parse that refuses prototype-pollution keys anywhere in the document. */
export function parseJsonStrict(text: string): unknown {
  let bad: string | undefined;
  const value: unknown = JSON.parse(text, function (key, v: unknown) {
    if (FORBIDDEN_KEYS.has(key)) bad = key;
    return v;
  });
  if (bad) throw new CaseError(`forbidden key "${bad}" in the document`);
  return value;
}

export function validateShellApprovals(cases: Case[], approved: Record<string, string[]>): void {
  for (const c of cases) {
    for (const a of c.fix) {
      if (a.type === 'shell' && !(approved[c.id] ?? []).includes(a.command)) {
        throw new CaseError(`case "${c.id}": shell command ${JSON.stringify(a.command)} is not approved for this case (settings doctor.approvedCommands["${c.id}"])`);
      }
    }
  }
}

/** The user's own cases and edits. A file written by hand may leave out `version` and the empty lists. */
export const CASES_DOC = defineDocument<UserCasesFile>({
  file: 'cases.json',
  version: 1,
  schema: z.looseObject({ version: z.literal(1).default(1), cases: z.array(z.unknown()).default([]), removed: z.array(z.string()).default([]) }),
  empty: () => ({ version: 1, cases: [], removed: [] }),
  indent: 2,
  parse: parseJsonStrict,
});

/** Live counts per case id. */
export const CASE_STATS_DOC = defineDocument<Record<string, CaseStats>>({
  file: 'case-stats.json',
  version: 1,
  schema: z.record(z.string(), z.looseObject({ attempts: z.number(), successes: z.number(), lastAt: z.number().optional() })),
  empty: () => ({}),
  indent: 1,
});

function idOf(entry: unknown): unknown {
  return entry && typeof entry === 'object' ? (entry as { id?: unknown }).id : undefined;
}

export class CaseStore {
  private readonly docs: DocumentStore;

  constructor(
    dataDir: string,
    private readonly approvedCommands: () => Record<string, string[]> = () => ({}),
    onProblem?: ProblemListener,
  ) {
    this.docs = new DocumentStore(dataDir, { onProblem });
  }

  private readUser(): UserCases {
    const file = this.docs.read(CASES_DOC);
    const cases: Case[] = [];
    const invalid: unknown[] = [];
    for (const c of file.cases) {
      const r = CaseSchema.safeParse(c);
      if (r.success) cases.push(r.data);
      else invalid.push(c); // ignored, not fatal, and not dropped from the file either
    }
    return { cases, removed: file.removed, invalid };
  }

  private writeUser(user: UserCases): void {
    const ids = new Set(user.cases.map((c) => c.id));
    const invalid = user.invalid.filter((c) => !ids.has(idOf(c) as string)); // a valid case with its id replaces it
    this.docs.write(CASES_DOC, { version: 1, cases: [...invalid, ...user.cases], removed: user.removed });
  }

  /** Every case in effect: built-ins (unless removed or overridden) then the user's. */
  all(): Case[] {
    const user = this.readUser();
    const byId = new Map<string, Case>();
    for (const c of BUILTIN_CASES) if (!user.removed.includes(c.id)) byId.set(c.id, c);
    for (const c of user.cases) byId.set(c.id, c);
    return [...byId.values()];
  }

  get(id: string): Case | undefined {
    return this.all().find((c) => c.id === id);
  }

  isBuiltin(id: string): boolean {
    return BUILTIN_IDS.has(id);
  }

  /** Validates a case from JSON text or a value. */
  validate(input: unknown): Case {
    const r = CaseSchema.safeParse(input);
    if (!r.success) throw new CaseError(formatZodError(r.error));
    validateShellApprovals([r.data], this.approvedCommands());
    return r.data;
  }

  add(input: unknown): Case {
    const c = this.validate(input);
    if (this.get(c.id)) throw new CaseError(`a case with id "${c.id}" already exists (use cases edit)`);
    const user = this.readUser();
    user.cases.push(c);
    user.removed = user.removed.filter((r) => r !== c.id);
    this.writeUser(user);
    return c;
  }

  /** Merges `patch` (top-level fields, `match` merged one level) into the case and validates the result. */
  edit(id: string, patch: unknown): Case {
    const current = this.get(id);
    if (!current) throw new CaseError(`no case "${id}"`);
    if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw new CaseError('the edit must be a JSON object');
    const p = patch as Record<string, unknown>;
    if ('id' in p && p.id !== id) throw new CaseError('the id of a case cannot be changed');
    const merged = { ...current, ...p, match: { ...current.match, ...((p.match as object | undefined) ?? {}) } };
    const c = this.validate(merged);
    const user = this.readUser();
    user.cases = [...user.cases.filter((x) => x.id !== id), c];
    this.writeUser(user);
    return c;
  }

  remove(id: string): void {
    if (!this.get(id)) throw new CaseError(`no case "${id}"`);
    const user = this.readUser();
    user.cases = user.cases.filter((x) => x.id !== id);
    if (BUILTIN_IDS.has(id) && !user.removed.includes(id)) user.removed.push(id);
    this.writeUser(user);
  }

  /** Imports a JSON file of cases (an array or {cases}). All or nothing; returns the ids. */
  importText(text: string, options: { replace?: boolean } = {}): string[] {
    if (Buffer.byteLength(text) > MAX_IMPORT_BYTES) throw new CaseError(`the file is larger than ${MAX_IMPORT_BYTES} bytes`);
    let raw: unknown;
    try {
      raw = parseJsonStrict(text);
    } catch (err) {
      throw new CaseError(err instanceof CaseError ? err.message : `not valid JSON: ${(err as Error).message}`);
    }
    const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? (raw as { cases?: unknown }).cases : undefined;
    if (!Array.isArray(list)) throw new CaseError('expected an array of cases or {"version":1,"cases":[…]}');
    if (!Array.isArray(raw)) {
      const extra = Object.keys(raw as object).filter((k) => k !== 'version' && k !== 'cases');
      if (extra.length) throw new CaseError(`unknown key ${extra.map((k) => `"${k}"`).join(', ')} at the top level`);
    }
    if (list.length > 1000) throw new CaseError('more than 1000 cases');
    const cases: Case[] = list.map((item, i) => {
      const r = CaseSchema.safeParse(item);
      if (!r.success) {
        const id = item && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string' ? ` "${(item as { id: string }).id}"` : '';
        throw new CaseError(`case #${i + 1}${id}: ${formatZodError(r.error)}`);
      }
      return r.data;
    });
    const ids = new Set<string>();
    for (const c of cases) {
      if (ids.has(c.id)) throw new CaseError(`duplicate case id "${c.id}" in the file`);
      ids.add(c.id);
    }
    validateShellApprovals(cases, this.approvedCommands());
    const user = this.readUser();
    if (!options.replace) {
      const clash = cases.find((c) => this.get(c.id) && !user.cases.some((u) => u.id === c.id) && !BUILTIN_IDS.has(c.id));
      if (clash) throw new CaseError(`case "${clash.id}" already exists`);
    }
    user.cases = [...user.cases.filter((u) => !ids.has(u.id)), ...cases];
    user.removed = user.removed.filter((x) => !ids.has(x));
    this.writeUser(user);
    return [...ids];
  }

  importFile(path: string, options: { replace?: boolean } = {}): string[] {
    if (!existsSync(path)) throw new CaseError(`no file ${path}`);
    if (statSync(path).size > MAX_IMPORT_BYTES) throw new CaseError(`the file is larger than ${MAX_IMPORT_BYTES} bytes`);
    return this.importText(readFileSync(path, 'utf8'), options);
  }

  exportText(options: { userOnly?: boolean } = {}): string {
    const cases = options.userOnly ? this.readUser().cases : this.all();
    return `${JSON.stringify({ version: 1, cases }, null, 2)}\n`;
  }

  // ---- live counts ----------------------------------------------------------------------------

  stats(): Record<string, CaseStats> {
    return this.docs.read(CASE_STATS_DOC);
  }

  statsFor(id: string): CaseStats {
    const c = this.get(id);
    const s = this.stats()[id];
    return { attempts: (c?.attempts ?? 0) + (s?.attempts ?? 0), successes: (c?.successes ?? 0) + (s?.successes ?? 0), lastAt: s?.lastAt };
  }

  /** A verified outcome: counts an attempt, and a success when the gateway was healthy again. */
  recordOutcome(id: string, success: boolean, now = Date.now()): void {
    this.docs.update(CASE_STATS_DOC, (all) => {
      const s = all[id] ?? { attempts: 0, successes: 0 };
      s.attempts++;
      if (success) s.successes++;
      s.lastAt = now;
      all[id] = s;
    });
  }
}
