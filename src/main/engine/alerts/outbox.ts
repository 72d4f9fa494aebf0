// What alerting keeps on disk, under <data dir>/alerts/:
//   outbox.json      undelivered alerts per channel, in order (survives an outage and a restart)
//   state.json       dedup state (which incident alerted, last reminder) and recent send times per channel
//   deliveries.json  the last delivery result per channel (for `clawdoc notify list`)
// All three go through store/documents: a damaged file is moved aside (kept for the user), never deleted.
import { z } from 'zod';
import type { Alert, DeliveryRecord, OutboxEntry } from '../../../shared/alerts.js';
import type { WatchEvent } from '../../../shared/status.js';
import { defineDocument, DocumentStore, ownRecord, type ProblemListener, type StoreProblem } from '../store/documents.js';
import { getOwn, setOwn } from '../util/own.js';

/** A store whose problems land in `warnings` (printed by the CLI, logged by the watcher) and go to `onProblem`. */
function storeFor(dataDir: string, warnings: string[], onProblem?: ProblemListener): DocumentStore {
  return new DocumentStore(dataDir, {
    onProblem: (p: StoreProblem) => {
      warnings.push(p.message);
      onProblem?.(p);
    },
  });
}

interface OutboxFile {
  version: 1;
  seq: number;
  entries: OutboxEntry[];
}

const AlertShape = z.looseObject({
  id: z.string(),
  kind: z.string(),
  level: z.string(),
  createdAt: z.number(),
  title: z.string(),
  fields: z.array(z.looseObject({ label: z.string(), value: z.string() })),
  sections: z.array(z.looseObject({ heading: z.string(), lines: z.array(z.string()) })),
});

export const OUTBOX_DOC = defineDocument<OutboxFile>({
  file: 'alerts/outbox.json',
  version: 1,
  schema: z.looseObject({
    version: z.literal(1),
    seq: z.number(),
    entries: z.array(
      z.looseObject({ seq: z.number(), channel: z.string(), alert: AlertShape, attempts: z.number(), nextAttemptAt: z.number(), lastError: z.string().optional() }),
    ),
  }),
  empty: () => ({ version: 1, seq: 0, entries: [] }),
});

export class Outbox {
  readonly path: string;
  readonly warnings: string[] = [];
  private readonly docs: DocumentStore;
  private seq = 0;
  private entries: OutboxEntry[] = [];

  constructor(dataDir: string, onProblem?: ProblemListener) {
    this.docs = storeFor(dataDir, this.warnings, onProblem);
    this.path = this.docs.pathOf(OUTBOX_DOC);
    this.reload();
  }

  /** Reads the file again (another process, e.g. `clawdoc outbox`, only reads). */
  reload(): void {
    const f = this.docs.read(OUTBOX_DOC);
    this.seq = f.seq;
    this.entries = f.entries;
  }

  add(channel: string, alert: Alert, now: number): OutboxEntry {
    const entry: OutboxEntry = { seq: ++this.seq, channel, alert, attempts: 0, nextAttemptAt: now };
    this.entries.push(entry);
    this.save();
    return entry;
  }

  /** A channel's entries, oldest first. */
  pending(channel: string): OutboxEntry[] {
    return this.entries.filter((e) => e.channel === channel).sort((a, b) => a.seq - b.seq);
  }

  all(): OutboxEntry[] {
    return [...this.entries].sort((a, b) => a.seq - b.seq);
  }

  remove(seqs: Iterable<number>): void {
    const gone = new Set(seqs);
    this.entries = this.entries.filter((e) => !gone.has(e.seq));
    this.save();
  }

  update(changed: OutboxEntry[]): void {
    const bySeq = new Map(changed.map((e) => [e.seq, e]));
    this.entries = this.entries.map((e) => bySeq.get(e.seq) ?? e);
    this.save();
  }

