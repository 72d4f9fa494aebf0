// The tray app: single instance, no Dock icon, a window only while the user looks at it, a tray icon
// and menu rebuilt from the runtime's state on every change, native notifications, launch at login,
// the `clawdoc` command. Everything Electron is passed in (ElectronDeps), so this runs in plain Node
// against a fake `electron` in the tests; main.ts passes the real one.
import { join } from 'node:path';
import type { ClawDocApi, ClawDocEvent, RuntimeStatus } from '../../shared/api.js';
import { createApiClient } from '../../shared/api-client.js';
import type { Proposal } from '../../shared/doctor.js';
import type { Language } from '../../shared/settings.js';
import type { Autostart } from './autostart.js';
import type { InstallerChoices } from './installer-choices.js';
import type { Backend } from './backend.js';
import type { CliInstaller } from './cli-install.js';
import type { ElectronDeps, MenuTemplateItem, TrayLike } from './electron-deps.js';
import { registerIpcBridge } from './ipc-bridge.js';
import { ElectronNotifier, incidentRoute } from './notifier.js';
import type { PrefsStore } from './prefs.js';
import { iconFile, iconStateFor, menuFor, tooltipFor, type MenuModelItem, type TargetView, type TrayAction, type TrayView } from './tray-model.js';
import { resolveTrayLanguage, trayStrings, type TrayStrings } from './tray-strings.js';
import { createWindowHost, hardenSession, hardenWebContents, type WindowHost } from './window.js';
import type { DesktopNotifier } from '../engine/alerts/desktop-notifier.js';

export interface TrayAppOptions {
  electron: ElectronDeps;
  platform: NodeJS.Platform;
  /** The folder holding tray/… and icon.png. */
  assetsDir: string;
  /** The bundled (CommonJS) preload. */
  preload: string;
  /** The renderer's index.html. */
  rendererIndex: string;
  /** Opens the runtime: in this process, or attached to a running `clawdoc watch`. */
  openBackend: (desktop: DesktopNotifier, onEvent: (e: ClawDocEvent) => void, onTargetEvent?: (e: ClawDocEvent) => void) => Promise<Backend>;
  autostart: Autostart;
  /** What the installer asked for (launch at login), taken once at start. */
  installerChoices?: () => InstallerChoices | undefined;
  cli: CliInstaller;
  prefs: PrefsStore;
  log: (line: string) => void;
  /** This launch's arguments (`--autostart` when started at login). */
  argv: string[];
  now?: () => number;
  /** The tooltip's "for how long" and a lost watcher are checked this often. */
  refreshMs?: number;
  /** A restart that has not ended healthy or failed by then is reported as still running. */
  restartTimeoutMs?: number;
  devTools?: boolean;
}

/** What a click on a menu item did, for whoever waits on it (the tests). */
export type ActionDone = Promise<void>;

export class TrayApp {
  private readonly electron: ElectronDeps;
  private tray?: TrayLike;
  private backend?: Backend;
  private readonly listeners = new Set<(event: ClawDocEvent) => void>();
  private status: RuntimeStatus | null = null;
  private targets: TargetView[] = [];
  private proposals: Proposal[] = [];
  private language: Language = 'auto';
  private desktopAlerts = true;
  private autostartView: TrayView['autostart'] = { supported: false, enabled: false };
  private restarting = false;
  private diagnosing = false;
  private restartWatch?: { sawRestart: boolean; startedAt: number; timer: NodeJS.Timeout };
  private readonly notifiedProposals = new Set<string>();
  private readonly escalationsShown = new Set<string>();
  private refreshTimer?: NodeJS.Timeout;
  private refreshQueued?: Promise<void>;
  private reconnecting = false;
  private disposeBridge?: () => void;
  private quitting = false;
  private stopping = false;
  readonly window: WindowHost;
  readonly notifier: ElectronNotifier;
  /** The last menu built, as data (what the tests read besides the fake Menu). */
  lastMenu: MenuModelItem[] = [];

