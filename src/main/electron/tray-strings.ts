// What the tray, its menu and its notifications say, in English and Chinese. The language follows the
// `language` setting (shared with the CLI); `auto` follows the OS locale (app.getLocale(): on macOS and
// Windows there is no LANG variable to read).
import type { Lang } from '../engine/alerts/alert-strings.js';
import type { HealthLook as TrayIconState } from '../../shared/health-look.js';
import type { HoldKind } from '../../shared/status.js';

export interface TrayStrings {
  appName: string;
  icon: Record<TrayIconState, string>;
  state: Record<string, string>;
  unknown: string;
  gatewayLine(state: string, forHowLong?: string): string;
  /** Another watched gateway (settings.targets): its id, state and for how long. */
  targetLine(id: string, state: string, forHowLong?: string): string;
  /** A notification about another target (what its watcher answered to Restart / Pause / Resume). */
  targetTitle(id: string): string;
  targetNotWatched: string;
  pausedUntil(time: string): string;
  pausedUntilResumed: string;
  /** Restarts and repairs held back: an OpenClaw update, a parked gateway, OpenClaw's own breaker (until when). */
  held(kind: HoldKind, until?: string): string;
  lastIncident(ago: string, cause: string, how: string): string;
  openIncident(cause: string): string;
  recovered: string;
  stillOpen: string;
  channelDown(names: string): string;
  alertChannelFailing(names: string): string;
  attached(pid: number | undefined): string;
  notWatching: string;
  restart: string;
  restarting: string;
  diagnose: string;
  diagnosing: string;
  fixesAwaiting(n: number): string;
  approve(what: string): string;
  reviewFixes: string;
  pause: string;
  pause30: string;
  pause60: string;
  pauseUntilResumed: string;
  resume: string;
  open: string;
  launchAtLogin: string;
  launchAtLoginNeedsApproval: string;
  installCli: string;
  cliInstalled(path: string): string;
  language: string;
  followSystem: string;
  quit: string;
  // notifications
  restartDoneTitle: string;
  restartDoneBody(ms: number): string;
  restartFailedTitle: string;
  restartFailedBody(why: string): string;
  restartPendingBody: string;
  diagnosisTitle: string;
  diagnosisBody(summary: string): string;
  proposalTitle: string;
  proposalBody(what: string): string;
  escalatedTitle: string;
  recoveredTitle: string;
  recoveredBody(after: string): string;
  approvedTitle: string;
  actionFailedTitle: string;
  cliInstalledTitle: string;
  cliInstalledBody(path: string, onPath: boolean, dir: string): string;
  autostartFailedTitle: string;
  duration(ms: number): string;
}

function durationEn(ms: number): string {
  const min = Math.floor(ms / 60_000);
  if (min < 1) return `${Math.max(1, Math.round(ms / 1000))} s`;
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

function durationZh(ms: number): string {
  const min = Math.floor(ms / 60_000);
  if (min < 1) return `${Math.max(1, Math.round(ms / 1000))} 秒`;
  if (min < 60) return `${min} 分钟`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} 小时 ${min % 60} 分钟`;
  return `${Math.floor(h / 24)} 天 ${h % 24} 小时`;
}

const en: TrayStrings = {
  appName: 'ClawDoc',
  icon: { healthy: 'healthy', working: 'working', degraded: 'degraded', down: 'down', paused: 'paused' },
  state: {
    starting: 'starting',
    healthy: 'healthy',
    degraded: 'degraded',
    down: 'down',
    recovering: 'recovering',
    escalated: 'needs you',
    paused: 'paused',
  },
  unknown: 'unknown',
  gatewayLine: (state, d) => `Gateway: ${state}${d ? ` · ${d}` : ''}`,
  targetLine: (id, state, d) => `${id}: ${state}${d ? ` · ${d}` : ''}`,
  targetTitle: (id) => `ClawDoc — gateway ${id}`,
  targetNotWatched: 'No watcher answers for this gateway: start ClawDoc for it first.',
  pausedUntil: (t) => `Monitoring paused until ${t}`,
  pausedUntilResumed: 'Monitoring paused until resumed',
  held: (kind, until) =>
    kind === 'update' ? 'Holding off: an OpenClaw update is in progress' : kind === 'parked' ? "Holding off: OpenClaw's updater parked the gateway" : `Holding off: OpenClaw's breaker keeps channels down${until ? ` until ${until}` : ''}`,
  lastIncident: (ago, cause, how) => `Last incident ${ago} ago: ${cause} (${how})`,
  openIncident: (cause) => `Incident: ${cause}`,
  recovered: 'recovered',
  stillOpen: 'open',
  channelDown: (n) => `Channel down: ${n}`,
  alertChannelFailing: (n) => `Alerts not delivered: ${n}`,
  attached: (pid) => `Attached to \`clawdoc watch\`${pid ? ` (pid ${pid})` : ''}`,
  notWatching: 'Not watching',
  restart: 'Restart gateway',
  restarting: 'Restarting gateway…',
  diagnose: 'Diagnose now',
  diagnosing: 'Diagnosing…',
  fixesAwaiting: (n) => `Fixes awaiting approval (${n})`,
  approve: (w) => `Approve: ${w}`,
  reviewFixes: 'Review in ClawDoc…',
  pause: 'Pause monitoring',
  pause30: 'For 30 minutes',
  pause60: 'For 1 hour',
  pauseUntilResumed: 'Until resumed',
  resume: 'Resume monitoring',
  open: 'Open ClawDoc…',
  launchAtLogin: 'Launch at login',
  launchAtLoginNeedsApproval: 'Launch at login (allow it in System Settings › Login Items)',
  installCli: 'Install the `clawdoc` command',
  cliInstalled: (p) => `\`clawdoc\` command: ${p}`,
  language: 'Language',
  followSystem: 'Follow the system',
  quit: 'Quit ClawDoc',
  restartDoneTitle: 'Gateway restarted',
  restartDoneBody: (ms) => `OpenClaw is healthy again (${durationEn(ms)}).`,
  restartFailedTitle: 'Restart failed',
  restartFailedBody: (why) => why,
  restartPendingBody: 'The restart was requested, but the gateway is not healthy yet. ClawDoc keeps trying.',
  diagnosisTitle: 'Diagnosis',
  diagnosisBody: (s) => s,
  proposalTitle: 'A fix awaits your approval',
  proposalBody: (w) => `${w}\nApprove it from the ClawDoc menu or window.`,
  escalatedTitle: 'OpenClaw gateway needs you',
  recoveredTitle: 'OpenClaw gateway recovered',
  recoveredBody: (d) => `Healthy again after ${d}.`,
  approvedTitle: 'Fix approved',
  actionFailedTitle: 'ClawDoc could not do that',
  cliInstalledTitle: 'The `clawdoc` command is installed',
  cliInstalledBody: (p, on, dir) => (on ? `Run \`clawdoc status\` in a new terminal (${p}).` : `Installed at ${p}. Add ${dir} to your PATH to run \`clawdoc\`.`),
  autostartFailedTitle: 'Could not change “Launch at login”',
  duration: durationEn,
};

