// `clawdoc settings …` and the other read-only commands, driven through the CLI entry point like a user.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { settingsWithOverrides } from '../../../src/main/cli/cli-context.js';
import { main } from '../../../src/main/cli/clawdoc-cli.js';
import { loadSettings, saveSettings } from '../../../src/main/engine/settings/settings.js';
import { freePort } from '../../helpers/gateway.js';

const cleanup: Array<() => unknown> = [];
after(() => {
  for (const c of cleanup.reverse()) c();
});

function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'clawdoc-settings-cli-'));
  cleanup.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

async function run(d: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...args, '--data-dir', d], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function snapshot(d: string): Record<string, string> {
  return Object.fromEntries(readdirSync(d).sort().map((f) => [f, `${statSync(join(d, f)).mtimeMs} ${readFileSync(join(d, f), 'utf8')}`]));
}

const TOKENS = {
  feishu: '0f3c9a1e-77aa-4b2c-9d1e-5e6f7a8b9c0d',
  dingtalk: '9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d',
  telegram: '123456789:AAHplantedBotTokenXyz',
  wecom: 'e1f2a3b4-c5d6-7e8f-9a0b-planted',
};
const CHANNELS = [
  { name: 'fs', type: 'feishu', url: `https://open.feishu.cn/open-apis/bot/v2/hook/${TOKENS.feishu}` },
  { name: 'dd', type: 'dingtalk', url: `https://oapi.dingtalk.com/robot/send?access_token=${TOKENS.dingtalk}` },
  { name: 'tg', type: 'telegram', url: `https://api.telegram.org/bot${TOKENS.telegram}/sendMessage`, chatId: '42' },
  { name: 'wc', type: 'wecom', url: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${TOKENS.wecom}` },
];

test('settings get of an inherited or hostile name is an error naming the key (exit 2), never a prototype member', async () => {
  const d = dir();
  for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'watch.constructor', 'restart.backoffSec.length', '__internal__']) {
    const r = await run(d, 'settings', 'get', key);
    assert.equal(r.code, 2, key);
    assert.equal(r.out, '', key);
    assert.ok(r.err.includes(`key "${key}"`), r.err);
  }
});

test('settings set refuses hostile keys and unknown names, writes nothing and pollutes nothing', async () => {
  const d = dir();
  for (const key of ['__proto__.polluted', 'constructor.prototype.polluted', 'gateway.env.__proto__', '__internal__.migrations.version']) {
    const r = await run(d, 'settings', 'set', key, '1');
    assert.equal(r.code, 2, key);
    assert.ok(r.err.includes(`invalid key "${key}"`), r.err);
  }
  const proto = await run(d, 'settings', 'set', 'gateway.env', '{"__proto__": {"polluted": "yes"}}');
  assert.equal(proto.code, 2);
  assert.match(proto.err, /"gateway\.env\.__proto__": not allowed/);
  const named = await run(d, 'settings', 'set', 'toString', '1');
  assert.equal(named.code, 2);
  assert.match(named.err, /unknown key "toString"/);
  assert.deepEqual(readdirSync(d), []);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('settings show and get mask webhook tokens like notify list, and never print the version marker', async () => {
  const d = dir();
  await saveSettings(d, { alerts: { channels: CHANNELS }, gateway: { env: { OPENCLAW_GATEWAY_TOKEN: 'planted-gateway-token' } } });
  assert.match(readFileSync(join(d, 'settings.json'), 'utf8'), /__internal__/);
  const show = await run(d, 'settings', 'show');
  assert.equal(show.code, 0, show.err);
  const shown = JSON.parse(show.out) as { alerts: { channels: Array<{ url: string }> } };
  assert.equal(shown.alerts.channels.length, 4);
  for (const t of [...Object.values(TOKENS), 'planted-gateway-token']) assert.ok(!show.out.includes(t), `${t} is masked`);
  assert.equal(shown.alerts.channels[0]!.url, 'https://open.feishu.cn/open-apis/bot/v2/hook/***');
  assert.ok(!show.out.includes('__internal__'));

  const get = await run(d, 'settings', 'get', 'alerts.channels.1.url');
  assert.equal(get.code, 0);
  assert.equal(get.out, '"https://oapi.dingtalk.com/robot/send?access_token=***"');
  const all = await run(d, 'settings', 'get', 'alerts');
  for (const t of Object.values(TOKENS)) assert.ok(!all.out.includes(t));
  const set = await run(d, 'settings', 'set', 'alerts.channels.2.mentionAll', 'true');
  assert.equal(set.code, 0, set.err);
  assert.equal(set.out, 'alerts.channels.2.mentionAll = true');
  const setUrl = await run(d, 'settings', 'set', 'alerts.channels.0.url', `https://open.feishu.cn/open-apis/bot/v2/hook/${TOKENS.feishu}-2`);
  assert.equal(setUrl.out, 'alerts.channels.0.url = "https://open.feishu.cn/open-apis/bot/v2/hook/***"');
  assert.equal(loadSettings(d).settings.alerts.channels[0]!.url, `https://open.feishu.cn/open-apis/bot/v2/hook/${TOKENS.feishu}-2`, 'masked in output only');
});

