// The case library as the user sees it: the built-in cases, plus the user's own cases and edits in
// <dataDir>/cases.json, plus live counts (attempts, verified successes) in <dataDir>/case-stats.json.
// Every write is validated first and written atomically: a bad add/edit/import changes nothing.
// A built-in case is never replaced silently: only `--replace` (or `cases edit`) overrides one, and the
// override is labelled as such. Ids are looked up as own keys only ("constructor" is just an id).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { defineDocument, DocumentStore, ownRecord, type ProblemListener, type StoreProblem } from '../../store/documents.js';
import { fromEntries, getOwn, ownEntries } from '../../util/own.js';
import { BUILTIN_CASES, BUILTIN_IDS, builtinCase } from './builtin.js';
import { CASE_ID_RE, CaseSchema, formatZodError, type Case, type CaseOrigin } from './case-schema.js';

export const MAX_IMPORT_BYTES = 1024 * 1024;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export class CaseError extends Error {
  override name = 'CaseError';
}

interface UserFile {
  version: 1;
  cases: Case[];
  /** Built-in cases the user removed. */
  removed: string[];
  /** Entries that do not validate (e.g. written by an older ClawDoc): not used, but kept in the file. */
  unused: { raw: unknown; id?: string; reason: string }[];
}

/** cases.json as stored: entries are validated case by case when read (see readUser). */
interface UserCasesFile {
  version: 1;
  cases: unknown[];
  removed: string[];
}

export interface CaseStats {
  attempts: number;
  successes: number;
  lastAt?: number;
}

function isStats(v: unknown): v is CaseStats {
  if (!v || typeof v !== 'object') return false;
  const s = v as Record<string, unknown>;
  const count = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 0;
  return count(s.attempts) && count(s.successes) && (s.lastAt === undefined || typeof s.lastAt === 'number');
}

/** How `clawdoc cases` names where a case comes from. */
export interface CaseProvenance {
  origin: CaseOrigin;
  /** A user or learned case that takes the place of the built-in case with the same id. */
  overridesBuiltin: boolean;
  label: 'built-in' | 'user' | 'learned' | 'user override of built-in' | 'learned override of built-in';
}

