// The Settings page's model: which settings it edits, their values as the form holds them (strings and
// booleans), the change to send (only what the user changed, as dotted keys: the runtime validates the
// whole and saves all or nothing), and where a refusal's reason goes. Pure.
import type { ChannelConfig, ChannelType, Settings, SettingsChange } from '../shared/settings.js';

export type SectionId = 'gateway' | 'probing' | 'restart' | 'doctor' | 'ai' | 'alerts' | 'general';
export type FieldKind = 'int' | 'number' | 'text' | 'select' | 'bool' | 'int-list';

export interface FieldSpec {
  /** The dotted settings key (also the field's id). */
  key: string;
  kind: FieldKind;
  section: SectionId;
  options?: readonly string[];
  /** Takes effect when the watcher restarts. */
  restart?: boolean;
  /** select: the empty option stands for null (e.g. ai.provider: no AI). */
  nullable?: boolean;
  /** Input hints only; the runtime's schema decides. */
  min?: number;
  step?: number;
}

export const CHANNEL_TYPES: readonly ChannelType[] = ['feishu', 'lark', 'dingtalk', 'wecom', 'discord', 'telegram', 'slack', 'webhook'];

export const FIELDS: readonly FieldSpec[] = [
  { key: 'gateway.port', kind: 'int', section: 'gateway', restart: true, min: 1 },
  { key: 'watch.manage', kind: 'select', section: 'gateway', options: ['auto', 'child', 'service', 'command', 'none'], restart: true },
  { key: 'gateway.openclawPath', kind: 'text', section: 'gateway', restart: true },
  { key: 'gateway.env.OPENCLAW_PROFILE', kind: 'text', section: 'gateway', restart: true },
  { key: 'watch.intervalSec', kind: 'number', section: 'probing', min: 0, step: 1 },
  { key: 'watch.probeTimeoutSec', kind: 'number', section: 'probing', min: 0, step: 1 },
  { key: 'watch.failuresBeforeAction', kind: 'int', section: 'probing', min: 1 },
  { key: 'watch.startupGraceSec', kind: 'number', section: 'probing', min: 0, step: 1 },
  { key: 'watch.memoryWarnMb', kind: 'int', section: 'probing', min: 0 },
  { key: 'watch.memoryRestartMb', kind: 'int', section: 'probing', min: 0 },
  { key: 'gatewayChannels.enabled', kind: 'bool', section: 'probing' },
  { key: 'gatewayChannels.graceSec', kind: 'number', section: 'probing', min: 1, step: 1 },
  { key: 'gatewayChannels.probeIntervalSec', kind: 'number', section: 'probing', min: 1, step: 1 },
  { key: 'gatewayChannels.restartGateway', kind: 'bool', section: 'probing' },
  { key: 'restart.backoffSec', kind: 'int-list', section: 'restart' },
  { key: 'restart.breakerMaxRestarts', kind: 'int', section: 'restart', min: 1 },
  { key: 'restart.breakerWindowMin', kind: 'number', section: 'restart', min: 0 },
  { key: 'restart.escalateAfterMin', kind: 'number', section: 'restart', min: 0 },
  { key: 'restart.stableRunMin', kind: 'number', section: 'restart', min: 0 },
  { key: 'restart.crashDecayHours', kind: 'number', section: 'restart', min: 0 },
  { key: 'doctor.enabled', kind: 'bool', section: 'doctor' },
  { key: 'doctor.autoHeal', kind: 'select', section: 'doctor', options: ['safe', 'all', 'off'] },
  { key: 'ai.provider', kind: 'select', section: 'ai', options: ['', 'iflow', 'claude', 'codex', 'command', 'openai'], nullable: true },
  { key: 'ai.command', kind: 'text', section: 'ai' },
  { key: 'ai.baseUrl', kind: 'text', section: 'ai' },
  { key: 'ai.model', kind: 'text', section: 'ai' },
  { key: 'ai.timeoutSec', kind: 'number', section: 'ai', min: 5, step: 1 },
  { key: 'ai.maxCallsPerHour', kind: 'int', section: 'ai', min: 0 },
  { key: 'alerts.enabled', kind: 'bool', section: 'alerts' },
  { key: 'alerts.desktop', kind: 'bool', section: 'alerts' },
  { key: 'language', kind: 'select', section: 'general', options: ['auto', 'zh', 'en'] },
];

/** Quiet hours: one setting (`alerts.policy.quietHours`, null or {start, end}) shown as three fields. */
export const QUIET = { on: 'quiet.on', start: 'quiet.start', end: 'quiet.end', key: 'alerts.policy.quietHours' } as const;

export type FormValues = Record<string, string | boolean>;

/** A channel as the form edits it: the fields shown, and the rest kept as they were. */
export interface ChannelRow {
  name: string;
  type: ChannelType;
  url: string;
  enabled: boolean;
  /** Signed (Feishu / DingTalk "加签"): its secret is stored apart from the settings. */
  signed: boolean;
  /** A secret typed now ('' = keep the stored one): sent to setSecret, never shown back. */
  secret: string;
  /** The channel as loaded (masked URL), absent for a new row. */
  original?: ChannelConfig;
}

