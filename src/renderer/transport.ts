// The window's way to the runtime: inside the app the preload's `window.clawdoc` (IPC); served by
// `clawdoc watch --dashboard`, the same contract over HTTP with the token from the URL fragment.
import type { Bridge } from './bridge.js';
import { httpBridge } from './http-bridge.js';

export type { Bridge } from './bridge.js';
export { httpBridge } from './http-bridge.js';

declare global {
  interface Window {
    clawdoc?: Bridge;
  }
}

/** `#token=…&page=…`: the fragment's parameters (never sent to a server). */
export function fragmentParams(win: Window = window): URLSearchParams {
  return new URLSearchParams(win.location.hash.slice(1));
}

/** The preload's bridge when present, else HTTP to the page's own origin. */
export function connectBridge(win: Window = window): Bridge {
  if (win.clawdoc) return win.clawdoc;
  return httpBridge(win.location.origin, fragmentParams(win).get('token') ?? '');
}
