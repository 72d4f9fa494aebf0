// `clawdoc status` and `clawdoc history`: the runtime's status and history, from the running watcher
// when one answers, else from what it persisted plus a live probe.
import type { HistoryEvent } from '../../shared/history.js';
import { connect } from './connect.js';
import { resolveDataDir, UsageError } from './cli-context.js';
import { formatEvent, formatIncident, formatStatus } from './cli-format.js';
import type { Command } from './command.js';
import { stringsFor, type CliStrings } from './messages.js';
import type { ClawDocApi, RuntimeStatus } from '../../shared/api.js';
import { watcherAnswers, watcherClient } from '../engine/control/control-channel.js';
import { ClawDocRuntime } from '../engine/runtime/runtime.js';
import { planTargets, worstOf, type TargetPlan } from '../engine/runtime/targets.js';
import { loadSettings } from '../engine/settings/settings.js';
import { isReadOnlyProcess } from '../engine/store/documents.js';

export const statusCommand: Command = {
  name: 'status',
  readOnly: true,
  summary: 'The gateway state, pid and health, restarts in the window, the last incident',
  usage: 'clawdoc status [--json] [--data-dir DIR]',
  options: { json: { type: 'boolean' }, 'data-dir': { type: 'string' } },
  async run({ flags, io }) {
    const dataDir = resolveDataDir(flags['data-dir'] as string | undefined);
    const { api } = await connect(dataDir, io);
    const s = await api.status();
    const t = stringsFor((await api.settings()).settings.language);
    const plans = allTargets(dataDir);
    // Several targets: every one first (the worst state in the header), then the default one's details.
    const several = plans.length > 1 ? targetRows(t, await Promise.all(plans.map(async (plan, i) => ({ plan, status: i === 0 ? s : await (await targetApi(plan)).status() })))) : undefined;
    const live = s.liveProbe ?? s.gateway?.lastProbe;
    const watcherAlive = s.watching || !!s.watcherPid;
    if (flags.json) {
      io.out(JSON.stringify({ watching: watcherAlive, status: s.gateway, live: live ?? null, doctor: s.doctor, alerts: s.alerts, problems: s.problems, pausedUntil: s.pausedUntil ?? null, ...(several ? { worst: several.worst, targets: several.json } : {}) }, null, 2));
      return 0;
    }
    if (several) io.out([...several.lines, ''].join('\n'));
    if (s.gateway) io.out(formatStatus(s.gateway, watcherAlive, Date.now(), t).join('\n'));
    else io.out(t.neverWatched);
    if (s.liveProbe) io.out(t.liveProbe(s.gateway?.port ?? (await api.settings()).settings.gateway.port, s.liveProbe.verdict, s.liveProbe.detail));
    if (s.doctor.pendingProposals) io.out(t.awaitingApproval(s.doctor.pendingProposals));
    if (s.alerts.outboxSize) io.out(t.outboxWaiting(s.alerts.outboxSize));
    for (const p of s.problems) io.out(`${t.problem}: ${p.message}`);
    return 0;
  },
};

/** The default target and settings.targets of this data dir, each with its own data dir and settings. */
function allTargets(dataDir: string): TargetPlan[] {
  return planTargets(dataDir, loadSettings(dataDir, { readOnly: isReadOnlyProcess() }).settings);
}

/** A target's runtime: the watcher's when one answers on its data dir, else offline on it (a live probe). */
async function targetApi(plan: TargetPlan): Promise<ClawDocApi> {
  if (await watcherAnswers(plan.dataDir)) return watcherClient(plan.dataDir);
  return ClawDocRuntime.offline({ dataDir: plan.dataDir, settings: plan.settings, target: plan.id });
}

/** Every target in settings order, one line each, under a header naming the worst state; and as JSON. */
function targetRows(t: CliStrings, rows: { plan: TargetPlan; status: RuntimeStatus }[]): { worst: string; json: unknown[]; lines: string[] } {
  const worst = worstOf(rows.map((r) => r.status));
  const json = rows.map(({ plan, status: s }) => ({
    target: s.target,
    kind: plan.kind,
    watching: s.watching || !!s.watcherPid,
    state: s.gateway?.state ?? null,
    status: s.gateway,
    live: s.liveProbe ?? s.gateway?.lastProbe ?? null,
    pausedUntil: s.pausedUntil ?? null,
    problems: s.problems,
  }));
  const lines = [t.targetsHeader(rows.length, worst)];
  for (const { plan, status: s } of rows) {
    const where = `${plan.settings.gateway.host}:${s.gateway?.port ?? plan.settings.gateway.port}`;
    const watching = s.watching || !!s.watcherPid;
    const state = s.gateway?.state ? t.state(s.gateway.state) : t.targetNotWatched;
    const live = s.liveProbe ? `${s.liveProbe.verdict}${watching ? '' : ` (${t.targetNotWatched})`}` : s.gateway?.incident?.cause ?? '';
    lines.push(t.targetLine(s.target, t.targetKinds[plan.kind] ?? plan.kind, where, state, live));
  }
  return { worst, json, lines };
}

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
  readOnly: true,
  summary: 'Events and incidents, newest first',
  usage: 'clawdoc history [--json] [--limit N] [--data-dir DIR]',
  options: { json: { type: 'boolean' }, limit: { type: 'string' }, 'data-dir': { type: 'string' } },
  async run({ flags, io }) {
    const limit = parseLimit(flags.limit as string | undefined);
    const dataDir = resolveDataDir(flags['data-dir'] as string | undefined);
    const { api } = await connect(dataDir, io);
    const t = stringsFor((await api.settings()).settings.language);
    const events: HistoryEvent[] = (await api.history({ limit })).items;
    const all = (await api.incidents({ limit: limit + 1 })).items;
    const open = all.find((i) => !i.closedAt);
    const incidents = all.filter((i) => i.closedAt).slice(0, limit);
    if (flags.json) {
      io.out(JSON.stringify({ openIncident: open ?? null, incidents, events }, null, 2));
      return 0;
    }
    io.out(t.incidents);
    if (open) io.out(`  ${t.open} ${formatIncident(open, t)}`);
    for (const i of incidents) io.out(`  ${formatIncident(i, t)}`);
    if (!open && incidents.length === 0) io.out(`  ${t.none}`);
    io.out(t.events);
    for (const e of events) io.out(`  ${formatEvent(e)}`);
    if (events.length === 0) io.out(`  ${t.none}`);
    return 0;
  },
};
