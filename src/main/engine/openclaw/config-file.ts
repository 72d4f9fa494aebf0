// Reading and editing OpenClaw's JSON5 config: parse without throwing, get / set / remove a dotted key,
// and write it back atomically. Every edit ClawDoc makes goes through the backups module first.
import { readFileSync, existsSync, statSync } from 'node:fs';
import JSON5 from 'json5';
import { writeFileAtomicSync } from '../util/fsx.js';

export type ConfigObject = Record<string, unknown>;

export type ParsedConfig =
  | { ok: true; text: string; value: ConfigObject }
  | { ok: false; text: string | null; error: string; missing?: boolean };

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

export function parseConfigText(text: string): ParsedConfig {
  try {
    const value: unknown = JSON5.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, text, error: 'the top level is not an object' };
    return { ok: true, text, value: value as ConfigObject };
  } catch (err) {
    return { ok: false, text, error: (err as Error).message };
  }
}

export function readConfig(path: string): ParsedConfig {
  if (!existsSync(path)) return { ok: false, text: null, error: `${path} does not exist`, missing: true };
  let text: string;
  try {
    // Only a regular file: reading a FIFO put at the config path would block until a writer came.
    if (!statSync(path).isFile()) return { ok: false, text: null, error: `${path} is not a regular file` };
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { ok: false, text: null, error: (err as Error).message };
  }
  return parseConfigText(text);
}

export function splitKey(key: string): string[] {
  const parts = key.split('.');
  if (parts.some((p) => p === '' || FORBIDDEN.has(p))) throw new Error(`invalid config key "${key}"`);
  return parts;
}

export function getPath(obj: unknown, key: string): unknown {
  let node: unknown = obj;
  for (const part of splitKey(key)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
    node = (node as ConfigObject)[part];
  }
  return node;
}

/** Returns a copy with `key` set (intermediate objects created). */
export function setPath(obj: ConfigObject, key: string, value: unknown): ConfigObject {
  const parts = splitKey(key);
  const copy = structuredClone(obj);
  let node: ConfigObject = copy;
  for (const part of parts.slice(0, -1)) {
    const next = Object.hasOwn(node, part) ? node[part] : undefined; // "toString" is a key like any other
    if (next === undefined || next === null) node[part] = {};
    else if (typeof next !== 'object' || Array.isArray(next)) throw new Error(`cannot set "${key}": "${part}" is not an object`);
    node = node[part] as ConfigObject;
  }
  node[parts.at(-1)!] = value;
  return copy;
}

/** Returns a copy without `key`, and whether it was there. */
export function removePath(obj: ConfigObject, key: string): { value: ConfigObject; removed: boolean } {
  const parts = splitKey(key);
  const copy = structuredClone(obj);
  let node: unknown = copy;
  for (const part of parts.slice(0, -1)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return { value: copy, removed: false };
    node = (node as ConfigObject)[part];
  }
  const last = parts.at(-1)!;
  if (node === null || typeof node !== 'object' || !Object.hasOwn(node, last)) return { value: copy, removed: false };
  delete (node as ConfigObject)[last];
  return { value: copy, removed: true };
}

export function serializeConfig(value: ConfigObject): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function writeConfig(path: string, text: string): void {
  writeFileAtomicSync(path, text, 0o600);
}

/** Parses a CLI value: JSON5 when it parses (numbers, booleans, objects), else the raw string. */
export function parseValue(text: string): unknown {
  try {
    return JSON5.parse(text);
  } catch {
    return text;
  }
}
