// `clawdoc notify …` and `clawdoc outbox`, driven through the CLI entry point like a user.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { checkChannelSecrets } from '../../../src/main/engine/alerts/attach-alerts.js';
import { FileSecretStore, MemorySecretStore } from '../../../src/main/engine/alerts/secrets.js';
import { Outbox } from '../../../src/main/engine/alerts/outbox.js';
import { main } from '../../../src/main/cli/clawdoc-cli.js';
import { loadSettings, SettingsError, validateSettings } from '../../../src/main/engine/settings/settings.js';
import { escalationAlert } from '../../../src/main/engine/alerts/alert-messages.js';
import { context, escalationEvent } from '../engine/alerts/fixtures.js';
import { startReceiver, type Receiver } from '../../helpers/receivers.js';

const cleanup: Array<() => unknown> = [];
after(async () => {
  for (const c of cleanup.reverse()) await c();
});

function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'clawdoc-cli-'));
  cleanup.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

async function rx(...a: Parameters<typeof startReceiver>): Promise<Receiver> {
  const r = await startReceiver(...a);
  cleanup.push(() => r.close());
  return r;
}

async function run(d: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...args, '--data-dir', d], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function settingsKeys(raw: unknown): string[] {
  try {
    validateSettings(raw);
    return [];
  } catch (e) {
    assert.ok(e instanceof SettingsError);
    return e.keys;
  }
}

