// `GET /metrics`: the Prometheus scrape, behind the dashboard's bearer token (Prometheus sends it with
// `authorization: { credentials_file: … }`). Served by the dashboard on 127.0.0.1, and by a listener of
// its own on another address only when the settings name one (metrics.listen): that listener answers
// nothing but /metrics, so the window and its API never leave loopback.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClawDocMetrics } from '../engine/metrics/metrics.js';
import { tokenMatches } from './http-api.js';

const HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

/** Answers /metrics (true) or leaves the request to the caller (false). */
export async function handleMetrics(req: IncomingMessage, res: ServerResponse, metrics: ClawDocMetrics, token: string): Promise<boolean> {
  if (new URL(req.url ?? '/', 'http://x').pathname !== '/metrics') return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...HEADERS, allow: 'GET, HEAD' }).end();
    return true;
  }
  if (!tokenMatches(req.headers.authorization, token)) {
    res.writeHead(401, { ...HEADERS, 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer realm="clawdoc"' }).end('a valid bearer token is required (the dashboard token)\n');
    return true;
  }
  const body = await metrics.render();
  res.writeHead(200, { ...HEADERS, 'content-type': metrics.contentType });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}

/** Parses `host:port` / `[v6]:port`; refuses anything else with a sentence. */
export function parseListen(text: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s]+)):(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || !Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`metrics.listen must be HOST:PORT (e.g. 0.0.0.0:9464 or [::]:9464), got "${text}"`);
  return { host: (m[1] ?? m[2])!, port };
}

export interface MetricsListener {
  host: string;
  port: number;
  close(): Promise<void>;
}

export function startMetricsListener(metrics: ClawDocMetrics, token: string, listen: string): Promise<MetricsListener> {
  const { host, port } = parseListen(listen);
  const server: Server = createServer((req, res) => {
    handleMetrics(req, res, metrics, token).then(
      (handled) => {
        if (!handled) res.writeHead(404, { ...HEADERS, 'content-type': 'text/plain; charset=utf-8' }).end('only /metrics is served here\n');
      },
      (err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`internal error: ${(err as Error).message}\n`);
      },
    );
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({
        host,
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((r) => {
            server.close(() => r());
            server.closeAllConnections();
          }),
      });
    });
  });
}
