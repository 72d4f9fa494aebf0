// The settings file's format, shared by the headless engine (conf) and the Electron app (electron-store,
// which is conf plus Electron's paths): how it is parsed and written, its JSON schema, its version marker
// and the migrations between versions. Both open the very same file through settingsStoreOptions().
import { chmodSync, constants, copyFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type Conf from 'conf';
import type { Options } from 'conf';
import JSON5 from 'json5';
import { z } from 'zod';
import { BOOKKEEPING_KEY, SettingsSchema } from './settings-schema.js';

/** The user's keys as the file holds them (no defaults filled in), plus conf's bookkeeping. */
export type SettingsFile = Record<string, unknown>;

/** The current format of settings.json, recorded by conf as `__internal__.migrations.version`. */
export const SETTINGS_FORMAT_VERSION = '1.0.0';

export interface SettingsMigration {
  /** The format this step produces. */
  version: string;
  /** Pure: the user's keys in the previous format in, the same in this one out. */
  migrate(raw: SettingsFile): SettingsFile;
}

/** In version order. conf runs them when it opens a file; read-only loads apply them in memory only. */
export const SETTINGS_MIGRATIONS: readonly SettingsMigration[] = [
  {
    // Files before 1.0.0 carry no version marker and are often JSON5 with comments. The keys did not
    // change: the step only records the version. conf then writes the file as JSON, and
    // beforeEachMigration keeps the original text beside it, comments and all.
    version: '1.0.0',
    migrate: (raw) => raw,
  },
];

/** An unreadable settings file, with where it broke. Not a SyntaxError: conf must never "clear" it. */
export class SettingsParseError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'SettingsParseError';
  }
}

function positionOfFirstChar(text: string): { line: number; column: number } {
  const before = text.slice(0, text.length - text.trimStart().length).split('\n');
  return { line: before.length, column: (before.at(-1) ?? '').length + 1 };
}

/** Parses settings.json (JSON5, BOM allowed). Empty or not an object → SettingsParseError with line and column. */
export function parseSettingsText(text: string, path = 'settings.json'): SettingsFile {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new SettingsParseError(`${path} is empty (write {} for all defaults)`, 1, 1);
  let value: unknown;
  try {
    value = JSON5.parse(body);
  } catch (err) {
    const e = err as { lineNumber?: number; columnNumber?: number; message?: string };
    let line = e.lineNumber;
    let column = e.columnNumber;
    if (line !== undefined && line > 1 && column === 0) {
      // JSON5 reports a bad line break (an unterminated string) as column 0 of the next line: point at its end.
      line -= 1;
      column = (body.split('\n')[line - 1] ?? '').length + 1;
    }
    const what = (e.message ?? 'not JSON5').replace(/^JSON5: /, '').replace(/ at \d+:\d+$/, '');
    throw new SettingsParseError(`${path} line ${line ?? '?'}, column ${column ?? '?'}: ${what}`, line, column);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const at = positionOfFirstChar(body);
    throw new SettingsParseError(`${path} line ${at.line}, column ${at.column}: the top level must be an object { … }`, at.line, at.column);
  }
  return value as SettingsFile;
}

