// Feishu / Lark custom bot: an interactive card (or text), signed in the body when a secret is set.
// The answer is always HTTP 200; success and errors (19021 sign, 19024 keyword, 11232 rate) are in the body.
import type { Alert } from '../../../../shared/alerts.js';
import type { ChannelConfig } from '../../settings/alerts-schema.js';
import { feishuSign } from '../signing.js';
import { fitBytes, toMarkdown, toText } from '../render.js';
import { httpFailure, parseJson, snippet, type ChannelDriver } from './channel-driver.js';

const TEMPLATE = { critical: 'red', warning: 'orange', info: 'blue', ok: 'green' } as const;
const MAX = 20 * 1024 - 512; // 20 KB body limit, minus the envelope

const render = (alert: Alert, cfg: ChannelConfig) =>
  cfg.format === 'text' ? toText(alert) : toMarkdown(alert, { headings: false, bold: '**', paragraphBreak: false, title: false });
const textLimit = (cfg: ChannelConfig) => (cfg.format === 'text' ? MAX - 200 : MAX - 1000);

export function feishuDriver(label = 'Feishu'): ChannelDriver {
  return {
    label,
    limits: [
      { limit: 5, windowMs: 1000 },
      { limit: 100, windowMs: 60_000 },
    ],
    rateLimitPenaltyMs: 60_000,
    build(alert: Alert, cfg: ChannelConfig, secret, now) {
      const mentionAll = cfg.mentionAll && alert.mention;
      let body: Record<string, unknown>;
      if (cfg.format === 'text') {
        const text = fitBytes(render(alert, cfg), textLimit(cfg));
        body = { msg_type: 'text', content: { text: mentionAll ? `<at user_id="all">所有人</at> ${text}` : text } };
      } else {
        const md = fitBytes(render(alert, cfg), textLimit(cfg));
        body = {
          msg_type: 'interactive',
          card: {
            header: { title: { tag: 'plain_text', content: alert.title }, template: TEMPLATE[alert.level] },
            elements: [{ tag: 'div', text: { tag: 'lark_md', content: mentionAll ? `<at id=all></at>\n${md}` : md } }],
          },
        };
      }
      if (cfg.signed && secret) {
        const ts = Math.floor(now / 1000);
        body = { timestamp: String(ts), sign: feishuSign(ts, secret), ...body };
      }
      return { url: cfg.url, body };
    },
    fits: (alert, cfg) => Buffer.byteLength(render(alert, cfg)) <= textLimit(cfg),
    verdict(a) {
      const j = parseJson(a.text);
      if (!j) return httpFailure(label, a);
      const code = typeof j.code === 'number' ? j.code : typeof j.StatusCode === 'number' ? j.StatusCode : undefined;
      const msg = String(j.msg ?? j.StatusMessage ?? '');
      if (code === 0) return { ok: true, status: a.status, code, text: `${label}: ${msg || 'success'}` };
      return {
        ok: false,
        status: a.status,
        code,
        text: `${label}: ${msg || snippet(a.text)} (${code ?? `HTTP ${a.status}`})`,
        ...(code === 11232 ? { rateLimited: true } : {}),
      };
    },
  };
}
