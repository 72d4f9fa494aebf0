// Telegram bot sendMessage with parse_mode HTML. {"ok":true} is success; failures carry
// error_code and description; 429 carries parameters.retry_after (seconds).
import { toTelegramHtml } from '../render.js';
import { httpFailure, parseJson, type ChannelDriver } from './channel-driver.js';

function cutHtml(html: string, max: number): string {
  if (html.length <= max) return html;
  // Cut at a line boundary outside <pre> so the HTML stays well-formed.
  const lines = html.split('\n');
  let out = '';
  for (const l of lines) {
    if (out.length + l.length + 2 > max - 2) break;
    out += `${l}\n`;
  }
  const open = (out.match(/<pre>/g) ?? []).length - (out.match(/<\/pre>/g) ?? []).length;
  return `${out}${open > 0 ? '</pre>' : ''}…`;
}

export function telegramDriver(): ChannelDriver {
  const label = 'Telegram';
  return {
    label,
    limits: [
      { limit: 1, windowMs: 1000 },
      { limit: 20, windowMs: 60_000 },
    ],
    rateLimitPenaltyMs: 30_000,
    build(alert, cfg) {
      return { url: cfg.url, body: { chat_id: cfg.chatId, text: cutHtml(toTelegramHtml(alert), 4000), parse_mode: 'HTML', disable_web_page_preview: true } };
    },
    fits: (alert) => Buffer.byteLength(toTelegramHtml(alert)) <= 4000, // 4096 characters; bytes are never fewer
    verdict(a) {
      const j = parseJson(a.text);
      if (!j || typeof j.ok !== 'boolean') return httpFailure(label, a);
      if (j.ok) return { ok: true, status: a.status, text: `${label}: ok` };
      const params = j.parameters as { retry_after?: number } | undefined;
      const code = (j.error_code as number | undefined) ?? a.status;
      return {
        ok: false,
        status: a.status,
        code,
        text: `${label}: ${String(j.description ?? 'error')} (${code})`,
        ...(code === 429 ? { rateLimited: true } : {}),
        ...(typeof params?.retry_after === 'number' ? { retryAfterMs: Math.ceil(params.retry_after * 1000) } : {}),
      };
    },
  };
}
