// The gateway's captured output in child mode: one file the gateway appends to directly (so it keeps
// writing when ClawDoc is gone), rotated by copy-and-truncate, which O_APPEND writers tolerate: at every
// spawn and, while the gateway runs, whenever the watcher's periodic check finds it too large.
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync, fstatSync } from 'node:fs';
import { dirname } from 'node:path';
import { GATEWAY_LOG_KEEP, GATEWAY_LOG_MAX_BYTES, rotateBySize } from '../store/retention.js';
import { stripAnsi } from '../util/exec.js';

export class GatewayLog {
  constructor(
    readonly path: string,
    private readonly maxBytes = GATEWAY_LOG_MAX_BYTES,
    private readonly keep = GATEWAY_LOG_KEEP,
  ) {}

  /** Opens the file for a new run; returns the fd to hand to the child and this run's start offset. */
  openForRun(): { fd: number; offset: number } {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    this.rotateIfLarge();
    const fd = openSync(this.path, 'a', 0o600); // the gateway's output may carry tokens: owner only
    return { fd, offset: fstatSync(fd).size };
  }

  size(): number {
    return existsSync(this.path) ? statSync(this.path).size : 0;
  }

  /** Rolls gateway.log → .1 → .2 … when over the limit. Returns true when it rotated. */
  rotateIfLarge(): boolean {
    return rotateBySize(this.path, this.maxBytes, this.keep);
  }

  /**
   * The last `lines` lines written since `offset` (at most the last 64 KB), colours stripped. When the
   * run's output was rotated away meanwhile (`rotated`), the end of `.1` fills up what is missing.
   */
  tail(offset: number, lines = 40, rotated = false): string[] {
    const now = readTail(this.path, offset, lines);
    if (!rotated || now.length >= lines) return now;
    return [...readTail(`${this.path}.1`, 0, lines - now.length), ...now];
  }
}

function readTail(path: string, offset: number, lines: number): string[] {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return [];
  }
  const from = offset > size ? 0 : offset; // the file was truncated by a rotation
  const start = Math.max(from, size - 64 * 1024);
  const length = size - start;
  if (length <= 0) return [];
  const buf = Buffer.alloc(length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buf, 0, length, start);
  } finally {
    closeSync(fd);
  }
  return stripAnsi(buf.toString('utf8'))
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .slice(-lines);
}
