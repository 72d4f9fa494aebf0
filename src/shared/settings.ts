// ClawDoc's settings as every face sees them. Types only: the engine's zod schema (one schema, also
// emitted as JSON schema for electron-store) is checked at compile time to produce exactly this.
import type { AiProviderName } from './ai.js';
import type { ManageMode } from './status.js';

export type Language = 'auto' | 'zh' | 'en';
export type ChannelType = 'feishu' | 'lark' | 'dingtalk' | 'wecom' | 'discord' | 'telegram' | 'slack' | 'webhook';
export type AlertEventType = 'escalated' | 'restart' | 'restart-failed' | 'memory-warning' | 'hung' | 'exited' | 'port-foreign';
export type MessageFormat = 'card' | 'markdown' | 'actionCard' | 'text';

export interface ChannelConfig {
  /** How the channel is named in the CLI and in the secrets store. */
  name: string;
  type: ChannelType;
  url: string;
  enabled: boolean;
  /** Feishu / DingTalk: sign each message with the secret kept under this channel's name. */
  signed: boolean;
  keywords: string[];
  format?: MessageFormat;
  /** Telegram: the chat the bot writes to. */
  chatId?: string;
  mentionAll: boolean;
  timeoutSec: number;
}

export interface AlertPolicySettings {
  events: AlertEventType[];
  remindEveryMin: number;
  recovered: boolean;
  quietHours: { start: string; end: string } | null;
  maintenance: { start: string; end: string; reason: string }[];
  maxAgeMin: number;
  doctorHandoverSec: number;
}

export interface AlertsSettings {
  enabled: boolean;
  desktop: boolean;
  channels: ChannelConfig[];
  policy: AlertPolicySettings;
}

export interface Settings {
  language: Language;
  gateway: {
    port: number;
    host: string;
    openclawPath: string;
    args: string[];
    env: Record<string, string>;
  };
  watch: {
    manage: ManageMode;
    intervalSec: number;
    probeTimeoutSec: number;
    failuresBeforeAction: number;
    retryIntervalSec: number;
    startupGraceSec: number;
    memoryWarnMb: number;
    memoryRestartMb: number;
    statsIntervalSec: number;
    killTimeoutSec: number;
    drainTimeoutSec: number;
    restartCommand: string;
    commandTimeoutSec: number;
    osRestartGraceSec: number;
  };
  restart: {
    backoffSec: number[];
    crashDecayHours: number;
    stableRunMin: number;
    breakerMaxRestarts: number;
    breakerWindowMin: number;
    escalateAfterMin: number;
    escalateAfterCrashes: number;
  };
  doctor: {
    enabled: boolean;
    autoHeal: 'safe' | 'all' | 'off';
    snapshotsKeep: number;
    fixVerifyTimeoutSec: number;
    minConfidence: number;
    openclawDoctorTimeoutSec: number;
    rateLimitMaxWaitSec: number;
    pruneLogsOlderThanDays: number;
    extraLogFiles: string[];
    approvedCommands: Record<string, string[]>;
    proposalTtlHours: number;
  };
  /** The gateway's chat channels (IRC, Telegram, Feishu…), watched and healed; not the alert channels. */
  gatewayChannels: {
    enabled: boolean;
    graceSec: number;
    probeIntervalSec: number;
    rpcTimeoutSec: number;
    verifySec: number;
    restartGateway: boolean;
  };
  alerts: AlertsSettings;
  /** More gateways to watch besides the default one (the top-level gateway/watch/restart keys): empty by default. */
  targets: TargetSettings[];
  metrics: {
    /** '' (default): /metrics only on the dashboard's 127.0.0.1 server. `HOST:PORT`: also a listener there that serves /metrics alone, with the dashboard token. */
    listen: string;
  };
  /** AI diagnosis for faults no case matches; the API key (openai) is kept with the other secrets. */
  ai: {
    /** null: no AI. */
    provider: AiProviderName | null;
    /** The executable (`command`), or where iflow/claude/codex are found. */
    command: string;
    /** openai: e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1 (Ollama). */
    baseUrl: string;
    model: string;
    timeoutSec: number;
    maxCallsPerHour: number;
  };
}

/**
 * One more gateway to watch. `local`: a gateway on this machine (its own OpenClaw profile and port), managed
 * like the default one; `remote`: a URL only, probed and alerted, never restarted or repaired; `fleet`: an
 * `openclaw fleet` cell (a tenant container on a loopback port), restarted by `openclaw fleet restart <tenant>`.
 * Keys left out are taken from the top-level settings.
 */
export interface TargetSettings {
  /** a-z, 0-9 and inner hyphens, unique, not "default": names the target everywhere (status, metrics, tray). */
  id: string;
  kind: 'local' | 'remote' | 'fleet';
  /** What a face shows; the id when empty. */
  label?: string;
  /** remote: http://host:port of the gateway. */
  url?: string;
  /** local: the OpenClaw profile (OPENCLAW_PROFILE; state in ~/.openclaw-<profile>). */
  profile?: string;
  /** fleet: the cell's tenant id. */
  tenant?: string;
  /** local and fleet: the gateway's loopback port. */
  port?: number;
  /** local: how ClawDoc manages this gateway (remote: always none; fleet: always the fleet command). */
  manage?: ManageMode;
  /** local: extra environment for this gateway and its openclaw commands (added to gateway.env). */
  env?: Record<string, string>;
  /** local, manage=command: the restart command. */
  restartCommand?: string;
  /** Probe policy for this target. */
  watch?: { intervalSec?: number; probeTimeoutSec?: number; failuresBeforeAction?: number; startupGraceSec?: number };
  /** Restart policy for this target (local and fleet). */
  restart?: {
    backoffSec?: number[];
    breakerMaxRestarts?: number;
    breakerWindowMin?: number;
    escalateAfterMin?: number;
    escalateAfterCrashes?: number;
  };
  /** local: the doctor for this gateway (remote and fleet: never). */
  doctor?: { enabled?: boolean };
}

/** A change to settings: dotted keys and their new values, applied together or not at all. */
export type SettingsChange = Record<string, unknown>;
