// What the CLI says to a person, in English and Chinese; `language` in settings picks (auto follows the
// locale, as the alerts do). JSON output is never translated: it is for programs.
import type { GatewayHold, GatewayState } from '../../shared/status.js';
import { resolveLanguage, type Lang } from '../engine/alerts/alert-strings.js';

export interface CliStrings {
  state(s: GatewayState | string): string;
  watching(pid: number | undefined, manage: string): string;
  notWatching(lastUpdate: string, ago: string): string;
  gatewayLine(state: string, forHowLong: string, reason: string): string;
  port: string;
  lastProbe(verdict: string, ms: number, ago: string): string;
  counters(restarts: number, crashes: number): string;
  lastHealthy: string;
  nextRestart(at: string, inHowLong: string): string;
  /** Restarts and repairs held back (update in progress, parked gateway, OpenClaw's own breaker). */
  hold(h: GatewayHold, forHowLong: string, until?: string): string;
  escalated: string;
  openIncident: string;
  lastIncident: string;
  neverWatched: string;
  liveProbe(port: number | string, verdict: string, detail?: string): string;
  awaitingApproval(n: number): string;
  outboxWaiting(n: number): string;
  problem: string;
  incidents: string;
  events: string;
  none: string;
  open: string;
  restarts(n: number): string;
  openFor(d: string): string;
  noProposals: string;
  approved(id: string, what: string, watching: boolean): string;
  rejected(id: string, what: string): string;
  noConfidentMatch: string;
  gatewayProbe(state: string, probe: string): string;
  why: string;
  fix: string;
  targetsHeader(n: number, worst: string): string;
  targetLine(id: string, kind: string, where: string, state: string, note: string): string;
  targetNotWatched: string;
  targetKinds: Record<string, string>;
  discovered(n: number): string;
  noneDiscovered: string;
  /** One gateway chat channel account (IRC, Telegram…) in `clawdoc status`. */
  gatewayChannel(name: string, state: string, forHowLong: string, error?: string): string;
  aiAsked(provider: string, seconds: string): string;
  aiFailed(error: string): string;
  aiSummary: string;
  aiRootCause: string;
  aiConfidence: string;
  aiActions: string;
  aiNoActions: string;
  aiAdvice: string;
  aiRejected: string;
  aiTestOk(message: string): string;
  aiTestFailed(message: string): string;
  aiCalls(n: number, max: number): string;
  aiNotConfigured: string;
  aiKeyStored: string;
  aiKeyRemoved: string;
  aiShow(provider: string, target: string, timeoutSec: number, maxPerHour: number, key: string): string;
}

const CHANNEL_STATES_ZH: Record<string, string> = { healthy: '正常', unhealthy: '异常（宽限期内）', down: '中断', 'needs-human': '需人工处理' };
const CHANNEL_STATES_EN: Record<string, string> = { healthy: 'healthy', unhealthy: 'failing (within the grace)', down: 'down', 'needs-human': 'needs a person' };

const STATES_ZH: Record<string, string> = {
  starting: '启动中',
  healthy: '健康',
  degraded: '降级',
  down: '宕机',
  recovering: '恢复中',
  escalated: '已升级',
  paused: '已暂停',
};

