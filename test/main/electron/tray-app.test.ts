// The tray app against a fake `electron` and a scripted runtime: single instance, the icon and menu
// following the runtime's events, the restart click and its notified result, pause / resume, approving
// from the menu, notifications and their clicks, language, quit; the window's security options, its
// navigation rules, the session's, and the IPC sender check.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { IPC_CALL, IPC_EVENT } from '../../../src/shared/ipc-channels.js';
import { CONTENT_SECURITY_POLICY } from '../../../src/main/electron/window.js';
import { INSTALLER_CHOICES_FILE, takeInstallerChoices } from '../../../src/main/electron/installer-choices.js';
import { ROOT } from '../../helpers/gateway.js';
import { menuItem, type FakeBrowserWindow } from './fake-electron-main.js';
import { NOW, proposal, runtimeStatus, ScriptedRuntime, settle, snapshot, trayHarness } from './tray-helpers.js';

const INDEX = join(ROOT, 'src', 'renderer', 'index.html');
const INDEX_URL = pathToFileURL(INDEX).href;

function click(h: ReturnType<typeof trayHarness>, id: string): void {
  const item = menuItem(h.electron.trays[0]!.menu, id);
  assert.ok(item, `menu item ${id}`);
  assert.notEqual(item.enabled, false, `${id} is enabled`);
  assert.ok(item.click, `${id} is clickable`);
  item.click();
}

describe('tray app: start and single instance', () => {
  it('a second launch quits at once and makes no tray; the first opens its window when launched again', async () => {
    const first = trayHarness();
    assert.equal(await first.app.start(), true);
    const second = trayHarness();
    second.electron.app.gotLock = false;
    assert.equal(await second.app.start(), false);
    assert.equal(second.electron.app.quitCalls, 1);
    assert.equal(second.electron.trays.length, 0);
    assert.equal(first.electron.windows.length, 0, 'no window at start (lives in the tray)');
    first.electron.app.emit('second-instance', {}, ['clawdoc'], '/');
    assert.equal(first.electron.windows.length, 1);
    first.electron.app.emit('second-instance', {}, ['clawdoc'], '/');
    assert.equal(first.electron.windows.length, 1, 'the open window is focused, not a second one');
    assert.equal(first.electron.windows[0]!.focused, 1);
    await first.app.quit();
  });

  it('the window is destroyed on close and created again on open; closing it does not quit the app', async () => {
    const h = trayHarness();
    await h.app.start();
    click(h, 'open');
    const w = h.electron.windows[0]!;
    assert.equal(h.electron.app.listenerCount('window-all-closed') > 0, true, 'window-all-closed is handled (no default quit)');
    w.close();
    h.electron.app.emit('window-all-closed');
    assert.equal(h.electron.app.quitCalls, 0);
    assert.equal(h.app.window.current(), undefined, 'no hidden window kept');
    click(h, 'open');
    assert.equal(h.electron.windows.length, 2);
    await h.app.quit();
  });

  it('macOS: no Dock icon; Windows: an app user model id for notifications', async () => {
    const mac = trayHarness({ platform: 'darwin' });
    await mac.app.start();
    assert.equal(mac.electron.app.dockHidden, 1);
    assert.match(mac.electron.trays[0]!.image, /tray\/healthyTemplate\.png$/);
    await mac.app.quit();
    const win = trayHarness({ platform: 'win32' });
    await win.app.start();
    assert.equal(win.electron.app.userModelId, 'com.clawdoc.app');
    assert.equal(win.electron.app.dockHidden, 0);
    assert.match(win.electron.trays[0]!.image, /tray\/healthy\.ico$/);
    await win.app.quit();
  });

  it('first run opens the window once at #/first-run', async () => {
    const h = trayHarness({ firstRunShown: false });
    await h.app.start();
    assert.deepEqual(h.electron.windows[0]!.loads, [{ file: INDEX, hash: '/first-run' }]);
    await h.app.quit();
    const again = trayHarness();
    await again.app.start();
    assert.equal(again.electron.windows.length, 0);
    await again.app.quit();
  });
});

