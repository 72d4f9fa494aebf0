// History that survives a restart of ClawDoc: every watchdog and doctor event as a JSON line, closed
// incidents likewise.
import type { Incident } from '../../../shared/status.js';
import type { HistoryEvent } from '../../../shared/history.js';
import { defineLog, JsonLinesLog } from './jsonl-log.js';

export const HISTORY_LOG = defineLog({ file: 'history.jsonl', maxBytes: 4 * 1024 * 1024, keep: 2 });
export const INCIDENTS_LOG = defineLog({ file: 'incidents.jsonl', maxBytes: 1024 * 1024, keep: 2 });

export class History {
  readonly events: JsonLinesLog<HistoryEvent>;
  readonly incidents: JsonLinesLog<Incident>;

  constructor(dataDir: string) {
    this.events = JsonLinesLog.open<HistoryEvent>(dataDir, HISTORY_LOG);
    this.incidents = JsonLinesLog.open<Incident>(dataDir, INCIDENTS_LOG);
  }

  /** Events newest first. */
  recentEvents(limit = 100): HistoryEvent[] {
    return this.events.recent(limit);
  }

  /** Closed incidents newest first. */
  recentIncidents(limit = 50): Incident[] {
    return this.incidents.recent(limit);
  }
}
