// How a history event is classed for filtering (level, case, channel), in one place: the runtime's
// `history` query filters with it and the window filters live events with it, so both agree.
import type { HistoryQuery } from './api.js';
import type { HistoryEvent, HistoryLevel } from './history.js';

export type { HistoryLevel };

/** How serious an event is: the same four levels as the alerts. */
export const HISTORY_LEVELS: readonly HistoryLevel[] = ['critical', 'warning', 'info', 'ok'];

export function eventLevel(e: HistoryEvent): HistoryLevel {
  switch (e.type) {
    case 'state':
      if (e.to === 'down' || e.to === 'escalated') return 'critical';
      if (e.to === 'degraded' || e.to === 'recovering') return 'warning';
      if (e.to === 'healthy') return 'ok';
      return 'info';
    case 'escalated':
    case 'restart-failed':
    case 'port-foreign':
    case 'channel-needs-human':
      return 'critical';
    case 'channel-down':
    case 'channel-heal':
      return 'warning';
    case 'channel-recovered':
      return 'ok';
    case 'exited':
    case 'hung':
    case 'memory-warning':
    case 'backoff':
    case 'restart':
      return 'warning';
    case 'recovered':
      return 'ok';
    case 'doctor':
      switch (e.details.phase) {
        case 'gave-up':
        case 'escalate':
        case 'error':
          return 'critical';
        case 'rollback':
        case 'proposal':
          return 'warning';
        case 'ai':
          return e.details.ok ? 'info' : 'warning';
        case 'verified':
          return 'ok';
        default:
          return 'info';
      }
    case 'alert':
      return e.details.ok ? 'info' : 'warning';
    default:
      return 'info';
  }
}

/** The case a doctor event is about, if any. */
export function eventCaseId(e: HistoryEvent): string | undefined {
  if (e.type !== 'doctor') return undefined;
  const d = e.details;
  if ('caseId' in d) return d.caseId;
  if (d.phase === 'diagnosis') return d.candidates[0]?.caseId;
  return undefined;
}

/** The alert channel an event is about, if any. */
export function eventChannel(e: HistoryEvent): string | undefined {
  return e.type === 'alert' ? e.details.channel : undefined;
}

/** The incident an event belongs to (a `recovered` event names it in its details). */
export function eventIncidentId(e: HistoryEvent): string | undefined {
  return e.incidentId ?? (e.type === 'recovered' ? e.details?.incidentId : undefined);
}

/** A predicate for the query's filters (paging aside), with only the checks the query needs. */
export function historyFilter(q: HistoryQuery): (e: HistoryEvent) => boolean {
  const checks: ((e: HistoryEvent) => boolean)[] = [];
  if (q.types?.length) {
    const types = new Set<string>(q.types);
    checks.push((e) => types.has(e.type));
  }
  if (q.incidentId) checks.push((e) => eventIncidentId(e) === q.incidentId);
  if (q.since !== undefined) {
    const since = Number(q.since);
    checks.push((e) => e.ts >= since);
  }
  if (q.until !== undefined) {
    const until = Number(q.until);
    checks.push((e) => e.ts <= until);
  }
  if (q.levels?.length) {
    const levels = new Set<string>(q.levels);
    checks.push((e) => levels.has(eventLevel(e)));
  }
  if (q.caseId) checks.push((e) => eventCaseId(e) === q.caseId);
  if (q.channel) checks.push((e) => eventChannel(e) === q.channel);
  if (checks.length === 0) return () => true;
  if (checks.length === 1) return checks[0]!;
  return (e) => checks.every((c) => c(e));
}

/** True when the event passes every filter of the query (paging aside). */
export function matchesHistoryQuery(e: HistoryEvent, q: HistoryQuery): boolean {
  return historyFilter(q)(e);
}
