// The doctor's (level 3) records as every face sees them: cases, candidates, proposals, changes,
// snapshots, records and stats. Types only; the engine's zod schemas are checked against them.
import type { AiOutcome, AiPlan } from './ai.js';
import type { FixAction } from './fix-action.js';
import type { PortHolder } from './status.js';

export type { FixAction, FixActionType } from './fix-action.js';

export type FindingSeverity = 'error' | 'warning' | 'info';

/** One finding of the config check. */
export interface ConfigFinding {
  /** Stable code that cases match on (e.g. `gateway-mode-missing`). */
  code: string;
  severity: FindingSeverity;
  /** The config key path the finding is about, `(file)` for the file itself. */
  key: string;
  message: string;
  hint: string;
}

/** A case that matched the evidence, with how sure the matcher is and why. */
export interface CaseCandidate {
  caseId: string;
  confidence: number;
  reason: string;
  /** Lines that matched, for the record (at most 3). */
  lines: string[];
  exact: boolean;
}

export type ProposalStatus = 'pending' | 'approved' | 'rejected' | 'applying' | 'applied' | 'failed' | 'expired';

/** A fix waiting for a person (autoHeal=off, or an action that could lose data or widen exposure). */
export interface Proposal {
  id: string;
  createdAt: number;
  caseId: string;
  caseTitle: string;
  action: FixAction;
  description: string;
  confidence: number;
  reason: string;
  recordId: string;
  /** Why it waits: autoHeal=off, or the action is not safe. */
  why: string;
  status: ProposalStatus;
  /** The AI's plan this proposal comes from (no case matched; the AI proposed the action). */
  aiPlan?: AiPlan;
  decidedAt?: number;
  finishedAt?: number;
  result?: string;
  expiresAt: number;
}

/** A change ClawDoc made to a user's file, with its backup: `clawdoc undo ID`. */
export interface ChangeRecord {
  id: string;
  at: number;
  file: string;
  /** Copy of the file before the change (absent when the file did not exist). */
  backup?: string;
  beforeHash: string | null;
  afterHash: string | null;
  what: string;
  /** Set when the change could not keep the file's comments and formatting. */
  warning?: string;
  caseId?: string;
  recordId?: string;
  undoneAt?: number;
  undoneBy?: 'rollback' | 'user';
}

/** A known-good copy of OpenClaw's config. */
export interface SnapshotEntry {
  id: string;
  hash: string;
  /** When this content was first saved. */
  savedAt: number;
  /** When the gateway was last seen healthy with it. */
  lastGoodAt: number;
  size: number;
  file: string;
  /** The config file it came from. */
  source: string;
}

export type AttemptOutcome = 'healed' | 'not-healed' | 'not-applicable' | 'proposed' | 'escalated' | 'error';
export type RecordOutcome = 'healed' | 'proposed' | 'escalated' | 'failed' | 'diagnosed' | 'rejected';

export interface AttemptRecord {
  caseId: string;
  action: FixAction;
  description: string;
  startedAt: number;
  durationMs: number;
  outcome: AttemptOutcome;
  detail: string;
  changeIds: string[];
  rolledBack?: string[];
  auto: boolean;
  proposalId?: string;
}

export interface EvidenceSummary {
  trigger: string;
  cause?: string;
  reason?: string;
  exitCode?: number | null;
  lastOutput: string[];
  logLines: string[];
  failing: string[];
  findings: ConfigFinding[];
  portHolder?: PortHolder | null;
  memory?: { totalMb: number; freeMb: number; gatewayRssMb?: number };
  disk?: { path: string; freeMb: number; totalMb: number };
  sources: string[];
  gatherMs: number;
}

/** One diagnosis and what was tried: evidence, candidates, attempts, outcome, durations. */
export interface DoctorRecord {
  id: string;
  at: number;
  /** When the fault began (incident opened / escalation), for time to recovery. */
  faultAt: number;
  evidence: EvidenceSummary;
  candidates: CaseCandidate[];
  attempts: AttemptRecord[];
  outcome: RecordOutcome;
  diagnoseMs: number;
  finishedAt: number;
  recoveredAt?: number;
  timeToRecoveryMs?: number;
  summary: string;
  /** No case matched and an AI was asked: its plan, or why there is none. */
  ai?: AiOutcome;
  /** The learned case made from the AI's verified fix. */
  learnedCaseId?: string;
}

export interface CaseStats {
  id: string;
  attempts: number;
  successes: number;
  successRate: number | null;
}

export interface DoctorStats {
  /** Every diagnosis on record: the watcher's and the manual ones. */
  diagnoses: number;
  /** `clawdoc diagnose` runs: records, never incidents. */
  manualDiagnoses: number;
  /** Incidents: the gateway was not healthy (incidents.jsonl, plus the open one). */
  incidents: number;
  /** Incidents that ended healthy again, each counted with its duration. */
  recovered: number;
  open: number;
  /** Incidents the doctor acted on (an escalation, a pre-start repair, an approved fix). */
  doctorIncidents: number;
  healed: number;
  healedAutomatically: number;
  /** Healed without a person, over the incidents the doctor acted on (0..1). */
  autoHealRate: number | null;
  /** From fault to healthy again, over every recovered incident (restarts and the doctor alike). */
  meanTimeToRecoveryMs: number | null;
  medianTimeToRecoveryMs: number | null;
  cases: CaseStats[];
}

