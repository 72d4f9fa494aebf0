// A settings change from any face: dotted keys and their new values, applied to the user's raw
// settings as one unit (validated whole by the caller). Hostile keys never reach an object's prototype.
import { SettingsError } from '../settings/settings.js';

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Keys the running watcher cannot adopt in place: they need a new engine (a restart of the watcher). */
export const RESTART_KEYS = ['gateway', 'watch.manage'];

export function needsRestart(key: string): boolean {
  return RESTART_KEYS.some((p) => key === p || key.startsWith(`${p}.`));
}

export function changedKeys(change: Record<string, unknown>): string[] {
  return Object.keys(change);
}

function splitKey(key: string): string[] {
  const parts = key.split('.');
  if (parts.some((p) => p === '' || FORBIDDEN.has(p))) throw new SettingsError(`invalid key "${key}"`, [key]);
  return parts;
}

/** Returns a copy of `raw` with every change applied; `undefined` removes a key (back to its default). */
export function applySettingsChange(raw: Record<string, unknown>, change: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(raw);
  for (const [key, value] of Object.entries(change)) {
    const parts = splitKey(key);
    let node: Record<string, unknown> = copy;
    for (const part of parts.slice(0, -1)) {
      const next = Object.hasOwn(node, part) ? node[part] : undefined;
      if (next === undefined) node[part] = {};
      else if (typeof next !== 'object' || next === null || Array.isArray(next)) throw new SettingsError(`"${key}": "${part}" is not an object`, [key]);
      node = node[part] as Record<string, unknown>;
    }
    const last = parts.at(-1)!;
    if (value === undefined) delete node[last];
    else node[last] = structuredClone(value);
  }
  return copy;
}
