// How long ClawDoc keeps what it writes: one table for every artifact, so a watcher that runs for months
// keeps its data dir (and the files it leaves beside OpenClaw's config) bounded.
//
// Bounded where they are written (the limits live here, the writers import them):
//   history.jsonl, incidents.jsonl, doctor-records.jsonl  JSONL_MAX_BYTES, then one old file (.1)
//   changes.json / proposals.json                         the newest CHANGES_KEEP / PROPOSALS_KEEP entries
//   snapshots/                                            a ring of doctor.snapshotsKeep (settings)
//   logs/gateway.log (child mode)                         GATEWAY_LOG_MAX_BYTES, checked every LOG_CHECK_MS
//                                                         while the gateway runs and at every spawn
// Pruned by the sweep below (count + age): rotated logs, backups/, *.corrupt-*, openclaw.json.broken-*,
// temp files a crash left behind; the logs a KeepAlive unit writes are rotated by size like gateway.log.
import { copyFileSync, existsSync, readdirSync, renameSync, rmSync, statSync, truncateSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const MB = 1024 * 1024;
const DAY = 86_400_000;

/** The gateway's captured output: rotated (copy-truncate) past this size; GATEWAY_LOG_KEEP old files. */
export const GATEWAY_LOG_MAX_BYTES = 5 * MB;
export const GATEWAY_LOG_KEEP = 3;
/** How often a running watcher checks the size of the logs it owns (a stat per file: cheap). */
export const LOG_CHECK_MS = 10_000;
/** How often the artifact sweep runs (it also runs when the watcher starts). */
export const PRUNE_EVERY_MS = 10 * 60_000;
/** JSON-lines logs (history, incidents, doctor records) roll over to `.1` past this size. */
export const JSONL_MAX_BYTES = 4 * MB;
export const CHANGES_KEEP = 500;
export const PROPOSALS_KEEP = 200;

export interface RetentionRule {
  what: string;
  dir: string;
  match: RegExp;
  /** At most this many files per group (newest kept). */
  keep: number;
  /** None older than this. */
  maxAgeDays: number;
  /** Files with the same key are counted together (default: one group). */
  group?: (name: string) => string;
}

export interface RetentionPaths {
  dataDir: string;
  /** OpenClaw's config: broken copies the doctor keeps beside it are pruned too. */
  configPath?: string;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A file moved aside as `<name>.corrupt-<stamp>` is grouped by `<name>`. */
const beforeCorrupt = (name: string) => name.slice(0, name.indexOf('.corrupt-'));

export function retentionRules(p: RetentionPaths): RetentionRule[] {
  const logs = join(p.dataDir, 'logs');
  const rules: RetentionRule[] = [
    { what: 'rotated gateway logs', dir: logs, match: /^gateway(?:\.out|\.err)?\.log\.\d+$/, keep: GATEWAY_LOG_KEEP, maxAgeDays: 30, group: (n) => n.replace(/\.\d+$/, '') },
    // A backup older than this can no longer be undone (`clawdoc undo` says so); the change record stays.
    { what: 'backups of files ClawDoc changed', dir: join(p.dataDir, 'backups'), match: /./, keep: 100, maxAgeDays: 90 },
    { what: 'damaged files moved aside', dir: p.dataDir, match: /\.corrupt-/, keep: 3, maxAgeDays: 30, group: beforeCorrupt },
    { what: 'damaged alert files moved aside', dir: join(p.dataDir, 'alerts'), match: /\.corrupt-/, keep: 3, maxAgeDays: 30, group: beforeCorrupt },
  ];
  // writeFileAtomic's `<file>.<pid>.<8 hex>.tmp`, left behind only when ClawDoc died mid-write.
  const tmpDirs = [p.dataDir, join(p.dataDir, 'alerts'), join(p.dataDir, 'snapshots'), join(p.dataDir, 'doctor')];
  if (p.configPath) {
    const name = basename(p.configPath);
    rules.push({ what: `broken configs kept beside ${name}`, dir: dirname(p.configPath), match: new RegExp(`^${escapeRegExp(name)}\\.broken-`), keep: 10, maxAgeDays: 30 });
    tmpDirs.push(dirname(p.configPath));
  }
  for (const dir of tmpDirs) rules.push({ what: 'temporary files left by a crash', dir, match: /\.\d+\.[0-9a-f]{8}\.tmp$/, keep: 0, maxAgeDays: 1 });
  return rules;
}

/** Removes what the rules do not keep; returns the removed paths. Never throws. */
export function pruneArtifacts(rules: RetentionRule[], now = Date.now()): string[] {
  const removed: string[] = [];
  for (const rule of rules) {
    let names: string[];
    try {
      names = readdirSync(rule.dir).filter((n) => rule.match.test(n));
    } catch {
      continue;
    }
    const groups = new Map<string, { path: string; mtime: number }[]>();
    for (const name of names) {
      const path = join(rule.dir, name);
      try {
        const st = statSync(path);
        if (!st.isFile()) continue;
        const key = rule.group?.(name) ?? '';
        groups.set(key, [...(groups.get(key) ?? []), { path, mtime: st.mtimeMs }]);
      } catch {
        // vanished
      }
    }
    for (const files of groups.values()) {
      files.sort((a, b) => b.mtime - a.mtime);
      files.forEach((f, i) => {
        if (i < rule.keep && now - f.mtime <= rule.maxAgeDays * DAY) return;
        try {
          rmSync(f.path, { force: true });
          removed.push(f.path);
        } catch {
          // in use or gone: next sweep
        }
      });
    }
  }
  return removed;
}

/**
 * Rolls `path` → `.1` → `.2` … (keeping `keep`) when it is larger than `maxBytes`. Copy-then-truncate,
 * so a process that holds the file open for appending (O_APPEND) keeps writing to the same, now short,
 * file. Lines written between the copy and the truncation are lost (the usual copytruncate caveat).
 */
export function rotateBySize(path: string, maxBytes = GATEWAY_LOG_MAX_BYTES, keep = GATEWAY_LOG_KEEP): boolean {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return false;
  }
  if (size <= maxBytes) return false;
  for (let i = keep - 1; i >= 1; i--) {
    const from = `${path}.${i}`;
    if (existsSync(from)) renameSync(from, `${path}.${i + 1}`);
  }
  copyFileSync(path, `${path}.1`);
  truncateSync(path, 0);
  return true;
}

/** The periodic part: logs other writers append to (a KeepAlive unit's) by size, the artifacts by the rules. */
export class Retention {
  private lastPrune = -Infinity;
  private readonly rules: RetentionRule[];

  constructor(private readonly paths: RetentionPaths) {
    this.rules = retentionRules(paths);
  }

  /** Cheap; call every LOG_CHECK_MS. Prunes at most every PRUNE_EVERY_MS. Returns what it removed. */
  tick(now = Date.now()): string[] {
    for (const name of ['gateway.out.log', 'gateway.err.log']) {
      try {
        rotateBySize(join(this.paths.dataDir, 'logs', name));
      } catch {
        // next time
      }
    }
    if (now - this.lastPrune < PRUNE_EVERY_MS) return [];
    this.lastPrune = now;
    return pruneArtifacts(this.rules, now);
  }
}
