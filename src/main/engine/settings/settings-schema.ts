// What settings.json may hold: the zod schema (the one schema: conf's JSON schema is derived from it),
// its defaults, and validation that refuses a bad file whole with every bad key named.
import { z } from 'zod';
import { AlertsSchema } from './alerts-schema.js';

const seconds = (min: number, max: number, def: number) => z.number().min(min).max(max).default(def);

/** Target ids: like an OpenClaw fleet tenant id (1-40 of a-z, 0-9, inner hyphens). */
export const TARGET_ID = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
export const DEFAULT_TARGET_ID = 'default';
/** An OpenClaw profile name as ClawDoc accepts it (~/.openclaw-<profile>). */
export const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export const TargetSchema = z
  .strictObject({
    id: z.string().regex(TARGET_ID, 'must be 1-40 of a-z, 0-9 and inner hyphens').refine((id) => id !== DEFAULT_TARGET_ID, '"default" names the top-level gateway'),
    kind: z.enum(['local', 'remote', 'fleet']),
    label: z.string().max(80).optional(),
    url: z
      .string()
      .regex(/^http:\/\/(?:\[[0-9a-fA-F:.]+\]|[^:/@\s\[\]]+):\d{1,5}\/?$/, 'must be http://HOST:PORT (no credentials in it)')
      .optional(),
    profile: z
      .string()
      .regex(PROFILE_NAME, 'must be a profile name (letters, digits, - and _)')
      .optional(),
    tenant: z.string().regex(TARGET_ID, 'must be an openclaw fleet tenant id').optional(),
    port: z.number().int().min(1).max(65535).optional(),
    manage: z.enum(['auto', 'child', 'service', 'command', 'none']).optional(),
    env: z.record(z.string(), z.string()).optional(),
    restartCommand: z.string().optional(),
    watch: z
      .strictObject({
        intervalSec: z.number().min(0.2).max(3600).optional(),
        probeTimeoutSec: z.number().min(0.2).max(120).optional(),
        failuresBeforeAction: z.number().int().min(1).max(20).optional(),
        startupGraceSec: z.number().min(1).max(3600).optional(),
      })
      .optional(),
    restart: z
      .strictObject({
        backoffSec: z.array(z.number().min(0).max(86_400)).min(1).max(32).optional(),
        breakerMaxRestarts: z.number().int().min(1).max(1000).optional(),
        breakerWindowMin: z.number().min(0.01).max(24 * 60).optional(),
        escalateAfterMin: z.number().min(0.01).max(7 * 24 * 60).optional(),
        escalateAfterCrashes: z.number().int().min(1).max(1000).optional(),
      })
      .optional(),
    doctor: z.strictObject({ enabled: z.boolean().optional() }).optional(),
  })
  .superRefine((t, ctx) => {
    const need = (key: 'url' | 'port' | 'tenant', why: string) => ctx.addIssue({ code: 'custom', path: [key], message: why });
    const refuse = (key: keyof typeof t, why: string) => ctx.addIssue({ code: 'custom', path: [key], message: why });
    if (t.kind === 'remote') {
      if (!t.url) need('url', 'a remote target needs its url (http://HOST:PORT)');
      for (const k of ['profile', 'tenant', 'port', 'manage', 'env', 'restartCommand', 'restart'] as const) if (t[k] !== undefined) refuse(k, 'a remote target is only probed and alerted: it has a url, no ' + k);
      if (t.doctor?.enabled) refuse('doctor', 'a remote target is never repaired');
    } else if (t.kind === 'fleet') {
      if (!t.tenant) need('tenant', 'a fleet target needs its tenant');
      if (!t.port) need('port', "a fleet target needs its cell's loopback port (openclaw fleet list)");
      for (const k of ['url', 'profile', 'manage', 'restartCommand'] as const) if (t[k] !== undefined) refuse(k, 'a fleet cell is restarted by openclaw fleet restart: no ' + k);
      if (t.doctor?.enabled) refuse('doctor', 'the doctor does not repair fleet cells');
    } else {
      for (const k of ['url', 'tenant'] as const) if (t[k] !== undefined) refuse(k, 'a local target has no ' + k);
    }
  });

export const TargetsSchema = z.array(TargetSchema).max(100).superRefine((list, ctx) => {
  const seen = new Set<string>();
  list.forEach((t, i) => {
    if (seen.has(t.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `the target id "${t.id}" is used twice` });
    seen.add(t.id);
  });
});

