// Alert wording in English and Chinese. The language follows the UI: settings `language`
// (auto|zh|en); auto reads LC_ALL, then LC_MESSAGES, then LANG, as POSIX does.
import type { EscalationCause } from '../../../shared/status.js';

export type Lang = 'zh' | 'en';

export function resolveLanguage(setting: 'auto' | 'zh' | 'en', env: NodeJS.ProcessEnv = process.env): Lang {
  if (setting !== 'auto') return setting;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/i.test(locale) ? 'zh' : 'en';
}

export interface Strings {
  /** Between a label and its value inside a line. */
  sep: string;
  titleEscalated: string;
  titleReminder: string;
  titleRecovered: string;
  titleTest: string;
  titleDigest: (n: number) => string;
  titleSummary: (n: number) => string;
  titleEvent: Record<string, string>;
  levels: Record<'critical' | 'warning' | 'info' | 'ok', string>;
  time: string;
  level: string;
  details: string;
  alertsHeading: string;
  cause: string;
  failingFor: string;
  crashes: (n: number, window: string) => string;
  restarts: (n: number, window: string) => string;
  lastHealthy: string;
  never: string;
  portHolder: string;
  actions: string;
  triedRestart: (n: number) => string;
  loggedAt: (path: string) => string;
  diagnosis: string;
  diagnosisPending: string;
  matchedCase: string;
  noCase: string;
  nextStep: string;
  lastOutput: string;
  downtime: string;
  openedAt: string;
  stillEscalated: (since: string) => string;
  footer: (host: string) => string;
  testBody: string;
  summaryBody: (from: string, to: string) => string;
  next: Record<EscalationCause, (port: number) => string>;
  /** A short name for each escalation cause, before the watchdog's own (English) reason. */
  causes: Record<EscalationCause, string>;
  minutes: (m: number) => string;
  hours: (h: number) => string;
}

const en: Strings = {
  sep: ': ',
  titleEscalated: '🚨 OpenClaw gateway needs a human',
  titleReminder: '⏰ Reminder: OpenClaw gateway still needs a human',
  titleRecovered: '✅ OpenClaw gateway recovered',
  titleTest: '🔔 ClawDoc test message',
  titleDigest: (n) => `📋 ClawDoc: ${n} alerts`,
  titleSummary: (n) => `🗂 ClawDoc: ${n} older alerts, summarised`,
  titleEvent: {
    restart: '🔁 OpenClaw gateway restarted',
    'restart-failed': '⚠️ OpenClaw gateway restart failed',
    'memory-warning': '⚠️ OpenClaw gateway memory warning',
    hung: '⚠️ OpenClaw gateway hung',
    exited: '⚠️ OpenClaw gateway exited',
    'port-foreign': '⚠️ OpenClaw gateway port taken',
  },
  levels: { critical: 'CRITICAL', warning: 'WARNING', info: 'INFO', ok: 'RESOLVED' },
  time: 'Time',
  level: 'Level',
  details: 'Details',
  alertsHeading: 'Alerts, oldest first',
  cause: 'Cause',
  failingFor: 'Failing for',
  crashes: (n, w) => `Crashes: ${n} (within ${w})`,
  restarts: (n, w) => `Restarts: ${n} (within ${w})`,
  lastHealthy: 'Last healthy check',
  never: 'never (since ClawDoc started)',
  portHolder: 'Port holder',
  actions: 'What ClawDoc did',
  triedRestart: (n) => (n === 0 ? 'Did not restart (restarting cannot help here)' : `Restarted the gateway ${n} time${n === 1 ? '' : 's'}`),
  loggedAt: (p) => `Kept the evidence: ${p}`,
  diagnosis: 'Doctor diagnosis',
  diagnosisPending: 'pending (the doctor has not reported)',
  matchedCase: 'Matched case',
  noCase: 'none',
  nextStep: 'Next step',
  lastOutput: 'Last output',
  downtime: 'Downtime',
  openedAt: 'Incident opened',
  stillEscalated: (since) => `Still escalated since ${since}`,
  footer: (host) => `ClawDoc self-healing · ${host}`,
  testBody: 'If you can read this, ClawDoc can reach this channel.',
  summaryBody: (from, to) => `These alerts (${from} – ${to}) could not be delivered in time; here is what happened:`,
  next: {
    'port-foreign': (port) => `Port ${port} is held by another program. Stop it or give OpenClaw another port (gateway.port); ClawDoc starts the gateway as soon as the port is free.`,
    'config-refused': () => 'OpenClaw refused its config. Run `openclaw config validate`, fix openclaw.json (or restore openclaw.json.bak); ClawDoc retries when the config changes.',
    breaker: () => 'The gateway keeps crashing. Read the last output and logs/gateway.log, fix the cause, then restart it from the ClawDoc tray or with `openclaw gateway restart`.',
    'unhealthy-too-long': () => 'Restarts did not bring the gateway back. Check the last output and the doctor diagnosis, then restart it by hand.',
    'crash-loop': () => 'The gateway dies every time it starts. Read the last output and logs/gateway.log, fix the cause, then restart it from the ClawDoc tray or with `clawdoc restart`.',
    diagnosed: () => 'The doctor recognised why the gateway exits and a restart alone will not help. Follow the diagnosis below; ClawDoc retries when the config changes.',
    'cannot-restart': () => 'ClawDoc cannot restart the gateway in this mode (or the restart command failed). Restart it by hand: `openclaw gateway restart`.',
  },
  causes: {
    'port-foreign': 'port taken by another program',
    'config-refused': 'config refused (exit 78)',
    breaker: 'restart breaker tripped',
    'unhealthy-too-long': 'unhealthy for too long',
    'crash-loop': 'crashes on every start',
    diagnosed: 'a known fault (diagnosed at the exit)',
    'cannot-restart': 'ClawDoc cannot restart it',
  },
  minutes: (m) => `${m} min`,
  hours: (h) => `${h} h`,
};

