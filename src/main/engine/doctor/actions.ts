// Fix actions: typed, each with a precondition, a backup (through the change log), and a rollback.
// Verification (the gateway healthy again within a timeout) is done by the doctor after `apply`.
import { readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PortHolder, ProbeResult } from '../../../shared/status.js';
import { gatewayLockOwner, identifyGateway, isAlive, isSameProcess, signalGateway, type GatewayIdentity } from '../gateway/processes.js';
import { runCommand, type Runner } from '../util/exec.js';
import { copyUserFileSync, fileStamp } from '../util/fsx.js';
import type { ChangeLog } from './changes.js';
import { hashText } from './config-check.js';
import { getPath, parseConfigText, parseValue, readConfig, removeConfigKeysText, removePath, setConfigKeyText, writeConfig } from '../openclaw/config-file.js';
import type { ActionFacts } from './action-safety.js';
import type { Evidence } from './evidence.js';
import type { Action } from './cases/case-schema.js';
import type { SnapshotStore } from './snapshots.js';

export interface ActionContext {
  caseId: string;
  recordId: string;
  configPath: string;
  port: number;
  evidence: Evidence;
  snapshots: SnapshotStore;
  changes: ChangeLog;
  openclawPath: string;
  env: NodeJS.ProcessEnv;
  /** OpenClaw's dated file-log folder (prune-logs). */
  fileLogDir: string;
  stateDir: string;
  portHolder: (port: number) => Promise<PortHolder | null>;
  probe: () => Promise<ProbeResult>;
  /** The gateway ClawDoc itself runs (never "stale"). */
  managerPid: () => number | undefined;
  approvedCommands: string[];
  openclawDoctorTimeoutMs: number;
  rateLimitMaxWaitMs: number;
  pruneOlderThanDays: number;
  killTimeoutMs: number;
  runner?: Runner;
  sleep?: (ms: number) => Promise<void>;
}

export interface ActionOutcome {
  /** Applied (true) or not applicable / failed to apply (false). */
  applied: boolean;
  detail: string;
  /** Change records (ids) made to user files; undone on rollback. */
  changeIds: string[];
  /** The gateway must be (re)started for the fix to take effect. */
  needsRestart: boolean;
  /** `escalate`: hand over to a human, stop trying. */
  escalate?: boolean;
}

const sleepMs = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function describeAction(a: Action): string {
  switch (a.type) {
    case 'set-config-key':
      return `set ${a.key}=${JSON.stringify(a.value)}`;
    case 'remove-config-key':
      return a.key ? `remove config key ${a.key}` : 'remove the unknown config key named by the error';
    case 'shell':
      return `run \`${a.command}\``;
    case 'wait-rate-limit':
      return `wait ${a.seconds ?? 60}s for the rate limit`;
    case 'prune-logs':
      return `prune OpenClaw logs older than ${a.olderThanDays ?? 7} days`;
    case 'escalate':
      return `escalate to a human${a.message ? `: ${a.message}` : ''}`;
    default:
      return a.type;
  }
}

// Unknown config keys come only from OpenClaw's own validation: `openclaw config validate --json` run on
// the config ClawDoc edits, or (when that cannot run) the issue lines of the gateway's own refusal in its
// output stream. Never from the file log, where any text (a chat message, a tool result) can appear.

/** One issue exactly as OpenClaw formats it (dist: formatConfigIssueLine): `[- |× ][file:line — ]<path>: <message>`. */
const ISSUE_LINE = /^\s*(?:[-×] )?(?:[^\s:]+:\d+ — )?(<root>|[A-Za-z0-9_$-]+(?:\.[A-Za-z0-9_$-]+|\[\d+\])*): (Unrecognized keys?: .*)$/;
/** OpenClaw's (zod's) message for unknown keys: `Unrecognized key: "a"` / `Unrecognized keys: "a", "b"`. */
const UNKNOWN_MESSAGE = /^Unrecognized keys?: ("[A-Za-z0-9_$-]+"(?:, "[A-Za-z0-9_$-]+")*)$/;
/** Credentials live under these: never removed automatically, whatever an error says. */
const PROTECTED_KEY = /auth|token|secret|password|passwd|credential|api[-_]?key|oauth|private[-_]?key|cookie/i;

