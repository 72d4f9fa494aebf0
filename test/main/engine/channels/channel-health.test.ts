// The channel ladder as a state machine, on the DEFAULT settings, with the time passed in: the grace,
// the probe interval and the verify window users get decide when a channel is down and what happens next.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChannelLadder, ladderConfigFrom, type ChannelDecision } from '../../../../src/main/engine/channels/channel-health.js';
import { classifyNeed, needsPerson, observationsFrom, type ChannelObservation } from '../../../../src/main/engine/channels/channel-status.js';
import { defaultSettings, validateSettings } from '../../../../src/main/engine/settings/settings.js';

const ok = (channel = 'irc', accountId = 'default'): ChannelObservation => ({ channel, accountId, healthy: true, probeOk: true, lifecycle: 'ready' });
const bad = (lastError = 'connect ECONNREFUSED 127.0.0.1:6667', channel = 'irc', accountId = 'default'): ChannelObservation => ({
  channel,
  accountId,
  healthy: false,
  probeOk: false,
  lifecycle: 'recovering',
  lastError,
  problem: `probe failed: ${lastError}`,
});

/** Reports every step as done at once (what the monitor does), so the ladder can go on. */
function act(ladder: ChannelLadder, decisions: ChannelDecision[], now: number): ChannelDecision[] {
  for (const d of decisions) if (d.kind === 'step') ladder.attempted(d.health.channel, d.health.accountId, { step: d.step, at: now, outcome: 'done' }, now);
  return decisions;
}

