// Stand-ins for the tray tests: a scripted runtime behind the contract (what the tray asked, what it
// answers, events pushed as the real runtime would), statuses per gateway state, and a TrayApp wired to
// the fake electron with temp-dir prefs and stub autostart / CLI installer.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClawDocApi, ClawDocEvent, RuntimeStatus } from '../../../src/shared/api.js';
import { createApiClient } from '../../../src/shared/api-client.js';
import type { Proposal } from '../../../src/shared/doctor.js';
import type { GatewayState, StatusSnapshot } from '../../../src/shared/status.js';
import type { Autostart } from '../../../src/main/electron/autostart.js';
import type { Backend } from '../../../src/main/electron/backend.js';
import type { CliInstaller } from '../../../src/main/electron/cli-install.js';
import { FilePrefsStore } from '../../../src/main/electron/prefs.js';
import { TrayApp, type TrayAppOptions } from '../../../src/main/electron/tray-app.js';
import type { DesktopNotifier } from '../../../src/main/engine/alerts/desktop-notifier.js';
import { ROOT } from '../../helpers/gateway.js';
import { fakeElectron, type FakeElectron } from './fake-electron-main.js';

export const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

export function snapshot(state: GatewayState, extra: Partial<StatusSnapshot> = {}): StatusSnapshot {
  return { state, since: NOW - 3 * 3600_000 - 5 * 60_000, reason: `the gateway is ${state}`, manage: 'child', port: 18789, updatedAt: NOW, restartsInWindow: 0, crashesInWindow: 0, ...extra };
}

export function runtimeStatus(gateway: StatusSnapshot | null, extra: Partial<RuntimeStatus> = {}): RuntimeStatus {
  return {
    target: 'default',
    watching: true,
    watcherPid: 4242,
    gateway,
    doctor: { enabled: true, autoHeal: 'safe', busy: false, pendingProposals: 0 },
    alerts: { enabled: true, outboxSize: 0, channels: [] },
    problems: [],
    dataDir: '/data',
    ...extra,
  };
}

export function proposal(id: string, description: string): Proposal {
  return { id, createdAt: NOW, caseId: 'c', caseTitle: 'Case', action: { type: 'restore-snapshot' }, description, confidence: 0.9, reason: 'r', recordId: 'rec', why: 'not safe', status: 'pending', expiresAt: NOW + 3600_000 };
}

/** A runtime behind the contract whose answers a test sets, recording every call. */
export class ScriptedRuntime {
  status: RuntimeStatus = runtimeStatus(snapshot('healthy'));
  proposals: Proposal[] = [];
  language: 'auto' | 'zh' | 'en' = 'auto';
  desktop = true;
  calls: [string, unknown[]][] = [];
  /** Set to make a method reject. */
  failures: Partial<Record<keyof ClawDocApi, string>> = {};
  /** What `restart` does besides answering (e.g. push the events of a restart). */
  onRestart?: () => void;
  onEvent?: (e: ClawDocEvent) => void;
  closed = 0;
  readonly api: ClawDocApi = createApiClient(async (method, args) => {
    this.calls.push([method, args]);
    const failure = this.failures[method];
    if (failure) throw new Error(failure);
    switch (method) {
      case 'status':
        return structuredClone(this.status);
      case 'proposals':
        return this.proposals;
      case 'settings':
        return { path: '/data/settings.json', settings: { language: this.language, alerts: { enabled: true, desktop: this.desktop, channels: [] } } };
      case 'restart':
        this.onRestart?.();
        return { ok: true, message: 'restarting the gateway' };
      case 'approve': {
        const p = this.proposals.find((x) => x.id === args[0])!;
        this.proposals = this.proposals.filter((x) => x !== p);
        return { ...p, status: 'approved' };
      }
      case 'updateSettings': {
        const change = args[0] as Record<string, unknown>;
        if (change.language) this.language = change.language as 'auto' | 'zh' | 'en';
        return { path: '/data/settings.json', settings: {} };
      }
      case 'diagnose':
        return { mode: 'live', state: 'healthy', probe: 'healthy', candidates: [{ caseId: 'port-in-use', confidence: 0.8, reason: 'EADDRINUSE in the log', lines: [], exact: true }], durationMs: 5, minConfidence: 0.5 };
      default:
        return { ok: true, message: method };
    }
  });

