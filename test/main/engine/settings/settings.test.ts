import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultSettings, loadSettings, saveSettings, setRawKey, SettingsError, validateSettings } from '../../../../src/main/engine/settings/settings.js';

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
