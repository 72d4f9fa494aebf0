// Delivery: rate limits (real limiter, scaled windows), digests, retries, retry_after, the outbox
// across an outage and a restart of ClawDoc, summaries of stale alerts, a corrupt outbox file.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Alert } from '../../../../src/shared/alerts.js';
import { Dispatcher, type DispatcherOptions } from '../../../../src/main/engine/alerts/dispatcher.js';
import { Redactor } from '../../../../src/main/engine/redaction/redactor.js';
import { MemorySecretStore } from '../../../../src/main/engine/alerts/secrets.js';
import { AlertStateStore, Outbox, readDeliveries } from '../../../../src/main/engine/alerts/outbox.js';
import { eventAlert } from '../../../../src/main/engine/alerts/alert-messages.js';
import { channel, context, sleep, until } from './fixtures.js';
import { startReceiver, type Receiver } from '../../../helpers/receivers.js';

const dirs: string[] = [];
const receivers: Receiver[] = [];
const dispatchers: Dispatcher[] = [];
after(async () => {
  for (const d of dispatchers) d.stop();
  for (const r of receivers) await r.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'clawdoc-alerts-'));
  dirs.push(d);
  return d;
}

function make(dir: string, channels: ReturnType<typeof channel>[], o: Partial<DispatcherOptions> = {}): Dispatcher {
  const d = new Dispatcher({
    dataDir: dir,
    channels,
    secrets: new MemorySecretStore(),
    outbox: new Outbox(dir),
    state: new AlertStateStore(dir),
    redactor: new Redactor(),
    lang: 'en',
    maxAgeMs: 60 * 60_000,
    ...o,
  });
  dispatchers.push(d);
  return d;
}

/** One alert per watch event, as the policy produces with events: ["restart"]. */
function restartAlert(i: number, now = Date.now()): Alert {
  return eventAlert(
    { ts: now, type: 'restart', reason: `restarted the gateway via child (pid ${1000 + i}): storm event #${i}#`, incidentId: 'inc-storm' },
    context('en', { now }),
  );
}

test('a 100-event storm: DingTalk gets at most 20 messages per (scaled) minute, every event is in one of them, in order', async () => {
  const scale = 0.01; // one minute lasts 600 ms, for the receiver and for ClawDoc's limiter alike
  const window = 60_000 * scale;
  const r = await startReceiver('dingtalk', { scale });
  receivers.push(r);
  const dir = dataDir();
  const d = make(dir, [channel({ name: 'ding', type: 'dingtalk', url: r.url })], { timeScale: scale });
  d.start();
  for (let i = 1; i <= 100; i++) {
    d.enqueue(restartAlert(i));
    await sleep(10); // 100 events within about a second and a half: several windows
  }
  assert.equal(await d.idle(30_000), true, 'outbox drained');
  const got = r.received;
  assert.ok(got.length > 0);
  assert.deepEqual(got.filter((m) => !m.accepted).map((m) => m.answer), [], 'no message refused (no 130101)');
  for (const m of got) {
    const inWindow = got.filter((x) => x.at > m.at - window && x.at <= m.at).length;
    assert.ok(inWindow <= 20, `${inWindow} messages within one window ending at ${m.at}`);
  }
  assert.ok(got.length < 100, `a burst is merged into digests (${got.length} messages for 100 events)`);
  const all = got.map((m) => m.body.markdown.text as string).join('\n');
  let last = -1;
  for (let i = 1; i <= 100; i++) {
    const at = all.indexOf(`storm event #${i}#`);
    assert.ok(at >= 0, `event ${i} delivered`);
    assert.ok(at > last, `event ${i} after event ${i - 1}`);
    last = at;
  }
  assert.equal(new Outbox(dir).all().length, 0);
});

test('a storm to Feishu keeps both its windows (5 per second, 100 per minute) and loses nothing', async () => {
  const scale = 0.1; // 1 s → 100 ms, 1 min → 6 s
  const r = await startReceiver('feishu', { scale });
  receivers.push(r);
  const dir = dataDir();
  const d = make(dir, [channel({ name: 'fst', type: 'feishu', url: r.url })], { timeScale: scale });
  d.start();
  for (let i = 1; i <= 100; i++) {
    d.enqueue(restartAlert(i));
    await sleep(5);
  }
  assert.equal(await d.idle(30_000), true);
  assert.deepEqual(r.received.filter((m) => !m.accepted).map((m) => m.answer), [], 'no 11232');
  for (const m of r.received) assert.ok(r.received.filter((x) => x.at > m.at - 100 && x.at <= m.at).length <= 5);
  const all = r.received.map((m) => m.text).join('\n');
  for (let i = 1; i <= 100; i++) assert.ok(all.includes(`storm event #${i}#`), `event ${i}`);
});