describe('channel ladder on default settings', () => {
  const s = defaultSettings();
  const config = ladderConfigFrom(s);
  const probeMs = s.gatewayChannels.probeIntervalSec * 1000;

  it('defaults: 2 min grace, a probe every 30 s, 30 s to verify a step, the gateway restart step on', () => {
    assert.equal(s.gatewayChannels.enabled, true);
    assert.equal(config.graceMs, 120_000);
    assert.equal(probeMs, 30_000);
    assert.equal(config.verifyMs, 30_000);
    assert.equal(config.restartGateway, true);
  });

  it('a channel that dies between probes is down within grace + two probes, never before the grace', () => {
    for (const diesAt of [1, 5_000, 15_000, 29_999]) {
      const ladder = new ChannelLadder(config);
      let downAt: number | undefined;
      for (let t = 0; t <= 600_000 && downAt === undefined; t += probeMs) {
        const d = act(ladder, ladder.observe([t < diesAt ? ok() : bad()], t), t);
        if (d.some((x) => x.kind === 'down')) downAt = t;
      }
      assert.ok(downAt !== undefined);
      assert.ok(downAt - diesAt >= config.graceMs, `not before the grace (died ${diesAt}, down ${downAt})`);
      assert.ok(downAt - diesAt <= config.graceMs + 2 * probeMs, `within grace + two probes (died ${diesAt}, down ${downAt})`);
    }
  });

  it('back within the grace: no incident, nothing done', () => {
    const ladder = new ChannelLadder(config);
    const all: ChannelDecision[] = [];
    all.push(...ladder.observe([ok()], 0));
    for (let t = probeMs; t < 120_000; t += probeMs) all.push(...ladder.observe([bad()], t));
    assert.equal(ladder.list()[0]!.state, 'unhealthy');
    assert.equal(ladder.problem(), undefined, 'not an incident yet: the gateway stays healthy');
    all.push(...ladder.observe([ok()], 120_000));
    assert.deepEqual(all, []);
    assert.equal(ladder.list()[0]!.state, 'healthy');
  });

  it('kept down: channels.start, then (after the verify window) one gateway restart, then a person; then nothing more', () => {
    const ladder = new ChannelLadder(config);
    ladder.observe([ok()], 0);
    const steps: string[] = [];
    let t = probeMs;
    for (; t <= 30 * 60_000; t += probeMs) {
      for (const d of act(ladder, ladder.observe([bad()], t), t)) steps.push(d.kind === 'step' ? `${d.step}@${t / 1000}` : `${d.kind}@${t / 1000}`);
    }
    // failing from 30 s; down at 150 s with channels.start at once; 30 s later the restart; 30 s later the person.
    assert.deepEqual(steps, ['down@150', 'channels.start@150', 'gateway-restart@180', 'human@210']);
    const h = ladder.list()[0]!;
    assert.equal(h.state, 'needs-human');
    assert.equal(h.need, 'unreachable');
    assert.deepEqual(
      h.attempts!.map((a) => a.step),
      ['channels.start', 'gateway-restart', 'human'],
    );
    assert.match(ladder.problem()!, /^irc channel needs a person: connect ECONNREFUSED/);
    const back = ladder.observe([ok()], t);
    assert.equal(back.length, 1);
    assert.equal(back[0]!.kind, 'recovered');
    assert.equal(ladder.list()[0]!.state, 'healthy');
    assert.equal(ladder.list()[0]!.attempts, undefined, 'a new incident starts from the first step');
  });

  it('needs a person, but the far end answers again while the account is not running: channels.start again, once per verify window', () => {
    const ladder = new ChannelLadder(config);
    let t = 0;
    for (; t <= 600_000; t += probeMs) act(ladder, ladder.observe([bad()], t), t);
    assert.equal(ladder.list()[0]!.state, 'needs-human');
    const back = { ...bad(), probeOk: true, running: false };
    const steps: number[] = [];
    for (const end = t + 120_000; t <= end; t += probeMs) for (const d of act(ladder, ladder.observe([back], t), t)) if (d.kind === 'step') steps.push(t);
    assert.deepEqual(steps.map((x) => x - steps[0]!), [0, 30_000, 60_000, 90_000, 120_000].slice(0, steps.length));
    assert.equal(ladder.list()[0]!.state, 'needs-human');
    assert.ok(!ladder.list()[0]!.attempts!.some((a, i, all) => a.step === 'gateway-restart' && all.slice(0, i).some((b) => b.step === 'human')), 'never a restart after the person was told');
  });

  it('a step that worked: the channel recovers within the verify window, no restart', () => {
    const ladder = new ChannelLadder(config);
    const kinds: string[] = [];
    for (let t = 0; t <= 120_000; t += probeMs) for (const d of act(ladder, ladder.observe([bad()], t), t)) kinds.push(d.kind === 'step' ? d.step : d.kind);
    for (const d of ladder.observe([ok()], 150_000)) kinds.push(d.kind);
    assert.deepEqual(kinds, ['down', 'channels.start', 'recovered']);
  });

  it('an error only a person can fix (expired token, re-link): no gateway restart, straight to a person after channels.start', () => {
    for (const [err, need] of [
      ['401 Unauthorized: invalid bot token', 'token'],
      ['Connection Failure: logged out, scan the QR code again to re-link', 'relink'],
    ] as const) {
      const ladder = new ChannelLadder(config);
      const steps: string[] = [];
      for (let t = 0; t <= 10 * 60_000; t += probeMs) for (const d of act(ladder, ladder.observe([bad(err, 'telegram')], t), t)) if (d.kind === 'step') steps.push(d.step);
      assert.deepEqual(steps, ['channels.start', 'human'], err);
      assert.equal(ladder.list()[0]!.need, need);
    }
  });

  it('gatewayChannels.restartGateway=false skips the restart step', () => {
    const ladder = new ChannelLadder(ladderConfigFrom(validateSettings({ gatewayChannels: { restartGateway: false } })));
    const steps: string[] = [];
    for (let t = 0; t <= 10 * 60_000; t += probeMs) for (const d of act(ladder, ladder.observe([bad()], t), t)) if (d.kind === 'step') steps.push(d.step);
    assert.deepEqual(steps, ['channels.start', 'human']);
  });

  it('the next step waits until the caller reported the previous one', () => {
    const ladder = new ChannelLadder(config);
    for (let t = 0; t < 120_000; t += probeMs) ladder.observe([bad()], t);
    const first = ladder.observe([bad()], 120_000); // down + channels.start, not reported
    assert.deepEqual(first.map((d) => d.kind), ['down', 'step']);
    assert.deepEqual(ladder.observe([bad()], 10 * 60_000), [], 'nothing while the step is under way');
  });

  it('a gateway that was not live gives unhealthy channels a fresh grace (they may still be connecting)', () => {
    const ladder = new ChannelLadder(config);
    ladder.observe([bad()], 0);
    ladder.gatewayBack(100_000);
    assert.deepEqual(ladder.observe([bad()], 150_000), []);
    assert.equal(ladder.observe([bad()], 220_000)[0]?.kind, 'down');
  });

  it('one account failing does not touch another; a removed account closes its incident', () => {
    const ladder = new ChannelLadder(config);
    for (let t = 0; t <= 150_000; t += probeMs) act(ladder, ladder.observe([bad('ECONNRESET', 'irc', 'a'), ok('irc', 'b')], t), t);
    const list = ladder.list();
    assert.equal(list.find((h) => h.accountId === 'a')!.state, 'down');
    assert.equal(list.find((h) => h.accountId === 'b')!.state, 'healthy');
    const gone = ladder.observe([ok('irc', 'b')], 180_000);
    assert.equal(gone[0]?.kind, 'recovered');
    assert.match((gone[0] as { reason: string }).reason, /no longer configured/);
  });
});

