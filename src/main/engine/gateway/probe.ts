// HTTP health probes that verify the answer is OpenClaw's, not just "something said 200".
import http from 'node:http';
import type { ProbeResult } from '../../../shared/status.js';

export interface ProbeTarget {
  host: string;
  port: number;
  timeoutMs: number;
}

interface HttpAnswer {
  status: number;
  body: string;
}

type HttpOutcome = { ok: true; answer: HttpAnswer } | { ok: false; kind: 'refused' | 'timeout' | 'error'; detail: string };

const MAX_BODY = 64 * 1024;

/** One GET with a hard deadline covering connect, headers and body. */
export function httpGet(target: ProbeTarget, path: string): Promise<HttpOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: HttpOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(outcome);
    };
    const req = http.get({ host: target.host, port: target.port, path, agent: false, headers: { accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_BODY) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => finish({ ok: true, answer: { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, MAX_BODY) } }));
      res.on('error', (err) => finish({ ok: false, kind: 'error', detail: err.message }));
    });
    const timer = setTimeout(() => finish({ ok: false, kind: 'timeout', detail: `no answer within ${target.timeoutMs} ms` }), target.timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => {
      const kind = err.code === 'ECONNREFUSED' ? 'refused' : 'error';
      finish({ ok: false, kind, detail: err.code ?? err.message });
    });
  });
}

function parseJson(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** OpenClaw's liveness body: {"ok":true,"status":"live"}. */
export function isOpenClawLive(answer: HttpAnswer): boolean {
  const json = parseJson(answer.body);
  return answer.status === 200 && json?.ok === true && json.status === 'live';
}

/** OpenClaw's "not yet" bodies on its probe routes: {"ok":false,"status":"starting"|"draining"}. */
function isOpenClawStarting(answer: HttpAnswer): boolean {
  const json = parseJson(answer.body);
  return answer.status === 503 && json?.ok === false && (json.status === 'starting' || json.status === 'draining');
}

/**
 * Probes /healthz, then /readyz for readiness detail.
 * healthy: live and ready; not-ready: live with failing[]; foreign: an answer that is not OpenClaw's.
 */
export async function probeGateway(target: ProbeTarget, now: () => number = Date.now): Promise<ProbeResult> {
  const started = now();
  const done = (r: Omit<ProbeResult, 'at' | 'latencyMs'>): ProbeResult => ({ ...r, at: started, latencyMs: now() - started });
  const health = await httpGet(target, '/healthz');
  if (!health.ok) return done({ verdict: health.kind, detail: health.detail });
  const answer = health.answer;
  if (!isOpenClawLive(answer)) {
    if (isOpenClawStarting(answer)) return done({ verdict: 'starting', status: answer.status });
    return done({ verdict: 'foreign', status: answer.status, body: answer.body.slice(0, 200), detail: `port ${target.port} answers HTTP ${answer.status} with a body that is not OpenClaw's` });
  }
  const ready = await httpGet(target, '/readyz');
  if (!ready.ok) return done({ verdict: 'healthy', status: 200, detail: `readyz: ${ready.detail}` });
  const json = parseJson(ready.answer.body);
  const failing = Array.isArray(json?.failing) ? (json.failing as unknown[]).map(String) : [];
  if (json?.ready === false || (ready.answer.status === 503 && json)) {
    return done({ verdict: 'not-ready', status: 200, failing, detail: failing.length ? `not ready: ${failing.join(', ')}` : 'not ready' });
  }
  return done({ verdict: 'healthy', status: 200, failing });
}

/** /startupz: true when OpenClaw says it has started, false while starting or draining, undefined if unknown. */
export async function probeStartup(target: ProbeTarget): Promise<boolean | undefined> {
  const r = await httpGet(target, '/startupz');
  if (!r.ok) return undefined;
  const json = parseJson(r.answer.body);
  if (r.answer.status === 200 && json?.ok === true) return true;
  if (isOpenClawStarting(r.answer)) return false;
  return undefined;
}
