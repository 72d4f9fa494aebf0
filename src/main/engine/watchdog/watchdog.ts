// The watchdog (level 2): probes the gateway, keeps a small state machine, restarts with backoff
// through a GatewayManager, and escalates when restarting cannot help. Every transition is an event
// with a timestamp and a reason, persisted so history and counters survive a restart of ClawDoc.
import { EventEmitter } from 'node:events';
import net from 'node:net';
import { randomUUID } from 'node:crypto';
import type {
  GatewayChannelHealth,
  Escalation,
  EscalationCause,
  GatewayHold,
  EscalationEvidence,
  ExitSummary,
  GatewayState,
  Incident,
  PortHolder,
  ProbeResult,
  ProcessStats,
  StatusSnapshot,
  WatchEvent,
  WatchEventDetails,
} from '../../../shared/status.js';
import { Redactor } from '../redaction/redactor.js';
import { findPortHolder, identifyGateway, isAlive, isSameProcess, ProcessSampler, signalGateway } from '../gateway/processes.js';
import { probeGateway, probeStartup, type ProbeTarget } from '../gateway/probe.js';
import type { ExitInfo, GatewayManager } from '../manage/manager.js';
import type { Settings } from '../settings/settings.js';
import type { History } from '../store/history-log.js';
import { LOG_CHECK_MS } from '../store/retention.js';
import type { PersistedState, StateFile } from '../store/state-file.js';
import { policyConfigFrom, RestartPolicy } from './restart-policy.js';
import { PARKED_EXIT_CODE, type UpdateActivity } from './update-guard.js';

export interface WatchdogOptions {
  settings: Settings;
  manager: GatewayManager;
  history: History;
  stateFile: StateFile;
  probe?: (target: ProbeTarget) => Promise<ProbeResult>;
  portHolder?: (port: number) => Promise<PortHolder | null>;
  /** /startupz (true: started); default OpenClaw's, none when `probe` is a double. */
  startup?: (target: ProbeTarget) => Promise<boolean | undefined>;
  sampler?: ProcessSampler;
  /** A fingerprint of OpenClaw's config, to notice that someone changed it while escalated. */
  configFingerprint?: () => string | null;
  /** Masks secrets in the gateway's output before it is kept (events, state.json); default: patterns only. */
  redact?: (lines: string[]) => string[];
  /** Periodic upkeep (log rotation, pruning old artifacts), called every LOG_CHECK_MS. */
  maintenance?: (now: number) => void;
  /** The doctor's hooks are awaited; only after this long does the watchdog go on without them. */
  hookSafetyNetMs?: number;
  /** `openclaw update status`: an update in progress holds restarts and repairs back. */
  updates?: { check(): Promise<UpdateActivity> };
  /** How often a hold is re-checked (default 15 s). */
  holdCheckMs?: number;
  /** Starts channels (`channels.start`) once OpenClaw's restart-loop breaker window drained; wired by the runtime. */
  startChannels?: (channels: string[], reason: string) => Promise<void>;
}

// ---- hooks for the doctor (level 3) --------------------------------------------------------------
/** Set by the doctor (level 3) after construction: see Watchdog.setHooks / Watchdog.hold. */
export interface WatchdogHooks {
  /** Awaited before ClawDoc starts or restarts the gateway: the pre-start config check (and repair). */
  beforeStart?: (reason: string) => Promise<void>;
  /** Awaited after every crash, before the restart decision: the doctor looks at the exit at once. */
  afterCrash?: (crash: CrashReport) => Promise<CrashVerdict | undefined>;
}

export interface CrashReport {
  at: number;
  reason: string;
  exitCode?: number | null;
  signal?: string | null;
  /** The exit's last lines of output (secrets masked); empty when ClawDoc did not capture any. */
  lastOutput: string[];
}

/** The doctor recognised the cause and restarting alone will not help: escalate now (it takes over). */
export interface CrashVerdict {
  reason: string;
  caseId: string;
}
// ---- end of the doctor's hooks -----------------------------------------------------------------------

/** While the gateway boots, probe this often so recovery is not delayed by the probe interval. */
const STARTUP_PROBE_MS = 200;
/** How often the status snapshot is rewritten even when nothing changes (a heartbeat for `status`). */
const HEARTBEAT_MS = 30_000;
/** A hook that has not answered after this long is logged and no longer waited for (it keeps running). */
const HOOK_SAFETY_NET_MS = 120_000;
/** Last lines of an exit kept in events and state.json. */
const EXIT_LINES = 20;

/** `probe`: every probe's result (the metrics' latency histogram), not only the ones that change the state. */
type WatchEvents = { event: [WatchEvent]; status: [StatusSnapshot]; probe: [ProbeResult] };

export class Watchdog extends EventEmitter<WatchEvents> {
  private readonly settings: Settings;
  private readonly manager: GatewayManager;
  private readonly policy: RestartPolicy;
  private readonly probeFn: (target: ProbeTarget) => Promise<ProbeResult>;
  private readonly holderFn: (port: number) => Promise<PortHolder | null>;
  private readonly startupFn: (target: ProbeTarget) => Promise<boolean | undefined>;
  private readonly sampler: ProcessSampler;

  private state: GatewayState = 'starting';
  private since = Date.now();
  private reason = 'ClawDoc started';
  private failures = 0;
  private lastProbe?: ProbeResult;
  private healthySince?: number;
  private lastHealthyAt?: number;
  private startupDeadline?: number;
  private incident?: Incident;
  private lastIncident?: Incident;
  private escalation?: Escalation;
  private escalationFingerprint?: string | null;
  private nextRestartAt?: number;
  private stats?: ProcessStats;
  private memoryWarned = false;
  private externalPid?: number;
  private child?: PersistedState['child'];
  private lastExit?: ExitSummary;
  /** When the current unhealthy stretch began (the incident opened, or its escalation ended). */
  private failingSinceAt?: number;
  private readonly redactLines: (lines: string[]) => string[];

