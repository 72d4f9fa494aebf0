// Desktop notifications. The Electron layer implements DesktopNotifier with `new Notification()`
// (a click opens ClawDoc's window); the headless engine has no desktop, and says so once.
import type { Alert } from '../../../shared/alerts.js';

export interface DesktopNotification {
  title: string;
  body: string;
  level: Alert['level'];
  incidentId?: string;
}

export interface DesktopNotifier {
  /** False when there is no desktop to show anything on. */
  readonly available: boolean;
  notify(n: DesktopNotification): void;
}

/** The body a native notification has room for: the first facts, not the whole report. */
export function desktopNotificationFor(a: Alert): DesktopNotification {
  const facts = a.fields.filter((f) => f.label && f.value).slice(2, 4).map((f) => `${f.label}: ${f.value}`);
  const next = a.sections.find((s) => s.style === 'plain' && s.lines.length)?.lines[0];
  const body = [...facts, ...(next && a.kind !== 'test' ? [next] : [])].join('\n') || a.short;
  return { title: a.title, body: body.length > 300 ? `${body.slice(0, 299)}…` : body, level: a.level, incidentId: a.incidentId };
}

export class HeadlessNotifier implements DesktopNotifier {
  readonly available = false;
  private said = false;

  constructor(private readonly log: (line: string) => void = () => {}) {}

  notify(n: DesktopNotification): void {
    if (this.said) return;
    this.said = true;
    this.log(`alerts: desktop notifications are not available headless; not shown: "${n.title}" (chat channels still get it)`);
  }
}
