// The one composition root: the lock, the engine (manager + watchdog), the doctor, the alerts and the
// control server, behind the contract of src/shared/api.ts. `clawdoc watch` runs it; the Electron main
// process hosts the same runtime in-process; the window's HTTP server serves it. Without a running
// watcher the same class answers "offline" from the data dir (`ClawDocRuntime.offline`).
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type {
  ClawDocApi,
  ClawDocEvent,
  ClawDocEvents,
  CommandResult,
  HistoryQuery,
  IncidentQuery,
  NotifyTestResult,
  Page,
  PauseRequest,
  RecordQuery,
  RuntimeStatus,
  SecretsView,
  SettingsView,
  StoreProblem,
  TargetId,
  TargetSummary,
  ValidationProblem,
} from '../../../shared/api.js';
import type { CaseView, ChangeRecord, DiagnosisReport, DoctorEvent, DoctorRecord, DoctorStats, Proposal, SnapshotEntry } from '../../../shared/doctor.js';
import type { ChannelConfig, SettingsChange } from '../../../shared/settings.js';
import type { Incident, ProbeResult, StatusSnapshot, WatchEvent } from '../../../shared/status.js';
import type { AlertHistoryEvent, HistoryEvent } from '../../../shared/history.js';
import type { DeliveryRecord } from '../../../shared/alerts.js';
import { attachAlerts, checkChannelSecrets, type AlertsHandle } from '../alerts/attach-alerts.js';
import type { DesktopNotifier } from '../alerts/desktop-notifier.js';
import { readDeliveries, Outbox } from '../alerts/outbox.js';
import { SEALED_SECRETS_DOC, SealedSecretStore, sealedOnly, secretStoreFor, type SecretCipher } from '../alerts/encrypted-secrets.js';
import type { SecretStore } from '../alerts/secrets.js';
import { createEngine, gatewayEnv, type Engine } from '../build-engine.js';
import { ChannelMonitor } from '../channels/channel-monitor.js';
import { gatewayCall } from '../gateway/gateway-rpc.js';
import { gatewayAuthFrom } from '../gateway/gateway-rpc.js';
import { ControlServer, controlSocketPath } from '../control/control-channel.js';
import { attachDoctor } from '../doctor/attach-doctor.js';
import { classifyAction, safetyLabel } from '../doctor/action-safety.js';
import { describeAction } from '../doctor/actions.js';
import { CaseError, CaseStore } from '../doctor/cases/case-store.js';
import { CaseSchema } from '../doctor/cases/case-schema.js';
import { ChangeLog } from '../doctor/changes.js';
import type { Doctor } from '../doctor/doctor.js';
import { ProposalQueue } from '../doctor/proposals.js';
import { computeStats, DoctorRecords } from '../doctor/records.js';
import { SnapshotStore } from '../doctor/snapshots.js';
import { probeGateway } from '../gateway/probe.js';
import { isAlive } from '../gateway/processes.js';
import { currentPlatformEnv, ensureDataDir, openclawConfigPath, type PlatformEnv } from '../paths.js';
import { loadSettings, saveSettings, settingsPath, SettingsError, validateSettings, type Settings } from '../settings/settings.js';
import { setDefaultProblemListener, type ProblemListener } from '../store/documents.js';
import { setStoredTextRedactor } from '../store/stored-text.js';
import { buildRedactor, cachedRedactor } from '../redaction/known-secrets.js';
import type { Redactor } from '../redaction/redactor.js';
import { History } from '../store/history-log.js';
import { StateFile } from '../store/state-file.js';
import { diagnoseNow } from './diagnose-now.js';
import { testAi } from './ai-now.js';
import type { AiProviderStatus } from '../../../shared/ai.js';
import { HistoryView } from './history-view.js';
import { sendTestNotifications } from './notify-test.js';
import { applySettingsChange, changedKeys, needsRestart } from './settings-change.js';
import { acquireWatchLock, type WatchLock } from './watch-lock.js';

export const DEFAULT_TARGET: TargetId = 'default';

