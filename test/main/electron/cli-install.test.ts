// "Install the `clawdoc` command": where the launcher goes, that it runs the app's CLI with the app's
// executable as Node (paths with spaces and quotes included), and that it never replaces a file that is
// not ClawDoc's.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { chooseBinDir, cliInstaller, SHIM_MARKER, shimText } from '../../../src/main/electron/cli-install.js';

describe('the clawdoc command launcher', () => {
  it('goes into a per-user folder on PATH, else ~/.local/bin with a hint; on Windows into WindowsApps', () => {
    const home = '/home/me';
    const all = () => true;
    assert.deepEqual(chooseBinDir({ platform: 'linux', env: { PATH: '/usr/bin:/home/me/bin' }, home, writable: all }), { dir: '/home/me/bin', onPath: true });
    assert.deepEqual(chooseBinDir({ platform: 'linux', env: { PATH: '/usr/bin:/home/me/.local/bin:/home/me/bin' }, home, writable: all }), { dir: '/home/me/.local/bin', onPath: true });
    assert.deepEqual(chooseBinDir({ platform: 'linux', env: { PATH: '/usr/bin' }, home, writable: all }), { dir: '/home/me/.local/bin', onPath: false });
    assert.deepEqual(chooseBinDir({ platform: 'darwin', env: { PATH: '/usr/bin:/opt/homebrew/bin' }, home, writable: all }), { dir: '/opt/homebrew/bin', onPath: true });
    assert.deepEqual(chooseBinDir({ platform: 'darwin', env: { PATH: '/usr/bin:/usr/local/bin' }, home, writable: () => false }), { dir: '/home/me/.local/bin', onPath: false }, 'not writable: not chosen');
    assert.deepEqual(chooseBinDir({ platform: 'win32', env: { Path: 'C:\\Windows;C:\\Users\\me\\AppData\\Local\\Microsoft\\WindowsApps', LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local' }, home: 'C:\\Users\\me', writable: all }), {
      dir: 'C:\\Users\\me\\AppData\\Local\\Microsoft\\WindowsApps',
      onPath: true,
    });
  });

  it('runs the app\'s CLI with the app as Node and passes every argument through (paths with spaces and quotes)', () => {
    const root = mkdtempSync(join(tmpdir(), "clawdoc cli '"));
    mkdirSync(join(root, 'My App'));
    const exe = join(root, 'My App', 'ClawDoc');
    // The stand-in executable records its environment flag and arguments.
    writeFileSync(exe, '#!/bin/sh\n{ echo "RUN_AS_NODE=$ELECTRON_RUN_AS_NODE"; printf "%s\\n" "$@"; } > "$(dirname "$0")/out"\n');
    chmodSync(exe, 0o755);
    const script = join(root, 'My App', 'resources', 'app.asar', 'bin', 'clawdoc.js');
    const bin = join(root, 'bin');
    const installer = cliInstaller({ target: { platform: 'linux', exe, script }, env: { PATH: `/usr/bin:${bin}` }, home: root, writable: () => true });
    assert.equal(installer.installedPath(), undefined);
    mkdirSync(bin);
    return installer.install().then((r) => {
      assert.deepEqual(r, { path: join(bin, 'clawdoc'), onPath: true, dir: bin });
      assert.equal(statSync(r.path).mode & 0o777, 0o755);
      assert.equal(installer.installedPath(), r.path);
      execFileSync(r.path, ['status', '--json', 'two words', "it's"]);
      assert.equal(readFileSync(join(root, 'My App', 'out'), 'utf8'), ['RUN_AS_NODE=1', script, 'status', '--json', 'two words', "it's", ''].join('\n'));
    });
  });

  it('an AppImage launcher runs the AppImage with CLAWDOC_CLI=1 (its mount path changes every run)', () => {
    const text = shimText({ platform: 'linux', exe: '/home/me/Apps/ClawDoc.AppImage' });
    assert.match(text, /^CLAWDOC_CLI=1 exec '\/home\/me\/Apps\/ClawDoc\.AppImage' "\$@"$/m);
    assert.doesNotMatch(text, /ELECTRON_RUN_AS_NODE/);
  });

  it('Windows: a .cmd that keeps the variable local and passes %*', () => {
    const text = shimText({ platform: 'win32', exe: 'C:\\Program Files\\ClawDoc\\ClawDoc.exe', script: 'C:\\Program Files\\ClawDoc\\resources\\app.asar\\bin\\clawdoc.js' });
    assert.deepEqual(text.split('\r\n').slice(2), ['setlocal', 'set ELECTRON_RUN_AS_NODE=1', '"C:\\Program Files\\ClawDoc\\ClawDoc.exe" "C:\\Program Files\\ClawDoc\\resources\\app.asar\\bin\\clawdoc.js" %*', '']);
    assert.match(text, new RegExp(SHIM_MARKER));
  });

  it('never replaces a `clawdoc` that is not ClawDoc\'s launcher (a clone\'s npm link, another tool)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'clawdoc-cli-'));
    const bin = join(home, '.local', 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'clawdoc'), '#!/bin/sh\necho mine\n');
    const installer = cliInstaller({ target: { platform: 'linux', exe: '/opt/ClawDoc/clawdoc', script: '/opt/ClawDoc/resources/app.asar/bin/clawdoc.js' }, env: { PATH: bin }, home, writable: () => true });
    await assert.rejects(installer.install(), /not ClawDoc's: not replaced/);
    assert.equal(readFileSync(join(bin, 'clawdoc'), 'utf8'), '#!/bin/sh\necho mine\n');
    assert.equal(installer.installedPath(), undefined);
  });
});