  private probeTimer?: NodeJS.Timeout;
  private restartTimer?: NodeJS.Timeout;
  private statsTimer?: NodeJS.Timeout;
  private heartbeatTimer?: NodeJS.Timeout;
  private maintenanceTimer?: NodeJS.Timeout;
  private probing = false;
  private acting = false;
  /** The doctor is looking at a crash: probes do not act meanwhile. */
  private examining = false;
  /** Exits ClawDoc caused itself (a planned restart or stop): not crashes. */
  private plannedExit = false;
  private hungKill?: string;
  private running = false;
  // hooks for the doctor (level 3)
  private hooks: WatchdogHooks = {};
  private holdReason?: string;
  /** OpenClaw is busy with something ClawDoc must not race (update, parked, its own breaker). */
  private gatewayHold?: GatewayHold;
  private holdTimer?: NodeJS.Timeout;
  // the gateway's chat channels (src/main/engine/channels/): their health, and the open channel incident's reason
  private gatewayChannels?: GatewayChannelHealth[];
  private channelProblem?: string;

  constructor(private readonly options: WatchdogOptions) {
    super();
    this.settings = options.settings;
    this.manager = options.manager;
    this.probeFn = options.probe ?? probeGateway;
    this.holderFn = options.portHolder ?? findPortHolder;
    this.startupFn = options.startup ?? (options.probe ? async () => undefined : probeStartup);
    this.sampler = options.sampler ?? new ProcessSampler();
    const saved = options.stateFile.read();
    this.policy = new RestartPolicy(policyConfigFrom(this.settings), saved?.policy);
    this.child = saved?.child;
    this.lastIncident = saved?.status?.lastIncident;
    this.incident = saved?.status?.incident;
    this.lastHealthyAt = saved?.status?.lastHealthyAt;
    this.lastExit = saved?.status?.lastExit;
    if (this.incident) this.failingSinceAt = Date.now(); // a new ClawDoc gives the open incident a fresh try
    const redactor = new Redactor();
    this.redactLines = options.redact ?? ((lines) => lines.map((l) => redactor.redact(l)));
    this.manager.onExit((info) => void this.onExit(info));
  }

  get target(): ProbeTarget {
    return { host: this.settings.gateway.host, port: this.settings.gateway.port, timeoutMs: Math.round(this.settings.watch.probeTimeoutSec * 1000) };
  }

  getState(): GatewayState {
    return this.state;
  }

  /** Starts watching: adopts a gateway that is already running, or starts one (child mode). */
  async start(): Promise<void> {
    this.running = true;
    const saved = this.child;
    if (this.manager.mode === 'child' && saved && isAlive(saved.pid)) {
      if (await this.manager.adopt(saved.pid, saved.startedAt, saved.logOffset, true, saved.handoff)) {
        this.emitEvent('adopted', `adopted the gateway ClawDoc started earlier (pid ${saved.pid})`, { pid: saved.pid });
        this.enterStarting('starting', 'adopted a running gateway', saved.startedAt);
        this.schedule(0);
        this.startTimers();
        return;
      }
    }
    const first = await this.probeFn(this.target);
    this.lastProbe = first;
    if (first.verdict === 'healthy' || first.verdict === 'not-ready' || first.verdict === 'starting') {
      const holder = await this.holderFn(this.settings.gateway.port);
      if (holder?.isOpenClaw) {
        this.externalPid = holder.pid;
        if (this.manager.mode === 'child' && (await this.manager.adopt(holder.pid))) {
          this.emitEvent('adopted', `adopted a running gateway ClawDoc did not start (pid ${holder.pid})`, { pid: holder.pid, command: holder.command });
        }
      }
      this.enterStarting('starting', 'gateway already running', Date.now());
    } else if (this.manager.mode === 'child' && (first.verdict === 'refused' || first.verdict === 'foreign')) {
      this.enterStarting('starting', 'starting the gateway', Date.now());
      await this.restartNow('initial start', { countRestart: false });
    } else {
      // Not ClawDoc's to start: give the OS its restart grace (service mode), then act on failures.
      this.enterStarting('starting', 'waiting for the gateway', Date.now());
      this.startupDeadline = Date.now() + (this.manager.mode === 'service' ? this.settings.watch.osRestartGraceSec * 1000 : 0);
    }
    this.schedule(0);
    this.startTimers();
  }

  /** Stops watching. The gateway keeps running unless asked (it can be adopted by the next ClawDoc). */
  async stop(options: { stopGateway?: boolean } = {}): Promise<void> {
    this.running = false;
    for (const t of [this.probeTimer, this.restartTimer, this.statsTimer, this.heartbeatTimer, this.maintenanceTimer, this.holdTimer]) if (t) clearTimeout(t);
    if (options.stopGateway) {
      this.plannedExit = true;
      await this.manager.stop('ClawDoc is stopping');
    }
    this.manager.dispose();
    this.persist();
  }

  /** A person asked for a restart (tray menu, `clawdoc restart`): acts even when escalated. */
  async requestRestart(reason = 'restart requested by the user'): Promise<void> {
    this.clearHoldForUser(reason);
    if (this.escalation) this.clearEscalation(reason);
    if (this.state === 'paused') this.transition('starting', reason);
    this.cancelRestartTimer();
    await this.restartNow(reason, { countRestart: true, planned: true });
  }

  pause(reason = 'paused by the user'): void {
    if (this.state === 'paused') return;
    this.cancelRestartTimer();
    this.transition('paused', reason);
    this.emitEvent('paused', reason);
  }

  async resume(reason = 'resumed by the user'): Promise<void> {
    if (this.state !== 'paused') return;
    this.emitEvent('resumed', reason);
    this.enterStarting('starting', reason, Date.now());
    if (this.manager.mode === 'child' && !this.manager.pid()) await this.restartNow(reason, { countRestart: false });
    this.schedule(0);
  }

  // ---- hooks for the doctor (level 3) ------------------------------------------------------------
  setHooks(hooks: WatchdogHooks): void {
    this.hooks = hooks;
  }

  /** While held (the doctor is repairing), an escalated watchdog does not retry on its own. */
  hold(reason: string | undefined): void {
    this.holdReason = reason;
  }

  isHeld(): boolean {
    return this.holdReason !== undefined;
  }

  /** The runtime wires `channels.start` (e.g. over the gateway's WebSocket RPC) for after OpenClaw's breaker. */
  setChannelStarter(start: WatchdogOptions['startChannels']): void {
    this.options.startChannels = start;
  }
  // ---- end of the doctor's hooks ---------------------------------------------------------------------

