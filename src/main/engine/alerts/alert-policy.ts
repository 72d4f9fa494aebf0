// Which watchdog events become alerts, and when. One alert per escalated incident (not one per
// probe), a reminder every N minutes while it lasts, a "recovered" when it ends; quiet hours and
// maintenance windows silence alerts while ClawDoc keeps healing. State survives a restart of ClawDoc.
import type { WatchEvent } from '../../../shared/status.js';
import type { HistoryEvent } from '../../../shared/history.js';
import type { AlertPolicySettings } from '../settings/alerts-schema.js';
import type { AlertStateStore, IncidentAlertState } from './outbox.js';

export type Decision =
  | { kind: 'escalated'; event: WatchEvent }
  | { kind: 'reminder'; event: WatchEvent }
  | { kind: 'recovered'; event: WatchEvent }
  | { kind: 'event'; event: WatchEvent };

export interface Silence {
  silenced: boolean;
  reason?: string;
}

function minutesOfDay(d: Date): number {
  return d.getHours() * 60 + d.getMinutes();
}

function parseHHMM(s: string): number {
  const [h, m] = s.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Quiet hours in local time; a window that ends before it starts runs overnight (22:00–07:00). */
export function inQuietHours(q: { start: string; end: string } | null, now: number): boolean {
  if (!q) return false;
  const t = minutesOfDay(new Date(now));
  const start = parseHHMM(q.start);
  const end = parseHHMM(q.end);
  if (start === end) return false;
  return start < end ? t >= start && t < end : t >= start || t < end;
}

export class AlertPolicy {
  constructor(
    private readonly settings: AlertPolicySettings,
    private readonly store: AlertStateStore,
    /** Multiplies the reminder interval (tests). */
    private readonly timeScale = 1,
    /** How long the doctor has an escalation before a person is told (0: no doctor, alert at once). */
    private readonly doctorHandoverMs = 0,
  ) {}

  /** When a held escalation is due to go to a person, if one is held. */
  doctorDeadline(): number | undefined {
    const open = this.alertState.open;
    return open && !open.alertedAt ? open.doctorUntil : undefined;
  }

  silence(now: number): Silence {
    for (const m of this.settings.maintenance) {
      if (now >= Date.parse(m.start) && now < Date.parse(m.end)) return { silenced: true, reason: `maintenance: ${m.reason}` };
    }
    if (inQuietHours(this.settings.quietHours, now)) return { silenced: true, reason: `quiet hours ${this.settings.quietHours!.start}–${this.settings.quietHours!.end}` };
    return { silenced: false };
  }

  private get alertState() {
    return this.store.state;
  }

  /** What this event should send now (often nothing). */
  onEvent(ev: HistoryEvent, now: number): Decision[] {
    const out: Decision[] = [];
    if (ev.type === 'alert') return out; // a delivery record (history only): never alerts again
    const silent = this.silence(now).silenced;
    if (ev.type === 'escalated') {
      if (!this.settings.events.includes('escalated')) return out;
      const id = ev.incidentId ?? `escalation-${ev.ts}`;
      const open = this.alertState.open;
      if (open && open.incidentId === id) {
        // The same incident escalated again (a retry that failed the same way, or ClawDoc restarted): no new alert.
        open.event = ev;
        if (!open.alertedAt && !silent) this.markSent(open, now, out, 'escalated');
        this.store.save();
        return out;
      }
      this.alertState.open = { incidentId: id, cause: ev.details?.cause, event: ev, openedAt: now, reminders: 0 };
      if (this.doctorHandoverMs > 0) this.alertState.open.doctorUntil = now + this.doctorHandoverMs;
      else if (!silent) this.markSent(this.alertState.open, now, out, 'escalated');
      this.store.save();
      return out;
    }
    if (ev.type === 'doctor') {
      // The doctor gave up, or waits for a person's approval: level 4 now.
      const phase = ev.details?.phase;
      const open = this.alertState.open;
      if (open && !open.alertedAt && (phase === 'gave-up' || phase === 'escalate' || phase === 'proposal')) {
        open.doctorUntil = now;
        if (!silent) this.markSent(open, now, out, 'escalated');
        this.store.save();
      }
      return out;
    }
    if (ev.type === 'channel-needs-human') {
      // A gateway chat channel a person must fix (re-link, new token, server gone): told once per channel incident.
      const id = ev.incidentId ?? `channel-${ev.details?.channel}-${ev.ts}`;
      if (!this.settings.events.includes('escalated') || silent || this.alertState.alertedIncidents.includes(id)) return out;
      out.push({ kind: 'event', event: ev });
      this.alertState.alertedIncidents = [...this.alertState.alertedIncidents.slice(-50), id];
      this.store.save();
      return out;
    }
    if (ev.type === 'channel-recovered') {
      const id = ev.details?.incidentId ?? ev.incidentId;
      if (id && this.alertState.alertedIncidents.includes(id)) {
        if (this.settings.recovered) out.push({ kind: 'recovered', event: ev });
        this.alertState.alertedIncidents = this.alertState.alertedIncidents.filter((x) => x !== id);
        this.store.save();
      }
      return out;
    }
    if (ev.type === 'recovered') {
      const id = ev.details?.incidentId ?? ev.incidentId;
      const open = this.alertState.open;
      const escalationAlerted = !!open?.alertedAt && (!id || open.incidentId === id || open.incidentId.startsWith('escalation-'));
      const eventAlerted = !!id && this.alertState.alertedIncidents.includes(id);
      // A "recovered" closes a loop the human saw, so it is sent even in quiet hours; nothing if they saw nothing.
      if (this.settings.recovered && (escalationAlerted || eventAlerted)) out.push({ kind: 'recovered', event: ev });
      if (open && (!id || open.incidentId === id || open.incidentId.startsWith('escalation-'))) this.alertState.open = undefined;
      if (id) this.alertState.alertedIncidents = this.alertState.alertedIncidents.filter((x) => x !== id);
      this.store.save();
      return out;
    }
    if ((this.settings.events as readonly string[]).includes(ev.type) && !silent) {
      out.push({ kind: 'event', event: ev });
      if (ev.incidentId && !this.alertState.alertedIncidents.includes(ev.incidentId)) {
        this.alertState.alertedIncidents = [...this.alertState.alertedIncidents.slice(-50), ev.incidentId];
        this.store.save();
      }
    }
    return out;
  }

  /**
   * Called periodically: a deferred first alert once a silence ends, or a reminder while the
   * escalation lasts. `stillEscalated` is the watchdog's current view.
   */
  tick(now: number, stillEscalated: boolean): Decision[] {
    const open = this.alertState.open;
    if (!open || !stillEscalated || this.silence(now).silenced) return [];
    const out: Decision[] = [];
    if (!open.alertedAt) {
      if (open.doctorUntil !== undefined && now < open.doctorUntil) return []; // still the doctor's
      this.markSent(open, now, out, 'escalated');
    } else if (this.settings.remindEveryMin > 0 && now - (open.lastSentAt ?? open.alertedAt) >= this.settings.remindEveryMin * 60_000 * this.timeScale) {
      open.reminders++;
      this.markSent(open, now, out, 'reminder');
    }
    if (out.length) this.store.save();
    return out;
  }

  private markSent(open: IncidentAlertState, now: number, out: Decision[], kind: 'escalated' | 'reminder'): void {
    open.alertedAt ??= now;
    open.lastSentAt = now;
    out.push({ kind, event: open.event });
  }
}