const en: CliStrings = {
  state: (s) => s,
  watching: (pid, manage) => `ClawDoc: watching (pid ${pid}, manage=${manage})`,
  notWatching: (last, ago) => `ClawDoc: not watching (last update ${last}, ${ago} ago)`,
  gatewayLine: (state, d, reason) => `Gateway: ${state} for ${d} — ${reason}`,
  port: 'port',
  lastProbe: (v, ms, ago) => `last probe ${v} (${ms} ms, ${ago} ago)`,
  counters: (r, c) => `restarts in the breaker window: ${r}, crashes still counted: ${c}`,
  lastHealthy: 'last healthy',
  nextRestart: (at, d) => `next restart: ${at} (in ${d})`,
  hold: (h, d, until) =>
    h.kind === 'update'
      ? `held for ${d}: an OpenClaw update is in progress${h.phase ? ` (phase ${h.phase})` : ''}; ClawDoc does not restart or repair the gateway until it finishes`
      : h.kind === 'parked'
        ? `held for ${d}: OpenClaw's updater parked the gateway (exit 79); ClawDoc does not restart it (see openclaw update status)`
        : `held for ${d}: OpenClaw's restart-loop breaker keeps channels down${h.channels?.length ? ` (${h.channels.join(', ')})` : ''}; ClawDoc does not restart the gateway and waits${until ? ` until ${until}` : ''}, then starts the channels`,
  escalated: 'escalated',
  openIncident: 'Open incident',
  lastIncident: 'Last incident',
  neverWatched: 'ClawDoc has not watched a gateway with this data dir yet.',
  liveProbe: (port, v, detail) => `Live probe of 127.0.0.1:${port}: ${v}${detail ? ` — ${detail}` : ''}`,
  awaitingApproval: (n) => `Fixes awaiting approval: ${n} (clawdoc proposals)`,
  outboxWaiting: (n) => `Alerts waiting to be delivered: ${n} (clawdoc outbox)`,
  problem: 'Problem',
  incidents: 'Incidents:',
  events: 'Events:',
  none: 'none',
  open: '(open)',
  restarts: (n) => `${n} restart${n === 1 ? '' : 's'}`,
  openFor: (d) => `open for ${d}`,
  noProposals: 'No proposals waiting.',
  approved: (id, what, w) => `approved ${id}: ${what}${w ? ' — the watcher applies it now' : ' — it is applied when `clawdoc watch` runs'}`,
  rejected: (id, what) => `rejected ${id}: ${what}`,
  noConfidentMatch: 'No known case matches confidently.',
  gatewayProbe: (s, p) => `Gateway: ${s}, probe ${p}`,
  why: 'why',
  fix: 'fix',
  targetsHeader: (n, worst) => `Targets: ${n}, worst: ${worst}`,
  targetLine: (id, kind, where, state, note) => `  ${id.padEnd(16)} ${kind.padEnd(7)} ${where.padEnd(22)} ${state}${note ? ` — ${note}` : ''}`,
  targetNotWatched: 'not watched',
  targetKinds: { default: 'local', local: 'local', remote: 'remote', fleet: 'fleet' },
  discovered: (n) => `Found ${n} gateway${n === 1 ? '' : 's'}; add the ones to watch to "targets" in settings.json (clawdoc settings set targets '[...]'):`,
  noneDiscovered: 'No OpenClaw profile or fleet cell found.',
  gatewayChannel: (name, state, d, err) => `  channel ${name}: ${CHANNEL_STATES_EN[state] ?? state} for ${d}${err ? ` — ${err}` : ''}`,
  aiAsked: (p, sec) => `AI (${p}) answered in ${sec}s:`,
  aiFailed: (e) => `AI: no plan — ${e}`,
  aiSummary: 'summary',
  aiRootCause: 'root cause',
  aiConfidence: 'confidence',
  aiActions: 'actions ClawDoc can run (each verified, rolled back if it does not help)',
  aiNoActions: 'no action from the catalogue: advice only',
  aiAdvice: 'advice for you (never run by ClawDoc)',
  aiRejected: 'rejected from the answer',
  aiTestOk: (m) => `OK: ${m}`,
  aiTestFailed: (m) => `FAILED: ${m}`,
  aiCalls: (n, max) => `AI calls in the last hour: ${n} of ${max}`,
  aiNotConfigured: 'No AI provider is configured: clawdoc settings set ai.provider iflow|claude|codex|command|openai',
  aiKeyStored: 'The API key is stored with ClawDoc\'s secrets (not in settings.json).',
  aiKeyRemoved: 'The API key was removed.',
  aiShow: (p, t, to, max, key) => `AI provider: ${p}\n  runs/calls: ${t || '(not set)'}\n  timeout: ${to}s, at most ${max} calls per hour\n  API key: ${key}`,
};