const zh: Strings = {
  sep: '：',
  titleEscalated: '🚨 OpenClaw Gateway 需要人工处理',
  titleReminder: '⏰ 提醒：OpenClaw Gateway 仍需人工处理',
  titleRecovered: '✅ OpenClaw Gateway 已恢复',
  titleTest: '🔔 ClawDoc 测试消息',
  titleDigest: (n) => `📋 ClawDoc：${n} 条告警`,
  titleSummary: (n) => `🗂 ClawDoc：${n} 条较早的告警（汇总）`,
  titleEvent: {
    restart: '🔁 OpenClaw Gateway 已重启',
    'restart-failed': '⚠️ OpenClaw Gateway 重启失败',
    'memory-warning': '⚠️ OpenClaw Gateway 内存告警',
    hung: '⚠️ OpenClaw Gateway 无响应',
    exited: '⚠️ OpenClaw Gateway 已退出',
    'port-foreign': '⚠️ OpenClaw Gateway 端口被占用',
  },
  levels: { critical: 'CRITICAL', warning: 'WARNING', info: 'INFO', ok: 'RESOLVED' },
  time: '时间',
  level: '级别',
  details: '详情',
  alertsHeading: '告警（按时间顺序）',
  cause: '原因',
  failingFor: '连续故障时间',
  crashes: (n, w) => `崩溃次数：${n} 次（${w}内）`,
  restarts: (n, w) => `重启次数：${n} 次（${w}内）`,
  lastHealthy: '最后成功检查',
  never: '无（ClawDoc 启动以来）',
  portHolder: '占用端口的进程',
  actions: '自动操作',
  triedRestart: (n) => (n === 0 ? '未重启（重启无法解决此问题）' : `已尝试重启 Gateway ${n} 次`),
  loggedAt: (p) => `已记录详细日志：${p}`,
  diagnosis: 'AI 诊断',
  diagnosisPending: '等待 AI 诊断修复',
  matchedCase: '匹配案例',
  noCase: '无',
  nextStep: '下一步',
  lastOutput: '最后输出',
  downtime: '故障时长',
  openedAt: '故障开始',
  stillEscalated: (since) => `自 ${since} 起仍处于升级状态`,
  footer: (host) => `OpenClaw Self-Healing System · ClawDoc · ${host}`,
  testBody: '能看到这条消息，说明 ClawDoc 可以通过此渠道发送告警。',
  summaryBody: (from, to) => `以下告警（${from} – ${to}）未能及时送达，汇总如下：`,
  next: {
    'port-foreign': (port) => `端口 ${port} 被其他程序占用。请停止该程序，或为 OpenClaw 换一个端口（gateway.port）；端口释放后 ClawDoc 会自动启动 Gateway。`,
    'config-refused': () => 'OpenClaw 拒绝了当前配置。请运行 `openclaw config validate`，修复 openclaw.json（或恢复 openclaw.json.bak）；配置变更后 ClawDoc 会自动重试。',
    breaker: () => 'Gateway 反复崩溃。请查看最后输出和 logs/gateway.log，修复原因后在 ClawDoc 托盘菜单或用 `openclaw gateway restart` 重启。',
    'unhealthy-too-long': () => '多次重启仍未恢复。请查看最后输出和 AI 诊断，然后手动重启。',
    'crash-loop': () => 'Gateway 每次启动都会退出。请查看最后输出和 logs/gateway.log，修复原因后在 ClawDoc 托盘菜单或用 `clawdoc restart` 重启。',
    diagnosed: () => 'AI 医生已识别出 Gateway 退出的原因，仅靠重启无法恢复。请按下方诊断处理；配置变更后 ClawDoc 会自动重试。',
    'cannot-restart': () => '当前模式下 ClawDoc 无法重启 Gateway（或重启命令失败）。请手动重启：`openclaw gateway restart`。',
  },
  causes: {
    'port-foreign': '端口被其他程序占用',
    'config-refused': '配置被拒绝（退出码 78）',
    breaker: '重启过于频繁，已熔断',
    'unhealthy-too-long': '长时间不健康',
    'crash-loop': '每次启动都崩溃',
    diagnosed: '已识别的故障（退出时诊断）',
    'cannot-restart': 'ClawDoc 无法重启',
  },
  minutes: (m) => `${m} 分钟`,
  hours: (h) => `${h} 小时`,
};

export const STRINGS: Record<Lang, Strings> = { en, zh };