function keysOf(path: string, message: string): string[] {
  const m = UNKNOWN_MESSAGE.exec(message.trim());
  if (!m) return [];
  const parent = path === '<root>' || path === '' ? '' : path.replace(/\[(\d+)\]/g, '.$1');
  return [...m[1]!.matchAll(/"([^"]+)"/g)].map((k) => k[1]!).filter((k) => !/^\d+$/.test(k)).map((k) => (parent ? `${parent}.${k}` : k));
}

/** Keys named by lines in OpenClaw's exact issue format (anything else on a line disqualifies it). */
export function unknownKeysFrom(lines: string[]): string[] {
  const out = new Set<string>();
  for (const line of lines) {
    const m = ISSUE_LINE.exec(line);
    if (m) for (const k of keysOf(m[1]!, m[2]!)) out.add(k);
  }
  return [...out];
}

/** A key ClawDoc may never remove on its own (credentials). */
export function isProtectedKey(key: string): boolean {
  return key.split('.').some((seg) => PROTECTED_KEY.test(seg));
}

/** `openclaw config validate --json` → unknown keys, or undefined when its answer is not OpenClaw's. */
export function unknownKeysFromValidate(stdout: string, configPath: string): string[] | undefined {
  let doc: { valid?: unknown; path?: unknown; issues?: unknown };
  try {
    doc = JSON.parse(stdout.slice(stdout.indexOf('{'), stdout.lastIndexOf('}') + 1)) as typeof doc;
  } catch {
    return undefined;
  }
  if (typeof doc.valid !== 'boolean' || (doc.path !== undefined && !samePath(String(doc.path), configPath))) return undefined;
  if (doc.valid) return [];
  if (!Array.isArray(doc.issues)) return undefined;
  const out = new Set<string>();
  for (const issue of doc.issues as { path?: unknown; message?: unknown }[]) {
    if (typeof issue?.path !== 'string' || typeof issue.message !== 'string') continue;
    if (issue.path !== '<root>' && !/^[A-Za-z0-9_$-]+(?:\.[A-Za-z0-9_$-]+|\[\d+\])*$/.test(issue.path)) continue;
    for (const k of keysOf(issue.path, issue.message)) out.add(k);
  }
  return [...out];
}

function samePath(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  return a === b || real(a) === real(b);
}

const validateCache = new Map<string, { at: number; keys: string[] | undefined }>();

/** The unknown keys OpenClaw itself names for the config as it is now, and where that came from. */
export async function unknownConfigKeys(ctx: ActionContext, configText: string): Promise<{ keys: string[]; refused: string[]; source: string }> {
  const cacheKey = `${ctx.configPath}\0${hashText(configText)}`;
  let cached = validateCache.get(cacheKey);
  if (!cached || Date.now() - cached.at > 60_000) {
    const r = await (ctx.runner ?? runCommand)(ctx.openclawPath, ['config', 'validate', '--json'], { timeoutMs: 30_000, env: { ...ctx.env, OPENCLAW_CONFIG_PATH: ctx.configPath } });
    cached = { at: Date.now(), keys: r.timedOut || r.error ? undefined : unknownKeysFromValidate(r.stdout, ctx.configPath) };
    validateCache.set(cacheKey, cached);
  }
  let keys = cached.keys;
  let source = '`openclaw config validate`';
  if (!keys) {
    // The validator could not run: the refusal in the gateway's own output, in OpenClaw's exact format.
    keys = ctx.evidence.exitCode === undefined || ctx.evidence.exitCode === null || ctx.evidence.exitCode === 78 || ctx.evidence.exitCode === 1 ? unknownKeysFrom(ctx.evidence.lastOutput) : [];
    source = "the gateway's own refusal";
  }
  return { keys: keys.filter((k) => !isProtectedKey(k)), refused: keys.filter(isProtectedKey), source };
}

/**
 * The stale gateway to stop: the port holder, else the live owner of this state dir's gateway lock (read
 * from the lock file, never from a log line), proven to be this gateway by `identifyGateway`.
 */
