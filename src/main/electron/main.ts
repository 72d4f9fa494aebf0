// The Electron entry point (package.json `main`). Thin: it finds the files, wires the real `electron`
// into TrayApp and picks the OS's backends. Nothing here is needed to test the app (tray-app.ts is
// tested against a fake electron); the compiler checks the real module fits ElectronDeps.
import { appendFileSync, existsSync, mkdirSync, statSync, truncateSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import electron from 'electron';
import { defaultDataDir } from '../engine/paths.js';
import { loadSettings, type Settings } from '../engine/settings/settings.js';
import { autostartFor } from './autostart.js';
import { openBackend } from './backend.js';
import { safeStorageCipher } from './safe-storage-cipher.js';
import { takeInstallerChoices } from './installer-choices.js';
import { cliInstaller } from './cli-install.js';
import type { ElectronDeps } from './electron-deps.js';
import { ElectronPrefsStore, electronSettingsReader } from './electron-settings.js';
import { TrayApp } from './tray-app.js';

const deps: ElectronDeps = electron;
const { app } = deps;
/** `electron .` in a clone has the app folder as an extra first argument; a packaged app does not. */
const args = process.argv.slice((process as { defaultApp?: boolean }).defaultApp ? 2 : 1);

if (process.env.CLAWDOC_CLI === '1') {
  // The `clawdoc` command of an AppImage (see cli-install.ts): the CLI, no tray.
  const { main } = await import('../cli/clawdoc-cli.js');
  app.dock?.hide();
  const code = await main(args);
  electron.app.exit(code);
} else {
  const dataDir = defaultDataDir();
  mkdirSync(dataDir, { recursive: true });
  // The app and the `clawdoc` command share one folder (settings, history, the watch lock).
  app.setPath('userData', dataDir);

  // Settings through electron-store (the same file and options as the engine's conf); a file it cannot
  // open falls back to the engine's loader, which reports the line and column and keeps the last good copy.
  let viaStore: (() => Settings) | undefined;
  try {
    viaStore = electronSettingsReader(dataDir);
  } catch {
    viaStore = undefined;
  }
  const readSettings = (): Settings => {
    try {
      if (viaStore) return viaStore();
    } catch {
      // below
    }
    return loadSettings(dataDir).settings;
  };

  const logFile = join(dataDir, 'logs', 'app.log');
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  if (existsSync(logFile) && statSync(logFile).size > 2 * 1024 * 1024) truncateSync(logFile, 0);
  const log = (line: string) => {
    const stamped = `${new Date().toISOString()} ${line}`;
    if (process.stdout.isTTY) process.stdout.write(`${line}\n`);
    try {
      appendFileSync(logFile, `${stamped}\n`);
    } catch {
      // the log is a convenience
    }
  };

  const root = app.getAppPath(); // the clone, or resources/app.asar
  const appImage = process.env.APPIMAGE;
  const tray = new TrayApp({
    electron: deps,
    platform: process.platform,
    assetsDir: join(root, 'assets'),
    preload: join(root, 'dist', 'preload', 'preload.cjs'),
    rendererIndex: join(root, 'dist', 'renderer', 'index.html'), // the bundled window (npm run build)
    openBackend: (desktop, onEvent) => openBackend({ dataDir, settings: readSettings, desktop, onEvent, log, secretCipher: safeStorageCipher(electron.safeStorage, process.platform) }),
    autostart: autostartFor(app, process.platform, process.execPath, process.env),
    installerChoices: () => takeInstallerChoices(dataDir, log),
    cli: cliInstaller({
      target: appImage ? { platform: process.platform, exe: appImage } : { platform: process.platform, exe: process.execPath, script: join(root, 'bin', 'clawdoc.js') },
      env: process.env,
      home: homedir(),
    }),
    prefs: new ElectronPrefsStore(dataDir),
    log,
    argv: args,
    devTools: !app.isPackaged,
  });
  const quitOnSignal = () => void tray.quit();
  process.on('SIGINT', quitOnSignal);
  process.on('SIGTERM', quitOnSignal);
  await tray.start();
}
