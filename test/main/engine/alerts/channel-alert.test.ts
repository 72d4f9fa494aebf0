// The alert for a gateway chat channel a person must fix: once per channel incident (not per probe),
// naming the channel, its last error and what it needs, in Chinese and English; its "recovered" only
// when the person was told.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { WatchEvent } from '../../../../src/shared/status.js';
import { AlertPolicy } from '../../../../src/main/engine/alerts/alert-policy.js';
import { AlertStateStore } from '../../../../src/main/engine/alerts/outbox.js';
import { gatewayChannelAlert } from '../../../../src/main/engine/alerts/channel-alert.js';
import { AlertPolicySchema } from '../../../../src/main/engine/settings/alerts-schema.js';
import { context, snapshot, T0 } from './fixtures.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function policy(p: Record<string, unknown> = {}) {
  const d = mkdtempSync(join(tmpdir(), 'clawdoc-chpolicy-'));
  dirs.push(d);
  return new AlertPolicy(AlertPolicySchema.parse(p), new AlertStateStore(d));
}

const needsHuman = (over: Partial<WatchEvent> = {}, need: 'unreachable' | 'token' | 'relink' = 'unreachable', lastError = 'connect ECONNREFUSED 127.0.0.1:6667'): WatchEvent => ({
  ts: T0,
  type: 'channel-needs-human',
  reason: `irc channel needs a person (${need}): ${lastError}`,
  details: { channel: 'irc', accountId: 'default', need, lastError, step: 'human' },
  incidentId: 'ch-1',
  ...over,
});
const channelRecovered = (id = 'ch-1'): WatchEvent => ({ ts: T0 + 60_000, type: 'channel-recovered', reason: 'IRC channel is healthy again after 60s', details: { channel: 'irc', accountId: 'default', incidentId: id, downtimeMs: 60_000 }, incidentId: id });

test('default policy: one alert per channel incident, a recovered only after it', () => {
  const p = policy();
  assert.deepEqual(p.onEvent({ ts: T0, type: 'channel-down', reason: 'irc down', details: { channel: 'irc' } }, T0), [], 'down alone: the ladder is still working');
  assert.deepEqual(p.onEvent({ ts: T0, type: 'channel-heal', reason: 'channels.start', details: { channel: 'irc', step: 'channels.start' } }, T0), []);
  assert.equal(p.onEvent(needsHuman(), T0)[0]?.kind, 'event');
  assert.deepEqual(p.onEvent(needsHuman({ ts: T0 + 30_000 }), T0 + 30_000), [], 'the same incident does not alert twice');
  assert.equal(p.onEvent(channelRecovered(), T0 + 60_000)[0]?.kind, 'recovered');
  assert.deepEqual(p.onEvent(channelRecovered('ch-other'), T0 + 60_000), [], 'no "recovered" for an incident nobody was told about');
  assert.equal(p.onEvent(needsHuman({ incidentId: 'ch-2' }), T0 + 90_000).length, 1, 'a new incident alerts again');
});

test('quiet hours and escalation alerts turned off silence it', () => {
  assert.deepEqual(policy({ events: ['restart'] }).onEvent(needsHuman(), T0), []);
  const always = { start: '00:00', end: '23:59' };
  assert.deepEqual(policy({ quietHours: always }).onEvent(needsHuman(), new Date(2026, 10, 24, 12, 0).getTime()), []);
});

test('the message names the channel, its error, what it needs and what ClawDoc tried (en)', () => {
  const snap = snapshot({
    gatewayChannels: [
      {
        channel: 'irc',
        accountId: 'default',
        label: 'IRC',
        state: 'needs-human',
        since: T0,
        lastError: 'connect ECONNREFUSED 127.0.0.1:6667',
        attempts: [
          { step: 'channels.start', at: T0 - 60_000, outcome: 'started=true, outcome retry (task-owned)' },
          { step: 'gateway-restart', at: T0 - 30_000, outcome: 'restarted (restarted via child)' },
          { step: 'human', at: T0, outcome: 'a person was alerted' },
        ],
      },
    ],
  });
  const a = gatewayChannelAlert(needsHuman(), context('en', { snapshot: snap }));
  assert.equal(a.level, 'critical');
  assert.match(a.title, /irc channel is down and needs a person/);
  const text = JSON.stringify(a);
  assert.match(text, /ECONNREFUSED/);
  assert.match(text, /server cannot be reached/);
  assert.match(text, /channels\.start → started=true, outcome retry \(task-owned\)/);
  assert.match(text, /one gateway restart → restarted/);
});

test('zh: a Telegram token and a WhatsApp re-link say what a person must do', () => {
  const tg = gatewayChannelAlert(needsHuman({ details: { channel: 'telegram', accountId: 'default', need: 'token', lastError: '401 Unauthorized' } }, 'token'), context('zh'));
  assert.match(tg.title, /telegram 渠道已中断，需要人工处理/);
  assert.match(JSON.stringify(tg), /机器人令牌已过期或被吊销/);
  assert.match(JSON.stringify(tg), /未尝试/);
  const wa = gatewayChannelAlert(needsHuman({ details: { channel: 'whatsapp', accountId: 'work', need: 'relink', lastError: 'logged out' } }, 'relink'), context('zh'));
  assert.match(wa.title, /whatsapp \(work\)/);
  assert.match(JSON.stringify(wa), /openclaw channels login --channel whatsapp/);
  const rec = gatewayChannelAlert(channelRecovered(), context('zh'));
  assert.equal(rec.level, 'ok');
  assert.match(rec.title, /irc 渠道已恢复/);
});

test('a secret in the channel error never reaches the message', () => {
  const secret = 'sk-live-abcdefghijklmnopqrstuvwxyz123456';
  const ctx = context('en');
  const a = gatewayChannelAlert(needsHuman({}, 'token', `401 Unauthorized for https://api.telegram.org/bot123456:${secret}/getMe`), ctx);
  assert.doesNotMatch(JSON.stringify(a), new RegExp(secret));
});