describe('tray app: icon, tooltip and menu follow the runtime', () => {
  it('each status event redraws the icon, tooltip and menu', async () => {
    const h = trayHarness();
    await h.app.start();
    const tray = h.electron.trays[0]!;
    assert.match(tray.image, /tray\/healthy\.png$/);
    assert.match(tray.tooltip, /Gateway: healthy/);
    h.runtime.setState('down');
    await settle(h.app);
    assert.match(tray.image, /tray\/down\.png$/);
    assert.match(tray.tooltip, /Gateway: down/);
    assert.match(menuItem(tray.menu, 'status')!.label!, /Gateway: down/);
    h.runtime.setState('recovering');
    await settle(h.app);
    assert.match(tray.image, /tray\/working\.png$/);
    assert.ok(tray.menus.length >= 3, 'setContextMenu is called again on each change (Linux needs it)');
    await h.app.quit();
  });

  it('attached to a headless watcher: the menu and tooltip say so', async () => {
    const h = trayHarness({ mode: 'attached' });
    await h.app.start();
    assert.match(menuItem(h.electron.trays[0]!.menu, 'attached')!.label!, /Attached to `clawdoc watch` \(pid 4242\)/);
    assert.match(h.electron.trays[0]!.tooltip, /Attached/);
    assert.ok(h.logs.some((l) => /attached/.test(l)));
    await h.app.quit();
  });

  it('the language setting and the OS locale pick the menu\'s language; the menu changes the setting', async () => {
    const h = trayHarness();
    h.electron.app.locale = 'zh-CN';
    await h.app.start();
    assert.equal(menuItem(h.electron.trays[0]!.menu, 'restart')!.label, '重启网关');
    click(h, 'language:en');
    await settle(h.app);
    assert.deepEqual(h.runtime.callsOf('updateSettings'), [[{ language: 'en' }]]);
    assert.equal(menuItem(h.electron.trays[0]!.menu, 'restart')!.label, 'Restart gateway');
    assert.equal(menuItem(h.electron.trays[0]!.menu, 'language:en')!.checked, true);
    await h.app.quit();
  });
});