  /** Pushes an event as the runtime would (after changing what status() answers, when given). */
  emit(event: ClawDocEvent): void {
    this.onEvent?.(event);
  }

  setState(state: GatewayState, extra: Partial<StatusSnapshot> = {}): void {
    this.status = runtimeStatus(snapshot(state, extra));
    this.emit({ kind: 'status', target: 'default', at: NOW, state, status: this.status.gateway! });
  }

  callsOf(method: string): unknown[][] {
    return this.calls.filter(([m]) => m === method).map(([, a]) => a);
  }
}

export interface TrayHarness {
  electron: FakeElectron;
  runtime: ScriptedRuntime;
  app: TrayApp;
  desktop: () => DesktopNotifier;
  autostartSets: boolean[];
  dataDir: string;
  logs: string[];
}

/** Another watched gateway (settings.targets) behind its own scripted runtime. */
export interface ScriptedTarget {
  id: string;
  kind?: 'local' | 'remote' | 'fleet';
  runtime: ScriptedRuntime;
}

export function trayHarness(o: { platform?: NodeJS.Platform; mode?: 'hosted' | 'attached'; options?: Partial<TrayAppOptions>; firstRunShown?: boolean; targets?: ScriptedTarget[] } = {}): TrayHarness {
  const electron = fakeElectron();
  const runtime = new ScriptedRuntime();
  const dataDir = mkdtempSync(join(tmpdir(), 'clawdoc-tray-'));
  const prefs = new FilePrefsStore(dataDir);
  if (o.firstRunShown !== false) prefs.set('firstRunShown', true);
  let desktop: DesktopNotifier | undefined;
  const autostartSets: boolean[] = [];
  let autostartOn = false;
  const autostart: Autostart = {
    get: async () => ({ supported: true, enabled: autostartOn }),
    set: async (enable) => {
      autostartSets.push(enable);
      autostartOn = enable;
      return { supported: true, enabled: enable };
    },
  };
  let cliPath: string | undefined;
  const cli: CliInstaller = {
    installedPath: () => cliPath,
    install: async () => {
      cliPath = '/home/u/.local/bin/clawdoc';
      return { path: cliPath, onPath: true, dir: '/home/u/.local/bin' };
    },
  };
  const logs: string[] = [];
  const app = new TrayApp({
    electron,
    platform: o.platform ?? 'linux',
    assetsDir: join(ROOT, 'assets'),
    preload: join(ROOT, 'dist', 'preload', 'preload.cjs'),
    rendererIndex: join(ROOT, 'src', 'renderer', 'index.html'),
    openBackend: async (d, onEvent): Promise<Backend> => {
      desktop = d;
      runtime.onEvent = onEvent;
      const targets = o.targets ?? [];
      return {
        mode: o.mode ?? 'hosted',
        api: runtime.api,
        watcherPid: 4242,
        describe: `${o.mode ?? 'hosted'} (test)`,
        close: async () => void runtime.closed++,
        ...(targets.length
          ? {
              targets: () => Promise.all(targets.map(async (t) => ({ id: t.id, kind: t.kind, status: await t.runtime.api.status() }))),
              targetApi: (id: string) => targets.find((t) => t.id === id)?.runtime.api,
            }
          : {}),
      };
    },
    autostart,
    cli,
    prefs,
    log: (l) => logs.push(l),
    argv: [],
    now: () => NOW,
    refreshMs: 3_600_000,
    ...o.options,
  });
  return { electron, runtime, app, desktop: () => desktop!, autostartSets, dataDir, logs };
}

/** Lets queued refreshes (promise chains) finish. */
export async function settle(app: TrayApp): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setImmediate(r));
    await app.refresh();
  }
}