const zh: TrayStrings = {
  appName: 'ClawDoc',
  icon: { healthy: '健康', working: '处理中', degraded: '降级', down: '宕机', paused: '已暂停' },
  state: {
    starting: '启动中',
    healthy: '健康',
    degraded: '降级',
    down: '宕机',
    recovering: '恢复中',
    escalated: '需要处理',
    paused: '已暂停',
  },
  unknown: '未知',
  gatewayLine: (state, d) => `网关：${state}${d ? ` · ${d}` : ''}`,
  targetLine: (id, state, d) => `${id}：${state}${d ? ` · ${d}` : ''}`,
  targetTitle: (id) => `ClawDoc — 网关 ${id}`,
  targetNotWatched: '没有监控进程在照看这个网关：请先为它启动 ClawDoc。',
  pausedUntil: (t) => `监控已暂停，至 ${t}`,
  pausedUntilResumed: '监控已暂停，直到恢复',
  held: (kind, until) => (kind === 'update' ? '暂不干预：OpenClaw 正在更新' : kind === 'parked' ? '暂不干预：OpenClaw 更新程序已停放网关' : `暂不干预：OpenClaw 断路器使渠道停用${until ? `，直到 ${until}` : ''}`),
  lastIncident: (ago, cause, how) => `上次故障 ${ago}前：${cause}（${how}）`,
  openIncident: (cause) => `故障：${cause}`,
  recovered: '已恢复',
  stillOpen: '进行中',
  channelDown: (n) => `通道异常：${n}`,
  alertChannelFailing: (n) => `告警未送达：${n}`,
  attached: (pid) => `已连接到 \`clawdoc watch\`${pid ? `（pid ${pid}）` : ''}`,
  notWatching: '未在守护',
  restart: '重启网关',
  restarting: '正在重启网关…',
  diagnose: '立即诊断',
  diagnosing: '正在诊断…',
  fixesAwaiting: (n) => `等待批准的修复（${n}）`,
  approve: (w) => `批准：${w}`,
  reviewFixes: '在 ClawDoc 中查看…',
  pause: '暂停监控',
  pause30: '30 分钟',
  pause60: '1 小时',
  pauseUntilResumed: '直到恢复',
  resume: '恢复监控',
  open: '打开 ClawDoc…',
  launchAtLogin: '登录时启动',
  launchAtLoginNeedsApproval: '登录时启动（请在系统设置 › 登录项中允许）',
  installCli: '安装 `clawdoc` 命令',
  cliInstalled: (p) => `\`clawdoc\` 命令：${p}`,
  language: '语言',
  followSystem: '跟随系统',
  quit: '退出 ClawDoc',
  restartDoneTitle: '网关已重启',
  restartDoneBody: (ms) => `OpenClaw 已恢复健康（${durationZh(ms)}）。`,
  restartFailedTitle: '重启失败',
  restartFailedBody: (why) => why,
  restartPendingBody: '已请求重启，但网关尚未恢复健康。ClawDoc 会继续尝试。',
  diagnosisTitle: '诊断结果',
  diagnosisBody: (s) => s,
  proposalTitle: '有修复等待您批准',
  proposalBody: (w) => `${w}\n可在 ClawDoc 菜单或窗口中批准。`,
  escalatedTitle: 'OpenClaw 网关需要您处理',
  recoveredTitle: 'OpenClaw 网关已恢复',
  recoveredBody: (d) => `故障 ${d}后恢复健康。`,
  approvedTitle: '修复已批准',
  actionFailedTitle: 'ClawDoc 未能完成操作',
  cliInstalledTitle: '`clawdoc` 命令已安装',
  cliInstalledBody: (p, on, dir) => (on ? `在新终端中运行 \`clawdoc status\`（${p}）。` : `已安装到 ${p}。请把 ${dir} 加入 PATH 后使用 \`clawdoc\`。`),
  autostartFailedTitle: '无法更改“登录时启动”',
  duration: durationZh,
};

export function trayStrings(lang: Lang): TrayStrings {
  return lang === 'zh' ? zh : en;
}

/** `auto` follows the OS locale as Electron reports it (e.g. `zh-CN`, `en-US`). */
export function resolveTrayLanguage(setting: 'auto' | 'zh' | 'en' | undefined, osLocale: string): Lang {
  if (setting === 'zh' || setting === 'en') return setting;
  return /^zh/i.test(osLocale) ? 'zh' : 'en';
}
