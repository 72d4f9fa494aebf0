// One driver per platform: how to build the request (payload, signature) and how to read the answer.
import type { Alert, DeliveryVerdict } from '../../../../shared/alerts.js';
import type { ChannelConfig } from '../../settings/alerts-schema.js';

export interface RateWindow {
  limit: number;
  windowMs: number;
}

export interface ChannelRequest {
  url: string;
  body: unknown;
  headers?: Record<string, string>;
}

export interface HttpAnswer {
  status: number;
  /** The body as text; drivers parse it (platforms answer JSON, Slack answers plain text). */
  text: string;
  headers: Record<string, string | undefined>;
}

export interface ChannelDriver {
  /** Shown to the user: "DingTalk: sign not match (310000)". */
  label: string;
  /** The platform's documented per-bot limits. */
  limits: RateWindow[];
  /** How long the platform blocks a bot that went over its limit (DingTalk: 10 min), when it says so without a retry_after. */
  rateLimitPenaltyMs: number;
  build(alert: Alert, cfg: ChannelConfig, secret: string | undefined, now: number): ChannelRequest;
  /** Whether the alert's text fits one message without being cut (digests grow only while it does). */
  fits(alert: Alert, cfg: ChannelConfig): boolean;
  verdict(answer: HttpAnswer): DeliveryVerdict;
}

export function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function snippet(text: string, max = 200): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

/** A non-2xx answer the body did not explain. */
export function httpFailure(label: string, a: HttpAnswer): DeliveryVerdict {
  const retry = retryAfterHeader(a);
  return {
    ok: false,
    status: a.status,
    code: a.status,
    text: `${label}: HTTP ${a.status}${a.text ? ` ${snippet(a.text)}` : ''}`,
    ...(a.status === 429 ? { rateLimited: true } : {}),
    ...(retry !== undefined ? { retryAfterMs: retry } : {}),
  };
}

export function retryAfterHeader(a: HttpAnswer): number | undefined {
  const h = a.headers['retry-after'];
  if (!h) return undefined;
  const n = Number(h);
  return Number.isFinite(n) && n >= 0 ? Math.round(n * 1000) : undefined;
}
