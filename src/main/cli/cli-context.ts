// What every command needs: the data dir and validated settings, with command-line overrides applied.
import { defaultDataDir, ensureDataDir } from '../engine/paths.js';
import { isReadOnlyProcess } from '../engine/store/documents.js';
import { applySettingsChange } from '../engine/runtime/settings-change.js';
import { loadSettings, validateSettings, type Settings } from '../engine/settings/settings.js';

export class UsageError extends Error {}

export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
}

export const consoleIO: CliIO = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** The data dir; created (owner-only) unless the command only reads, which never writes anything. */
export function resolveDataDir(flag: string | undefined): string {
  const dir = flag ?? defaultDataDir();
  return isReadOnlyProcess() ? dir : ensureDataDir(dir);
}

export interface Overrides {
  manage?: string;
  port?: string;
  openclaw?: string;
  interval?: string;
  /** The gateway's host (a sidecar next to a container: its name or 127.0.0.1 in a shared network namespace). */
  host?: string;
  /** Another address for Prometheus (metrics.listen). */
  metricsListen?: string;
}

function toNumber(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`--${flag} needs a number, got "${value}"`);
  return n;
}

/**
 * Loads settings.json for a command that runs on it (watch, keepalive) and applies overrides, validated
 * like the file. Such a load may migrate the file and refresh the last good copy; a broken file gives
 * the last good settings and a warning, so the watcher keeps the user's alert channels.
 */
export function settingsWithOverrides(dataDir: string, o: Overrides, io: CliIO): { settings: Settings; overrides: Record<string, unknown>; problem?: string } {
  const loaded = loadSettings(dataDir, { readOnly: isReadOnlyProcess() });
  for (const w of loaded.warnings) io.err(`warning: ${w}`);
  const overrides: Record<string, unknown> = {};
  if (o.manage !== undefined) overrides['watch.manage'] = o.manage;
  if (o.port !== undefined) overrides['gateway.port'] = toNumber('port', o.port);
  if (o.openclaw !== undefined) overrides['gateway.openclawPath'] = o.openclaw;
  if (o.interval !== undefined) overrides['watch.intervalSec'] = toNumber('interval', o.interval);
  if (o.host !== undefined) overrides['gateway.host'] = o.host;
  if (o.metricsListen !== undefined) overrides['metrics.listen'] = o.metricsListen;
  const raw = applySettingsChange(structuredClone(loaded.settings) as unknown as Record<string, unknown>, overrides);
  return { settings: validateSettings(raw, 'command line'), overrides, ...(loaded.problem ? { problem: loaded.problem.message } : {}) };
}
