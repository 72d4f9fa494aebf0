// Every diagnosis and fix is a record (evidence, matched case, actions, outcome, durations) in
// <dataDir>/doctor-records.jsonl; `clawdoc stats` computes the auto-heal rate, per-case success rates
// and the mean time to recovery from them.
import type { PortHolder } from '../../../shared/status.js';
import { defineLog, JsonLinesLog } from '../store/jsonl-log.js';
import type { Finding } from './config-check.js';
import type { CaseStore } from './cases/case-store.js';
import type { Candidate } from './cases/matcher.js';
import type { Action } from './cases/case-schema.js';

export type AttemptOutcome = 'healed' | 'not-healed' | 'not-applicable' | 'proposed' | 'escalated' | 'error';
export type RecordOutcome = 'healed' | 'proposed' | 'escalated' | 'failed' | 'diagnosed' | 'rejected';

export interface AttemptRecord {
  caseId: string;
  action: Action;
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
  findings: Finding[];
  portHolder?: PortHolder | null;
  memory?: { totalMb: number; freeMb: number; gatewayRssMb?: number };
  disk?: { path: string; freeMb: number; totalMb: number };
  sources: string[];
  gatherMs: number;
}

export interface DoctorRecord {
  id: string;
  at: number;
  /** When the fault began (incident opened / escalation), for time to recovery. */
  faultAt: number;
  evidence: EvidenceSummary;
  candidates: Candidate[];
  attempts: AttemptRecord[];
  outcome: RecordOutcome;
  diagnoseMs: number;
  finishedAt: number;
  recoveredAt?: number;
  timeToRecoveryMs?: number;
  summary: string;
}

// Kept longer than the event history: `clawdoc stats` is computed from it.
export const DOCTOR_RECORDS_LOG = defineLog({ file: 'doctor-records.jsonl', maxBytes: 4 * 1024 * 1024, keep: 3 });

export class DoctorRecords {
  readonly log: JsonLinesLog<DoctorRecord>;

  constructor(dataDir: string) {
    this.log = JsonLinesLog.open<DoctorRecord>(dataDir, DOCTOR_RECORDS_LOG);
  }

  append(r: DoctorRecord): void {
    this.log.append(r);
  }

  /** Newest first; the last version of each id wins (a record can be appended again when a proposal resolves). */
  recent(limit = 100): DoctorRecord[] {
    const byId = new Map<string, DoctorRecord>();
    for (const r of this.log.readAll()) byId.set(r.id, r);
    return [...byId.values()].sort((a, b) => b.at - a.at).slice(0, limit);
  }
}

export interface DoctorStats {
  diagnoses: number;
  incidents: number;
  healed: number;
  healedAutomatically: number;
  /** Healed without a person, over all incidents the doctor saw (0..1). */
  autoHealRate: number | null;
  meanTimeToRecoveryMs: number | null;
  medianTimeToRecoveryMs: number | null;
  cases: { id: string; attempts: number; successes: number; successRate: number | null }[];
}

export function computeStats(records: DoctorRecord[], store: CaseStore): DoctorStats {
  // Incidents: what the watcher acted on (not `clawdoc diagnose` runs).
  const incidents = records.filter((r) => /^(?:escalated|pre-start|approved)/.test(r.evidence.trigger));
  const healed = incidents.filter((r) => r.outcome === 'healed');
  const auto = healed.filter((r) => r.attempts.some((a) => a.outcome === 'healed' && a.auto));
  const ttr = healed.map((r) => r.timeToRecoveryMs).filter((x): x is number => typeof x === 'number').sort((a, b) => a - b);
  const cases = store
    .all()
    .map((c) => {
      const s = store.statsFor(c.id);
      return { id: c.id, attempts: s.attempts, successes: s.successes, successRate: s.attempts ? Math.round((s.successes / s.attempts) * 1000) / 1000 : null };
    })
    .filter((c) => c.attempts > 0);
  return {
    diagnoses: records.length,
    incidents: incidents.length,
    healed: healed.length,
    healedAutomatically: auto.length,
    autoHealRate: incidents.length ? Math.round((auto.length / incidents.length) * 1000) / 1000 : null,
    meanTimeToRecoveryMs: ttr.length ? Math.round(ttr.reduce((a, b) => a + b, 0) / ttr.length) : null,
    medianTimeToRecoveryMs: ttr.length ? ttr[Math.floor(ttr.length / 2)]! : null,
    cases,
  };
}