/** Same content, origin aside (a case exported with its origin compares equal to itself). */
function sameCase(a: Case, b: Case): boolean {
  return JSON.stringify({ ...a, origin: undefined }) === JSON.stringify({ ...b, origin: undefined });
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
    const ok = getOwn(approved, c.id);
    c.fix.forEach((a, i) => {
      if (a.type === 'shell' && !(Array.isArray(ok) && ok.includes(a.command))) {
        throw new CaseError(`fix.${i}: shell command ${JSON.stringify(a.command)} is not approved for case "${c.id}" (settings doctor.approvedCommands["${c.id}"])`);
      }
    });
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

/** Live counts per case id (entries that are not counts are ignored when read). */
export const CASE_STATS_DOC = defineDocument<Record<string, unknown>>({
  file: 'case-stats.json',
  version: 1,
  schema: ownRecord(z.looseObject({ attempts: z.number().int().min(0), successes: z.number().int().min(0), lastAt: z.number().optional() })),
  empty: () => ({}),
  indent: 1,
});

export class CaseStore {
  private readonly docs: DocumentStore;
  private readonly path: string;

  /** Damaged files met while reading, for `cases list` (they were set aside and reported). */
  private readonly damaged: string[] = [];

  constructor(
    dataDir: string,
    private readonly approvedCommands: () => Record<string, string[]> = () => ({}),
    onProblem?: ProblemListener,
  ) {
    const report = (p: StoreProblem) => {
      this.damaged.push(p.message);
      if (onProblem) onProblem(p);
      else process.stderr.write(`clawdoc: warning: ${p.message}\n`);
    };
    this.docs = new DocumentStore(dataDir, { onProblem: report });
    this.path = this.docs.pathOf(CASES_DOC);
  }

  private readUser(): UserFile {
    // A damaged cases.json is moved aside (kept) by the store and reported; it is never overwritten.
    const raw = this.docs.read(CASES_DOC);
    const cases: Case[] = [];
    const unused: UserFile['unused'] = [];
    for (const c of raw.cases) {
      const r = CaseSchema.safeParse(c);
      // The user's file cannot make a case built-in.
      if (r.success) cases.push(r.data.origin === 'builtin' ? { ...r.data, origin: 'user' } : r.data);
      else {
        const id = c && typeof c === 'object' && typeof (c as { id?: unknown }).id === 'string' ? (c as { id: string }).id : undefined;
        unused.push({ raw: c, id, reason: formatZodError(r.error) }); // no longer valid: not used, not fatal, not dropped
      }
    }
    return { version: 1, cases, removed: raw.removed, unused };
  }

  private writeUser(file: UserFile): void {
    const ids = new Set(file.cases.map((c) => c.id));
    const kept = file.unused.filter((u) => u.id === undefined || !ids.has(u.id)).map((u) => u.raw);
    this.docs.write(CASES_DOC, { version: 1, cases: [...kept, ...file.cases], removed: file.removed });
  }

  /** What in cases.json is not in effect, and why (for `clawdoc cases list`). */
  problems(): string[] {
    const unused = this.readUser().unused.map((u) => `${u.id ? `case "${u.id}"` : 'an entry'} in ${this.path} is not used: ${u.reason}`);
    return [...this.damaged.splice(0), ...unused];
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

  /** True only for the shipped case itself (not for a user case that overrides it). */
  isBuiltin(id: string): boolean {
    return this.get(id)?.origin === 'builtin';
  }

  provenance(c: Case): CaseProvenance {
    const overridesBuiltin = c.origin !== 'builtin' && BUILTIN_IDS.has(c.id);
    const label = c.origin === 'builtin' ? 'built-in' : overridesBuiltin ? (`${c.origin} override of built-in` as const) : c.origin;
    return { origin: c.origin, overridesBuiltin, label };
  }

  /** Validates a case from JSON text or a value. */
  validate(input: unknown): Case {
    const r = CaseSchema.safeParse(input);
    if (!r.success) throw new CaseError(formatZodError(r.error));
    validateShellApprovals([r.data], this.approvedCommands());
    return JSON.parse(JSON.stringify(r.data)) as Case; // as it will be stored (e.g. -0 is 0 in JSON)
  }

  /** A new case from the user (or, origin "learned", from the learning loop). */
  add(input: unknown, options: { replace?: boolean } = {}): Case {
    const c = this.validate(input);
    if (c.origin === 'builtin') throw new CaseError(`origin: "builtin" is reserved for the cases that ship with ClawDoc (case "${c.id}")`);
    if (!options.replace && this.get(c.id)) throw new CaseError(`id: a case "${c.id}" already exists (use cases edit)`);
    if (!options.replace && BUILTIN_IDS.has(c.id)) throw new CaseError(`id: "${c.id}" is a built-in case; adding it needs --replace and makes it a user override`);
    const user = this.readUser();
    user.cases = [...user.cases.filter((u) => u.id !== c.id), c];
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
    if (Object.hasOwn(p, 'id') && p.id !== id) throw new CaseError('id: the id of a case cannot be changed');
    if (p.origin === 'builtin') throw new CaseError('origin: "builtin" is reserved for the cases that ship with ClawDoc');
    // Editing a built-in case makes a user override of it (explicitly asked for by `cases edit`).
    const origin = p.origin ?? (current.origin === 'builtin' ? 'user' : current.origin);
    const merged = { ...current, ...p, origin, match: { ...current.match, ...((p.match as object | undefined) ?? {}) } };
    const c = this.validate(merged);
    const user = this.readUser();
    user.cases = [...user.cases.filter((x) => x.id !== id), c];
    this.writeUser(user);
    return c;
  }

  remove(id: string): void {
    const user = this.readUser();
    if (!this.get(id) && !user.unused.some((u) => u.id === id)) throw new CaseError(`no case "${id}"`);
    user.cases = user.cases.filter((x) => x.id !== id);
    user.unused = user.unused.filter((u) => u.id !== id);
    if (BUILTIN_IDS.has(id) && !user.removed.includes(id)) user.removed.push(id);
    this.writeUser(user);
  }

  /**
   * Imports a JSON file of cases (an array or {cases}). All or nothing; returns the ids added or changed.
   * A case identical to the one in effect is left as it is (a full export imports cleanly); one that
   * would replace an existing case (built-in or user) needs `replace`, and a replaced built-in is then
   * a user override. Origin "builtin" is accepted only for an unchanged built-in case.
   */
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
        const raw = item && typeof item === 'object' ? (item as { id?: unknown }).id : undefined;
        const id = typeof raw === 'string' ? ` ${JSON.stringify(raw.length > 64 ? `${raw.slice(0, 64)}…` : raw)}` : ''; // quoted: an id may hold quotes
        throw new CaseError(`case #${i + 1}${id}: ${formatZodError(r.error)}`);
      }
      return JSON.parse(JSON.stringify(r.data)) as Case; // as it will be stored
    });
    const ids = new Set<string>();
    for (const c of cases) {
      if (ids.has(c.id)) throw new CaseError(`case "${c.id}": id: duplicate case id in the file`);
      ids.add(c.id);
    }
    const approved = this.approvedCommands();
    for (const c of cases) {
      try {
        validateShellApprovals([c], approved);
      } catch (err) {
        throw new CaseError(`case "${c.id}": ${(err as Error).message}`);
      }
    }
    const user = this.readUser();
    const inEffect = new Map(this.all().map((c) => [c.id, c]));
    const changed: Case[] = [];
    const restored: string[] = [];
    for (const c of cases) {
      const builtin = builtinCase(c.id);
      const current = inEffect.get(c.id);
      if (c.origin === 'builtin') {
        if (!builtin || !sameCase(c, builtin)) {
          throw new CaseError(`case "${c.id}": origin: "builtin" is reserved for the cases that ship with ClawDoc, and this one ${builtin ? 'differs from the built-in case' : 'is not one of them'}; set "origin": "user" to import it${builtin ? ' as an override (with --replace)' : ''}`);
        }
        if (current?.origin !== 'builtin') {
          if (current && !options.replace) throw new CaseError(`case "${c.id}": id: the built-in case is overridden here by a ${current.origin} case; use --replace to go back to the built-in one`);
          restored.push(c.id); // hidden or overridden: the built-in one comes back
        }
        continue;
      }
      if (current && sameCase(c, current) && current.origin === c.origin) continue; // already so
      if (current && !options.replace) {
        throw new CaseError(current.origin === 'builtin' ? `case "${c.id}": id: a built-in case has this id; importing it would replace ClawDoc's own case: use --replace to override it (it is then listed as a user override)` : `case "${c.id}": id: a ${current.origin} case with this id already exists; use --replace to replace it`);
      }
      if (!current && builtin && !options.replace) throw new CaseError(`case "${c.id}": id: a built-in case (removed here) has this id; use --replace to import your own version of it`);
      changed.push(c);
    }
    const touched = new Set([...changed.map((c) => c.id), ...restored]);
    if (!touched.size) return [];
    user.cases = [...user.cases.filter((u) => !touched.has(u.id)), ...changed];
    user.removed = user.removed.filter((x) => !touched.has(x));
    this.writeUser(user);
    return [...touched];
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

  /** Live counts by case id (entries that are not counts are ignored). */
  stats(): Map<string, CaseStats> {
    return ownEntries(this.docs.read(CASE_STATS_DOC), isStats);
  }

  statsFor(id: string): CaseStats {
    const c = this.get(id);
    const s = this.stats().get(id);
    return { attempts: (c?.attempts ?? 0) + (s?.attempts ?? 0), successes: (c?.successes ?? 0) + (s?.successes ?? 0), lastAt: s?.lastAt };
  }

  /** A verified outcome: counts an attempt, and a success when the gateway was healthy again. */
  recordOutcome(id: string, success: boolean, now = Date.now()): void {
    if (typeof id !== 'string' || !CASE_ID_RE.test(id)) throw new CaseError(`id: ${JSON.stringify(id)} is not a case id`);
    const all = this.stats();
    const s = all.get(id) ?? { attempts: 0, successes: 0 };
    s.attempts++;
    if (success) s.successes++;
    s.lastAt = now;
    all.set(id, s);
    this.docs.write(CASE_STATS_DOC, fromEntries(all));
  }
}
