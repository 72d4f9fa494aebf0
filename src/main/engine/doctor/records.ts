// Every diagnosis and fix is a record (evidence, matched case, actions, outcome, durations) in
// <dataDir>/doctor-records.jsonl; `clawdoc stats` computes the auto-heal rate and per-case success rates
// from them, and incidents and the mean time to recovery from the watcher's incidents.jsonl.
import { join } from 'node:path';
import type { Incident, PortHolder } from '../../../shared/status.js';
import { JsonLinesLog } from '../store/history.js';
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

export class DoctorRecords {
  readonly log: JsonLinesLog<DoctorRecord>;

  constructor(dataDir: string) {
    this.log = new JsonLinesLog<DoctorRecord>(join(dataDir, 'doctor-records.jsonl'));
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
  cases: { id: string; attempts: number; successes: number; successRate: number | null }[];
}

/** The watcher's diagnoses; `clawdoc diagnose` ones have the trigger `live` or `text`. */
const WATCHER_TRIGGER = /^(?:escalated|pre-start|approved)/;

/** `incidents`: closed incidents from incidents.jsonl (and the open one, if any). */
export function computeStats(records: DoctorRecord[], store: CaseStore, incidents: Incident[] = []): DoctorStats {
  const acted = records.filter((r) => WATCHER_TRIGGER.test(r.evidence.trigger));
  const healed = acted.filter((r) => r.outcome === 'healed');
  const auto = healed.filter((r) => r.attempts.some((a) => a.outcome === 'healed' && a.auto));
  const closed = incidents.filter((i) => typeof i.closedAt === 'number');
  const ttr = closed.map((i) => i.closedAt! - i.openedAt).sort((a, b) => a - b);
  const cases = store
    .all()
    .map((c) => {
      const s = store.statsFor(c.id);
      return { id: c.id, attempts: s.attempts, successes: s.successes, successRate: s.attempts ? Math.round((s.successes / s.attempts) * 1000) / 1000 : null };
    })
    .filter((c) => c.attempts > 0);
  return {
    diagnoses: records.length,
    manualDiagnoses: records.length - acted.length,
    incidents: incidents.length,
    recovered: closed.length,
    open: incidents.length - closed.length,
    doctorIncidents: acted.length,
    healed: healed.length,
    healedAutomatically: auto.length,
    autoHealRate: acted.length ? Math.round((auto.length / acted.length) * 1000) / 1000 : null,
    meanTimeToRecoveryMs: ttr.length ? Math.round(ttr.reduce((a, b) => a + b, 0) / ttr.length) : null,
    medianTimeToRecoveryMs: ttr.length ? median(ttr) : null,
    cases,
  };
}

function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}
