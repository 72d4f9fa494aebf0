// The `alerts` section of settings.json. Webhook secrets are never here: they live in the secrets
// store (secrets.json, mode 0600, or safeStorage in the app), referenced by the channel's name.
import { z } from 'zod';

export const CHANNEL_TYPES = ['feishu', 'lark', 'dingtalk', 'wecom', 'discord', 'telegram', 'slack', 'webhook'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** Events that can raise an alert. Escalation is the default (the plan: level 4 only). */
export const ALERT_EVENTS = ['escalated', 'restart', 'restart-failed', 'memory-warning', 'hung', 'exited', 'port-foreign'] as const;
export type AlertEventType = (typeof ALERT_EVENTS)[number];

export const MESSAGE_FORMATS = ['card', 'markdown', 'actionCard', 'text'] as const;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24 h, local time)');
const isoTime = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'expected a date and time, e.g. 2026-11-24T22:00:00+08:00');

/** Per-platform URL shape: a pasted URL of the wrong platform is caught here, not at 3 a.m. */
function urlProblem(type: ChannelType, raw: string): string | undefined {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'is not a valid URL';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'must be an http(s) URL';
  switch (type) {
    case 'feishu':
    case 'lark':
      return /\/open-apis\/bot\/v2\/hook\/[^/]+$/.test(u.pathname) ? undefined : 'must look like https://open.feishu.cn/open-apis/bot/v2/hook/<token>';
    case 'dingtalk':
      return u.searchParams.get('access_token') ? undefined : 'must carry ?access_token=<token> (https://oapi.dingtalk.com/robot/send?access_token=…)';
    case 'wecom':
      return u.searchParams.get('key') ? undefined : 'must carry ?key=<key> (https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…)';
    case 'discord':
      return /\/api\/webhooks\/[^/]+\/[^/]+/.test(u.pathname) ? undefined : 'must look like https://discord.com/api/webhooks/<id>/<token>';
    case 'telegram':
      return /\/bot[^/]+\/sendMessage$/.test(u.pathname) ? undefined : 'must look like https://api.telegram.org/bot<token>/sendMessage';
    case 'slack':
    case 'webhook':
      return undefined;
  }
}

export const ChannelSchema = z
  .strictObject({
    /** How the channel is named in the CLI and in secrets.json. */
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, 'letters, digits, "_", "-", "." (at most 40)'),
    type: z.enum(CHANNEL_TYPES),
    url: z.string(),
    enabled: z.boolean().default(true),
    /** Feishu / DingTalk: sign each message with the secret kept under this channel's name. */
    signed: z.boolean().default(false),
    /** The bot's keyword setting: each message must contain one of them (Feishu allows 10). */
    keywords: z.array(z.string().min(1)).max(10).default([]),
    /** card (Feishu), markdown or actionCard (DingTalk), markdown or text (WeCom), text. Default per platform. */
    format: z.enum(MESSAGE_FORMATS).optional(),
    /** Telegram: the chat the bot writes to. */
    chatId: z.string().min(1).optional(),
    /** Mention everyone (Feishu `<at user_id="all">`, DingTalk isAtAll) on escalations. */
    mentionAll: z.boolean().default(false),
    timeoutSec: z.number().min(1).max(120).default(10),
  })
  .superRefine((c, ctx) => {
    const problem = urlProblem(c.type, c.url);
    if (problem) ctx.addIssue({ code: 'custom', path: ['url'], message: `channel "${c.name}": url ${problem}` });
    if (c.type === 'telegram' && !c.chatId) ctx.addIssue({ code: 'custom', path: ['chatId'], message: `channel "${c.name}": Telegram needs chatId` });
    if (c.signed && !['feishu', 'lark', 'dingtalk'].includes(c.type)) {
      ctx.addIssue({ code: 'custom', path: ['signed'], message: `channel "${c.name}": only Feishu/Lark and DingTalk messages are signed` });
    }
    const formats: Record<ChannelType, string[]> = {
      feishu: ['card', 'text'],
      lark: ['card', 'text'],
      dingtalk: ['markdown', 'actionCard', 'text'],
      wecom: ['markdown', 'text'],
      discord: ['markdown', 'text'],
      telegram: ['markdown', 'text'],
      slack: ['markdown', 'text'],
      webhook: ['markdown', 'text'],
    };
    if (c.format && !formats[c.type].includes(c.format)) {
      ctx.addIssue({ code: 'custom', path: ['format'], message: `channel "${c.name}": ${c.type} supports ${formats[c.type].join(', ')}` });
    }
  });

export type ChannelConfig = z.output<typeof ChannelSchema>;

export const QuietHoursSchema = z.strictObject({ start: hhmm, end: hhmm });

export const MaintenanceSchema = z
  .strictObject({ start: isoTime, end: isoTime, reason: z.string().default('maintenance') })
  .refine((m) => Date.parse(m.end) > Date.parse(m.start), { message: 'end must be after start', path: ['end'] });

export const AlertPolicySchema = z
  .strictObject({
    /** Which watchdog events alert. A "recovered" message follows any incident that alerted. */
    events: z.array(z.enum(ALERT_EVENTS)).default(['escalated']),
    /** While an escalation lasts, remind every N minutes; 0 = never (Uptime Kuma's "resend every N"). */
    remindEveryMin: z.number().min(0).max(7 * 24 * 60).default(60),
    /** Send "recovered" when an incident that alerted ends. */
    recovered: z.boolean().default(true),
    /** Local time, e.g. {start:"22:00", end:"07:00"}: silent, ClawDoc keeps healing. */
    quietHours: QuietHoursSchema.nullable().default(null),
    maintenance: z.array(MaintenanceSchema).default([]),
    /** Pending alerts older than this are summarised in one message instead of replayed one by one. */
    maxAgeMin: z.number().min(1).max(7 * 24 * 60).default(120),
    /**
     * With the doctor on, an escalation is first the doctor's (level 3): a person is alerted when the
     * doctor gives up or needs an approval, or when it has not healed the gateway within this time.
     */
    doctorHandoverSec: z.number().min(0).max(24 * 3600).default(180),
  })
  .prefault({});

export const AlertsSchema = z
  .strictObject({
    enabled: z.boolean().default(true),
    /** Native notifications in the app; headless this is a no-op that says so. */
    desktop: z.boolean().default(true),
    channels: z.array(ChannelSchema).default([]),
    policy: AlertPolicySchema,
  })
  .superRefine((a, ctx) => {
    const seen = new Set<string>();
    a.channels.forEach((c, i) => {
      if (seen.has(c.name)) ctx.addIssue({ code: 'custom', path: ['channels', i, 'name'], message: `duplicate channel name "${c.name}"` });
      seen.add(c.name);
    });
  })
  .prefault({});

export type AlertsSettings = z.output<typeof AlertsSchema>;
export type AlertPolicySettings = AlertsSettings['policy'];
