// The identity proof against the real OpenClaw gateway: what its process looks like in /proc (process
// title, node executable), its port, and its gateway lock (pid + start time) all prove it; its helper
// processes (spawn broker, sqlite worker) share its group but are not the gateway.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { probeGateway } from '../../../../src/main/engine/gateway/probe.js';
import { findPortHolder, gatewayLockOwner, identifyGateway, ownsGatewayLock, processFacts } from '../../../../src/main/engine/gateway/processes.js';
import { hasTestbed, killGroup, makeSandbox, OPENCLAW_BIN, waitUntil, type GatewaySandbox } from '../../../helpers/gateway.js';

const skip = (!hasTestbed() && 'the test bed (testbed/node_modules/openclaw) is not installed') || (process.platform !== 'linux' && 'reads /proc: Linux only');
let sb: GatewaySandbox;
let gw: ChildProcess;

before(async () => {
  if (skip) return;
  sb = await makeSandbox('identity');
  gw = spawn(OPENCLAW_BIN, ['gateway', 'run', '--port', String(sb.port)], { env: sb.env, detached: true, stdio: 'ignore' });
  await waitUntil(async () => (await probeGateway({ host: '127.0.0.1', port: sb.port, timeoutMs: 1000 })).verdict === 'healthy', 90_000, 'the gateway healthy', 500);
});

after(() => {
  if (skip || !sb) return;
  killGroup(gw.pid);
  sb.cleanup();
});

test('the real gateway is proven by its port and by its lock; its helpers are not the gateway', { skip }, async () => {
  const pid = gw.pid!;
  const facts = await processFacts(pid);
  assert.deepEqual(facts?.argv, ['openclaw-gateway'], 'the gateway runs under its process title');
  assert.match(facts?.exe ?? '', /\/node$/);
  const holder = await findPortHolder(sb.port);
  assert.equal(holder?.pid, pid);
  assert.equal(holder?.isOpenClaw, true);
  const byPort = await identifyGateway(pid, { port: sb.port });
  assert.ok(byPort.ok && byPort.via === 'port' && byPort.leadsGroup, JSON.stringify(byPort));
  assert.equal(gatewayLockOwner(sb.stateDir), pid, 'the lock names the gateway');
  assert.equal(await ownsGatewayLock(pid, sb.stateDir, facts), true, 'the lock start time is the gateway\'s');
  const otherPort = sb.port === 1 ? 2 : 1;
  const byLock = await identifyGateway(pid, { port: otherPort, stateDir: sb.stateDir });
  assert.ok(byLock.ok && byLock.via === 'lock', JSON.stringify(byLock));
  // Helpers: same process group, node, OpenClaw's files, but not its entrypoint.
  const helpers = readdirSync('/proc').filter((d) => /^\d+$/.test(d) && Number(d) !== pid).map(Number).filter((p) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === pid;
    } catch {
      return false;
    }
  });
  assert.ok(helpers.length >= 1, 'the gateway has helper processes in its group');
  for (const h of helpers) {
    const id = await identifyGateway(h, { port: sb.port, stateDir: sb.stateDir });
    assert.equal(id.ok, false, `helper ${h} (${(await processFacts(h))?.argv.join(' ')}) is not the gateway`);
  }
});
