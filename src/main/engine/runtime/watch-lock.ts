// One watcher per data dir: two would fight over the same gateway. The lock file is created with
// O_EXCL (atomic: of two watchers started together exactly one wins) and names its holder by pid and
// the process's start time, so a pid reused by another program after a crash does not block `watch`.
// Clearing a stale lock happens under a second O_EXCL file, so two watchers never both clear it.
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from '../gateway/processes.js';

export interface LockHolder {
  pid: number;
  /** The holder's start time as the OS reports it; distinguishes a reused pid. */
  started: string;
}

export class WatchLockError extends Error {
  constructor(
    message: string,
    readonly holder?: LockHolder,
  ) {
    super(message);
    this.name = 'WatchLockError';
  }
}

/** A process's start time: /proc on Linux, `ps` elsewhere; '' when it cannot be read. */
export function processStartTime(pid: number): string {
  try {
    if (process.platform === 'linux') {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
    }
    if (process.platform === 'win32') return '';
    return execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', timeout: 2000 }).trim();
  } catch {
    return '';
  }
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    return typeof v.pid === 'number' && typeof v.started === 'string' ? { pid: v.pid, started: v.started } : undefined;
  } catch {
    return undefined; // torn or foreign content: treated as stale below, once it is old enough
  }
}

function holderAlive(h: LockHolder): boolean {
  if (!isAlive(h.pid)) return false;
  const now = processStartTime(h.pid);
  return !h.started || !now || now === h.started;
}

function createExclusive(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return Infinity;
  }
}

export interface WatchLock {
  path: string;
  release(): void;
}

/** Takes the data dir's watch lock or throws WatchLockError naming the live holder. */
export function acquireWatchLock(dataDir: string): WatchLock {
  const path = join(dataDir, 'watch.lock');
  const me: LockHolder = { pid: process.pid, started: processStartTime(process.pid) };
  const content = `${JSON.stringify(me)}\n`;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createExclusive(path, content)) {
      return {
        path,
        release: () => {
          const h = readHolder(path);
          if (h?.pid === me.pid && h.started === me.started) {
            try {
              unlinkSync(path);
            } catch {
              // already gone
            }
          }
        },
      };
    }
    const holder = readHolder(path);
    if (holder && holderAlive(holder)) {
      throw new WatchLockError(`another ClawDoc (pid ${holder.pid}) is already watching with data dir ${dataDir}`, holder);
    }
    // A file being written right now has no holder yet: give its writer a moment.
    if (!holder && ageMs(path) < 2000) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
      continue;
    }
    clearStale(path, holder);
  }
  throw new WatchLockError(`could not take the watch lock ${path}`);
}

/** Removes a stale lock under a takeover lock, after checking it is still the same stale one. */
function clearStale(path: string, seen: LockHolder | undefined): void {
  const takeover = `${path}.takeover`;
  if (!createExclusive(takeover, `${process.pid}\n`)) {
    if (ageMs(takeover) > 10_000) {
      try {
        unlinkSync(takeover); // left by a watcher that died while clearing
      } catch {
        // someone else did
      }
    }
    return;
  }
  try {
    const now = readHolder(path);
    if (now?.pid === seen?.pid && now?.started === seen?.started) {
      try {
        unlinkSync(path);
      } catch {
        // gone already
      }
    }
  } finally {
    unlinkSync(takeover);
  }
}

/** The live holder of the lock, if any (for `status` and the tray's attach decision). */
export function lockHolder(dataDir: string): LockHolder | undefined {
  const h = readHolder(join(dataDir, 'watch.lock'));
  return h && holderAlive(h) ? h : undefined;
}
