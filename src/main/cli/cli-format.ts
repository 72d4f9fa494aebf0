// Human-readable lines for events and status (the JSON forms are the records themselves).
import type { Incident, StatusSnapshot } from '../../shared/status.js';
import type { HistoryEvent } from '../../shared/history.js';
import { cliStrings, type CliStrings } from './messages.js';

export function clock(ts: number): string {
  return new Date(ts).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s}s`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h} h ${m % 60} min` : `${Math.floor(h / 24)} d ${h % 24} h`;
}

export function formatEvent(e: HistoryEvent): string {
  const head = e.type === 'state' ? `${e.from} → ${e.to}` : e.type;
  return `${clock(e.ts)}  ${head.padEnd(20)} ${e.reason}`;
}

export function formatIncident(i: Incident, t: CliStrings = cliStrings('en')): string {
  const end = i.closedAt ? `${duration(i.closedAt - i.openedAt)}, ${i.resolution}` : t.openFor(duration(Date.now() - i.openedAt));
  const esc = i.escalation ? `, ${t.escalated} (${i.escalation.cause})` : '';
  return `${clock(i.openedAt)}  ${i.cause} — ${t.restarts(i.restarts)}${esc}, ${end}`;
}

export function formatStatus(s: StatusSnapshot, watcherAlive: boolean, now = Date.now(), t: CliStrings = cliStrings('en')): string[] {
  const lines: string[] = [];
  lines.push(watcherAlive ? t.watching(s.watcherPid, s.manage) : t.notWatching(clock(s.updatedAt), duration(now - s.updatedAt)));
  lines.push(t.gatewayLine(t.state(s.state), duration(now - s.since), s.reason));
  const facts = [`${t.port} ${s.port}`];
  if (s.pid) facts.push(`pid ${s.pid}`);
  if (s.stats) facts.push(`RSS ${Math.round(s.stats.rssBytes / 1048576)} MB`, `CPU ${s.stats.cpuPercent}%`);
  if (s.lastProbe) facts.push(t.lastProbe(s.lastProbe.verdict, s.lastProbe.latencyMs, duration(now - s.lastProbe.at)));
  lines.push(`  ${facts.join(', ')}`);
  lines.push(`  ${t.counters(s.restartsInWindow, s.crashesInWindow)}`);
  if (s.lastHealthyAt) lines.push(`  ${t.lastHealthy}: ${clock(s.lastHealthyAt)}`);
  if (s.nextRestartAt) lines.push(`  ${t.nextRestart(clock(s.nextRestartAt), duration(s.nextRestartAt - now))}`);
  if (s.hold) lines.push(`  ${t.hold(s.hold, duration(now - s.hold.since), s.hold.until ? clock(s.hold.until) : undefined)}`);
  if (s.escalation) lines.push(`  ${t.escalated}: ${s.escalation.cause} — ${s.escalation.reason}`);
  for (const c of s.gatewayChannels ?? []) {
    const name = `${c.label ?? c.channel}${c.accountId !== 'default' ? ` (${c.accountId})` : ''}`;
    lines.push(t.gatewayChannel(name, c.state, duration(now - c.since), c.state === 'healthy' ? undefined : c.lastError));
  }
  if (s.incident) lines.push(`${t.openIncident}: ${formatIncident(s.incident, t)}`);
  if (s.lastIncident) lines.push(`${t.lastIncident}: ${formatIncident(s.lastIncident, t)}`);
  return lines;
}
