// The tray as pure functions of what ClawDoc knows: which icon, what tooltip, which menu. No Electron
// here: the adapter (tray.ts) turns the menu model into Electron's template and binds the actions, so
// every rule below is tested in plain Node.
import type { RuntimeStatus } from '../../shared/api.js';
import type { Proposal } from '../../shared/doctor.js';
import type { Language } from '../../shared/settings.js';
import type { TrayStrings } from './tray-strings.js';
import { HEALTH_LOOKS, lookOf, worstLook, type HealthLook } from '../../shared/health-look.js';

/** Five icons, told apart by shape as well as colour (see assets/icon-src). */
/** The tray shows the window's five looks (same shapes and colours): one definition in src/shared. */
export type TrayIconState = HealthLook;
export const TRAY_ICON_STATES: readonly TrayIconState[] = HEALTH_LOOKS;

export interface AutostartView {
  supported: boolean;
  enabled: boolean;
  /** macOS 13+: registered, but the user has to allow it in System Settings › Login Items. */
  needsApproval?: boolean;
}

/** Everything the tray shows. */
export interface TrayView {
  /** null until the first answer (or while the watcher cannot be reached). */
  status: RuntimeStatus | null;
  /** hosted: the runtime runs in this process; attached: a headless `clawdoc watch` runs it. */
  mode: 'hosted' | 'attached' | 'none';
  restarting: boolean;
  diagnosing: boolean;
  /** Pending proposals (fixes awaiting approval). */
  proposals: Proposal[];
  autostart: AutostartView;
  language: Language;
  /** Where the `clawdoc` command is installed, when it is. */
  cliPath?: string;
  now: number;
  /** The other gateways watched (settings.targets), in order; `status` is the default target's. */
  targets?: TargetView[];
}

/** One more watched gateway: its id and what its watcher last said (null: no answer). */
export interface TargetView {
  id: string;
  status: RuntimeStatus | null;
  /** remote: watched over the network only, never restarted. */
  kind?: 'local' | 'remote' | 'fleet';
}

export type TrayAction =
  | { type: 'restart'; target?: string }
  | { type: 'diagnose' }
  | { type: 'approve'; proposalId: string }
  | { type: 'pause'; minutes?: number; target?: string }
  | { type: 'resume'; target?: string }
  | { type: 'open'; route?: string }
  | { type: 'autostart'; enable: boolean }
  | { type: 'language'; language: Language }
  | { type: 'install-cli' }
  | { type: 'quit' };

/** A menu item as data: the adapter maps it onto Electron's MenuItemConstructorOptions. */
export interface MenuModelItem {
  id?: string;
  label?: string;
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio';
  enabled?: boolean;
  checked?: boolean;
  action?: TrayAction;
  submenu?: MenuModelItem[];
}

/**
 * The gateway's (OpenClaw's) chat channels that are down: those with an open channel incident (named
 * with their last error), and any other that /readyz reports failing.
 */
export function channelsDown(status: RuntimeStatus | null): string[] {
  const probe = status?.gateway?.lastProbe ?? status?.liveProbe;
  const watched = (status?.gateway?.gatewayChannels ?? []).filter((c) => c.state === 'down' || c.state === 'needs-human');
  const named = watched.map((c) => {
    const name = `${c.label ?? c.channel}${c.accountId !== 'default' ? ` (${c.accountId})` : ''}`;
    return c.lastError ? `${name}: ${clip(c.lastError, 48)}` : name;
  });
  const known = new Set(watched.map((c) => c.channel));
  return [...named, ...(probe?.failing ?? []).filter((f) => !known.has(f))];
}

/** Alert channels whose last delivery failed: a person would not be told. */
export function alertChannelsFailing(status: RuntimeStatus | null): string[] {
  return (status?.alerts.channels ?? []).filter((c) => c.enabled && c.last && !c.last.ok).map((c) => c.channel);
}

/** The icon: the worst of the default gateway's look and every other target's. */
export function iconStateFor(view: Pick<TrayView, 'status' | 'restarting' | 'targets'>): TrayIconState {
  const own = ownIconState(view);
  return view.targets?.length ? worstLook([own, ...view.targets.map((t) => targetLook(t.status))]) : own;
}

