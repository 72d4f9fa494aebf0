import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import Conf from 'conf';
import type ElectronStore from 'electron-store';
import { loadSettings, saveSettings, SettingsSchema } from '../../../../src/main/engine/settings/settings.js';
import {
  parseSettingsText,
  pendingMigrations,
  recordedVersion,
  SETTINGS_FORMAT_VERSION,
  SettingsParseError,
  settingsJsonSchema,
  settingsStoreOptions,
  type SettingsFile,
} from '../../../../src/main/engine/settings/settings-store.js';

const dir = () => mkdtempSync(join(tmpdir(), 'clawdoc-store-'));
const FEISHU = 'https://open.feishu.cn/open-apis/bot/v2/hook/0f3c9a1e-77aa-4b2c-9d1e-5e6f7a8b9c0d';

function parseError(text: string): SettingsParseError {
  try {
    parseSettingsText(text, 'settings.json');
  } catch (err) {
    assert.ok(err instanceof SettingsParseError);
    return err;
  }
  assert.fail(`parsed: ${text}`);
}

describe('settings store format', () => {
  it('one options object for conf and electron-store: the data dir, settings.json, 0600, the version, never clearing', () => {
    const o = settingsStoreOptions('relative/dir');
    assert.ok(isAbsolute(o.cwd!), 'electron-store refuses a relative cwd outside Electron');
    assert.equal(o.configName, 'settings');
    assert.equal(o.name, 'settings', "electron-store's spelling, or it would open config.json");
    assert.equal(o.fileExtension, 'json');
    assert.equal(o.configFileMode, 0o600);
    assert.equal(o.projectVersion, SETTINGS_FORMAT_VERSION);
    assert.equal(o.clearInvalidConfig, false);
    assert.deepEqual(Object.keys(o.migrations ?? {}), ['1.0.0']);
    // Type-checked against electron-store's own options (the module itself needs Electron to load).
    const forElectron: ConstructorParameters<typeof ElectronStore<SettingsFile>>[0] = o;
    assert.equal(forElectron?.name, 'settings');
  });

  it('the JSON schema is derived from the zod schema (input shape, strict, defaults optional)', () => {
    const { properties, root } = settingsJsonSchema();
    const props = properties as Record<string, { properties?: Record<string, Record<string, unknown>>; additionalProperties?: unknown }>;
    assert.deepEqual(Object.keys(props), Object.keys(SettingsSchema.shape));
    assert.deepEqual(props.gateway?.properties?.port, { default: 18789, type: 'integer', minimum: 1, maximum: 65535 });
    assert.equal(props.watch?.additionalProperties, false);
    assert.equal((root as Record<string, unknown>).additionalProperties, false);
    assert.equal((root as Record<string, unknown>).required, undefined, 'every key may be left out');
  });

  it('parse errors carry the line and column; empty and non-object files are errors too', () => {
    const e = parseError('{\n  watch: {\n    intervalSec: 7,,\n  }\n}');
    assert.equal(e.line, 3);
    assert.equal(e.column, 20);
    assert.match(e.message, /^settings\.json line 3, column 20: invalid character ','$/);
    assert.deepEqual([parseError('').line, parseError('').column], [1, 1]);
    assert.match(parseError(' \n\t ').message, /is empty/);
    const arr = parseError('\n  [1, 2]');
    assert.deepEqual([arr.line, arr.column], [2, 3]);
    assert.match(arr.message, /the top level must be an object/);
    assert.match(parseError('null').message, /line 1, column 1: the top level must be an object/);
    const unterminated = parseError('{\n  url: "https://x/hook/abc\n}');
    assert.deepEqual([unterminated.line, unterminated.column], [2, 27], 'the end of the line the string runs off');
    assert.deepEqual(parseSettingsText('\uFEFF{ a: 1, // c\n }'), { a: 1 });
  });

  it('which migrations a file still needs follows its version marker', () => {
    const file = (version?: unknown): SettingsFile => (version === undefined ? {} : { __internal__: { migrations: { version } } });
    assert.equal(recordedVersion(file()), undefined);
    assert.equal(recordedVersion(file('^1.0.0')), undefined, 'a range is no version (conf reruns the steps)');
    assert.deepEqual(pendingMigrations(recordedVersion(file())).map((m) => m.version), ['1.0.0']);
    assert.deepEqual(pendingMigrations(recordedVersion(file('1.0.0'))), []);
    assert.deepEqual(pendingMigrations(recordedVersion(file('9.0.0'))), [], 'a newer file is never migrated backwards');
  });

  it('conf opened with the shared options reads what saveSettings wrote, validates with the same schema and never clears a broken file', async () => {
    const d = dir();
    await saveSettings(d, { watch: { intervalSec: 9 }, alerts: { channels: [{ name: 'ops', type: 'feishu', url: FEISHU }] } });
    const store = new Conf<SettingsFile>(settingsStoreOptions(d));
    assert.deepEqual(JSON.parse(JSON.stringify(store.store)), { watch: { intervalSec: 9 }, alerts: { channels: [{ name: 'ops', type: 'feishu', url: FEISHU }] } });
    const before = readFileSync(join(d, 'settings.json'), 'utf8');
    assert.throws(() => store.set('gateway.port', 70000), /gateway\/port/);
    assert.throws(() => store.set('bogus', 1), /additional properties/);
    assert.equal(readFileSync(join(d, 'settings.json'), 'utf8'), before, 'a refused write changes nothing');
    store.set('gateway.port', 18800);
    assert.equal(loadSettings(d).settings.gateway.port, 18800, 'a conf write is read back by the engine');
    assert.equal(statSync(join(d, 'settings.json')).mode & 0o777, 0o600);

    writeFileSync(join(d, 'settings.json'), '{ "watch": ');
    assert.throws(() => new Conf<SettingsFile>(settingsStoreOptions(d)), /line 1, column 12: invalid end of input/);
    assert.equal(readFileSync(join(d, 'settings.json'), 'utf8'), '{ "watch": ');
  });

  it('electron-store (with a fake electron module) opens the same file with the same options', async () => {
    const d = dir();
    writeFileSync(join(d, 'settings.json'), `{\n  // today's format: JSON5, no version marker\n  watch: { intervalSec: 7 },\n  alerts: { channels: [{ name: 'ops', type: 'feishu', url: '${FEISHU}' }] },\n}\n`);
    const settingsModule = new URL('../../../../src/main/engine/settings/settings.js', import.meta.url).href;
    const script = `
      import { mock } from 'node:test';
      mock.module('electron', { exports: { default: {} } });
      const { default: ElectronStore } = await import('electron-store');
      const { settingsStoreOptions } = await import(${JSON.stringify(settingsModule)});
      const store = new ElectronStore(settingsStoreOptions(process.argv[1]));
      let refused = '';
      try { store.set('gateway.port', 70000); } catch (e) { refused = e.message; }
      store.set('gateway.port', 18800);
      console.log(JSON.stringify({ path: store.path, store: store.store, refused }));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--experimental-test-module-mocks', '--no-warnings', '--input-type=module', '-e', script, d], {
      cwd: new URL('../../../../', import.meta.url).pathname,
      env: { ...process.env, NODE_TEST_CONTEXT: undefined },
    });
    const r = JSON.parse(stdout) as { path: string; store: SettingsFile; refused: string };
    assert.equal(r.path, join(d, 'settings.json'));
    assert.deepEqual(r.store, { watch: { intervalSec: 7 }, alerts: { channels: [{ name: 'ops', type: 'feishu', url: FEISHU }] }, gateway: { port: 18800 } });
    assert.match(r.refused, /gateway\/port/);
    const loaded = loadSettings(d);
    assert.equal(loaded.settings.gateway.port, 18800);
    assert.equal(loaded.settings.alerts.channels[0]?.url, FEISHU);
    assert.match(readFileSync(join(d, 'settings.pre-1.0.0.json'), 'utf8'), /today's format: JSON5/, 'electron-store migrated it too, keeping the original');
  });
});
