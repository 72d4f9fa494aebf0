// Reading and editing OpenClaw's JSON5 config: parse without throwing, get / set / remove a dotted key,
// and write it back atomically. Every edit ClawDoc makes goes through the backups module first.
// Edits change only the text of the key they touch: the user's comments, quoting and layout stay.
import { isDeepStrictEqual } from 'node:util';
import JSON5 from 'json5';
import jju, { type Token } from 'jju';
import { readUserFileSync, replaceUserFileSync } from '../util/fsx.js';

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
  let text: string;
  try {
    // Only a regular file: reading a FIFO put at the config path would block until a writer came.
    const file = readUserFileSync(path);
    if (!file) return { ok: false, text: null, error: `${path} does not exist`, missing: true };
    text = file.data.toString('utf8');
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

/** Writes the config in place of the old one: symlink, mode and owner kept (a new file is 0600: it holds the token). */
export function writeConfig(path: string, text: string): void {
  replaceUserFileSync(path, text, { whenNew: { mode: 0o600 } });
}

/** New config text, and why comments and formatting could not be kept when they were not. */
export interface EditedConfig {
  text: string;
  /** Set when the edit fell back to rewriting the whole file as plain JSON (comments and layout lost). */
  warning?: string;
}

// reserved_keys 'replace': "toString" or "constructor" are keys like any other (jju drops them by default).
// A fresh object each call: jju.update stores the style it detects in the options it is given.
const jjuOptions = (): { reserved_keys: 'replace' } => ({ reserved_keys: 'replace' });

/** `text` with `key` set to `value`; only that key's text changes (jju.update keeps the rest as written). */
export function setConfigKeyText(text: string, key: string, value: unknown): EditedConfig {
  const next = setPath(parseOrThrow(text), key, value);
  return editedOr(text, next, () => jju.update(text, next, jjuOptions()));
}

/** `text` without `keys` (those present); each removed member takes its own line and trailing comment with it, nothing else. */
export function removeConfigKeysText(text: string, keys: string[]): EditedConfig & { removed: string[] } {
  let value = parseOrThrow(text);
  const removed: string[] = [];
  for (const k of keys) {
    const r = removePath(value, k);
    if (r.removed) removed.push(k);
    value = r.value;
  }
  if (!removed.length) return { text, removed };
  return { ...editedOr(text, value, () => removed.reduce((t, k) => removeMember(t, splitKey(k)), text)), removed };
}

function parseOrThrow(text: string): ConfigObject {
  const parsed = parseConfigText(text);
  if (!parsed.ok) throw new Error(`the config does not parse: ${parsed.error}`);
  return parsed.value;
}

/** The in-place edit when it reads back as exactly `next`; otherwise plain JSON, with a warning saying so. */
function editedOr(text: string, next: ConfigObject, edit: () => string): EditedConfig {
  let why: string;
  try {
    const out = edit();
    const back = parseConfigText(out);
    if (back.ok && isDeepStrictEqual(back.value, next)) return { text: out };
    why = back.ok ? 'the edited text did not read back as the intended config' : `the edited text did not parse: ${back.error}`;
  } catch (err) {
    why = (err as Error).message;
  }
  return { text: serializeConfig(next), warning: `comments and formatting could not be kept (${why}): the config was rewritten as plain JSON; the backup holds the original text` };
}

const isSpace = (t: Token | undefined) => t?.type === 'whitespace';
/** Whitespace or a comment that stays on its line. */
const isInline = (t: Token | undefined) => t !== undefined && (t.type === 'whitespace' || (t.type === 'comment' && !t.raw.includes('\n')));
const sameStack = (t: Token, path: string[]) => t.stack.length === path.length && t.stack.every((s, i) => String(s) === path[i]);
const isComma = (t: Token | undefined, parent: string[]) => t?.type === 'separator' && t.raw === ',' && sameStack(t, parent);

/**
 * Removes the member `path` from the JSON5 text. On a line of its own (a trailing comment included) the
 * whole line goes; sharing a line, only `key: value` and its comma. Throws when the key is not exactly
 * once in an object (the caller then falls back to plain JSON).
 */
function removeMember(text: string, path: string[]): string {
  const tokens = jju.tokenize(text, jjuOptions());
  const parent = path.slice(0, -1);
  const key = path.at(-1)!;
  const keyAt = tokens.flatMap((t, i) => (t.type === 'key' && sameStack(t, parent) && String(t.value) === key ? [i] : []));
  if (keyAt.length !== 1) throw new Error(keyAt.length ? `"${path.join('.')}" appears more than once` : `"${path.join('.')}" is not a key of an object in the text`);
  const k = keyAt[0]!;
  const inValue = (t: Token | undefined) => t !== undefined && t.stack.length > parent.length && String(t.stack[parent.length]) === key && parent.every((p, i) => String(t.stack[i]) === p);
  let v = tokens.findIndex((t, i) => i > k && inValue(t));
  if (v < 0) throw new Error(`no value for "${path.join('.')}"`);
  while (inValue(tokens[v + 1])) v++;
  // The member's own comma, if any (only spaces or same-line comments before it).
  let end = v;
  let n = v + 1;
  while (isInline(tokens[n])) n++;
  const comma = isComma(tokens[n], parent);
  if (comma) end = n;
  // Alone on its line(s)? Then take the whole line, its trailing comment included.
  let start = k;
  while (isInline(tokens[start - 1])) start--;
  let stop = end;
  while (isInline(tokens[stop + 1])) stop++;
  let from: number;
  let to: number;
  if (tokens[start - 1]?.type === 'newline' && tokens[stop + 1]?.type === 'newline') {
    from = start;
    to = stop + 1;
    if (!comma) {
      // It was the last member: so is the one before it now, and it loses its comma the same way
      // (a strict-JSON file stays strict JSON).
      let p = start - 1;
      while (p >= 0 && (tokens[p]!.type === 'whitespace' || tokens[p]!.type === 'newline' || tokens[p]!.type === 'comment')) p--;
      if (isComma(tokens[p], parent)) tokens.splice(p, 1, { ...tokens[p]!, raw: '' });
    }
  } else if (comma) {
    from = k;
    to = end;
    while (isSpace(tokens[to + 1])) to++; // `a: 1, b: 2` → `b: 2`
  } else {
    from = k;
    to = end;
    let p = k - 1;
    while (isSpace(tokens[p])) p--;
    if (isComma(tokens[p], parent)) from = p; // `a: 1, b: 2 }` → `a: 1 }`
  }
  return tokens
    .filter((_, i) => i < from || i > to)
    .map((t) => t.raw)
    .join('');
}

/** Parses a CLI value: JSON5 when it parses (numbers, booleans, objects), else the raw string. */
export function parseValue(text: string): unknown {
  try {
    return JSON5.parse(text);
  } catch {
    return text;
  }
}