describe("reading the gateway's channels.status", () => {
  // Shapes as OpenClaw 2026.9.6 answered with the IRC plugin (observed in the test bed).
  const payload = (account: Record<string, unknown>) => ({
    channelLabels: { irc: 'IRC' },
    channelAccounts: { irc: [{ accountId: 'default', enabled: true, configured: true, ...account }] },
    statusIssues: [],
  });

  it('server gone: running and connected stay true, lifecycle recovering, the probe fails', () => {
    const [o] = observationsFrom(payload({ running: true, connected: true, lifecycle: 'recovering', probe: { ok: false, error: 'connect ECONNREFUSED 127.0.0.1:16667' }, lastError: 'connect ECONNREFUSED 127.0.0.1:16667' }));
    assert.equal(o!.healthy, false);
    assert.equal(o!.label, 'IRC');
    assert.equal(o!.lastError, 'connect ECONNREFUSED 127.0.0.1:16667');
    assert.match(o!.problem!, /probe failed.*lifecycle recovering/);
  });

  it('ready and probed: healthy', () => {
    const [o] = observationsFrom(payload({ running: true, connected: true, lifecycle: 'ready', probe: { ok: true, latencyMs: 2025 }, lastError: null }));
    assert.equal(o!.healthy, true);
    assert.equal(o!.probeOk, true);
  });

  it('a plugin the gateway refused to trust: blocked, not running, needs a person', () => {
    const err = 'Channel ingress queue is unavailable: openChannelIngressQueue is only available for trusted plugins in this release. | PLUGIN_TRUST_REFUSED';
    const [o] = observationsFrom(payload({ running: false, lifecycle: 'blocked', lastError: err }));
    assert.equal(o!.healthy, false);
    assert.equal(classifyNeed(o!.lastError), 'plugin');
    assert.equal(needsPerson('plugin'), true);
  });

  it('disabled or unconfigured accounts are not watched; a channel /readyz lists as failing is not healthy', () => {
    assert.deepEqual(observationsFrom(payload({ enabled: false })), []);
    assert.deepEqual(observationsFrom(payload({ configured: false })), []);
    const [o] = observationsFrom(payload({ running: true, lifecycle: 'ready' }), ['irc']);
    assert.equal(o!.healthy, false);
    assert.match(o!.problem!, /readyz/);
    assert.deepEqual(observationsFrom(null), []);
    assert.deepEqual(observationsFrom({ channelAccounts: { irc: 'nonsense' } }), []);
  });

  it('what a channel needs, from its last error', () => {
    assert.equal(classifyNeed('connect ECONNREFUSED 127.0.0.1:6667'), 'unreachable');
    assert.equal(classifyNeed('getaddrinfo ENOTFOUND open.feishu.cn'), 'unreachable');
    assert.equal(classifyNeed('Telegram: 401 Unauthorized'), 'token');
    assert.equal(classifyNeed('WhatsApp session logged out; re-link required'), 'relink');
    assert.equal(classifyNeed('SASL authentication failed'), 'auth');
    assert.equal(classifyNeed(undefined), 'unknown');
    assert.equal(classifyNeed('something odd'), 'unknown');
    assert.equal(needsPerson('unreachable'), false);
    assert.equal(needsPerson('unknown'), false);
  });
});
