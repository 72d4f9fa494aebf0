// The dashboard's server without a gateway: a stand-in runtime behind the real server. The token file
// (0600, kept across starts, replaced when others can read it), the page's files and headers, the
// token on every /api path, Host and same-origin checks, GET for queries only, the event stream,
// secrets scrubbed from every answer, refusals that keep their keys, the info file, `clawdoc dashboard`.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ClawDocApi, ClawDocEvent } from '../../../src/shared/api.js';
import { createApiClient } from '../../../src/shared/api-client.js';
import { dashboardToken, readDashboardToken } from '../../../src/main/dashboard/dashboard-token.js';
import { readDashboardInfo, startDashboard, type Dashboard } from '../../../src/main/dashboard/dashboard-server.js';
import { scrub } from '../../../src/main/dashboard/http-api.js';
import { main } from '../../../src/main/cli/clawdoc-cli.js';
import { SettingsError } from '../../../src/main/engine/settings/settings.js';

const SECRET = 'hook-secret-9f8e7d6c5b';

function fakeRuntime() {
  const calls: [string, unknown[]][] = [];
  const listeners = new Set<(e: ClawDocEvent) => void>();
  const api = createApiClient(async (method, args) => {
    calls.push([method, args]);
    if (method === 'updateSettings') throw new SettingsError('settings: "watch.intervalSec": Too small', ['watch.intervalSec']);
    if (method === 'channels') return [{ name: 'ops', url: `https://example.invalid/hook/${SECRET}` }];
    return { method, args };
  }) as ClawDocApi;
  return { api, calls, events: { subscribe: (l: (e: ClawDocEvent) => void) => (listeners.add(l), () => listeners.delete(l)) }, emit: (e: ClawDocEvent) => listeners.forEach((l) => l(e)), listeners };
}

function request(port: number, path: string, o: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: o.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...o.headers } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

describe('the dashboard token', () => {
  it('is created owner-only, kept across starts, replaced when others can read it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clawdoc-dash-'));
    const t1 = dashboardToken(dir);
    assert.match(t1, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(statSync(join(dir, 'dashboard-token')).mode & 0o777, 0o600);
    assert.equal(dashboardToken(dir), t1);
    chmodSync(join(dir, 'dashboard-token'), 0o644);
    assert.equal(readDashboardToken(dir), undefined, 'a readable token is not used');
    const t2 = dashboardToken(dir);
    assert.notEqual(t2, t1);
    assert.equal(statSync(join(dir, 'dashboard-token')).mode & 0o777, 0o600);
    writeFileSync(join(dir, 'dashboard-token'), 'short\n', { mode: 0o600 });
    assert.notEqual(dashboardToken(dir), 'short');
  });
});

