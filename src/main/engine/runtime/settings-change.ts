// A settings change from any face: dotted keys and their new values, applied to the user's raw
// settings as one unit (validated whole by the caller). Hostile keys never reach an object's prototype.
import { setRawValue } from '../settings/settings-keys.js';

/** Keys the running watcher cannot adopt in place: they need a new engine (a restart of the watcher). */
export const RESTART_KEYS = ['gateway', 'watch.manage'];

export function needsRestart(key: string): boolean {
  return RESTART_KEYS.some((p) => key === p || key.startsWith(`${p}.`));
}

export function changedKeys(change: Record<string, unknown>): string[] {
  return Object.keys(change);
}

/** Returns a copy of `raw` with every change applied (own keys and array indexes only). */
export function applySettingsChange(raw: Record<string, unknown>, change: Record<string, unknown>): Record<string, unknown> {
  let out = raw;
  for (const [key, value] of Object.entries(change)) out = setRawValue(out, key, value);
  return out === raw ? structuredClone(raw) : out;
}
