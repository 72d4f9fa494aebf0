// Secrets sealed by the OS (the app's safeStorage) beside the owner-only file: the clear text leaves the
// disk when a secret is set in the app, a headless watcher says which secrets it cannot open, and a
// secret sealed for another account is reported, never guessed.
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { SealedSecretStore, sealedOnly, secretStoreFor, type SecretCipher } from '../../../../src/main/engine/alerts/encrypted-secrets.js';
import { FileSecretStore } from '../../../../src/main/engine/alerts/secrets.js';
import type { StoreProblem } from '../../../../src/main/engine/store/documents.js';
import { ClawDocRuntime } from '../../../../src/main/engine/runtime/runtime.js';
import { defaultSettings } from '../../../../src/main/engine/settings/settings.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'clawdoc-sealed-'));
  dirs.push(d);
  return d;
}

/** Behaves as safeStorage does: opaque bytes out, and bytes sealed under another key refuse to open. */
function aesCipher(key = randomBytes(32), available = true): SecretCipher {
  return {
    available,
    name: 'the test keychain',
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt(sealed) {
      const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

const SECRET = 'SEC-feishu-sign-3f9a1c';

test('setting a secret seals it: no clear text on disk, the plain copy removed, mode 0600, read back', () => {
  const dir = dataDir();
  new FileSecretStore(dir).set('ops', 'old-plain-secret');
  const store = new SealedSecretStore(dir, aesCipher());
  assert.equal(store.get('ops'), 'old-plain-secret', 'a secret set from the command line is still used');
  store.set('ops', SECRET);
  const sealedFile = join(dir, 'secrets.safe.json');
  const onDisk = readFileSync(sealedFile, 'utf8');
  assert.ok(!onDisk.includes(SECRET) && !onDisk.includes(Buffer.from(SECRET).toString('base64')), 'the sealed file holds no clear text');
  if (process.platform !== 'win32') assert.equal(statSync(sealedFile).mode & 0o777, 0o600);
  assert.equal(new FileSecretStore(dir).get('ops'), undefined, 'the plain copy is gone');
  assert.ok(!readFileSync(join(dir, 'secrets.json'), 'utf8').includes('old-plain-secret'));
  assert.equal(store.get('ops'), SECRET);
  assert.deepEqual(store.names(), ['ops']);
  assert.deepEqual(store.values(), [SECRET], 'redaction still knows the value');
  store.delete('ops');
  assert.equal(store.get('ops'), undefined);
  assert.deepEqual(store.names(), []);
});

test('a secret sealed under another key is reported once and not used; setting it again repairs it', () => {
  const dir = dataDir();
  new SealedSecretStore(dir, aesCipher()).set('ops', SECRET);
  const problems: StoreProblem[] = [];
  const other = new SealedSecretStore(dir, aesCipher(), (p) => problems.push(p));
  assert.equal(other.get('ops'), undefined);
  assert.deepEqual(other.values(), []);
  assert.equal(problems.length, 1, 'told once, not on every read');
  assert.match(problems[0]!.message, /"ops" cannot be decrypted by the test keychain/);
  assert.ok(!problems[0]!.message.includes(SECRET));
  other.set('ops', 'SEC-new-one');
  assert.equal(other.get('ops'), 'SEC-new-one');
});

test('without a working cipher the owner-only file is used; a headless reader names what only the app can open', () => {
  const dir = dataDir();
  assert.ok(secretStoreFor(dir) instanceof FileSecretStore);
  assert.ok(secretStoreFor(dir, aesCipher(randomBytes(32), false)) instanceof FileSecretStore, 'Linux basic_text: not real encryption');
  const sealed = secretStoreFor(dir, aesCipher());
  assert.ok(sealed instanceof SealedSecretStore);
  sealed.set('ops', SECRET);
  new FileSecretStore(dir).set('dev', 'SEC-plain-dev');
  assert.deepEqual(sealedOnly(dir), ['ops']);
  assert.deepEqual(sealed.names(), ['dev', 'ops']);
});

test('the runtime answers names and storage, never values; setSecret refuses bad input; a signed channel saves once its secret is set', async () => {
  const dir = dataDir();
  const app = ClawDocRuntime.offline({ dataDir: dir, settings: defaultSettings(), secretCipher: aesCipher() });
  const view = await app.setSecret('ops', `  ${SECRET}  `);
  assert.equal(view.storage, 'os');
  assert.deepEqual(view.stored, ['ops']);
  assert.ok(!JSON.stringify(view).includes(SECRET));
  const shown = await app.settings();
  assert.equal(shown.secrets.storage, 'os');
  assert.ok(!JSON.stringify(shown).includes(SECRET));
  await assert.rejects(app.setSecret('has space', 'x'), /without spaces/);
  await assert.rejects(app.setSecret('ops', ''), /1–4096 characters/);
  await assert.rejects(app.setSecret('ops', 'x'.repeat(5000)), /1–4096 characters/);
  await app.updateSettings({ 'alerts.channels': [{ name: 'ops', type: 'feishu', url: 'https://open.feishu.cn/open-apis/bot/v2/hook/abc', signed: true }] });
  assert.equal((await app.settings()).settings.alerts.channels[0]!.signed, true);

  // The same data dir headless: the sealed secret is named as unreadable, never shown.
  const headless = ClawDocRuntime.offline({ dataDir: dir, settings: defaultSettings() });
  const there = (await headless.settings()).secrets;
  assert.equal(there.storage, 'file');
  assert.deepEqual(there.sealedOnly, ['ops']);
  await headless.setSecret('ops', 'SEC-headless');
  assert.deepEqual((await headless.settings()).secrets.sealedOnly, [], 'a plain copy makes it readable headless');
  await app.setSecret('ops', null);
  assert.ok(!existsSync(join(dir, 'secrets.json')) || !readFileSync(join(dir, 'secrets.json'), 'utf8').includes('SEC-headless'));
});