export const SettingsSchema = z.strictObject({
  language: z.enum(['auto', 'zh', 'en']).default('auto'),
  gateway: z
    .strictObject({
      port: z.number().int().min(1).max(65535).default(18789),
      host: z.string().min(1).default('127.0.0.1'),
      /** The `openclaw` executable ClawDoc runs (child mode, `openclaw gateway restart`, …). */
      openclawPath: z.string().min(1).default('openclaw'),
      /** Arguments for the gateway in child mode; `--port` is added when missing. */
      args: z.array(z.string()).default(['gateway', 'run']),
      /** Extra environment for the gateway and the openclaw CLI (added to ClawDoc's own). */
      env: z.record(z.string(), z.string()).default({}),
    })
    .prefault({}),
  watch: z
    .strictObject({
      manage: z.enum(['auto', 'child', 'service', 'command', 'none']).default('auto'),
      intervalSec: seconds(0.2, 3600, 5),
      probeTimeoutSec: seconds(0.2, 120, 5),
      /** Consecutive failed probes before ClawDoc acts on a gateway whose process is alive. */
      failuresBeforeAction: z.number().int().min(1).max(20).default(2),
      /** The pause before re-probing after a failed probe. */
      retryIntervalSec: seconds(0.1, 600, 1),
      /** A starting gateway is never killed for being slow within this window after spawn. */
      startupGraceSec: seconds(1, 3600, 120),
      memoryWarnMb: z.number().int().min(16).max(1_048_576).default(1024),
      /** Restart when the gateway's RSS stays above this; 0 = never. */
      memoryRestartMb: z.number().int().min(0).max(1_048_576).default(0),
      statsIntervalSec: seconds(1, 3600, 30),
      /** TERM, then KILL after this long (past the drain budget in child mode). */
      killTimeoutSec: seconds(0.5, 600, 10),
      /** Child mode: how long a live gateway may drain its work when ClawDoc stops or restarts it (OpenClaw's own budget: 315 s). */
      drainTimeoutSec: seconds(0, 3600, 315),
      /** manage=command: the restart command (run by the shell; the user wrote it). */
      restartCommand: z.string().default(''),
      commandTimeoutSec: seconds(1, 3600, 60),
      /** manage=service: give the OS this long to restart a crashed gateway itself before ClawDoc does. */
      osRestartGraceSec: seconds(0, 3600, 15),
    })
    .prefault({}),
  restart: z
    .strictObject({
      /** Delays between repeated restarts; the first restart after a stable run is immediate. */
      backoffSec: z.array(z.number().min(0).max(86_400)).min(1).max(32).default([10, 30, 90, 180, 600]),
      /** Crashes older than this no longer count. */
      crashDecayHours: seconds(0.001, 24 * 30, 6),
      /** A healthy run this long resets the backoff. */
      stableRunMin: seconds(0.001, 24 * 60, 10),
      /** More than this many restarts within the window trips the breaker. */
      breakerMaxRestarts: z.number().int().min(1).max(1000).default(5),
      breakerWindowMin: seconds(0.01, 24 * 60, 10),
      /** Unhealthy for this long despite restarts (also while waiting in backoff): escalate. */
      escalateAfterMin: seconds(0.01, 7 * 24 * 60, 5),
      /** This many crashes in a row (no stable run between, within crashDecayHours): escalate. */
      escalateAfterCrashes: z.number().int().min(1).max(1000).default(5),
    })
    .prefault({}),
  // ---- doctor (level 3) -------------------------------------------------------------------------
  doctor: z
    .strictObject({
      /** Diagnose and repair when the watchdog escalates. */
      enabled: z.boolean().default(true),
      /** safe: fixes that cannot lose data run by themselves, others wait for approval; all; off: propose only. */
      autoHeal: z.enum(['safe', 'all', 'off']).default('safe'),
      /** Known-good config snapshots kept (a ring). */
      snapshotsKeep: z.number().int().min(1).max(1000).default(20),
      /** After a fix the gateway must be healthy within this time, or the fix is rolled back. */
      fixVerifyTimeoutSec: seconds(5, 3600, 60),
      /** Candidates below this confidence are not acted on. */
      minConfidence: z.number().min(0.05).max(1).default(0.5),
      /** `openclaw doctor --fix` is killed after this long. */
      openclawDoctorTimeoutSec: seconds(5, 3600, 120),
      /** Longest wait for a provider rate limit to reset. */
      rateLimitMaxWaitSec: seconds(1, 3600, 120),
      /** prune-logs: OpenClaw's dated logs older than this many days. */
      pruneLogsOlderThanDays: z.number().min(1).max(3650).default(7),
      /** Extra log files to read as evidence. */
      extraLogFiles: z.array(z.string().min(1)).max(20).default([]),
      /** Shell commands the user approved, per case id (exact command text). */
      approvedCommands: z.record(z.string(), z.array(z.string().min(1).max(1000)).max(20)).default({}),
      /** Pending proposals expire after this long. */
      proposalTtlHours: seconds(0.01, 24 * 30, 24),
    })
    .prefault({}),
  // ---- the gateway's chat channels (IRC, Telegram, Feishu…; not the alert channels) -------------
  gatewayChannels: z
    .strictObject({
      /** Watch each channel account through the gateway's RPC (channels.status with an active probe). */
      enabled: z.boolean().default(true),
      /** A channel failing for longer than this while the gateway is live is an incident (state degraded). */
      graceSec: seconds(1, 24 * 3600, 120),
      /** How often the channels are checked (an active probe of each account). */
      probeIntervalSec: seconds(1, 3600, 30),
      /** One channels.status round (connect, probe every account) is abandoned after this long. */
      rpcTimeoutSec: seconds(1, 600, 20),
      /** After a healing step, how long the channel has to come back before the next step. */
      verifySec: seconds(1, 3600, 30),
      /** The ladder's second step: one drained gateway restart for a channel that channels.start did not bring back. */
      restartGateway: z.boolean().default(true),
    })
    .prefault({}),
  /** Level 4: who is told when ClawDoc cannot heal the gateway. Secrets live in secrets.json, not here. */
  alerts: AlertsSchema,
  /** More gateways to watch (see TargetsSchema); empty: the default gateway alone. */
  targets: TargetsSchema.default([]),
  metrics: z
    .strictObject({
      /** Another address for Prometheus to scrape (/metrics only, bearer token); empty: loopback dashboard only. */
      listen: z
        .string()
        .trim()
        .regex(/^$|^(?:\[[0-9a-fA-F:.]+\]|[^:\s\[\]]+):\d{1,5}$/, 'must be HOST:PORT (e.g. 0.0.0.0:9464), or empty')
        .default(''),
    })
    .default({ listen: '' }),
  // ---- AI diagnosis (issue 12) ------------------------------------------------------------------
  ai: z
    .strictObject({
      /** null: no AI is ever asked. */
      provider: z.enum(['iflow', 'claude', 'codex', 'command', 'openai']).nullable().default(null),
      /** `command`: the executable (the prompt goes to its stdin); iflow/claude/codex: where it is found. */
      command: z.string().max(1000).default(''),
      /** openai: the OpenAI-compatible base URL (…/v1); the API key is in the secrets file. */
      baseUrl: z
        .string()
        .max(1000)
        .refine((u) => u === '' || /^https?:\/\/[^\s]+$/.test(u) && URL.canParse(u), 'an http(s) URL such as https://api.openai.com/v1 or http://127.0.0.1:11434/v1')
        .default(''),
      model: z.string().max(200).default(''),
      /** The call is killed (its whole process group) after this long. */
      timeoutSec: seconds(5, 1800, 120),
      /** Calls allowed in any hour (kept across restarts of ClawDoc); 0: never call. */
      maxCallsPerHour: z.number().int().min(0).max(1000).default(6),
    })
    .prefault({}),
});