  snapshot(): StatusSnapshot {
    const now = Date.now();
    return {
      state: this.state,
      since: this.since,
      reason: this.reason,
      manage: this.manager.mode,
      port: this.settings.gateway.port,
      pid: this.manager.pid() ?? this.externalPid,
      updatedAt: now,
      watcherPid: process.pid,
      lastProbe: this.lastProbe,
      lastHealthyAt: this.lastHealthyAt,
      stats: this.stats,
      restartsInWindow: this.policy.restartsInWindow(now),
      crashesInWindow: this.policy.crashesInWindow(now),
      nextRestartAt: this.nextRestartAt,
      incident: this.incident,
      lastIncident: this.lastIncident,
      escalation: this.escalation,
      lastExit: this.lastExit,
      ...(this.gatewayHold ? { hold: this.gatewayHold } : {}),
      ...(this.gatewayChannels ? { gatewayChannels: this.gatewayChannels } : {}),
    };
  }

  // ---- the gateway's chat channels (src/main/engine/channels/channel-monitor.ts) -------------------

  /** The gateway answers (healthy or degraded): channels can be checked, a channel incident makes sense. */
  isLive(): boolean {
    return (this.state === 'healthy' || this.state === 'degraded') && !this.acting && !this.examining;
  }

  /** /readyz `failing[]` of the last probe. */
  readinessFailing(): string[] {
    return this.lastProbe?.failing ?? [];
  }

  /** The channel monitor's view: kept in the snapshot; an open channel incident makes a live gateway `degraded`. */
  setGatewayChannels(list: GatewayChannelHealth[] | undefined, problem: string | undefined): void {
    const changed = problem !== this.channelProblem;
    // Written when something a person would see changed (not for each probe's timestamp).
    const seen = (l?: GatewayChannelHealth[]) => JSON.stringify(l?.map(({ lastProbeAt: _at, ...rest }) => rest));
    const listChanged = seen(list) !== seen(this.gatewayChannels);
    this.gatewayChannels = list;
    this.channelProblem = problem;
    if (changed && (this.state === 'healthy' || this.state === 'degraded') && this.lastProbe?.verdict === 'healthy' && !this.acting) {
      this.becomeHealthy(this.memoryWarned || problem ? 'degraded' : 'healthy', problem ?? (this.memoryWarned ? this.memoryReason() : 'gateway is healthy'));
    }
    if (changed || listChanged) this.persist();
  }

  /** A channel event (down, heal step, needs a person, recovered): history, every face, alerts. */
  recordChannelEvent(type: 'channel-down' | 'channel-heal' | 'channel-needs-human' | 'channel-recovered' | 'info', reason: string, details: WatchEventDetails, incidentId?: string): void {
    const event: WatchEvent = { ts: Date.now(), type, reason, details, ...(incidentId ? { incidentId } : {}) };
    this.options.history.events.append(event);
    this.persist();
    this.emit('event', event);
  }

  /**
   * The channel ladder's one drained gateway restart (through the manager, like every restart). Refused
   * (false, with why) when the gateway is not live, ClawDoc is paused or acting, or the breaker would trip.
   */
  async restartForChannel(reason: string): Promise<{ ok: boolean; detail: string }> {
    if (this.state === 'paused') return { ok: false, detail: 'ClawDoc is paused' };
    if (!this.manager.canRestart) return { ok: false, detail: `manage=${this.manager.mode} does not restart the gateway` };
    if (!this.isLive()) return { ok: false, detail: `the gateway is ${this.state}` };
    if (this.policy.breakerWouldTrip(Date.now())) return { ok: false, detail: 'the restart breaker would trip' };
    this.cancelRestartTimer();
    await this.restartNow(reason, { countRestart: true, planned: true });
    return { ok: true, detail: `restarted via ${this.manager.mode}` };
  }

  // ---- the probe loop -------------------------------------------------------------------------

  private schedule(delayMs: number): void {
    if (!this.running) return;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = setTimeout(() => void this.tick(), delayMs);
  }

  private nextDelay(): number {
    const booting = this.state === 'starting' || this.state === 'recovering';
    if (booting && this.lastProbe?.verdict !== 'healthy') return Math.min(STARTUP_PROBE_MS, this.settings.watch.intervalSec * 1000);
    if (this.failures > 0 && this.state !== 'escalated' && this.state !== 'down') return this.settings.watch.retryIntervalSec * 1000;
    return this.settings.watch.intervalSec * 1000;
  }

  private async tick(): Promise<void> {
    if (!this.running || this.probing) return;
    this.probing = true;
    try {
      const result = await this.probeFn(this.target);
      if (!this.running) return;
      this.lastProbe = result;
      this.options.stateFile.writeProbe({ at: Date.now(), watcherPid: process.pid, lastProbe: result }); // `status` shows a fresh probe
      this.emit('probe', result);
      await this.onProbe(result);
      await this.checkUnhealthyTooLong();
    } catch (err) {
      this.emitEvent('info', `probe failed unexpectedly: ${(err as Error).message}`);
    } finally {
      this.probing = false;
      this.schedule(this.nextDelay());
    }
  }

