// `clawdoc watch --dashboard`: the window's page, the contract over HTTP and /metrics, on 127.0.0.1 only.
// The page itself holds no secret (the token comes in the URL fragment, which is never sent to a
// server); everything under /api/ needs the token. <dataDir>/dashboard.json says where it listens so
// `clawdoc dashboard` can print the address again.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { ClawDocApi, ClawDocEvents } from '../../shared/api.js';
import { writeFileAtomicSync } from '../engine/util/fsx.js';
import { dashboardToken, dashboardUrl } from './dashboard-token.js';
import { createApiHandler, type ApiHandler } from './http-api.js';
import { handleMetrics } from './metrics-route.js';
import type { ClawDocMetrics } from '../engine/metrics/metrics.js';
import { RENDERER_DIR } from './renderer-files.js';

/** The port the dashboard tries first (OpenClaw uses 18789 and a few ports above it). */
export const DEFAULT_DASHBOARD_PORT = 18780;
export const INFO_FILE = 'dashboard.json';

export interface DashboardOptions {
  api: ClawDocApi;
  events: ClawDocEvents;
  dataDir: string;
  /** 0: any free port. Absent: DEFAULT_DASHBOARD_PORT, or any free port when that one is taken. */
  port?: number;
  /** Values that must never appear in an answer, besides the token. */
  secrets?: () => Iterable<string>;
  /** Where the built page is (index.html, app.js, app.css). */
  staticDir?: string;
  /** Served at /metrics with the same token (Prometheus). */
  metrics?: ClawDocMetrics;
}

export interface DashboardInfo {
  port: number;
  pid: number;
  startedAt: number;
}

export interface Dashboard {
  port: number;
  /** With the token in the fragment. */
  url: string;
  api: ApiHandler;
  close(): Promise<void>;
}

const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** The files the page may load: a fixed list, so no path ever reaches the file system from a request. */
const FILES: Record<string, string> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/app.js': 'app.js',
  '/app.css': 'app.css',
  '/favicon.svg': 'favicon.svg',
};

function serveFile(dir: string, req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  const name = Object.hasOwn(FILES, path) ? FILES[path]! : undefined;
  const headers = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'content-security-policy': PAGE_CSP,
    'cache-control': 'no-cache',
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...headers, allow: 'GET, HEAD' }).end();
    return;
  }
  const file = name ? join(dir, name) : undefined;
  if (!file || !existsSync(file)) {
    const missing = name === 'index.html';
    res.writeHead(missing ? 503 : 404, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
    res.end(missing ? 'The window is not built: run `npm run build` in the ClawDoc folder.\n' : 'not found\n');
    return;
  }
  const body = readFileSync(file);
  res.writeHead(200, { ...headers, 'content-type': TYPES[name!.slice(name!.lastIndexOf('.'))] ?? 'application/octet-stream', 'content-length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, '127.0.0.1');
  });
}

export function infoPath(dataDir: string): string {
  return join(dataDir, INFO_FILE);
}

/** Where a running dashboard of this data dir listens, if its process still runs. */
export function readDashboardInfo(dataDir: string): DashboardInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(infoPath(dataDir), 'utf8')) as DashboardInfo;
    if (!Number.isInteger(info.port) || !Number.isInteger(info.pid)) return undefined;
    try {
      process.kill(info.pid, 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
    }
    return info;
  } catch {
    return undefined;
  }
}

export async function startDashboard(o: DashboardOptions): Promise<Dashboard> {
  const token = dashboardToken(o.dataDir);
  const dir = o.staticDir ?? RENDERER_DIR;
  let port = 0;
  const api = createApiHandler({
    api: o.api,
    token,
    events: o.events,
    secrets: o.secrets,
    hosts: () => [`127.0.0.1:${port}`, `localhost:${port}`],
  });
  const server = createServer((req, res) => {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' }).end('unexpected Host header\n');
      return;
    }
    (o.metrics ? handleMetrics(req, res, o.metrics, token) : Promise.resolve(false)).then((done) => (done ? true : api.handle(req, res))).then(
      (handled) => {
        if (!handled) serveFile(dir, req, res);
      },
      (err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`internal error: ${(err as Error).message}\n`);
      },
    );
  });
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  if (o.port === undefined) {
    try {
      port = await listen(server, DEFAULT_DASHBOARD_PORT);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      port = await listen(server, 0);
    }
  } else {
    port = await listen(server, o.port);
  }
  const info: DashboardInfo = { port, pid: process.pid, startedAt: Date.now() };
  writeFileAtomicSync(infoPath(o.dataDir), `${JSON.stringify(info)}\n`, 0o600);
  return {
    port,
    url: dashboardUrl(port, token),
    api,
    async close() {
      api.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      const now = readDashboardInfoRaw(o.dataDir);
      if (now?.pid === process.pid && now.port === port) rmSync(infoPath(o.dataDir), { force: true });
    },
  };
}

function readDashboardInfoRaw(dataDir: string): DashboardInfo | undefined {
  try {
    return JSON.parse(readFileSync(infoPath(dataDir), 'utf8')) as DashboardInfo;
  } catch {
    return undefined;
  }
}
