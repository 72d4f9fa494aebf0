// ClawDoc's one window: created when the user opens it, destroyed when closed (no hidden renderer using
// memory while nobody looks). Locked down: context isolation, the sandbox, no Node in the page, a strict
// Content-Security-Policy, nothing loaded but ClawDoc's own files, navigation and new windows refused,
// no permission granted; the preload exposes only the typed contract (src/preload/preload.ts).
import { pathToFileURL } from 'node:url';
import type { BrowserWindowLike, ElectronDeps, SessionLike, WindowOptions } from './electron-deps.js';

/** The policy sent with every response the window gets (the page's own <meta> says the same). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function windowOptions(preload: string, icon: string | undefined, devTools: boolean): WindowOptions {
  return {
    width: 960,
    height: 680,
    minWidth: 640,
    minHeight: 480,
    show: true,
    title: 'ClawDoc',
    ...(icon ? { icon } : {}),
    autoHideMenuBar: true,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools,
    },
  };
}

/** The renderer's own page, whatever the hash (route). */
export function isOwnPage(url: string | undefined, rendererIndex: string): boolean {
  if (!url) return false;
  const own = pathToFileURL(rendererIndex).href;
  const bare = url.split('#')[0]!;
  return bare === own;
}

/** Anything the window may load: ClawDoc's renderer folder (its page, scripts, styles) and devtools. */
export function isAllowedResource(url: string, rendererDir: string): boolean {
  if (url.startsWith('devtools://')) return true;
  const dir = pathToFileURL(rendererDir).href.replace(/\/?$/, '/');
  return url.startsWith(dir) && !url.slice(dir.length).split(/[?#]/)[0]!.split('/').includes('..');
}

/** Session-wide rules: no permissions, no remote content, the CSP header on every response. */
export function hardenSession(session: SessionLike, rendererDir: string): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedResource(details.url, rendererDir) }));
  session.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } }),
  );
}

/** Every web contents ClawDoc creates: no navigation away, no new windows (https links go to the browser), no webviews. */
export function hardenWebContents(contents: { on: ElectronDeps['app']['on']; setWindowOpenHandler: BrowserWindowLike['webContents']['setWindowOpenHandler'] }, rendererIndex: string, openExternal: (url: string) => void): void {
  const block = (event: { preventDefault(): void }, url: string) => {
    if (!isOwnPage(url, rendererIndex)) event.preventDefault();
  };
  contents.on('will-navigate', block);
  contents.on('will-redirect', block);
  contents.on('will-attach-webview', (event: { preventDefault(): void }) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//i.test(url)) openExternal(url);
    return { action: 'deny' };
  });
}

export interface WindowHost {
  open(route?: string): BrowserWindowLike;
  current(): BrowserWindowLike | undefined;
  isOwnSender(sender: unknown, frameUrl: string | undefined): boolean;
}

/** Opens the window at a route (`#/first-run`, `#/incidents/<id>`); focuses the one open. */
export function createWindowHost(o: { electron: Pick<ElectronDeps, 'BrowserWindow'>; preload: string; rendererIndex: string; icon?: string; devTools: boolean }): WindowHost {
  let win: BrowserWindowLike | undefined;
  let route = '';
  const live = () => (win && !win.isDestroyed() ? win : undefined);
  return {
    current: live,
    open(to?: string) {
      const hash = (to ?? '').replace(/^#/, '');
      let w = live();
      if (!w) {
        w = new o.electron.BrowserWindow(windowOptions(o.preload, o.icon, o.devTools));
        win = w;
        route = hash;
        w.on('closed', () => {
          if (win === w) win = undefined;
        });
        void w.loadFile(o.rendererIndex, { hash });
        return w;
      }
      if (to !== undefined && hash !== route) {
        route = hash;
        void w.loadFile(o.rendererIndex, { hash });
      }
      if (w.isMinimized()) w.restore();
      w.show();
      w.focus();
      return w;
    },
    isOwnSender(sender, frameUrl) {
      const w = live();
      return !!w && sender === w.webContents && isOwnPage(frameUrl, o.rendererIndex);
    },
  };
}
