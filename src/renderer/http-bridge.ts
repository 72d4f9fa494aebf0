// The contract over HTTP (the window served by `clawdoc watch --dashboard`): every call is
// POST /api/<method> with the bearer token; events come as Server-Sent Events read with fetch, so the
// token travels in a header and never in a URL. The stream reconnects by itself and says when it is
// down, so the window can show it and catch up when it is back. No DOM: unit-tested in Node.
import type { ApiReply, ClawDocEvent } from '../shared/api.js';
import { ApiError, createApiClient } from '../shared/api-client.js';
import { SseParser } from './sse.js';
import type { Bridge, ConnectionListener } from './bridge.js';

export interface HttpBridgeOptions {
  fetch?: typeof fetch;
  /** Delays between reconnection attempts (ms), the last one repeated. */
  retryMs?: number[];
}

export function httpBridge(base: string, token: string, options: HttpBridgeOptions = {}): Bridge {
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const retry = options.retryMs ?? [500, 1000, 2000, 5000];
  const api = createApiClient(async (method, args) => {
    const res = await doFetch(`${base}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ args }),
    });
    let reply: ApiReply;
    try {
      reply = (await res.json()) as ApiReply;
    } catch {
      throw new ApiError(`HTTP ${res.status}`, res.status === 401 ? 'Unauthorized' : 'HttpError');
    }
    if (reply.ok) return reply.result;
    throw new ApiError(reply.error, reply.code, reply.keys);
  });

  const connectionListeners = new Set<ConnectionListener>();
  /** Unknown until the stream first connects or fails. */
  let up: boolean | undefined;
  const setUp = (value: boolean) => {
    if (value === up) return;
    up = value;
    for (const l of connectionListeners) l(value);
  };

  return {
    ...api,
    subscribe(listener: (event: ClawDocEvent) => void): () => void {
      const abort = new AbortController();
      let attempt = 0;
      const run = async () => {
        while (!abort.signal.aborted) {
          try {
            const res = await doFetch(`${base}/api/events`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: abort.signal });
            if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
            attempt = 0;
            setUp(true);
            const parser = new SseParser((m) => {
              try {
                listener(JSON.parse(m.data) as ClawDocEvent);
              } catch {
                // a malformed event is dropped; the stream goes on
              }
            });
            const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
            for (;;) {
              const { value, done } = await reader.read();
              if (done) break;
              parser.feed(value);
            }
          } catch {
            // down: retry below
          }
          if (abort.signal.aborted) break;
          setUp(false);
          await new Promise((r) => setTimeout(r, retry[Math.min(attempt++, retry.length - 1)]));
        }
      };
      void run();
      return () => abort.abort();
    },
    onConnection(listener: ConnectionListener): () => void {
      connectionListeners.add(listener);
      if (up !== undefined) listener(up);
      return () => connectionListeners.delete(listener);
    },
  };
}
