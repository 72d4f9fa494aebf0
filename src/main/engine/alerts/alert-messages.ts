// The plan's alert template (section 3.4), filled with real data from the watchdog: time, level, how
// long the gateway has been failing, crashes in the window, last healthy check, what ClawDoc tried,
// the doctor's diagnosis and matched case, the next step. Every alert leaves here redacted.
import { randomUUID } from 'node:crypto';
import type { Alert, AlertLevel, AlertSection } from '../../../shared/alerts.js';
import type { EscalationCause, Incident, PortHolder, StatusSnapshot, WatchEvent } from '../../../shared/status.js';
import { STRINGS, type Lang, type Strings } from './alert-strings.js';
import type { Redactor } from '../redaction/redactor.js';

/** What the doctor has reported about an incident, for the person's message; every field optional until it does. */
export interface DoctorNote {
  summary?: string;
  matchedCase?: string;
  nextStep?: string;
}

export interface AlertContext {
  lang: Lang;
  now: number;
  host: string;
  redactor: Redactor;
  snapshot?: StatusSnapshot;
  /** Windows the counters refer to. */
  crashWindowHours: number;
  breakerWindowMin: number;
  port: number;
  /** Where the evidence is kept (the gateway log), shown as a path. */
  logPath?: string;
  diagnosis?: DoctorNote;
}

const LAST_OUTPUT_LINES = 6;
const LINE_MAX = 240;

