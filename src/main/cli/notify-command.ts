// `clawdoc notify test|list|add|remove|detect` and `clawdoc outbox`: alert channels from the command line.
import { readFileSync } from 'node:fs';
import type { NotifyTestResult } from '../../shared/api.js';
import { buildRedactor } from '../engine/alerts/attach-alerts.js';
import { connect } from './connect.js';
import { detectOpenClawChannels, readOpenClawConfig, telegramChatFromOpenClaw, telegramUrlFromOpenClaw } from '../engine/alerts/detect.js';
import { sealedOnly } from '../engine/alerts/encrypted-secrets.js';
import { FileSecretStore } from '../engine/alerts/secrets.js';
import { CHANNEL_TYPES, type ChannelType } from '../engine/settings/alerts-schema.js';
import { deliveryFor, Outbox, readDeliveries } from '../engine/alerts/outbox.js';
import { currentPlatformEnv, openclawConfigPath } from '../engine/paths.js';
import { loadSettings, refuseIfBroken, saveSettings, validateSettings, type Settings } from '../engine/settings/settings.js';
import { resolveDataDir, UsageError, type CliIO } from './cli-context.js';
import { clock, duration } from './cli-format.js';
import type { Command, Flags } from './command.js';

function configPathFor(settings: Settings): string {
  return openclawConfigPath({ ...currentPlatformEnv(), env: { ...process.env, ...settings.gateway.env } });
}

function load(dataDir: string, io: CliIO) {
  const loaded = loadSettings(dataDir);
  for (const w of loaded.warnings) io.err(`warning: ${w}`);
  const secrets = new FileSecretStore(dataDir);
  return { ...loaded, secrets };
}

function readSecretFlag(flags: Flags): string | undefined {
  if (flags['secret-stdin']) return readFileSync(0, 'utf8').trim();
  return flags.secret as string | undefined;
}

async function test(dataDir: string, flags: Flags, io: CliIO): Promise<number> {
  const wanted = flags.channel as string | undefined;
  const { api } = await connect(dataDir, io);
  let results: NotifyTestResult[];
  try {
    results = await api.notifyTest(wanted);
  } catch (err) {
    const e = err as Error;
    if (e.name !== 'NoChannelError') throw err;
    if (wanted) throw new UsageError(e.message);
    io.out(e.message);
    return 1;
  }
  const types = new Map((await api.channels()).map((c) => [c.name, c.type]));
  for (const r of results) io.out(`${r.channel} (${types.get(r.channel) ?? '?'}): ${r.ok ? 'ok' : 'FAILED'} — ${r.verdict}`);
  return results.some((r) => !r.ok) ? 1 : 0;
}

function list(dataDir: string, flags: Flags, io: CliIO): number {
  const { settings, secrets } = load(dataDir, io);
  const deliveries = readDeliveries(dataDir);
  const pending = new Outbox(dataDir).all();
  const appOnly = new Set(sealedOnly(dataDir)); // encrypted by the tray app: the command line cannot read them
  const rows = settings.alerts.channels.map((c) => ({
    name: c.name,
    type: c.type,
    enabled: c.enabled,
    signed: c.signed,
    secret: c.signed ? (secrets.get(c.name) ? 'stored' : appOnly.has(c.name) ? 'encrypted by the ClawDoc app' : 'MISSING') : 'none',
    keywords: c.keywords,
    url: buildRedactor(settings, secrets, undefined, {}).redact(c.url),
    pending: pending.filter((e) => e.channel === c.name).length,
    last: deliveryFor(deliveries, c.name) ?? null,
  }));
  if (flags.json) {
    io.out(JSON.stringify({ channels: rows, desktop: settings.alerts.desktop, policy: settings.alerts.policy }, null, 2));
    return 0;
  }
  if (!rows.length) {
    io.out('No alert channels. Add one: clawdoc notify add TYPE --url URL [--secret S].');
    const found = detectOpenClawChannels(readOpenClawConfig(configPathFor(settings)));
    if (found.length) io.out(`OpenClaw is set up with ${found.map((d) => d.type).join(', ')}: \`clawdoc notify detect\` shows how to alert through them.`);
  }
  for (const r of rows) {
    io.out(`${r.name}  ${r.type}${r.enabled ? '' : ' (disabled)'}  ${r.url}`);
    const extra = [r.signed ? `signed, secret ${r.secret}` : 'not signed', r.keywords.length ? `keywords ${r.keywords.join(', ')}` : '', r.pending ? `${r.pending} pending` : ''].filter(Boolean);
    io.out(`  ${extra.join('; ')}`);
    io.out(r.last ? `  last delivery: ${r.last.ok ? 'ok' : 'FAILED'} ${clock(r.last.at)} (${duration(Date.now() - r.last.at)} ago) — ${r.last.text}` : '  last delivery: never');
  }
  const p = settings.alerts.policy;
  io.out(`Desktop notifications: ${settings.alerts.desktop ? 'on (in the app; headless: none)' : 'off'}. Alerts on: ${p.events.join(', ')}; reminder every ${p.remindEveryMin || 'never'} min${p.quietHours ? `; quiet ${p.quietHours.start}–${p.quietHours.end}` : ''}.`);
  return 0;
}

