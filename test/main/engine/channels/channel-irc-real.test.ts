// Channel health against a real chat channel: OpenClaw's IRC plugin connected to a real IRC server
// (ngircd on loopback). The IRC server is killed for real: /healthz and /readyz stay green, only the
// gateway's active channel probe sees it. One gateway sandbox for the whole file (a cold start costs 6-12 s).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { defaultSettings } from '../../../../src/main/engine/settings/settings.js';
import { probeGateway } from '../../../../src/main/engine/gateway/probe.js';
import type { GatewayChannelHealth, Incident } from '../../../../src/shared/status.js';
import { hasTestbed, makeSandbox, runWatch, sleep, teardown, waitUntil, type ClawdocRun, type GatewaySandbox, type WatchLine } from '../../../helpers/gateway.js';
import { hasIrcBed, installIrcChannel, startIrcServer, type IrcServer } from '../../../helpers/irc.js';
import { startReceiver, type Receiver } from '../../../helpers/receivers.js';

const skip = !hasTestbed() ? 'the OpenClaw test bed is not installed (npm ci prepares it)' : !hasIrcBed() ? 'ngircd or the pinned @openclaw/irc is missing (.ci/run installs ngircd)' : false;

type StateWithChannels = { status?: { state: string; reason: string; gatewayChannels?: GatewayChannelHealth[] } };

function channels(run: ClawdocRun): GatewayChannelHealth[] {
  return (run.state() as StateWithChannels | undefined)?.status?.gatewayChannels ?? [];
}
function irc(run: ClawdocRun): GatewayChannelHealth | undefined {
  return channels(run).find((c) => c.channel === 'irc');
}
/** waitUntil, with the watcher's last lines when it times out. */
async function until<T>(run: ClawdocRun, fn: () => T | Promise<T>, ms: number, what: string): Promise<NonNullable<T>> {
  return waitUntil(fn, ms, `${what}\n--- clawdoc output ---\n${run.output.slice(-30).join('\n')}\n--- channels ---\n${JSON.stringify(channels(run))}`);
}
const isType = (type: string) => (e: WatchLine) => e.type === type;
const restarts = (run: ClawdocRun) => run.count((e) => e.type === 'restart');

