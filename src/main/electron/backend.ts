// Where the tray's runtime lives. Normally in this process (ClawDocRuntime.watch). When a headless
// `clawdoc watch` already holds the data dir (a server-style setup: systemd, launchd, a terminal), the
// tray attaches to it over the control channel instead of starting a second watcher: the same
// contract, the same events, and the menu says so.
import type { ClawDocApi, ClawDocEvent } from '../../shared/api.js';
import type { DesktopNotifier } from '../engine/alerts/desktop-notifier.js';
import type { SecretCipher } from '../engine/alerts/encrypted-secrets.js';
import { subscribeWatcher, watcherAnswers, watcherClient } from '../engine/control/control-channel.js';
import { ClawDocRuntime } from '../engine/runtime/runtime.js';
import { lockHolder, WatchLockError } from '../engine/runtime/watch-lock.js';
import type { Settings } from '../engine/settings/settings.js';

export interface Backend {
  mode: 'hosted' | 'attached';
  api: ClawDocApi;
  /** The watcher's pid: this process when hosted. */
  watcherPid?: number;
  /** One line for the log: what the tray is doing. */
  describe: string;
  /** Stops the hosted runtime (the gateway keeps running) or hangs up on the attached watcher. */
  close(): Promise<void>;
}

export interface OpenBackendOptions {
  dataDir: string;
  /** Read when hosting (settings.json at the moment the tray starts the runtime). */
  settings: () => Settings;
  desktop: DesktopNotifier;
  /** Every event of whichever runtime the tray ends up with, from the first one. */
  onEvent: (event: ClawDocEvent) => void;
  log: (line: string) => void;
  /** The OS's encryption for secrets when hosting (attached, the headless watcher keeps its file). */
  secretCipher?: SecretCipher;
  /** How long to wait for a watcher that holds the lock but does not answer yet (starting up). */
  attachWaitMs?: number;
}

async function attach(o: OpenBackendOptions): Promise<Backend> {
  const sub = subscribeWatcher(o.dataDir, o.onEvent);
  await sub.ready;
  const pid = lockHolder(o.dataDir)?.pid;
  return {
    mode: 'attached',
    api: watcherClient(o.dataDir),
    ...(pid ? { watcherPid: pid } : {}),
    describe: `attached to the running \`clawdoc watch\`${pid ? ` (pid ${pid})` : ''} with data dir ${o.dataDir}: it watches the gateway, this app shows it`,
    close: async () => sub.close(),
  };
}

async function waitForWatcher(dataDir: string, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await watcherAnswers(dataDir)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

export async function openBackend(o: OpenBackendOptions): Promise<Backend> {
  if (await watcherAnswers(o.dataDir)) return attach(o);
  try {
    const runtime = await ClawDocRuntime.watch({ dataDir: o.dataDir, settings: o.settings(), desktop: o.desktop, log: o.log, onEvent: o.onEvent, ...(o.secretCipher ? { secretCipher: o.secretCipher } : {}) });
    return { mode: 'hosted', api: runtime, watcherPid: process.pid, describe: runtime.describe(), close: () => runtime.stop() };
  } catch (err) {
    // Another watcher took the lock first (or is starting): attach to it once it answers.
    const holder = err instanceof WatchLockError ? err.holder : lockHolder(o.dataDir);
    if (holder && (await waitForWatcher(o.dataDir, o.attachWaitMs ?? 10_000))) return attach(o);
    throw err;
  }
}
