// attachAlerts end to end with a stand-in watchdog: every channel type, planted secrets everywhere
// (OpenClaw config, environment, webhook secrets, log lines), and every payload checked.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { attachAlerts, type AlertsHandle } from '../../../../src/main/engine/alerts/attach-alerts.js';
import { HeadlessNotifier, type DesktopNotification } from '../../../../src/main/engine/alerts/desktop-notifier.js';
import { MemorySecretStore } from '../../../../src/main/engine/alerts/secrets.js';
import { validateSettings } from '../../../../src/main/engine/settings/settings.js';
import { escalationEvent, FakeWatchdog, snapshot, T0, until } from './fixtures.js';
import { startReceiver, type Platform, type Receiver } from '../../../helpers/receivers.js';

const cleanup: Array<() => unknown> = [];
after(async () => {
  for (const c of cleanup.reverse()) await c();
});

const PLANTED = {
  gatewayToken: 'gw-TOKEN-planted-7f3a9c41',
  providerKey: 'sk-planted-provider-key-0123456789',
  feishuAppSecret: 'feishu-app-secret-planted-x1',
  envKey: 'env-planted-openai-key-xyz987',
  feishuSecret: 'SECfeishu-planted-77aa',
  dingSecret: 'SECding-planted-88bb',
  bearer: 'planted-bearer-abcdef123456',
  password: 'hunter2planted',
  oddToken: 'Zq!odd shaped token 42', // matches no pattern: only the literal list catches it
};

test('every payload to every channel is free of planted secrets; one escalation and one recovered each', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clawdoc-attach-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const configPath = join(dir, 'openclaw.json');
  writeFileSync(
    configPath,
    `{ gateway: { mode: "local", auth: { mode: "token", token: "${PLANTED.gatewayToken}" } },
       models: { providers: { openai: { apiKey: "${PLANTED.providerKey}" } } },
       channels: { feishu: { appId: "cli_123", appSecret: "${PLANTED.feishuAppSecret}" } },
       skills: { entries: { x: { env: { ODD_TOKEN: "${PLANTED.oddToken}" } } } } }`,
  );

  const platforms: Platform[] = ['feishu', 'dingtalk', 'wecom', 'discord', 'telegram', 'slack', 'webhook'];
  const rx: Record<string, Receiver> = {};
  for (const p of platforms) {
    rx[p] = await startReceiver(p, { scale: 0.01, secret: p === 'feishu' ? PLANTED.feishuSecret : p === 'dingtalk' ? PLANTED.dingSecret : undefined });
    cleanup.push(() => rx[p]!.close());
  }
  const settings = validateSettings({
    language: 'en',
    alerts: {
      channels: platforms.map((p) => ({ name: `c-${p}`, type: p, url: rx[p]!.url, signed: p === 'feishu' || p === 'dingtalk', ...(p === 'telegram' ? { chatId: '-100200300' } : {}) })),
    },
  });
  const watchdog = new FakeWatchdog();
  const shown: DesktopNotification[] = [];
  const logs: string[] = [];
  const handle: AlertsHandle = attachAlerts(
    { watchdog, settings, dataDir: dir, mode: 'child' },
    {
      secrets: new MemorySecretStore({ 'c-feishu': PLANTED.feishuSecret, 'c-dingtalk': PLANTED.dingSecret }),
      desktop: { available: true, notify: (n) => shown.push(n) },
      env: { LANG: 'en_US.UTF-8', OPENAI_API_KEY: PLANTED.envKey },
      openclawConfigPath: configPath,
      timeScale: 0.01,
      log: (l) => logs.push(l),
    },
  );
  cleanup.push(() => handle.dispose());

  const lastOutput = [
    `[hook] posting to ${rx.feishu!.url} with ${PLANTED.feishuSecret} and ${PLANTED.dingSecret} (${PLANTED.oddToken})`,
    `[gateway] POST /v1/chat Authorization: Bearer ${PLANTED.bearer}`,
    `[gateway] provider openai key ${PLANTED.providerKey} rejected`,
    `[gateway] auth token ${PLANTED.gatewayToken} in use`,
    `[gateway] login password=${PLANTED.password}`,
    `[gateway] OPENAI_API_KEY=${PLANTED.envKey}`,
    '[gateway] listen EADDRINUSE 127.0.0.1:18789',
  ];
  watchdog.snap = snapshot({ escalation: { at: T0, cause: 'port-foreign', reason: 'x', evidence: {} } });
  const esc = escalationEvent({ reason: `port held; token ${PLANTED.gatewayToken}` }, lastOutput);
  watchdog.fire(esc);
  watchdog.fire({ ...esc, ts: esc.ts + 1000 }); // the same incident again: no second alert
  for (const p of platforms) await until(() => rx[p]!.accepted().length >= 1, 10_000, `escalation at ${p}`);

  watchdog.snap = snapshot({ state: 'healthy', incident: undefined, lastIncident: { id: 'inc-1', openedAt: T0 - 60_000, closedAt: T0, cause: 'x', restarts: 1 } });
  watchdog.fire({ ts: Date.now(), type: 'recovered', reason: 'gateway healthy again after 61s (1 restart)', details: { incidentId: 'inc-1', downtimeMs: 61_000, restarts: 1 } });
  assert.equal(await handle.flush(15_000), true, logs.join('\n'));

  for (const p of platforms) {
    const msgs = rx[p]!.received;
    assert.deepEqual(msgs.filter((m) => !m.accepted).map((m) => m.answer), [], `${p} refused nothing`);
    const bodies = msgs.map((m) => m.text).join('\n=====\n');
    assert.equal(msgs.filter((m) => /needs a human/.test(m.text)).length, 1, `${p}: exactly one escalation\n${bodies}`);
    assert.equal(msgs.filter((m) => /gateway recovered/.test(m.text)).length, 1, `${p}: exactly one recovered`);
    assert.match(bodies, /EADDRINUSE/, `${p}: the log lines were included (the check below is not vacuous)`);
    assert.match(bodies, /Authorization: \*\*\*/);
    for (const m of msgs) {
      for (const [what, secret] of Object.entries(PLANTED)) assert.ok(!m.raw.includes(secret), `${p} payload leaks ${what}:\n${m.raw}`);
      for (const r of Object.values(rx)) assert.ok(!m.raw.includes(r.token), `${p} payload leaks a webhook token`);
    }
  }
  // Desktop notifications and everything written to disk are clean too.
  assert.equal(shown.length, 2);
  const disk = readdirSync(join(dir, 'alerts')).map((f) => readFileSync(join(dir, 'alerts', f), 'utf8')).join('\n');
  for (const text of [JSON.stringify(shown), disk, logs.join('\n')]) {
    for (const [what, secret] of Object.entries(PLANTED)) assert.ok(!text.includes(secret), `leaks ${what}`);
  }
});