  /** Drops entries of channels that no longer exist (removed by the user): they can never be sent. */
  keepOnly(channels: Set<string>): OutboxEntry[] {
    const dropped = this.entries.filter((e) => !channels.has(e.channel));
    if (dropped.length) {
      this.entries = this.entries.filter((e) => channels.has(e.channel));
      this.save();
    }
    return dropped;
  }

  private save(): void {
    this.docs.write(OUTBOX_DOC, { version: 1, seq: this.seq, entries: this.entries });
  }
}

/** Dedup and reminder state for one incident that alerted (or would have, but for quiet hours). */
export interface IncidentAlertState {
  incidentId: string;
  cause?: string;
  /** The escalation event, to re-render reminders and a deferred first alert. */
  event: WatchEvent;
  openedAt: number;
  /** When the first alert went out; undefined while silenced or while the doctor has it. */
  alertedAt?: number;
  /** Held for the doctor until then (or until it asks for a person). */
  doctorUntil?: number;
  lastSentAt?: number;
  reminders: number;
}

export interface AlertStateFile {
  version: 1;
  /** The escalation being followed (one at a time: the watchdog has one incident at a time). */
  open?: IncidentAlertState;
  /** Incidents that alerted through event alerts (restart, memory), which earn a "recovered". */
  alertedIncidents: string[];
  /** Recent send times per channel, so a restart of ClawDoc does not reset the rate limits. */
  sent: Record<string, number[]>;
}

const WatchEventShape = z.looseObject({ ts: z.number(), type: z.string(), reason: z.string() });

export const ALERT_STATE_DOC = defineDocument<AlertStateFile>({
  file: 'alerts/state.json',
  version: 1,
  schema: z.looseObject({
    version: z.literal(1),
    open: z
      .looseObject({
        incidentId: z.string(),
        cause: z.string().optional(),
        event: WatchEventShape,
        openedAt: z.number(),
        alertedAt: z.number().optional(),
        doctorUntil: z.number().optional(),
        lastSentAt: z.number().optional(),
        reminders: z.number(),
      })
      .optional(),
    alertedIncidents: z.array(z.string()),
    sent: ownRecord(z.array(z.number())),
  }),
  empty: () => ({ version: 1, alertedIncidents: [], sent: {} }),
});

export class AlertStateStore {
  readonly path: string;
  readonly warnings: string[] = [];
  private readonly docs: DocumentStore;
  state: AlertStateFile;

  constructor(dataDir: string, onProblem?: ProblemListener) {
    this.docs = storeFor(dataDir, this.warnings, onProblem);
    this.path = this.docs.pathOf(ALERT_STATE_DOC);
    this.state = this.docs.read(ALERT_STATE_DOC);
  }

  save(): void {
    this.docs.write(ALERT_STATE_DOC, this.state);
  }
}

type DeliveriesFile = Record<string, DeliveryRecord>;

/** The last delivery result per channel name. */
export const DELIVERIES_DOC = defineDocument<DeliveriesFile>({
  file: 'alerts/deliveries.json',
  version: 1,
  schema: ownRecord(z.looseObject({ channel: z.string(), at: z.number(), ok: z.boolean(), text: z.string(), alerts: z.number() })),
  empty: () => ({}),
  indent: 1,
});

export function readDeliveries(dataDir: string, onProblem?: ProblemListener): DeliveriesFile {
  return new DocumentStore(dataDir, { onProblem }).read(DELIVERIES_DOC);
}

/** The last delivery to a channel (own key: a channel may be named "toString"), if it looks like one. */
export function deliveryFor(deliveries: DeliveriesFile, channel: string): DeliveryRecord | undefined {
  const d = getOwn(deliveries, channel);
  return d && typeof d === 'object' && typeof d.at === 'number' && typeof d.ok === 'boolean' ? d : undefined;
}

/** Read-modify-write: the watcher and `clawdoc notify test` both record results. */
export function recordDelivery(dataDir: string, rec: DeliveryRecord, onProblem?: ProblemListener): void {
  new DocumentStore(dataDir, { onProblem }).update(DELIVERIES_DOC, (all) => {
    setOwn(all, rec.channel, rec);
  });
}