describe('tray app: menu actions', () => {
  it('restart: calls the runtime, is disabled while it runs, and the result is notified', async () => {
    const h = trayHarness();
    await h.app.start();
    h.runtime.onRestart = () => h.runtime.setState('recovering');
    const done = h.app.run({ type: 'restart' });
    assert.equal(menuItem(h.electron.trays[0]!.menu, 'restart')!.enabled, false, 'disabled at once');
    await done;
    await settle(h.app);
    assert.deepEqual(h.runtime.callsOf('restart'), [['restart requested from the ClawDoc menu']]);
    assert.equal(menuItem(h.electron.trays[0]!.menu, 'restart')!.enabled, false, 'still disabled while the gateway restarts');
    await h.app.run({ type: 'restart' });
    assert.equal(h.runtime.callsOf('restart').length, 1, 'a second click while it runs does nothing');
    h.runtime.setState('healthy');
    await settle(h.app);
    const last = h.electron.notifications.at(-1)!;
    assert.equal(last.options.title, 'Gateway restarted');
    assert.equal(last.shown, true);
    assert.equal(menuItem(h.electron.trays[0]!.menu, 'restart')!.enabled, true);
    await h.app.quit();
  });

  it('restart: a failed restart is notified with its reason', async () => {
    const h = trayHarness();
    await h.app.start();
    h.runtime.onRestart = () => h.runtime.emit({ kind: 'watch', target: 'default', at: NOW, event: { ts: NOW, type: 'restart-failed', reason: 'openclaw gateway restart exited 1' } });
    await h.app.run({ type: 'restart' });
    await settle(h.app);
    const n = h.electron.notifications.at(-1)!;
    assert.equal(n.options.title, 'Restart failed');
    assert.equal(n.options.body, 'openclaw gateway restart exited 1');
    assert.equal(menuItem(h.electron.trays[0]!.menu, 'restart')!.enabled, true);
    h.runtime.failures.restart = 'no `clawdoc watch` is running';
    await h.app.run({ type: 'restart' });
    assert.equal(h.electron.notifications.at(-1)!.options.body, 'no `clawdoc watch` is running');
    await h.app.quit();
  });

  it('restart: one that has not ended in time is reported as still running', async () => {
    const h = trayHarness({ options: { restartTimeoutMs: 30 } });
    await h.app.start();
    await h.app.run({ type: 'restart' });
    await new Promise((r) => setTimeout(r, 80));
    assert.match(h.electron.notifications.at(-1)!.options.body, /not healthy yet/);
    assert.equal(menuItem(h.electron.trays[0]!.menu, 'restart')!.enabled, true);
    await h.app.quit();
  });

  it('pause 30 min / 1 h / until resumed, then resume', async () => {
    const h = trayHarness();
    await h.app.start();
    click(h, 'pause-30');
    click(h, 'pause-60');
    click(h, 'pause-forever');
    await settle(h.app);
    assert.deepEqual(h.runtime.callsOf('pause'), [[{ durationMin: 30 }], [{ durationMin: 60 }], [{}]]);
    h.runtime.setState('paused');
    await settle(h.app);
    assert.equal(menuItem(h.electron.trays[0]!.menu, 'pause'), undefined);
    click(h, 'resume');
    await settle(h.app);
    assert.equal(h.runtime.callsOf('resume').length, 1);
    await h.app.quit();
  });

  it("another gateway's Restart and Pause / Resume act on its own watcher, not the default's; a remote one is never restarted", async () => {
    const ops = new ScriptedRuntime();
    ops.status = runtimeStatus(snapshot('healthy'), { target: 'ops' });
    const hk = new ScriptedRuntime();
    hk.status = runtimeStatus(snapshot('healthy'), { target: 'hk' });
    const h = trayHarness({ targets: [{ id: 'ops', kind: 'local', runtime: ops }, { id: 'hk', kind: 'remote', runtime: hk }] });
    await h.app.start();
    await settle(h.app);
    const menu = () => h.electron.trays[0]!.menu;
    assert.equal(menuItem(menu(), 'target:ops')!.label, 'ops: healthy · 3 h 5 min');
    click(h, 'target-restart:ops');
    await settle(h.app);
    assert.equal(ops.callsOf('restart').length, 1, "the target's own watcher restarts it");
    assert.equal(h.runtime.callsOf('restart').length, 0, 'the default gateway is left alone');
    const note = h.electron.notifications.at(-1)!;
    assert.equal(note.options.title, 'ClawDoc — gateway ops');
    assert.equal(note.options.body, 'restarting the gateway', "what the target's watcher answered");
    assert.equal(menuItem(menu(), 'target-restart:hk')!.enabled, false, 'a remote gateway is watched, never restarted');
    click(h, 'target-pause:ops');
    await settle(h.app);
    assert.deepEqual(ops.callsOf('pause'), [[{ durationMin: 30 }]]);
    assert.equal(h.runtime.callsOf('pause').length, 0);
    ops.status = runtimeStatus(snapshot('paused'), { target: 'ops' });
    await settle(h.app);
    assert.equal(menuItem(menu(), 'target-pause:ops'), undefined);
    click(h, 'target-resume:ops');
    await settle(h.app);
    assert.equal(ops.callsOf('resume').length, 1);
    ops.failures.restart = 'the watcher for ops is not running';
    click(h, 'target-restart:ops');
    await settle(h.app);
    assert.equal(h.electron.notifications.at(-1)!.options.body, 'the watcher for ops is not running', 'a failure is said, not swallowed');
    await h.app.quit();
  });

  it('approve a fix from the menu: the runtime approves it, it leaves the menu, a notification confirms', async () => {
    const h = trayHarness();
    h.runtime.proposals = [proposal('p1', 'Restore the last good config')];
    await h.app.start();
    assert.equal(menuItem(h.electron.trays[0]!.menu, 'proposals')!.label, 'Fixes awaiting approval (1)');
    await h.app.run({ type: 'approve', proposalId: 'p1' });
    await settle(h.app);
    assert.deepEqual(h.runtime.callsOf('approve'), [['p1']]);
    assert.equal(menuItem(h.electron.trays[0]!.menu, 'proposals'), undefined);
    assert.equal(h.electron.notifications.at(-1)!.options.title, 'Fix approved');
    await h.app.quit();
  });

  it('diagnose now: the top finding is notified', async () => {
    const h = trayHarness();
    await h.app.start();
    await h.app.run({ type: 'diagnose' });
    assert.deepEqual(h.runtime.callsOf('diagnose'), [[]]);
    assert.match(h.electron.notifications.at(-1)!.options.body, /port-in-use \(80%\)/);
    await h.app.quit();
  });

  it('launch at login: the checkbox turns it on and shows the real state; install the CLI', async () => {
    const h = trayHarness();
    await h.app.start();
    assert.equal(menuItem(h.electron.trays[0]!.menu, 'autostart')!.checked, false, 'off until the user turns it on');
    click(h, 'autostart');
    await settle(h.app);
    assert.deepEqual(h.autostartSets, [true]);
    assert.equal(menuItem(h.electron.trays[0]!.menu, 'autostart')!.checked, true);
    await h.app.run({ type: 'install-cli' });
    assert.match(menuItem(h.electron.trays[0]!.menu, 'install-cli')!.label!, /\.local\/bin\/clawdoc/);
    assert.equal(h.electron.notifications.at(-1)!.options.title, 'The `clawdoc` command is installed');
    await h.app.quit();
  });

  it('the installer asked for launch at login: turned on once at first start, the note removed; otherwise left off', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clawdoc-inst-'));
    writeFileSync(join(dir, INSTALLER_CHOICES_FILE), '\uFEFF{"launchAtLogin":true}'); // NSIS may write a BOM
    const asked = trayHarness({ options: { installerChoices: () => takeInstallerChoices(dir, () => {}) } });
    await asked.app.start();
    assert.deepEqual(asked.autostartSets, [true]);
    assert.equal(menuItem(asked.electron.trays[0]!.menu, 'autostart')!.checked, true, 'the menu shows the real state');
    assert.ok(!existsSync(join(dir, INSTALLER_CHOICES_FILE)), 'taken once');
    await asked.app.quit();
    const again = trayHarness({ options: { installerChoices: () => takeInstallerChoices(dir, () => {}) } });
    await again.app.start();
    assert.deepEqual(again.autostartSets, [], 'the next start changes nothing');
    await again.app.quit();
    const logs: string[] = [];
    writeFileSync(join(dir, INSTALLER_CHOICES_FILE), '{"launchAtLogin":');
    assert.equal(takeInstallerChoices(dir, (l) => logs.push(l)), undefined);
    assert.match(logs[0]!, /ignored .*installer-choices\.json/);
    writeFileSync(join(dir, INSTALLER_CHOICES_FILE), '{"launchAtLogin":false}');
    assert.deepEqual(takeInstallerChoices(dir, () => {}), { launchAtLogin: false });
  });

  it('quit: the runtime stops (hosted) and the app quits', async () => {
    const h = trayHarness();
    await h.app.start();
    click(h, 'quit');
    await settle(h.app);
    assert.equal(h.runtime.closed, 1);
    assert.equal(h.electron.trays[0]!.destroyed, true);
    assert.equal(h.electron.app.quitCalls, 1);
  });
});

