// The real OpenClaw gateway under `clawdoc watch`: another program squats the port after a crash,
// ClawDoc escalates (port-foreign) → exactly one alert per channel; the squatter leaves, ClawDoc
// starts the gateway again → exactly one "recovered" per channel.
import assert from 'node:assert/strict';
import http from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FileSecretStore } from '../../../../src/main/engine/alerts/secrets.js';
import { hasTestbed, isHealthyEvent, killGroup, makeSandbox, runWatch, sleep, teardown, waitUntil, type ClawdocRun, type GatewaySandbox } from '../../../helpers/gateway.js';
import { startReceiver, type Receiver } from '../../../helpers/receivers.js';

let sb: GatewaySandbox | undefined;
const runs: ClawdocRun[] = [];
const receivers: Receiver[] = [];
let squatter: http.Server | undefined;

after(async () => {
  squatter?.close();
  squatter?.closeAllConnections();
  for (const r of receivers) await r.close();
  if (sb) await teardown(sb, runs);
});

/** Binds a plain HTTP server (not OpenClaw) on the port as soon as it is free. */
async function squat(port: number, timeoutMs: number): Promise<http.Server> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('hello from another program');
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve());
      });
      return server;
    } catch (err) {
      if (Date.now() > end) throw err;
      await sleep(25);
    }
  }
}

test('escalation from the real gateway (port squatted): one alert per channel, then one "recovered"', { skip: !hasTestbed() && 'testbed not installed', timeout: 120_000 }, async () => {
  sb = await makeSandbox('alerts');
  const feishu = await startReceiver('feishu', { secret: 'SECfeishu-real' });
  const ding = await startReceiver('dingtalk', { secret: 'SECding-real', keywords: ['ClawDoc'] });
  const discord = await startReceiver('discord');
  const hook = await startReceiver('webhook');
  receivers.push(feishu, ding, discord, hook);
  const all = { feishu, ding, discord, hook };
  writeFileSync(
    join(sb.dataDir, 'settings.json'),
    JSON.stringify({
      language: 'en',
      watch: { intervalSec: 1 },
      alerts: {
        channels: [
          { name: 'fs', type: 'feishu', url: feishu.url, signed: true },
          { name: 'dd', type: 'dingtalk', url: ding.url, signed: true, keywords: ['ClawDoc'] },
          { name: 'dc', type: 'discord', url: discord.url },
          { name: 'wh', type: 'webhook', url: hook.url },
        ],
      },
    }),
  );
  const secrets = new FileSecretStore(sb.dataDir);
  secrets.set('fs', 'SECfeishu-real');
  secrets.set('dd', 'SECding-real');

  const run = runWatch(sb);
  runs.push(run);
  await run.waitForEvent(isHealthyEvent, 90_000, 'the gateway healthy');
  const gatewayPid = run.gatewayPid();
  assert.ok(gatewayPid);

  killGroup(gatewayPid);
  squatter = await squat(sb.port, 15_000);
  const esc = await run.waitForEvent((e) => e.type === 'escalated', 60_000, 'an escalation');
  assert.equal(esc.details?.cause, 'port-foreign');

  for (const [name, r] of Object.entries(all)) await waitUntil(() => r.received.length >= 1, 20_000, `the alert at ${name}\n${run.output.slice(-20).join('\n')}`);
  await sleep(3000); // several probe intervals while escalated: still only one alert
  for (const [name, r] of Object.entries(all)) {
    assert.deepEqual(r.received.map((m) => m.accepted), [true], `${name}: exactly one accepted alert: ${r.received.map((m) => m.answer).join(' | ')}`);
    const text = r.received[0]!.text;
    assert.match(text, /OpenClaw gateway needs a human/);
    assert.match(text, new RegExp(`Port ${sb.port} is held by another program`));
    // Real data from the watchdog (the squatter is this test process).
    assert.match(text, /Failing for\W+\d+(\.\d)? (s|min)/);
    assert.match(text, /Crashes: \d+ \(within 6 h\)/);
    assert.match(text, /Last healthy check: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
    assert.match(text, new RegExp(`Port holder: pid ${process.pid} `));
  }

  await new Promise<void>((resolve) => {
    squatter!.close(() => resolve());
    squatter!.closeAllConnections();
  });
  squatter = undefined;
  await run.waitForEvent((e) => e.type === 'recovered', 90_000, 'recovered after the port was freed');
  for (const [name, r] of Object.entries(all)) await waitUntil(() => r.received.length >= 2, 20_000, `the recovered message at ${name}`);
  await sleep(2000);
  for (const [name, r] of Object.entries(all)) {
    assert.equal(r.received.length, 2, `${name}: one alert and one recovered, nothing else`);
    assert.equal(r.accepted().length, 2, `${name}: both accepted`);
    assert.match(r.received[1]!.text, /OpenClaw gateway recovered/);
  }
  assert.equal(run.count((e) => e.type === 'escalated') >= 1, true);
});
