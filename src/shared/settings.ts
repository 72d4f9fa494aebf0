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

/** A change to settings: dotted keys and their new values, applied together or not at all. */
export type SettingsChange = Record<string, unknown>;
