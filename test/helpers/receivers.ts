// Local stand-ins for the chat platforms (127.0.0.1, random port) that enforce the rules in
// docs/webhooks.md: the URL token, the signature (recomputed here with the documented algorithm),
// the keyword setting, body size, the per-bot rate limits, and answer with the platforms' real
// bodies (HTTP 200 + error code for Feishu/DingTalk/WeCom, 429 + retry_after for Discord/Telegram).
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Platform = 'feishu' | 'dingtalk' | 'wecom' | 'discord' | 'telegram' | 'slack' | 'webhook';

export interface Received {
  at: number;
  path: string;
  query: URLSearchParams;
  raw: string;
  body: any;
  /** Every string in the message, joined (what a human would read). */
  text: string;
  accepted: boolean;
  status: number;
  answer: string;
}

export interface ReceiverOptions {
  token?: string;
  secret?: string;
  keywords?: string[];
  /** Scales the platform's rate windows (1 = real minutes). */
  scale?: number;
  /** Discord / Telegram / Slack: the retry_after to answer when over the limit (seconds). */
  retryAfterSec?: number;
  /** Override the platform's limits (rate windows before scaling). */
  limits?: Array<{ limit: number; windowMs: number }>;
}

export interface Receiver {
  platform: Platform;
  port: number;
  /** The webhook URL to configure in ClawDoc. */
  url: string;
  token: string;
  received: Received[];
  accepted(): Received[];
  /** Stop listening (connections are refused) / listen again on the same port. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

// The platforms' documented hmac algorithms, written out again here (independent of src/).
function feishuSign(ts: string, secret: string): string {
  return createHmac('sha256', `${ts}\n${secret}`).update('').digest('base64');
}
function dingtalkSign(ts: string, secret: string): string {
  return createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64');
}

function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => strings(x, out));
  return out;
}

const DOCUMENTED: Record<Platform, Array<{ limit: number; windowMs: number }>> = {
  feishu: [
    { limit: 5, windowMs: 1000 },
    { limit: 100, windowMs: 60_000 },
  ],
  dingtalk: [{ limit: 20, windowMs: 60_000 }],
  wecom: [{ limit: 20, windowMs: 60_000 }],
  discord: [{ limit: 5, windowMs: 2000 }],
  telegram: [{ limit: 20, windowMs: 60_000 }],
  slack: [{ limit: 1, windowMs: 1000 }],
  webhook: [],
};

export async function startReceiver(platform: Platform, o: ReceiverOptions = {}): Promise<Receiver> {
  const token = o.token ?? `tok${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  const scale = o.scale ?? 1;
  const limits = (o.limits ?? DOCUMENTED[platform]).map((w) => ({ limit: w.limit, windowMs: w.windowMs * scale }));
  const hits: number[] = [];
  let blockedUntil = 0;
  const received: Received[] = [];

  const overLimit = (now: number): boolean => {
    if (now < blockedUntil) return true;
    for (const w of limits) if (hits.filter((t) => t > now - w.windowMs).length >= w.limit) return true;
    return false;
  };

  const handle = (path: string, query: URLSearchParams, raw: string): { status: number; body: string; headers?: Record<string, string> } => {
    const now = Date.now();
    let body: any;
    try {
      body = JSON.parse(raw);
    } catch {
      body = undefined;
    }
    const text = strings(body).join('\n');
    const json = (status: number, v: unknown) => ({ status, body: JSON.stringify(v) });
    const kwOk = !o.keywords?.length || o.keywords.some((k) => text.includes(k));
    switch (platform) {
      case 'feishu': {
        if (path !== `/open-apis/bot/v2/hook/${token}`) return json(200, { code: 19001, msg: 'param invalid: incoming webhook access token invalid', data: {} });
        if (Buffer.byteLength(raw) > 20 * 1024) return json(200, { code: 9499, msg: 'Bad Request', data: {} });
        if (!body || !['text', 'post', 'interactive', 'image', 'share_chat'].includes(body.msg_type)) return json(200, { code: 19002, msg: 'params error, msg_type need', data: {} });
        if (o.secret) {
          const ts = String(body.timestamp ?? '');
          const fresh = Math.abs(now / 1000 - Number(ts)) <= 3600;
          if (!fresh || body.sign !== feishuSign(ts, o.secret)) return json(200, { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time', data: {} });
        }
        if (!kwOk) return json(200, { code: 19024, msg: 'Key Words Not Found', data: {} });
        if (overLimit(now)) return json(200, { code: 11232, msg: 'frequency limited psm[lark.oapi.app_platform_runtime]appID[-1]', data: {} });
        hits.push(now);
        return json(200, { code: 0, msg: 'success', data: {} });
      }
      case 'dingtalk': {
        if (path !== '/robot/send' || query.get('access_token') !== token) return json(200, { errcode: 300005, errmsg: 'token is not exist' });
        if (!body || !['text', 'markdown', 'actionCard', 'link', 'feedCard'].includes(body.msgtype)) return json(200, { errcode: 40035, errmsg: '缺少参数 json' });
        if (o.secret) {
          const ts = query.get('timestamp') ?? '';
          if (!ts || Math.abs(now - Number(ts)) > 3600_000) return json(200, { errcode: 310000, errmsg: 'invalid timestamp, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]' });
          // URLSearchParams has already URL-decoded the sign, as DingTalk's server does.
          if (query.get('sign') !== dingtalkSign(ts, o.secret)) return json(200, { errcode: 310000, errmsg: 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]' });
        }
        if (!kwOk) return json(200, { errcode: 310000, errmsg: 'keywords not in content, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]' });
        if (overLimit(now)) {
          blockedUntil = Math.max(blockedUntil, now + 10 * 60_000 * scale); // blocked for 10 minutes past the limit
          return json(200, { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' });
        }
        hits.push(now);
        return json(200, { errcode: 0, errmsg: 'ok' });
      }
      case 'wecom': {
        if (path !== '/cgi-bin/webhook/send' || query.get('key') !== token) return json(200, { errcode: 93000, errmsg: 'invalid webhook url, hint: [1700000000_1_abc]' });
        if (body?.msgtype === 'markdown' && Buffer.byteLength(String(body.markdown?.content ?? '')) > 4096) return json(200, { errcode: 40058, errmsg: 'markdown.content exceed max length 4096' });
        if (!kwOk) return json(200, { errcode: 310000, errmsg: 'keywords not in content' });
        if (overLimit(now)) return json(200, { errcode: 45009, errmsg: 'api freq out of limit' });
        hits.push(now);
        return json(200, { errcode: 0, errmsg: 'ok' });
      }
      case 'discord': {
        if (!path.startsWith('/api/webhooks/123456789/') || path.split('/')[4] !== token) return json(401, { message: 'Invalid Webhook Token', code: 50027 });
        if (!body || (!body.content && !body.embeds?.length)) return json(400, { message: 'Cannot send an empty message', code: 50006 });
        if (body.content && body.content.length > 2000) return json(400, { message: 'Invalid Form Body', code: 50035 });
        if (overLimit(now)) {
          const retry = o.retryAfterSec ?? 1;
          return { status: 429, body: JSON.stringify({ message: 'You are being rate limited.', retry_after: retry, global: false }), headers: { 'retry-after': String(Math.ceil(retry)) } };
        }
        hits.push(now);
        return { status: 204, body: '' };
      }
      case 'telegram': {
        if (path !== `/bot${token}/sendMessage`) return json(401, { ok: false, error_code: 401, description: 'Unauthorized' });
        if (!body?.chat_id) return json(400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' });
        if (!body.text) return json(400, { ok: false, error_code: 400, description: 'Bad Request: message text is empty' });
        if (body.text.length > 4096) return json(400, { ok: false, error_code: 400, description: 'Bad Request: message is too long' });
        if (body.parse_mode === 'HTML') {
          // Only these tags are allowed; anything else (an unescaped "<" from a log line) is refused.
          const bad = /<(?!\/?(b|strong|i|em|u|s|code|pre|a)\b)[^>]*>?/.exec(body.text);
          if (bad) return json(400, { ok: false, error_code: 400, description: `Bad Request: can't parse entities: Unsupported start tag "${bad[0].slice(1, 10)}"` });
        }
        if (overLimit(now)) {
          const retry = o.retryAfterSec ?? 1;
          return json(429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${retry}`, parameters: { retry_after: retry } });
        }
        hits.push(now);
        return json(200, { ok: true, result: { message_id: hits.length, chat: { id: Number(body.chat_id) }, text: body.text } });
      }
      case 'slack': {
        if (path !== `/services/T000/B000/${token}`) return { status: 404, body: 'no_service' };
        if (!body) return { status: 400, body: 'invalid_payload' };
        if (!body.text && !body.blocks) return { status: 400, body: 'no_text' };
        if (overLimit(now)) return { status: 429, body: 'rate_limited', headers: { 'retry-after': String(o.retryAfterSec ?? 1) } };
        hits.push(now);
        return { status: 200, body: 'ok' };
      }
      case 'webhook': {
        if (path !== `/hook/${token}`) return json(404, { ok: false, error: 'not found' });
        if (!body?.title || !body?.text) return json(400, { ok: false, error: 'title and text required' });
        hits.push(now);
        return json(200, { ok: true });
      }
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      const a = handle(u.pathname, u.searchParams, raw);
      let body: any;
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
      const ok = a.status >= 200 && a.status < 300 && (platform === 'slack' ? a.body === 'ok' : !/"(code|errcode)":(?!0[,}])/.test(a.body) && !/"ok":false/.test(a.body));
      received.push({ at: Date.now(), path: u.pathname, query: u.searchParams, raw, body, text: strings(body).join('\n'), accepted: ok, status: a.status, answer: a.body });
      res.writeHead(a.status, { 'content-type': platform === 'slack' ? 'text/plain' : 'application/json', ...a.headers });
      res.end(a.body);
    });
  });

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  const url = {
    feishu: `${base}/open-apis/bot/v2/hook/${token}`,
    dingtalk: `${base}/robot/send?access_token=${token}`,
    wecom: `${base}/cgi-bin/webhook/send?key=${token}`,
    discord: `${base}/api/webhooks/123456789/${token}`,
    telegram: `${base}/bot${token}/sendMessage`,
    slack: `${base}/services/T000/B000/${token}`,
    webhook: `${base}/hook/${token}`,
  }[platform];
  let listening = true;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!listening) return resolve();
      listening = false;
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    platform,
    port,
    url,
    token,
    received,
    accepted: () => received.filter((r) => r.accepted),
    down: stop,
    async up() {
      if (listening) return;
      await listen(port);
      listening = true;
    },
    close: stop,
  };
}