  constructor(private readonly options: TrayAppOptions) {
    this.electron = options.electron;
    this.window = createWindowHost({ electron: this.electron, preload: options.preload, rendererIndex: options.rendererIndex, icon: join(options.assetsDir, 'icon.png'), devTools: !!options.devTools });
    this.notifier = new ElectronNotifier(this.electron.Notification, (route) => this.openWindow(route), options.platform === 'linux' ? join(options.assetsDir, 'icon.png') : undefined);
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  get mode(): TrayView['mode'] {
    return this.backend?.mode ?? 'none';
  }

  /** The contract, forwarded to whichever runtime the tray has now (it may attach, then host). */
  readonly api: ClawDocApi = createApiClient(async (method, args) => {
    if (!this.backend) throw new Error('ClawDoc is not connected to a watcher yet');
    return (this.backend.api[method] as (...a: unknown[]) => Promise<unknown>).apply(this.backend.api, args);
  });

  /**
   * Starts the app. Returns false when another instance runs: it gets our launch (its window opens)
   * and this one quits.
   */
  async start(): Promise<boolean> {
    const { app } = this.electron;
    if (!app.requestSingleInstanceLock()) {
      this.options.log('ClawDoc is already running: its window opens');
      app.quit();
      return false;
    }
    app.on('second-instance', () => this.openWindow());
    // The app lives in the tray: closing the last window must not quit it.
    app.on('window-all-closed', () => {});
    // Quit from the OS (log out, Dock, Cmd-Q): stop watching cleanly first (the lock and the control
    // socket are released), then quit for real.
    app.on('will-quit', (event: { preventDefault(): void }) => {
      if (this.quitting) return;
      event.preventDefault();
      void this.quit();
    });
    app.on('web-contents-created', (_event: unknown, contents: Parameters<typeof hardenWebContents>[0]) =>
      hardenWebContents(contents, this.options.rendererIndex, (url) => void this.electron.shell.openExternal(url)),
    );
    await app.whenReady();
    if (this.options.platform === 'darwin') app.dock?.hide(); // menu-bar only (LSUIElement in the packaged app)
    if (this.options.platform === 'win32') app.setAppUserModelId('com.clawdoc.app'); // notifications need it
    hardenSession(this.electron.session.defaultSession, join(this.options.rendererIndex, '..'));
    await this.applyInstallerChoices();
    this.disposeBridge = registerIpcBridge({
      ipcMain: this.electron.ipcMain,
      api: this.api,
      events: { subscribe: (l) => (this.listeners.add(l), () => this.listeners.delete(l)) },
      isOwnSender: (sender, url) => this.window.isOwnSender(sender, url),
      window: () => this.window.current()?.webContents,
    });
    this.tray = new this.electron.Tray(join(this.options.assetsDir, iconFile('paused', this.options.platform)));
    // Windows and Linux: a left click opens the window too (macOS shows the menu).
    if (this.options.platform !== 'darwin') this.tray.on('click', () => this.openWindow());
    this.render();
    await this.connect();
    if (!this.options.prefs.get('firstRunShown')) {
      this.options.prefs.set('firstRunShown', true);
      this.openWindow('#/first-run');
    }
    this.refreshTimer = setInterval(() => void this.tick(), this.options.refreshMs ?? 60_000);
    this.refreshTimer.unref?.();
    return true;
  }

  /** The installer's "start when I sign in" box: turned on through the same login item the menu shows. */
  private async applyInstallerChoices(): Promise<void> {
    const asked = this.options.installerChoices?.();
    if (!asked?.launchAtLogin) return;
    try {
      this.autostartView = await this.options.autostart.set(true);
      this.options.log('clawdoc: launch at login turned on, as asked in the installer');
    } catch (err) {
      this.options.log(`clawdoc: could not turn on launch at login: ${(err as Error).message}`);
    }
  }

  private async connect(): Promise<void> {
    try {
      this.backend = await this.options.openBackend(
        this.notifier,
        (e) => this.onEvent(e),
        () => void this.refresh(),
      );
      this.options.log(`clawdoc: ${this.backend.describe}`);
    } catch (err) {
      this.backend = undefined;
      this.options.log(`clawdoc: could not start watching: ${(err as Error).message}`);
    }
    await this.refresh();
  }

  /** Periodic: the tooltip's durations; an attached watcher that went away is replaced. */
  private async tick(): Promise<void> {
    await this.refresh();
    if ((!this.backend || !this.status) && !this.reconnecting && !this.quitting) {
      this.reconnecting = true;
      try {
        await this.backend?.close();
        this.backend = undefined;
        await this.connect();
      } finally {
        this.reconnecting = false;
      }
    }
  }

  private onEvent(event: ClawDocEvent): void {
    for (const l of this.listeners) l(event);
    try {
      this.notifyFor(event);
    } catch (err) {
      this.options.log(`clawdoc: a notification failed: ${(err as Error).message}`);
    }
    void this.refresh();
  }

  private get strings(): TrayStrings {
    return trayStrings(resolveTrayLanguage(this.language, this.electron.app.getLocale()));
  }

  /** Notifications that come from events (the alerts bring escalation and recovery when hosted). */
  private notifyFor(event: ClawDocEvent): void {
    const s = this.strings;
    if (event.kind === 'proposal' && event.proposal.status === 'pending' && !this.notifiedProposals.has(event.proposal.id)) {
      this.notifiedProposals.add(event.proposal.id);
      this.notifier.show(s.proposalTitle, s.proposalBody(event.proposal.description), `#/proposals/${encodeURIComponent(event.proposal.id)}`);
    }
    if (event.kind === 'watch') this.followRestart(event.event.type, event.event.reason);
    if (event.kind === 'status') this.followRestart(`state:${event.state}`, event.status.reason);
    // Attached: the watcher's alerts have no desktop (it is headless), so the tray shows escalation and
    // recovery itself — once per incident, and a recovery only after an escalation it showed.
    if (this.mode === 'attached' && event.kind === 'watch' && this.desktopAlerts) {
      const w = event.event;
      const id = w.incidentId ?? w.details?.incidentId;
      if (w.type === 'escalated' && id && !this.escalationsShown.has(id)) {
        this.escalationsShown.add(id);
        this.notifier.show(s.escalatedTitle, w.reason, incidentRoute(id));
      } else if (w.type === 'recovered' && id && this.escalationsShown.delete(id)) {
        this.notifier.show(s.recoveredTitle, s.recoveredBody(s.duration(w.details?.downtimeMs ?? 0)), incidentRoute(id));
      }
    }
  }

  /** A restart from the menu ends healthy, failed or still running: the user is told which. */
  private followRestart(what: string, reason: string): void {
    const r = this.restartWatch;
    if (!r) return;
    const s = this.strings;
    if (what === 'restart' || what === 'state:recovering' || what === 'state:starting' || what === 'state:down') r.sawRestart = true;
    else if (what === 'restart-failed' || what === 'state:escalated') {
      this.endRestart();
      this.notifier.show(s.restartFailedTitle, s.restartFailedBody(reason));
    } else if (what === 'state:healthy' && r.sawRestart) {
      this.endRestart();
      this.notifier.show(s.restartDoneTitle, s.restartDoneBody(this.now() - r.startedAt));
    }
  }

  private endRestart(): void {
    clearTimeout(this.restartWatch?.timer);
    this.restartWatch = undefined;
    this.restarting = false;
    this.render();
  }

  /** Reads what the menu shows, then redraws. Calls that overlap share one read. */
  refresh(): Promise<void> {
    if (this.refreshQueued) return this.refreshQueued;
    this.refreshQueued = (async () => {
      await Promise.resolve();
      this.refreshQueued = undefined;
      const api = this.backend?.api;
      if (api) {
        try {
          const [status, proposals, settings] = await Promise.all([api.status(), api.proposals(), api.settings()]);
          this.status = status;
          this.proposals = proposals.filter((p) => p.status === 'pending');
          this.targets = (await this.backend?.targets?.().catch(() => [])) ?? [];
          this.language = settings.settings.language;
          this.desktopAlerts = settings.settings.alerts.enabled && settings.settings.alerts.desktop;
        } catch (err) {
          this.status = null;
          this.options.log(`clawdoc: the watcher did not answer: ${(err as Error).message}`);
        }
      } else this.status = null;
      try {
        this.autostartView = await this.options.autostart.get();
      } catch {
        this.autostartView = { supported: false, enabled: false };
      }
      this.render();
    })();
    return this.refreshQueued;
  }

  view(): TrayView {
    const cliPath = this.options.cli.installedPath();
    return {
      status: this.status,
      mode: this.mode,
      restarting: this.restarting,
      diagnosing: this.diagnosing,
      proposals: this.proposals,
      autostart: this.autostartView,
      language: this.language,
      ...(cliPath ? { cliPath } : {}),
      ...(this.targets.length ? { targets: this.targets } : {}),
      now: this.now(),
    };
  }

  /** Icon, tooltip and menu from the view. setContextMenu again each time: Linux needs it. */
  render(): void {
    if (!this.tray || this.quitting) return;
    const view = this.view();
    const s = this.strings;
    this.tray.setImage(join(this.options.assetsDir, iconFile(iconStateFor(view), this.options.platform)));
    this.tray.setToolTip(tooltipFor(view, s, this.options.platform));
    this.lastMenu = menuFor(view, s);
    this.tray.setContextMenu(this.electron.Menu.buildFromTemplate(this.lastMenu.map((i) => this.toTemplate(i))));
  }

  private toTemplate(item: MenuModelItem): MenuTemplateItem {
    const out: MenuTemplateItem = {};
    if (item.id) out.id = item.id;
    if (item.label !== undefined) out.label = item.label;
    if (item.type) out.type = item.type;
    if (item.enabled !== undefined) out.enabled = item.enabled;
    if (item.checked !== undefined) out.checked = item.checked;
    if (item.submenu) out.submenu = item.submenu.map((i) => this.toTemplate(i));
    const action = item.action;
    if (action) out.click = () => void this.run(action);
    return out;
  }

  openWindow(route?: string): void {
    this.window.open(route);
  }

  private fail(err: unknown): void {
    const s = this.strings;
    this.notifier.show(s.actionFailedTitle, (err as Error).message);
  }

  /** What a menu item does. Returns when it is done (the tests wait on it). */
  async run(action: TrayAction): Promise<void> {
    const s = this.strings;
    try {
      if ((action.type === 'restart' || action.type === 'pause' || action.type === 'resume') && action.target) {
        await this.actOnTarget(action.target, action);
        await this.refresh();
        return;
      }
      switch (action.type) {
        case 'restart': {
          if (this.restarting) return;
          this.restarting = true;
          const timer = setTimeout(() => {
            this.endRestart();
            this.notifier.show(s.restartFailedTitle, s.restartPendingBody);
          }, this.options.restartTimeoutMs ?? 120_000);
          timer.unref?.();
          this.restartWatch = { sawRestart: false, startedAt: this.now(), timer };
          this.render();
          try {
            await this.api.restart('restart requested from the ClawDoc menu');
          } catch (err) {
            this.endRestart();
            this.notifier.show(s.restartFailedTitle, s.restartFailedBody((err as Error).message));
          }
          return;
        }
        case 'diagnose': {
          this.diagnosing = true;
          this.render();
          try {
            const report = await this.api.diagnose();
            const top = report.candidates[0];
            const summary = top ? `${top.caseId} (${Math.round(top.confidence * 100)}%): ${top.reason}` : `${report.state ?? ''} ${report.probe ?? ''}`.trim() || '—';
            this.notifier.show(s.diagnosisTitle, s.diagnosisBody(summary), '#/doctor');
          } finally {
            this.diagnosing = false;
            this.render();
          }
          return;
        }
        case 'approve': {
          const p = await this.api.approve(action.proposalId);
          this.notifier.show(s.approvedTitle, p.description, `#/proposals/${encodeURIComponent(p.id)}`);
          break;
        }
        case 'pause':
          await this.api.pause(action.minutes ? { durationMin: action.minutes } : {});
          break;
        case 'resume':
          await this.api.resume();
          break;
        case 'open':
          this.openWindow(action.route);
          return;
        case 'autostart':
          try {
            this.autostartView = await this.options.autostart.set(action.enable);
          } catch (err) {
            this.notifier.show(s.autostartFailedTitle, (err as Error).message);
          }
          this.render();
          return;
        case 'language':
          await this.api.updateSettings({ language: action.language });
          break;
        case 'install-cli': {
          const r = await this.options.cli.install();
          this.notifier.show(s.cliInstalledTitle, s.cliInstalledBody(r.path, r.onPath, r.dir));
          this.render();
          return;
        }
        case 'quit':
          await this.quit();
          return;
      }
    } catch (err) {
      this.fail(err);
    }
    await this.refresh();
  }

  /** Restart, pause or resume another target (settings.targets) through its own contract; says what it answered. */
  private async actOnTarget(id: string, action: Extract<TrayAction, { type: 'restart' | 'pause' | 'resume' }>): Promise<void> {
    const s = this.strings;
    const api = this.backend?.targetApi?.(id);
    if (!api) return this.notifier.show(s.targetTitle(id), s.targetNotWatched);
    try {
      const r =
        action.type === 'restart' ? await api.restart('restart requested from the ClawDoc menu') : action.type === 'pause' ? await api.pause(action.minutes ? { durationMin: action.minutes } : {}) : await api.resume();
      this.notifier.show(s.targetTitle(id), r.message);
    } catch (err) {
      this.notifier.show(s.targetTitle(id), (err as Error).message);
    }
  }

  /** Stops watching (the gateway keeps running), removes the tray, quits. */
  async quit(): Promise<void> {
    if (this.quitting || this.stopping) return;
    this.stopping = true;
    clearInterval(this.refreshTimer);
    clearTimeout(this.restartWatch?.timer);
    try {
      await this.backend?.close();
    } catch (err) {
      this.options.log(`clawdoc: stopping: ${(err as Error).message}`);
    }
    this.quitting = true;
    this.disposeBridge?.();
    this.tray?.destroy();
    this.tray = undefined;
    this.electron.app.quit();
  }
}
