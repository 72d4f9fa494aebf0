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
  | 'channel-down' // a gateway chat channel (IRC, Telegram, Feishu…) unhealthy for longer than the grace
  | 'channel-heal' // ClawDoc tried a step of the channel ladder (channels.start, one gateway restart)
  | 'channel-needs-human' // the ladder is exhausted or cannot help: a person must act on the channel
  | 'channel-recovered' // the channel is healthy again: its incident closed
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
  /** recovered, channel-recovered */
  incidentId?: string;
  /** channel-*: which gateway chat channel account, what it said last, what it needs, what ClawDoc tried. */
  channel?: string;
  accountId?: string;
  lastError?: string;
  need?: GatewayChannelNeed;
  step?: ChannelHealStep;
  outcome?: string;
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
  /** A gateway chat channel's incident (the gateway itself stayed live): which channel account. */
  gatewayChannel?: { channel: string; accountId: string };
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
  /** The gateway's chat channel accounts (not ClawDoc's alert channels); absent until first checked. */
  gatewayChannels?: GatewayChannelHealth[];
}

// ---- the gateway's chat channels (Feishu, Telegram, WhatsApp, IRC…), not ClawDoc's alert channels ----

/**
 * One channel account's health as ClawDoc sees it:
 * `healthy`; `unhealthy` (failing, within the grace); `down` (failing past the grace: an incident, the ladder runs);
 * `needs-human` (the ladder is done or cannot help: a person was alerted; ClawDoc keeps watching).
 */
export type GatewayChannelState = 'healthy' | 'unhealthy' | 'down' | 'needs-human';

/** What a failing channel needs, read from its last error. */
export type GatewayChannelNeed =
  | 'relink' // WhatsApp / Signal style: the session was logged out, scan a QR again
  | 'token' // a bot token expired, was revoked or is invalid (Telegram, Discord, Slack…)
  | 'auth' // credentials refused (password, app secret)
  | 'unreachable' // the platform's server refused or timed out (network, outage): often comes back
  | 'plugin' // the channel's plugin is missing or not trusted
  | 'config' // the channel's config is incomplete or invalid
  | 'unknown';

export type ChannelHealStep = 'channels.start' | 'gateway-restart' | 'human';

export interface ChannelHealAttempt {
  step: ChannelHealStep;
  at: number;
  /** What OpenClaw answered (channels.start's outcome) or what happened. */
  outcome: string;
}

export interface GatewayChannelHealth {
  /** OpenClaw's channel id (`irc`, `telegram`, `feishu`…) and account id (`default`). */
  channel: string;
  accountId: string;
  /** OpenClaw's label for the channel (`IRC`, `Telegram`). */
  label?: string;
  state: GatewayChannelState;
  /** Since when it is in this state. */
  since: number;
  /** When the current failing stretch began (unhealthy, down, needs-human). */
  failingSince?: number;
  /** OpenClaw's view: lifecycle (`ready`, `recovering`, `blocked`…), running, connected, the last active probe. */
  lifecycle?: string;
  running?: boolean;
  connected?: boolean;
  probeOk?: boolean;
  lastProbeAt?: number;
  /** The channel's last error (secrets masked). */
  lastError?: string;
  need?: GatewayChannelNeed;
  /** The channel incident, while one is open. */
  incidentId?: string;
  /** What ClawDoc tried in this incident, in order. */
  attempts?: ChannelHealAttempt[];
}

/** What the restart policy keeps between runs of ClawDoc (persisted in state.json). */
export interface PolicyState {
  crashes: number[];
  restarts: number[];
  /** Crashes before this instant do not count towards the backoff (a stable run reset it). */
  backoffResetAt: number;
}