export type CaseSeverity = 'critical' | 'high' | 'medium' | 'low';
export type CaseEscalationCause = 'config-refused' | 'breaker' | 'port-foreign' | 'unhealthy-too-long' | 'crash-loop' | 'diagnosed' | 'cannot-restart';

/** What a case matches on. */
export interface CaseMatch {
  /** Exact substrings (case-sensitive): the strongest evidence. */
  signatures: string[];
  /** Regexes (case-insensitive) on output and log lines. */
  patterns: string[];
  exitCodes: number[];
  /** Prefixes of /readyz failing[] entries. */
  failing: string[];
  /** Config-check finding codes. */
  findings: string[];
  causes: CaseEscalationCause[];
  portHolder?: 'openclaw' | 'foreign';
  keywords: string[];
}

/** A case of the library, as validated. */
export interface CaseDefinition {
  id: string;
  title: { en: string; zh: string };
  description: { en: string; zh: string };
  severity: CaseSeverity;
  match: CaseMatch;
  fix: FixAction[];
  /** Higher wins a tie. */
  priority: number;
  enabled: boolean;
  /** `always`: the fix waits for approval even under autoHeal=safe. */
  approval: 'auto' | 'always';
  attempts: number;
  successes: number;
  references: string[];
  /** Shipped with ClawDoc, written by the user, or learned from a verified fix (awaiting review). */
  origin: CaseOrigin;
  /** Learned cases wait for a person's review (`pending`) until accepted; they run meanwhile. */
  review?: 'pending' | 'accepted';
}

export type CaseOrigin = 'builtin' | 'user' | 'learned';

/** Whether a fix runs by itself: safe, needs a person's review, or touches security (always asks). */
export type ActionRisk = 'safe' | 'review' | 'security';

/** A case as a face lists it: the definition, where it came from, and how it has done. */
export interface CaseView extends CaseDefinition {
  builtin: boolean;
  /** A user or learned case that replaced a built-in one. */
  overridesBuiltin: boolean;
  /** "built-in", "user", "learned", "user override of built-in". */
  provenance: string;
  /** Whether the fixes run by themselves under autoHeal=safe. */
  safety: 'auto' | 'partly asks' | 'asks' | 'asks (security)';
  fixSafety: { action: string; risk: ActionRisk; reasons: string[] }[];
  stats: { attempts: number; successes: number; successRate: number | null; lastUsedAt?: number };
}

/** A diagnosis asked for by a person (`clawdoc diagnose`, the window's "Diagnose now"). */
export interface DiagnosisReport {
  mode: 'live' | 'text';
  /** live: the gateway's state and a fresh probe's verdict. */
  state?: string;
  probe?: string;
  evidence?: EvidenceSummary;
  candidates: CaseCandidate[];
  durationMs: number;
  /** The confidence below which ClawDoc does not act. */
  minConfidence: number;
  /** `diagnose --ai`: what the configured AI answered. */
  ai?: AiOutcome;
}

/** What the doctor reports at each step; `phase` tells which fields are present. */
export type DoctorPhaseDetails =
  | { phase: 'snapshot'; snapshot: string; hash: string }
  | { phase: 'pre-start-check'; findings: ConfigFinding[] }
  | { phase: 'diagnosis'; recordId: string; candidates: CaseCandidate[]; diagnoseMs: number; /** finding codes */ findings?: string[]; preStart?: boolean }
  | { phase: 'apply'; caseId: string; action: FixAction; recordId: string; auto: boolean; preStart?: boolean }
  | { phase: 'verified'; caseId: string; recordId: string; changeIds: string[]; preStart?: boolean }
  | { phase: 'rollback'; caseId: string; recordId: string; rolledBack: string[]; preStart?: boolean }
  | { phase: 'proposal'; proposalId: string; caseId: string; action: FixAction; recordId: string }
  | { phase: 'approved'; proposalId: string; caseId: string }
  | { phase: 'escalate'; caseId: string; recordId: string }
  /** No case matched: an AI was asked; its plan's summary, or why there is none. */
  | { phase: 'ai'; recordId: string; ok: boolean; provider: string | null; summary?: string; actions?: FixAction[]; error?: string }
  /** An AI's fix was verified: it became a learned case (pending review). */
  | { phase: 'learned'; caseId: string; recordId: string }
  /** An unexpected exit whose own output names a cause with a fix: acted on now, not after the backoff. */
  | { phase: 'exit-diagnosis'; caseId: string; confidence: number; lines: string[] }
  | { phase: 'gave-up'; recordId: string; evidence?: EvidenceSummary; candidates?: CaseCandidate[]; attempts?: AttemptRecord[] }
  | { phase: 'error' };

export type DoctorPhase = DoctorPhaseDetails['phase'];

/** A doctor (level 3) event: diagnosis, fix, verification, rollback, proposal. */
export interface DoctorEvent {
  ts: number;
  type: 'doctor';
  reason: string;
  details: DoctorPhaseDetails;
  incidentId?: string;
  /** Not a transition: lets `e.to` be read on any history event. */
  from?: never;
  to?: never;
}
