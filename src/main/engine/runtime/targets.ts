// Several gateways under one watcher: a composition layer ABOVE ClawDocRuntime. Each target (the default
// one from the top-level settings, and every settings.targets[] entry) gets its own runtime, with its own
// settings (the top-level ones plus the entry's), its own data dir (the default: the data dir itself;
// others: <dataDir>/targets/<id>/, each with its own lock, state, history and control socket) and its id
// on every status and event. Remote targets are probed and alerted, never restarted or repaired.
import { join, sep } from 'node:path';
import type { ClawDocEvent, RuntimeStatus, TargetId, TargetSummary } from '../../../shared/api.js';
import type { TargetSettings } from '../../../shared/settings.js';
import type { HistoryEvent } from '../../../shared/history.js';
import type { ProbeResult } from '../../../shared/status.js';
import { lookOf, worstLook, type HealthLook } from '../../../shared/health-look.js';
import { secretStoreFor } from '../alerts/encrypted-secrets.js';
import { ensureDataDir } from '../paths.js';
import { setStoredTextRedactor } from '../store/stored-text.js';
import { setDefaultProblemListener } from '../store/documents.js';
import { validateSettings, type Settings } from '../settings/settings.js';
import { ClawDocRuntime, DEFAULT_TARGET, type RuntimeOptions } from './runtime.js';

/** The data dir of a target's runtime: the default target's is the data dir itself. */
export function targetDataDir(dataDir: string, id: TargetId): string {
  return id === DEFAULT_TARGET ? dataDir : join(dataDir, 'targets', id);
}

/** host and port of a remote target's URL (http://HOST:PORT). */
export function parseTargetUrl(url: string): { host: string; port: number } {
  const u = new URL(url);
  if (u.protocol !== 'http:') throw new Error(`target url ${url}: only http:// is probed`);
  const port = Number(u.port || 80);
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port };
}

/** Quotes one word for the shell that runs manage=command's restart command. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The settings one target runs with: the top-level settings, then the entry's own keys. A remote target
 * is never managed (manage=none) nor repaired (doctor off); a fleet cell is restarted by
 * `openclaw fleet restart <tenant>` (manage=command), never by pid, and not repaired by the doctor.
 */
export function targetSettings(base: Settings, entry: TargetSettings): Settings {
  const s = structuredClone(base) as Settings;
  s.targets = [];
  s.metrics = { listen: '' }; // one metrics listener, the watcher's
  Object.assign(s.watch, entry.watch ?? {});
  Object.assign(s.restart, entry.restart ?? {});
  if (entry.kind === 'remote') {
    const { host, port } = parseTargetUrl(entry.url!);
    s.gateway.host = host;
    s.gateway.port = port;
    s.gateway.env = {};
    s.watch.manage = 'none';
    s.watch.restartCommand = '';
    s.watch.memoryRestartMb = 0;
    s.doctor.enabled = false;
    // Its chat channels are not checked: that needs the gateway's token, and the ladder's steps repair.
    s.gatewayChannels.enabled = false;
  } else if (entry.kind === 'fleet') {
    s.gateway.host = '127.0.0.1';
    s.gateway.port = entry.port!;
    s.watch.manage = 'command';
    s.watch.restartCommand = fleetRestartCommand(s.gateway.openclawPath, entry.tenant!);
    s.watch.memoryRestartMb = 0; // the cell's gateway runs in a container: its pid is not ours to sample
    s.doctor.enabled = false;
    s.gatewayChannels.enabled = false; // its token lives in the container's environment, not here
  } else {
    if (entry.port !== undefined) s.gateway.port = entry.port;
    if (entry.manage !== undefined) s.watch.manage = entry.manage;
    if (entry.restartCommand !== undefined) s.watch.restartCommand = entry.restartCommand;
    s.gateway.env = { ...s.gateway.env, ...(entry.env ?? {}) };
    if (entry.profile !== undefined) {
      s.gateway.env.OPENCLAW_PROFILE = entry.profile;
      // The profile names the state dir (~/.openclaw-<profile>): a state dir or config path set for the
      // default gateway must not leak into this one.
      if (!entry.env?.OPENCLAW_STATE_DIR) delete s.gateway.env.OPENCLAW_STATE_DIR;
      if (!entry.env?.OPENCLAW_CONFIG_PATH) delete s.gateway.env.OPENCLAW_CONFIG_PATH;
    }
    if (entry.doctor?.enabled !== undefined) s.doctor.enabled = entry.doctor.enabled;
  }
  return validateSettings(s, `targets.${entry.id}`);
}

