// Each driver against a local receiver that enforces the platform's rules.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { driverFor } from '../../../../src/main/engine/alerts/channels/drivers.js';
import { withKeyword } from '../../../../src/main/engine/alerts/render.js';
import { Redactor } from '../../../../src/main/engine/redaction/redactor.js';
import type { ChannelType } from '../../../../src/main/engine/settings/alerts-schema.js';
import { escalationAlert, testAlert } from '../../../../src/main/engine/alerts/alert-messages.js';
import { deliver } from '../../../../src/main/engine/alerts/webhook-transport.js';
import { channel, context, escalationEvent } from './fixtures.js';
import { startReceiver, type Platform, type Receiver } from '../../../helpers/receivers.js';

const receivers: Receiver[] = [];
after(async () => {
  for (const r of receivers) await r.close();
});

async function rx(p: Platform, o: Parameters<typeof startReceiver>[1] = {}): Promise<Receiver> {
  const r = await startReceiver(p, o);
  receivers.push(r);
  return r;
}

async function send(type: ChannelType, r: Receiver, cfg: Record<string, unknown> = {}, secret?: string, alert = escalationAlert(escalationEvent(), context('zh'))) {
  const c = channel({ name: type, type, url: r.url, ...(type === 'telegram' ? { chatId: '-100123' } : {}), ...cfg });
  const driver = driverFor(type);
  const req = driver.build(withKeyword(alert, c.keywords), c, secret, Date.now());
  return deliver(driver, req, 5000, new Redactor());
}

describe('every platform accepts a well-formed alert', () => {
  for (const p of ['feishu', 'dingtalk', 'wecom', 'discord', 'telegram', 'slack', 'webhook'] as const) {
    test(p, async () => {
      const r = await rx(p);
      const v = await send(p, r);
      assert.equal(v.ok, true, v.text);
      assert.equal(r.accepted().length, 1, r.received[0]?.answer);
      assert.match(r.received[0]!.text, /OpenClaw Gateway/);
    });
  }
});

describe('signatures', () => {
  test('Feishu: signed card accepted; a wrong secret gets 19021 read from the 200 body', async () => {
    const r = await rx('feishu', { secret: 'SECfeishu-right' });
    const good = await send('feishu', r, { signed: true }, 'SECfeishu-right');
    assert.equal(good.ok, true, good.text);
    assert.equal(typeof r.received[0]!.body.timestamp, 'string'); // seconds, as a string, in the body
    assert.ok(Math.abs(Number(r.received[0]!.body.timestamp) - Date.now() / 1000) < 5);
    const bad = await send('feishu', r, { signed: true }, 'SECfeishu-wrong');
    assert.equal(bad.ok, false);
    assert.equal(bad.status, 200);
    assert.equal(bad.code, 19021);
    assert.match(bad.text, /^Feishu: sign match fail .* \(19021\)$/);
    const unsigned = await send('feishu', r);
    assert.equal(unsigned.code, 19021);
  });

  test('DingTalk: signed message accepted; a wrong secret reads "DingTalk: sign not match … (310000)"', async () => {
    const r = await rx('dingtalk', { secret: 'SECding-right' });
    const good = await send('dingtalk', r, { signed: true }, 'SECding-right');
    assert.equal(good.ok, true, good.text);
    assert.match(r.received[0]!.query.get('timestamp')!, /^\d{13}$/); // milliseconds
    const bad = await send('dingtalk', r, { signed: true }, 'SECding-wrong');
    assert.equal(bad.ok, false);
    assert.equal(bad.code, 310000);
    assert.match(bad.text, /^DingTalk: sign not match.*\(310000\)$/);
  });

  test('a wrong token is reported with the platform code', async () => {
    const d = await rx('dingtalk');
    const v = await send('dingtalk', { ...d, url: d.url.replace(d.token, 'nope') } as Receiver);
    assert.equal(v.text, 'DingTalk: token is not exist (300005)');
    const t = await rx('telegram');
    const tv = await send('telegram', { ...t, url: t.url.replace(t.token, 'nope') } as Receiver);
    assert.equal(tv.text, 'Telegram: Unauthorized (401)');
    const s = await rx('slack');
    const sv = await send('slack', { ...s, url: s.url.replace(s.token, 'nope') } as Receiver);
    assert.equal(sv.ok, false);
    assert.equal(sv.text, 'Slack: no_service (HTTP 404)');
  });
});