test('receiver down for a while, ClawDoc restarted meanwhile: nothing lost, order kept, outbox reloaded from disk', async () => {
  const r = await startReceiver('feishu');
  receivers.push(r);
  await r.down();
  const dir = dataDir();
  const cfg = [channel({ name: 'fs', type: 'feishu', url: r.url })];
  const first = make(dir, cfg, { timeScale: 0.01 });
  first.start();
  for (let i = 1; i <= 5; i++) {
    first.enqueue(restartAlert(i));
    await sleep(30);
  }
  await until(() => new Outbox(dir).all().every((e) => e.attempts >= 1), 5000, 'attempts against the dead receiver');
  first.stop(); // ClawDoc exits with the alerts undelivered
  const onDisk = JSON.parse(readFileSync(join(dir, 'alerts', 'outbox.json'), 'utf8'));
  assert.equal(onDisk.entries.length, 5);
  assert.match(onDisk.entries[0].lastError, /Feishu: ECONNREFUSED \(network\)/);
  assert.equal(readDeliveries(dir).fs?.ok, false);

  await r.up();
  const second = make(dir, cfg, { timeScale: 0.01 }); // a new ClawDoc process: only the files carry over
  second.start();
  assert.equal(await second.idle(10_000), true);
  const text = r.accepted().map((m) => m.text).join('\n');
  let last = -1;
  for (let i = 1; i <= 5; i++) {
    const at = text.indexOf(`storm event #${i}#`);
    assert.ok(at > last, `alert ${i} delivered after ${i - 1}`);
    last = at;
  }
  assert.equal(readDeliveries(dir).fs?.ok, true);
});

test('retries back off, then deliver when the platform is back', async () => {
  const r = await startReceiver('wecom');
  receivers.push(r);
  await r.down();
  const dir = dataDir();
  const d = make(dir, [channel({ name: 'wc', type: 'wecom', url: r.url })], { timeScale: 0.01 });
  d.start();
  d.enqueue(restartAlert(1));
  await until(() => (new Outbox(dir).all()[0]?.attempts ?? 0) >= 3, 5000, 'three attempts');
  const e = new Outbox(dir).all()[0]!;
  assert.ok(e.nextAttemptAt > Date.now() - 1000);
  await r.up();
  assert.equal(await d.idle(10_000), true);
  assert.equal(r.accepted().length, 1);
});