function incidents(sb: GatewaySandbox): Incident[] {
  try {
    return readFileSync(join(sb.dataDir, 'incidents.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Incident);
  } catch {
    return [];
  }
}

describe('gateway chat channels on a real IRC channel', { skip, concurrency: 1 }, () => {
  let sb: GatewaySandbox;
  let ircd: IrcServer;
  const runs: ClawdocRun[] = [];
  let receiver: Receiver | undefined;

  before(async () => {
    sb = await makeSandbox('irc');
    ircd = await startIrcServer();
    installIrcChannel(sb, ircd);
  });
  after(async () => {
    await teardown(sb, runs);
    await ircd?.close();
    await receiver?.close();
  });

  // The defaults (grace 120 s, a probe every 30 s) are held to the same bound with a fake clock in
  // channel-health.test.ts; here the real channel runs with a quarter of them, to keep CI under 30 min.
  it('the IRC server gone is reported within grace + two probes, and the incident closes when it is back', { timeout: 420_000 }, async () => {
    const defaults = defaultSettings().gatewayChannels;
    assert.equal(defaults.graceSec, 120, 'the default grace is 2 min');
    const d = { ...defaults, graceSec: 30, probeIntervalSec: 8 };
    writeFileSync(join(sb.dataDir, 'settings.json'), `${JSON.stringify({ gatewayChannels: { graceSec: d.graceSec, probeIntervalSec: d.probeIntervalSec } }, null, 2)}\n`);
    const run = runWatch(sb);
    runs.push(run);
    await run.waitForEvent((e) => e.type === 'state' && e.to === 'healthy', 90_000, 'gateway healthy');
    await until(run, () => irc(run)?.state === 'healthy', 60_000, 'the IRC channel seen healthy');
    assert.equal(irc(run)?.probeOk, true);

    const stoppedAt = Date.now();
    await ircd.stop();
    // The gateway itself stays live and ready the whole time: only the channel probe can tell.
    const p = await probeGateway({ host: '127.0.0.1', port: sb.port, timeoutMs: 5000 });
    assert.equal(p.verdict, 'healthy', `/healthz + /readyz stay green (${JSON.stringify(p.failing)})`);

    const bound = (d.graceSec + 2 * d.probeIntervalSec) * 1000;
    const down = await run.waitForEvent(isType('channel-down'), bound + 30_000, 'channel-down');
    const took = down.ts - stoppedAt;
    console.log(`# IRC channel down reported ${Math.round(took / 1000)} s after the server went away (bound ${bound / 1000} s + the probe's own time)`);
    assert.ok(took >= d.graceSec * 1000, `not before the grace (${took} ms)`);
    assert.ok(took <= bound + 10_000, `within grace + two probes (${took} ms > ${bound} ms)`);
    assert.equal(down.details?.channel, 'irc');
    assert.match(String(down.details?.lastError), /ECONNREFUSED/);
    assert.match(down.reason, /IRC/);

    // Status names the channel and its error; the gateway is degraded, not down.
    await until(run, () => (run.state() as StateWithChannels)?.status?.state === 'degraded', 10_000, 'degraded');
    const st = (run.state() as StateWithChannels).status!;
    assert.match(st.reason, /IRC channel (is down|needs a person).*ECONNREFUSED/);
    assert.ok(['down', 'needs-human'].includes(irc(run)!.state));

    // The first step of the ladder: channels.start, its outcome read and kept.
    const heal = await run.waitForEvent((e) => e.type === 'channel-heal' && e.details?.step === 'channels.start', 30_000, 'channels.start');
    assert.match(String(heal.details?.outcome), /started=(true|false)/);

    // The server comes back: the channel recovers (OpenClaw reconnects, or ClawDoc's channels.start) and the incident closes.
    await ircd.start();
    const rec = await run.waitForEvent(isType('channel-recovered'), 120_000, 'channel-recovered');
    assert.equal(rec.details?.channel, 'irc');
    assert.equal(rec.incidentId, down.incidentId, 'the same channel incident closes');
    await until(run, () => (run.state() as StateWithChannels)?.status?.state === 'healthy', 15_000, 'healthy again');
    const closed = incidents(sb).find((i) => i.id === down.incidentId);
    assert.ok(closed, 'the channel incident is in incidents.jsonl');
    assert.deepEqual(closed.gatewayChannel, { channel: 'irc', accountId: 'default' });
    assert.equal(run.count(isType('channel-needs-human')), 0, 'no person bothered for an outage that healed');
    await run.stop();
  });

  it('kept down: channels.start, one drained gateway restart, then one alert naming the channel; no restart storm', { timeout: 300_000 }, async () => {
    for (const r of runs) await r.stop(); // one watcher per data dir: the first test's, if it failed half-way
    if (!ircd.running()) await ircd.start();
    receiver = await startReceiver('webhook');
    writeFileSync(
      join(sb.dataDir, 'settings.json'),
      JSON.stringify({
        language: 'en',
        gatewayChannels: { graceSec: 5, probeIntervalSec: 3, verifySec: 10 },
        alerts: { desktop: false, channels: [{ name: 'ops', type: 'webhook', url: receiver.url }] },
      }),
    );
    const run = runWatch(sb);
    runs.push(run);
    await until(run, () => irc(run)?.state === 'healthy', 90_000, 'the IRC channel healthy');
    const before = restarts(run);

    await ircd.stop();
    await run.waitForEvent(isType('channel-down'), 60_000, 'channel-down');
    await run.waitForEvent((e) => e.type === 'channel-heal' && e.details?.step === 'channels.start', 30_000, 'channels.start');
    const restartStep = await run.waitForEvent((e) => e.type === 'channel-heal' && e.details?.step === 'gateway-restart', 60_000, 'gateway restart step');
    assert.match(String(restartStep.details?.outcome), /^restarted/);
    const human = await run.waitForEvent(isType('channel-needs-human'), 120_000, 'needs a person');
    assert.equal(human.details?.need, 'unreachable');
    assert.match(human.reason, /IRC channel needs a person/);

    const alert = await waitUntil(() => receiver!.accepted().find((r) => /IRC|irc/.test(r.text) && /needs a person/.test(r.text)), 30_000, 'the alert');
    assert.match(alert.text, /ECONNREFUSED/, 'the alert carries the last error');
    assert.match(alert.text, /server cannot be reached/, 'and says what the channel needs');

    // Several more probe rounds with the server still gone: no second restart, no second alert.
    await sleep(15_000);
    assert.equal(restarts(run) - before, 1, 'exactly one gateway restart for the channel');
    assert.equal(run.count(isType('channel-needs-human')), 1);
    assert.equal(receiver.accepted().filter((r) => /needs a person/.test(r.text)).length, 1, 'one alert');
    assert.equal(irc(run)?.state, 'needs-human');
    assert.equal((run.state() as StateWithChannels).status?.state, 'degraded');

    // Back: the incident closes, the person is told it recovered.
    await ircd.start();
    await run.waitForEvent(isType('channel-recovered'), 60_000, 'channel-recovered');
    await waitUntil(() => receiver!.accepted().some((r) => /recovered/.test(r.text) && /irc/i.test(r.text)), 30_000, 'the recovered alert');
    assert.equal(restarts(run) - before, 1);
    await run.stop();
  });
});
