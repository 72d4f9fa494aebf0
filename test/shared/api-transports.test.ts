// Every method of the contract travels unchanged through every transport: the control socket (CLI),
// Electron IPC (the preload's bridge, with a fake ipcMain) and HTTP (the dashboard). The table of
// sample arguments is typed by the contract, so adding a method without covering it does not compile.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ApiArgs, ApiMethod, ApiReply, ClawDocApi, ClawDocEvent, ClawDocEvents } from '../../src/shared/api.js';
import { API_METHODS } from '../../src/shared/api-methods.js';
import { createApiClient } from '../../src/shared/api-client.js';
import { IPC_CALL, IPC_EVENT } from '../../src/shared/ipc-channels.js';
import { ControlServer, controlSocketPath, subscribeWatcher, watcherClient } from '../../src/main/engine/control/control-channel.js';
import { ClawDocRuntime } from '../../src/main/engine/runtime/runtime.js';
import { defaultSettings } from '../../src/main/engine/settings/settings.js';
import { registerIpcBridge } from '../../src/main/electron/ipc-bridge.js';
import { handleApiRequest } from '../../src/main/dashboard/http-api.js';

const SAMPLE_ARGS: { [M in ApiMethod]: ApiArgs<M> } = {
  status: [],
  history: [{ limit: 5, offset: 1, types: ['restart', 'doctor', 'alert'], levels: ['critical'], caseId: 'c', channel: 'ops' }],
  incidents: [{ limit: 2 }],
  cases: [],
  proposals: [{ all: true }],
  changes: [],
  snapshots: [],
  stats: [],
  settings: [],
  channels: [],
  records: [{ ids: ['r1'], limit: 3 }],
  checkCase: [{ id: 'x', match: { patterns: ['a('] } }],
  restart: ['because'],
  pause: [{ durationMin: 30 }],
  resume: [],
  diagnose: [{ text: 'Error: gateway.mode is missing', ai: true }],
  approve: ['p1'],
  reject: ['p2'],
  undo: ['c1'],
  addCase: [{ id: 'x' }, { replace: true }],
  editCase: ['x', { id: 'x' }],
  removeCase: ['x'],
  importCases: ['[]', { replace: true }],
  exportCases: [{ userOnly: true }],
  updateSettings: [{ 'watch.intervalSec': 3 }],
  notifyTest: ['ops'],
  aiTest: [],
  setSecret: ['ops', 'SEC-sample'],
};

/** A stand-in runtime that records each call and answers with its method name and arguments. */
function recordingApi(): { api: ClawDocApi; calls: [string, unknown[]][] } & ClawDocEvents & { emit(e: ClawDocEvent): void } {
  const calls: [string, unknown[]][] = [];
  const listeners = new Set<(e: ClawDocEvent) => void>();
  const api = createApiClient(async (method, args) => {
    calls.push([method, args]);
    if (method === 'approve' && args[0] === 'boom') throw Object.assign(new Error('no proposal boom'), { name: 'ProposalError' });
    return { echo: method, args };
  });
  return {
    api,
    calls,
    subscribe: (l) => (listeners.add(l), () => listeners.delete(l)),
    emit: (e) => listeners.forEach((l) => l(e)),
  };
}

async function everyMethodRoundTrips(client: ClawDocApi, calls: [string, unknown[]][]): Promise<void> {
  for (const method of Object.keys(API_METHODS) as ApiMethod[]) {
    const args = SAMPLE_ARGS[method] as unknown[];
    const result = await (client[method] as (...a: unknown[]) => Promise<unknown>)(...args);
    assert.deepEqual(result, { echo: method, args }, method);
    assert.deepEqual(calls.at(-1), [method, args], `${method} reached the runtime with its arguments`);
  }
  await assert.rejects(client.approve('boom'), (err: Error) => err.name === 'ProposalError' && /no proposal boom/.test(err.message));
}

const sampleEvent: ClawDocEvent = { kind: 'settings-changed', target: 'default', at: 1, keys: ['watch.intervalSec'] };