test('headless, the desktop notifier is a no-op that says so (once)', () => {
  const lines: string[] = [];
  const n = new HeadlessNotifier((l) => lines.push(l));
  assert.equal(n.available, false);
  n.notify({ title: 'a', body: 'b', level: 'critical' });
  n.notify({ title: 'c', body: 'd', level: 'critical' });
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /desktop notifications are not available headless/);
});

test('alerts.enabled false attaches nothing', async () => {
  const watchdog = new FakeWatchdog();
  const settings = validateSettings({ alerts: { enabled: false } });
  const h = attachAlerts({ watchdog, settings, dataDir: '/nonexistent' });
  watchdog.fire(escalationEvent());
  assert.equal(watchdog.listenerCount('event'), 0);
  assert.equal(await h.flush(10), true);
});

test('reminders while the escalation lasts (scaled minutes), none after "recovered"', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clawdoc-remind-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const r = await startReceiver('webhook');
  cleanup.push(() => r.close());
  const settings = validateSettings({ language: 'en', alerts: { desktop: false, policy: { remindEveryMin: 1 }, channels: [{ name: 'wh', type: 'webhook', url: r.url }] } });
  const watchdog = new FakeWatchdog();
  // One "minute" lasts 300 ms; the policy is checked every 50 ms.
  const h = attachAlerts({ watchdog, settings, dataDir: dir }, { secrets: new MemorySecretStore(), timeScale: 0.005, tickMs: 50, openclawConfigPath: join(dir, 'none.json'), env: {} });
  cleanup.push(() => h.dispose());
  watchdog.snap = snapshot();
  watchdog.fire(escalationEvent());
  await until(() => r.accepted().filter((m) => /Reminder/.test(m.body.title)).length >= 2, 5000, 'two reminders');
  watchdog.snap = snapshot({ state: 'healthy', incident: undefined });
  watchdog.fire({ ts: Date.now(), type: 'recovered', reason: 'healthy again', details: { incidentId: 'inc-1', downtimeMs: 1000, restarts: 0 } });
  await h.flush(5000);
  const count = r.received.length;
  await new Promise((res) => setTimeout(res, 800));
  assert.equal(r.received.length, count, 'no reminder after recovery');
  const titles = r.accepted().map((m) => m.body.title as string);
  assert.equal(titles[0], '🚨 OpenClaw gateway needs a human');
  assert.equal(titles.at(-1), '✅ OpenClaw gateway recovered');
  assert.equal(titles.filter((t) => t.startsWith('🚨')).length, 1);
});

test('a failure inside alerting never reaches the watchdog (the event emitter does not throw)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clawdoc-broken-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'alerts'), 'not a directory'); // every write under alerts/ fails
  const logs: string[] = [];
  const watchdog = new FakeWatchdog();
  const h = attachAlerts({ watchdog, settings: validateSettings({}), dataDir: dir }, { secrets: new MemorySecretStore(), log: (l) => logs.push(l), env: {}, openclawConfigPath: join(dir, 'none.json') });
  cleanup.push(() => h.dispose());
  assert.doesNotThrow(() => watchdog.fire(escalationEvent()));
  assert.ok(logs.some((l) => /alerts: could not handle the escalated event/.test(l)), logs.join('\n'));
});
