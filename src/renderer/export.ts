// History export: JSON (the events as they are) and CSV (one row each, for a spreadsheet). Cells that a
// spreadsheet would run as a formula (= + - @ at the start) are quoted with a leading apostrophe. Pure.
import type { HistoryEvent } from '../shared/history.js';
import { eventCaseId, eventChannel, eventIncidentId, eventLevel } from '../shared/history-filter.js';

export const CSV_COLUMNS = ['time', 'type', 'level', 'from', 'to', 'reason', 'incident', 'case', 'channel'] as const;

function cell(value: unknown): string {
  let s = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function eventsToCsv(events: HistoryEvent[]): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const e of events) {
    rows.push(
      [new Date(e.ts).toISOString(), e.type === 'doctor' ? `doctor:${e.details.phase}` : e.type, eventLevel(e), e.from, e.to, e.reason, eventIncidentId(e), eventCaseId(e), eventChannel(e)]
        .map(cell)
        .join(','),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}

export function eventsToJson(events: HistoryEvent[]): string {
  return `${JSON.stringify(events, null, 2)}\n`;
}

/** clawdoc-history-20260102-1504.csv */
export function exportFileName(kind: 'json' | 'csv', now: number): string {
  const d = new Date(now);
  const p = (n: number) => String(n).padStart(2, '0');
  return `clawdoc-history-${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}.${kind}`;
}
