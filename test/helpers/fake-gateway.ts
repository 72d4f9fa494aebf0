// A tiny HTTP server that answers OpenClaw's probe routes like a healthy gateway ({"ok":true,"status":"live"}
// on /healthz, {"ready":true} on /readyz): a stand-in for a remote gateway in unit tests and the bench.
// `delayMs` holds every answer (a slow gateway); `close()` takes it down (refused from then on).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeGateway {
  port: number;
  url: string;
  /** Requests to /healthz so far, and the most in flight at once. */
  stats: { healthz: number; inFlight: number; maxInFlight: number };
  setDelay(ms: number): void;
  close(): Promise<void>;
}

export async function startFakeGateway(options: { port?: number; delayMs?: number } = {}): Promise<FakeGateway> {
  let delay = options.delayMs ?? 0;
  const stats = { healthz: 0, inFlight: 0, maxInFlight: 0 };
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      stats.healthz++;
      stats.inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    }
    const answer = () => {
      if (path === '/healthz') stats.inFlight--;
      if (res.destroyed) return;
      res.setHeader('content-type', 'application/json');
      if (path === '/healthz') res.end('{"ok":true,"status":"live"}');
      else if (path === '/readyz') res.end('{"ready":true,"failing":[]}');
      else if (path === '/startupz') res.end('{"ok":true}');
      else res.writeHead(404).end('{}');
    };
    if (delay > 0) setTimeout(answer, delay);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    stats,
    setDelay: (ms) => {
      delay = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