/** `openclaw fleet restart <tenant>` (docs/cli/fleet.md): Fleet verifies the container's ownership and restarts it. */
export function fleetRestartCommand(openclawPath: string, tenant: string): string {
  return `${shellWord(openclawPath)} fleet restart ${shellWord(tenant)}`;
}

export interface TargetPlan {
  id: TargetId;
  kind: 'default' | TargetSettings['kind'];
  label: string;
  dataDir: string;
  settings: Settings;
}

/** Every target to watch, the default first, each with its settings; refuses two targets on one local port. */
export function planTargets(dataDir: string, settings: Settings): TargetPlan[] {
  const plans: TargetPlan[] = [{ id: DEFAULT_TARGET, kind: 'default', label: DEFAULT_TARGET, dataDir, settings }];
  for (const entry of settings.targets) {
    plans.push({ id: entry.id, kind: entry.kind, label: entry.label || entry.id, dataDir: targetDataDir(dataDir, entry.id), settings: targetSettings(settings, entry) });
  }
  const seen = new Map<string, string>();
  for (const p of plans) {
    const where = `${p.settings.gateway.host}:${p.settings.gateway.port}`;
    const other = seen.get(where);
    if (other) throw new Error(`targets "${other}" and "${p.id}" both point at ${where}: each gateway needs its own port`);
    seen.set(where, p.id);
  }
  return plans;
}

/** The worst look among targets (the tray's icon); a target never answered counts as unknown. */
export function worstOf(statuses: Pick<RuntimeStatus, 'gateway' | 'watching'>[]): HealthLook {
  return worstLook(statuses.map((s) => (s.watching || s.gateway ? lookOf(s.gateway?.state) : 'paused')));
}

export type TargetSetOptions = Omit<RuntimeOptions, 'target' | 'secretStore' | 'onHistoryEvent' | 'noLocalProcess'> & {
  /** Every watchdog and doctor event of every target, with the target it is about. */
  onHistoryEvent?: (event: HistoryEvent, target: TargetId) => void;
};

/**
 * One watcher, every target: the runtimes share the process, the alert channels and the secrets store;
 * each probes on its own timer, and its watchdog never starts a probe while its previous one runs.
 */
export class TargetSet {
  private readonly unfollow: () => void;

  private constructor(
    readonly runtimes: ClawDocRuntime[],
    private readonly log: (line: string) => void,
  ) {
    // A live change of settings.json (made on the default target's runtime: the window, `clawdoc settings
    // set`) reaches every target: shared keys (alerts, policy) and each target's own entry.
    if (runtimes.length > 1) this.primary.listTargets(() => this.summaries());
    this.unfollow = this.primary.subscribe((e) => {
      if (e.kind === 'settings-changed' && e.target === DEFAULT_TARGET) this.followSettings(e.keys);
    });
  }

  private followSettings(keys: string[]): void {
    const next = this.primary.settingsInUse;
    for (const rt of this.runtimes.slice(1)) {
      const entry = next.targets.find((t) => t.id === rt.target);
      if (!entry) {
        this.log(`clawdoc: target "${rt.target}" is no longer in settings.targets: it is watched until the watcher restarts`);
        continue;
      }
      try {
        rt.applyComposedSettings(targetSettings(next, entry), keys);
      } catch (err) {
        this.log(`clawdoc: target "${rt.target}": the changed settings cannot apply: ${(err as Error).message}`);
      }
    }
    const added = next.targets.filter((t) => !this.get(t.id)).map((t) => t.id);
    if (added.length) this.log(`clawdoc: new targets ${added.join(', ')} are watched when the watcher restarts`);
  }