for (const platform of ['discord', 'telegram'] as const) {
  test(`${platform}: a 429's retry_after is honored as given`, async () => {
    const r = await startReceiver(platform, { limits: [{ limit: 1, windowMs: 400 }], retryAfterSec: 0.4 });
    receivers.push(r);
    const dir = dataDir();
    // ClawDoc's own limiter off for this channel: the platform's 429 is what is under test.
    const d = make(dir, [channel({ name: 'rl', type: platform, url: r.url, ...(platform === 'telegram' ? { chatId: '42' } : {}) })], { limitsFor: () => [] });
    d.start();
    d.enqueue(restartAlert(1));
    await until(() => r.accepted().length === 1, 5000, 'first message');
    d.enqueue(restartAlert(2));
    assert.equal(await d.idle(10_000), true);
    const refused = r.received.filter((m) => m.status === 429);
    assert.equal(refused.length, 1, 'one 429, then ClawDoc waited');
    const retried = r.received.at(-1)!;
    assert.equal(retried.accepted, true);
    assert.ok(retried.at - refused[0]!.at >= 400, `waited ${retried.at - refused[0]!.at} ms after retry_after 0.4 s`);
    assert.match(retried.text, /storm event #2#/);
  });
}

test('DingTalk 130101 blocks the channel for its penalty; the alert stays queued and goes later', async () => {
  const scale = 0.001; // the 10-minute block lasts 600 ms
  const r = await startReceiver('dingtalk', { scale, limits: [{ limit: 1, windowMs: 300_000 }] }); // 1 per 300 ms, blocked 600 ms past it
  receivers.push(r);
  const dir = dataDir();
  const d = make(dir, [channel({ name: 'dd', type: 'dingtalk', url: r.url })], { timeScale: scale, limitsFor: () => [] });
  d.start();
  d.enqueue(restartAlert(1));
  await until(() => r.accepted().length === 1, 5000, 'first');
  d.enqueue(restartAlert(2));
  await until(() => r.received.some((m) => m.answer.includes('130101')), 5000, '130101');
  const blockedAt = Date.now();
  assert.equal(new Outbox(dir).all().length, 1);
  assert.equal(await d.idle(10_000), true);
  assert.ok(r.accepted().at(-1)!.at - blockedAt >= 500, 'waited for the penalty');
  assert.match(r.accepted().at(-1)!.text, /storm event #2#/);
});

test('alerts too old to matter are summarised in one message, fresh ones follow', async () => {
  const r = await startReceiver('slack');
  receivers.push(r);
  await r.down();
  const dir = dataDir();
  const d = make(dir, [channel({ name: 'sl', type: 'slack', url: r.url })], { timeScale: 0.01, maxAgeMs: 60_000, limitsFor: () => [] });
  d.start();
  for (let i = 1; i <= 4; i++) d.enqueue(restartAlert(i, Date.now() - 2 * 3600_000)); // raised two hours ago, never delivered
  d.enqueue(restartAlert(5));
  await sleep(200);
  await r.up();
  assert.equal(await d.idle(10_000), true);
  const msgs = r.accepted().map((m) => m.body.text as string);
  assert.equal(msgs.length, 2, msgs.join('\n====\n'));
  assert.match(msgs[0]!, /4 older alerts, summarised/);
  assert.match(msgs[0]!, /4 × 🔁 OpenClaw gateway restarted/);
  assert.doesNotMatch(msgs[0]!, /storm event #1#/); // not replayed one by one
  assert.match(msgs[1]!, /storm event #5#/);
});

test('a signed channel without its secret keeps the alert and says why', async () => {
  const r = await startReceiver('feishu', { secret: 'SECx' });
  receivers.push(r);
  const dir = dataDir();
  const secrets = new MemorySecretStore();
  const d = make(dir, [channel({ name: 'fsx', type: 'feishu', url: r.url, signed: true })], { secrets, timeScale: 0.01 });
  d.start();
  d.enqueue(restartAlert(1));
  await until(() => new Outbox(dir).all()[0]?.lastError, 5000, 'an error');
  assert.match(new Outbox(dir).all()[0]!.lastError!, /signed but has no secret/);
  assert.equal(r.received.length, 0, 'nothing unsigned was sent');
  secrets.set('fsx', 'SECx');
  assert.equal(await d.idle(10_000), true);
  assert.equal(r.accepted().length, 1);
});

test('a corrupt outbox file is moved aside, not deleted, and the outbox starts empty', () => {
  const dir = dataDir();
  mkdirSync(join(dir, 'alerts'), { recursive: true });
  writeFileSync(join(dir, 'alerts', 'outbox.json'), '{"version":1,"seq":3,"entries":[{"se');
  const o = new Outbox(dir);
  assert.equal(o.all().length, 0);
  assert.match(o.warnings[0] ?? '', /could not be read .* moved it to .*outbox\.json\.corrupt-/);
  const aside = readdirSync(join(dir, 'alerts')).find((f) => f.startsWith('outbox.json.corrupt-'));
  assert.ok(aside);
  assert.equal(readFileSync(join(dir, 'alerts', aside), 'utf8'), '{"version":1,"seq":3,"entries":[{"se');
  assert.equal(existsSync(join(dir, 'alerts', 'outbox.json')), false);
});

test('a digest never cuts an alert off: what does not fit one WeCom message (4096 bytes) goes in the next', async () => {
  const r = await startReceiver('wecom');
  receivers.push(r);
  await r.down();
  const dir = dataDir();
  const d = make(dir, [channel({ name: 'wc2', type: 'wecom', url: r.url })], { timeScale: 0.01 });
  d.start();
  for (let i = 1; i <= 60; i++) d.enqueue(restartAlert(i));
  await r.up();
  assert.equal(await d.idle(15_000), true);
  const msgs = r.accepted().map((m) => m.body.markdown.content as string);
  assert.ok(msgs.length >= 2, `needed several messages, got ${msgs.length}`);
  assert.ok(msgs.every((m) => !m.endsWith('…')), 'no message was cut');
  const all = msgs.join('\n');
  for (let i = 1; i <= 60; i++) assert.ok(all.includes(`storm event #${i}#`), `event ${i}`);
});
