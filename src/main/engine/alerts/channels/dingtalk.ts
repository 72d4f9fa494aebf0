// DingTalk custom robot: markdown (default), actionCard or text; signed in the query string.
// HTTP 200 even on errors: 310000 (sign / keyword / timestamp / IP), 130101 (over 20 per minute).
import type { Alert } from '../../../../shared/alerts.js';
import type { ChannelConfig } from '../../settings/alerts-schema.js';
import { dingtalkSign } from '../signing.js';
import { fitBytes, toMarkdown, toText } from '../render.js';
import { httpFailure, parseJson, type ChannelDriver } from './channel-driver.js';

const MAX = 18_000; // DingTalk refuses large bodies (20 000 bytes of content); keep a margin

/** Where an actionCard's button leads: OpenClaw's troubleshooting docs (custom robots may only open URLs). */
const ACTION_URL = 'https://docs.openclaw.ai/gateway/troubleshooting';

export function signedDingTalkUrl(url: string, secret: string, nowMs: number): string {
  const u = new URL(url);
  u.searchParams.set('timestamp', String(nowMs));
  u.searchParams.set('sign', dingtalkSign(nowMs, secret)); // URLSearchParams URL-encodes it
  return u.toString();
}

const render = (alert: Alert, cfg: ChannelConfig) =>
  cfg.format === 'text' ? toText(alert) : toMarkdown(alert, { headings: true, bold: '**', paragraphBreak: true, title: true });

export function dingtalkDriver(): ChannelDriver {
  const label = 'DingTalk';
  return {
    label,
    limits: [{ limit: 20, windowMs: 60_000 }],
    rateLimitPenaltyMs: 10 * 60_000, // past the limit the robot is blocked for 10 minutes
    build(alert, cfg: ChannelConfig, secret, now) {
      const at = { atMobiles: [] as string[], isAtAll: !!(cfg.mentionAll && alert.mention) };
      let body: Record<string, unknown>;
      if (cfg.format === 'text') {
        body = { msgtype: 'text', text: { content: fitBytes(render(alert, cfg), MAX) }, at };
      } else {
        const text = fitBytes(render(alert, cfg), MAX);
        body =
          cfg.format === 'actionCard'
            ? { msgtype: 'actionCard', actionCard: { title: alert.title, text, singleTitle: 'OpenClaw troubleshooting', singleURL: ACTION_URL } }
            : { msgtype: 'markdown', markdown: { title: alert.title, text }, at };
      }
      const url = cfg.signed && secret ? signedDingTalkUrl(cfg.url, secret, now) : cfg.url;
      return { url, body };
    },
    fits: (alert, cfg) => Buffer.byteLength(render(alert, cfg)) <= MAX,
    verdict(a) {
      const j = parseJson(a.text);
      if (!j || typeof j.errcode !== 'number') return httpFailure(label, a);
      if (j.errcode === 0) return { ok: true, status: a.status, code: 0, text: `${label}: ${String(j.errmsg ?? 'ok')}` };
      return { ok: false, status: a.status, code: j.errcode, text: `${label}: ${String(j.errmsg ?? '')} (${j.errcode})`, ...(j.errcode === 130101 ? { rateLimited: true } : {}) };
    },
  };
}