async function staleGateway(ctx: ActionContext): Promise<GatewayIdentity> {
  const holder = await ctx.portHolder(ctx.port);
  const candidates = [...new Set([holder?.pid, gatewayLockOwner(ctx.stateDir)].filter((p): p is number => !!p))];
  if (!candidates.length) return { ok: false, pid: 0, reason: `nothing holds port ${ctx.port} and no live process owns the gateway lock` };
  let first: GatewayIdentity | undefined;
  for (const pid of candidates) {
    if (pid === ctx.managerPid() || pid === process.pid) {
      first ??= { ok: false, pid, reason: `pid ${pid} is the gateway ClawDoc runs, not a stale one` };
      continue;
    }
    const id = await identifyGateway(pid, { port: ctx.port, stateDir: ctx.stateDir, openclawPath: ctx.openclawPath, portHolder: ctx.portHolder });
    if (id.ok) return id;
    first ??= id;
  }
  return first!;
}

/** A copy beside the file (beside the link, for a symlinked config) with the original's mode and owner. */
function keepBeside(path: string, label: string): string | undefined {
  const aside = `${path}.${label}-${fileStamp()}`;
  return copyUserFileSync(path, aside) ? aside : undefined;
}

/** Why the config cannot be edited: it does not parse, or it is not a readable regular file. */
function unreadable(cfg: { text: string | null; error: string }): string {
  return cfg.text === null ? `cannot read the config: ${cfg.error}` : `the config does not parse (${cfg.error})`;
}

