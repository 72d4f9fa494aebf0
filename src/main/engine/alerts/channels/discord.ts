// Discord webhook: an embed (default) or plain content. 204 (or 200 with ?wait=true) is success;
// 429 carries retry_after in seconds, which is honored.
import type { Alert } from '../../../../shared/alerts.js';
import type { ChannelConfig } from '../../settings/alerts-schema.js';
import { toMarkdown, toText } from '../render.js';
import { httpFailure, parseJson, retryAfterHeader, snippet, type ChannelDriver } from './channel-driver.js';

const COLOR = { critical: 0xe74c3c, warning: 0xe67e22, info: 0x3498db, ok: 0x2ecc71 } as const;

function cut(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

const render = (alert: Alert, cfg: ChannelConfig) =>
  cfg.format === 'text' ? toText(alert) : toMarkdown(alert, { headings: false, bold: '**', paragraphBreak: false, title: false });
// content: 2000 characters; embed description: 4096 (kept under, and counted in bytes to be safe).
const limit = (cfg: ChannelConfig) => (cfg.format === 'text' ? 2000 : 4000);

export function discordDriver(): ChannelDriver {
  const label = 'Discord';
  return {
    label,
    limits: [
      { limit: 5, windowMs: 2000 },
      { limit: 30, windowMs: 60_000 },
    ],
    rateLimitPenaltyMs: 5000,
    build(alert, cfg) {
      if (cfg.format === 'text') return { url: cfg.url, body: { content: cut(render(alert, cfg), limit(cfg)) } };
      const description = cut(render(alert, cfg), limit(cfg));
      return { url: cfg.url, body: { ...(cfg.mentionAll && alert.mention ? { content: '@everyone' } : {}), embeds: [{ title: cut(alert.title, 256), description, color: COLOR[alert.level] }] } };
    },
    fits: (alert, cfg) => Buffer.byteLength(render(alert, cfg)) <= limit(cfg),
    verdict(a) {
      if (a.status >= 200 && a.status < 300) return { ok: true, status: a.status, text: `${label}: delivered (HTTP ${a.status})` };
      const j = parseJson(a.text);
      if (a.status === 429) {
        const secs = typeof j?.retry_after === 'number' ? j.retry_after : undefined;
        const retryAfterMs = secs !== undefined ? Math.ceil(secs * 1000) : retryAfterHeader(a);
        return { ok: false, status: 429, code: 429, rateLimited: true, text: `${label}: ${String(j?.message ?? 'rate limited')} (429, retry after ${secs ?? '?'} s)`, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
      }
      if (j?.message) return { ok: false, status: a.status, code: (j.code as number | undefined) ?? a.status, text: `${label}: ${snippet(String(j.message))} (${String(j.code ?? a.status)})` };
      return httpFailure(label, a);
    },
  };
}
