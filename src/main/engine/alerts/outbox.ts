// What alerting keeps on disk, under <data dir>/alerts/:
//   outbox.json      undelivered alerts per channel, in order (survives an outage and a restart)
//   state.json       dedup state (which incident alerted, last reminder) and recent send times per channel
//   deliveries.json  the last delivery result per channel (for `clawdoc notify list`)
// A file that cannot be read is moved aside (kept for the user), never deleted.
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Alert, DeliveryRecord, OutboxEntry } from '../../../shared/alerts.js';
import type { WatchEvent } from '../../../shared/status.js';
import { fileStamp, writeFileAtomicSync } from '../util/fsx.js';
import { getOwn, setOwn } from '../util/own.js';

export function alertsDir(dataDir: string): string {
  return join(dataDir, 'alerts');
}

function readJson<T>(path: string, check: (v: unknown) => v is T, warnings: string[]): T | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (!check(v)) throw new Error('unexpected content');
    return v;
  } catch (err) {
    const aside = `${path}.corrupt-${fileStamp()}`;
    renameSync(path, aside);
    warnings.push(`${path} could not be read (${(err as Error).message}); moved it to ${aside} and started empty`);
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

interface OutboxFile {
  version: 1;
  seq: number;
  entries: OutboxEntry[];
}

function isOutboxFile(v: unknown): v is OutboxFile {
  return isObject(v) && v.version === 1 && typeof v.seq === 'number' && Array.isArray(v.entries) && v.entries.every((e) => isObject(e) && typeof e.seq === 'number' && typeof e.channel === 'string' && isObject(e.alert));
}

export class Outbox {
  readonly path: string;
  readonly warnings: string[] = [];
  private seq = 0;
  private entries: OutboxEntry[] = [];

  constructor(dataDir: string) {
    this.path = join(alertsDir(dataDir), 'outbox.json');
    this.reload();
  }

  /** Reads the file again (another process, e.g. `clawdoc outbox`, only reads). */
  reload(): void {
    const f = readJson(this.path, isOutboxFile, this.warnings);
    this.seq = f?.seq ?? 0;
    this.entries = f?.entries ?? [];
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
    const f: OutboxFile = { version: 1, seq: this.seq, entries: this.entries };
    writeFileAtomicSync(this.path, `${JSON.stringify(f)}\n`, 0o600);
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

function isStateFile(v: unknown): v is AlertStateFile {
  return isObject(v) && v.version === 1 && Array.isArray(v.alertedIncidents) && isObject(v.sent);
}

export class AlertStateStore {
  readonly path: string;
  readonly warnings: string[] = [];
  state: AlertStateFile;

  constructor(dataDir: string) {
    this.path = join(alertsDir(dataDir), 'state.json');
    this.state = readJson(this.path, isStateFile, this.warnings) ?? { version: 1, alertedIncidents: [], sent: {} };
  }

  save(): void {
    writeFileAtomicSync(this.path, `${JSON.stringify(this.state)}\n`, 0o600);
  }
}

type DeliveriesFile = Record<string, DeliveryRecord>;

function isDeliveries(v: unknown): v is DeliveriesFile {
  return isObject(v);
}

export function deliveriesPath(dataDir: string): string {
  return join(alertsDir(dataDir), 'deliveries.json');
}

export function readDeliveries(dataDir: string, warnings: string[] = []): DeliveriesFile {
  return readJson(deliveriesPath(dataDir), isDeliveries, warnings) ?? {};
}

/** The last delivery to a channel (own key: a channel may be named "toString"), if it looks like one. */
export function deliveryFor(deliveries: DeliveriesFile, channel: string): DeliveryRecord | undefined {
  const d = getOwn(deliveries, channel);
  return d && typeof d === 'object' && typeof d.at === 'number' && typeof d.ok === 'boolean' ? d : undefined;
}

/** Read-modify-write: the watcher and `clawdoc notify test` both record results. */
export function recordDelivery(dataDir: string, rec: DeliveryRecord): void {
  const all = readDeliveries(dataDir);
  setOwn(all, rec.channel, rec);
  writeFileAtomicSync(deliveriesPath(dataDir), `${JSON.stringify(all, null, 1)}\n`, 0o600);
}