  private async onProbe(r: ProbeResult): Promise<void> {
    const now = Date.now();
    if (r.verdict === 'healthy' || r.verdict === 'not-ready' || r.verdict === 'starting') {
      this.failures = 0;
      if (r.verdict === 'healthy') {
        this.lastHealthyAt = now;
        this.healthySince ??= now;
        if (this.policy.noteHealthy(this.healthySince, now)) this.persist();
      } else {
        this.healthySince = undefined;
      }
      if (this.state === 'paused' || this.acting || this.examining) return;
      if (!this.manager.pid() && !this.externalPid) void this.learnExternalPid();
      const booting = (this.state === 'starting' || this.state === 'recovering') && now < (this.startupDeadline ?? 0);
      if (r.verdict === 'healthy' && (this.state === 'starting' || this.state === 'recovering') && (await this.startupFn(this.target)) === false) {
        return; // OpenClaw's contract: a (re)start counts only once /startupz says "started"
      }
      if (r.verdict === 'healthy' && this.gatewayHold && this.gatewayHold.kind !== 'openclaw-breaker') this.endHold('the gateway is healthy again');
      if (r.verdict === 'healthy') {
        const overMemory = this.memoryWarned;
        const channel = this.channelProblem;
        this.becomeHealthy(overMemory || channel ? 'degraded' : 'healthy', channel ?? (overMemory ? this.memoryReason() : 'gateway is healthy'));
      } else if (!booting) {
        this.becomeHealthy('degraded', r.detail ?? 'gateway is not ready');
      }
      return;
    }

    this.healthySince = undefined;
    this.failures++;
    if (this.state === 'paused' || this.acting || this.examining) return;
    if (this.gatewayHold && this.gatewayHold.kind !== 'openclaw-breaker') return; // OpenClaw's updater owns it now
    if (this.state === 'escalated') return this.checkBlockers(r);
    if (this.state === 'down') return; // a restart is scheduled, or the OS is expected to restart it

    if (r.verdict === 'foreign') {
      if (this.failures >= this.settings.watch.failuresBeforeAction || this.state === 'starting' || this.state === 'recovering') {
        await this.portTaken(r);
      }
      return;
    }

    if (this.state === 'starting' || this.state === 'recovering') {
      if (now < (this.startupDeadline ?? 0)) return; // slow is fine within the startup grace
      const graceS = Math.round(((this.startupDeadline ?? now) - this.since) / 1000);
      const reason = graceS > 0 ? `did not become healthy within the ${graceS}s startup grace` : `gateway is not answering (${r.detail ?? r.verdict})`;
      const bootPid = this.manager.pid() ?? this.externalPid;
      if (bootPid && isAlive(bootPid)) return this.gatewayHung(r, reason);
      if (this.manager.mode === 'child' && this.manager.pid()) return; // the exit handler is about to run
      return this.crashed(reason, { probe: r });
    }
    if (this.failures < this.settings.watch.failuresBeforeAction) return;

    const pid = this.manager.pid() ?? this.externalPid;
    if (pid && isAlive(pid)) {
      return this.gatewayHung(r, `alive (pid ${pid}) but not answering: ${r.detail ?? r.verdict}`);
    }
    if (this.manager.mode === 'child' && this.manager.pid()) return; // the exit handler is about to run
    this.externalPid = undefined;
    await this.crashed(`gateway is not answering (${r.detail ?? r.verdict})`, { probe: r });
  }

  private becomeHealthy(state: 'healthy' | 'degraded', reason: string): void {
    const wasIncident = this.incident;
    if (this.escalation) this.clearEscalation('the gateway is healthy again');
    const afterStart = this.startupDeadline !== undefined;
    this.startupDeadline = undefined;
    this.manager.settled?.();
    if (afterStart) void this.checkOpenClawBreaker();
    if (this.state !== state || this.reason !== reason) this.transition(state, reason);
    // A channel incident is its own: the gateway's incident ends when the gateway is healthy again.
    if (wasIncident && (state === 'healthy' || (this.channelProblem !== undefined && this.lastProbe?.verdict === 'healthy' && !this.memoryWarned))) this.closeIncident();
  }

  // ---- failures -------------------------------------------------------------------------------

  private async onExit(info: ExitInfo): Promise<void> {
    const how = info.signal ? `signal ${info.signal}` : info.code === null ? 'an unknown status (not a child of this ClawDoc)' : `code ${info.code}`;
    if (this.plannedExit) {
      this.plannedExit = false;
      this.emitEvent('exited', `gateway stopped by ClawDoc (${how})`, { pid: info.pid, code: info.code, signal: info.signal });
      return;
    }
    const hung = this.hungKill;
    this.hungKill = undefined;
    // The output may carry tokens (dashboard URLs, provider errors): masked before it is kept anywhere.
    const lastOutput = this.redact(info.lastOutput.slice(-EXIT_LINES));
    this.lastExit = { at: info.at, pid: info.pid, code: info.code, signal: info.signal, uptimeMs: info.uptimeMs, lastOutput };
    const headline = hung ? undefined : exitHeadline(lastOutput);
    this.emitEvent('exited', hung ? `hung gateway killed (${how})` : `gateway exited with ${how} after ${Math.round(info.uptimeMs / 1000)}s${headline ? `: ${headline}` : ''}`, {
      pid: info.pid,
      code: info.code,
      signal: info.signal,
      uptimeMs: info.uptimeMs,
      lastOutput: lastOutput.slice(-15),
    });
    if (!this.running || this.state === 'paused') return;
    if (info.code === 0 && !hung && this.manager.consumeHandoff) {
      // OpenClaw restarted itself for an external supervisor (`openclaw gateway restart`): a handoff, not a crash.
      const consumed = await this.manager.consumeHandoff(info.pid);
      if (consumed?.status === 'accepted') {
        this.emitEvent('info', `OpenClaw handed its restart to ClawDoc (handoff accepted for pid ${info.pid}): starting a fresh gateway`);
        return this.restartNow('OpenClaw restart handoff', { countRestart: false });
      }
    }
    if (info.code === 78) {
      this.openIncident('gateway refused its config (exit 78)');
      return this.escalate('config-refused', 'the gateway refused its config (exit 78); restarting cannot help', {
        exitCode: 78,
        lastOutput,
        configHash: this.options.configFingerprint?.() ?? null,
      });
    }
    if (this.state === 'escalated') return;
    await this.crashed(hung ?? `gateway exited with ${how}`, { exitCode: info.code, signal: info.signal, lastOutput });
  }

  private redact(lines: string[]): string[] {
    try {
      return this.redactLines(lines);
    } catch {
      return lines.map(() => '[output withheld: redaction failed]');
    }
  }

  private async gatewayHung(r: ProbeResult, reason: string): Promise<void> {
    const pid = this.manager.pid() ?? this.externalPid;
    this.emitEvent('hung', reason, { pid, probe: r });
    this.openIncident(reason);
    this.transition('down', reason);
    if (!pid || !isAlive(pid)) return this.crashed(reason, { probe: r });
    if (this.manager.pid() === pid) {
      this.hungKill = `hung gateway killed: ${reason}`;
      await this.manager.stop(reason, { hung: true }); // no answer: no drain; the exit handler records the crash and restarts
      return;
    }
    // Not our child (service / adopted via the port): kill only a process proven to be this gateway.
    const id = await identifyGateway(pid, { port: this.settings.gateway.port, openclawPath: this.settings.gateway.openclawPath, portHolder: this.holderFn });
    if (id.ok) {
      await signalGateway(pid, 'SIGTERM');
      await signalGateway(pid, 'SIGCONT');
      await waitFor(() => !isAlive(pid), this.settings.watch.killTimeoutSec * 1000);
      if (await isSameProcess(pid, id.startTime)) await signalGateway(pid, 'SIGKILL');
    }
    this.externalPid = undefined;
    await this.crashed(reason, { probe: r });
  }

