// A stand-in for Electron's renderer-side `electron` module, bundled into the real preload
// (src/preload/preload.ts) for the browser: `contextBridge` puts the API on `window` as Electron would,
// and `ipcRenderer` plays the main process by forwarding each call to the dashboard's HTTP API (which
// answers with the same ApiReply as the IPC bridge does). The page under test never sees HTTP.
import { IPC_CALL, IPC_EVENT } from '../../src/shared/ipc-channels.js';
import { SseParser } from '../../src/renderer/sse.js';

interface FakeIpcConfig {
  token: string;
  /** Calls that went through ipcRenderer.invoke, for the test to count. */
  calls: string[];
}

const g = globalThis as unknown as { __FAKE_IPC__: FakeIpcConfig } & Record<string, unknown>;
const cfg = g.__FAKE_IPC__;

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    g[key] = Object.freeze(api);
  },
};

type Handler = (event: unknown, payload: unknown) => void;
const handlers = new Set<Handler>();
let stream: AbortController | undefined;

function startStream(): void {
  stream = new AbortController();
  const signal = stream.signal;
  void (async () => {
    while (!signal.aborted) {
      try {
        const res = await fetch('/api/events', { headers: { authorization: `Bearer ${cfg.token}` }, signal });
        const parser = new SseParser((m) => {
          const payload = JSON.parse(m.data) as unknown;
          for (const h of handlers) h({ sender: 'main' }, payload);
        });
        const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.feed(value);
        }
      } catch {
        // reconnect below
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
}

export const ipcRenderer = {
  async invoke(channel: string, request: { method: string; args: unknown[] }): Promise<unknown> {
    if (channel !== IPC_CALL) throw new Error(`unexpected channel ${channel}`);
    cfg.calls.push(request.method);
    const res = await fetch(`/api/${request.method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${cfg.token}` },
      body: JSON.stringify({ args: request.args }),
    });
    return res.json();
  },
  on(channel: string, handler: Handler): void {
    if (channel !== IPC_EVENT) throw new Error(`unexpected channel ${channel}`);
    handlers.add(handler);
    if (!stream) startStream();
  },
  off(channel: string, handler: Handler): void {
    if (channel !== IPC_EVENT) return;
    handlers.delete(handler);
    if (!handlers.size) {
      stream?.abort();
      stream = undefined;
    }
  },
};
