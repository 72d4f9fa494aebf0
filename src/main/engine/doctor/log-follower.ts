// Follows a log file and returns only the lines written since the last read. The position (offset and
// inode) is persisted, so a restart of ClawDoc does not re-read old lines. Handles rotation (new inode),
// truncation (size below the offset), a dated file rolling over (the path changes), partial last lines,
// and huge lines (truncated, never fatal). The first read of an unknown file starts near its end.
import { closeSync, constants, existsSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { z } from 'zod';
import { defineDocument, DocumentStore, type ProblemListener } from '../store/documents.js';

export interface FollowPosition {
  path: string;
  ino: number;
  offset: number;
  /** Inside a huge line that was already reported: skip to the next newline. */
  skipping?: boolean;
  /** The (up to) 32 bytes before `offset`, hex: if they changed, the file was truncated and rewritten. */
  mark?: string;
}

/** Follower key → position, shared by every follower of the data dir. */
export const LOG_OFFSETS_DOC = defineDocument<Record<string, FollowPosition>>({
  file: 'doctor/log-offsets.json',
  version: 1,
  schema: z.record(
    z.string(),
    z.looseObject({ path: z.string(), ino: z.number(), offset: z.number(), skipping: z.boolean().optional(), mark: z.string().optional() }),
  ),
  empty: () => ({}),
});

/** Where followers persist their positions (doctor/log-offsets.json). */
export class FollowPositions {
  private readonly docs: DocumentStore;

  constructor(dataDir: string, onProblem?: ProblemListener) {
    this.docs = new DocumentStore(dataDir, { onProblem });
  }

  get(key: string): FollowPosition | undefined {
    return this.docs.read(LOG_OFFSETS_DOC)[key];
  }

  set(key: string, pos: FollowPosition): void {
    this.docs.update(LOG_OFFSETS_DOC, (all) => {
      all[key] = pos;
    });
  }
}

export interface FollowerOptions {
  /** Where positions are persisted across restarts; without it they live in memory only. */
  positions?: FollowPositions;
  /** First read of a file ClawDoc has never seen: start this many bytes before its end. */
  initialWindowBytes?: number;
  /** At most this much is read per call; a bigger backlog is skipped to its newest part. */
  maxReadBytes?: number;
  /** Longer lines are cut to this length. */
  maxLineBytes?: number;
}

export interface FollowResult {
  lines: string[];
  /** Bytes skipped because the backlog exceeded maxReadBytes. */
  skippedBytes: number;
  path?: string;
}

export class LogFollower {
  private pos?: FollowPosition;
  private savedText?: string;
  private readonly initialWindow: number;
  private readonly maxRead: number;
  private readonly maxLine: number;

  /** `resolve` returns the current file (it may change, e.g. a dated log after midnight). */
  constructor(
    readonly key: string,
    private readonly resolve: () => string | undefined,
    private readonly options: FollowerOptions = {},
  ) {
    this.initialWindow = options.initialWindowBytes ?? 512 * 1024;
    this.maxRead = options.maxReadBytes ?? 4 * 1024 * 1024;
    this.maxLine = options.maxLineBytes ?? 16 * 1024;
    this.pos = this.loadPosition();
    this.savedText = this.pos && JSON.stringify(this.pos);
  }

  position(): FollowPosition | undefined {
    return this.pos ? { ...this.pos } : undefined;
  }

  /** Reads the new lines. Never throws for a missing or vanished file. */
  read(): FollowResult {
    const out: FollowResult = { lines: [], skippedBytes: 0 };
    const path = this.resolve();
    if (this.pos && path !== this.pos.path && existsSync(this.pos.path)) {
      // The date rolled over (or logging.file changed): finish the old file first.
      this.readFrom(this.pos.path, out);
      this.pos = path ? { path, ino: -1, offset: 0 } : this.pos;
    }
    if (!path) return out;
    out.path = path;
    this.readFrom(path, out);
    this.savePosition();
    return out;
  }

  private readFrom(path: string, out: FollowResult): void {
    let fd: number;
    try {
      // Only regular files: opening a FIFO (or a device) at the log path would block until a writer came.
      if (!statSync(path).isFile()) return;
      fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
    } catch {
      return;
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) return; // swapped for something else between the check and the open
      let pos = this.pos;
      if (!pos || pos.path !== path) {
        pos = { path, ino: st.ino, offset: Math.max(0, st.size - this.initialWindow), skipping: st.size > this.initialWindow };
      } else if (pos.ino === -1) {
        pos = { path, ino: st.ino, offset: 0 };
      } else if (pos.ino !== st.ino || st.size < pos.offset || (pos.mark !== undefined && markAt(fd, pos.offset) !== pos.mark)) {
        pos = { path, ino: st.ino, offset: 0 }; // rotated (new file), truncated, or rewritten: start over
      }
      if (st.size - pos.offset > this.maxRead) {
        out.skippedBytes += st.size - this.maxRead - pos.offset;
        pos = { ...pos, offset: st.size - this.maxRead, skipping: true };
      }
      const length = st.size - pos.offset;
      if (length > 0) {
        const buf = Buffer.allocUnsafe(length);
        const n = readSync(fd, buf, 0, length, pos.offset);
        const used = this.consume(buf.subarray(0, n), pos, out.lines);
        pos = { ...pos, offset: pos.offset + used };
      }
      this.pos = { ...pos, mark: markAt(fd, pos.offset) };
    } finally {
      closeSync(fd);
    }
  }

  /** Splits complete lines out of `buf`; returns how many bytes were consumed. */
  private consume(buf: Buffer, pos: FollowPosition, lines: string[]): number {
    let start = 0;
    let skipping = pos.skipping ?? false;
    for (;;) {
      const nl = buf.indexOf(10, start);
      if (nl < 0) break;
      if (!skipping) {
        const line = nl - start > this.maxLine ? `${buf.toString('utf8', start, start + this.maxLine)}… [line truncated]` : buf.toString('utf8', start, nl);
        const trimmed = line.replace(/\r$/, '');
        if (trimmed) lines.push(trimmed);
      }
      skipping = false;
      start = nl + 1;
    }
    const rest = buf.length - start;
    if (rest > this.maxLine && !skipping) {
      lines.push(`${buf.toString('utf8', start, start + this.maxLine)}… [line truncated]`);
      pos.skipping = true;
      return buf.length;
    }
    pos.skipping = skipping;
    return skipping && rest > 0 ? buf.length : start;
  }

  private loadPosition(): FollowPosition | undefined {
    return this.options.positions?.get(this.key);
  }

  private savePosition(): void {
    if (!this.options.positions || !this.pos) return;
    const text = JSON.stringify(this.pos);
    if (text === this.savedText) return; // nothing new: spare the disk a write every poll
    this.options.positions.set(this.key, this.pos);
    this.savedText = text;
  }
}

