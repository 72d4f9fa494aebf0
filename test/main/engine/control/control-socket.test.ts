// The control socket lives where only this user can write: the data dir when the path fits, else a 0700
// directory ($XDG_RUNTIME_DIR/clawdoc or <tmp>/clawdoc-<uid>) whose owner and mode are checked, so another
// local user cannot create the socket (or its directory) first.
import assert from 'node:assert/strict';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { ControlServer, controlSocketPath, watcherClient } from '../../../../src/main/engine/control/control-channel.js';
import { createApiClient } from '../../../../src/shared/api-client.js';

const skip = process.platform === 'win32' && 'named pipes on Windows';
const uid = process.getuid?.() ?? 0;

function deepDataDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'clawdoc-deep-')), 'a'.repeat(60), 'b'.repeat(40), 'clawdoc');
}

describe('control socket path', { skip }, () => {
  it('is in the data dir when the path fits', () => {
    const d = mkdtempSync(join(tmpdir(), 'clawdoc-sock-'));
    assert.equal(controlSocketPath(d), join(d, 'clawdoc.sock'));
  });

  it('deep data dir: $XDG_RUNTIME_DIR/clawdoc/, created 0700', () => {
    const runtime = mkdtempSync(join(tmpdir(), 'xdg-'));
    const p = controlSocketPath(deepDataDir(), 'linux', { env: { XDG_RUNTIME_DIR: runtime } });
    assert.equal(dirname(p), join(runtime, 'clawdoc'));
    assert.equal(statSync(dirname(p)).mode & 0o777, 0o700);
  });

  it('deep data dir without a runtime dir: <tmp>/clawdoc-<uid>/, created 0700 (never a bare predictable file in /tmp)', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'tmp-'));
    const p = controlSocketPath(deepDataDir(), 'linux', { env: {}, tmp });
    assert.equal(dirname(p), join(tmp, `clawdoc-${uid}`));
    assert.match(p, /\/[0-9a-f]{16}\.sock$/);
    assert.equal(statSync(dirname(p)).mode & 0o777, 0o700);
    assert.equal(controlSocketPath(deepDataDir(), 'linux', { env: {}, tmp }).startsWith(dirname(p)), true, 'the existing private dir is reused');
  });

  it('refuses a directory someone else made first: world-writable, another owner, or a symlink', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'tmp-'));
    const dir = join(tmp, `clawdoc-${uid}`);
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    assert.throws(() => controlSocketPath(deepDataDir(), 'linux', { env: {}, tmp }), /refusing to put the control socket in .*writable by others \(mode 777\)/);
    chmodSync(dir, 0o700);
    if (uid === 0) {
      chownSync(dir, 65534, 65534); // as if user "nobody" had created it
      assert.throws(() => controlSocketPath(deepDataDir(), 'linux', { env: {}, tmp }), /owned by uid 65534, not by you \(uid 0\)/);
    } else {
      assert.throws(() => controlSocketPath(deepDataDir(), 'linux', { env: {}, tmp, uid: uid + 1 }), /owned by uid/);
    }
    const tmp2 = mkdtempSync(join(tmpdir(), 'tmp-'));
    const elsewhere = mkdtempSync(join(tmpdir(), 'attacker-'));
    symlinkSync(elsewhere, join(tmp2, `clawdoc-${uid}`));
    assert.throws(() => controlSocketPath(deepDataDir(), 'linux', { env: {}, tmp: tmp2 }), /not a plain directory/);
    const runtime = mkdtempSync(join(tmpdir(), 'xdg-'));
    mkdirSync(join(runtime, 'clawdoc'), { mode: 0o700 });
    chmodSync(join(runtime, 'clawdoc'), 0o770);
    assert.throws(() => controlSocketPath(deepDataDir(), 'linux', { env: { XDG_RUNTIME_DIR: runtime } }), /writable by others/);
  });

  it('a watcher with a deep data dir is reachable on the private path', async () => {
    const dataDir = deepDataDir();
    const api = createApiClient(async (method) => ({ ok: true, message: `pong ${method}` }));
    const server = new ControlServer(controlSocketPath(dataDir), { api, subscribe: () => () => {} });
    await server.listen();
    try {
      assert.deepEqual(await watcherClient(dataDir).resume(), { ok: true, message: 'pong resume' });
      assert.equal(statSync(server.path).mode & 0o077, 0, 'the socket is owner-only');
    } finally {
      server.close();
    }
  });
});
