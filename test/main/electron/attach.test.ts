// The tray attaches to a headless `clawdoc watch` that already holds the data dir (a real one, started
// with --manage none on a temp data dir) instead of starting a second watcher, says so, acts through
// it, and leaves it running on quit. Without one, it hosts the runtime itself — and a second app then
// attaches to that.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { watcherAnswers, watcherClient } from '../../../src/main/engine/control/control-channel.js';
import { loadSettings } from '../../../src/main/engine/settings/settings.js';
import { lockHolder } from '../../../src/main/engine/runtime/watch-lock.js';
import { targetDataDir } from '../../../src/main/engine/runtime/targets.js';
import { openBackend, type Backend } from '../../../src/main/electron/backend.js';
import { FilePrefsStore } from '../../../src/main/electron/prefs.js';
import { TrayApp } from '../../../src/main/electron/tray-app.js';
import { noAutostart } from '../../../src/main/electron/autostart.js';
import { CLAWDOC_BIN, freePort, ROOT, waitUntil } from '../../helpers/gateway.js';
import { fakeElectron, menuItem } from './fake-electron-main.js';
import { settle } from './tray-helpers.js';

const children: ChildProcess[] = [];
after(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

/** Settings with a second gateway (`ops`), so the menu's per-target actions are exercised too. */
async function dataDirWithSettings(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'clawdoc-attach-'));
  const port = await freePort(); // nothing listens: the gateway reads as down, manage=none never starts one
  const opsPort = await freePort();
  const targets = [{ id: 'ops', kind: 'local', port: opsPort, manage: 'none' }];
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ gateway: { port }, watch: { manage: 'none', intervalSec: 1 }, doctor: { enabled: false }, targets }));
  return dir;
}

function trayFor(dataDir: string, logs: string[]) {
  const electron = fakeElectron();
  const prefs = new FilePrefsStore(dataDir);
  prefs.set('firstRunShown', true);
  const app = new TrayApp({
    electron,
    platform: 'linux',
    assetsDir: join(ROOT, 'assets'),
    preload: join(ROOT, 'dist', 'preload', 'preload.cjs'),
    rendererIndex: join(ROOT, 'src', 'renderer', 'index.html'),
    openBackend: (desktop, onEvent) => openBackend({ dataDir, settings: () => loadSettings(dataDir).settings, desktop, onEvent, log: (l) => logs.push(l), attachWaitMs: 3000 }),
    autostart: noAutostart,
    cli: { installedPath: () => undefined, install: async () => ({ path: '', onPath: false, dir: '' }) },
    prefs,
    log: (l) => logs.push(l),
    argv: [],
    refreshMs: 3_600_000,
  });
  return { electron, app };
}

describe('attach to a running watcher', () => {
  it('a headless `clawdoc watch` holds the data dir: the tray attaches, says so, acts through it, and leaves it running', async () => {
    const dataDir = await dataDirWithSettings();
    const watch = spawn(process.execPath, [CLAWDOC_BIN, 'watch', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CLAWDOC_NO_LITE_MODE: '1' } });
    children.push(watch);
    await waitUntil(() => watcherAnswers(dataDir), 20_000, 'the headless watcher answers');
    const logs: string[] = [];
    const { electron, app } = trayFor(dataDir, logs);
    assert.equal(await app.start(), true);
    assert.equal(app.mode, 'attached');
    assert.equal(lockHolder(dataDir)?.pid, watch.pid, 'the headless watcher still holds the lock: no second watcher');
    assert.ok(logs.some((l) => l.includes(`attached to the running \`clawdoc watch\` (pid ${watch.pid})`)), logs.join('\n'));
    const tray = electron.trays[0]!;
    assert.match(menuItem(tray.menu, 'attached')!.label!, new RegExp(`pid ${watch.pid}`));
    await waitUntil(async () => (await app.refresh(), /Gateway: (down|needs you)/.test(tray.tooltip)), 10_000, 'the tooltip shows the watcher\'s state');
    // A menu action reaches the headless watcher: pause it for 30 minutes, then resume.
    await app.run({ type: 'pause', minutes: 30 });
    const paused = await watcherClient(dataDir).status();
    assert.equal(paused.gateway?.state, 'paused');
    assert.ok(paused.pausedUntil && paused.pausedUntil > Date.now() + 29 * 60_000);
    // The icon is the worst of both gateways (ops is down), so the menu says paused: it offers Resume.
    await waitUntil(async () => (await settle(app), menuItem(tray.menu, 'resume') !== undefined), 5000, 'Resume in the menu');
    await app.run({ type: 'resume' });
    assert.notEqual((await watcherClient(dataDir).status()).gateway?.state, 'paused');
    // The other gateway's own Pause in the menu reaches its own watcher socket, and only that one.
    await waitUntil(async () => (await app.refresh(), menuItem(tray.menu, 'target-pause:ops')?.enabled === true), 10_000, 'the ops target is listed with its actions');
    menuItem(tray.menu, 'target-pause:ops')!.click!();
    const ops = watcherClient(targetDataDir(dataDir, 'ops'));
    await waitUntil(async () => (await ops.status()).gateway?.state === 'paused', 5000, 'ops paused');
    assert.notEqual((await watcherClient(dataDir).status()).gateway?.state, 'paused', 'the default gateway is not paused');
    await app.quit();
    assert.equal(electron.app.quitCalls, 1);
    assert.equal(await watcherAnswers(dataDir), true, 'quitting the tray does not stop the headless watcher');
    watch.kill('SIGTERM');
    await new Promise((r) => watch.once('exit', r));
  });

  it('no watcher: the tray hosts the runtime; a second app on the same data dir attaches to it', async () => {
    const dataDir = await dataDirWithSettings();
    const events: string[] = [];
    const noop = { available: false, notify: () => {} };
    const first: Backend = await openBackend({ dataDir, settings: () => loadSettings(dataDir).settings, desktop: noop, onEvent: (e) => events.push(e.kind), log: () => {} });
    try {
      assert.equal(first.mode, 'hosted');
      assert.equal(first.watcherPid, process.pid);
      assert.equal(lockHolder(dataDir)?.pid, process.pid);
      const seen: string[] = [];
      const second = await openBackend({ dataDir, settings: () => loadSettings(dataDir).settings, desktop: noop, onEvent: (e) => seen.push(e.kind), log: () => {} });
      assert.equal(second.mode, 'attached');
      await second.api.pause({ durationMin: 5 });
      await waitUntil(() => seen.includes('watch'), 5000, 'the attached side receives the hosted runtime\'s events');
      assert.equal((await first.api.status()).gateway?.state, 'paused');
      // Hosted, another target's contract is its runtime in this process.
      assert.equal((await first.targets!()).map((t) => `${t.id}:${t.kind}`).join(), 'ops:local');
      await first.targetApi!('ops')!.pause({ durationMin: 5 });
      assert.equal((await first.targetApi!('ops')!.status()).gateway?.state, 'paused');
      assert.equal(first.targetApi!('nope'), undefined);
      await second.close();
    } finally {
      await first.close();
    }
    assert.equal(lockHolder(dataDir), undefined, 'the lock is released on close');
  });
});