  /** The default target's runtime: the data dir's own (settings, dashboard, control socket of the data dir). */
  get primary(): ClawDocRuntime {
    return this.runtimes[0]!;
  }

  get(id: TargetId): ClawDocRuntime | undefined {
    return this.runtimes.find((r) => r.target === id);
  }

  static async watch(options: TargetSetOptions): Promise<TargetSet> {
    const plans = planTargets(options.dataDir, options.settings);
    // One secrets store (the main data dir's) for every target's alerts.
    const secretStore = plans.length > 1 ? secretStoreFor(options.dataDir, options.secretCipher) : undefined;
    const started: ClawDocRuntime[] = [];
    try {
      for (const plan of plans) {
        const isDefault = plan.id === DEFAULT_TARGET;
        if (!isDefault) ensureDataDir(join(options.dataDir, 'targets'));
        const { onHistoryEvent: _printed, ...shared } = options;
        started.push(
          await ClawDocRuntime.watch({
            ...shared,
            dataDir: plan.dataDir,
            settings: plan.settings,
            target: plan.id,
            noLocalProcess: plan.kind === 'remote' || plan.kind === 'fleet',
            ...(options.onHistoryEvent ? { onHistoryEvent: (e: HistoryEvent) => options.onHistoryEvent!(e, plan.id) } : {}),
            ...(secretStore ? { secretStore } : {}),
            // Live settings changes and command-line overrides belong to the data dir's own runtime.
            overrides: isDefault ? options.overrides : {},
            ...(isDefault ? {} : { settingsProblem: undefined }),
          }),
        );
      }
    } catch (err) {
      for (const rt of started.reverse()) await rt.stop();
      throw err;
    }
    const set = new TargetSet(started, options.log ?? (() => {}));
    // A damaged file is told by the runtime whose data dir holds it (the deepest: targets/<id>/ before the root).
    if (started.length > 1) {
      const byDepth = [...started].sort((x, y) => y.dataDir.length - x.dataDir.length);
      setDefaultProblemListener((p) => (byDepth.find((rt) => p.file.startsWith(rt.dataDir + sep)) ?? set.primary).reportStoreProblem(p));
    }
    // What any runtime stores passes every target's redactor (each knows its own gateway's token).
    if (started.length > 1) setStoredTextRedactor(() => ({ redactDeep: <T>(v: T): T => started.reduce((acc, rt) => rt.redaction().redactDeep(acc), v) }));
    return set;
  }

  subscribe(listener: (event: ClawDocEvent) => void): () => void {
    const offs = this.runtimes.map((r) => r.subscribe(listener));
    return () => offs.forEach((off) => off());
  }

  onProbe(listener: (target: TargetId, probe: ProbeResult) => void): () => void {
    const offs = this.runtimes.map((r) => r.onProbe(listener));
    return () => offs.forEach((off) => off());
  }

  /** Every target's status, in settings order (the default first). */
  async statuses(): Promise<RuntimeStatus[]> {
    return Promise.all(this.runtimes.map((r) => r.status()));
  }

  /** Every other target in one line each: what the default target's status carries for the window. */
  async summaries(): Promise<TargetSummary[]> {
    const kinds = new Map(this.primary.settingsInUse.targets.map((t) => [t.id, t.kind]));
    return Promise.all(
      this.runtimes.slice(1).map(async (rt) => {
        const s = await rt.status();
        const gw = s.gateway;
        return {
          target: rt.target,
          kind: kinds.get(rt.target) ?? 'local',
          host: rt.settingsInUse.gateway.host,
          port: rt.settingsInUse.gateway.port,
          watching: s.watching,
          state: gw?.state ?? null,
          ...(gw ? { since: gw.since, reason: gw.reason } : {}),
        };
      }),
    );
  }

  describe(): string[] {
    return this.runtimes.map((r) => r.describe());
  }

  async stop(options: { stopGateway?: boolean } = {}): Promise<void> {
    this.unfollow();
    this.primary.listTargets(undefined);
    await Promise.all(this.runtimes.map((r) => r.stop(options)));
  }
}
