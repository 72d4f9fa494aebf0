// The one reader and writer of ClawDoc's JSON documents in the data dir. Each document is declared once
// (file, zod schema, format version, migrations, default). Reading never loses data: a missing file
// gives the default; a damaged one (empty, cut off, not JSON, wrong shape, from a newer ClawDoc) is
// moved aside to `<name>.corrupt-<time>`, reported once, and the default is used. Writes are validated,
// atomic and durable (util/fsx), mode 0600, in folders created 0700.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { fileStamp, writeFileAtomicSync } from '../util/fsx.js';
import { redactForStorage } from './stored-text.js';

/** A damaged document that was moved aside. */
export interface StoreProblem {
  /** The document's path. */
  file: string;
  /** Where the damaged bytes are kept (never deleted); absent when a read-only reader left the file in place. */
  keptAs?: string;
  /** One sentence for a person: what was wrong and where the file went. */
  message: string;
}

export type ProblemListener = (problem: StoreProblem) => void;

/** Refused by the store: a value that does not fit its schema, or a file it cannot read or move. */
export class StoreError extends Error {}

export interface DocumentSpec<T> {
  /** Relative to the data dir, '/'-separated. */
  file: string;
  /** The shape of the current version. Objects should be loose, so fields from a newer ClawDoc survive a round trip. */
  schema: z.ZodType;
  /** The current format version. A stored value's version is its `version` field; a value without one is version 1. */
  version: number;
  /** migrations[n] turns a version-n value into version n+1. */
  migrations?: Readonly<Record<number, (value: unknown) => unknown>>;
  /** The value of a missing (or damaged) file. */
  empty: () => T;
  /** JSON.stringify indentation on disk. */
  indent?: number;
  /** Parses the text; defaults to JSON.parse. May throw to call the file damaged. */
  parse?: (text: string) => unknown;
  /** Holds text from outside (gateway output, log lines): every string is redacted before it is written. */
  redact?: boolean;
}

export type Document<T> = Readonly<DocumentSpec<T>>;

/**
 * A map keyed by names users choose (a channel called "toString" or "__proto__" is a name like any other):
 * validated entry by entry and kept as the very object read, so no key is lost to a prototype setter.
 */
export function ownRecord<V extends z.ZodType>(entry: V, describe: (key: string, problem: string) => string = (k, p) => `"${k}": ${p}`): z.ZodType<Record<string, z.output<V>>> {
  return z.unknown().superRefine((value, ctx) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: 'expected an object' });
      return;
    }
    for (const key of Object.keys(value)) {
      const r = entry.safeParse((value as Record<string, unknown>)[key]);
      if (!r.success) ctx.addIssue({ code: 'custom', message: describe(key, r.error.issues[0]?.message ?? 'invalid') });
    }
  }) as unknown as z.ZodType<Record<string, z.output<V>>>;
}

export function defineDocument<T>(spec: DocumentSpec<T>): Document<T> {
  if (!Number.isInteger(spec.version) || spec.version < 1) throw new Error(`${spec.file}: version must be an integer >= 1`);
  for (let v = 1; v < spec.version; v++) {
    if (!spec.migrations?.[v]) throw new Error(`${spec.file}: no migration from version ${v} to ${v + 1}`);
  }
  return Object.freeze({ ...spec });
}

export interface DocumentStoreOptions {
  /** Told once per damaged file. Without one, the problem goes to stderr (never silently). */
  onProblem?: ProblemListener;
  /** Report a damaged file but leave it where it is, and refuse to write (read-only commands). */
  readOnly?: boolean;
}

/**
 * Read-only commands (`status`, `history`, listings) never move or write a file: the CLI turns this on
 * for them, so every store in the process only reports damage and leaves the file for the watcher.
 */
let processReadOnly = false;
export function leaveDamagedFilesInPlace(on = true): void {
  processReadOnly = on;
}

export function isReadOnlyProcess(): boolean {
  return processReadOnly;
}

/**
 * Who is told of a damaged file when a store has no listener of its own: the CLI prints a warning;
 * a running watcher turns it into an event every face shows. Returns the previous listener.
 */
let defaultListener: ProblemListener = (p) => printProblem(p);
export function setDefaultProblemListener(listener: ProblemListener): ProblemListener {
  const previous = defaultListener;
  defaultListener = listener;
  return previous;
}

type Decoded = { ok: true; value: unknown } | { ok: false; reason: string };

export class DocumentStore {
  private readonly onProblem: ProblemListener;
  private readonly readOnly: boolean;

  constructor(
    readonly dataDir: string,
    options: DocumentStoreOptions = {},
  ) {
    this.onProblem = options.onProblem ?? ((p) => defaultListener(p));
    this.readOnly = !!options.readOnly;
  }

  pathOf(doc: Document<unknown>): string {
    return join(this.dataDir, ...doc.file.split('/'));
  }

  /** The stored value, or the document's default when the file is missing or damaged. */
  read<T>(doc: Document<T>): T {
    return this.readIfPresent(doc) ?? doc.empty();
  }