test('channel settings are validated with the key named', () => {
  const ch = (c: Record<string, unknown>) => ({ alerts: { channels: [c] } });
  assert.deepEqual(settingsKeys(ch({ name: 'a', type: 'feishu', url: 'not a url' })), ['alerts.channels.0.url']);
  assert.deepEqual(settingsKeys(ch({ name: 'a', type: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send' })), ['alerts.channels.0.url']);
  assert.deepEqual(settingsKeys(ch({ name: 'a', type: 'discord', url: 'ftp://discord.com/api/webhooks/1/x' })), ['alerts.channels.0.url']);
  assert.deepEqual(settingsKeys(ch({ name: 'a', type: 'telegram', url: 'https://api.telegram.org/bot1:x/sendMessage' })), ['alerts.channels.0.chatId']);
  assert.deepEqual(settingsKeys(ch({ name: 'a', type: 'slack', url: 'https://hooks.slack.com/services/x', colour: 'red' })), ['alerts.channels.0.colour']);
  assert.deepEqual(settingsKeys(ch({ name: 'a', type: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', signed: true })), ['alerts.channels.0.signed']);
  assert.deepEqual(settingsKeys({ alerts: { policy: { quietHours: { start: '25:00', end: '07:00' } } } }), ['alerts.policy.quietHours.start']);
  assert.deepEqual(settingsKeys({ alerts: { policy: { events: ['escalated', 'sneeze'] } } }), ['alerts.policy.events.1']);
  assert.deepEqual(settingsKeys({ alerts: { secret: 'x' } }), ['alerts.secret']);
  const two = { name: 'same', type: 'slack', url: 'https://hooks.slack.com/services/x' };
  assert.deepEqual(settingsKeys({ alerts: { channels: [two, two] } }), ['alerts.channels.1.name']);
  assert.deepEqual(validateSettings({}).alerts.policy.events, ['escalated']);
});

test('a signed channel whose secret is missing is refused with the key named', () => {
  const s = validateSettings({ alerts: { channels: [{ name: 'ok', type: 'slack', url: 'https://hooks.slack.com/services/x' }, { name: 'dd', type: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=t', signed: true }] } });
  const err = checkChannelSecrets(s.alerts.channels, new MemorySecretStore());
  assert.deepEqual(err?.keys, ['alerts.channels.1.signed']);
  assert.equal(checkChannelSecrets(s.alerts.channels, new MemorySecretStore({ dd: 'SECx' })), undefined);
});

test('secrets.json is readable only by the user; a widened mode is fixed and reported', { skip: process.platform === 'win32' }, () => {
  const d = dir();
  const store = new FileSecretStore(d);
  store.set('dd', 'SECvalue');
  assert.equal(statSync(store.path).mode & 0o777, 0o600);
  chmodSync(store.path, 0o644);
  const again = new FileSecretStore(d);
  assert.equal(again.get('dd'), 'SECvalue');
  assert.equal(statSync(store.path).mode & 0o777, 0o600);
  assert.match(again.warnings[0] ?? '', /readable by others/);
});

test('notify add refuses a malformed URL, naming the key, and writes nothing', async () => {
  const d = dir();
  const r = await run(d, 'notify', 'add', 'dingtalk', '--url', 'https://oapi.dingtalk.com/robot/send', '--secret', 'SECabc');
  assert.equal(r.code, 2);
  assert.match(r.err, /"alerts\.channels\.0\.url": channel "dingtalk": url must carry \?access_token/);
  assert.equal(existsSync(join(d, 'settings.json')), false);
  assert.equal(existsSync(join(d, 'secrets.json')), false);
  const t = await run(d, 'notify', 'add', 'teams', '--url', 'https://x');
  assert.equal(t.code, 2);
  assert.match(t.err, /needs a TYPE: feishu, lark, dingtalk/);
});

test('notify add / test / list / remove against a signed DingTalk robot, with the platform verdict', async () => {
  const d = dir();
  const robot = await rx('dingtalk', { secret: 'SECright' });
  const add = await run(d, 'notify', 'add', 'dingtalk', '--url', robot.url, '--secret', 'SECright', '--keyword', 'ClawDoc');
  assert.equal(add.code, 0, add.err);
  const raw = readFileSync(join(d, 'settings.json'), 'utf8');
  assert.ok(!raw.includes('SECright'), 'the secret is not in settings.json');
  assert.equal(statSync(join(d, 'secrets.json')).mode & 0o777, 0o600);

  const ok = await run(d, 'notify', 'test');
  assert.equal(ok.code, 0, ok.out + ok.err);
  assert.equal(ok.out, 'dingtalk (dingtalk): ok — DingTalk: ok');
  assert.match(robot.accepted()[0]!.text, /ClawDoc test message/);

  new FileSecretStore(d).set('dingtalk', 'SECwrong');
  const bad = await run(d, 'notify', 'test', '--channel', 'dingtalk');
  assert.equal(bad.code, 1);
  assert.match(bad.out, /^dingtalk \(dingtalk\): FAILED — DingTalk: sign not match, more: \[.*\] \(310000\)$/);

  const list = await run(d, 'notify', 'list');
  assert.equal(list.code, 0);
  assert.match(list.out, /dingtalk {2}dingtalk {2}http:\/\/127\.0\.0\.1:\d+\/robot\/send\?access_token=\*\*\*/);
  assert.ok(!list.out.includes(robot.token), 'the URL token is masked');
  assert.match(list.out, /signed, secret stored; keywords ClawDoc/);
  assert.match(list.out, /last delivery: FAILED .* — DingTalk: sign not match/);
  const json = JSON.parse((await run(d, 'notify', 'list', '--json')).out);
  assert.equal(json.channels[0].last.ok, false);

  assert.equal((await run(d, 'notify', 'test', '--channel', 'nope')).code, 2);
  const rm = await run(d, 'notify', 'remove', 'dingtalk');
  assert.equal(rm.code, 0);
  assert.deepEqual(loadSettings(d).settings.alerts.channels, []);
  assert.equal(new FileSecretStore(d).get('dingtalk'), undefined);
});

test('settings set refuses to make a channel signed while its secret is missing', async () => {
  const d = dir();
  assert.equal((await run(d, 'notify', 'add', 'feishu', '--url', 'https://open.feishu.cn/open-apis/bot/v2/hook/abc')).code, 0);
  const signed = `[{name:"feishu",type:"feishu",url:"https://open.feishu.cn/open-apis/bot/v2/hook/abc",signed:true}]`;
  const r = await run(d, 'settings', 'set', 'alerts.channels', signed);
  assert.equal(r.code, 2);
  assert.match(r.err, /"alerts\.channels\.0\.signed": channel "feishu" is signed but .* has no secret/);
  assert.equal(loadSettings(d).settings.alerts.channels[0]!.signed, false, 'nothing saved');
  new FileSecretStore(d).set('feishu', 'SECnow');
  assert.equal((await run(d, 'settings', 'set', 'alerts.channels', signed)).code, 0);
  assert.equal(loadSettings(d).settings.alerts.channels[0]!.signed, true);
});

test('notify test on a signed channel without its secret names the key', async () => {
  const d = dir();
  writeFileSync(join(d, 'settings.json'), JSON.stringify({ alerts: { channels: [{ name: 'fs', type: 'feishu', url: 'https://open.feishu.cn/open-apis/bot/v2/hook/abc', signed: true }] } }));
  const r = await run(d, 'notify', 'test');
  assert.equal(r.code, 2);
  assert.match(r.err, /"alerts\.channels\.0\.signed": channel "fs" is signed but .* has no secret/);
});

test('notify detect lists the channels in OpenClaw\'s config and offers them; add --from-openclaw uses its Telegram bot', async () => {
  const d = dir();
  const cfg = join(d, 'openclaw.json');
  // The bot token lives in OpenClaw's config; nothing is sent in this test.
  writeFileSync(cfg, `{ channels: { feishu: { appId: "cli_x", appSecret: "s3cret-app" }, telegram: { botToken: "123456:planted-bot-token", allowFrom: ["tg:alice", "987654321"] } } }`);
  writeFileSync(join(d, 'settings.json'), JSON.stringify({ gateway: { env: { OPENCLAW_CONFIG_PATH: cfg } } }));
  const det = await run(d, 'notify', 'detect');
  assert.equal(det.code, 0);
  assert.match(det.out, /channels\.feishu \(feishu\)/);
  assert.match(det.out, /offer: add a custom bot to the Feishu group/);
  assert.match(det.out, /channels\.telegram \(telegram\)[\s\S]*--from-openclaw[\s\S]*chat 987654321/);
  assert.ok(!det.out.includes('planted-bot-token') && !det.out.includes('s3cret-app'));
  assert.deepEqual(loadSettings(d).settings.alerts.channels, [], 'detect adds nothing by itself');

  const add = await run(d, 'notify', 'add', 'telegram', '--from-openclaw');
  assert.equal(add.code, 0, add.err);
  const ch = loadSettings(d).settings.alerts.channels[0]!;
  assert.equal(ch.chatId, '987654321');
  assert.equal(ch.url, 'https://api.telegram.org/bot123456:planted-bot-token/sendMessage');
  const list = await run(d, 'notify', 'list');
  assert.ok(!list.out.includes('planted-bot-token'), list.out);
});

test('clawdoc outbox shows what is pending; a corrupt outbox is reported and left in place (a read-only command moves nothing)', async () => {
  const d = dir();
  assert.equal((await run(d, 'outbox')).out, 'Outbox empty: every alert was delivered.');
  const o = new Outbox(d);
  o.add('dingtalk', escalationAlert(escalationEvent(), context('en')), Date.now());
  o.update([{ ...o.all()[0]!, attempts: 3, lastError: 'DingTalk: ECONNREFUSED (network)', nextAttemptAt: Date.now() + 60_000 }]);
  const r = await run(d, 'outbox');
  assert.match(r.out, /^1 alert\(s\) pending:\n {2}#1 dingtalk .* \[CRITICAL\] 🚨 OpenClaw gateway needs a human/);
  assert.match(r.out, /3 attempt\(s\), next try in \d+s — last: DingTalk: ECONNREFUSED \(network\)/);
  const j = JSON.parse((await run(d, 'outbox', '--json')).out);
  assert.equal(j.pending, 1);
  assert.equal(j.entries[0].channel, 'dingtalk');
  mkdirSync(join(d, 'alerts'), { recursive: true });
  writeFileSync(join(d, 'alerts', 'outbox.json'), 'garbage{');
  const c = await run(d, 'outbox');
  assert.match(c.err, /outbox\.json could not be read .* left it in place/);
  assert.equal(c.out, 'Outbox empty: every alert was delivered.');
  assert.equal(readFileSync(join(d, 'alerts', 'outbox.json'), 'utf8'), 'garbage{', 'the watcher sets it aside, not a listing');
});