function markAt(fd: number, offset: number): string {
  const n = Math.min(32, offset);
  if (n <= 0) return '';
  const buf = Buffer.alloc(n);
  readSync(fd, buf, 0, n, offset - n);
  return buf.toString('hex');
}

/** OpenClaw's JSON-lines file log: one object per line with "0","1".. parts or `message`. */
export function openclawLogLine(raw: string): string {
  if (!raw.startsWith('{')) return raw;
  try {
    const o = JSON.parse(raw) as Record<string, unknown>;
    const parts: string[] = [];
    for (let i = 0; i < 8 && Object.hasOwn(o, String(i)); i++) {
      const v = o[String(i)];
      parts.push(typeof v === 'string' ? v : JSON.stringify(v));
    }
    const msg = parts.length ? parts.join(' ') : typeof o.message === 'string' ? o.message : raw;
    const meta = o._meta as { logLevelName?: string } | undefined;
    return meta?.logLevelName ? `${meta.logLevelName} ${msg}` : msg;
  } catch {
    return raw;
  }
}

export function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** What a log line says about itself: its text, and where the format carries them its time, host, pid, port. */
export interface LogLineFacts {
  text: string;
  /** ms since the epoch, from the record's `time` (JSON) or a leading ISO timestamp with a zone (console). */
  time?: number;
  hostname?: string;
  pid?: number;
  /** The gateway port the line is about (a structured field, or the gateway's own listen address in the text). */
  port?: number;
}

const LEADING_TS = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2}))\s/;
// OpenClaw's messages that name the gateway's own listen port (dist: `Port ${port} is already in use.`,
// `another gateway instance is already listening on ws://127.0.0.1:${port}`, EADDRINUSE …).
const GATEWAY_PORT_TEXT = [
  /\bgateway\b[^\n]*?\bws:\/\/(?:127\.0\.0\.1|localhost|\[::1\]|0\.0\.0\.0|[\w.-]+):(\d{1,5})(?![\d/])/i,
  /\bPort (\d{1,5}) is already in use\b/,
  /\bEADDRINUSE\b[^\n]*?:(\d{1,5})\b/,
];

function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export function openclawLogFacts(raw: string): LogLineFacts {
  const text = openclawLogLine(raw);
  const facts: LogLineFacts = { text };
  if (raw.startsWith('{')) {
    try {
      const o = JSON.parse(raw) as Record<string, unknown>;
      const meta = (o._meta ?? {}) as Record<string, unknown>;
      const t = Date.parse(String(o.time ?? meta.date ?? ''));
      if (Number.isFinite(t)) facts.time = t;
      const host = o.hostname ?? meta.hostname;
      if (typeof host === 'string' && host) facts.hostname = host;
      facts.pid = num(o.pid ?? meta.pid);
      facts.port = num(o.port ?? meta.port);
    } catch {
      // not JSON after all
    }
  } else {
    const m = LEADING_TS.exec(raw);
    if (m) {
      const t = Date.parse(m[1]!);
      if (Number.isFinite(t)) facts.time = t;
    }
  }
  if (facts.port === undefined) {
    for (const re of GATEWAY_PORT_TEXT) {
      const m = re.exec(text);
      if (m && num(m[1]) !== undefined && Number(m[1]) <= 65535) {
        facts.port = Number(m[1]);
        break;
      }
    }
  }
  return facts;
}