export function formatTime(ts: number): string {
  const d = new Date(ts);
  const p = (n: number) => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const tz = `UTC${off >= 0 ? '+' : '-'}${p(Math.floor(Math.abs(off) / 60))}:${p(Math.abs(off) % 60)}`;
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} (${tz})`;
}

export function formatDuration(ms: number, lang: Lang): string {
  const s = Math.max(0, ms / 1000);
  if (s < 90) return lang === 'zh' ? `${Math.round(s)} 秒` : `${Math.round(s)} s`;
  const m = s / 60;
  if (m < 120) return lang === 'zh' ? `${m.toFixed(1)} 分钟` : `${m.toFixed(1)} min`;
  const h = Math.floor(m / 60);
  const rest = Math.round(m % 60);
  return lang === 'zh' ? `${h} 小时 ${rest} 分钟` : `${h} h ${rest} min`;
}

function windowText(t: Strings, minutes: number): string {
  return minutes >= 120 && minutes % 60 === 0 ? t.hours(minutes / 60) : t.minutes(Math.round(minutes * 10) / 10);
}

function clip(line: string): string {
  return line.length > LINE_MAX ? `${line.slice(0, LINE_MAX - 1)}…` : line;
}

function holderText(h: PortHolder | null | undefined): string | undefined {
  if (!h) return undefined;
  return `pid ${h.pid} (${clip(h.command || h.name)})`;
}

function finish(ctx: AlertContext, alert: Omit<Alert, 'id' | 'createdAt'>): Alert {
  return ctx.redactor.redactDeep({ id: randomUUID(), createdAt: ctx.now, ...alert });
}

function diagnosisSection(t: Strings, ctx: AlertContext, cause: EscalationCause | undefined, extraActions: string[]): AlertSection[] {
  const d = ctx.diagnosis;
  const actions: string[] = [...extraActions];
  actions.push(`${t.diagnosis}${t.sep}${d?.summary ?? t.diagnosisPending}`);
  const sections: AlertSection[] = [{ heading: t.actions, lines: actions, style: 'numbered' }];
  sections.push({ heading: t.matchedCase, lines: [d?.matchedCase ?? t.noCase], style: 'plain' });
  const next = d?.nextStep ?? (cause ? t.next[cause](ctx.port) : undefined);
  if (next) sections.push({ heading: t.nextStep, lines: [next], style: 'plain' });
  return sections;
}

/** The escalation alert (kind `escalated`) or its reminder while it lasts (kind `reminder`). */
export function escalationAlert(ev: WatchEvent, ctx: AlertContext, kind: 'escalated' | 'reminder' = 'escalated'): Alert {
  const t = STRINGS[ctx.lang];
  const cause = ev.details?.cause ?? ctx.snapshot?.escalation?.cause;
  const evidence = ev.details?.evidence ?? ctx.snapshot?.escalation?.evidence ?? {};
  const snap = ctx.snapshot;
  const incident: Incident | undefined = snap?.incident;
  const openedAt = incident?.openedAt ?? ev.ts;
  const lastHealthy = snap?.lastHealthyAt ?? incident?.lastHealthyAt;
  const crashes = snap?.crashesInWindow ?? evidence.crashesInWindow ?? 0;
  const restarts = incident?.restarts ?? evidence.restartsInWindow ?? 0;
  const fields = [
    { label: t.time, value: formatTime(ctx.now) },
    { label: t.level, value: t.levels.critical },
    { label: t.cause, value: cause && t.causes[cause] ? `${t.causes[cause]} — ${clip(ev.reason)}` : clip(ev.reason) },
    { label: t.failingFor, value: formatDuration(ctx.now - openedAt, ctx.lang) },
  ];
  const details = [
    t.crashes(crashes, windowText(t, ctx.crashWindowHours * 60)),
    t.restarts(snap?.restartsInWindow ?? evidence.restartsInWindow ?? 0, windowText(t, ctx.breakerWindowMin)),
    `${t.lastHealthy}${t.sep}${lastHealthy ? formatTime(lastHealthy) : t.never}`,
  ];
  const holder = holderText(evidence.portHolder);
  if (holder) details.push(`${t.portHolder}${t.sep}${holder}`);
  if (kind === 'reminder') details.unshift(t.stillEscalated(formatTime(snap?.escalation?.at ?? ev.ts)));
  const sections: AlertSection[] = [{ heading: t.details, lines: details, style: 'bullets' }];
  const actions = [t.triedRestart(restarts)];
  if (ctx.logPath) actions.push(t.loggedAt(ctx.logPath));
  sections.push(...diagnosisSection(t, ctx, cause, actions));
  const out = (evidence.lastOutput ?? []).filter((l) => l.trim()).slice(-LAST_OUTPUT_LINES).map(clip);
  if (out.length) sections.push({ heading: t.lastOutput, lines: out, style: 'pre' });
  const title = kind === 'reminder' ? t.titleReminder : t.titleEscalated;
  return finish(ctx, {
    kind,
    level: 'critical',
    incidentId: ev.incidentId ?? incident?.id,
    title,
    short: `[${t.levels.critical}] ${title}: ${clip(ev.reason)}`,
    fields,
    sections,
    footer: t.footer(ctx.host),
    mention: true,
  });
}

export function recoveredAlert(ev: WatchEvent, ctx: AlertContext, incident?: Incident): Alert {
  const t = STRINGS[ctx.lang];
  const downtime = typeof ev.details?.downtimeMs === 'number' ? ev.details.downtimeMs : incident?.closedAt && incident.openedAt ? incident.closedAt - incident.openedAt : undefined;
  const restarts = typeof ev.details?.restarts === 'number' ? ev.details.restarts : incident?.restarts;
  const fields = [
    { label: t.time, value: formatTime(ctx.now) },
    { label: t.level, value: t.levels.ok },
  ];
  if (downtime !== undefined) fields.push({ label: t.downtime, value: formatDuration(downtime, ctx.lang) });
  const lines = [clip(ev.reason)];
  if (incident) lines.push(`${t.openedAt}${t.sep}${formatTime(incident.openedAt)} — ${clip(incident.cause)}`);
  if (restarts !== undefined) lines.push(t.triedRestart(restarts));
  return finish(ctx, {
    kind: 'recovered',
    level: 'ok',
    incidentId: ev.details?.incidentId ?? incident?.id,
    title: t.titleRecovered,
    short: `[${t.levels.ok}] ${t.titleRecovered}: ${clip(ev.reason)}`,
    fields,
    sections: [{ heading: t.details, lines, style: 'bullets' }],
    footer: t.footer(ctx.host),
  });
}

/** Optional per-event alerts (restart, memory warning, …) when the policy asks for them. */
export function eventAlert(ev: WatchEvent, ctx: AlertContext): Alert {
  const t = STRINGS[ctx.lang];
  const title = t.titleEvent[ev.type] ?? `ClawDoc: ${ev.type}`;
  const level: AlertLevel = ev.type === 'restart' ? 'info' : 'warning';
  const snap = ctx.snapshot;
  const lines = [
    t.restarts(snap?.restartsInWindow ?? 0, windowText(t, ctx.breakerWindowMin)),
    t.crashes(snap?.crashesInWindow ?? 0, windowText(t, ctx.crashWindowHours * 60)),
  ];
  return finish(ctx, {
    kind: 'event',
    level,
    incidentId: ev.incidentId,
    title,
    short: `[${t.levels[level]}] ${title}: ${clip(ev.reason)}`,
    fields: [
      { label: t.time, value: formatTime(ev.ts) },
      { label: t.level, value: t.levels[level] },
      { label: t.cause, value: clip(ev.reason) },
    ],
    sections: [{ heading: t.details, lines, style: 'bullets' }],
    footer: t.footer(ctx.host),
  });
}

export function testAlert(ctx: AlertContext): Alert {
  const t = STRINGS[ctx.lang];
  return finish(ctx, {
    kind: 'test',
    level: 'info',
    title: t.titleTest,
    short: t.titleTest,
    fields: [{ label: t.time, value: formatTime(ctx.now) }],
    sections: [{ heading: t.details, lines: [t.testBody], style: 'plain' }],
    footer: t.footer(ctx.host),
  });
}

const RANK: Record<AlertLevel, number> = { ok: 0, info: 1, warning: 2, critical: 3 };

function shortLine(a: Alert): string {
  return `${formatTime(a.createdAt).slice(11, 19)} ${a.short}`;
}

/**
 * Several alerts merged into one message (a burst, or what piled up during an outage): every alert
 * is one line, in order; the details of the most severe newest one follow.
 */
export function digestAlert(alerts: Alert[], lang: Lang, now: number): Alert {
  const t = STRINGS[lang];
  const top = alerts.reduce((best, a) => (RANK[a.level] >= RANK[best.level] ? a : best), alerts[0]!);
  return {
    id: randomUUID(),
    kind: 'digest',
    level: top.level,
    createdAt: now,
    title: t.titleDigest(alerts.length),
    short: t.titleDigest(alerts.length),
    // The most severe alert's facts, so the digest is enough to act on without the single messages.
    fields: top.level === 'critical' || top.level === 'warning' ? top.fields : [],
    sections: [{ heading: t.alertsHeading, lines: alerts.map(shortLine), style: 'bullets' }, ...top.sections.filter((s) => s.style !== 'pre')],
    footer: top.footer,
    mention: alerts.some((a) => a.mention),
  };
}

/** Alerts too old to matter: counted and listed by kind, not replayed. */
export function summaryAlert(alerts: Alert[], lang: Lang, now: number): Alert {
  const t = STRINGS[lang];
  const first = alerts[0]!;
  const last = alerts[alerts.length - 1]!;
  const counts = new Map<string, number>();
  for (const a of alerts) counts.set(a.title, (counts.get(a.title) ?? 0) + 1);
  const lines = [...counts].map(([title, n]) => `${n} × ${title}`);
  lines.push(`${formatTime(last.createdAt).slice(11, 19)} ${last.short}`);
  return {
    id: randomUUID(),
    kind: 'summary',
    level: alerts.reduce<AlertLevel>((l, a) => (RANK[a.level] > RANK[l] ? a.level : l), 'ok'),
    createdAt: now,
    title: t.titleSummary(alerts.length),
    short: t.titleSummary(alerts.length),
    fields: [],
    sections: [{ heading: t.summaryBody(formatTime(first.createdAt), formatTime(last.createdAt)), lines, style: 'bullets' }],
    footer: last.footer,
  };
}