function get(obj: unknown, key: string): unknown {
  let node = obj;
  for (const part of key.split('.')) {
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

export function formValues(settings: Settings): FormValues {
  const v: FormValues = {};
  for (const f of FIELDS) {
    const x = get(settings, f.key);
    if (f.kind === 'bool') v[f.key] = x === true;
    else if (f.kind === 'int-list') v[f.key] = Array.isArray(x) ? x.join(', ') : '';
    else v[f.key] = x === undefined || x === null ? '' : String(x);
  }
  const q = settings.alerts.policy.quietHours;
  v[QUIET.on] = !!q;
  v[QUIET.start] = q?.start ?? '22:00';
  v[QUIET.end] = q?.end ?? '08:00';
  return v;
}

export function channelRows(settings: Settings): ChannelRow[] {
  return settings.alerts.channels.map((c) => ({ name: c.name, type: c.type, url: c.url, enabled: c.enabled, signed: c.signed, secret: '', original: c }));
}

/** Why the form itself refuses an input before sending it. */
export type InputProblem = 'int' | 'number' | 'int-list' | 'required';

export function parseField(spec: FieldSpec, raw: string | boolean): { value: unknown } | { problem: InputProblem } {
  if (spec.kind === 'bool') return { value: raw === true };
  const s = String(raw).trim();
  switch (spec.kind) {
    case 'int':
      if (s === '') return { problem: 'required' };
      return /^-?\d+$/.test(s) ? { value: Number(s) } : { problem: 'int' };
    case 'number':
      if (s === '') return { problem: 'required' };
      return /^-?(\d+\.?\d*|\.\d+)$/.test(s) ? { value: Number(s) } : { problem: 'number' };
    case 'select':
      return { value: spec.nullable && s === '' ? null : s };
    case 'int-list': {
      const parts = s.split(/[\s,，]+/).filter(Boolean);
      if (!parts.length || parts.some((p) => !/^\d+$/.test(p))) return { problem: 'int-list' };
      return { value: parts.map(Number) };
    }
    default:
      return { value: s };
  }
}

export interface BuiltChange {
  change: SettingsChange;
  /** Field id → why the form refuses it (nothing is sent while any remain). */
  problems: Record<string, InputProblem>;
  /** Keys that apply when the watcher restarts. */
  restartKeys: string[];
  /** Channel name → a newly typed signing secret: stored (setSecret) before the settings are saved. */
  secrets: Record<string, string>;
}

function sameRows(a: ChannelRow[], b: ChannelRow[]): boolean {
  return a.length === b.length && a.every((r, i) => r.name === b[i]!.name && r.type === b[i]!.type && r.url === b[i]!.url && r.enabled === b[i]!.enabled && r.signed === b[i]!.signed && r.original === b[i]!.original);
}

/** Only what differs from what was loaded; a channel list that changed is sent whole. */
export function buildChange(initial: FormValues, current: FormValues, initialRows: ChannelRow[], rows: ChannelRow[]): BuiltChange {
  const change: SettingsChange = {};
  const problems: Record<string, InputProblem> = {};
  const restartKeys: string[] = [];
  for (const f of FIELDS) {
    if (initial[f.key] === current[f.key]) continue;
    const parsed = parseField(f, current[f.key] ?? '');
    if ('problem' in parsed) problems[f.key] = parsed.problem;
    else {
      change[f.key] = parsed.value;
      if (f.restart) restartKeys.push(f.key);
    }
  }
  if (initial[QUIET.on] !== current[QUIET.on] || (current[QUIET.on] && (initial[QUIET.start] !== current[QUIET.start] || initial[QUIET.end] !== current[QUIET.end]))) {
    change[QUIET.key] = current[QUIET.on] ? { start: String(current[QUIET.start]).trim(), end: String(current[QUIET.end]).trim() } : null;
  }
  if (!sameRows(initialRows, rows)) {
    change['alerts.channels'] = rows.map((r) => ({ ...(r.original ?? {}), name: r.name.trim(), type: r.type, url: r.url.trim(), enabled: r.enabled, signed: r.signed }));
  }
  const secrets: Record<string, string> = {};
  for (const r of rows) if (r.signed && r.secret.trim() && r.name.trim()) secrets[r.name.trim()] = r.secret.trim();
  return { change, problems, restartKeys, secrets };
}

/** The form field a refused settings key belongs to. */
export function fieldForKey(key: string): string {
  if (key === QUIET.key || key.startsWith(`${QUIET.key}.`)) return key.endsWith('.end') ? QUIET.end : QUIET.start;
  const ch = /^alerts\.channels\.(\d+)(?:\.(\w+))?/.exec(key);
  if (ch) return `channel.${ch[1]}.${ch[2] === 'name' || ch[2] === 'type' || ch[2] === 'enabled' ? ch[2] : 'url'}`;
  if (FIELDS.some((f) => f.key === key)) return key;
  const parent = FIELDS.find((f) => key.startsWith(`${f.key}.`));
  return parent?.key ?? 'form';
}

/**
 * The runtime refuses with one message naming each key (`settings: "watch.intervalSec": Too small…;
 * "x": …`) and the keys: each field gets its own reason, anything unplaced goes to the form.
 */
export function placeRefusal(message: string, keys: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const body = message.replace(/^settings:\s*/, '');
  const parts = body.split(/;\s+(?=["a-z(])/);
  for (const part of parts) {
    const m = /^"([^"]+)":\s*(.*)$/s.exec(part);
    const key = m?.[1] ?? (keys?.length === 1 ? keys[0] : undefined);
    const reason = m?.[2] ?? part;
    const field = key ? fieldForKey(key) : 'form';
    out[field] = out[field] ? `${out[field]}; ${reason}` : reason;
  }
  if (!parts.length) out.form = message;
  return out;
}
