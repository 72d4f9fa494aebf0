// A small client of the gateway's own WebSocket RPC (docs/gateway/protocol/: handshake.md, auth.md,
// rpc-system-and-channels.md), so periodic checks cost a few milliseconds of the gateway's time instead
// of an `openclaw` CLI process (~8 s of CPU each). One connection per round: connect, wait for the
// `connect.challenge`, send `connect`, then the calls in order, then close.
//
// ClawDoc connects as OpenClaw's trusted local backend client (`client.id: "gateway-client"`,
// `client.mode: "backend"`) on loopback: handshake.md documents that such a client may omit the device
// identity when it authenticates with the shared gateway token/password (or when `gateway.auth.mode` is
// `none`), and keeps its requested scopes. The secret is only ever sent in the connect frame.
import { readConfig } from '../openclaw/config-file.js';
import { MiniWebSocket } from './mini-websocket.js';

/** The protocol version this client speaks (handshake.md: min/maxProtocol 4). */
export const GATEWAY_PROTOCOL = 4;

export interface GatewayAuth {
  token?: string;
  password?: string;
}

export interface RpcTarget {
  host: string;
  port: number;
  /** The whole round (connect + every call) is abandoned after this long. */
  timeoutMs: number;
  auth?: GatewayAuth;
  /** The version ClawDoc reports in its connect frame. */
  clientVersion?: string;
}

export interface RpcCall {
  method: string;
  params?: unknown;
}

/** A refusal from the gateway (`ok: false`), or a transport failure (code `transport`, `timeout`, `closed`). */
export class GatewayRpcError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'GatewayRpcError';
  }
}

interface Frame {
  type?: string;
  id?: string;
  event?: string;
  ok?: boolean;
  payload?: unknown;
  error?: { code?: string; message?: string; details?: unknown };
}

type WebSocketLike = {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onclose: ((ev: { code?: number; reason?: string }) => void) | null;
  send(data: string): void;
  close(code?: number): void;
};

function webSocketClass(): new (url: string) => WebSocketLike {
  // Not the global WebSocket: undici's needs WebAssembly, which the watcher's V8 lite mode lacks.
  return MiniWebSocket;
}

function hostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * Connects, runs the calls in order and closes. Resolves with each call's payload; rejects on the first
 * refusal (GatewayRpcError with the gateway's code) or when the round takes longer than `timeoutMs`.
 */
export async function gatewayCalls(target: RpcTarget, calls: RpcCall[]): Promise<unknown[]> {
  const Ws = webSocketClass();
  return new Promise<unknown[]>((resolve, reject) => {
    let settled = false;
    let ws: WebSocketLike | undefined;
    const results: unknown[] = [];
    let next = 0;
    const finish = (err: Error | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      try {
        ws?.close(1000);
      } catch {
        // already closed
      }
      if (err) reject(err);
      else resolve(results);
    };
    const timer = setTimeout(() => finish(new GatewayRpcError(`no answer from the gateway's RPC within ${target.timeoutMs} ms`, 'timeout')), target.timeoutMs);
    const sendNext = () => {
      if (next >= calls.length) return finish(undefined);
      const call = calls[next]!;
      ws!.send(JSON.stringify({ type: 'req', id: `r${next}`, method: call.method, params: call.params ?? {} }));
    };
    try {
      ws = new Ws(`ws://${hostForUrl(target.host)}:${target.port}`);
    } catch (err) {
      finish(new GatewayRpcError(`cannot connect to the gateway's RPC: ${(err as Error).message}`, 'transport'));
      return;
    }
    ws.onerror = (ev) => {
      const e = ev as { message?: string; error?: { message?: string; cause?: { message?: string; code?: string } } };
      const why = e?.error?.cause?.code ?? e?.error?.cause?.message ?? e?.error?.message ?? e?.message;
      finish(new GatewayRpcError(`gateway RPC connection failed${why ? `: ${why}` : ''}`, 'transport'));
    };
    ws.onclose = (ev) => finish(new GatewayRpcError(`the gateway closed the RPC connection${ev?.reason ? `: ${ev.reason}` : ''}`, 'closed'));
    ws.onmessage = (ev) => {
      let f: Frame;
      try {
        f = JSON.parse(String(ev.data)) as Frame;
      } catch {
        return;
      }
      if (f.type === 'event' && f.event === 'connect.challenge') {
        const auth: GatewayAuth = {};
        if (target.auth?.token) auth.token = target.auth.token;
        if (target.auth?.password) auth.password = target.auth.password;
        ws!.send(
          JSON.stringify({
            type: 'req',
            id: 'connect',
            method: 'connect',
            params: {
              minProtocol: GATEWAY_PROTOCOL,
              maxProtocol: GATEWAY_PROTOCOL,
              client: { id: 'gateway-client', version: target.clientVersion ?? '0.0.0', platform: process.platform, mode: 'backend' },
              role: 'operator',
              // read: channels.status; admin: channels.start (rpc-system-and-channels.md).
              scopes: ['operator.read', 'operator.admin'],
              caps: [],
              ...(auth.token || auth.password ? { auth } : {}),
              userAgent: `clawdoc/${target.clientVersion ?? '0.0.0'}`,
            },
          }),
        );
        return;
      }
      if (f.type !== 'res') return;
      if (!f.ok) {
        const code = f.error?.code ?? 'error';
        const detailCode = (f.error?.details as { code?: string } | undefined)?.code;
        return finish(new GatewayRpcError(`${f.id === 'connect' ? 'connect' : calls[next]?.method}: ${f.error?.message ?? 'refused'}${detailCode ? ` (${detailCode})` : ''}`, code, f.error?.details));
      }
      if (f.id === 'connect') return sendNext();
      if (f.id === `r${next}`) {
        results.push(f.payload);
        next++;
        sendNext();
      }
    };
  });
}

export async function gatewayCall<T = unknown>(target: RpcTarget, method: string, params?: unknown): Promise<T> {
  const [payload] = await gatewayCalls(target, [{ method, params }]);
  return payload as T;
}

function usable(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' && !/^\$\{/.test(v) ? v : undefined;
}

/**
 * The shared secret a local client needs, as OpenClaw's own clients find it: OPENCLAW_GATEWAY_TOKEN /
 * OPENCLAW_GATEWAY_PASSWORD, else `gateway.auth.token` / `gateway.auth.password` in OpenClaw's config.
 * Empty when the gateway runs with `auth.mode: "none"` or the secret is elsewhere (a SecretRef).
 */
export function gatewayAuthFrom(env: NodeJS.ProcessEnv, configPath: string | undefined): GatewayAuth {
  const token = usable(env.OPENCLAW_GATEWAY_TOKEN);
  const password = usable(env.OPENCLAW_GATEWAY_PASSWORD);
  if (token || password) return { ...(token ? { token } : {}), ...(password ? { password } : {}) };
  if (!configPath) return {};
  const r = readConfig(configPath);
  if (!r.ok) return {};
  const auth = (r.value.gateway as { auth?: Record<string, unknown> } | undefined)?.auth;
  if (!auth || typeof auth !== 'object') return {};
  const mode = auth.mode;
  if (mode === 'none') return {};
  const t = usable(auth.token);
  const p = usable(auth.password);
  if (mode === 'password') return p ? { password: p } : {};
  return { ...(t ? { token: t } : {}), ...(p && !t ? { password: p } : {}) };
}
