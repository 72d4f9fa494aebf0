// ClawDoc's client of the gateway's WebSocket RPC against the real gateway, with shared-token auth read
// from OpenClaw's config as a user has it: the calls work, a wrong token is refused (and never echoed),
// nothing listening is a transport error, and a round that cannot finish ends at its time limit.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { gatewayAuthFrom, gatewayCall, gatewayCalls, GatewayRpcError } from '../../../../src/main/engine/gateway/gateway-rpc.js';
import { probeGateway } from '../../../../src/main/engine/gateway/probe.js';
import { freePort, hasTestbed, isAlive, killGroup, makeSandbox, OPENCLAW_BIN, waitUntil, type GatewaySandbox } from '../../../helpers/gateway.js';

const skip = hasTestbed() ? false : 'the OpenClaw test bed is not installed (npm ci prepares it)';
const TOKEN = 'clawdoc-test-token-5f2c9a1e7b';

describe("the gateway's RPC, token auth", { skip, concurrency: 1 }, () => {
  let sb: GatewaySandbox;
  let gw: ChildProcess;
  before(async () => {
    sb = await makeSandbox('rpc');
    sb.writeConfig(`{ gateway: { mode: "local", port: ${sb.port}, bind: "loopback", auth: { mode: "token", token: "${TOKEN}" } }, logging: { file: ${JSON.stringify(sb.fileLog)} } }\n`);
    gw = spawn(OPENCLAW_BIN, ['gateway', 'run', '--port', String(sb.port)], { env: sb.env, detached: true, stdio: 'ignore' });
    await waitUntil(async () => (await probeGateway({ host: '127.0.0.1', port: sb.port, timeoutMs: 1000 })).verdict === 'healthy', 120_000, 'gateway healthy', 250);
  });
  after(async () => {
    killGroup(gw?.pid);
    if (gw?.pid) await waitUntil(() => !isAlive(gw.pid!), 10_000, 'gateway gone').catch(() => undefined); // a dying gateway still writes into the sandbox
    sb?.cleanup();
  });

  it("reads the token from OpenClaw's config (the environment wins) and calls channels.status", async () => {
    const auth = gatewayAuthFrom({}, sb.configPath);
    assert.deepEqual(auth, { token: TOKEN });
    assert.deepEqual(gatewayAuthFrom({ OPENCLAW_GATEWAY_TOKEN: 'from-env' }, sb.configPath), { token: 'from-env' });
    const status = (await gatewayCall({ host: '127.0.0.1', port: sb.port, timeoutMs: 20_000, auth }, 'channels.status', { probe: true })) as Record<string, unknown>;
    assert.equal(typeof status.ts, 'number');
    assert.ok(status.channelAccounts && typeof status.channelAccounts === 'object', 'the answer lists channel accounts (none here: channels are skipped)');
    const [a, b] = await gatewayCalls({ host: '127.0.0.1', port: sb.port, timeoutMs: 20_000, auth }, [{ method: 'channels.status' }, { method: 'health' }]);
    assert.ok(a && b, 'several calls in one round');
  });

  it('a wrong token is refused by the gateway, and the token is not in the error', async () => {
    const wrong = 'wrong-token-0000000000';
    await assert.rejects(
      gatewayCall({ host: '127.0.0.1', port: sb.port, timeoutMs: 20_000, auth: { token: wrong } }, 'channels.status', {}),
      (err: unknown) => err instanceof GatewayRpcError && /connect/.test(err.message) && !err.message.includes(wrong) && !err.message.includes(TOKEN),
    );
  });

  it('channels.start for a channel that does not exist is refused with the reason', async () => {
    await assert.rejects(gatewayCall({ host: '127.0.0.1', port: sb.port, timeoutMs: 20_000, auth: { token: TOKEN } }, 'channels.start', { channel: 'no-such-channel' }), GatewayRpcError);
  });
});

describe("the gateway's RPC without a gateway", () => {
  it('nothing listening: a transport error at once', async () => {
    const port = await freePort();
    const t0 = Date.now();
    await assert.rejects(gatewayCall({ host: '127.0.0.1', port, timeoutMs: 5000 }, 'channels.status', {}), (err: unknown) => err instanceof GatewayRpcError && err.code === 'transport' && /ECONNREFUSED/.test(err.message));
    assert.ok(Date.now() - t0 < 2000);
  });

  it('a server that accepts but never answers: the round ends at its time limit', async () => {
    const sockets: net.Socket[] = [];
    const srv = net.createServer((s) => sockets.push(s)).listen(0, '127.0.0.1');
    await new Promise((r) => srv.once('listening', r));
    const port = (srv.address() as net.AddressInfo).port;
    const t0 = Date.now();
    await assert.rejects(gatewayCall({ host: '127.0.0.1', port, timeoutMs: 1500 }, 'channels.status', {}), (err: unknown) => err instanceof GatewayRpcError && err.code === 'timeout');
    assert.ok(Date.now() - t0 < 3000);
    for (const s of sockets) s.destroy();
    srv.close();
  });
});