  /**
   * The gateway died or had to be killed: count it, let the doctor look at it, then restart (maybe after
   * a backoff) or escalate: a cause the doctor recognises, a crash loop, or unhealthy for too long.
   */
  private async crashed(reason: string, evidence: EscalationEvidence): Promise<void> {
    const now = Date.now();
    this.openIncident(reason);
    if (await this.heldByUpdate(evidence.exitCode)) return;
    this.policy.recordCrash(now);
    if (!this.manager.canRestart) {
      return this.escalate('cannot-restart', `${reason}; manage=${this.manager.mode} does not restart the gateway`, evidence);
    }
    const verdict = await this.askDoctor(reason, evidence);
    if (!this.running || this.state === 'paused' || this.state === 'escalated') return;
    if (verdict) return this.escalate('diagnosed', `${reason}; the doctor recognised ${verdict.caseId}: ${verdict.reason}`, evidence);
    if (this.policy.crashLoop(now)) {
      const n = this.policy.consecutiveCrashes(now);
      return this.escalate('crash-loop', `${reason}; ${n} crashes in a row without a stable run: restarting does not help`, evidence);
    }
    const failingFor = now - (this.failingSince() ?? now);
    if (this.policy.unhealthyTooLong(this.failingSince(), now)) {
      return this.escalate('unhealthy-too-long', `${reason}; unhealthy for ${formatDelay(failingFor)} despite restarts`, evidence);
    }
    const decision = this.policy.decide(now);
    if (decision.kind === 'breaker') {
      return this.escalate(
        'breaker',
        `${reason}; ${decision.restartsInWindow} restarts within ${this.settings.restart.breakerWindowMin} min: restart breaker tripped`,
        { ...evidence, lastOutput: evidence.lastOutput ?? (await this.manager.lastOutput()) },
      );
    }
    let delayMs = decision.delayMs;
    if (this.manager.mode === 'service') delayMs = Math.max(delayMs, this.settings.watch.osRestartGraceSec * 1000); // let launchd/systemd act first
    if (delayMs <= 0) return this.restartNow(reason, { countRestart: true });
    this.nextRestartAt = now + delayMs;
    this.transition('down', `${reason}; restarting in ${formatDelay(delayMs)}`);
    this.emitEvent('backoff', `restart #${decision.attempt} in ${formatDelay(delayMs)}`, { delayMs, attempt: decision.attempt });
    this.cancelRestartTimer();
    this.restartTimer = setTimeout(() => void this.delayedRestart(reason), delayMs);
  }

  /** The doctor's look at a crash (awaited: a recognised cause is acted on before any restart). */
  private async askDoctor(reason: string, evidence: EscalationEvidence): Promise<CrashVerdict | undefined> {
    const hook = this.hooks.afterCrash;
    if (!hook) return undefined;
    this.examining = true;
    try {
      const report: CrashReport = { at: Date.now(), reason, exitCode: evidence.exitCode, signal: evidence.signal, lastOutput: evidence.lastOutput ?? [] };
      return await this.awaitHook(() => hook(report), "the doctor's look at the crash");
    } finally {
      this.examining = false;
    }
  }