  /** The stored value; undefined when the file is missing or damaged (moved aside and reported). */
  readIfPresent<T>(doc: Document<T>): T | undefined {
    const path = this.pathOf(doc);
    // Two tries: another process may replace the file between our read and the move aside.
    for (let attempt = 0; ; attempt++) {
      const text = readText(path);
      if (text === undefined) return undefined;
      const decoded = decode(doc, text);
      if (decoded.ok) return decoded.value as T;
      if (attempt === 0 && readText(path) !== text) continue;
      this.keepAside(path, decoded.reason);
      return undefined;
    }
  }

  /** Validates and writes `value` atomically. A value that does not fit is refused and nothing is written. */
  write<T>(doc: Document<T>, value: T): void {
    const path = this.pathOf(doc);
    if (this.readOnly || processReadOnly) throw new StoreError(`refusing to write ${path}: this command only reads`);
    const checked = doc.schema.safeParse(doc.redact ? redactForStorage(value) : value);
    if (!checked.success) throw new StoreError(`refusing to write ${path}: ${describeIssues(checked.error)}`);
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileAtomicSync(path, `${JSON.stringify(checked.data, null, doc.indent)}\n`, 0o600);
  }

  /** Read, change (in place or by returning a new value), write. Returns what was written. */
  update<T>(doc: Document<T>, change: (current: T) => T | void): T {
    const current = this.read(doc);
    const next = change(current) ?? current;
    this.write(doc, next);
    return next;
  }

  /** Last modification time in ms; 0 when the file is missing. */
  mtime(doc: Document<unknown>): number {
    try {
      return statSync(this.pathOf(doc)).mtimeMs;
    } catch {
      return 0;
    }
  }

  private keepAside(path: string, reason: string): void {
    if (this.readOnly || processReadOnly) return this.report({ file: path, message: `${path} could not be read (${reason}); left it in place for \`clawdoc watch\` to set aside` });
    const stamp = fileStamp();
    let keptAs = `${path}.corrupt-${stamp}`;
    for (let n = 1; existsSync(keptAs); n++) keptAs = `${path}.corrupt-${stamp}-${n}`;
    try {
      renameSync(path, keptAs);
    } catch (err) {
      // Not moved means not safe to use the default: the next write would overwrite the user's file.
      throw new StoreError(`${path} could not be read (${reason}) and could not be moved aside: ${(err as Error).message}`);
    }
    this.report({ file: path, keptAs, message: `${path} could not be read (${reason}); moved it to ${keptAs} and started empty` });
  }

  private report(problem: StoreProblem): void {
    try {
      this.onProblem(problem);
    } catch {
      // a failing listener must not turn a handled problem into a crash
    }
  }
}

function printProblem(problem: StoreProblem): void {
  process.stderr.write(`clawdoc: warning: ${problem.message}\n`);
}

/** The file's text; undefined when it does not exist. */
function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new StoreError(`cannot read ${path}: ${(err as Error).message}`);
  }
}

function decode(doc: Document<unknown>, text: string): Decoded {
  const body = text.replace(/^\uFEFF/, ''); // a byte-order mark from a Windows editor
  if (!body.trim()) return { ok: false, reason: 'the file is empty' };
  let value: unknown;
  try {
    value = (doc.parse ?? JSON.parse)(body);
  } catch (err) {
    return { ok: false, reason: err instanceof SyntaxError ? describeJsonError(err) : (err as Error).message };
  }
  let version = versionOf(value);
  if (version === undefined) return { ok: false, reason: 'its "version" is not a format version (a whole number from 1)' };
  if (version > doc.version) return { ok: false, reason: `it is format version ${version}, from a newer ClawDoc (this one reads up to ${doc.version})` };
  try {
    for (; version < doc.version; version++) value = doc.migrations![version]!(value);
  } catch (err) {
    return { ok: false, reason: `it could not be upgraded from format version ${version}: ${(err as Error).message}` };
  }
  const checked = doc.schema.safeParse(value);
  if (!checked.success) return { ok: false, reason: `unexpected content: ${describeIssues(checked.error)}` };
  return { ok: true, value: checked.data };
}

function versionOf(value: unknown): number | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value) || !('version' in value)) return 1;
  const v = (value as { version: unknown }).version;
  if (typeof v !== 'number') return 1; // a map may have a key named "version"; only a number is a version
  return Number.isInteger(v) && v >= 1 ? v : undefined;
}

/** JSON.parse's message quotes the text, which may hold a secret: say where, not what. */
function describeJsonError(err: SyntaxError): string {
  if (/end of (JSON )?input|Unterminated/i.test(err.message)) return 'not valid JSON: it ends too early, as if cut off';
  const at = /position (\d+)/.exec(err.message);
  return at ? `not valid JSON at character ${at[1]}` : 'not valid JSON';
}

function describeIssues(err: z.ZodError): string {
  const shown = err.issues.slice(0, 3).map((i) => `${i.path.length ? i.path.join('.') : 'top level'}: ${i.message}`);
  const more = err.issues.length - shown.length;
  return shown.join('; ') + (more > 0 ? ` (and ${more} more)` : '');
}