describe('the dashboard server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'clawdoc-dash-'));
  const staticDir = join(dataDir, 'page');
  const fake = fakeRuntime();
  let d: Dashboard;
  let token: string;
  const auth = () => ({ authorization: `Bearer ${token}` });

  before(async () => {
    mkdirSync(staticDir);
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>x</title>');
    writeFileSync(join(staticDir, 'app.js'), 'console.log(1)');
    d = await startDashboard({ api: fake.api, events: fake.events, dataDir, port: 0, staticDir, secrets: () => [SECRET] });
    token = readDashboardToken(dataDir)!;
  });
  after(async () => {
    await d?.close();
  });

  it('listens on 127.0.0.1 only and says where (dashboard.json, `clawdoc dashboard`)', async () => {
    assert.match(d.url, new RegExp(`^http://127\\.0\\.0\\.1:${d.port}/#token=${token}$`));
    assert.deepEqual(readDashboardInfo(dataDir), { port: d.port, pid: process.pid, startedAt: readDashboardInfo(dataDir)!.startedAt });
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['dashboard', '--data-dir', dataDir], { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } as never);
    assert.equal(code, 0, err.join('\n'));
    assert.equal(out[0], d.url);
    const json: string[] = [];
    await main(['dashboard', '--data-dir', dataDir, '--json'], { out: (l: string) => json.push(l), err: () => {} } as never);
    assert.deepEqual(JSON.parse(json[0]!), { running: true, url: d.url, port: d.port, pid: process.pid });
  });

  it('serves the page with a strict CSP; only its own files; nothing outside', async () => {
    const page = await request(d.port, '/');
    assert.equal(page.status, 200);
    assert.match(page.headers['content-type'] ?? '', /text\/html/);
    assert.match(String(page.headers['content-security-policy'] ?? ''), /default-src 'self'.*frame-ancestors 'none'/);
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    assert.equal(page.headers['x-frame-options'], 'DENY');
    assert.ok(!page.body.includes(token));
    assert.equal((await request(d.port, '/app.js')).status, 200);
    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/dashboard-token', '/app.js.map', '/settings.json']) assert.equal((await request(d.port, path)).status, 404, path);
    assert.equal((await request(d.port, '/', { method: 'POST' })).status, 405);
  });

  it('every /api path needs the token; another Host is refused', async () => {
    const before = fake.calls.length;
    for (const path of ['/api/status', '/api/events', '/api/restart', '/api/nothing', '/api/']) {
      const r = await request(d.port, path);
      assert.equal(r.status, 401, path);
      assert.ok(!r.body.includes(token));
    }
    assert.equal((await request(d.port, '/api/status', { headers: { authorization: `Bearer ${token}x` } })).status, 401);
    assert.equal((await request(d.port, '/api/status', { headers: { ...auth(), host: `attacker.example:${d.port}` } })).status, 421);
    assert.equal((await request(d.port, '/', { headers: { host: 'attacker.example' } })).status, 421);
    assert.equal(fake.calls.length, before, 'nothing refused reached the runtime');
  });

  it('GET answers queries (GET /api/status); commands need POST from the same origin', async () => {
    const status = await request(d.port, '/api/status', { headers: auth() });
    assert.equal(status.status, 200);
    assert.equal(status.headers['cache-control'], 'no-store');
    assert.deepEqual(JSON.parse(status.body), { ok: true, result: { method: 'status', args: [] } });
    const withArgs = await request(d.port, `/api/history?args=${encodeURIComponent(JSON.stringify([{ limit: 3 }]))}`, { headers: auth() });
    assert.deepEqual(JSON.parse(withArgs.body).result.args, [{ limit: 3 }]);
    assert.equal((await request(d.port, '/api/restart', { headers: auth() })).status, 405, 'a command is never a GET');
    const before = fake.calls.length;
    assert.equal((await request(d.port, '/api/restart', { method: 'POST', headers: { ...auth(), origin: 'http://evil.example' }, body: '{}' })).status, 403);
    assert.equal((await request(d.port, '/api/restart', { method: 'POST', headers: { ...auth(), 'sec-fetch-site': 'cross-site' }, body: '{}' })).status, 403);
    assert.equal(fake.calls.length, before);
    const ok = await request(d.port, '/api/restart', { method: 'POST', headers: { ...auth(), origin: `http://127.0.0.1:${d.port}`, 'sec-fetch-site': 'same-origin' }, body: JSON.stringify({ args: ['why'] }) });
    assert.equal(ok.status, 200);
    assert.deepEqual(fake.calls.at(-1), ['restart', ['why']]);
    assert.equal((await request(d.port, '/api/restart', { method: 'POST', headers: auth(), body: '{not json' })).status, 400);
  });

  it('a refusal keeps its kind and keys; secrets never leave', async () => {
    const r = await request(d.port, '/api/updateSettings', { method: 'POST', headers: auth(), body: JSON.stringify({ args: [{ 'watch.intervalSec': 0 }] }) });
    assert.equal(r.status, 400);
    assert.deepEqual(JSON.parse(r.body), { ok: false, error: 'settings: "watch.intervalSec": Too small', code: 'SettingsError', keys: ['watch.intervalSec'] });
    const ch = await request(d.port, '/api/channels', { headers: auth() });
    assert.ok(!ch.body.includes(SECRET));
    assert.match(ch.body, /hook\/\*\*\*/);
    const echo = await request(d.port, '/api/diagnose', { method: 'POST', headers: auth(), body: JSON.stringify({ args: [{ text: `token ${token} and ${encodeURIComponent(SECRET)}` }] }) });
    assert.ok(!echo.body.includes(token) && !echo.body.includes(SECRET));
    assert.deepEqual(scrub({ a: ['x-SECRET-y'], b: 1, c: null }, /SECRET/g), { a: ['x-***-y'], b: 1, c: null });
  });

  it('streams the runtime\'s events (SSE) to each client; a closed stream unsubscribes', async () => {
    const got: string[] = [];
    const res = await new Promise<http.IncomingMessage>((resolve) => http.get({ host: '127.0.0.1', port: d.port, path: '/api/events', headers: auth() }, resolve));
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] ?? '', /text\/event-stream/);
    res.on('data', (b: Buffer) => got.push(b.toString()));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(fake.listeners.size, 1);
    fake.emit({ kind: 'settings-changed', target: 'default', at: 1, keys: [`alerts.${SECRET}`] });
    await new Promise((r) => setTimeout(r, 50));
    const text = got.join('');
    assert.match(text, /^: connected\n\n/);
    assert.match(text, /id: 1\ndata: \{"kind":"settings-changed".*"keys":\["alerts\.\*\*\*"\]\}\n\n/);
    res.destroy();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(fake.listeners.size, 0);
    assert.equal(d.api.streams, 0);
  });

  it('closes cleanly and removes its info file', async () => {
    const other = await startDashboard({ api: fake.api, events: fake.events, dataDir: mkdtempSync(join(tmpdir(), 'clawdoc-dash-')), port: 0, staticDir });
    await other.close();
    assert.equal((await request(other.port, '/').catch((e: Error) => ({ status: -1, body: e.message }))).status, -1);
    const dir = mkdtempSync(join(tmpdir(), 'clawdoc-dash-'));
    const third = await startDashboard({ api: fake.api, events: fake.events, dataDir: dir, port: 0, staticDir });
    assert.ok(existsSync(join(dir, 'dashboard.json')));
    await third.close();
    assert.ok(!existsSync(join(dir, 'dashboard.json')));
    assert.equal(readDashboardInfo(dir), undefined);
    const out: string[] = [];
    assert.equal(await main(['dashboard', '--data-dir', dir], { out: () => {}, err: (l: string) => out.push(l) } as never), 1);
    assert.match(out.join('\n'), /clawdoc watch --dashboard/);
    assert.ok(readFileSync(join(dir, 'dashboard-token'), 'utf8').trim().length >= 32);
  });

  it('a page that was not built says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clawdoc-dash-'));
    const bare = await startDashboard({ api: fake.api, events: fake.events, dataDir: dir, port: 0, staticDir: join(dir, 'missing') });
    try {
      const r = await request(bare.port, '/');
      assert.equal(r.status, 503);
      assert.match(r.body, /npm run build/);
    } finally {
      await bare.close();
    }
  });
});