export async function applyAction(a: Action, ctx: ActionContext): Promise<ActionOutcome> {
  const no = (detail: string): ActionOutcome => ({ applied: false, detail, changeIds: [], needsRestart: false });
  const meta = { caseId: ctx.caseId, recordId: ctx.recordId };
  switch (a.type) {
    case 'restart-gateway':
      return { applied: true, detail: 'restart the gateway', changeIds: [], needsRestart: true };

    case 'restore-snapshot': {
      const current = readConfig(ctx.configPath);
      if (!current.ok && current.text === null && !current.missing) return no(`${current.error}; the snapshot was not restored`);
      const currentHash = current.text === null ? null : hashText(current.text);
      const snap = ctx.snapshots.latest(currentHash);
      if (!snap) return no(currentHash && ctx.snapshots.has(currentHash) ? 'the config already equals the newest known-good snapshot' : 'no known-good snapshot to restore');
      const text = ctx.snapshots.read(snap);
      const aside = current.text !== null ? keepBeside(ctx.configPath, 'broken') : undefined;
      const rec = ctx.changes.change(ctx.configPath, `restore known-good snapshot ${snap.id}${aside ? ` (broken file kept as ${aside})` : ''}`, () => writeConfig(ctx.configPath, text), meta);
      return { applied: true, detail: `restored snapshot ${snap.id} (good at ${new Date(snap.lastGoodAt).toISOString()})${aside ? `; the broken file is kept as ${aside}` : ''}`, changeIds: [rec.id], needsRestart: true };
    }

    case 'set-config-key': {
      const cfg = readConfig(ctx.configPath);
      if (!cfg.ok) return no(`${unreadable(cfg)}; cannot set ${a.key}`);
      const value = typeof a.value === 'string' ? parseValue(a.value) : a.value;
      if (JSON.stringify(getPath(cfg.value, a.key)) === JSON.stringify(value)) return no(`${a.key} is already ${JSON.stringify(value)}`);
      const next = setConfigKeyText(cfg.text, a.key, value);
      const rec = ctx.changes.change(ctx.configPath, `set ${a.key}=${JSON.stringify(value)}`, () => writeConfig(ctx.configPath, next.text), { ...meta, warning: next.warning });
      return { applied: true, detail: `set ${a.key}=${JSON.stringify(value)} (backup ${rec.id})${next.warning ? `; ${next.warning}` : ''}`, changeIds: [rec.id], needsRestart: true };
    }

    case 'remove-config-key': {
      const cfg = readConfig(ctx.configPath);
      if (!cfg.ok) return no(unreadable(cfg));
      if (a.key && isProtectedKey(a.key)) return no(`${a.key} holds credentials: ClawDoc never removes it on its own`);
      const named = a.key ? { keys: [a.key], refused: [], source: 'the case' } : await unknownConfigKeys(ctx, cfg.text);
      const keys = named.keys;
      const refusedNote = named.refused.length ? `; never removed on its own: ${named.refused.join(', ')}` : '';
      if (!keys.length) return no(`no unknown key named by ${named.source}${refusedNote}`);
      const next = removeConfigKeysText(cfg.text, keys);
      const removed = next.removed;
      if (!removed.length) return no(`key ${keys.join(', ')} is not in the config${refusedNote}`);
      const rec = ctx.changes.change(ctx.configPath, `remove ${removed.join(', ')}`, () => writeConfig(ctx.configPath, next.text), { ...meta, warning: next.warning });
      return { applied: true, detail: `removed ${removed.join(', ')} (named by ${named.source}; backup ${rec.id})${refusedNote}${next.warning ? `; ${next.warning}` : ''}`, changeIds: [rec.id], needsRestart: true };
    }

    case 'stop-stale-gateway': {
      const id = await staleGateway(ctx);
      if (!id.ok) return no(`${id.reason}: ClawDoc never stops another program`);
      const pid = id.pid;
      const probe = await ctx.probe();
      if (probe.verdict === 'healthy') return no(`the OpenClaw gateway on port ${ctx.port} (pid ${pid}) is healthy: not stale`);
      await signalGateway(pid, 'SIGTERM');
      await signalGateway(pid, 'SIGCONT'); // a stopped process acts on TERM only once continued
      const end = Date.now() + ctx.killTimeoutMs;
      while (isAlive(pid) && Date.now() < end) await sleepMs(100);
      if (await isSameProcess(pid, id.startTime)) await signalGateway(pid, 'SIGKILL'); // not a reused pid
      const end2 = Date.now() + 5000;
      while (isAlive(pid) && Date.now() < end2) await sleepMs(100);
      // The port is released when the listener closes; wait briefly for it.
      const end3 = Date.now() + 5000;
      while ((await ctx.portHolder(ctx.port))?.pid === pid && Date.now() < end3) await sleepMs(200);
      return { applied: true, detail: `stopped the stale OpenClaw gateway pid ${pid} (${id.command.slice(0, 120)}; proven by its ${id.via === 'port' ? `port ${ctx.port}` : 'gateway lock'}; probe ${probe.verdict})`, changeIds: [], needsRestart: true };
    }

    case 'openclaw-doctor-fix': {
      const run = ctx.runner ?? runCommand;
      const timeoutMs = a.timeoutSec ? a.timeoutSec * 1000 : ctx.openclawDoctorTimeoutMs;
      let r: Awaited<ReturnType<Runner>> | undefined;
      const rec = await ctx.changes.changeAsync(ctx.configPath, '`openclaw doctor --fix --non-interactive --yes`', async () => {
        r = await run(ctx.openclawPath, ['doctor', '--fix', '--non-interactive', '--yes'], { timeoutMs, env: ctx.env });
      }, meta);
      const ok = r!.code === 0 && !r!.timedOut;
      const result = r!.timedOut ? `timed out after ${Math.round(timeoutMs / 1000)}s` : `exit ${r!.code ?? r!.error}`;
      const changed = rec.afterHash !== rec.beforeHash;
      if (!ok && !changed) return no(`openclaw doctor --fix: ${result}`);
      return { applied: true, detail: `openclaw doctor --fix: ${result}${changed ? ' (config changed; ClawDoc kept a backup)' : ''}`, changeIds: [rec.id], needsRestart: true };
    }

    case 'wait-rate-limit': {
      const ms = Math.min((a.seconds ?? 60) * 1000, ctx.rateLimitMaxWaitMs);
      await (ctx.sleep ?? sleepMs)(ms);
      return { applied: true, detail: `waited ${Math.round(ms / 1000)}s for the provider rate limit instead of restarting`, changeIds: [], needsRestart: false };
    }

    case 'prune-logs': {
      const days = a.olderThanDays ?? ctx.pruneOlderThanDays;
      const cutoff = Date.now() - days * 86_400_000;
      const removed: string[] = [];
      let bytes = 0;
      // Only OpenClaw's own dated file logs (it prunes them itself after 24 h); never the config or state.
      for (const dir of [ctx.fileLogDir]) {
        let names: string[] = [];
        try {
          names = readdirSync(dir).filter((n) => /^openclaw-\d{4}-\d{2}-\d{2}(?:\.\d+)?\.log$/.test(n));
        } catch {
          continue;
        }
        for (const n of names) {
          const full = join(dir, n);
          try {
            const st = statSync(full);
            if (st.mtimeMs < cutoff) {
              rmSync(full);
              removed.push(n);
              bytes += st.size;
            }
          } catch {
            // vanished
          }
        }
      }
      if (!removed.length) return no(`no OpenClaw log older than ${days} days`);
      return { applied: true, detail: `pruned ${removed.length} OpenClaw log file(s), ${Math.round(bytes / 1048576)} MB`, changeIds: [], needsRestart: true };
    }

    case 'escalate':
      return { applied: true, detail: a.message ?? 'handed over to a human', changeIds: [], needsRestart: false, escalate: true };

    case 'shell': {
      if (!ctx.approvedCommands.includes(a.command)) return no(`shell command not approved for case ${ctx.caseId}: ${a.command}`);
      let r: Awaited<ReturnType<Runner>> | undefined;
      const rec = await ctx.changes.changeAsync(ctx.configPath, `approved command \`${a.command}\``, async () => {
        r = await (ctx.runner ?? runCommand)(a.command, [], { timeoutMs: (a.timeoutSec ?? 60) * 1000, env: ctx.env, shell: true });
      }, meta);
      const ok = r!.code === 0 && !r!.timedOut;
      return { applied: ok, detail: `\`${a.command}\`: ${r!.timedOut ? 'timed out' : `exit ${r!.code ?? r!.error}`}`, changeIds: [rec.id], needsRestart: ok };
    }
  }
}

