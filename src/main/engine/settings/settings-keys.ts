// Dotted keys into settings ("watch.intervalSec", "alerts.channels.0.url"): read and set, own
// properties only, so "constructor", "toString" or "__proto__" never reach Object.prototype.
import JSON5 from 'json5';
import { BOOKKEEPING_KEY, SettingsError, type Settings } from './settings-schema.js';

const HOSTILE = new Set(['__proto__', 'constructor', 'prototype']);

function splitKey(key: string): string[] {
  const parts = key.split('.');
  if (parts.some((p) => p === '' || HOSTILE.has(p)) || parts[0] === BOOKKEEPING_KEY) {
    throw new SettingsError(`invalid key "${key}"`, [key]);
  }
  return parts;
}

/** An own element of an array or an own key of an object; arrays answer to indexes only (not "length"). */
function hasOwnEntry(node: unknown, part: string): boolean {
  if (Array.isArray(node)) return /^(0|[1-9]\d*)$/.test(part) && Number(part) < node.length;
  return node !== null && typeof node === 'object' && Object.hasOwn(node, part);
}

export function getKey(settings: Settings, key: string): unknown {
  let node: unknown = settings;
  for (const part of splitKey(key)) {
    if (!hasOwnEntry(node, part)) throw new SettingsError(`unknown key "${key}"`, [key]);
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Sets one dotted key in the raw settings (a copy), parsing the value as JSON5 when it can. */
export function setRawKey(raw: Record<string, unknown>, key: string, value: string): Record<string, unknown> {
  let parsed: unknown = value;
  try {
    parsed = JSON5.parse(value);
  } catch {
    parsed = value;
  }
  return setRawValue(raw, key, parsed);
}

/** Sets one dotted key in the raw settings (a copy) to a value as given (any face's settings change). */
export function setRawValue(raw: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const parts = splitKey(key);
  const copy = structuredClone(raw);
  let node: Record<string, unknown> = copy;
  for (const part of parts.slice(0, -1)) {
    if (!hasOwnEntry(node, part)) {
      if (Array.isArray(node)) throw new SettingsError(`"${key}": there is no element ${part}`, [key]);
      node[part] = {};
    }
    const next = node[part];
    if (typeof next !== 'object' || next === null) throw new SettingsError(`"${key}": "${part}" is not an object`, [key]);
    node = next as Record<string, unknown>;
  }
  const last = parts.at(-1)!;
  if (Array.isArray(node) && !hasOwnEntry(node, last)) throw new SettingsError(`"${key}": there is no element ${last}`, [key]);
  node[last] = structuredClone(value);
  return copy;
}
