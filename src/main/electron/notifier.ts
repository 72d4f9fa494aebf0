// Native notifications: the desktop channel the alerts route through (DesktopNotifier), and the
// tray's own (a restart's result, a fix awaiting approval). A click opens ClawDoc's window on what the
// notification is about. Electron drops a Notification's click handler once the object is garbage
// collected, so each one is kept until it is clicked or closed.
import type { DesktopNotification, DesktopNotifier } from '../engine/alerts/desktop-notifier.js';
import type { NotificationLike, NotificationStatic } from './electron-deps.js';

/** The window route a notification about an incident opens. */
export function incidentRoute(incidentId: string | undefined): string {
  return incidentId ? `#/incidents/${encodeURIComponent(incidentId)}` : '#/';
}

export class ElectronNotifier implements DesktopNotifier {
  private readonly live = new Set<NotificationLike>();

  constructor(
    private readonly Notification: NotificationStatic,
    private readonly openWindow: (route: string) => void,
    private readonly icon?: string,
  ) {}

  get available(): boolean {
    return this.Notification.isSupported();
  }

  /** The alerts' notification (escalation, reminder, recovery): a click opens the incident. */
  notify(n: DesktopNotification): void {
    this.show(n.title, n.body, incidentRoute(n.incidentId));
  }

  show(title: string, body: string, route = '#/'): void {
    if (!this.available) return;
    const note = new this.Notification({ title, body, ...(this.icon ? { icon: this.icon } : {}) });
    this.live.add(note);
    note.on('click', () => {
      this.live.delete(note);
      this.openWindow(route);
    });
    note.on('close', () => this.live.delete(note));
    note.show();
  }
}
