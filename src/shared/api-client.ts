// One client for the contract over any transport: the control socket (CLI, a tray attached to a
// headless watcher), Electron IPC (the preload) and HTTP (the window served by `watch --dashboard`).
// A transport only has to carry {method, args} and bring back the result or the error.
import type { ApiMethod, ClawDocApi } from './api.js';
import { API_METHODS } from './api-methods.js';

export type ApiCall = (method: ApiMethod, args: unknown[]) => Promise<unknown>;

export function createApiClient(call: ApiCall): ClawDocApi {
  const client: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const method of Object.keys(API_METHODS) as ApiMethod[]) {
    client[method] = (...args: unknown[]) => call(method, args);
  }
  return client as unknown as ClawDocApi;
}

/** An error the other side answered with, its name kept (e.g. SettingsError) so faces can tell kinds apart. */
export class ApiError extends Error {
  /** The settings keys a SettingsError is about, so a face can show the reason beside the field. */
  readonly keys?: string[];
  constructor(message: string, code?: string, keys?: string[]) {
    super(message);
    this.name = code ?? 'ApiError';
    if (keys?.length) this.keys = keys;
  }
}
