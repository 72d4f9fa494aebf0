// Alert types shared by the engine, the Electron layer and the renderer. No runtime imports here.

export type AlertLevel = 'critical' | 'warning' | 'info' | 'ok';
export type AlertKind = 'escalated' | 'reminder' | 'recovered' | 'event' | 'test' | 'digest' | 'summary';

/** One block of an alert: a heading and its lines (plain text with `code` spans). */
export interface AlertSection {
  heading: string;
  lines: string[];
  /** numbered list, bullet list, or preformatted (last output). */
  style: 'numbered' | 'bullets' | 'pre' | 'plain';
}

/** A platform-neutral alert, already localised and redacted; each channel renders it. */
export interface Alert {
  id: string;
  kind: AlertKind;
  level: AlertLevel;
  createdAt: number;
  incidentId?: string;
  title: string;
  /** One line for digests and summaries. */
  short: string;
  fields: Array<{ label: string; value: string }>;
  sections: AlertSection[];
  footer: string;
  /** Mention everyone on channels configured with mentionAll (escalations only). */
  mention?: boolean;
}

/** What a platform answered, read from the body (not only the HTTP status). */
export interface DeliveryVerdict {
  ok: boolean;
  /** e.g. "DingTalk: sign not match (310000)" or "Feishu: success". */
  text: string;
  status?: number;
  code?: number | string;
  /** The platform asked to wait (429 retry_after, DingTalk 130101, Feishu 11232). */
  retryAfterMs?: number;
  /** A rate-limit refusal: the limiter backs off, the alert stays queued. */
  rateLimited?: boolean;
}

export interface DeliveryRecord {
  channel: string;
  at: number;
  ok: boolean;
  text: string;
  /** How many alerts the message carried (a digest carries several). */
  alerts: number;
}

export interface OutboxEntry {
  seq: number;
  channel: string;
  alert: Alert;
  attempts: number;
  nextAttemptAt: number;
  lastError?: string;
}
