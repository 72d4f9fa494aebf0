// Where the tray's runtime lives. Normally in this process (ClawDocRuntime.watch). When a headless
// `clawdoc watch` already holds the data dir (a server-style setup: systemd, launchd, a terminal), the
// tray attaches to it over the control channel instead of starting a second watcher: the same
// contract, the same events, and the menu says so.
import type { ClawDocApi, ClawDocEvent } from '../../shared/api.js';
import type { DesktopNotifier } from '../engine/alerts/desktop-notifier.js';
import type { SecretCipher } from '../engine/alerts/encrypted-secrets.js';
import { subscribeWatcher, watcherAnswers, watcherClient } from '../engine/control/control-channel.js';
import { DEFAULT_TARGET } from '../engine/runtime/runtime.js';
import { targetDataDir, TargetSet } from '../engine/runtime/targets.js';
import type { TargetView } from './tray-model.js';
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
  /** The other watched gateways (settings.targets) and their status; absent: none. */
  targets?: () => Promise<TargetView[]>;
  /** Another target's contract (its runtime here, or its own watcher's socket), to act on it from the menu. */
  targetApi?: (id: string) => ClawDocApi | undefined;
}

export interface OpenBackendOptions {
  dataDir: string;
  /** Read when hosting (settings.json at the moment the tray starts the runtime). */
  settings: () => Settings;
  desktop: DesktopNotifier;
  /** Every event of whichever runtime the tray ends up with, from the first one (the default target's). */
  onEvent: (event: ClawDocEvent) => void;
  /** Events of the other targets when hosted (the tray redraws; the window keeps the default's stream). */
  onTargetEvent?: (event: ClawDocEvent) => void;
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
    targets: () => attachedTargets(o.dataDir, watcherClient(o.dataDir)),
    targetApi: (id) => watcherClient(targetDataDir(o.dataDir, id)),
  };
}

/** Each other target's watcher (its own control socket under targets/<id>/), or null when none answers. */
async function attachedTargets(dataDir: string, api: ClawDocApi): Promise<TargetView[]> {
  const { settings } = await api.settings();
  return Promise.all(
    (settings.targets ?? []).map(async (t) => {
      const dir = targetDataDir(dataDir, t.id);
      try {
        return { id: t.id, kind: t.kind, status: (await watcherAnswers(dir)) ? await watcherClient(dir).status() : null };
      } catch {
        return { id: t.id, kind: t.kind, status: null };
      }
    }),
  );
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
    // Every target (settings.targets) in this process; the window and the menu's actions are the default's.
    const set = await TargetSet.watch({
      dataDir: o.dataDir,
      settings: o.settings(),
      desktop: o.desktop,
      log: o.log,
      onEvent: (e) => (e.target === DEFAULT_TARGET ? o.onEvent(e) : o.onTargetEvent?.(e)),
      ...(o.secretCipher ? { secretCipher: o.secretCipher } : {}),
    });
    const runtime = set.primary;
    const others = set.runtimes.slice(1);
    const configured = o.settings().targets ?? [];
    const kindOf = (id: string) => configured.find((t) => t.id === id)?.kind;
    return {
      mode: 'hosted',
      api: runtime,
      watcherPid: process.pid,
      describe: set.describe().join('; '),
      close: () => set.stop(),
      ...(others.length
        ? {
            targets: () => Promise.all(others.map(async (r) => ({ id: r.target, kind: kindOf(r.target), status: await r.status() }))),
            targetApi: (id: string) => others.find((r) => r.target === id),
          }
        : {}),
    };
  } catch (err) {
    // Another watcher took the lock first (or is starting): attach to it once it answers.
    const holder = err instanceof WatchLockError ? err.holder : lockHolder(o.dataDir);
    if (holder && (await waitForWatcher(o.dataDir, o.attachWaitMs ?? 10_000))) return attach(o);
    throw err;
  }
}
