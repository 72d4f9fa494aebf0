// What `history.jsonl` holds and every face lists: the watchdog's events, the doctor's, and each alert
// delivery (who was told, and what the platform answered), one stream.
import type { DoctorEvent } from './doctor.js';
import type { WatchEvent } from './status.js';

/** An alert went out to a channel (or failed to): the timeline's "alerted" step. */
export interface AlertHistoryEvent {
  ts: number;
  type: 'alert';
  /** e.g. "ops: delivered — Feishu: success". */
  reason: string;
  details: {
    channel: string;
    ok: boolean;
    /** The platform's verdict. */
    text: string;
    /** How many alerts the message carried. */
    alerts: number;
  };
  /** The incident the alert was about (the open one, or the one that just recovered). */
  incidentId?: string;
  from?: never;
  to?: never;
}

/** Everything `history.jsonl` holds and `clawdoc watch` prints, one line each. */
export type HistoryEvent = WatchEvent | DoctorEvent | AlertHistoryEvent;
export type HistoryEventType = HistoryEvent['type'];

/** How serious an event is, for filters and colours. */
export type HistoryLevel = 'critical' | 'warning' | 'info' | 'ok';