  /** Awaits a doctor hook. A failure is logged; past the safety net the watchdog goes on (the hook keeps running). */
  private async awaitHook<T>(run: () => Promise<T>, what: string): Promise<T | undefined> {
    const ms = this.options.hookSafetyNetMs ?? HOOK_SAFETY_NET_MS;
    let timer: NodeJS.Timeout | undefined;
    const late = Symbol('late');
    try {
      const r = await Promise.race([
        run().catch((err: Error) => {
          this.emitEvent('info', `${what} failed: ${err.message}`);
          return undefined;
        }),
        new Promise<typeof late>((resolve) => (timer = setTimeout(() => resolve(late), ms))),
      ]);
      if (r !== late) return r;
      this.emitEvent('info', `${what} has not finished after ${formatDelay(ms)}; going on without it (it keeps running)`);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Escalates when unhealthy too long, also while a restart waits out its backoff (checked every probe). */
  private async checkUnhealthyTooLong(): Promise<void> {
    if (this.state !== 'down' || this.acting || this.examining || !this.incident || !this.manager.canRestart) return;
    const now = Date.now();
    const since = this.failingSince();
    if (!this.policy.unhealthyTooLong(since, now)) return;
    await this.escalate('unhealthy-too-long', `${this.incident.cause}; unhealthy for ${formatDelay(now - since!)} despite restarts`, {
      lastOutput: this.lastExit && this.lastExit.at >= (since ?? 0) ? this.lastExit.lastOutput : undefined,
    });
  }

  private failingSince(): number | undefined {
    return this.incident ? Math.max(this.failingSinceAt ?? 0, this.incident.openedAt) : undefined;
  }

  private async delayedRestart(reason: string): Promise<void> {
    this.restartTimer = undefined;
    this.nextRestartAt = undefined;
    if (!this.running || this.state !== 'down') return;
    const r = await this.probeFn(this.target);
    if (r.verdict === 'healthy') return this.onProbe(r); // came back by itself (the OS restarted it)
    await this.restartNow(reason, { countRestart: true });
  }

  private async portTaken(r: ProbeResult): Promise<void> {
    const holder = await this.holderFn(this.settings.gateway.port);
    const who = holder ? `pid ${holder.pid} (${holder.command || holder.name})` : 'an unknown process';
    const reason = `port ${this.settings.gateway.port} is held by ${who}, which is not OpenClaw's gateway`;
    this.emitEvent('port-foreign', reason, { holder, probe: r });
    this.openIncident(reason);
    await this.escalate('port-foreign', `${reason}; ClawDoc will not kill it and will start the gateway once the port is free`, { portHolder: holder, probe: r });
  }

  /** While escalated: start again once the reason is gone (port freed, config changed). */
  private async checkBlockers(r: ProbeResult): Promise<void> {
    const esc = this.escalation;
    if (!esc || !this.manager.canRestart || this.acting || this.holdReason !== undefined) return;
    if (this.manager.mode === 'child' && this.manager.pid()) return;
    if (esc.cause === 'port-foreign') {
      if (r.verdict === 'refused') await this.retryAfterBlocker(`port ${this.settings.gateway.port} is free again`);
      return;
    }
    const fp = this.options.configFingerprint?.() ?? null;
    if (fp !== null && fp !== this.escalationFingerprint) {
      this.escalationFingerprint = fp;
      await this.retryAfterBlocker("OpenClaw's config changed");
    }
  }

  private async retryAfterBlocker(reason: string): Promise<void> {
    this.emitEvent('info', `${reason}: trying to start the gateway`);
    this.clearEscalation(reason, true);
    await this.restartNow(reason, { countRestart: true });
  }

  // ---- acting ---------------------------------------------------------------------------------

  private async restartNow(reason: string, opts: { countRestart: boolean; planned?: boolean }): Promise<void> {
    if (this.acting) return;
    this.acting = true;
    try {
      if (this.manager.mode === 'child') {
        // On the recovery path: a port ClawDoc can bind itself is free (a 1 ms check); only otherwise ask who holds it (`ss`, ~0.1 s).
        const holder = !this.options.portHolder && (await portIsFree(this.settings.gateway.host, this.settings.gateway.port)) ? null : await this.holderFn(this.settings.gateway.port);
        if (holder && holder.pid !== this.manager.pid()) {
          if (!holder.isOpenClaw) {
            this.acting = false;
            return this.portTaken({ verdict: 'foreign', at: Date.now(), latencyMs: 0, detail: 'port held before start' });
          }
          const probe = await this.probeFn(this.target);
          if (probe.verdict === 'healthy' && (await this.manager.adopt(holder.pid))) {
            this.emitEvent('adopted', `a healthy OpenClaw gateway already holds the port (pid ${holder.pid}); adopted it`, { pid: holder.pid });
            this.enterStarting('recovering', 'adopted a running gateway', Date.now());
            return;
          }
          this.openIncident(reason);
          this.acting = false;
          return this.escalate('port-foreign', `port ${this.settings.gateway.port} is held by another OpenClaw gateway (pid ${holder.pid}: ${holder.command}) that ClawDoc did not start and that is not healthy`, {
            portHolder: holder,
            probe,
          });
        }
      }
      const now = Date.now();
      if (opts.countRestart) {
        this.policy.recordRestart(now);
        if (this.incident) this.incident.restarts++;
      }
      const wasRunning = this.manager.pid() !== undefined;
      if (opts.planned && wasRunning) this.plannedExit = true;
      this.enterStarting(this.state === 'starting' && !opts.countRestart ? 'starting' : 'recovering', reason, now);
      // Awaited, not raced against a short deadline: a busy machine must not make a heal miss its start.
      const beforeStart = this.hooks.beforeStart;
      if (beforeStart) await this.awaitHook(() => beforeStart(reason), "the doctor's pre-start check");
      const pidBefore = this.manager.pid();
      const outcome = opts.planned || wasRunning ? await this.manager.restart(reason) : await this.manager.start(reason);
      if (outcome.ok && pidBefore !== undefined && outcome.pid === pidBefore) this.plannedExit = false; // restarted in-process: no exit came
      this.externalPid = undefined;
      if (!outcome.ok) {
        this.plannedExit = false;
        this.emitEvent('restart-failed', `restart failed via ${outcome.via}: ${outcome.detail ?? ''}`.trim(), { via: outcome.via, detail: outcome.detail });
        this.acting = false;
        if (outcome.fatal) {
          this.openIncident(`cannot start the gateway: ${outcome.detail ?? outcome.via}`);
          return this.escalate('cannot-restart', `cannot start the gateway: ${outcome.detail ?? outcome.via}`, {});
        }
        return this.crashed(`restart failed: ${outcome.detail ?? outcome.via}`, {});
      }
      this.emitEvent(opts.countRestart ? 'restart' : 'spawned', `${opts.countRestart ? 'restarted' : 'started'} the gateway via ${outcome.via}${outcome.pid ? ` (pid ${outcome.pid})` : ''}: ${reason}`, {
        via: outcome.via,
        pid: outcome.pid,
        restartsInWindow: this.policy.restartsInWindow(now),
      });
      this.startupDeadline = Date.now() + this.settings.watch.startupGraceSec * 1000;
    } finally {
      this.acting = false;
      this.persist();
    }
  }

  private async escalate(cause: EscalationCause, reason: string, evidence: EscalationEvidence): Promise<void> {
    const now = Date.now();
    this.cancelRestartTimer();
    if (this.state === 'escalated' && this.escalation?.cause === cause) return; // one escalation per cause, not one per probe
    const full: EscalationEvidence = {
      restartsInWindow: this.policy.restartsInWindow(now),
      crashesInWindow: this.policy.crashesInWindow(now),
      probe: this.lastProbe,
      ...evidence,
    };
    if (full.lastOutput === undefined && this.manager.mode === 'child') full.lastOutput = this.redact(await this.manager.lastOutput(EXIT_LINES));
    this.escalation = { at: now, cause, reason, evidence: full };
    this.escalationFingerprint = this.options.configFingerprint?.() ?? null;
    if (this.incident) this.incident.escalation = this.escalation;
    this.transition('escalated', reason);
    this.emitEvent('escalated', reason, { cause, evidence: full });
  }

  private clearEscalation(reason: string, keepIncident = false): void {
    this.escalation = undefined;
    this.policy.reset(Date.now());
    this.failingSinceAt = Date.now(); // a fresh try: the unhealthy clock starts again
    if (!keepIncident) this.emitEvent('info', `escalation ended: ${reason}`);
  }

  private enterStarting(state: 'starting' | 'recovering', reason: string, startedAt: number): void {
    this.startupDeadline = startedAt + this.settings.watch.startupGraceSec * 1000;
    this.failures = 0;
    this.transition(state, reason);
  }

  private cancelRestartTimer(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    this.nextRestartAt = undefined;
  }

  private async learnExternalPid(): Promise<void> {
    const holder = await this.holderFn(this.settings.gateway.port);
    if (holder?.isOpenClaw) this.externalPid = holder.pid;
  }

  // ---- memory ---------------------------------------------------------------------------------

  private startTimers(): void {
    const maintain = () => {
      try {
        this.manager.maintain?.();
        this.options.maintenance?.(Date.now());
      } catch {
        // upkeep must never disturb watching
      }
      if (this.running) this.maintenanceTimer = setTimeout(maintain, LOG_CHECK_MS);
    };
    this.maintenanceTimer = setTimeout(maintain, 0);
    const statsMs = this.settings.watch.statsIntervalSec * 1000;
    const sample = async () => {
      await this.sampleStats();
      if (this.running) this.statsTimer = setTimeout(() => void sample(), statsMs);
    };
    this.statsTimer = setTimeout(() => void sample(), Math.min(statsMs, 2000));
    const beat = () => {
      this.persist();
      if (this.running) this.heartbeatTimer = setTimeout(beat, HEARTBEAT_MS);
    };
    this.heartbeatTimer = setTimeout(beat, HEARTBEAT_MS);
  }

  private memoryReason(): string {
    const mb = Math.round((this.stats?.rssBytes ?? 0) / 1048576);
    return `memory ${mb} MB is above the ${this.settings.watch.memoryWarnMb} MB warning`;
  }

  private async sampleStats(): Promise<void> {
    const pid = this.manager.pid() ?? this.externalPid;
    if (!pid) {
      this.stats = undefined;
      return;
    }
    this.stats = await this.sampler.sample(pid);
    if (!this.stats) return;
    const mb = this.stats.rssBytes / 1048576;
    const w = this.settings.watch;
    if (!this.memoryWarned && mb > w.memoryWarnMb) {
      this.memoryWarned = true;
      this.emitEvent('memory-warning', this.memoryReason(), { rssBytes: this.stats.rssBytes, pid });
      if (this.state === 'healthy') this.transition('degraded', this.memoryReason());
    } else if (this.memoryWarned && mb < w.memoryWarnMb * 0.9) {
      this.memoryWarned = false; // hysteresis: warn again only after it came down
      if (this.state === 'degraded' && this.lastProbe?.verdict === 'healthy' && !this.channelProblem) this.transition('healthy', 'memory back below the warning');
    }
    if (w.memoryRestartMb > 0 && mb > w.memoryRestartMb && !this.acting && !this.gatewayHold && (this.state === 'healthy' || this.state === 'degraded')) {
      const reason = `memory ${Math.round(mb)} MB is above the ${w.memoryRestartMb} MB restart threshold`;
      this.openIncident(reason);
      if (this.policy.breakerWouldTrip(Date.now())) return this.escalate('breaker', `${reason}; too many restarts already`, {});
      this.memoryWarned = false;
      await this.restartNow(reason, { countRestart: true, planned: true });
    }
  }

  // ---- holds: OpenClaw's updater and its own breaker ------------------------------------------------

  /**
   * Before restarting after an exit: the updater parked the gateway (exit 79), or `openclaw update status`
   * reports an update in progress. Asked only when an update is plausible (exit 0 or 79, or a manager the
   * updater also drives), so a plain crash in child mode restarts without waiting for the CLI.
   */
  private async heldByUpdate(exitCode: number | null | undefined): Promise<boolean> {
    const parked = exitCode === PARKED_EXIT_CODE;
    const plausible = parked || exitCode === 0 || this.manager.mode !== 'child';
    if (!this.options.updates || !plausible) {
      if (!parked) return false;
    }
    const activity = this.options.updates && plausible ? await this.options.updates.check() : undefined;
    if (activity?.active) {
      this.setHold({ kind: 'update', since: Date.now(), phase: activity.phase, reason: `an OpenClaw update is in progress${activity.phase ? ` (phase ${activity.phase})` : ''}: ClawDoc does not restart or repair the gateway until it finishes` });
      return true;
    }
    if (parked) {
      this.setHold({ kind: 'parked', since: Date.now(), reason: `the gateway exited ${PARKED_EXIT_CODE}: OpenClaw's updater parked it; ClawDoc does not restart it (see openclaw update status)` });
      return true;
    }
    return false;
  }

  private setHold(hold: GatewayHold): void {
    const fresh = this.gatewayHold?.kind !== hold.kind;
    this.gatewayHold = hold;
    this.cancelRestartTimer();
    if (hold.kind !== 'openclaw-breaker') this.transition('down', hold.reason);
    if (fresh) this.emitEvent('info', `held: ${hold.reason}`, { hold });
    else this.persist();
    this.scheduleHoldCheck();
  }

  private endHold(reason: string): void {
    if (!this.gatewayHold) return;
    const kind = this.gatewayHold.kind;
    this.gatewayHold = undefined;
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    this.emitEvent('info', `hold ended (${kind}): ${reason}`);
  }

  private scheduleHoldCheck(): void {
    if (this.holdTimer) clearTimeout(this.holdTimer);
    if (!this.running) return;
    const hold = this.gatewayHold;
    const every = this.options.holdCheckMs ?? 15_000;
    const delay = hold?.kind === 'openclaw-breaker' && hold.until ? Math.max(0, Math.min(every * 4, hold.until - Date.now())) : every;
    this.holdTimer = setTimeout(() => void this.recheckHold(), delay);
    this.holdTimer.unref?.();
  }

  private async recheckHold(): Promise<void> {
    const hold = this.gatewayHold;
    if (!hold || !this.running) return;
    if (hold.kind === 'openclaw-breaker') {
      if ((hold.until ?? 0) > Date.now()) return this.scheduleHoldCheck();
      // The window drained. OpenClaw resumes channels itself ("breaker recovered"); if it did not, start them.
      const lines = this.manager.mode === 'child' ? await this.manager.lastOutput(400) : [];
      const recovered = lines.some((l) => l.includes('restart-loop breaker recovered'));
      this.endHold(recovered ? "OpenClaw's restart-loop breaker recovered; channel auto-start restored" : "OpenClaw's restart-loop breaker window drained");
      if (!recovered && hold.channels?.length && this.options.startChannels) {
        try {
          await this.options.startChannels(hold.channels, "OpenClaw's restart-loop breaker window drained");
          this.emitEvent('info', `channels started after OpenClaw's breaker: ${hold.channels.join(', ')}`);
        } catch (err) {
          this.emitEvent('info', `could not start channels after OpenClaw's breaker: ${(err as Error).message}`);
        }
      }
      return;
    }
    // Parked (exit 79): the updater could not restore and verify the old generation; it needs repair before a
    // restart. Only a healthy gateway (the updater or a person brought it back) or a person's restart ends it.
    if (hold.kind === 'parked') return this.scheduleHoldCheck();
    const activity = await this.options.updates?.check();
    if (activity?.active) {
      this.setHold({ ...hold, phase: activity.phase, reason: `an OpenClaw update is in progress${activity.phase ? ` (phase ${activity.phase})` : ''}: ClawDoc does not restart or repair the gateway until it finishes` });
      return;
    }
    const r = await this.probeFn(this.target);
    this.endHold(hold.kind === 'update' ? 'the OpenClaw update finished' : 'no OpenClaw update is in progress any more');
    if (r.verdict === 'healthy' || r.verdict === 'not-ready' || r.verdict === 'starting') return this.onProbe(r);
    if (this.manager.canRestart && this.state !== 'paused' && this.state !== 'escalated') await this.restartNow('the OpenClaw update is over and the gateway is down', { countRestart: true });
  }

  /** After a (re)start: OpenClaw's own restart-loop breaker in this run's output keeps channels down. */
  private async checkOpenClawBreaker(): Promise<void> {
    if (this.manager.mode !== 'child') return;
    const lines = await this.manager.lastOutput(400);
    const hold = openClawBreakerHold(lines, Date.now());
    if (hold && !this.gatewayHold) this.setHold(hold);
    else if (!hold && this.gatewayHold?.kind === 'openclaw-breaker') this.endHold('a new run without the breaker');
  }

  /** A person asked (restart, resume): holds end. */
  private clearHoldForUser(reason: string): void {
    if (this.gatewayHold) this.endHold(reason);
  }

  // ---- records --------------------------------------------------------------------------------

  private openIncident(cause: string): void {
    if (this.incident) return;
    this.incident = { id: randomUUID(), openedAt: Date.now(), cause, restarts: 0, lastHealthyAt: this.lastHealthyAt };
    this.failingSinceAt = this.incident.openedAt;
  }

  private closeIncident(): void {
    const incident = this.incident;
    if (!incident) return;
    incident.closedAt = Date.now();
    incident.resolution = incident.escalation ? 'recovered-externally' : 'recovered';
    this.options.history.incidents.append(incident);
    this.lastIncident = incident;
    this.incident = undefined;
    this.failingSinceAt = undefined;
    const secs = Math.round((incident.closedAt - incident.openedAt) / 100) / 10;
    this.emitEvent('recovered', `gateway healthy again after ${secs}s (${incident.restarts} restart${incident.restarts === 1 ? '' : 's'})`, {
      incidentId: incident.id,
      downtimeMs: incident.closedAt - incident.openedAt,
      restarts: incident.restarts,
    });
  }

  private transition(to: GatewayState, reason: string): void {
    const from = this.state;
    this.state = to;
    this.reason = reason;
    if (from === to) {
      this.persist();
      return; // a new reason within the same state is kept in the snapshot, not logged as a transition
    }
    this.since = Date.now();
    this.emitEvent('state', reason, undefined, from, to);
  }

  private emitEvent(type: WatchEvent['type'], reason: string, details?: WatchEventDetails, from?: GatewayState, to?: GatewayState): void {
    const event: WatchEvent = { ts: Date.now(), type, reason, ...(from ? { from, to } : {}), ...(details ? { details } : {}) };
    if (this.incident) event.incidentId = this.incident.id;
    this.options.history.events.append(event);
    this.persist();
    this.emit('event', event);
  }

  private persist(): void {
    const status = this.snapshot();
    this.options.stateFile.write({ version: 1, policy: this.policy.snapshot(), child: this.child, status });
    this.emit('status', status);
  }

  /** Settings changed while running: thresholds, intervals and the restart policy apply from the next probe. */
  applySettings(next: Settings): void {
    Object.assign(this.settings, structuredClone(next));
    this.policy.reconfigure(policyConfigFrom(this.settings));
    if (this.running && !this.probing) this.schedule(this.nextDelay());
    this.persist();
  }

  /** The child manager reports each run (pid, start, log offset) so the next ClawDoc can adopt it. */
  trackChild(record: PersistedState['child']): void {
    this.child = record;
    this.persist();
  }
}

export function formatDelay(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${Math.round(ms / 100) / 10}s`;
  return `${Math.round(ms / 6000) / 10} min`;
}

const TELLING = /error|fail|unsupported|unavailable|invalid|refus|cannot|can't|denied|missing|not found|fatal|abort|panic|exception|EADDRINUSE|ENOENT|EACCES|out of memory|blocked/i;

/** The line of an exit's output that says most: the last one that reads like an error, else the last line. */
export function exitHeadline(lines: string[]): string | undefined {
  const useful = lines.map((l) => l.trim()).filter(Boolean);
  const line = [...useful].reverse().find((l) => TELLING.test(l)) ?? useful.at(-1);
  return line && line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

/**
 * OpenClaw's restart-loop breaker in a run's output (dist/: gateway-boot-lifecycle): `gateway restart-loop
 * breaker tripped: N unclean boot(s) within Wms; suppressing channel/provider account auto-start`, and the
 * channels it names (`... suppressed by crash-loop breaker for channels: a, b`, `refusing automatic start for a`).
 */
export function openClawBreakerHold(lines: string[], now: number): GatewayHold | undefined {
  let trip: { boots: number; windowMs: number } | undefined;
  let recoveredAfter = false;
  const channels = new Set<string>();
  for (const line of lines) {
    const m = /restart-loop breaker tripped: (\d+) unclean boot\(s\) within (\d+)ms/.exec(line);
    if (m) {
      trip = { boots: Number(m[1]), windowMs: Number(m[2]) };
      recoveredAfter = false;
      continue;
    }
    if (line.includes('restart-loop breaker recovered')) recoveredAfter = true;
    const list = /suppressed by crash-loop breaker for channels: ([^\n]+)$/.exec(line);
    if (list) for (const c of list[1]!.split(',')) if (c.trim()) channels.add(c.trim());
    const one = /refusing automatic start for ([A-Za-z0-9_-]+)/.exec(line);
    if (one) channels.add(one[1]!);
  }
  if (!trip || recoveredAfter) return undefined;
  return {
    kind: 'openclaw-breaker',
    since: now,
    until: now + trip.windowMs,
    channels: [...channels],
    reason: `OpenClaw's restart-loop breaker tripped (${trip.boots} unclean boots within ${Math.round(trip.windowMs / 60000)} min): the control plane is up, channels are held back; ClawDoc does not restart it and waits for the window to drain, then starts the channels`,
  };
}

/** Whether the port can be bound on the gateway's host right now (then nobody holds it). */
export function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ host, port, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
}
