// The one JSON-lines log writer: one record per line, appended and flushed to disk. Bounded by size:
// a line that would take the file past maxBytes first rolls it over to `<name>.1` (`.1` → `.2` …, the
// oldest beyond `keep` is dropped). Files are 0600 in folders created 0700. Reading skips a damaged
// line (a torn last line after a crash, stray bytes) instead of losing the rest.
import { closeSync, existsSync, fchmodSync, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync, writeSync } from 'node:fs';
import { redactForStorage } from './stored-text.js';
import { dirname, join } from 'node:path';

export interface LogLimits {
  /** A file never grows past this (unless one record alone is larger). */
  maxBytes?: number;
  /** Rolled-over files kept beside the current one. */
  keep?: number;
}

/** A log in the data dir, declared once (see engine/data-files.ts). */
export interface LogSpec extends Required<LogLimits> {
  /** Relative to the data dir, '/'-separated. */
  file: string;
}

export function defineLog(spec: LogSpec): Readonly<LogSpec> {
  if (!(spec.maxBytes > 0) || !Number.isInteger(spec.keep) || spec.keep < 1) throw new Error(`${spec.file}: maxBytes must be > 0 and keep >= 1`);
  return Object.freeze({ ...spec });
}

const POSIX = process.platform !== 'win32';

export class JsonLinesLog<T extends object> {
  readonly maxBytes: number;
  readonly keep: number;

  constructor(
    readonly path: string,
    limits: LogLimits = {},
  ) {
    this.maxBytes = limits.maxBytes ?? 4 * 1024 * 1024;
    this.keep = Math.max(1, limits.keep ?? 1);
  }

  static open<T extends object>(dataDir: string, spec: LogSpec): JsonLinesLog<T> {
    return new JsonLinesLog<T>(join(dataDir, ...spec.file.split('/')), spec);
  }

  append(record: T): void {
    const line = Buffer.from(`${JSON.stringify(redactForStorage(record))}\n`);
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const size = sizeOf(this.path);
    if (size > 0 && size + line.length > this.maxBytes) this.rollOver();
    const fd = openSync(this.path, 'a+', 0o600); // a+: the last byte is read below
    try {
      const st = fstatSync(fd);
      if (POSIX && (st.mode & 0o777) !== 0o600) fchmodSync(fd, 0o600);
      // A torn last line (crash mid-write) must not swallow this record too: start a new line.
      const bytes = st.size > 0 && lastByte(fd, st.size) !== 0x0a ? Buffer.concat([Buffer.from('\n'), line]) : line;
      let done = 0;
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** The current file and the rolled-over ones that exist, oldest first. */
  files(): string[] {
    const out: string[] = [];
    for (let i = this.keep; i >= 1; i--) if (existsSync(`${this.path}.${i}`)) out.push(`${this.path}.${i}`);
    if (existsSync(this.path)) out.push(this.path);
    return out;
  }

  /** Every record, oldest first. */
  readAll(): T[] {
    return this.files().flatMap((f) => parseLines<T>(f));
  }

  /** The newest `limit` records, newest first; reads older files only when needed. */
  recent(limit: number): T[] {
    const out: T[] = [];
    for (const f of this.files().reverse()) {
      out.push(...parseLines<T>(f).reverse());
      if (out.length >= limit) break;
    }
    return out.slice(0, limit);
  }

  private rollOver(): void {
    for (let i = this.keep - 1; i >= 1; i--) {
      if (existsSync(`${this.path}.${i}`)) renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
    }
    renameSync(this.path, `${this.path}.1`);
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function lastByte(fd: number, size: number): number {
  const b = Buffer.alloc(1);
  readSync(fd, b, 0, 1, size - 1);
  return b[0]!;
}

function parseLines<T>(file: string): T[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return []; // rolled over or removed meanwhile
  }
  const out: T[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const v: unknown = JSON.parse(line);
      if (v && typeof v === 'object' && !Array.isArray(v)) out.push(v as T);
    } catch {
      // a damaged line: skip it, keep the rest
    }
  }
  return out;
}
