import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import JSON5 from 'json5';
import {
  defaultSettings,
  lastGoodPath,
  loadSettings,
  readLastGood,
  saveSettings,
  setRawKey,
  SETTINGS_FORMAT_VERSION,
  SettingsError,
  validateSettings,
} from '../../../../src/main/engine/settings/settings.js';

const dir = () => mkdtempSync(join(tmpdir(), 'clawdoc-settings-'));

describe('settings', () => {
  it('defaults match the plan', () => {
    const s = defaultSettings();
    assert.equal(s.gateway.port, 18789);
    assert.equal(s.watch.manage, 'auto');
    assert.equal(s.watch.memoryWarnMb, 1024);
    assert.deepEqual(s.restart.backoffSec, [10, 30, 90, 180, 600]);
  });

  it('a missing file gives defaults without writing one', () => {
    const d = dir();
    assert.deepEqual(loadSettings(d).settings, defaultSettings());
    assert.equal(existsSync(join(d, 'settings.json')), false);
  });

  it('reads JSON5 and keeps unspecified keys at their defaults', () => {
    const d = dir();
    writeFileSync(join(d, 'settings.json'), '{ watch: { intervalSec: 7 }, // comment\n }');
    const s = loadSettings(d).settings;
    assert.equal(s.watch.intervalSec, 7);
    assert.equal(s.watch.probeTimeoutSec, 5);
  });

  it('leaves an unparseable file where it is, byte for byte, and reports its line and column', () => {
    // Was: moved aside and defaults used, which made the next watch run without the user's channels.
    const d = dir();
    writeFileSync(join(d, 'settings.json'), '{ "watch": { "intervalSec": 7 ');
    for (const readOnly of [true, false]) {
      const loaded = loadSettings(d, { readOnly });
      assert.deepEqual(loaded.settings, defaultSettings());
      assert.match(loaded.warnings[0] ?? '', /settings\.json line 1, column 31: invalid end of input; there is no last good copy, so the defaults are used/);
      assert.deepEqual(loaded.problem, { message: loaded.problem?.message, line: 1, column: 31, usingLastGood: false });
      assert.deepEqual(readdirSync(d), ['settings.json'], 'nothing moved, nothing written');
      assert.equal(readFileSync(join(d, 'settings.json'), 'utf8'), '{ "watch": { "intervalSec": 7 ');
    }
    assert.equal(existsSync(join(d, 'settings.json')), true);
  });

  it('rejects an unknown key, naming it', () => {
    assert.throws(() => validateSettings({ watch: { intervall: 5 } }), (err: unknown) => {
      assert.ok(err instanceof SettingsError);
      assert.deepEqual(err.keys, ['watch.intervall']);
      assert.match(err.message, /unknown key "watch\.intervall"/);
      return true;
    });
  });

  it('rejects out-of-range values, naming the key, and the file stays as it was', () => {
    const d = dir();
    writeFileSync(join(d, 'settings.json'), '{"gateway":{"port":70000}}');
    assert.throws(() => loadSettings(d), /"gateway\.port": Too big/);
    assert.equal(readFileSync(join(d, 'settings.json'), 'utf8'), '{"gateway":{"port":70000}}');
    assert.throws(() => validateSettings({ watch: { manage: 'docker' } }), /"watch\.manage"/);
    assert.throws(() => validateSettings({ restart: { backoffSec: [] } }), /"restart\.backoffSec"/);
  });

  it('set validates before saving and refuses prototype keys', async () => {
    const d = dir();
    const raw = setRawKey({}, 'watch.intervalSec', '9');
    await saveSettings(d, raw);
    assert.equal(loadSettings(d).settings.watch.intervalSec, 9);
    await assert.rejects(saveSettings(d, setRawKey(raw, 'watch.intervalSec', '-1')), /"watch\.intervalSec"/);
    assert.equal(loadSettings(d).settings.watch.intervalSec, 9, 'the refused value was not written');
    assert.throws(() => setRawKey({}, '__proto__.x', '1'), SettingsError);
  });
});

const FEISHU = 'https://open.feishu.cn/open-apis/bot/v2/hook/0f3c9a1e-77aa-4b2c-9d1e-5e6f7a8b9c0d';
const DINGTALK = 'https://oapi.dingtalk.com/robot/send?access_token=9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d';