/** A target's look: grey when its watcher does not answer or never watched it. */
export function targetLook(status: RuntimeStatus | null): HealthLook {
  if (!status?.gateway || !status.watching) return 'paused';
  return lookOf(status.gateway.state);
}

function ownIconState(view: Pick<TrayView, 'status' | 'restarting'>): TrayIconState {
  const gw = view.status?.gateway;
  if (!view.status || !gw || !view.status.watching) return 'paused'; // unknown
  if (view.restarting) return 'working';
  const look = lookOf(gw.state);
  // A channel down, or alerts that cannot reach anyone: the gateway answers but is not fully well.
  return look === 'healthy' && (channelsDown(view.status).length || alertChannelsFailing(view.status).length) ? 'degraded' : look;
}

/** The icon file (relative to assets/) for a state on an OS: templates on macOS, .ico on Windows. */
export function iconFile(state: TrayIconState, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return `tray/${state}Template.png`;
  if (platform === 'win32') return `tray/${state}.ico`;
  return `tray/${state}.png`;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function stateLabel(view: TrayView, s: TrayStrings): string {
  const gw = view.status?.gateway;
  if (!view.status || !gw) return s.gatewayLine(s.unknown);
  if (!view.status.watching) return s.gatewayLine(s.unknown, s.notWatching);
  const label = s.state[gw.state] ?? gw.state;
  return s.gatewayLine(label, s.duration(Math.max(0, view.now - gw.since)));
}

function pauseLine(view: TrayView, s: TrayStrings): string | undefined {
  if (view.status?.gateway?.state !== 'paused') return undefined;
  const until = view.status.pausedUntil;
  return until ? s.pausedUntil(clockOf(until)) : s.pausedUntilResumed;
}

const clockOf = (t: number) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** One line per other target: its id and state (and for how long). */
function targetLines(view: TrayView, s: TrayStrings): { id: string; label: string }[] {
  return (view.targets ?? []).map((t) => {
    const gw = t.status?.gateway;
    const state = !gw || !t.status?.watching ? s.unknown : (s.state[gw.state] ?? gw.state);
    return { id: t.id, label: s.targetLine(t.id, state, gw && t.status?.watching ? s.duration(Math.max(0, view.now - gw.since)) : undefined) };
  });
}

/** The tooltip: state and for how long, a pause or hold, the last incident, a channel that is down. */
export function tooltipFor(view: TrayView, s: TrayStrings, platform: NodeJS.Platform): string {
  const lines = [`${s.appName} — ${stateLabel(view, s)}`];
  // Several targets: the worst first, then the default's details below.
  if (view.targets?.length) lines.splice(0, 1, `${s.appName} — ${s.icon[iconStateFor(view)]}`, stateLabel(view, s), ...targetLines(view, s).map((t) => t.label));
  const paused = pauseLine(view, s);
  if (paused) lines.push(paused);
  const hold = view.status?.gateway?.hold;
  if (hold) lines.push(s.held(hold.kind, hold.until ? clockOf(hold.until) : undefined));
  const gw = view.status?.gateway;
  if (gw?.incident) lines.push(s.openIncident(clip(gw.incident.cause, 60)));
  else if (gw?.lastIncident) {
    const i = gw.lastIncident;
    lines.push(s.lastIncident(s.duration(Math.max(0, view.now - (i.closedAt ?? i.openedAt))), clip(i.cause, 40), i.closedAt ? s.recovered : s.stillOpen));
  }
  const down = channelsDown(view.status);
  if (down.length) lines.push(s.channelDown(down.join(', ')));
  const failing = alertChannelsFailing(view.status);
  if (failing.length) lines.push(s.alertChannelFailing(failing.join(', ')));
  if (view.mode === 'attached') lines.push(s.attached(view.status?.watcherPid));
  const text = lines.join('\n');
  // Windows cuts a notification-area tooltip at 127 characters: keep whole lines that fit.
  if (platform !== 'win32' || text.length <= 127) return text;
  let kept = lines[0]!.slice(0, 127);
  for (const line of lines.slice(1)) {
    if (kept.length + 1 + line.length > 127) break;
    kept += `\n${line}`;
  }
  return kept;
}

/** Another target: its state as the label, and its own Restart and Pause / Resume (a remote one is never restarted). */
function targetItem(view: TrayView, line: { id: string; label: string }, s: TrayStrings): MenuModelItem {
  const target = view.targets?.find((t) => t.id === line.id);
  const watching = !!target?.status?.watching;
  const paused = target?.status?.gateway?.state === 'paused';
  const id = line.id;
  return {
    id: `target:${id}`,
    label: line.label,
    type: 'submenu',
    submenu: [
      { id: `target-restart:${id}`, label: s.restart, enabled: watching && target?.kind !== 'remote', action: { type: 'restart', target: id } },
      paused
        ? { id: `target-resume:${id}`, label: s.resume, enabled: watching, action: { type: 'resume', target: id } }
        : { id: `target-pause:${id}`, label: s.pause30, enabled: watching, action: { type: 'pause', minutes: 30, target: id } },
    ],
  };
}

/** The menu, rebuilt from the view on every change. */
export function menuFor(view: TrayView, s: TrayStrings): MenuModelItem[] {
  const watching = !!view.status?.watching;
  const paused = view.status?.gateway?.state === 'paused';
  const items: MenuModelItem[] = [{ id: 'status', label: stateLabel(view, s), enabled: false }];
  for (const t of targetLines(view, s)) items.push(targetItem(view, t, s));
  const pausedLine = pauseLine(view, s);
  if (pausedLine) items.push({ id: 'paused', label: pausedLine, enabled: false });
  if (view.mode === 'attached') items.push({ id: 'attached', label: s.attached(view.status?.watcherPid), enabled: false });
  items.push({ type: 'separator' });
  items.push({ id: 'restart', label: view.restarting ? s.restarting : s.restart, enabled: watching && !view.restarting, action: { type: 'restart' } });
  items.push({ id: 'diagnose', label: view.diagnosing ? s.diagnosing : s.diagnose, enabled: !view.diagnosing, action: { type: 'diagnose' } });
  if (view.proposals.length) {
    items.push({
      id: 'proposals',
      label: s.fixesAwaiting(view.proposals.length),
      type: 'submenu',
      submenu: [
        ...view.proposals.map((p): MenuModelItem => ({ id: `approve:${p.id}`, label: s.approve(clip(p.description, 60)), action: { type: 'approve', proposalId: p.id } })),
        { type: 'separator' },
        { id: 'review-fixes', label: s.reviewFixes, action: { type: 'open', route: '#/proposals' } },
      ],
    });
  }
  items.push({ type: 'separator' });
  if (paused) items.push({ id: 'resume', label: s.resume, enabled: watching, action: { type: 'resume' } });
  else {
    items.push({
      id: 'pause',
      label: s.pause,
      type: 'submenu',
      enabled: watching,
      submenu: [
        { id: 'pause-30', label: s.pause30, enabled: watching, action: { type: 'pause', minutes: 30 } },
        { id: 'pause-60', label: s.pause60, enabled: watching, action: { type: 'pause', minutes: 60 } },
        { id: 'pause-forever', label: s.pauseUntilResumed, enabled: watching, action: { type: 'pause' } },
      ],
    });
  }
  items.push({ type: 'separator' });
  items.push({ id: 'open', label: s.open, action: { type: 'open' } });
  if (view.autostart.supported) {
    items.push({
      id: 'autostart',
      label: view.autostart.needsApproval ? s.launchAtLoginNeedsApproval : s.launchAtLogin,
      type: 'checkbox',
      checked: view.autostart.enabled,
      action: { type: 'autostart', enable: !view.autostart.enabled },
    });
  }
  items.push(
    view.cliPath
      ? { id: 'install-cli', label: s.cliInstalled(view.cliPath), enabled: false }
      : { id: 'install-cli', label: s.installCli, action: { type: 'install-cli' } },
  );
  items.push({
    id: 'language',
    label: s.language,
    type: 'submenu',
    submenu: (
      [
        ['auto', s.followSystem],
        ['zh', '中文'],
        ['en', 'English'],
      ] as const
    ).map(([language, label]) => ({ id: `language:${language}`, label, type: 'radio', checked: view.language === language, action: { type: 'language', language } })),
  });
  items.push({ type: 'separator' });
  items.push({ id: 'quit', label: s.quit, action: { type: 'quit' } });
  return items;
}
