// `clawdoc status` and `clawdoc history`: read what the watcher persisted, plus a live probe.
import { probeGateway } from '../engine/gateway/probe.js';
import { isAlive } from '../engine/gateway/processes.js';
import { loadSettings } from '../engine/settings/settings.js';
import { History } from '../engine/store/history.js';
import { StateFile } from '../engine/store/state-file.js';
import { resolveDataDir, UsageError } from './context.js';
import { formatEvent, formatIncident, formatStatus } from './format.js';
import type { Command } from './main.js';

export const statusCommand: Command = {
  name: 'status',
  summary: 'The gateway state, pid and health, restarts in the window, the last incident',
  usage: 'clawdoc status [--json] [--data-dir DIR]',
  options: { json: { type: 'boolean' }, 'data-dir': { type: 'string' } },
  async run({ flags, io }) {
    const dataDir = resolveDataDir(flags['data-dir'] as string | undefined);
    const saved = new StateFile(dataDir).read();
    const settings = loadSettings(dataDir).settings;
    const port = saved?.status?.port ?? settings.gateway.port;
    const live = await probeGateway({ host: settings.gateway.host, port, timeoutMs: Math.round(settings.watch.probeTimeoutSec * 1000) });
    const watcherAlive = !!saved?.status?.watcherPid && isAlive(saved.status.watcherPid);
    if (flags.json) {
      io.out(JSON.stringify({ watching: watcherAlive, status: saved?.status ?? null, live }, null, 2));
      return 0;
    }
    if (saved?.status) io.out(formatStatus(saved.status, watcherAlive).join('\n'));
    else io.out('ClawDoc has not watched a gateway with this data dir yet.');
    io.out(`Live probe of 127.0.0.1:${port}: ${live.verdict}${live.detail ? ` — ${live.detail}` : ''}`);
    return 0;
  },
};

export const MAX_HISTORY_LIMIT = 100_000;

/** --limit N: a whole number from 1 to MAX_HISTORY_LIMIT, written as such ("abc", "1e3", "-5", "2.5" are refused). */
export function parseLimit(value: string | undefined, fallback = 50): number {
  if (value === undefined) return fallback;
  const n = /^\s*\d{1,7}\s*$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= MAX_HISTORY_LIMIT)) throw new UsageError(`--limit needs a whole number from 1 to ${MAX_HISTORY_LIMIT}, got "${value}"`);
  return n;
}

export const historyCommand: Command = {
  name: 'history',
  summary: 'Events and incidents, newest first',
  usage: 'clawdoc history [--json] [--limit N] [--data-dir DIR]',
  options: { json: { type: 'boolean' }, limit: { type: 'string' }, 'data-dir': { type: 'string' } },
  async run({ flags, io }) {
    const limit = parseLimit(flags.limit as string | undefined);
    const dataDir = resolveDataDir(flags['data-dir'] as string | undefined);
    const history = new History(dataDir);
    const events = history.recentEvents(limit);
    const incidents = history.recentIncidents(limit);
    const open = new StateFile(dataDir).read()?.status?.incident;
    if (flags.json) {
      io.out(JSON.stringify({ openIncident: open ?? null, incidents, events }, null, 2));
      return 0;
    }
    io.out('Incidents:');
    if (open) io.out(`  (open) ${formatIncident(open)}`);
    for (const i of incidents) io.out(`  ${formatIncident(i)}`);
    if (!open && incidents.length === 0) io.out('  none');
    io.out('Events:');
    for (const e of events) io.out(`  ${formatEvent(e)}`);
    if (events.length === 0) io.out('  none');
    return 0;
  },
};