/** A settings.json as ClawDoc wrote and users edited it before the version marker: JSON5, comments. */
const TODAYS_FILE = `// ClawDoc settings — edited by hand
{
  language: 'zh',
  gateway: { port: 18790, env: { OPENCLAW_PROFILE: 'work' } },
  watch: {
    intervalSec: 3, // probe faster on this box
    memoryWarnMb: 2048,
  },
  restart: { backoffSec: [5, 30, 120] },
  doctor: {
    autoHeal: 'all',
    approvedCommands: {
      'disk-full': ['journalctl --vacuum-size=200M'],
      'stale-lock': ['rm -f /tmp/openclaw/gateway.lock', 'openclaw gateway restart'],
    },
  },
  alerts: {
    channels: [
      { name: 'ops-feishu', type: 'feishu', url: '${FEISHU}', signed: true, keywords: ['ClawDoc'] },
      { name: 'oncall', type: 'dingtalk', url: '${DINGTALK}', format: 'markdown', mentionAll: true },
    ],
    policy: { events: ['escalated', 'restart'], quietHours: { start: '23:00', end: '07:00' } },
  },
}
`;

/** Every file in the dir with its bytes and mtime: what a read-only call must leave exactly as it was. */
function snapshot(d: string): Record<string, string> {
  return Object.fromEntries(readdirSync(d).sort().map((f) => [f, `${statSync(join(d, f)).mtimeMs} ${readFileSync(join(d, f), 'utf8')}`]));
}

