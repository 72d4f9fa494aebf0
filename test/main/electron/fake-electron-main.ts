// A hand-written stand-in for the `electron` module, in the style of electron/fiddle's mock: each class
// records what the app did to it (the tray's images and tooltips, every menu template, notifications
// shown, windows created with their options) and lets a test act as the user or the OS (click a menu
// item or a notification, launch a second instance, close a window). It implements the same small
// interfaces main.ts hands the real module to (src/main/electron/electron-deps.ts).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type {
  AppLike,
  BrowserWindowLike,
  ElectronDeps,
  HandlerDetails,
  LoginItemSettingsLike,
  MenuLike,
  MenuTemplateItem,
  NotificationLike,
  NotificationOptions,
  SafeStorageLike,
  SessionLike,
  TrayLike,
  WebContentsLike,
  WindowOptions,
} from '../../../src/main/electron/electron-deps.js';

export class FakeApp extends EventEmitter implements AppLike {
  isPackaged = false;
  locale = 'en-US';
  gotLock = true;
  quitCalls = 0;
  dockHidden = 0;
  userModelId?: string;
  paths: Record<string, string> = {};
  loginItems: LoginItemSettingsLike = { openAtLogin: false, status: 'not-registered', executableWillLaunchAtLogin: false };
  loginItemCalls: { openAtLogin: boolean; path?: string; args?: string[] }[] = [];
  dock = { hide: () => void this.dockHidden++ };
  requestSingleInstanceLock(): boolean {
    return this.gotLock;
  }
  quit(): void {
    this.quitCalls++;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  getLocale(): string {
    return this.locale;
  }
  getAppPath(): string {
    return '/app';
  }
  setPath(name: 'userData', path: string): void {
    this.paths[name] = path;
  }
  setAppUserModelId(id: string): void {
    this.userModelId = id;
  }
  getLoginItemSettings(): LoginItemSettingsLike {
    return { ...this.loginItems };
  }
  setLoginItemSettings(settings: { openAtLogin: boolean; path?: string; args?: string[] }): void {
    this.loginItemCalls.push(settings);
    this.loginItems = { ...this.loginItems, openAtLogin: settings.openAtLogin, executableWillLaunchAtLogin: settings.openAtLogin, status: settings.openAtLogin ? 'enabled' : 'not-registered' };
  }
}

export class FakeMenu implements MenuLike {
  constructor(readonly template: MenuTemplateItem[]) {}
}

export class FakeTray extends EventEmitter implements TrayLike {
  images: string[];
  tooltips: string[] = [];
  menus: (MenuLike | null)[] = [];
  destroyed = false;
  constructor(image: string) {
    super();
    this.images = [image];
  }
  setImage(image: string): void {
    this.images.push(image);
  }
  setToolTip(toolTip: string): void {
    this.tooltips.push(toolTip);
  }
  setContextMenu(menu: MenuLike | null): void {
    this.menus.push(menu);
  }
  destroy(): void {
    this.destroyed = true;
  }
  get image(): string {
    return this.images.at(-1)!;
  }
  get tooltip(): string {
    return this.tooltips.at(-1) ?? '';
  }
  get menu(): MenuTemplateItem[] {
    return (this.menus.at(-1) as FakeMenu).template;
  }
}

export class FakeNotification extends EventEmitter implements NotificationLike {
  shown = false;
  constructor(readonly options: NotificationOptions) {
    super();
  }
  show(): void {
    this.shown = true;
  }
}

export class FakeWebContents extends EventEmitter implements WebContentsLike {
  destroyed = false;
  sent: [string, unknown[]][] = [];
  openHandler?: (details: HandlerDetails) => { action: 'deny' } | { action: 'allow' };
  setWindowOpenHandler(handler: (details: HandlerDetails) => { action: 'deny' } | { action: 'allow' }): void {
    this.openHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, args]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Fires a cancellable event the way Electron does: true when a listener prevented it. */
  attempt(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

export class FakeBrowserWindow extends EventEmitter implements BrowserWindowLike {
  readonly webContents = new FakeWebContents();
  loads: { file: string; hash?: string }[] = [];
  destroyed = false;
  focused = 0;
  minimized = false;
  constructor(readonly options: WindowOptions) {
    super();
  }
  loadFile(filePath: string, options?: { hash?: string }): Promise<void> {
    this.loads.push({ file: filePath, ...(options?.hash !== undefined ? { hash: options.hash } : {}) });
    return Promise.resolve();
  }
  show(): void {}
  focus(): void {
    this.focused++;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  /** The user closes the window: Electron destroys it. */
  close(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

export class FakeIpcMain {
  handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: unknown, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What the renderer's ipcRenderer.invoke would get. */
  invoke(channel: string, event: { sender: unknown; senderFrame?: { url: string } | null }, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    return Promise.resolve(h(event, ...args));
  }
}

export class FakeSession implements SessionLike {
  permissionRequest?: (wc: unknown, permission: unknown, callback: (granted: boolean) => void) => void;
  permissionCheck?: (wc: unknown, permission: unknown) => boolean;
  beforeRequest?: (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void;
  headersReceived?: (details: { url: string; responseHeaders?: Record<string, string[]> }, callback: (response: { responseHeaders?: Record<string, string[] | string> }) => void) => void;
  setPermissionRequestHandler(handler: FakeSession['permissionRequest'] | null): void {
    this.permissionRequest = handler ?? undefined;
  }
  setPermissionCheckHandler(handler: FakeSession['permissionCheck'] | null): void {
    this.permissionCheck = handler ?? undefined;
  }
  readonly webRequest = {
    onBeforeRequest: (listener: FakeSession['beforeRequest'] | null) => void (this.beforeRequest = listener ?? undefined),
    onHeadersReceived: (listener: FakeSession['headersReceived'] | null) => void (this.headersReceived = listener ?? undefined),
  };
}

/**
 * safeStorage as Electron behaves: throws while encryption is unavailable, answers a backend name on
 * Linux, prefixes its ciphertext with a version tag (Chromium's `v10`), and cannot open bytes sealed
 * under another key (another OS account).
 */
export class FakeSafeStorage implements SafeStorageLike {
  available = true;
  backend = 'gnome_libsecret';
  private key = randomBytes(32);
  isEncryptionAvailable(): boolean {
    return this.available;
  }
  getSelectedStorageBackend(): string {
    return this.backend;
  }
  encryptString(plainText: string): Buffer {
    if (!this.available) throw new Error('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.');
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(plainText, 'utf8'), c.final()]);
    return Buffer.concat([Buffer.from('v10'), iv, c.getAuthTag(), body]);
  }
  decryptString(encrypted: Buffer): string {
    if (!this.available) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString. Decryption is not available.');
    try {
      if (encrypted.subarray(0, 3).toString() !== 'v10') throw new Error('bad tag');
      const d = createDecipheriv('aes-256-gcm', this.key, encrypted.subarray(3, 15));
      d.setAuthTag(encrypted.subarray(15, 31));
      return Buffer.concat([d.update(encrypted.subarray(31)), d.final()]).toString('utf8');
    } catch {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    }
  }
  /** Another OS account: the same file, a different key. */
  rotateKey(): void {
    this.key = randomBytes(32);
  }
}

export interface FakeElectron extends ElectronDeps {
  app: FakeApp;
  ipcMain: FakeIpcMain;
  session: { defaultSession: FakeSession };
  safeStorage: FakeSafeStorage;
  trays: FakeTray[];
  notifications: FakeNotification[];
  windows: FakeBrowserWindow[];
  opened: string[];
  notificationsSupported: boolean;
}

/** A fresh fake `electron` for one test. */
export function fakeElectron(): FakeElectron {
  const trays: FakeTray[] = [];
  const notifications: FakeNotification[] = [];
  const windows: FakeBrowserWindow[] = [];
  const opened: string[] = [];
  const fake = {
    app: new FakeApp(),
    ipcMain: new FakeIpcMain(),
    session: { defaultSession: new FakeSession() },
    shell: { openExternal: async (url: string) => void opened.push(url) },
    safeStorage: new FakeSafeStorage(),
    trays,
    notifications,
    windows,
    opened,
    notificationsSupported: true,
    Menu: { buildFromTemplate: (template: MenuTemplateItem[]) => new FakeMenu(template) },
    Tray: class extends FakeTray {
      constructor(image: string) {
        super(image);
        trays.push(this);
      }
    },
    Notification: class extends FakeNotification {
      static isSupported(): boolean {
        return fake.notificationsSupported;
      }
      constructor(options: NotificationOptions) {
        super(options);
        notifications.push(this);
      }
    },
    BrowserWindow: class extends FakeBrowserWindow {
      constructor(options: WindowOptions) {
        super(options);
        windows.push(this);
      }
    },
  } satisfies FakeElectron;
  return fake;
}

/** A menu item by id, searching submenus. */
export function menuItem(menu: MenuTemplateItem[], id: string): MenuTemplateItem | undefined {
  for (const item of menu) {
    if (item.id === id) return item;
    const inner = item.submenu && menuItem(item.submenu, id);
    if (inner) return inner;
  }
  return undefined;
}