/** Undoes the file changes of an applied action (newest first). */
export function rollbackChanges(changes: ChangeLog, ids: string[]): string[] {
  const done: string[] = [];
  for (const id of [...ids].reverse()) {
    const rec = changes.get(id);
    if (!rec || rec.undoneAt) continue;
    if (rec.beforeHash === rec.afterHash) continue; // nothing changed
    try {
      changes.undo(id, 'rollback');
      done.push(id);
    } catch {
      // no backup: leave it, the record says so
    }
  }
  return done;
}

/** What the approval decision (action-safety.ts) needs to know about the real files right now. */
export function actionFacts(a: Action, ctx: ActionContext): ActionFacts {
  const cfg = readConfig(ctx.configPath);
  const facts: ActionFacts = { current: cfg.ok ? cfg.value : undefined };
  if (a.type === 'restore-snapshot') {
    const snap = ctx.snapshots.latest(cfg.text === null ? null : hashText(cfg.text)); // the one applyAction restores
    const parsed = snap ? parseConfigText(ctx.snapshots.read(snap)) : undefined;
    if (parsed?.ok) facts.restoreTo = parsed.value;
  }
  if (a.type === 'remove-config-key' && !a.key) facts.evidenceKeys = unknownKeysFrom(ctx.evidence.lastOutput); // the gateway's own refusal only
  return facts;
}

/** Cheap check whether an action can apply now (before proposing or running it); a reason when not. */
export async function precondition(a: Action, ctx: ActionContext): Promise<string | undefined> {
  switch (a.type) {
    case 'restore-snapshot': {
      const cur = readConfig(ctx.configPath);
      if (!cur.ok && cur.text === null && !cur.missing) return cur.error; // a directory or FIFO is never written over
      const h = cur.text === null ? null : hashText(cur.text);
      return ctx.snapshots.latest(h) ? undefined : 'no known-good snapshot that differs from the current config';
    }
    case 'set-config-key': {
      const cfg = readConfig(ctx.configPath);
      if (!cfg.ok) return 'the config does not parse';
      const value = typeof a.value === 'string' ? parseValue(a.value) : a.value;
      return JSON.stringify(getPath(cfg.value, a.key)) === JSON.stringify(value) ? `${a.key} is already ${JSON.stringify(value)}` : undefined;
    }
    case 'remove-config-key': {
      const cfg = readConfig(ctx.configPath);
      if (!cfg.ok) return 'the config does not parse';
      if (a.key && isProtectedKey(a.key)) return `${a.key} holds credentials`;
      const keys = a.key ? [a.key] : (await unknownConfigKeys(ctx, cfg.text)).keys;
      if (!keys.length) return 'OpenClaw names no removable unknown key';
      return keys.some((k) => removePath(cfg.value, k).removed) ? undefined : `${keys.join(', ')} not in the config`;
    }
    case 'stop-stale-gateway': {
      const id = await staleGateway(ctx);
      return id.ok ? undefined : id.reason;
    }
    case 'shell':
      return ctx.approvedCommands.includes(a.command) ? undefined : 'shell command not approved for this case';
    default:
      return undefined;
  }
}
