// Slack incoming webhook: {"text": mrkdwn}. Success is the plain body `ok`; errors are text
// (`invalid_payload`, `no_service`, …) with a 4xx status.
import type { Alert } from '../../../../shared/alerts.js';
import { fitBytes, toMarkdown } from '../render.js';
import { retryAfterHeader, snippet, type ChannelDriver } from './channel-driver.js';

const MAX = 35_000; // Slack truncates text past 40 000 characters
const render = (alert: Alert) => toMarkdown(alert, { headings: false, bold: '*', paragraphBreak: false, title: true });

export function slackDriver(): ChannelDriver {
  const label = 'Slack';
  return {
    label,
    limits: [{ limit: 1, windowMs: 1000 }],
    rateLimitPenaltyMs: 30_000,
    build(alert, cfg) {
      const text = fitBytes(render(alert), MAX);
      return { url: cfg.url, body: { text: cfg.mentionAll && alert.mention ? `<!channel> ${text}` : text } };
    },
    fits: (alert) => Buffer.byteLength(render(alert)) <= MAX,
    verdict(a) {
      const body = a.text.trim();
      if (a.status >= 200 && a.status < 300 && body === 'ok') return { ok: true, status: a.status, text: `${label}: ok` };
      const retry = retryAfterHeader(a);
      return {
        ok: false,
        status: a.status,
        code: body || a.status,
        text: `${label}: ${snippet(body) || 'no answer'} (HTTP ${a.status})`,
        ...(a.status === 429 ? { rateLimited: true } : {}),
        ...(retry !== undefined ? { retryAfterMs: retry } : {}),
      };
    },
  };
}
