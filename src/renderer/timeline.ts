// What ClawDoc did about one incident, in order, from the incident and its events: detected, restarted,
// diagnosed, fixed, verified, rolled back, proposed, escalated, alerted, recovered, each with its time
// after detection (and its own duration where it has one). Pure.
import type { HistoryEvent } from '../shared/history.js';
import { eventIncidentId } from '../shared/history-filter.js';
import type { Incident } from '../shared/status.js';

export type StepKind = 'detected' | 'restarted' | 'diagnosed' | 'fixed' | 'verified' | 'rolled-back' | 'proposed' | 'escalated' | 'alerted' | 'recovered';

export interface Step {
  kind: StepKind;
  at: number;
  /** Since the incident opened. */
  afterMs: number;
  /** The step's own duration (a diagnosis, a downtime). */
  durationMs?: number;
  /** False for a step that failed (a restart that failed, an alert not delivered). */
  ok?: boolean;
  detail: string;
  /** The doctor's record this step belongs to, for the evidence. */
  recordId?: string;
  caseId?: string;
}

function stepOf(e: HistoryEvent): Omit<Step, 'afterMs'> | undefined {
  switch (e.type) {
    case 'restart':
      return { kind: 'restarted', at: e.ts, detail: e.reason };
    case 'restart-failed':
      return { kind: 'restarted', at: e.ts, ok: false, detail: e.reason };
    case 'escalated':
      return { kind: 'escalated', at: e.ts, detail: e.reason };
    case 'recovered':
      return { kind: 'recovered', at: e.ts, detail: e.reason, ...(e.details?.downtimeMs !== undefined ? { durationMs: e.details.downtimeMs } : {}) };
    case 'alert':
      return { kind: 'alerted', at: e.ts, ok: e.details.ok, detail: `${e.details.channel}: ${e.details.text}` };
    case 'doctor': {
      const d = e.details;
      switch (d.phase) {
        case 'diagnosis':
          return { kind: 'diagnosed', at: e.ts, durationMs: d.diagnoseMs, detail: e.reason, recordId: d.recordId, ...(d.candidates[0] ? { caseId: d.candidates[0].caseId } : {}) };
        case 'ai':
          return { kind: 'diagnosed', at: e.ts, ok: d.ok, detail: e.reason, recordId: d.recordId };
        case 'apply':
          return { kind: 'fixed', at: e.ts, detail: e.reason, recordId: d.recordId, caseId: d.caseId };
        case 'verified':
          return { kind: 'verified', at: e.ts, ok: true, detail: e.reason, recordId: d.recordId, caseId: d.caseId };
        case 'rollback':
          return { kind: 'rolled-back', at: e.ts, ok: false, detail: e.reason, recordId: d.recordId, caseId: d.caseId };
        case 'proposal':
          return { kind: 'proposed', at: e.ts, detail: e.reason, recordId: d.recordId, caseId: d.caseId };
        case 'gave-up':
          return { kind: 'escalated', at: e.ts, ok: false, detail: e.reason, recordId: d.recordId };
        case 'escalate':
          return { kind: 'escalated', at: e.ts, detail: e.reason, recordId: d.recordId, caseId: d.caseId };
        default:
          return undefined;
      }
    }
    default:
      return undefined;
  }
}

/** The steps of one incident, oldest first; `events` may hold other incidents' events too. */
export function incidentSteps(incident: Incident, events: HistoryEvent[]): Step[] {
  const steps: Step[] = [{ kind: 'detected', at: incident.openedAt, afterMs: 0, detail: incident.cause }];
  for (const e of events) {
    if (eventIncidentId(e) !== incident.id) continue;
    const s = stepOf(e);
    if (s) steps.push({ ...s, afterMs: Math.max(0, s.at - incident.openedAt) });
  }
  if (incident.closedAt !== undefined && !steps.some((s) => s.kind === 'recovered')) {
    steps.push({ kind: 'recovered', at: incident.closedAt, afterMs: incident.closedAt - incident.openedAt, durationMs: incident.closedAt - incident.openedAt, detail: incident.resolution ?? 'recovered' });
  }
  return steps.sort((a, b) => a.at - b.at || (a.kind === 'detected' ? -1 : b.kind === 'detected' ? 1 : 0));
}

/** How long the incident lasted (or has lasted so far). */
export function recoveryMs(incident: Incident, now: number): number {
  return (incident.closedAt ?? now) - incident.openedAt;
}

/** The doctor records an incident's events name, for its evidence and fix record. */
export function recordIds(events: HistoryEvent[]): string[] {
  const ids = new Set<string>();
  for (const e of events) if (e.type === 'doctor' && 'recordId' in e.details) ids.add(e.details.recordId);
  return [...ids];
}
