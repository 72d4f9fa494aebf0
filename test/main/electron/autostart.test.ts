// Launch at login per OS, and the three defects of auto-launch 5.x that must not reach users:
// macOS (no AppleScript: Electron's login items, with the requires-approval state), Windows (the real
// state when Task Manager disabled the entry), Linux (auto-launch's own backend writing a `.desktop`
// whose Exec survives spaces and points at $APPIMAGE).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AUTOSTART_ARG, autoLaunchLinuxBackend, autostartFor, desktopEntryActive, electronLoginItems, linuxAutostart, quoteExecArg } from '../../../src/main/electron/autostart.js';
import { FakeApp } from './fake-electron-main.js';

/** Splits an Exec= value as a desktop environment does (string unescape, then the spec's quoting). */
function parseExec(value: string): string[] {
  const unescaped = value.replace(/\\(.)/g, (_, c: string) => (c === 's' ? ' ' : c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c === '\\' ? '\\' : `\\${c}`));
  const args: string[] = [];
  let cur = '';
  let quoted = false;
  let any = false;
  for (let i = 0; i < unescaped.length; i++) {
    const c = unescaped[i]!;
    if (quoted) {
      if (c === '\\' && '"`$\\'.includes(unescaped[i + 1] ?? '')) cur += unescaped[++i];
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') {
      quoted = true;
      any = true;
    } else if (c === ' ') {
      if (cur || any) args.push(cur);
      cur = '';
      any = false;
    } else cur += c;
  }
  if (cur || any) args.push(cur);
  return args.map((a) => a.replaceAll('%%', '%'));
}

function execLine(file: string): string {
  return readFileSync(file, 'utf8').match(/^Exec=(.*)$/m)![1]!;
}

describe('autostart: macOS uses Electron login items (SMAppService), never AppleScript', () => {
  it('turning it on registers the login item; requires-approval reads as on, with the hint', async () => {
    const app = new FakeApp();
    const a = autostartFor(app, 'darwin', '/Applications/ClawDoc.app/Contents/MacOS/ClawDoc', {});
    assert.deepEqual(await a.get(), { supported: true, enabled: false, needsApproval: false });
    assert.deepEqual(await a.set(true), { supported: true, enabled: true, needsApproval: false });
    assert.deepEqual(app.loginItemCalls, [{ openAtLogin: true }]);
    app.loginItems = { openAtLogin: false, status: 'requires-approval' };
    assert.deepEqual(await a.get(), { supported: true, enabled: true, needsApproval: true });
    await a.set(false);
    assert.deepEqual(app.loginItemCalls.at(-1), { openAtLogin: false });
  });

  it('only Electron\'s login item API is used: no auto-launch, so no System Events / AppleScript', async () => {
    const used = new Set<string>();
    const real = new FakeApp();
    const app = new Proxy(real, { get: (t, k) => (used.add(String(k)), Reflect.get(t, k, t)) });
    const a = autostartFor(app, 'darwin', '/Applications/ClawDoc.app/Contents/MacOS/ClawDoc', { HOME: '/nonexistent' });
    await a.set(true);
    await a.get();
    await a.set(false);
    assert.deepEqual([...used].filter((k) => !k.startsWith('loginItem')).sort(), ['getLoginItemSettings', 'setLoginItemSettings']);
  });
});

describe('autostart: Windows reads the real state', () => {
  it('an entry disabled in Task Manager (StartupApproved) reads as off; the Run entry is matched by path and args', async () => {
    const app = new FakeApp();
    const exe = 'C:\\Users\\A B\\AppData\\Local\\Programs\\ClawDoc\\ClawDoc.exe';
    const a = electronLoginItems(app, 'win32', exe);
    await a.set(true);
    assert.deepEqual(app.loginItemCalls, [{ openAtLogin: true, path: exe, args: [AUTOSTART_ARG] }]);
    assert.equal((await a.get()).enabled, true);
    app.loginItems = { openAtLogin: true, executableWillLaunchAtLogin: false }; // the user disabled it in Task Manager
    assert.equal((await a.get()).enabled, false);
  });
});