describe('tray app: quitting from the OS', () => {
  it('will-quit is held until the runtime has stopped, then the app quits for real', async () => {
    const h = trayHarness();
    await h.app.start();
    let prevented = false;
    h.electron.app.emit('will-quit', { preventDefault: () => (prevented = true) });
    assert.equal(prevented, true);
    await settle(h.app);
    assert.equal(h.runtime.closed, 1);
    assert.equal(h.electron.app.quitCalls, 1);
    let again = false;
    h.electron.app.emit('will-quit', { preventDefault: () => (again = true) });
    assert.equal(again, false, 'the second will-quit goes through');
  });
});

describe('tray app: notifications', () => {
  it('the alerts\' desktop channel shows a native notification; a click opens the window on that incident', async () => {
    const h = trayHarness();
    await h.app.start();
    assert.equal(h.desktop().available, true);
    h.desktop().notify({ title: 'OpenClaw gateway needs a human', body: 'exit 78', level: 'critical', incidentId: 'inc-7' });
    const n = h.electron.notifications.at(-1)!;
    assert.equal(n.shown, true);
    assert.equal(h.electron.windows.length, 0);
    n.emit('click');
    assert.deepEqual(h.electron.windows[0]!.loads.at(-1), { file: INDEX, hash: '/incidents/inc-7' });
    // Another incident's notification navigates the open window.
    h.desktop().notify({ title: 't', body: 'b', level: 'ok', incidentId: 'inc-8' });
    h.electron.notifications.at(-1)!.emit('click');
    assert.equal(h.electron.windows.length, 1);
    assert.deepEqual(h.electron.windows[0]!.loads.at(-1), { file: INDEX, hash: '/incidents/inc-8' });
    h.electron.notificationsSupported = false;
    assert.equal(h.desktop().available, false);
    await h.app.quit();
  });

  it('a fix awaiting approval is notified once', async () => {
    const h = trayHarness();
    await h.app.start();
    const p = proposal('p9', 'Remove gateway.bogus');
    const before = h.electron.notifications.length;
    h.runtime.emit({ kind: 'proposal', target: 'default', at: NOW, proposal: p });
    h.runtime.emit({ kind: 'proposal', target: 'default', at: NOW, proposal: p });
    h.runtime.emit({ kind: 'proposal', target: 'default', at: NOW, proposal: { ...p, status: 'approved' } });
    assert.equal(h.electron.notifications.length, before + 1);
    const n = h.electron.notifications.at(-1)!;
    assert.equal(n.options.title, 'A fix awaits your approval');
    n.emit('click');
    assert.deepEqual(h.electron.windows[0]!.loads.at(-1)!.hash, '/proposals/p9');
    await h.app.quit();
  });

  it('attached: escalation once per incident, recovery only after an escalation shown; none when desktop alerts are off', async () => {
    const h = trayHarness({ mode: 'attached' });
    await h.app.start();
    const watch = (type: 'escalated' | 'recovered', id: string) =>
      h.runtime.emit({ kind: 'watch', target: 'default', at: NOW, event: { ts: NOW, type, reason: `${type} ${id}`, incidentId: id, details: { downtimeMs: 120_000 } } });
    const base = h.electron.notifications.length;
    watch('recovered', 'never-down');
    watch('escalated', 'i1');
    watch('escalated', 'i1');
    watch('recovered', 'i1');
    const shown = h.electron.notifications.slice(base).map((n) => n.options.title);
    assert.deepEqual(shown, ['OpenClaw gateway needs you', 'OpenClaw gateway recovered']);
    h.runtime.desktop = false;
    await settle(h.app);
    watch('escalated', 'i2');
    assert.equal(h.electron.notifications.length, base + 2);
    await h.app.quit();
  });

  it('hosted: escalation comes only through the alerts (no second notification from the event)', async () => {
    const h = trayHarness({ mode: 'hosted' });
    await h.app.start();
    const base = h.electron.notifications.length;
    h.runtime.emit({ kind: 'watch', target: 'default', at: NOW, event: { ts: NOW, type: 'escalated', reason: 'x', incidentId: 'i1' } });
    assert.equal(h.electron.notifications.length, base);
    await h.app.quit();
  });
});