describe('the contract over every transport', () => {
  it('the runtime implements every method of the contract', () => {
    const rt = ClawDocRuntime.offline({ dataDir: mkdtempSync(join(tmpdir(), 'clawdoc-api-')), settings: defaultSettings() });
    for (const method of Object.keys(API_METHODS)) assert.equal(typeof (rt as unknown as Record<string, unknown>)[method], 'function', method);
  });

  it('control socket: every call and its error, and the event stream', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clawdoc-api-'));
    const fake = recordingApi();
    const server = new ControlServer(controlSocketPath(dir), { api: fake.api, subscribe: fake.subscribe });
    await server.listen();
    try {
      await everyMethodRoundTrips(watcherClient(dir), fake.calls);
      const got: ClawDocEvent[] = [];
      const sub = subscribeWatcher(dir, (e) => got.push(e));
      await sub.ready;
      fake.emit(sampleEvent);
      const end = Date.now() + 2000;
      while (!got.length && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      sub.close();
      assert.deepEqual(got, [sampleEvent]);
      // a second server on the same socket is refused while the first answers
      await assert.rejects(new ControlServer(controlSocketPath(dir), { api: fake.api, subscribe: fake.subscribe }).listen(), /another ClawDoc answers/);
    } finally {
      server.close();
    }
  });

  it('Electron IPC: every call from ClawDoc\'s window; any other sender is refused; events reach the window', async () => {
    const fake = recordingApi();
    let handler: ((event: unknown, request: unknown) => Promise<ApiReply>) | undefined;
    const ipcMain = {
      handle: (channel: string, fn: typeof handler) => {
        assert.equal(channel, IPC_CALL);
        handler = fn;
      },
      removeHandler: () => (handler = undefined),
    };
    const own = { id: 1, isDestroyed: () => false, sent: [] as unknown[], send(channel: string, e: unknown) { this.sent.push([channel, e]); } };
    const stranger = { id: 2 };
    const dispose = registerIpcBridge({
      ipcMain: ipcMain as never,
      api: fake.api,
      events: fake,
      isOwnSender: (sender) => sender === (own as unknown),
      window: () => own as never,
    });
    const viaIpc = createApiClient(async (method, args) => {
      const reply = await handler!({ sender: own, senderFrame: { url: 'file:///app/index.html' } }, { method, args });
      if (reply.ok) return reply.result;
      throw Object.assign(new Error(reply.error), { name: reply.code });
    });
    await everyMethodRoundTrips(viaIpc, fake.calls);
    const refused = await handler!({ sender: stranger, senderFrame: { url: 'https://evil.example/' } }, { method: 'restart', args: [] });
    assert.equal(refused.ok, false);
    assert.equal(fake.calls.filter(([m]) => m === 'restart').length, 1, 'the stranger\'s restart never reached the runtime');
    fake.emit(sampleEvent);
    assert.deepEqual(own.sent, [[IPC_EVENT, sampleEvent]]);
    dispose();
    assert.equal(handler, undefined);
  });

  it('HTTP: every call with the token; none without it; a cross-origin command is refused', async () => {
    const fake = recordingApi();
    const token = 'tok-123';
    const server = createServer((req, res) => {
      void handleApiRequest(fake.api, token, req, res).then((handled) => {
        if (!handled) res.writeHead(404).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const viaHttp = createApiClient(async (method, args) => {
        const res = await fetch(`${base}/api/${method}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ args }) });
        const reply = (await res.json()) as ApiReply;
        if (reply.ok) return reply.result;
        throw Object.assign(new Error(reply.error), { name: reply.code });
      });
      await everyMethodRoundTrips(viaHttp, fake.calls);
      const before = fake.calls.length;
      assert.equal((await fetch(`${base}/api/status`, { method: 'POST', body: '{}' })).status, 401);
      assert.equal((await fetch(`${base}/api/status`, { method: 'POST', headers: { authorization: 'Bearer wrong' }, body: '{}' })).status, 401);
      const cross = await fetch(`${base}/api/restart`, { method: 'POST', headers: { authorization: `Bearer ${token}`, origin: 'http://evil.example' }, body: '{}' });
      assert.equal(cross.status, 403);
      assert.equal(fake.calls.length, before, 'nothing refused reached the runtime');
    } finally {
      server.close();
    }
  });
});
