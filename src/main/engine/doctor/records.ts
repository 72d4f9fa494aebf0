// Every diagnosis and fix is a record (evidence, matched case, actions, outcome, durations) in
// <dataDir>/doctor-records.jsonl; `clawdoc stats` computes the auto-heal rate and per-case success rates
// from them, and incidents and the mean time to recovery from the watcher's incidents.jsonl.
import type { AttemptOutcome, AttemptRecord, DoctorRecord, DoctorStats, EvidenceSummary, RecordOutcome } from '../../../shared/doctor.js';
import type { Incident } from '../../../shared/status.js';
import { defineLog, JsonLinesLog } from '../store/jsonl-log.js';
import type { CaseStore } from './cases/case-store.js';

export type { AttemptOutcome, AttemptRecord, DoctorRecord, DoctorStats, EvidenceSummary, RecordOutcome };

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