export function serializeSettings(file: SettingsFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** The format version a file records; undefined for files from before the marker (or a marker conf cannot use). */
export function recordedVersion(file: SettingsFile): string | undefined {
  const internal = Object.hasOwn(file, BOOKKEEPING_KEY) ? file[BOOKKEEPING_KEY] : undefined;
  if (internal === null || typeof internal !== 'object' || !Object.hasOwn(internal, 'migrations')) return undefined;
  const migrations = (internal as Record<string, unknown>).migrations;
  if (migrations === null || typeof migrations !== 'object' || !Object.hasOwn(migrations, 'version')) return undefined;
  const version = (migrations as Record<string, unknown>).version;
  return typeof version === 'string' && /^\d+\.\d+\.\d+$/.test(version) ? version : undefined;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** The migrations a file recording `version` still needs (conf's rule: after it, up to the current format). */
export function pendingMigrations(version: string | undefined): SettingsMigration[] {
  return SETTINGS_MIGRATIONS.filter(
    (m) => (version === undefined || compareVersions(m.version, version) > 0) && compareVersions(m.version, SETTINGS_FORMAT_VERSION) <= 0,
  );
}

/** The same steps conf runs, in memory (for reads that must not write): bookkeeping in, user's keys out. */
export function migrateInMemory(file: SettingsFile, migrations: SettingsMigration[]): SettingsFile {
  const { [BOOKKEEPING_KEY]: _bookkeeping, ...raw } = file;
  return migrations.reduce<SettingsFile>((acc, m) => m.migrate(acc), raw);
}

/** The file as a current-format settings file: the user's keys plus the version marker conf writes. */
export function withVersionMarker(raw: SettingsFile): SettingsFile {
  return { ...raw, [BOOKKEEPING_KEY]: { migrations: { version: SETTINGS_FORMAT_VERSION } } };
}

/** Where a migration keeps the file as it was before the step to `version`. */
export function preMigrationPath(settingsFile: string, version: string): string {
  return join(dirname(settingsFile), `settings.pre-${version}.json`);
}

let jsonSchema: { properties: Options<SettingsFile>['schema']; root: Options<SettingsFile>['rootSchema'] } | undefined;

/** conf's ajv schema, derived from the zod one (input shape: what the file may hold, defaults optional). */
export function settingsJsonSchema(): NonNullable<typeof jsonSchema> {
  if (!jsonSchema) {
    const { $schema: _dialect, type: _type, properties, ...root } = z.toJSONSchema(SettingsSchema, { io: 'input' });
    jsonSchema = { properties: properties as Options<SettingsFile>['schema'], root: root as Options<SettingsFile>['rootSchema'] };
  }
  return jsonSchema;
}

function plainCopy(value: unknown): SettingsFile {
  return JSON.parse(JSON.stringify(value)) as SettingsFile;
}

/** conf's options plus electron-store's spelling of the file name (`name`; conf reads `configName`). */
export type SettingsStoreOptions = Options<SettingsFile> & { name: string };

/**
 * The one set of options for opening settings.json: `new Conf(settingsStoreOptions(dir))` in the engine,
 * `new ElectronStore(settingsStoreOptions(app.getPath('userData')))` in the app. Zod stays the validator
 * that names keys; ajv (conf's) checks the same schema again on every write.
 */
export function settingsStoreOptions(dataDir: string): SettingsStoreOptions {
  const schema = settingsJsonSchema();
  const migrations = Object.fromEntries(
    SETTINGS_MIGRATIONS.map((m) => [
      m.version,
      (store: Conf<SettingsFile>) => {
        const before = plainCopy(store.store);
        const after = m.migrate(plainCopy(before));
        if (JSON.stringify(after) !== JSON.stringify(before)) store.store = after;
      },
    ]),
  );
  return {
    cwd: resolve(dataDir), // electron-store needs it absolute
    configName: 'settings',
    name: 'settings',
    fileExtension: 'json',
    schema: schema.properties,
    rootSchema: schema.root,
    // Only what the user set is stored: defaults stay in the code, so a new version can change them.
    ajvOptions: { useDefaults: false },
    projectVersion: SETTINGS_FORMAT_VERSION,
    migrations,
    beforeEachMigration: (store, { toVersion }) => keepPreMigrationCopy(store.path, toVersion),
    // Webhook URLs in here carry their tokens.
    configFileMode: 0o600,
    // Never replace a broken file with an empty one: the user's alert channels are in it.
    clearInvalidConfig: false,
    serialize: serializeSettings,
    deserialize: (text: string) => parseSettingsText(text, join(resolve(dataDir), 'settings.json')),
    watch: false,
  };
}

/** The file as it was before a migration rewrites it (JSON5 comments included); the first copy is kept. */
function keepPreMigrationCopy(settingsFile: string, version: string): void {
  const copy = preMigrationPath(settingsFile, version);
  try {
    copyFileSync(settingsFile, copy, constants.COPYFILE_EXCL);
    chmodSync(copy, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}
