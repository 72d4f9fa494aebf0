// The alert for a gateway chat channel (IRC, Telegram, Feishu, WhatsApp…) that ClawDoc could not bring
// back, and its "recovered": names the channel, its last error, what ClawDoc tried and what the channel
// needs from a person (a WhatsApp re-link, a new Telegram token, …), in Chinese and English.
import { randomUUID } from 'node:crypto';
import type { Alert } from '../../../shared/alerts.js';
import type { GatewayChannelNeed, WatchEvent } from '../../../shared/status.js';
import { formatDuration, formatTime, type AlertContext } from './alert-messages.js';
import { STRINGS, type Lang } from './alert-strings.js';

interface ChannelStrings {
  titleDown: (name: string) => string;
  titleRecovered: (name: string) => string;
  channel: string;
  lastError: string;
  needs: string;
  tried: string;
  nothingTried: string;
  need: Record<GatewayChannelNeed, (channel: string) => string>;
  steps: Record<string, string>;
  downtime: string;
}

const CHANNEL_STRINGS: Record<Lang, ChannelStrings> = {
  en: {
    titleDown: (name) => `📵 OpenClaw's ${name} channel is down and needs a person`,
    titleRecovered: (name) => `✅ OpenClaw's ${name} channel recovered`,
    channel: 'Channel',
    lastError: 'Last error',
    needs: 'What it needs',
    tried: 'What ClawDoc tried',
    nothingTried: 'nothing (restarting cannot fix this)',
    need: {
      relink: (c) => `Re-link the ${c} account: run \`openclaw channels login --channel ${c}\` and scan the QR code with the phone.`,
      token: (c) => `The ${c} bot token expired or was revoked: create a new token and set it in OpenClaw's config (channels.${c}), then \`openclaw gateway call channels.start --params '{"channel":"${c}"}'\`.`,
      auth: (c) => `The ${c} credentials were refused: check the account's password / app secret in OpenClaw's config (channels.${c}).`,
      unreachable: (c) => `The ${c} server cannot be reached: check the network, the server address and the platform's status; OpenClaw reconnects by itself once it answers.`,
      plugin: (c) => `The ${c} channel's plugin is missing or not trusted: reinstall it with \`openclaw plugins install\` from its official package.`,
      config: (c) => `The ${c} channel's config is incomplete: check channels.${c} (\`openclaw channels status --probe\`).`,
      unknown: (c) => `Look at \`openclaw channels status --probe\` and the gateway log for the ${c} channel.`,
    },
    steps: { 'channels.start': 'channels.start', 'gateway-restart': 'one gateway restart', human: 'alerted a person' },
    downtime: 'Down for',
  },
  zh: {
    titleDown: (name) => `📵 OpenClaw 的 ${name} 渠道已中断，需要人工处理`,
    titleRecovered: (name) => `✅ OpenClaw 的 ${name} 渠道已恢复`,
    channel: '渠道',
    lastError: '最近错误',
    needs: '需要做什么',
    tried: 'ClawDoc 已尝试',
    nothingTried: '未尝试（重启无法解决此问题）',
    need: {
      relink: (c) => `请重新关联 ${c} 账号：运行 \`openclaw channels login --channel ${c}\` 并用手机扫描二维码。`,
      token: (c) => `${c} 机器人令牌已过期或被吊销：请创建新令牌并写入 OpenClaw 配置（channels.${c}），然后运行 \`openclaw gateway call channels.start --params '{"channel":"${c}"}'\`。`,
      auth: (c) => `${c} 凭据被拒绝：请检查 OpenClaw 配置（channels.${c}）中的密码 / 应用密钥。`,
      unreachable: (c) => `无法连接 ${c} 服务器：请检查网络、服务器地址和平台状态；服务器恢复后 OpenClaw 会自动重连。`,
      plugin: (c) => `${c} 渠道插件缺失或不受信任：请用 \`openclaw plugins install\` 从官方包重新安装。`,
      config: (c) => `${c} 渠道配置不完整：请检查 channels.${c}（\`openclaw channels status --probe\`）。`,
      unknown: (c) => `请查看 \`openclaw channels status --probe\` 和网关日志中 ${c} 渠道的信息。`,
    },
    steps: { 'channels.start': 'channels.start（启动渠道）', 'gateway-restart': '重启网关一次', human: '已通知人工' },
    downtime: '中断时长',
  },
};

const clip = (s: string, n = 240) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** `channel-needs-human` → a critical alert; `channel-recovered` → its "recovered". */
export function gatewayChannelAlert(ev: WatchEvent, ctx: AlertContext): Alert {
  const t = STRINGS[ctx.lang];
  const c = CHANNEL_STRINGS[ctx.lang];
  const d = ev.details ?? {};
  const channel = d.channel ?? '?';
  const account = d.accountId && d.accountId !== 'default' ? ` (${d.accountId})` : '';
  const name = `${channel}${account}`;
  const recovered = ev.type === 'channel-recovered';
  const level = recovered ? 'ok' : 'critical';
  const title = recovered ? c.titleRecovered(name) : c.titleDown(name);
  const fields = [
    { label: t.time, value: formatTime(ctx.now) },
    { label: t.level, value: t.levels[level] },
    { label: c.channel, value: name },
  ];
  if (d.lastError) fields.push({ label: c.lastError, value: clip(d.lastError) });
  const sections: Alert['sections'] = [];
  if (recovered) {
    if (typeof d.downtimeMs === 'number') fields.push({ label: c.downtime, value: formatDuration(d.downtimeMs, ctx.lang) });
    sections.push({ heading: t.details, lines: [clip(ev.reason)], style: 'bullets' });
  } else {
    const attempts = ctx.snapshot?.gatewayChannels?.find((h) => h.channel === channel && h.accountId === (d.accountId ?? 'default'))?.attempts ?? [];
    const tried = attempts.filter((a) => a.step !== 'human').map((a) => `${c.steps[a.step] ?? a.step} → ${clip(a.outcome, 120)}`);
    sections.push({ heading: c.needs, lines: [c.need[d.need ?? 'unknown'](channel)], style: 'plain' });
    sections.push({ heading: c.tried, lines: tried.length ? tried : [c.nothingTried], style: 'numbered' });
  }
  return ctx.redactor.redactDeep({
    id: randomUUID(),
    createdAt: ctx.now,
    kind: recovered ? 'recovered' : 'event',
    level,
    incidentId: d.incidentId ?? ev.incidentId,
    title,
    short: `[${t.levels[level]}] ${title}${d.lastError && !recovered ? `: ${clip(d.lastError, 120)}` : ''}`,
    fields,
    sections,
    footer: t.footer(ctx.host),
    mention: !recovered,
  });
}
