import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultSettings, getKey, setRawKey, SettingsError } from '../../../../src/main/engine/settings/settings.js';

function refused(fn: () => unknown, key: string, message: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof SettingsError, String(err));
    assert.deepEqual(err.keys, [key]);
    assert.match(err.message, message);
    return true;
  });
}

describe('settings keys', () => {
  it('get answers own keys and array indexes only: nothing from Object.prototype or Array.prototype', () => {
    const s = defaultSettings();
    assert.equal(getKey(s, 'watch.intervalSec'), 5);
    assert.equal(getKey(s, 'restart.backoffSec.1'), 30);
    assert.deepEqual(getKey(s, 'gateway.env'), {});
    for (const key of ['toString', 'hasOwnProperty', 'valueOf', 'watch.toString', 'restart.backoffSec.length', 'restart.backoffSec.map', 'restart.backoffSec.01', 'restart.backoffSec.9', 'nope', 'watch.intervalSec.x']) {
      refused(() => getKey(s, key), key, new RegExp(`unknown key "${key.replace(/\./g, '\\.')}"`));
    }
    for (const key of ['constructor', '__proto__', 'watch.constructor', 'gateway.env.__proto__', 'prototype', '__internal__', '__internal__.migrations', '', 'watch.', '.watch']) {
      refused(() => getKey(s, key), key, /invalid key/);
    }
  });

  it('set refuses hostile and reserved keys and never touches a prototype', () => {
    for (const key of ['__proto__.polluted', 'constructor.prototype.polluted', 'watch.__proto__', 'gateway.env.constructor', 'prototype', '__internal__.migrations.version', 'a..b']) {
      refused(() => setRawKey({}, key, '1'), key, /invalid key/);
    }
    refused(() => setRawKey({ watch: 5 }, 'watch.intervalSec', '1'), 'watch.intervalSec', /"watch" is not an object/);
    // Inherited names are just names: an own key is made, and validation refuses it by name.
    assert.deepEqual(setRawKey({}, 'toString.x', '1'), { toString: { x: 1 } });
    assert.deepEqual(setRawKey({}, 'toString', '1'), { toString: 1 });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('set reaches into arrays by index, builds missing objects and leaves the input alone', () => {
    const raw = { alerts: { channels: [{ name: 'a', enabled: true }] } };
    const next = setRawKey(raw, 'alerts.channels.0.enabled', 'false');
    assert.deepEqual(next, { alerts: { channels: [{ name: 'a', enabled: false }] } });
    assert.equal(raw.alerts.channels[0]!.enabled, true);
    refused(() => setRawKey(raw, 'alerts.channels.1.enabled', 'false'), 'alerts.channels.1.enabled', /there is no element 1/);
    refused(() => setRawKey(raw, 'alerts.channels.length', '0'), 'alerts.channels.length', /there is no element length/);
    assert.deepEqual(setRawKey({}, 'gateway.env.OPENCLAW_PROFILE', 'work'), { gateway: { env: { OPENCLAW_PROFILE: 'work' } } });
    assert.deepEqual(setRawKey({}, 'restart.backoffSec', '[1, 2]'), { restart: { backoffSec: [1, 2] } });
  });
});
