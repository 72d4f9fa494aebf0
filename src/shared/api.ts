// The one contract between ClawDoc's runtime and every face: the CLI, the control channel, the
// Electron main process (IPC through the preload) and the window's HTTP transport. Types only.
// Every status and event names the gateway (target) it is about, so several can be watched later
// without changing this contract.
import type { AiProviderStatus } from './ai.js';
import type { DeliveryRecord } from './alerts.js';
import type { CaseView, ChangeRecord, DiagnosisReport, DoctorEvent, DoctorRecord, DoctorStats, Proposal, SnapshotEntry } from './doctor.js';
import type { ChannelConfig, Settings, SettingsChange } from './settings.js';
import type { GatewayState, Incident, ProbeResult, StatusSnapshot, WatchEvent } from './status.js';
import type { HistoryEvent, HistoryEventType } from './history.js';
import type { HistoryLevel } from './history.js';

/** Which gateway: `default` for the one local gateway of this data dir. */
export type TargetId = string;

/** A damaged file ClawDoc moved aside (kept, never deleted), or settings it could not use. */
export interface StoreProblem {
  /** The file, relative to the data dir. */
  file: string;
  /** Where the damaged copy is kept, when it was moved. */
  keptAs?: string;
  message: string;
  at: number;
}

export interface DoctorStatus {
  enabled: boolean;
  autoHeal: Settings['doctor']['autoHeal'];
  /** Diagnosing or applying a fix right now. */
  busy: boolean;
  pendingProposals: number;
}

export interface ChannelDeliveryStatus {
  channel: string;
  type: ChannelConfig['type'];
  enabled: boolean;
  last?: DeliveryRecord;
}

export interface AlertsStatus {
  enabled: boolean;
  outboxSize: number;
  channels: ChannelDeliveryStatus[];
}

/** The status query: the watchdog's snapshot plus the doctor's and the alerts' state. */
export interface RuntimeStatus {
  target: TargetId;
  /** A watcher is running for this data dir (this process, or the one a client reached). */
  watching: boolean;
  watcherPid?: number;
  /** The watchdog's snapshot; null when no watcher has ever run with this data dir. */
  gateway: StatusSnapshot | null;
  /** Without a running watcher: a fresh probe, so the answer is current anyway. */
  liveProbe?: ProbeResult;
  /** Monitoring paused until then (epoch ms); absent when not paused or paused until resumed. */
  pausedUntil?: number;
  doctor: DoctorStatus;
  alerts: AlertsStatus;
  problems: StoreProblem[];
  dataDir: string;
}

export interface Page<T> {
  items: T[];
  /** How many match the filter in all. */
  total: number;
  offset: number;
}

export interface HistoryQuery {
  target?: TargetId;
  limit?: number;
  offset?: number;
  types?: HistoryEventType[];
  incidentId?: string;
  since?: number;
  until?: number;
  /** Only events of these levels (src/shared/history-filter.ts says which level an event has). */
  levels?: HistoryLevel[];
  /** Only the doctor's events about this case. */
  caseId?: string;
  /** Only alert deliveries to this channel. */
  channel?: string;
}

export interface IncidentQuery {
  target?: TargetId;
  limit?: number;
  offset?: number;
  since?: number;
  until?: number;
}

/** Settings with secrets masked: safe to show in any face. */
export interface SettingsView {
  settings: Settings;
  path: string;
  secrets: SecretsView;
}

/** Which secrets are stored (names only: a value never leaves the store) and how they are kept. */
export interface SecretsView {
  /** `os`: encrypted by the OS (the app's safeStorage: Keychain, DPAPI, libsecret); `file`: the owner-only file. */
  storage: 'os' | 'file';
  where: string;
  /** Names that hold a secret (an alert channel's name for its signing secret). */
  stored: string[];
  /** Sealed by the app's OS encryption, so a headless watcher cannot read them: set them again here to use them. */
  sealedOnly: string[];
}

/** What a platform answered to a test message. */
export interface NotifyTestResult {
  channel: string;
  ok: boolean;
  verdict: string;
}

/** The doctor's records (evidence, candidates, attempts, outcome), newest first. */
export interface RecordQuery {
  /** Only these records (doctor events name theirs in `details.recordId`). */
  ids?: string[];
  limit?: number;
}

/** One reason a value is refused: the dotted key or path it is about, and why. */
export interface ValidationProblem {
  key: string;
  message: string;
}

export interface CommandResult {
  ok: boolean;
  message: string;
}

export interface PauseRequest {
  /** Minutes; absent: until resumed. */
  durationMin?: number;
  reason?: string;
}

