// ClawDoc's settings: settings.json in the data dir, read and written in electron-store's format.
// Writes go through conf (electron-store's engine) with the shared options, whole and validated. A
// load never changes a file unless the caller says it may (the watcher, writers): then the file is
// migrated and a last good copy refreshed. An unreadable file is never moved or replaced: the loader
// says where it broke and hands back the last good settings, so the watcher keeps the user's channels.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type Conf from 'conf';
import { writeFileAtomicSync } from '../util/fsx.js';
import { migrateInChild } from './migrate-in-child.js';
import { defaultSettings, SettingsError, validateSettings, withoutBookkeeping, type Settings } from './settings-schema.js';
import {
  migrateInMemory,
  parseSettingsText,
  pendingMigrations,
  recordedVersion,
  serializeSettings,
  SettingsParseError,
  settingsStoreOptions,
  withVersionMarker,
  type SettingsFile,
} from './settings-store.js';

export { BOOKKEEPING_KEY, defaultSettings, SettingsError, SettingsSchema, validateSettings, type Settings, type SettingsInput } from './settings-schema.js';
export { getKey, setRawKey } from './settings-keys.js';
export { settingsStoreOptions, SETTINGS_FORMAT_VERSION, type SettingsStoreOptions } from './settings-store.js';

export function settingsPath(dataDir: string): string {
  return join(dataDir, 'settings.json');
}

/** The settings as they last loaded or saved successfully (mode 0600, a current-format settings file). */
export function lastGoodPath(dataDir: string): string {
  return join(dataDir, 'settings.last-good.json');
}

export interface SettingsProblem {
  /** What is wrong, with the file's path and, when it did not parse, the line and column. */
  message: string;
  line?: number;
  column?: number;
  /** true: the settings handed back are the last good copy; false: there was none, they are the defaults. */
  usingLastGood: boolean;
}

export interface LoadedSettings {
  settings: Settings;
  /** The user's keys (no defaults, no bookkeeping), to edit and save back. */
  raw: Record<string, unknown>;
  /** Lines for the user; the problem's description is among them. */
  warnings: string[];
  /** settings.json exists but cannot be read; settings/raw are then the last good copy or the defaults. */
  problem?: SettingsProblem;
}

export interface LoadOptions {
  /**
   * true (the default): nothing on disk changes — for status, show, get, history, …
   * false: a file in an older format is migrated (through conf) and the last good copy is refreshed.
   */
  readOnly?: boolean;
}

type FileRead =
  | { kind: 'missing' }
  | { kind: 'broken'; message: string; line?: number; column?: number }
  | { kind: 'ok'; raw: Record<string, unknown>; settings: Settings; needsMigration: boolean };

/** Reads a settings file without writing anything. Parses but invalid → SettingsError naming the keys. */
function readSettingsFile(path: string): FileRead {
  if (!existsSync(path)) return { kind: 'missing' };
  let file: SettingsFile;
  try {
    file = parseSettingsText(readFileSync(path, 'utf8'), path);
  } catch (err) {
    if (err instanceof SettingsParseError) return { kind: 'broken', message: err.message, line: err.line, column: err.column };
    return { kind: 'broken', message: `${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
  const pending = pendingMigrations(recordedVersion(file));
  const raw = migrateInMemory(file, pending);
  return { kind: 'ok', raw, settings: validateSettings(raw, path), needsMigration: pending.length > 0 };
}

/** The last good settings, or undefined when there is no usable copy. Never writes. */
export function readLastGood(dataDir: string): { settings: Settings; raw: Record<string, unknown>; savedAt: Date } | undefined {
  const path = lastGoodPath(dataDir);
  try {
    const read = readSettingsFile(path);
    return read.kind === 'ok' ? { settings: read.settings, raw: read.raw, savedAt: statSync(path).mtime } : undefined;
  } catch {
    return undefined; // an invalid copy is no good copy
  }
}

function keepLastGood(dataDir: string, raw: Record<string, unknown>): void {
  const path = lastGoodPath(dataDir);
  const text = serializeSettings(withVersionMarker(raw));
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return;
  writeFileAtomicSync(path, text, 0o600);
}

// conf loads ajv and compiles the schema (~7 MB, ~80 ms): only writers pay for it, read-only commands
// and a watcher whose file is current never do. Node >= 22 can require() an ES module.
function openStore(dataDir: string): Conf<SettingsFile> {
  const { default: ConfStore } = createRequire(import.meta.url)('conf') as typeof import('conf');
  return new ConfStore<SettingsFile>(settingsStoreOptions(dataDir));
}

/**
 * Reads settings.json. Missing → defaults. Unreadable (does not parse, empty, not an object) → the last
 * good settings (else defaults) with `problem` saying where it broke; the file is left as it is. Parses
 * but invalid → SettingsError naming every bad key. Conf itself is not used for reads: constructing it
 * writes (a new file, the version marker), which a read-only command must never do.
 */
export function loadSettings(dataDir: string, options: LoadOptions = {}): LoadedSettings {
  const readOnly = options.readOnly ?? true;
  const path = settingsPath(dataDir);
  const read = readSettingsFile(path);
  if (read.kind === 'missing') return { settings: defaultSettings(), raw: {}, warnings: [] };
  if (read.kind === 'broken') {
    const good = readLastGood(dataDir);
    const problem: SettingsProblem = { message: read.message, line: read.line, column: read.column, usingLastGood: !!good };
    const fallback = good
      ? `using the last good settings (${lastGoodPath(dataDir)}, saved ${good.savedAt.toISOString()})`
      : 'there is no last good copy, so the defaults are used (no alert channels)';
    return {
      settings: good?.settings ?? defaultSettings(),
      raw: good?.raw ?? {},
      warnings: [`${read.message}; ${fallback} until the file is fixed`],
      problem,
    };
  }
  if (readOnly) return { settings: read.settings, raw: read.raw, warnings: [] };
  let { raw, settings } = read;
  if (read.needsMigration) {
    migrateInChild(dataDir); // conf migrates the file and records the version, outside this process
    const migrated = readSettingsFile(path);
    if (migrated.kind === 'ok') ({ raw, settings } = migrated);
  }
  keepLastGood(dataDir, raw);
  return { settings, raw, warnings: [] };
}

/** Before an edit: settings.json must parse, or the edit would start from the last good copy, not the user's text. */
export function refuseIfBroken(loaded: LoadedSettings): void {
  if (loaded.problem) throw new SettingsError(`${loaded.problem.message}; fix the file (or remove it) first — nothing was saved`, []);
}

/**
 * Validates the user's raw settings whole and writes them through conf (atomic, 0600, version marker
 * kept); nothing is written when any key is bad. A settings.json that does not parse is never
 * overwritten: the user's text may hold channels the last good copy lacks.
 */
export async function saveSettings(dataDir: string, raw: Record<string, unknown>): Promise<Settings> {
  const settings = validateSettings(raw); // refuses non-objects too, before anything below looks inside
  const clean = withoutBookkeeping(raw);
  const path = settingsPath(dataDir);
  const current = readSettingsFile(path); // the current file, if invalid, is refused with its keys named
  if (current.kind === 'broken') {
    throw new SettingsError(`${current.message}; fix ${path} (or remove it) first — nothing was saved`, []);
  }
  openStore(dataDir).store = clean;
  keepLastGood(dataDir, clean);
  return settings;
}
