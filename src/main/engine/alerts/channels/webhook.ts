// A generic JSON webhook for anything else (n8n, Home Assistant, a relay): the structured alert plus
// a ready Markdown text. Any 2xx is success unless the JSON body says otherwise (ok:false, code/errcode ≠ 0).
import { toMarkdown, toText } from '../render.js';
import { httpFailure, parseJson, snippet, type ChannelDriver } from './channel-driver.js';

export function webhookDriver(): ChannelDriver {
  const label = 'Webhook';
  return {
    label,
    limits: [{ limit: 10, windowMs: 1000 }],
    rateLimitPenaltyMs: 30_000,
    build(alert, cfg) {
      const text = cfg.format === 'text' ? toText(alert) : toMarkdown(alert, { headings: true, bold: '**', paragraphBreak: false, title: true });
      return {
        url: cfg.url,
        body: { source: 'clawdoc', kind: alert.kind, level: alert.level, title: alert.title, text, incidentId: alert.incidentId ?? null, createdAt: new Date(alert.createdAt).toISOString(), alert },
      };
    },
    fits: (alert) => Buffer.byteLength(JSON.stringify(alert)) * 2 < 60 * 1024, // the text and the structured alert
    verdict(a) {
      if (a.status < 200 || a.status >= 300) return httpFailure(label, a);
      const j = parseJson(a.text);
      const code = j ? (j.code ?? j.errcode) : undefined;
      if (j && (j.ok === false || (typeof code === 'number' && code !== 0))) {
        return { ok: false, status: a.status, code: code as number | undefined, text: `${label}: ${snippet(String(j.msg ?? j.errmsg ?? j.error ?? j.description ?? a.text))} (${String(code ?? 'ok:false')})` };
      }
      return { ok: true, status: a.status, text: `${label}: HTTP ${a.status}` };
    },
  };
}