describe('window security', () => {
  async function openedWindow(): Promise<{ h: ReturnType<typeof trayHarness>; w: FakeBrowserWindow }> {
    const h = trayHarness();
    await h.app.start();
    h.app.openWindow('#/');
    const w = h.electron.windows[0]!;
    h.electron.app.emit('web-contents-created', {}, w.webContents);
    return { h, w };
  }

  it('context isolation, sandbox, no Node, web security, no webview; the bundled preload', async () => {
    const { h, w } = await openedWindow();
    const p = w.options.webPreferences;
    assert.equal(p.contextIsolation, true);
    assert.equal(p.sandbox, true);
    assert.equal(p.nodeIntegration, false);
    assert.equal(p.nodeIntegrationInWorker, false);
    assert.equal(p.nodeIntegrationInSubFrames, false);
    assert.equal(p.webSecurity, true);
    assert.equal(p.allowRunningInsecureContent, false);
    assert.equal(p.webviewTag, false);
    assert.match(p.preload, /dist\/preload\/preload\.cjs$/);
    assert.deepEqual(w.loads[0], { file: INDEX, hash: '/' });
    await h.app.quit();
  });

  it('navigation away and new windows are refused; https links go to the browser; webviews are blocked', async () => {
    const { h, w } = await openedWindow();
    assert.equal(w.webContents.attempt('will-navigate', 'https://evil.example/'), true, 'remote navigation prevented');
    assert.equal(w.webContents.attempt('will-navigate', 'file:///etc/passwd'), true, 'another file prevented');
    assert.equal(w.webContents.attempt('will-navigate', `${INDEX_URL}#/incidents/1`), false, 'its own page with a route is fine');
    assert.equal(w.webContents.attempt('will-redirect', 'https://evil.example/'), true);
    assert.equal(w.webContents.attempt('will-attach-webview', {}, {}), true);
    assert.deepEqual(w.webContents.openHandler!({ url: 'https://docs.openclaw.ai/' }), { action: 'deny' });
    assert.deepEqual(w.webContents.openHandler!({ url: 'javascript:alert(1)' }), { action: 'deny' });
    assert.deepEqual(h.electron.opened, ['https://docs.openclaw.ai/'], 'only the https link went to the browser');
    await h.app.quit();
  });

  it('the session grants no permission, loads nothing but ClawDoc\'s own files, and sends a strict CSP', async () => {
    const { h } = await openedWindow();
    const s = h.electron.session.defaultSession;
    let granted: boolean | undefined;
    s.permissionRequest!({}, 'media', (g) => (granted = g));
    assert.equal(granted, false);
    assert.equal(s.permissionCheck!({}, 'notifications'), false);
    const cancel = (url: string) => {
      let c: boolean | undefined;
      s.beforeRequest!({ url }, (r) => (c = r.cancel));
      return c;
    };
    assert.equal(cancel(INDEX_URL), false);
    assert.equal(cancel(pathToFileURL(join(ROOT, 'src', 'renderer', 'app.js')).href), false);
    assert.equal(cancel('https://cdn.example/x.js'), true);
    assert.equal(cancel('http://127.0.0.1:18789/'), true);
    assert.equal(cancel(pathToFileURL(join(ROOT, 'package.json')).href), true, 'a file outside the renderer folder');
    assert.equal(cancel(`${pathToFileURL(join(ROOT, 'src', 'renderer')).href}/../../package.json`), true);
    let headers: Record<string, string[] | string> | undefined;
    s.headersReceived!({ url: INDEX_URL, responseHeaders: { 'X-Other': ['1'] } }, (r) => (headers = r.responseHeaders));
    assert.deepEqual(headers!['Content-Security-Policy'], [CONTENT_SECURITY_POLICY]);
    assert.deepEqual(headers!['X-Other'], ['1']);
    assert.match(CONTENT_SECURITY_POLICY, /default-src 'none'/);
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-eval|https?:/);
    await h.app.quit();
  });

  it('IPC: calls from ClawDoc\'s own window reach the runtime; any other sender or page is refused', async () => {
    const { h, w } = await openedWindow();
    const ipc = h.electron.ipcMain;
    const ok = (await ipc.invoke(IPC_CALL, { sender: w.webContents, senderFrame: { url: `${INDEX_URL}#/` } }, { method: 'status', args: [] })) as { ok: boolean };
    assert.equal(ok.ok, true);
    const calls = h.runtime.callsOf('restart').length;
    for (const event of [
      { sender: {}, senderFrame: { url: INDEX_URL } }, // another web contents
      { sender: w.webContents, senderFrame: { url: 'https://evil.example/' } }, // a foreign frame in our window
      { sender: w.webContents, senderFrame: null }, // a frame that is gone
    ]) {
      const refused = (await ipc.invoke(IPC_CALL, event, { method: 'restart', args: [] })) as { ok: boolean; code?: string };
      assert.deepEqual([refused.ok, refused.code], [false, 'ForbiddenSender']);
    }
    assert.equal(h.runtime.callsOf('restart').length, calls, 'nothing refused reached the runtime');
    w.close();
    const closed = (await ipc.invoke(IPC_CALL, { sender: w.webContents, senderFrame: { url: INDEX_URL } }, { method: 'status', args: [] })) as { ok: boolean };
    assert.equal(closed.ok, false, 'a closed window is no longer ours');
    await h.app.quit();
    assert.equal(ipc.handlers.size, 0, 'the handler is removed on quit');
  });

  it('events are pushed to the open window only', async () => {
    const { h, w } = await openedWindow();
    h.runtime.setState('down');
    assert.equal(w.webContents.sent.filter(([c]) => c === IPC_EVENT).length, 1);
    w.close();
    h.runtime.setState('healthy');
    assert.equal(w.webContents.sent.length, 1);
    await h.app.quit();
  });
});