test('read-only commands change nothing in the data dir, even with a broken settings.json and state.json', async () => {
  const d = dir();
  const port = await freePort();
  await saveSettings(d, { gateway: { port }, alerts: { channels: CHANNELS } });
  writeFileSync(join(d, 'settings.json'), `{\n  gateway: { port: ${port} },\n  alerts: { channels: [\n`);
  writeFileSync(join(d, 'state.json'), '{"version": 1, "status": ');
  const before = snapshot(d);
  for (const args of [['status'], ['status', '--json'], ['history'], ['settings', 'show'], ['settings', 'get', 'alerts.channels.0.name'], ['settings', 'path']]) {
    const r = await run(d, ...args);
    assert.deepEqual(snapshot(d), before, args.join(' '));
    if (args[0] === 'settings' && args[1] !== 'path') {
      assert.equal(r.code, 1, 'a broken file is an error');
      assert.match(r.err, /settings\.json line 4, column 1: invalid end of input; using the last good settings/);
    }
    if (args[0] === 'status') assert.match(r.err, /settings\.json line 4, column 1/);
  }
  assert.equal((await run(d, 'settings', 'get', 'alerts.channels.0.name')).out, '"fs"', 'the channels in effect are the last good ones');
});

test('settings set and notify add/remove refuse to save over a broken file (nothing written); set works once it is fixed', async () => {
  const d = dir();
  writeFileSync(join(d, 'settings.json'), '{ watch: { intervalSec: 3 }');
  const r = await run(d, 'settings', 'set', 'watch.intervalSec', '4');
  assert.equal(r.code, 2);
  assert.match(r.err, /line 1, column 28: invalid end of input; fix the file \(or remove it\) first — nothing was saved/);
  for (const args of [['notify', 'add', 'feishu', '--url', CHANNELS[0]!.url, '--secret', 'SECplanted'], ['notify', 'remove', 'fs']]) {
    const n = await run(d, ...args);
    assert.equal(n.code, 2, args.join(' '));
    assert.match(n.err, /line 1, column 28: invalid end of input; fix the file \(or remove it\) first — nothing was saved/);
  }
  assert.deepEqual(readdirSync(d), ['settings.json'], 'no secret stored for a channel that was not saved');
  assert.equal(readFileSync(join(d, 'settings.json'), 'utf8'), '{ watch: { intervalSec: 3 }');
  writeFileSync(join(d, 'settings.json'), '{ watch: { intervalSec: 3 } }');
  assert.equal((await run(d, 'settings', 'set', 'watch.intervalSec', '4')).code, 0);
  assert.equal(loadSettings(d).settings.watch.intervalSec, 4);
});

test('the watcher\'s load keeps the user\'s channels from the last good copy when settings.json breaks', async () => {
  const d = dir();
  await saveSettings(d, { alerts: { channels: CHANNELS } });
  writeFileSync(join(d, 'settings.json'), '');
  const err: string[] = [];
  const { settings: s } = settingsWithOverrides(d, { interval: '2' }, { out: () => {}, err: (l) => err.push(l) });
  assert.deepEqual(s.alerts.channels.map((c) => c.name), ['fs', 'dd', 'tg', 'wc']);
  assert.equal(s.watch.intervalSec, 2);
  assert.match(err.join('\n'), /^warning: .*settings\.json is empty .*; using the last good settings/);
  assert.equal(readFileSync(join(d, 'settings.json'), 'utf8'), '', 'left for the user to fix');
});