const zh: CliStrings = {
  state: (s) => (Object.hasOwn(STATES_ZH, s) ? `${STATES_ZH[s]}（${s}）` : s),
  watching: (pid, manage) => `ClawDoc：正在守护（pid ${pid}，管理方式 ${manage}）`,
  notWatching: (last, ago) => `ClawDoc：未在守护（最后更新 ${last}，${ago}前）`,
  gatewayLine: (state, d, reason) => `网关：${state}，已持续 ${d} — ${reason}`,
  port: '端口',
  lastProbe: (v, ms, ago) => `最近探测 ${v}（${ms} ms，${ago}前）`,
  counters: (r, c) => `熔断窗口内重启 ${r} 次，仍计入的崩溃 ${c} 次`,
  lastHealthy: '最近健康',
  nextRestart: (at, d) => `下次重启：${at}（${d}后）`,
  hold: (h, d, until) =>
    h.kind === 'update'
      ? `已暂缓 ${d}：OpenClaw 正在更新${h.phase ? `（阶段 ${h.phase}）` : ''}；更新完成前 ClawDoc 不会重启或修复网关`
      : h.kind === 'parked'
        ? `已暂缓 ${d}：OpenClaw 更新程序已让网关停驻（退出码 79）；ClawDoc 不会重启它（请查看 openclaw update status）`
        : `已暂缓 ${d}：OpenClaw 的重启循环断路器使渠道保持停用${h.channels?.length ? `（${h.channels.join('、')}）` : ''}；ClawDoc 不会重启网关，会等待${until ? `到 ${until}` : '窗口结束'}，然后启动渠道`,
  escalated: '已升级',
  openIncident: '进行中的故障',
  lastIncident: '上一次故障',
  neverWatched: 'ClawDoc 还没有用这个数据目录守护过网关。',
  liveProbe: (port, v, detail) => `实时探测 127.0.0.1:${port}：${v}${detail ? ` — ${detail}` : ''}`,
  awaitingApproval: (n) => `等待批准的修复：${n} 个（clawdoc proposals）`,
  outboxWaiting: (n) => `待发送的告警：${n} 条（clawdoc outbox）`,
  problem: '问题',
  incidents: '故障：',
  events: '事件：',
  none: '无',
  open: '（进行中）',
  restarts: (n) => `重启 ${n} 次`,
  openFor: (d) => `已持续 ${d}`,
  noProposals: '没有等待批准的修复。',
  approved: (id, what, w) => `已批准 ${id}：${what}${w ? ' — 守护进程正在执行' : ' — 将在 `clawdoc watch` 运行时执行'}`,
  rejected: (id, what) => `已拒绝 ${id}：${what}`,
  noConfidentMatch: '没有足够匹配的已知案例。',
  gatewayProbe: (s, p) => `网关：${s}，探测结果 ${p}`,
  why: '原因',
  fix: '修复',
  targetsHeader: (n, worst) => `目标：${n} 个，最差状态：${worst}`,
  targetLine: (id, kind, where, state, note) => `  ${id.padEnd(16)} ${kind.padEnd(7)} ${where.padEnd(22)} ${state}${note ? ` — ${note}` : ''}`,
  targetNotWatched: '未在守护',
  targetKinds: { default: '本机', local: '本机', remote: '远程', fleet: 'fleet' },
  discovered: (n) => `找到 ${n} 个网关；把要守护的加入 settings.json 的 "targets"（clawdoc settings set targets '[...]'）：`,
  noneDiscovered: '没有找到 OpenClaw 配置档（profile）或 fleet 单元。',
  gatewayChannel: (name, state, d, err) => `  渠道 ${name}：${CHANNEL_STATES_ZH[state] ?? state}，已持续 ${d}${err ? `——${err}` : ''}`,
  aiAsked: (p, sec) => `AI（${p}）用时 ${sec} 秒给出回答：`,
  aiFailed: (e) => `AI：没有得到方案 — ${e}`,
  aiSummary: '摘要',
  aiRootCause: '根因',
  aiConfidence: '置信度',
  aiActions: 'ClawDoc 可执行的操作（逐个验证，无效则回滚）',
  aiNoActions: '没有操作目录中的操作：仅供参考的建议',
  aiAdvice: '给你的建议（ClawDoc 从不执行）',
  aiRejected: '从回答中拒绝的内容',
  aiTestOk: (m) => `正常：${m}`,
  aiTestFailed: (m) => `失败：${m}`,
  aiCalls: (n, max) => `最近一小时的 AI 调用：${n} / ${max} 次`,
  aiNotConfigured: '尚未配置 AI：clawdoc settings set ai.provider iflow|claude|codex|command|openai',
  aiKeyStored: 'API 密钥已保存在 ClawDoc 的密钥文件中（不在 settings.json 里）。',
  aiKeyRemoved: 'API 密钥已删除。',
  aiShow: (p, t, to, max, key) => `AI 服务：${p}\n  执行/调用：${t || '（未设置）'}\n  超时：${to} 秒，每小时最多 ${max} 次调用\n  API 密钥：${key}`,
};

export function cliStrings(lang: Lang): CliStrings {
  return lang === 'zh' ? zh : en;
}

/** The strings for this data dir's `language` setting. */
export function stringsFor(language: 'auto' | 'zh' | 'en', env: NodeJS.ProcessEnv = process.env): CliStrings {
  return cliStrings(resolveLanguage(language, env));
}
