// Types shared by the engine, the Electron layer and the renderer. No runtime imports here.

/** The gateway's state as ClawDoc sees it. */
export type GatewayState =
  | 'starting' // ClawDoc (or the OS) is bringing the gateway up; slow is fine within the startup grace
  | 'healthy' // /healthz answers with OpenClaw's body and /readyz is ready
  | 'degraded' // alive but not ready, or over the memory warning
  | 'down' // not answering; a restart is scheduled (or the OS is expected to restart it)
  | 'recovering' // ClawDoc is restarting it
  | 'escalated' // automatic restarts stopped; the doctor / a human must act (probing continues)
  | 'paused'; // the user paused ClawDoc: it watches but does not act

export const GATEWAY_STATES: readonly GatewayState[] = [
  'starting',
  'healthy',
  'degraded',
  'down',
  'recovering',
  'escalated',
  'paused',
];

export type ManageMode = 'auto' | 'child' | 'service' | 'command' | 'none';

/** What one health probe found. */
export type ProbeVerdict =
  | 'healthy' // 200 + OpenClaw's live body, ready
  | 'not-ready' // live, but /readyz says not ready (failing[])
  | 'starting' // live answer is missing but /startupz says starting
  | 'foreign' // something answers on the port, but it is not OpenClaw
  | 'refused' // nothing listens
  | 'timeout' // connected but no answer in time (hung, e.g. SIGSTOP)
  | 'error'; // any other transport error

export interface ProbeResult {
  verdict: ProbeVerdict;
  at: number;
  latencyMs: number;
  /** HTTP status of /healthz, when there was one. */
  status?: number;
  /** First bytes of an unexpected body, for the evidence. */
  body?: string;
  /** /readyz `failing[]` when available. */
  failing?: string[];
  detail?: string;
}

export interface PortHolder {
  pid: number;
  /** Process name as the OS reports it. */
  name: string;
  /** Full command line (may be the process title, e.g. `openclaw-gateway`). */
  command: string;
  isOpenClaw: boolean;
}

export interface ProcessStats {
  pid: number;
  rssBytes: number;
  /** Percent of one core since the previous sample (0 on the first). */
  cpuPercent: number;
}

export type WatchEventType =
  | 'state' // a state transition (from → to)
  | 'spawned' // ClawDoc started a gateway process
  | 'adopted' // ClawDoc took over a gateway it found running
  | 'exited' // the gateway process ended
  | 'hung' // the gateway stopped answering while its process is alive
  | 'restart' // ClawDoc restarted (or asked the OS to restart) the gateway
  | 'restart-failed'
  | 'backoff' // a restart was scheduled after a delay
  | 'escalated' // automatic restarts stopped; evidence attached
  | 'recovered' // healthy again after an incident
  | 'memory-warning'
  | 'port-foreign' // something that is not OpenClaw holds the port
  | 'paused'
  | 'resumed'
  | 'info';

/** What the watchdog attaches to an event: typed, so every face reads the same fields. */
export interface WatchEventDetails {
  pid?: number;
  command?: string;
  /** exited: the process's exit code and signal, uptime and its last output lines (redacted). */
  code?: number | null;
  signal?: string | null;
  uptimeMs?: number;
  lastOutput?: string[];
  probe?: ProbeResult;
  holder?: PortHolder | null;
  /** backoff */
  delayMs?: number;
  attempt?: number;
  /** restart / restart-failed: how (child, service, command) and what it said. */
  via?: string;
  detail?: string;
  restartsInWindow?: number;
  /** escalated */
  cause?: EscalationCause;
  evidence?: EscalationEvidence;
  /** memory-warning */
  rssBytes?: number;
  /** recovered */
  incidentId?: string;
  downtimeMs?: number;
  restarts?: number;
  /** info: a hold began (update, parked, OpenClaw's breaker) */
  hold?: GatewayHold;
}

/** A watchdog event: a state transition, a restart, an exit, an escalation, … */
export interface WatchEvent {
  ts: number;
  type: WatchEventType;
  /** State transitions only. */
  from?: GatewayState;
  to?: GatewayState;
  reason: string;
  details?: WatchEventDetails;
  incidentId?: string;
}

export type EscalationCause =
  | 'config-refused' // exit 78
  | 'breaker' // too many restarts in the window
  | 'port-foreign' // another program holds the port
  | 'unhealthy-too-long' // failing for longer than the escalation window
  | 'crash-loop' // crashed N times in a row (no stable run between)
  | 'diagnosed' // the doctor recognised the cause of an exit: restarting alone will not help
  | 'cannot-restart'; // manage=none, or the restart mechanism itself fails

export interface Escalation {
  at: number;
  cause: EscalationCause;
  reason: string;
  /** Evidence at the time: exit code, last output lines, port holder, restarts in the window. */
  evidence: EscalationEvidence;
}

export interface EscalationEvidence {
  exitCode?: number | null;
  signal?: string | null;
  lastOutput?: string[];
  portHolder?: PortHolder | null;
  restartsInWindow?: number;
  crashesInWindow?: number;
  probe?: ProbeResult;
  configHash?: string | null;
}

export interface Incident {
  id: string;
  openedAt: number;
  closedAt?: number;
  /** The first reason the gateway was not healthy. */
  cause: string;
  restarts: number;
  escalation?: Escalation;
  /** How it ended: 'recovered' by ClawDoc, 'recovered-externally', or still open. */
  resolution?: 'recovered' | 'recovered-externally';
  lastHealthyAt?: number;
}

/** The last unexpected exit of the gateway, kept in state.json for live diagnosis. */
export interface ExitSummary {
  at: number;
  pid: number;
  code: number | null;
  signal: string | null;
  uptimeMs: number;
  /** Its last lines of output, secrets masked. */
  lastOutput: string[];
}

/** What `clawdoc status` and the tray show. */
/**
 * Why ClawDoc holds back restarts and repairs: an OpenClaw update is running (`openclaw update status`),
 * the updater parked the gateway (exit 79), or OpenClaw's own restart-loop breaker keeps channels down
 * (control plane up: restarting only adds a boot; ClawDoc waits for its window, then starts the channels).
 */
export type HoldKind = 'update' | 'parked' | 'openclaw-breaker';

export interface GatewayHold {
  kind: HoldKind;
  since: number;
  reason: string;
  /** update: the updater's phase (requested, staging, validating, activating, restarting, verifying). */
  phase?: string;
  /** openclaw-breaker: when its unclean-boot window has drained. */
  until?: number;
  /** openclaw-breaker: the channels it keeps from starting, when OpenClaw named them. */
  channels?: string[];
}

export interface StatusSnapshot {
  state: GatewayState;
  since: number;
  reason: string;
  manage: Exclude<ManageMode, 'auto'>;
  port: number;
  pid?: number;
  /** When ClawDoc's watcher last wrote this snapshot. */
  updatedAt: number;
  watcherPid?: number;
  lastProbe?: ProbeResult;
  lastHealthyAt?: number;
  stats?: ProcessStats;
  restartsInWindow: number;
  crashesInWindow: number;
  nextRestartAt?: number;
  incident?: Incident;
  lastIncident?: Incident;
  escalation?: Escalation;
  lastExit?: ExitSummary;
  /** Restarts and repairs are held back, and why (absent: not held). */
  hold?: GatewayHold;
}

/** What the restart policy keeps between runs of ClawDoc (persisted in state.json). */
export interface PolicyState {
  crashes: number[];
  restarts: number[];
  /** Crashes before this instant do not count towards the backoff (a stable run reset it). */
  backoffResetAt: number;
}
