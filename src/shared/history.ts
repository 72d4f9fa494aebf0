// What `history.jsonl` holds and every face lists: the watchdog's events and the doctor's, one stream.
import type { DoctorEvent } from './doctor.js';
import type { WatchEvent } from './status.js';

/** Everything `history.jsonl` holds and `clawdoc watch` prints, one line each. */
export type HistoryEvent = WatchEvent | DoctorEvent;
export type HistoryEventType = HistoryEvent['type'];