describe('keyword setting', () => {
  test('Feishu and DingTalk refuse a message without the keyword; the channel setting adds it', async () => {
    const f = await rx('feishu', { keywords: ['运维告警'] });
    const d = await rx('dingtalk', { keywords: ['ClawAlert'] });
    const plain = testAlert(context('en'));
    const fv = await send('feishu', f, {}, undefined, plain);
    assert.deepEqual([fv.ok, fv.code], [false, 19024]);
    assert.match(fv.text, /Key Words Not Found \(19024\)/);
    const dv = await send('dingtalk', d, {}, undefined, plain);
    assert.deepEqual([dv.ok, dv.code], [false, 310000]);
    assert.match(dv.text, /keywords not in content/);
    assert.equal((await send('feishu', f, { keywords: ['运维告警'] }, undefined, plain)).ok, true);
    assert.equal((await send('dingtalk', d, { keywords: ['ClawAlert'] }, undefined, plain)).ok, true);
  });
});

describe('rate limits answer with the real bodies, and the verdict says so', () => {
  test('Feishu 11232 after 5 in a second', async () => {
    const r = await rx('feishu');
    const vs = [];
    for (let i = 0; i < 6; i++) vs.push(await send('feishu', r));
    const last = vs.at(-1)!;
    assert.equal(vs.slice(0, 5).every((v) => v.ok), true);
    assert.deepEqual([last.ok, last.code, last.rateLimited], [false, 11232, true]);
  });

  test('DingTalk 130101 after 20 in a minute', async () => {
    const r = await rx('dingtalk');
    const vs = [];
    for (let i = 0; i < 21; i++) vs.push(await send('dingtalk', r));
    assert.equal(vs.filter((v) => v.ok).length, 20);
    const last = vs.at(-1)!;
    assert.equal(last.text, 'DingTalk: send too fast, exceed 20 times per minute (130101)');
    assert.equal(last.rateLimited, true);
  });

  test('Discord 429 carries retry_after (seconds) → retryAfterMs', async () => {
    const r = await rx('discord', { retryAfterSec: 1.5 });
    const vs = [];
    for (let i = 0; i < 6; i++) vs.push(await send('discord', r));
    const last = vs.at(-1)!;
    assert.deepEqual([last.ok, last.status, last.retryAfterMs], [false, 429, 1500]);
  });

  test('Telegram 429 carries parameters.retry_after → retryAfterMs', async () => {
    const r = await rx('telegram', { retryAfterSec: 3, limits: [{ limit: 1, windowMs: 60_000 }] });
    assert.equal((await send('telegram', r)).ok, true);
    const v = await send('telegram', r);
    assert.deepEqual([v.ok, v.code, v.retryAfterMs], [false, 429, 3000]);
    assert.match(v.text, /Too Many Requests: retry after 3 \(429\)/);
  });
});

test('Telegram HTML is escaped: log lines with < and > do not break parse_mode', async () => {
  const r = await rx('telegram');
  const alert = escalationAlert(escalationEvent({}, ['<anonymous> at <Module> failed: a < b && c > d']), context('en'));
  const v = await send('telegram', r, {}, undefined, alert);
  assert.equal(v.ok, true, v.text);
  assert.match(r.received[0]!.body.text, /&lt;anonymous&gt;/);
});

test('size limits: a huge alert is cut to fit WeCom markdown (4096 bytes) and Discord content', async () => {
  const huge = escalationAlert(escalationEvent({ reason: '很长的原因 '.repeat(2000) }), context('zh'));
  const w = await rx('wecom');
  assert.equal((await send('wecom', w, {}, undefined, huge)).ok, true, w.received[0]?.answer);
  const d = await rx('discord');
  assert.equal((await send('discord', d, { format: 'text' }, undefined, huge)).ok, true, d.received[0]?.answer);
});

test('a receiver that is down gives a network verdict, not a throw', async () => {
  const r = await rx('slack');
  await r.down();
  const v = await send('slack', r);
  assert.equal(v.ok, false);
  assert.match(v.text, /^Slack: ECONNREFUSED \(network\)$/);
});