/**
 * Everything a face can ask or do. Queries have no side effects; commands act on the running watcher
 * (or, with none running, on the data dir). Errors reject with a message meant for a person.
 */
export interface ClawDocApi {
  // queries
  status(): Promise<RuntimeStatus>;
  history(query?: HistoryQuery): Promise<Page<HistoryEvent>>;
  incidents(query?: IncidentQuery): Promise<Page<Incident>>;
  cases(): Promise<CaseView[]>;
  proposals(query?: { all?: boolean }): Promise<Proposal[]>;
  changes(): Promise<ChangeRecord[]>;
  snapshots(): Promise<SnapshotEntry[]>;
  stats(): Promise<DoctorStats>;
  settings(): Promise<SettingsView>;
  channels(): Promise<ChannelConfig[]>;
  records(query?: RecordQuery): Promise<DoctorRecord[]>;
  /** Checks a case definition as `addCase` would, saving nothing: [] when it is valid. */
  checkCase(definition: unknown): Promise<ValidationProblem[]>;
  // commands
  restart(reason?: string): Promise<CommandResult>;
  pause(request?: PauseRequest): Promise<CommandResult>;
  resume(): Promise<CommandResult>;
  /** `ai`: also ask the configured AI (`clawdoc diagnose --ai`), even when a case matches. */
  diagnose(request?: { text?: string; ai?: boolean }): Promise<DiagnosisReport>;
  approve(proposalId: string): Promise<Proposal>;
  reject(proposalId: string): Promise<Proposal>;
  undo(changeId: string): Promise<ChangeRecord>;
  /** `replace`: an existing case with this id (a built-in one too) is replaced, and labelled so. */
  addCase(definition: unknown, options?: { replace?: boolean }): Promise<CaseView>;
  editCase(id: string, definition: unknown): Promise<CaseView>;
  removeCase(id: string): Promise<CommandResult>;
  importCases(text: string, options?: { replace?: boolean }): Promise<string[]>;
  exportCases(options?: { userOnly?: boolean }): Promise<string>;
  /** Validated whole and applied to the running watcher at once; nothing is saved half-way. */
  updateSettings(change: SettingsChange): Promise<SettingsView>;
  notifyTest(channel?: string): Promise<NotifyTestResult[]>;
  /** `clawdoc ai test`: a short call to the configured AI provider (counts against ai.maxCallsPerHour). */
  aiTest(): Promise<AiProviderStatus>;
  /** Stores (or, with null, removes) a secret such as a channel's signing secret or the AI endpoint's API key (`ai:apiKey`); answers names only. */
  setSecret(name: string, value: string | null): Promise<SecretsView>;
}

export type ApiMethod = keyof ClawDocApi;
export type ApiArgs<M extends ApiMethod> = Parameters<ClawDocApi[M]>;
export type ApiResult<M extends ApiMethod> = Awaited<ReturnType<ClawDocApi[M]>>;

/** One call over any transport (control socket, IPC, HTTP). */
export interface ApiRequest<M extends ApiMethod = ApiMethod> {
  method: M;
  args: ApiArgs<M>;
}

/** A refusal names its kind (`code`, e.g. SettingsError) and, for settings, the keys it is about. */
export type ApiReply<M extends ApiMethod = ApiMethod> = { ok: true; result: ApiResult<M> } | { ok: false; error: string; code?: string; keys?: string[] };

// ---- events ---------------------------------------------------------------------------------------

interface EventBase {
  target: TargetId;
  at: number;
}

/** What the runtime tells every face, as it happens. */
export type ClawDocEvent =
  | (EventBase & { kind: 'status'; state: GatewayState; status: StatusSnapshot })
  | (EventBase & { kind: 'watch'; event: WatchEvent })
  | (EventBase & { kind: 'doctor'; event: DoctorEvent })
  | (EventBase & { kind: 'incident-opened'; incident: Incident })
  | (EventBase & { kind: 'incident-closed'; incident: Incident })
  | (EventBase & { kind: 'proposal'; proposal: Proposal })
  | (EventBase & { kind: 'alert-delivery'; delivery: DeliveryRecord })
  | (EventBase & { kind: 'settings-changed'; keys: string[] })
  | (EventBase & { kind: 'problem'; problem: StoreProblem });

export type ClawDocEventKind = ClawDocEvent['kind'];

/** A face that receives events: returns the unsubscribe function. */
export interface ClawDocEvents {
  subscribe(listener: (event: ClawDocEvent) => void): () => void;
}