/** ClawDoc's version, as it introduces itself to the gateway's RPC. */
const CLAWDOC_VERSION = (() => {
  try {
    return (JSON.parse(readFileSync(new URL('../../../../../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
})();

export interface RuntimeOptions {
  dataDir: string;
  /** The settings to run with: settings.json plus any command-line overrides. */
  settings: Settings;
  /** Command-line overrides (dotted keys): they stay on top of the file when settings change live. */
  overrides?: SettingsChange;
  /** Where the runtime's own messages go (the watch's output, the app's log). */
  log?: (line: string) => void;
  platform?: PlatformEnv;
  /** The desktop channel (the tray app's native notifications); headless: a no-op that says so. */
  desktop?: DesktopNotifier;
  /** Listeners in place before the watch starts, so the first events (an escalation at start) reach them. */
  onHistoryEvent?: (event: HistoryEvent) => void;
  onEvent?: (event: ClawDocEvent) => void;
  /** settings.json could not be used (the last good settings run instead): told to every face at start. */
  settingsProblem?: string;
  /** The OS's encryption for secrets (the tray app's safeStorage); absent headless: the owner-only file. */
  secretCipher?: SecretCipher;
  /** Called once the engine is built, before the first probe (the watch's "watching …" line). */
  beforeStart?: (runtime: ClawDocRuntime) => void;
  /** Which gateway this runtime watches (settings.targets[].id); 'default' for the top-level one. */
  target?: TargetId;
  /** The gateway is no process of this machine (a remote target, a fleet cell): no local pid is ever looked up, sampled or signalled. */
  noLocalProcess?: boolean;
  /** The secrets store to use (another target's runtime shares the main data dir's); else the data dir's own. */
  secretStore?: SecretStore;
}

export class NotWatchingError extends Error {
  constructor(dataDir: string) {
    super(`no \`clawdoc watch\` is running with data dir ${dataDir}; start it with \`clawdoc watch\` (or the ClawDoc app)`);
    this.name = 'NotWatchingError';
  }
}

export class ClawDocRuntime implements ClawDocApi, ClawDocEvents {
  readonly target: TargetId;
  readonly dataDir: string;
  private settingsNow: Settings;
  private readonly overrides: SettingsChange;
  private readonly log: (line: string) => void;
  private readonly listeners = new Set<(event: ClawDocEvent) => void>();
  private readonly probeListeners = new Set<(target: TargetId, probe: ProbeResult) => void>();
  /** Watchdog and doctor events in one stream: what alerts and the faces follow. */
  private readonly stream = new EventEmitter<{ event: [HistoryEvent] }>();
  private readonly problems: StoreProblem[] = [];
  private engine?: Engine;
  private doctor?: Doctor;
  private alerts?: AlertsHandle;
  private channelMonitor?: ChannelMonitor;
  private control?: ControlServer;
  private lock?: WatchLock;
  private pauseTimer?: NodeJS.Timeout;
  private pausedUntil?: number;
  private lastState?: string;
  private readonly redactor: () => Redactor;
  private previousProblemListener?: ProblemListener;
  private openIncidentId?: string;
  private readonly historyView: HistoryView;
  private readonly secretStore: SecretStore;
  private targetsSummary?: () => Promise<TargetSummary[]>;

  private constructor(private readonly options: RuntimeOptions) {
    this.dataDir = options.dataDir;
    this.target = options.target ?? DEFAULT_TARGET;
    this.settingsNow = options.settings;
    this.overrides = options.overrides ?? {};
    this.log = options.log ?? (() => {});
    this.historyView = new HistoryView(options.dataDir);
    this.secretStore = options.secretStore ?? secretStoreFor(options.dataDir, options.secretCipher, (p) => this.onStoreProblem(p));
    // One redactor for every boundary: what this process stores, and what it answers any face.
    this.redactor = cachedRedactor(() => {
      const s = this.settingsNow;
      const configPath = openclawConfigPath({ ...currentPlatformEnv(), env: { ...process.env, ...s.gateway.env } });
      return buildRedactor(s, this.secretStore, configPath, process.env);
    });
    setStoredTextRedactor(this.redactor);
    const printed = options.onHistoryEvent;
    if (printed) this.stream.on('event', (e) => printed(this.clean(e)));
    if (options.onEvent) this.listeners.add(options.onEvent);
  }

  /** Answers from the data dir alone: what the CLI uses when no watcher runs. */
  static offline(options: RuntimeOptions): ClawDocRuntime {
    return new ClawDocRuntime(options);
  }

  /** Takes the data dir's lock and starts watching: engine, doctor, alerts, control channel. */
  static async watch(options: RuntimeOptions): Promise<ClawDocRuntime> {
    const rt = new ClawDocRuntime(options);
    try {
      await rt.startWatching();
    } catch (err) {
      await rt.stop();
      throw err;
    }
    return rt;
  }

  get watching(): boolean {
    return !!this.engine;
  }

  /** The redactor this runtime applies to everything it stores and answers (several targets combine theirs). */
  get redaction(): () => Redactor {
    return this.redactor;
  }

  get settingsInUse(): Settings {
    return this.settingsNow;
  }

  /** What the engine is doing: the mode it resolved to, and the OS service it drives. */
  describe(): string {
    const e = this.engine;
    if (!e) return `offline, data dir ${this.dataDir}`;
    const service = e.service ? ` (${e.service.kind} ${e.service.name})` : '';
    const who = this.target === DEFAULT_TARGET ? '' : `${this.target}: `;
    return `${who}watching ${e.settings.gateway.host}:${e.settings.gateway.port}, manage=${e.mode}${service}, data dir ${this.dataDir}`;
  }

  subscribe(listener: (event: ClawDocEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every watchdog and doctor event, in order (the watch's output, alerts). */
  onHistoryEvent(listener: (event: HistoryEvent) => void): () => void {
    this.stream.on('event', listener);
    return () => this.stream.off('event', listener);
  }

  private publish(raw: ClawDocEvent): void {
    const event = this.clean(raw);
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (err) {
        this.log(`clawdoc: an event listener failed: ${(err as Error).message}`);
      }
    }
  }

  private async startWatching(): Promise<void> {
    ensureDataDir(this.dataDir);
    this.lock = acquireWatchLock(this.dataDir);
    // A damaged file anywhere in the data dir: kept aside by the store, told once to every face.
    this.previousProblemListener = setDefaultProblemListener((p) => this.onStoreProblem(p));
    if (this.options.settingsProblem) this.onStoreProblem({ file: settingsPath(this.dataDir), message: this.options.settingsProblem });
    const locked = this.secretStore instanceof SealedSecretStore ? [] : sealedOnly(this.dataDir);
    if (locked.length) this.onStoreProblem({ file: join(this.dataDir, SEALED_SECRETS_DOC.file), message: `the secrets of ${locked.join(', ')} are encrypted by the ClawDoc app and cannot be read here; set them again (clawdoc notify add … --secret) or run the app` });
    const engine = await createEngine(this.settingsNow, this.dataDir, this.options.platform ?? currentPlatformEnv(), this.secretStore, { noLocalProcess: !!this.options.noLocalProcess });
    this.engine = engine;
    this.settingsNow = engine.settings;
    engine.watchdog.on('event', (e) => this.onWatchEvent(e));
    engine.watchdog.on('status', (s) => this.onStatus(s));
    engine.watchdog.on('probe', (p) => {
      for (const l of this.probeListeners) l(this.target, p);
    });
    const attached = attachDoctor(engine, { secrets: this.secretStore });
    this.doctor = attached.doctor;
    this.doctor?.on('event', (e) => this.onDoctorEvent(e));
    this.attachAlerts();
    this.startChannelMonitor(engine);
    this.control = new ControlServer(controlSocketPath(this.dataDir), { api: this, subscribe: (l) => this.subscribe(l) });
    await this.control.listen();
    this.options.beforeStart?.(this);
    await engine.watchdog.start();
  }

  /** The gateway's chat channels (IRC, Telegram, Feishu…): checked over the gateway's RPC while it is live. */
  private startChannelMonitor(engine: Engine): void {
    const configPath = () => openclawConfigPath({ ...currentPlatformEnv(), env: gatewayEnv(engine.settings) });
    this.channelMonitor = new ChannelMonitor({
      settings: engine.settings,
      watchdog: engine.watchdog,
      history: engine.history,
      auth: () => gatewayAuthFrom(gatewayEnv(engine.settings), configPath()),
      redact: (text) => this.redactor().redact(text),
      clientVersion: CLAWDOC_VERSION,
      log: this.log,
    });
    this.channelMonitor.start();
    // After OpenClaw's own restart-loop breaker window drains without it resuming the channels: channels.start over the RPC.
    engine.watchdog.setChannelStarter(async (channels) => {
      const g = engine.settings.gateway;
      const target = { host: g.host, port: g.port, timeoutMs: engine.settings.gatewayChannels.rpcTimeoutSec * 1000, auth: gatewayAuthFrom(gatewayEnv(engine.settings), configPath()), clientVersion: CLAWDOC_VERSION };
      for (const channel of channels) await gatewayCall(target, 'channels.start', { channel });
    });
  }

  private attachAlerts(): void {
    const engine = this.engine!;
    const source = {
      on: (_: 'event', l: (e: HistoryEvent) => void) => this.stream.on('event', l),
      off: (_: 'event', l: (e: HistoryEvent) => void) => this.stream.off('event', l),
      snapshot: () => engine.watchdog.snapshot(),
    };
    this.alerts = attachAlerts(
      { watchdog: source, settings: engine.settings, dataDir: this.dataDir, mode: engine.mode, target: this.target },
      {
        log: this.log,
        desktop: this.options.desktop,
        secrets: this.secretStore,
        onDelivery: (delivery) => this.onDelivery(delivery),
      },
    );
  }

  /** Each delivery goes into the history (the timeline's "alerted") and to every face. */
  private onDelivery(delivery: DeliveryRecord): void {
    const snap = this.engine?.watchdog.snapshot();
    // An alert is about the open incident, or the one that just closed (its "recovered" message).
    const recent = snap?.lastIncident?.closedAt !== undefined && delivery.at - snap.lastIncident.closedAt < 15 * 60_000 ? snap.lastIncident : undefined;
    const incidentId = snap?.incident?.id ?? recent?.id;
    const event: AlertHistoryEvent = {
      ts: delivery.at,
      type: 'alert',
      reason: `${delivery.channel}: ${delivery.ok ? 'delivered' : 'not delivered'} — ${delivery.text}`,
      details: { channel: delivery.channel, ok: delivery.ok, text: delivery.text, alerts: delivery.alerts },
      ...(incidentId ? { incidentId } : {}),
    };
    try {
      new History(this.dataDir).events.append(event);
    } catch (err) {
      this.log(`clawdoc: could not record the alert delivery: ${(err as Error).message}`);
    }
    this.publish({ kind: 'alert-delivery', target: this.target, at: delivery.at, delivery });
  }

  private onWatchEvent(e: WatchEvent): void {
    this.stream.emit('event', e);
    this.publish({ kind: 'watch', target: this.target, at: e.ts, event: e });
    if ((e.type === 'channel-down' || e.type === 'channel-recovered') && e.incidentId) {
      // A gateway chat channel's incident is its own (the gateway stayed live): told to every face like the gateway's.
      const d = e.details ?? {};
      const gatewayChannel = { channel: d.channel ?? '?', accountId: d.accountId ?? 'default' };
      if (e.type === 'channel-down') this.publish({ kind: 'incident-opened', target: this.target, at: e.ts, incident: { id: e.incidentId, openedAt: e.ts, cause: e.reason, restarts: 0, gatewayChannel } });
      else {
        const incident: Incident = { id: e.incidentId, openedAt: e.ts - (d.downtimeMs ?? 0), closedAt: e.ts, cause: e.reason, restarts: d.restarts ?? 0, resolution: 'recovered', gatewayChannel };
        this.publish({ kind: 'incident-closed', target: this.target, at: e.ts, incident });
      }
      return;
    }
    const snap = this.engine?.watchdog.snapshot();
    if (snap?.incident && snap.incident.id !== this.openIncidentId) {
      this.openIncidentId = snap.incident.id;
      this.publish({ kind: 'incident-opened', target: this.target, at: e.ts, incident: snap.incident });
    } else if (!snap?.incident && this.openIncidentId) {
      const closed = snap?.lastIncident?.id === this.openIncidentId ? snap.lastIncident : undefined;
      this.openIncidentId = undefined;
      if (closed) this.publish({ kind: 'incident-closed', target: this.target, at: e.ts, incident: closed });
    }
  }

  private onDoctorEvent(e: DoctorEvent): void {
    this.stream.emit('event', e);
    this.publish({ kind: 'doctor', target: this.target, at: e.ts, event: e });
    if (e.details.phase === 'proposal') {
      const p = new ProposalQueue(this.dataDir).get(e.details.proposalId);
      if (p) this.publish({ kind: 'proposal', target: this.target, at: e.ts, proposal: p });
    }
  }

  /** A damaged file of this runtime's data dir (several targets in one process route each file to its owner). */
  reportStoreProblem(p: { file: string; keptAs?: string; message: string }): void {
    this.onStoreProblem(p);
  }

  private onStoreProblem(p: { file: string; keptAs?: string; message: string }): void {
    const problem: StoreProblem = { file: relative(this.dataDir, p.file) || p.file, ...(p.keptAs ? { keptAs: p.keptAs } : {}), message: p.message, at: Date.now() };
    this.problems.push(problem);
    if (this.problems.length > 50) this.problems.shift();
    this.log(`clawdoc: warning: ${p.message}`);
    this.publish({ kind: 'problem', target: this.target, at: problem.at, problem });
  }

  /** Every probe's result, for observers inside this process (the metrics' latency histogram). */
  onProbe(listener: (target: TargetId, probe: ProbeResult) => void): () => void {
    this.probeListeners.add(listener);
    return () => this.probeListeners.delete(listener);
  }

  private onStatus(s: StatusSnapshot): void {
    if (s.state === this.lastState) return;
    this.lastState = s.state;
    this.publish({ kind: 'status', target: this.target, at: s.updatedAt, state: s.state, status: s });
  }

  /** Stops watching; the gateway keeps running unless asked (child mode stops it then). */
  async stop(options: { stopGateway?: boolean } = {}): Promise<void> {
    clearTimeout(this.pauseTimer);
    this.historyView.drop();
    this.doctor?.dispose();
    this.channelMonitor?.stop();
    this.channelMonitor = undefined;
    if (this.engine) await this.engine.watchdog.stop({ stopGateway: !!options.stopGateway });
    this.control?.close();
    this.alerts?.dispose();
    this.lock?.release();
    if (this.previousProblemListener) setDefaultProblemListener(this.previousProblemListener);
    this.previousProblemListener = undefined;
    this.engine = undefined;
    this.doctor = undefined;
    this.alerts = undefined;
    this.control = undefined;
    this.lock = undefined;
  }

  private requireWatching(): Engine {
    if (!this.engine) throw new NotWatchingError(this.dataDir);
    return this.engine;
  }

  // ---- queries ----------------------------------------------------------------------------------

  async status(): Promise<RuntimeStatus> {
    const s = this.settingsNow;
    const saved = this.engine ? undefined : new StateFile(this.dataDir).read({ readOnly: true });
    const gateway = this.engine ? this.engine.watchdog.snapshot() : (saved?.status ?? null);
    const outbox = new Outbox(this.dataDir).all();
    const deliveries = readDeliveries(this.dataDir);
    const status: RuntimeStatus = {
      target: this.target,
      watching: this.watching,
      ...(this.engine ? { watcherPid: process.pid } : {}),
      gateway,
      doctor: {
        enabled: s.doctor.enabled,
        autoHeal: s.doctor.autoHeal,
        busy: this.doctor?.isBusy() ?? false,
        pendingProposals: new ProposalQueue(this.dataDir).list().filter((p) => p.status === 'pending').length,
      },
      alerts: {
        enabled: s.alerts.enabled,
        outboxSize: outbox.length,
        channels: s.alerts.channels.map((c) => ({
          channel: c.name,
          type: c.type,
          enabled: c.enabled,
          ...(Object.hasOwn(deliveries, c.name) ? { last: deliveries[c.name] } : {}),
        })),
      },
      problems: [...this.problems],
      dataDir: this.dataDir,
    };
    if (this.pausedUntil) status.pausedUntil = this.pausedUntil;
    if (this.targetsSummary) status.targets = await this.targetsSummary();
    if (!this.engine) {
      // No watcher: a fresh probe, so what a face shows is current.
      const port = gateway?.port ?? s.gateway.port;
      status.liveProbe = await probeGateway({ host: s.gateway.host, port, timeoutMs: Math.round(s.watch.probeTimeoutSec * 1000) });
      if (gateway?.watcherPid && gateway.watcherPid !== process.pid && isAlive(gateway.watcherPid)) status.watcherPid = gateway.watcherPid;
    }
    return this.clean(status);
  }

  /** What a face receives: every string passes the one redactor (the last exit's output, evidence, reasons). */
  private clean<T>(value: T): T {
    return this.redactor().redactDeep(value);
  }

  async history(query: HistoryQuery = {}): Promise<Page<HistoryEvent>> {
    return this.clean(this.historyView.query(query));
  }

  async incidents(query: IncidentQuery = {}): Promise<Page<Incident>> {
    let list = new History(this.dataDir).recentIncidents(Number.MAX_SAFE_INTEGER);
    const open = this.engine ? this.engine.watchdog.snapshot().incident : new StateFile(this.dataDir).read({ readOnly: true })?.status?.incident;
    if (open && !list.some((i) => i.id === open.id)) list = [open, ...list];
    if (query.since !== undefined) list = list.filter((i) => i.openedAt >= query.since!);
    if (query.until !== undefined) list = list.filter((i) => i.openedAt <= query.until!);
    return this.clean(page(list, query.offset, query.limit));
  }

  private caseStore(): CaseStore {
    return this.doctor?.store ?? new CaseStore(this.dataDir, () => this.settingsNow.doctor.approvedCommands);
  }

  async cases(): Promise<CaseView[]> {
    const store = this.caseStore();
    return store.all().map((c) => caseView(store, c.id)!);
  }

  async proposals(query: { all?: boolean } = {}): Promise<Proposal[]> {
    const open = new Set(['pending', 'approved', 'applying']);
    return this.clean(new ProposalQueue(this.dataDir).list().filter((p) => query.all || open.has(p.status)));
  }

  async changes(): Promise<ChangeRecord[]> {
    return new ChangeLog(this.dataDir).list().reverse();
  }

  async snapshots(): Promise<SnapshotEntry[]> {
    return new SnapshotStore(this.dataDir, this.settingsNow.doctor.snapshotsKeep).list().reverse();
  }

  async stats(): Promise<DoctorStats> {
    // Incidents come from the watcher's own record: every recovery counts, by restart or by the doctor.
    const open = this.engine ? this.engine.watchdog.snapshot().incident : new StateFile(this.dataDir).read({ readOnly: true })?.status?.incident;
    const incidents = [...new History(this.dataDir).incidents.readAll(), ...(open ? [open] : [])];
    return computeStats(new DoctorRecords(this.dataDir).recent(10_000), this.caseStore(), incidents);
  }

  async settings(): Promise<SettingsView> {
    return { settings: maskSettings(this.settingsNow, this.secretStore), path: settingsPath(this.dataDir), secrets: this.secretsView() };
  }

  async channels(): Promise<ChannelConfig[]> {
    return maskSettings(this.settingsNow, this.secretStore).alerts.channels;
  }

  async records(query: RecordQuery = {}): Promise<DoctorRecord[]> {
    const limit = Math.max(0, Math.floor(Number(query.limit ?? 100) || 0));
    const all = new DoctorRecords(this.dataDir).recent(query.ids ? Number.MAX_SAFE_INTEGER : limit) as unknown as DoctorRecord[];
    return this.clean(query.ids ? all.filter((r) => query.ids!.map(String).includes(r.id)).slice(0, limit) : all);
  }

  async checkCase(definition: unknown): Promise<ValidationProblem[]> {
    const r = CaseSchema.safeParse(definition);
    if (!r.success) {
      return r.error.issues.slice(0, 50).map((i) => ({
        key: i.path.join('.') || '(root)',
        message: i.code === 'unrecognized_keys' ? `unknown key ${i.keys.map((k) => `"${k}"`).join(', ')}` : i.message,
      }));
    }
    try {
      this.caseStore().validate(definition);
    } catch (err) {
      return [{ key: err instanceof CaseError && /shell command/.test(err.message) ? 'fix' : '(root)', message: (err as Error).message }];
    }
    return [];
  }

  // ---- commands ---------------------------------------------------------------------------------

  async restart(reason = 'restart requested by the user'): Promise<CommandResult> {
    await this.requireWatching().watchdog.requestRestart(reason);
    return { ok: true, message: 'restarting the gateway' };
  }

  async pause(request: PauseRequest = {}): Promise<CommandResult> {
    const engine = this.requireWatching();
    clearTimeout(this.pauseTimer);
    this.pausedUntil = undefined;
    const minutes = request.durationMin;
    if (minutes !== undefined && !(Number.isFinite(minutes) && minutes > 0 && minutes <= 7 * 24 * 60)) {
      throw new SettingsError(`pause: duration must be between 0 and ${7 * 24 * 60} minutes, got ${minutes}`, ['durationMin']);
    }
    const until = minutes ? Date.now() + minutes * 60_000 : undefined;
    engine.watchdog.pause(request.reason ?? (until ? `paused for ${minutes} min` : 'paused until resumed'));
    if (until) {
      this.pausedUntil = until;
      this.pauseTimer = setTimeout(() => void this.resume('the pause ended'), until - Date.now());
      this.pauseTimer.unref?.();
    }
    return { ok: true, message: until ? `paused until ${new Date(until).toLocaleTimeString()}: ClawDoc keeps watching but takes no action` : 'paused: ClawDoc keeps watching but takes no action' };
  }

  async resume(reason = 'resumed by the user'): Promise<CommandResult> {
    const engine = this.requireWatching();
    clearTimeout(this.pauseTimer);
    this.pausedUntil = undefined;
    await engine.watchdog.resume(reason);
    return { ok: true, message: 'resumed' };
  }

  async diagnose(request: { text?: string; ai?: boolean } = {}): Promise<DiagnosisReport> {
    return this.clean(await diagnoseNow(this.settingsNow, this.dataDir, request.text, { ai: !!request.ai, secrets: this.secretStore }));
  }

  async approve(proposalId: string): Promise<Proposal> {
    return this.decide(proposalId, true);
  }

  async reject(proposalId: string): Promise<Proposal> {
    return this.decide(proposalId, false);
  }

  private async decide(proposalId: string, approve: boolean): Promise<Proposal> {
    const p = new ProposalQueue(this.dataDir).decide(String(proposalId), approve);
    this.publish({ kind: 'proposal', target: this.target, at: Date.now(), proposal: p });
    // Applied at once by the running watcher; without one, when `clawdoc watch` next starts.
    if (approve && this.doctor) void this.doctor.applyApproved();
    return p;
  }

  async undo(changeId: string): Promise<ChangeRecord> {
    return new ChangeLog(this.dataDir).undo(String(changeId), 'user');
  }

  async addCase(definition: unknown, options: { replace?: boolean } = {}): Promise<CaseView> {
    const store = this.caseStore();
    return caseView(store, store.add(definition, { replace: !!options.replace }).id)!;
  }

  async editCase(id: string, definition: unknown): Promise<CaseView> {
    const store = this.caseStore();
    return caseView(store, store.edit(String(id), definition).id)!;
  }

  async removeCase(id: string): Promise<CommandResult> {
    this.caseStore().remove(String(id));
    return { ok: true, message: `removed case ${id}` };
  }

  async importCases(text: string, options: { replace?: boolean } = {}): Promise<string[]> {
    return this.caseStore().importText(String(text), { replace: !!options.replace });
  }

  async exportCases(options: { userOnly?: boolean } = {}): Promise<string> {
    return this.caseStore().exportText({ userOnly: !!options.userOnly });
  }

  async updateSettings(change: SettingsChange): Promise<SettingsView> {
    if (!change || typeof change !== 'object' || Array.isArray(change)) throw new SettingsError('a settings change is an object of dotted keys and values', ['(root)']);
    const loaded = loadSettings(this.dataDir);
    const raw = applySettingsChange(loaded.raw, unmaskChannelUrls(change, this.settingsNow, this.secretStore));
    if (changedKeys(change).some((k) => k === 'alerts' || k.startsWith('alerts.'))) {
      // A signed channel needs its secret (kept in the secrets store, not here): refused now, the key named.
      const missing = checkChannelSecrets(validateSettings(raw).alerts.channels, this.secretStore);
      if (missing) throw missing;
    }
    const saved = await saveSettings(this.dataDir, raw); // validated whole: nothing is saved half-way
    const keys = changedKeys(change);
    // Command-line overrides stay on top, except for the keys the user just changed.
    const overrides = Object.fromEntries(Object.entries(this.overrides).filter(([k]) => !keys.includes(k)));
    const next = validateSettings(applySettingsChange(structuredClone(saved) as unknown as Record<string, unknown>, overrides), 'settings');
    const later = keys.filter(needsRestart);
    if (this.engine) {
      this.engine.watchdog.applySettings(next); // the engine, doctor and watchdog share this object
      this.channelMonitor?.applySettings();
      this.alerts?.dispose();
      this.attachAlerts();
    } else {
      this.settingsNow = next;
    }
    this.publish({ kind: 'settings-changed', target: this.target, at: Date.now(), keys });
    if (later.length && this.engine) this.log(`clawdoc: ${later.join(', ')} take effect when the watcher restarts`);
    return this.settings();
  }

  /** The other watched gateways, for this (the default target's) status: set by the layer that runs them. */
  listTargets(summary: (() => Promise<TargetSummary[]>) | undefined): void {
    this.targetsSummary = summary;
  }

  /**
   * Settings composed by another layer (a target's share of the data dir's settings.json, after a live
   * change there): applied like a live change, nothing saved. Keys needing a restart wait for one.
   */
  applyComposedSettings(next: Settings, keys: string[]): void {
    if (this.engine) {
      this.engine.watchdog.applySettings(next);
      this.alerts?.dispose();
      this.attachAlerts();
    } else {
      this.settingsNow = next;
    }
    this.publish({ kind: 'settings-changed', target: this.target, at: Date.now(), keys });
  }

  private secretsView(): SecretsView {
    const sealed = this.secretStore instanceof SealedSecretStore;
    return {
      storage: sealed ? 'os' : 'file',
      where: this.secretStore.description,
      stored: this.secretStore.names(),
      sealedOnly: sealed ? [] : sealedOnly(this.dataDir),
    };
  }

  async setSecret(name: string, value: string | null): Promise<SecretsView> {
    if (typeof name !== 'string' || !/^[^\s]{1,100}$/u.test(name)) throw new SettingsError('a secret needs a name of 1–100 characters without spaces', ['secret.name']);
    if (value === null) this.secretStore.delete(name);
    else if (typeof value !== 'string' || !value.trim() || value.length > 4096) throw new SettingsError(`the secret "${name}" must be 1–4096 characters`, ['secret.value']);
    else this.secretStore.set(name, value.trim());
    // Faces reload their settings view on this; the names (never the values) are in it.
    this.publish({ kind: 'settings-changed', target: this.target, at: Date.now(), keys: [`secrets.${name}`] });
    return this.secretsView();
  }

  async notifyTest(channel?: string): Promise<NotifyTestResult[]> {
    return sendTestNotifications(this.settingsNow, this.dataDir, this.secretStore, channel);
  }

  async aiTest(): Promise<AiProviderStatus> {
    return this.clean(await testAi(this.settingsNow, this.dataDir, this.secretStore));
  }

}

function page<T>(items: T[], offset = 0, limit = 100): Page<T> {
  const from = Math.max(0, Math.floor(Number(offset) || 0));
  const count = Math.max(0, Math.floor(Number(limit) || 0));
  return { items: items.slice(from, from + count), total: items.length, offset: from };
}

function caseView(store: CaseStore, id: string): CaseView | undefined {
  const c = store.get(id);
  if (!c) return undefined;
  const s = store.statsFor(id);
  const provenance = store.provenance(c);
  return {
    ...c,
    builtin: store.isBuiltin(id),
    overridesBuiltin: provenance.overridesBuiltin,
    provenance: provenance.label,
    safety: safetyLabel(c.fix, c.approval),
    fixSafety: c.fix.map((a) => ({ action: describeAction(a), ...classifyAction(a) })),
    stats: { attempts: s.attempts, successes: s.successes, successRate: s.attempts ? s.successes / s.attempts : null, ...(s.lastAt ? { lastUsedAt: s.lastAt } : {}) },
  };
}

/** Environment keys that name things rather than hold secrets: shown as they are (the window's "profile"). */
const PLAIN_ENV_KEYS = new Set(['OPENCLAW_PROFILE']);

/** Settings safe to show anywhere: webhook tokens masked, the gateway's extra environment hidden. */
export function maskSettings(settings: Settings, secrets: SecretStore): Settings {
  const redactor = buildRedactor(settings, secrets, undefined, {});
  const masked = structuredClone(settings);
  for (const c of masked.alerts.channels) c.url = redactor.redact(c.url);
  for (const k of Object.keys(masked.gateway.env)) if (!PLAIN_ENV_KEYS.has(k)) masked.gateway.env[k] = '***';
  for (const t of masked.targets ?? []) for (const k of Object.keys(t.env ?? {})) if (!PLAIN_ENV_KEYS.has(k)) t.env![k] = '***';
  return masked;
}

/**
 * A face edits the channel list it was shown, with masked URLs: a URL that is still exactly the masked
 * form of the same channel's URL keeps the real one; any other masked URL is refused (never saved).
 */
function unmaskChannelUrls(change: SettingsChange, settings: Settings, secrets: SecretStore): SettingsChange {
  if (!change || !Object.hasOwn(change, 'alerts.channels') || !Array.isArray(change['alerts.channels'])) return change;
  const shown = maskSettings(settings, secrets).alerts.channels;
  const channels = (change['alerts.channels'] as unknown[]).map((c, i) => {
    if (!c || typeof c !== 'object' || typeof (c as { url?: unknown }).url !== 'string') return c;
    const ch = c as { name?: unknown; url: string };
    const j = shown.findIndex((s) => s.name === ch.name);
    if (j >= 0 && shown[j]!.url === ch.url) return { ...ch, url: settings.alerts.channels[j]!.url };
    if (ch.url.includes('***')) throw new SettingsError(`"alerts.channels.${i}.url": the URL is masked; enter the channel's full webhook URL`, [`alerts.channels.${i}.url`]);
    return ch;
  });
  return { ...change, 'alerts.channels': channels };
}
