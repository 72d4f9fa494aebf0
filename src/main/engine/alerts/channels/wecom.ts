// WeCom (企业微信) group robot: markdown (default) or text. 20 messages per minute; markdown ≤ 4096 bytes.
import type { Alert } from '../../../../shared/alerts.js';
import type { ChannelConfig } from '../../settings/alerts-schema.js';
import { fitBytes, toMarkdown, toText } from '../render.js';
import { httpFailure, parseJson, type ChannelDriver } from './channel-driver.js';

const MAX = 4000;
const TEXT_MAX = 2000;
const render = (alert: Alert, cfg: ChannelConfig) =>
  cfg.format === 'text' ? toText(alert) : toMarkdown(alert, { headings: true, bold: '**', paragraphBreak: false, title: true });
const limit = (cfg: ChannelConfig) => (cfg.format === 'text' ? TEXT_MAX : MAX);

export function wecomDriver(): ChannelDriver {
  const label = 'WeCom';
  return {
    label,
    limits: [{ limit: 20, windowMs: 60_000 }],
    rateLimitPenaltyMs: 60_000,
    build(alert, cfg) {
      if (cfg.format === 'text') {
        return { url: cfg.url, body: { msgtype: 'text', text: { content: fitBytes(render(alert, cfg), limit(cfg)), ...(cfg.mentionAll && alert.mention ? { mentioned_list: ['@all'] } : {}) } } };
      }
      const content = fitBytes(render(alert, cfg), limit(cfg));
      return { url: cfg.url, body: { msgtype: 'markdown', markdown: { content } } };
    },
    fits: (alert, cfg) => Buffer.byteLength(render(alert, cfg)) <= limit(cfg),
    verdict(a) {
      const j = parseJson(a.text);
      if (!j || typeof j.errcode !== 'number') return httpFailure(label, a);
      if (j.errcode === 0) return { ok: true, status: a.status, code: 0, text: `${label}: ${String(j.errmsg ?? 'ok')}` };
      // 45009: api freq out of limit
      return { ok: false, status: a.status, code: j.errcode, text: `${label}: ${String(j.errmsg ?? '')} (${j.errcode})`, ...(j.errcode === 45009 ? { rateLimited: true } : {}) };
    },
  };
}
