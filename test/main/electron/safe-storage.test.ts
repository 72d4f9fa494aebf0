// Secrets in the tray app are sealed with Electron's safeStorage where it really encrypts (Keychain,
// DPAPI, a Linux keyring) and stay in the owner-only file where it would only obscure (Linux basic_text).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openBackend } from '../../../src/main/electron/backend.js';
import { safeStorageCipher } from '../../../src/main/electron/safe-storage-cipher.js';
import { loadSettings } from '../../../src/main/engine/settings/settings.js';
import { freePort } from '../../helpers/gateway.js';
import { FakeSafeStorage } from './fake-electron-main.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('safeStorage for secrets', () => {
  it('is used where it encrypts, not with Linux basic_text, not when unavailable, not before the app is ready', () => {
    const s = new FakeSafeStorage();
    assert.equal(safeStorageCipher(s, 'linux').available, true, 'libsecret');
    s.backend = 'kwallet5';
    assert.equal(safeStorageCipher(s, 'linux').available, true);
    s.backend = 'basic_text';
    assert.equal(safeStorageCipher(s, 'linux').available, false, 'a key baked into Chromium is no protection');
    assert.equal(safeStorageCipher(s, 'darwin').available, true, 'the backend name is a Linux matter');
    s.available = false;
    assert.equal(safeStorageCipher(s, 'darwin').available, false);
    const early = Object.assign(new FakeSafeStorage(), {
      isEncryptionAvailable: () => {
        throw new Error('safeStorage cannot be used before app is ready');
      },
    });
    assert.equal(safeStorageCipher(early, 'win32').available, false);
    assert.match(safeStorageCipher(s, 'darwin').name, /Keychain/);
    assert.match(safeStorageCipher(s, 'win32').name, /DPAPI/);
  });

  it('the hosted runtime seals a secret set in the window; the file holds no clear text; basic_text keeps the file', async () => {
    for (const backend of ['gnome_libsecret', 'basic_text']) {
      const dataDir = mkdtempSync(join(tmpdir(), 'clawdoc-safe-'));
      dirs.push(dataDir);
      writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ gateway: { port: await freePort() }, watch: { manage: 'none', intervalSec: 60 }, doctor: { enabled: false } }));
      const safe = Object.assign(new FakeSafeStorage(), { backend });
      const backendNow = await openBackend({ dataDir, settings: () => loadSettings(dataDir).settings, desktop: { available: false, notify: () => {} }, onEvent: () => {}, log: () => {}, secretCipher: safeStorageCipher(safe, 'linux') });
      try {
        assert.equal(backendNow.mode, 'hosted');
        const view = await backendNow.api.setSecret('ops', 'SEC-window-typed-7d2e');
        assert.equal(view.storage, backend === 'basic_text' ? 'file' : 'os');
        const file = backend === 'basic_text' ? 'secrets.json' : 'secrets.safe.json';
        const text = readFileSync(join(dataDir, file), 'utf8');
        assert.equal(text.includes('SEC-window-typed-7d2e'), backend === 'basic_text', `${file} with ${backend}`);
        assert.deepEqual((await backendNow.api.settings()).secrets.stored, ['ops']);
      } finally {
        await backendNow.close();
      }
    }
  });
});