async function add(dataDir: string, type: string | undefined, flags: Flags, io: CliIO): Promise<number> {
  if (!type || !(CHANNEL_TYPES as readonly string[]).includes(type)) throw new UsageError(`notify add needs a TYPE: ${CHANNEL_TYPES.join(', ')}`);
  const loaded = load(dataDir, io);
  refuseIfBroken(loaded); // before a secret is stored for a channel that could not be saved
  const { raw, secrets, settings } = loaded;
  let url = flags.url as string | undefined;
  let chatId = flags['chat-id'] as string | undefined;
  if (flags['from-openclaw']) {
    if (type !== 'telegram') throw new UsageError('--from-openclaw works for telegram (OpenClaw keeps a bot token; other platforms need a webhook you create)');
    const cfg = readOpenClawConfig(configPathFor(settings));
    url = telegramUrlFromOpenClaw(cfg);
    chatId ??= telegramChatFromOpenClaw(cfg);
    if (!url) throw new UsageError(`no channels.telegram.botToken in ${configPathFor(settings)}`);
  }
  if (!url) throw new UsageError('notify add needs --url URL');
  const existing = settings.alerts.channels.map((c) => c.name);
  let name = (flags.name as string | undefined) ?? type;
  if (!flags.name) for (let i = 2; existing.includes(name); i++) name = `${type}-${i}`;
  if (existing.includes(name)) throw new UsageError(`a channel named "${name}" exists; remove it first or pick --name`);
  const secret = readSecretFlag(flags);
  const channel: Record<string, unknown> = { name, type: type as ChannelType, url };
  if (secret) channel.signed = true;
  if (flags.keyword) channel.keywords = String(flags.keyword).split(',').map((k) => k.trim()).filter(Boolean);
  if (flags.format) channel.format = flags.format;
  if (chatId) channel.chatId = chatId;
  if (flags['mention-all']) channel.mentionAll = true;
  const alerts = { ...((raw.alerts as Record<string, unknown> | undefined) ?? {}) };
  const channels = [...((alerts.channels as unknown[] | undefined) ?? []), channel];
  alerts.channels = channels;
  // Validate before anything is written: a bad URL is refused with the key named, and no secret is stored for it.
  const next = { ...raw, alerts };
  validateSettings(next);
  if (secret) secrets.set(name, secret);
  await saveSettings(dataDir, next);
  io.out(`added channel "${name}" (${type})${secret ? `; its secret is in ${secrets.description}` : ''}. Try it: clawdoc notify test --channel ${name}`);
  return 0;
}

async function remove(dataDir: string, name: string | undefined, io: CliIO): Promise<number> {
  if (!name) throw new UsageError('notify remove needs a channel NAME');
  const loaded = load(dataDir, io);
  refuseIfBroken(loaded); // before the secret is deleted for a channel that would stay
  const { raw, secrets } = loaded;
  const alerts = { ...((raw.alerts as Record<string, unknown> | undefined) ?? {}) };
  const channels = ((alerts.channels as Array<{ name?: string }> | undefined) ?? []).filter((c) => c?.name !== name);
  if (channels.length === ((alerts.channels as unknown[] | undefined) ?? []).length) throw new UsageError(`no channel named "${name}"`);
  alerts.channels = channels;
  await saveSettings(dataDir, { ...raw, alerts });
  secrets.delete(name);
  io.out(`removed channel "${name}" and its secret`);
  return 0;
}

