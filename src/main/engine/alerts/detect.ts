// Finds the chat channels the user already configured in OpenClaw (`channels.feishu`, …) and offers
// them. Nothing is added or sent on its own: the user confirms with `clawdoc notify add`.
import type { ChannelType } from '../settings/alerts-schema.js';
import { readConfig } from '../openclaw/config-file.js';

export interface DetectedChannel {
  /** Where it was found, e.g. `channels.feishu`. */
  source: string;
  type: ChannelType;
  enabled: boolean;
  /** What to run (or do) to alert through it; never contains a secret. */
  offer: string;
  /** Telegram only: the bot can write to this chat (from allowFrom), so `--from-openclaw` can fill the URL. */
  chatId?: string;
}

export function readOpenClawConfig(path: string): Record<string, unknown> | undefined {
  const r = readConfig(path);
  return r.ok ? r.value : undefined; // a broken config is the doctor's business, not a reason to fail alerts
}

const OFFERS: Partial<Record<string, { type: ChannelType; offer: string }>> = {
  feishu: { type: 'feishu', offer: 'add a custom bot to the Feishu group (群设置 → 群机器人 → 自定义机器人), then: clawdoc notify add feishu --url <webhook URL> [--secret <signing secret>]' },
  lark: { type: 'lark', offer: 'add a custom bot to the Lark group, then: clawdoc notify add lark --url <webhook URL> [--secret <signing secret>]' },
  dingtalk: { type: 'dingtalk', offer: 'add a custom robot to the DingTalk group (加签 recommended), then: clawdoc notify add dingtalk --url <webhook URL> --secret <SEC…>' },
  wecom: { type: 'wecom', offer: 'add a group robot in WeCom, then: clawdoc notify add wecom --url <webhook URL>' },
  discord: { type: 'discord', offer: 'create a webhook in the Discord channel (Integrations → Webhooks), then: clawdoc notify add discord --url <webhook URL>' },
  slack: { type: 'slack', offer: 'create an incoming webhook for the Slack channel, then: clawdoc notify add slack --url <webhook URL>' },
  telegram: { type: 'telegram', offer: 'clawdoc notify add telegram --from-openclaw [--chat-id <chat id>] (uses the bot token OpenClaw already has)' },
};

function firstChatId(tg: Record<string, unknown>): string | undefined {
  const allow = tg.allowFrom;
  if (Array.isArray(allow)) {
    const id = allow.map(String).find((v) => /^-?\d+$/.test(v));
    if (id) return id;
  }
  return undefined;
}

export function detectOpenClawChannels(config: Record<string, unknown> | undefined): DetectedChannel[] {
  const channels = config?.channels;
  if (!channels || typeof channels !== 'object' || Array.isArray(channels)) return [];
  const out: DetectedChannel[] = [];
  for (const [key, value] of Object.entries(channels as Record<string, unknown>)) {
    const known = OFFERS[key.toLowerCase()];
    if (!known || !value || typeof value !== 'object') continue;
    const v = value as Record<string, unknown>;
    const d: DetectedChannel = { source: `channels.${key}`, type: known.type, enabled: v.enabled !== false, offer: known.offer };
    if (known.type === 'telegram') {
      const chatId = firstChatId(v);
      if (chatId) d.chatId = chatId;
      if (typeof v.botToken !== 'string' || /^\$\{/.test(v.botToken)) d.offer = 'the bot token is not stored in openclaw.json; create the channel with: clawdoc notify add telegram --url https://api.telegram.org/bot<token>/sendMessage --chat-id <chat id>';
    }
    out.push(d);
  }
  return out;
}

/** The Telegram sendMessage URL for OpenClaw's own bot (the token stays on this machine). */
export function telegramUrlFromOpenClaw(config: Record<string, unknown> | undefined): string | undefined {
  const tg = (config?.channels as Record<string, unknown> | undefined)?.telegram as Record<string, unknown> | undefined;
  const token = tg?.botToken;
  return typeof token === 'string' && !/^\$\{/.test(token) ? `https://api.telegram.org/bot${token}/sendMessage` : undefined;
}

export function telegramChatFromOpenClaw(config: Record<string, unknown> | undefined): string | undefined {
  const tg = (config?.channels as Record<string, unknown> | undefined)?.telegram as Record<string, unknown> | undefined;
  return tg ? firstChatId(tg) : undefined;
}
