// The few parts of Electron the tray app touches, as small structural interfaces. main.ts passes the
// real `electron` module (and the compiler checks it satisfies these: `const deps: ElectronDeps =
// electron`); tests pass a hand-written fake (test/main/electron/fake-electron-main.ts) in plain Node.
// Images are passed as file paths: a name ending in `Template` makes a macOS template image.

export interface Listenable {
  on(event: string, listener: (...args: any[]) => void): unknown;
}

export interface LoginItemSettingsLike {
  openAtLogin: boolean;
  /** macOS 13+ (SMAppService): not-registered, enabled, requires-approval or not-found. */
  status?: string;
  /** Windows: false when the Run entry is disabled in Task Manager (StartupApproved). */
  executableWillLaunchAtLogin?: boolean;
}

export interface AppLike extends Listenable {
  readonly isPackaged: boolean;
  requestSingleInstanceLock(): boolean;
  quit(): void;
  whenReady(): Promise<void>;
  getLocale(): string;
  getAppPath(): string;
  setPath(name: 'userData', path: string): void;
  setAppUserModelId(id: string): void;
  readonly dock?: { hide(): void } | undefined;
  getLoginItemSettings(options?: { path?: string; args?: string[] }): LoginItemSettingsLike;
  setLoginItemSettings(settings: { openAtLogin: boolean; path?: string; args?: string[] }): void;
}

export interface MenuTemplateItem {
  id?: string;
  label?: string;
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio';
  enabled?: boolean;
  checked?: boolean;
  click?: () => void;
  submenu?: MenuTemplateItem[];
}

export interface MenuLike {}

export interface MenuStatic {
  buildFromTemplate(template: MenuTemplateItem[]): MenuLike;
}

export interface TrayLike extends Listenable {
  setImage(image: string): void;
  setToolTip(toolTip: string): void;
  setContextMenu(menu: MenuLike | null): void;
  destroy(): void;
}

export interface NotificationOptions {
  title: string;
  body: string;
  icon?: string;
  silent?: boolean;
}

export interface NotificationLike extends Listenable {
  show(): void;
}

export interface NotificationStatic {
  new (options: NotificationOptions): NotificationLike;
  isSupported(): boolean;
}

/** What a navigation / window-open handler receives. */
export interface HandlerDetails {
  url: string;
}

export interface WebContentsLike extends Listenable {
  setWindowOpenHandler(handler: (details: HandlerDetails) => { action: 'deny' } | { action: 'allow' }): void;
  send(channel: string, ...args: any[]): void;
  isDestroyed(): boolean;
}

export interface WindowOptions {
  width: number;
  height: number;
  minWidth?: number;
  minHeight?: number;
  show?: boolean;
  title?: string;
  icon?: string;
  autoHideMenuBar?: boolean;
  webPreferences: {
    preload: string;
    contextIsolation: boolean;
    sandbox: boolean;
    nodeIntegration: boolean;
    nodeIntegrationInWorker: boolean;
    nodeIntegrationInSubFrames: boolean;
    webSecurity: boolean;
    allowRunningInsecureContent: boolean;
    webviewTag: boolean;
    navigateOnDragDrop: boolean;
    spellcheck: boolean;
    devTools: boolean;
  };
}

export interface BrowserWindowLike extends Listenable {
  readonly webContents: WebContentsLike;
  loadFile(filePath: string, options?: { hash?: string }): Promise<void>;
  show(): void;
  focus(): void;
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
}

export interface BrowserWindowStatic {
  new (options: WindowOptions): BrowserWindowLike;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: any, ...args: any[]) => any): void;
  removeHandler(channel: string): void;
}

export interface SessionLike {
  setPermissionRequestHandler(handler: ((webContents: any, permission: any, callback: (granted: boolean) => void) => void) | null): void;
  setPermissionCheckHandler(handler: ((webContents: any, permission: any) => boolean) | null): void;
  readonly webRequest: {
    onBeforeRequest(listener: ((details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void) | null): void;
    onHeadersReceived(
      listener: ((details: { url: string; responseHeaders?: Record<string, string[]> }, callback: (response: { responseHeaders?: Record<string, string[] | string> }) => void) => void) | null,
    ): void;
  };
}

export interface ShellLike {
  openExternal(url: string): Promise<void>;
}

/** Electron's safeStorage: usable only once the app is ready. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: `basic_text` means a hard-coded key, i.e. no real protection. */
  getSelectedStorageBackend?(): string;
}

export interface ElectronDeps {
  app: AppLike;
  Tray: new (image: string) => TrayLike;
  Menu: MenuStatic;
  Notification: NotificationStatic;
  BrowserWindow: BrowserWindowStatic;
  ipcMain: IpcMainLike;
  session: { readonly defaultSession: SessionLike };
  shell: ShellLike;
  safeStorage: SafeStorageLike;
}
