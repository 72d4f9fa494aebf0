// The contract over HTTP for the window served by `clawdoc watch --dashboard` (loopback only):
// POST /api/<method> with {"args": [...]} and `Authorization: Bearer <token>`; the answer is the
// same ApiReply the control socket and IPC give. Mutating calls also pass a same-origin check.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { ApiReply, ClawDocApi } from '../../shared/api.js';
import { API_METHODS, isApiMethod } from '../../shared/api-methods.js';
import { answer } from '../engine/control/control-channel.js';

const MAX_BODY = 1024 * 1024;

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '');
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

function send(res: ServerResponse, status: number, reply: ApiReply): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(reply));
}

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

/** Handles /api/<method>; returns false for other paths so the caller can serve the page. */
export async function handleApiRequest(api: ClawDocApi, token: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const m = /^\/api\/([A-Za-z]+)$/.exec(url.pathname);
  if (!m) return false;
  if (!tokenMatches(req.headers.authorization, token)) return send(res, 401, { ok: false, error: 'a valid token is required', code: 'Unauthorized' }), true;
  const method = m[1];
  if (!isApiMethod(method)) return send(res, 404, { ok: false, error: `unknown method "${method}"` }), true;
  if (req.method !== 'POST') return send(res, 405, { ok: false, error: 'use POST' }), true;
  const origin = req.headers.origin;
  if (API_METHODS[method] === 'command' && origin !== undefined && origin !== `http://${req.headers.host}`) {
    return send(res, 403, { ok: false, error: 'cross-origin request refused', code: 'Forbidden' }), true;
  }
  let args: unknown;
  try {
    const body = await readBody(req);
    args = body ? (JSON.parse(body) as { args?: unknown }).args : [];
  } catch (err) {
    return send(res, 400, { ok: false, error: `bad request: ${(err as Error).message}` }), true;
  }
  const reply = await answer(api, { method, args: args ?? [] });
  send(res, reply.ok ? 200 : 400, reply);
  return true;
}
