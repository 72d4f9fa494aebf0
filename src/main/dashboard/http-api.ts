// The contract over HTTP for the window served by `clawdoc watch --dashboard` (loopback only):
//   POST /api/<method> {"args": [...]}      any method; the answer is the same ApiReply the control
//                                            socket and IPC give
//   GET  /api/<query>[?args=<json array>]   queries only (e.g. `GET /api/status`)
//   GET  /api/events                        the runtime's events as Server-Sent Events
// Every request needs `Authorization: Bearer <token>` (401 without). Commands also pass a same-origin
// check (Origin and Sec-Fetch-Site), and every request a Host check (no DNS rebinding). Every string in
// an answer is scrubbed of the secrets ClawDoc knows, the token included.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { ApiReply, ClawDocApi, ClawDocEvent, ClawDocEvents } from '../../shared/api.js';
import { API_METHODS, isApiMethod } from '../../shared/api-methods.js';
import { answer } from '../engine/control/control-channel.js';

const MAX_BODY = 1024 * 1024;
const HEARTBEAT_MS = 15_000;

export interface HttpApiOptions {
  api: ClawDocApi;
  token: string;
  /** The runtime's events, for /api/events. */
  events?: ClawDocEvents;
  /** Values that must never appear in an answer (the token is always one). */
  secrets?: () => Iterable<string>;
  /** Accepted Host headers (`127.0.0.1:PORT`, `localhost:PORT`); absent: any. */
  hosts?: () => string[];
  /** At most this many event streams at once. */
  maxStreams?: number;
}

export interface ApiHandler {
  /** Handles /api/…; false for other paths, so the caller can serve the page. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Ends every open event stream. */
  close(): void;
  readonly streams: number;
}

export function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '');
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

const API_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('request too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Replaces every known secret in every string of a JSON-like value (keys kept). */
export function scrub<T>(value: T, re: RegExp | undefined): T {
  if (!re) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(re, '***');
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}

function literalsRegExp(values: Iterable<string>): RegExp | undefined {
  const set = new Set<string>();
  for (const v of values) {
    if (typeof v !== 'string' || v.length < 6) continue;
    set.add(v);
    const enc = encodeURIComponent(v);
    if (enc !== v) set.add(enc);
  }
  if (!set.size) return undefined;
  const sorted = [...set].sort((a, b) => b.length - a.length);
  return new RegExp(sorted.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
}

export function createApiHandler(o: HttpApiOptions): ApiHandler {
  const open = new Set<ServerResponse>();
  const maxStreams = o.maxStreams ?? 16;
  const secretsRe = () => literalsRegExp([o.token, ...(o.secrets?.() ?? [])]);

  const send = (res: ServerResponse, status: number, reply: ApiReply): true => {
    const body = JSON.stringify(scrub(reply, secretsRe()));
    res.writeHead(status, API_HEADERS);
    res.end(body);
    return true;
  };

  const stream = (req: IncomingMessage, res: ServerResponse): true => {
    if (!o.events) return send(res, 404, { ok: false, error: 'no event stream here' });
    if (open.size >= maxStreams) return send(res, 503, { ok: false, error: 'too many event streams', code: 'Busy' });
    res.writeHead(200, { ...API_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
    res.write(': connected\n\n');
    open.add(res);
    let seq = 0;
    const unsubscribe = o.events.subscribe((e: ClawDocEvent) => {
      res.write(`id: ${++seq}\ndata: ${JSON.stringify(scrub(e, secretsRe()))}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const done = () => {
      clearInterval(heartbeat);
      unsubscribe();
      open.delete(res);
    };
    req.once('close', done);
    res.once('close', done);
    return true;
  };

  return {
    get streams() {
      return open.size;
    },
    close() {
      for (const res of open) res.end();
      open.clear();
    },
    async handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const m = /^\/api\/([A-Za-z]+)$/.exec(url.pathname);
      if (!m && !url.pathname.startsWith('/api/') && url.pathname !== '/api') return false;
      const hosts = o.hosts?.();
      if (hosts && !hosts.includes(req.headers.host ?? '')) return send(res, 421, { ok: false, error: 'unexpected Host header', code: 'Misdirected' });
      if (!tokenMatches(req.headers.authorization, o.token)) return send(res, 401, { ok: false, error: 'a valid token is required', code: 'Unauthorized' });
      if (!m) return send(res, 404, { ok: false, error: 'no such endpoint' });
      const method = m[1]!;
      if (method === 'events') {
        if (req.method !== 'GET') return send(res, 405, { ok: false, error: 'use GET' });
        return stream(req, res);
      }
      if (!isApiMethod(method)) return send(res, 404, { ok: false, error: `unknown method "${method}"` });
      const kind = API_METHODS[method];
      if (req.method === 'GET') {
        if (kind !== 'query') return send(res, 405, { ok: false, error: `${method} changes something: use POST` });
        let args: unknown = [];
        try {
          const raw = url.searchParams.get('args');
          if (raw) args = JSON.parse(raw);
        } catch (err) {
          return send(res, 400, { ok: false, error: `bad request: ${(err as Error).message}` });
        }
        const reply = await answer(o.api, { method, args });
        return send(res, reply.ok ? 200 : 400, reply);
      }
      if (req.method !== 'POST') return send(res, 405, { ok: false, error: 'use GET or POST' });
      if (kind === 'command') {
        const origin = req.headers.origin;
        const site = req.headers['sec-fetch-site'];
        const sameOrigin = (origin === undefined || origin === `http://${req.headers.host}`) && (site === undefined || site === 'same-origin' || site === 'none');
        if (!sameOrigin) return send(res, 403, { ok: false, error: 'cross-origin request refused', code: 'Forbidden' });
      }
      let args: unknown;
      try {
        const body = await readBody(req);
        args = body ? (JSON.parse(body) as { args?: unknown }).args : [];
      } catch (err) {
        return send(res, 400, { ok: false, error: `bad request: ${(err as Error).message}` });
      }
      const reply = await answer(o.api, { method, args: args ?? [] });
      return send(res, reply.ok ? 200 : 400, reply);
    },
  };
}

/** One request against the contract (no event stream): what tests and simple hosts use. */
export async function handleApiRequest(api: ClawDocApi, token: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  return createApiHandler({ api, token }).handle(req, res);
}