function detect(dataDir: string, flags: Flags, io: CliIO): number {
  const { settings } = load(dataDir, io);
  const path = configPathFor(settings);
  const found = detectOpenClawChannels(readOpenClawConfig(path));
  if (flags.json) {
    io.out(JSON.stringify({ config: path, channels: found }, null, 2));
    return 0;
  }
  if (!found.length) {
    io.out(`No chat channels in ${path}. ClawDoc sends nothing anywhere you did not set up; add one with clawdoc notify add TYPE --url URL.`);
    return 0;
  }
  io.out(`Chat channels in ${path} (nothing is sent until you add one):`);
  for (const d of found) {
    const configured = settings.alerts.channels.some((c) => c.type === d.type);
    io.out(`  ${d.source} (${d.type}${d.enabled ? '' : ', disabled'})${configured ? ' — already an alert channel' : ''}`);
    if (!configured) io.out(`    offer: ${d.offer}${d.chatId ? ` (chat ${d.chatId} found in allowFrom)` : ''}`);
  }
  return 0;
}

export const notifyCommand: Command = {
  name: 'notify',
  readOnly: (args) => ['list', 'detect', undefined].includes(args[0]),
  summary: 'Alert channels: test, list, add, remove, detect (Feishu, DingTalk, WeCom, Discord, Telegram, Slack, webhook)',
  usage: [
    'clawdoc notify test [--channel NAME]            send a test message, print the platform\'s verdict',
    '       clawdoc notify list [--json]                     channels and their last delivery result',
    `       clawdoc notify add TYPE --url URL [--name NAME] [--secret S | --secret-stdin] [--keyword K1,K2] [--format F] [--chat-id ID] [--mention-all] [--from-openclaw]   TYPE: ${CHANNEL_TYPES.join('|')}`,
    '       clawdoc notify remove NAME',
    '       clawdoc notify detect [--json]                   chat channels found in OpenClaw\'s config',
    '       (all take --data-dir DIR)',
  ].join('\n'),
  options: {
    'data-dir': { type: 'string' },
    channel: { type: 'string' },
    json: { type: 'boolean' },
    url: { type: 'string' },
    name: { type: 'string' },
    secret: { type: 'string' },
    'secret-stdin': { type: 'boolean' },
    keyword: { type: 'string' },
    format: { type: 'string' },
    'chat-id': { type: 'string' },
    'mention-all': { type: 'boolean' },
    'from-openclaw': { type: 'boolean' },
  },
  async run({ flags, positionals, io }) {
    const dataDir = resolveDataDir(flags['data-dir'] as string | undefined);
    const [action = 'list', arg] = positionals;
    switch (action) {
      case 'test':
        return test(dataDir, flags, io);
      case 'list':
        return list(dataDir, flags, io);
      case 'add':
        return add(dataDir, arg, flags, io);
      case 'remove':
        return remove(dataDir, arg, io);
      case 'detect':
        return detect(dataDir, flags, io);
      default:
        throw new UsageError(`unknown action "${action}"`);
    }
  },
};

export const outboxCommand: Command = {
  name: 'outbox',
  readOnly: true,
  summary: 'Alerts waiting to be delivered (kept on disk through outages and restarts)',
  usage: 'clawdoc outbox [--json] [--data-dir DIR]',
  options: { json: { type: 'boolean' }, 'data-dir': { type: 'string' } },
  async run({ flags, io }) {
    const dataDir = resolveDataDir(flags['data-dir'] as string | undefined);
    const outbox = new Outbox(dataDir);
    for (const w of outbox.warnings) io.err(`warning: ${w}`);
    const entries = outbox.all();
    if (flags.json) {
      io.out(JSON.stringify({ pending: entries.length, entries }, null, 2));
      return 0;
    }
    if (!entries.length) {
      io.out('Outbox empty: every alert was delivered.');
      return 0;
    }
    const now = Date.now();
    io.out(`${entries.length} alert(s) pending:`);
    for (const e of entries) {
      const next = e.nextAttemptAt > now ? `next try in ${duration(e.nextAttemptAt - now)}` : 'due now';
      io.out(`  #${e.seq} ${e.channel}  ${clock(e.alert.createdAt)}  ${e.alert.short}`);
      io.out(`      ${e.attempts} attempt(s), ${next}${e.lastError ? ` — last: ${e.lastError}` : ''}`);
    }
    return 0;
  },
};
