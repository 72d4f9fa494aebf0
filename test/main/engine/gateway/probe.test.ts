// The probe must tell OpenClaw's answer from anything else on the port.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, describe, it } from 'node:test';
import { probeGateway } from '../../../../src/main/engine/gateway/probe.js';
import { findPortHolder } from '../../../../src/main/engine/gateway/processes.js';
import { freePort } from '../../../helpers/gateway.js';

function serve(handler: http.RequestListener): Promise<{ port: number; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const srv = http.createServer(handler);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      resolve({ port, close: () => new Promise((r) => { srv.closeAllConnections(); srv.close(() => r()); }) });
    });
  });
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('health probe', () => {
  const closers: (() => Promise<void>)[] = [];
  after(async () => {
    for (const c of closers) await c();
  });

  it('healthy: /healthz live and /readyz ready', async () => {
    const s = await serve((req, res) => (req.url === '/healthz' ? json(res, 200, { ok: true, status: 'live' }) : json(res, 200, { ready: true, failing: [] })));
    closers.push(s.close);
    const r = await probeGateway({ host: '127.0.0.1', port: s.port, timeoutMs: 2000 });
    assert.equal(r.verdict, 'healthy');
    assert.deepEqual(r.failing, []);
  });

  it('not-ready: live but /readyz 503 with failing[]', async () => {
    const s = await serve((req, res) =>
      req.url === '/healthz' ? json(res, 200, { ok: true, status: 'live' }) : json(res, 503, { ready: false, failing: ['startup-sidecars', 'state-database'] }),
    );
    closers.push(s.close);
    const r = await probeGateway({ host: '127.0.0.1', port: s.port, timeoutMs: 2000 });
    assert.equal(r.verdict, 'not-ready');
    assert.deepEqual(r.failing, ['startup-sidecars', 'state-database']);
  });

  it('foreign: another program answering 200 with its own body is not healthy', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>Directory listing</html>');
    });
    closers.push(s.close);
    const r = await probeGateway({ host: '127.0.0.1', port: s.port, timeoutMs: 2000 });
    assert.equal(r.verdict, 'foreign');
    assert.equal(r.status, 200);
    assert.match(r.body ?? '', /Directory listing/);
  });

  it('foreign: a JSON 200 that is not OpenClaw\'s live body', async () => {
    const s = await serve((_req, res) => json(res, 200, { ok: true, status: 'up' }));
    closers.push(s.close);
    assert.equal((await probeGateway({ host: '127.0.0.1', port: s.port, timeoutMs: 2000 })).verdict, 'foreign');
  });

  it('starting: OpenClaw\'s 503 "starting" body', async () => {
    const s = await serve((_req, res) => json(res, 503, { ok: false, status: 'starting' }));
    closers.push(s.close);
    assert.equal((await probeGateway({ host: '127.0.0.1', port: s.port, timeoutMs: 2000 })).verdict, 'starting');
  });

  it('timeout: accepts the connection but never answers (like a SIGSTOPped gateway)', async () => {
    const sockets: net.Socket[] = [];
    const srv = net.createServer((sock) => sockets.push(sock));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    closers.push(() => new Promise((r) => { sockets.forEach((s) => s.destroy()); srv.close(() => r()); }));
    const started = Date.now();
    const r = await probeGateway({ host: '127.0.0.1', port: (srv.address() as net.AddressInfo).port, timeoutMs: 300 });
    assert.equal(r.verdict, 'timeout');
    assert.ok(Date.now() - started < 2000, 'the deadline holds');
  });

  it('refused: nothing listens', async () => {
    const r = await probeGateway({ host: '127.0.0.1', port: await freePort(), timeoutMs: 1000 });
    assert.equal(r.verdict, 'refused');
  });

  it('names the process holding a port, and it is not OpenClaw', async () => {
    const s = await serve((_req, res) => res.end('x'));
    closers.push(s.close);
    const holder = await findPortHolder(s.port);
    assert.ok(holder, 'a holder is found');
    assert.equal(holder.pid, process.pid);
    assert.equal(holder.isOpenClaw, false);
    assert.match(holder.command, /node/);
  });
});

describe('OpenClaw process identity', () => {
  it('recognises the gateway and its helpers by program and script, not by arguments', async () => {
    const { looksLikeOpenClaw } = await import('../../../../src/main/engine/gateway/processes.js');
    assert.equal(looksLikeOpenClaw('openclaw-gatewa', 'openclaw-gateway'), true);
    assert.equal(looksLikeOpenClaw('', 'openclaw-gateway'), true);
    assert.equal(looksLikeOpenClaw('', '/usr/local/bin/openclaw gateway run --port 18789'), true);
    assert.equal(looksLikeOpenClaw('', '/usr/bin/node /home/a/node_modules/openclaw/dist/process/spawn-broker/worker.js'), true);
    assert.equal(looksLikeOpenClaw('', 'node /opt/openclaw/openclaw.mjs gateway'), true);
    assert.equal(looksLikeOpenClaw('node', "/usr/bin/node -e s.end('not openclaw')"), false);
    assert.equal(looksLikeOpenClaw('python3', 'python3 -m http.server 18789 --directory /home/a/openclaw'), false);
    assert.equal(looksLikeOpenClaw('nginx', 'nginx: master process'), false);
  });
});