describe('settings file: migration, last good copy, read-only loads', () => {
  it("a today's-format file (JSON5, comments, channels, approved commands, no version) loads and migrates losing nothing", async () => {
    const d = dir();
    writeFileSync(join(d, 'settings.json'), TODAYS_FILE);
    const expected = validateSettings(JSON5.parse(TODAYS_FILE));
    assert.equal(expected.alerts.channels.length, 2);

    const before = snapshot(d);
    const readOnly = loadSettings(d);
    assert.deepEqual(readOnly.settings, expected);
    assert.deepEqual(readOnly.raw, JSON5.parse(TODAYS_FILE));
    assert.deepEqual(snapshot(d), before, 'a read-only load migrates in memory only');

    const migrated = loadSettings(d, { readOnly: false });
    assert.deepEqual(migrated.settings, expected);
    assert.deepEqual(migrated.raw, JSON5.parse(TODAYS_FILE), 'every key the user set, nothing added');
    assert.equal(migrated.problem, undefined);
    const file = JSON.parse(readFileSync(join(d, 'settings.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(file.__internal__, { migrations: { version: SETTINGS_FORMAT_VERSION } });
    assert.equal(readFileSync(join(d, 'settings.pre-1.0.0.json'), 'utf8'), TODAYS_FILE, 'the original text, comments and all');
    for (const f of ['settings.json', 'settings.pre-1.0.0.json', 'settings.last-good.json']) assert.equal(statSync(join(d, f)).mode & 0o777, 0o600, f);

    const after = snapshot(d);
    assert.deepEqual(loadSettings(d, { readOnly: false }).settings, expected);
    assert.deepEqual(snapshot(d), after, 'a current file is not migrated again');
    assert.ok(!JSON.stringify(loadSettings(d)).includes('__internal__'), 'the marker is bookkeeping, never a setting');
  });

  it('zod accepts conf\'s version marker and keeps it out of the settings', () => {
    const s = validateSettings({ __internal__: { migrations: { version: '1.0.0' } }, watch: { intervalSec: 9 } });
    assert.equal(s.watch.intervalSec, 9);
    assert.equal(Object.hasOwn(s, '__internal__'), false);
  });

  it('own __proto__ keys, which cannot round-trip, are refused with the key named', () => {
    assert.throws(() => validateSettings(JSON5.parse('{ gateway: { env: { "__proto__": "x" } } }')), (err: unknown) => {
      assert.ok(err instanceof SettingsError);
      assert.deepEqual(err.keys, ['gateway.env.__proto__']);
      return true;
    });
  });

  it('an empty file is an error, not silently the defaults', () => {
    const d = dir();
    for (const text of ['', '  \n']) {
      writeFileSync(join(d, 'settings.json'), text);
      const loaded = loadSettings(d, { readOnly: false });
      assert.deepEqual(loaded.settings, defaultSettings());
      assert.equal(loaded.problem?.line, 1);
      assert.equal(loaded.problem?.column, 1);
      assert.match(loaded.problem?.message ?? '', /settings\.json is empty/);
      assert.match(loaded.warnings.join('\n'), /is empty/);
      assert.deepEqual(readdirSync(d), ['settings.json']);
    }
  });

  it('a broken file falls back to the last good settings, channels included, and nothing is moved or written', async () => {
    const d = dir();
    await saveSettings(d, JSON5.parse(TODAYS_FILE));
    const good = loadSettings(d).settings;
    assert.equal(statSync(lastGoodPath(d)).mode & 0o777, 0o600);
    writeFileSync(join(d, 'settings.json'), TODAYS_FILE.replace("memoryWarnMb: 2048,", 'memoryWarnMb: 2048 oops'));
    const before = snapshot(d);
    for (const readOnly of [true, false]) {
      const loaded = loadSettings(d, { readOnly });
      assert.deepEqual(loaded.settings, good);
      assert.equal(loaded.settings.alerts.channels.length, 2);
      assert.deepEqual(
        { line: loaded.problem?.line, column: loaded.problem?.column, usingLastGood: loaded.problem?.usingLastGood },
        { line: 7, column: 24, usingLastGood: true },
      );
      assert.match(loaded.warnings[0] ?? '', /settings\.json line 7, column 24: invalid character 'o'; using the last good settings \(.*settings\.last-good\.json, saved \d{4}-/);
      assert.deepEqual(snapshot(d), before);
    }
    assert.deepEqual(readLastGood(d)?.settings, good);
  });

  it('read-only loads never write the last good copy; loads that may write keep it current', async () => {
    const d = dir();
    writeFileSync(join(d, 'settings.json'), '{"__internal__":{"migrations":{"version":"1.0.0"}},"watch":{"intervalSec":4}}');
    loadSettings(d);
    loadSettings(d, { readOnly: true });
    assert.deepEqual(readdirSync(d), ['settings.json']);
    loadSettings(d, { readOnly: false });
    assert.equal(readLastGood(d)?.settings.watch.intervalSec, 4);
    await saveSettings(d, { watch: { intervalSec: 6 } });
    assert.equal(readLastGood(d)?.settings.watch.intervalSec, 6);
  });

  it('a file that parses but holds a bad value is refused with the key named, even by a load that may write', () => {
    const d = dir();
    writeFileSync(join(d, 'settings.json'), '{ restart: { breakerMaxRestarts: 0 } }');
    assert.throws(() => loadSettings(d, { readOnly: false }), /"restart\.breakerMaxRestarts": Too small/);
    assert.deepEqual(readdirSync(d), ['settings.json'], 'not migrated, no last good copy of a bad file');
  });

  it('save writes the whole validated file through conf (JSON, 0600, marker, only what the user set) and never over a broken file', async () => {
    const d = dir();
    await saveSettings(d, { watch: { intervalSec: 9 }, __internal__: { migrations: { version: '0.0.1' } } });
    const text = readFileSync(join(d, 'settings.json'), 'utf8');
    assert.deepEqual(JSON.parse(text), { watch: { intervalSec: 9 }, __internal__: { migrations: { version: SETTINGS_FORMAT_VERSION } } });
    assert.equal(statSync(join(d, 'settings.json')).mode & 0o777, 0o600);

    await assert.rejects(saveSettings(d, { watch: { intervalSec: -1 }, gateway: { port: 0 } }), (err: unknown) => {
      assert.ok(err instanceof SettingsError);
      assert.deepEqual(err.keys, ['gateway.port', 'watch.intervalSec']);
      return true;
    });
    assert.equal(readFileSync(join(d, 'settings.json'), 'utf8'), text, 'all or nothing');

    writeFileSync(join(d, 'settings.json'), '{ watch: { intervalSec: 9 }, alerts: { channels: [ ');
    await assert.rejects(saveSettings(d, { watch: { intervalSec: 8 } }), /line 1, column 52: invalid end of input; fix .* first — nothing was saved/);
    assert.equal(readFileSync(join(d, 'settings.json'), 'utf8'), '{ watch: { intervalSec: 9 }, alerts: { channels: [ ');
  });
});