export type Settings = z.output<typeof SettingsSchema>;
export type SettingsInput = z.input<typeof SettingsSchema>;

export class SettingsError extends Error {
  constructor(
    message: string,
    readonly keys: string[],
  ) {
    super(message);
    this.name = 'SettingsError';
  }
}

export function defaultSettings(): Settings {
  return SettingsSchema.parse({});
}

/**
 * conf (electron-store's engine) keeps its version marker under this top-level key of settings.json.
 * It is the store's bookkeeping, not a setting: never validated, shown or edited.
 */
export const BOOKKEEPING_KEY = '__internal__';

/** The user's settings without conf's bookkeeping (a shallow copy; the input is left alone). */
export function withoutBookkeeping(raw: Record<string, unknown>): Record<string, unknown> {
  if (!Object.hasOwn(raw, BOOKKEEPING_KEY)) return raw;
  const { [BOOKKEEPING_KEY]: _bookkeeping, ...rest } = raw;
  return rest;
}

/** Own `__proto__` keys (JSON5 and JSON.parse make them) cannot round-trip: zod drops them silently. */
function protoKeys(value: unknown, path: string[] = [], out: string[] = []): string[] {
  if (value === null || typeof value !== 'object') return out;
  for (const [k, v] of Object.entries(value)) {
    if (k === '__proto__') out.push([...path, k].join('.'));
    else protoKeys(v, [...path, k], out);
  }
  return out;
}

/** Validates raw settings (conf's bookkeeping aside); throws SettingsError naming every bad key. */
export function validateSettings(raw: unknown, source = 'settings'): Settings {
  const input = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? withoutBookkeeping(raw as Record<string, unknown>) : raw;
  const hostile = protoKeys(input);
  if (hostile.length) return failWith(`${source}: ${hostile.map((k) => `"${k}": not allowed`).join('; ')}`, hostile);
  const result = SettingsSchema.safeParse(input);
  if (result.success) return result.data;
  const keys: string[] = [];
  const lines = result.error.issues.map((issue) => {
    const base = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') {
      const names = issue.keys.map((k) => (base ? `${base}.${k}` : k));
      keys.push(...names);
      return `unknown key ${names.map((n) => `"${n}"`).join(', ')}`;
    }
    keys.push(base || '(root)');
    return `"${base || '(root)'}": ${issue.message}`;
  });
  return failWith(`${source}: ${lines.join('; ')}`, keys);
}

function failWith(message: string, keys: string[]): never {
  throw new SettingsError(message, keys);
}
