// The window's way to the runtime: inside the app the preload's `window.clawdoc` (IPC); served by
// `clawdoc watch --dashboard`, the same contract over HTTP with the token from the URL fragment.
import type { ApiReply, ClawDocApi, ClawDocEvent, ClawDocEvents } from '../shared/api.js';
import { ApiError, createApiClient } from '../shared/api-client.js';

export type Bridge = ClawDocApi & ClawDocEvents;

declare global {
  interface Window {
    clawdoc?: Bridge;
  }
}

export function httpBridge(base: string, token: string): Bridge {
  const api = createApiClient(async (method, args) => {
    const res = await fetch(`${base}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ args }),
    });
    const reply = (await res.json()) as ApiReply;
    if (reply.ok) return reply.result;
    throw new ApiError(reply.error, reply.code);
  });
  return {
    ...api,
    subscribe(listener: (event: ClawDocEvent) => void): () => void {
      const source = new EventSource(`${base}/api/events?token=${encodeURIComponent(token)}`);
      source.onmessage = (m: MessageEvent<string>) => listener(JSON.parse(m.data) as ClawDocEvent);
      return () => source.close();
    },
  };
}

/** The preload's bridge when present, else HTTP to the page's own origin. */
export function connectBridge(win: Window = window): Bridge {
  if (win.clawdoc) return win.clawdoc;
  const token = new URLSearchParams(win.location.hash.slice(1)).get('token') ?? '';
  return httpBridge(win.location.origin, token);
}