describe('autostart: Linux through auto-launch\'s backend, its defects worked around', () => {
  function setup(execPath: string, env: NodeJS.ProcessEnv = {}) {
    const home = mkdtempSync(join(tmpdir(), 'clawdoc-autostart-'));
    const dir = join(home, '.config', 'autostart');
    return { home, dir, a: linuxAutostart({ execPath, env, home }) };
  }

  it('writes clawdoc.desktop with a quoted Exec that survives spaces and special characters', async () => {
    const exe = '/home/me/My Apps/Claw"Doc $1 100%/clawdoc';
    const { dir, a } = setup(exe);
    assert.deepEqual(await a.get(), { supported: true, enabled: false });
    assert.deepEqual(await a.set(true), { supported: true, enabled: true });
    assert.deepEqual(readdirSync(dir), ['clawdoc.desktop'], 'named clawdoc, not after the executable');
    const file = join(dir, 'clawdoc.desktop');
    assert.deepEqual(parseExec(execLine(file)), [exe, AUTOSTART_ARG]);
    assert.match(readFileSync(file, 'utf8'), /^Type=Application$/m);
    assert.deepEqual(await a.set(false), { supported: true, enabled: false });
    assert.equal(existsSync(file), false);
  });

  it('the quoted Exec really runs: a shell splitting it as a desktop does reaches the program with its arguments', async () => {
    const root = mkdtempSync(join(tmpdir(), 'clawdoc exec '));
    mkdirSync(join(root, 'a b'));
    const exe = join(root, 'a b', "it's here");
    writeFileSync(exe, '#!/bin/sh\nprintf "%s\\n" "$@" > "$(dirname "$0")/args"\n');
    chmodSync(exe, 0o755);
    const { dir, a } = setup(exe);
    await a.set(true);
    const [cmd, ...args] = parseExec(execLine(join(dir, 'clawdoc.desktop')));
    execFileSync(cmd!, args);
    assert.equal(readFileSync(join(root, 'a b', 'args'), 'utf8'), `${AUTOSTART_ARG}\n`);
  });

  it('from an AppImage, Exec points at $APPIMAGE, not the /tmp/.mount_… it runs from', async () => {
    const { dir, a } = setup('/tmp/.mount_ClawDoabc/clawdoc', { APPIMAGE: '/home/me/Applications/ClawDoc-0.1.0.AppImage' });
    await a.set(true);
    assert.deepEqual(parseExec(execLine(join(dir, 'clawdoc.desktop'))), ['/home/me/Applications/ClawDoc-0.1.0.AppImage', AUTOSTART_ARG]);
  });

  it('XDG_CONFIG_HOME is honoured; an entry switched off by the desktop reads as off', async () => {
    const home = mkdtempSync(join(tmpdir(), 'clawdoc-autostart-'));
    const xdg = join(home, 'xdg');
    const a = linuxAutostart({ execPath: '/opt/ClawDoc/clawdoc', env: { XDG_CONFIG_HOME: xdg }, home });
    await a.set(true);
    const file = join(xdg, 'autostart', 'clawdoc.desktop');
    assert.ok(existsSync(file));
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nX-GNOME-Autostart-enabled=false\n`);
    assert.equal((await a.get()).enabled, false);
    assert.equal(desktopEntryActive('[Desktop Entry]\nHidden=true\n'), false);
    assert.equal(desktopEntryActive('[Desktop Entry]\nExec=x\n'), true);
  });

  it('the backend is auto-launch\'s own Linux module, pointed at our directory', () => {
    const backend = autoLaunchLinuxBackend('/x/autostart');
    assert.equal(backend.getFilePath('clawdoc'), '/x/autostart/clawdoc.desktop');
    assert.equal(typeof backend.enable, 'function');
  });

  it('quoteExecArg: plain paths stay bare; reserved characters are quoted and escaped', () => {
    assert.equal(quoteExecArg('/opt/ClawDoc/clawdoc'), '/opt/ClawDoc/clawdoc');
    assert.equal(quoteExecArg('/a b/c'), '"/a b/c"');
    assert.equal(quoteExecArg('50%'), '50%%');
    assert.equal(quoteExecArg('a\\b'), '"a\\\\\\\\b"', 'a literal backslash is four in the file');
    assert.equal(quoteExecArg('say "hi" $x'), '"say \\\\"hi\\\\" \\\\$x"');
  });
});
