// Human-readable lines for events and status (the JSON forms are the records themselves).
import type { HistoryEvent, Incident, StatusSnapshot } from '../../shared/status.js';

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

export function formatIncident(i: Incident): string {
  const end = i.closedAt ? `${duration(i.closedAt - i.openedAt)}, ${i.resolution}` : `open for ${duration(Date.now() - i.openedAt)}`;
  const esc = i.escalation ? `, escalated (${i.escalation.cause})` : '';
  return `${clock(i.openedAt)}  ${i.cause} — ${i.restarts} restart${i.restarts === 1 ? '' : 's'}${esc}, ${end}`;
}

export function formatStatus(s: StatusSnapshot, watcherAlive: boolean, now = Date.now()): string[] {
  const lines: string[] = [];
  lines.push(
    watcherAlive
      ? `ClawDoc: watching (pid ${s.watcherPid}, manage=${s.manage})`
      : `ClawDoc: not watching (last update ${clock(s.updatedAt)}, ${duration(now - s.updatedAt)} ago)`,
  );
  lines.push(`Gateway: ${s.state} for ${duration(now - s.since)} — ${s.reason}`);
  const facts = [`port ${s.port}`];
  if (s.pid) facts.push(`pid ${s.pid}`);
  if (s.stats) facts.push(`RSS ${Math.round(s.stats.rssBytes / 1048576)} MB`, `CPU ${s.stats.cpuPercent}%`);
  if (s.lastProbe) facts.push(`last probe ${s.lastProbe.verdict} (${s.lastProbe.latencyMs} ms, ${duration(now - s.lastProbe.at)} ago)`);
  lines.push(`  ${facts.join(', ')}`);
  lines.push(`  restarts in the breaker window: ${s.restartsInWindow}, crashes still counted: ${s.crashesInWindow}`);
  if (s.lastHealthyAt) lines.push(`  last healthy: ${clock(s.lastHealthyAt)}`);
  if (s.nextRestartAt) lines.push(`  next restart: ${clock(s.nextRestartAt)} (in ${duration(s.nextRestartAt - now)})`);
  if (s.escalation) lines.push(`  escalated: ${s.escalation.cause} — ${s.escalation.reason}`);
  if (s.incident) lines.push(`Open incident: ${formatIncident(s.incident)}`);
  if (s.lastIncident) lines.push(`Last incident: ${formatIncident(s.lastIncident)}`);
  return lines;
}
