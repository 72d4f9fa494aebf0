// The built-in case library, grounded in what the real OpenClaw gateway prints (docs/openclaw-gateway.md)
// and in the plan's ten reference cases where they are real. Fixes are typed actions, tried in order.
import { CaseSchema, type Case, type CaseInput } from './case-schema.js';

const RAW: CaseInput[] = [
  {
    id: 'config-truncated',
    title: { en: 'Config file truncated or unparseable', zh: '配置文件被截断或无法解析' },
    description: {
      en: "openclaw.json is not valid JSON5 (truncated, clobbered, half-written). OpenClaw refuses to start (exit 78) and its own doctor cannot repair it without a backup. ClawDoc restores the newest known-good snapshot and keeps the broken file beside it.",
      zh: 'openclaw.json 不是合法的 JSON5（被截断、被覆盖或只写了一半）。网关拒绝启动（退出码 78），没有备份时 openclaw doctor 也无法修复。ClawDoc 恢复最新的已知良好快照，损坏的文件保留在旁边。',
    },
    severity: 'critical',
    match: {
      signatures: ['Treat this as suspicious or clobbered config', 'JSON5: invalid end of input', 'JSON5: invalid character'],
      patterns: ['invalid end of input', 'Unexpected end of (?:JSON )?input', 'config[^\\n]{0,60}(?:parse|syntax) error', 'Failed to parse config', 'config[^\\n]{0,40}(?:corrupt|truncated)'],
      exitCodes: [78],
      findings: ['config-unparseable'],
      causes: ['config-refused'],
      keywords: ['config', 'corrupted', 'truncated', 'json', 'parse', 'syntax', 'clobbered'],
    },
    fix: [{ type: 'restore-snapshot' }, { type: 'openclaw-doctor-fix' }],
    priority: 5,
    references: ['openclaw/openclaw#64419', 'openclaw/openclaw#40410', 'CASE-007'],
  },
  {
    id: 'config-missing-mode',
    title: { en: 'gateway.mode is missing', zh: '缺少 gateway.mode' },
    description: {
      en: 'The config parses but has no gateway.mode; the gateway start guard blocks the start (exit 78) although `openclaw config validate` passes. ClawDoc sets gateway.mode=local (backup first), or restores the last good config.',
      zh: '配置可以解析但没有 gateway.mode；网关启动保护会阻止启动（退出码 78），而 `openclaw config validate` 仍然通过。ClawDoc 先备份，再设置 gateway.mode=local，或恢复最近的良好配置。',
    },
    severity: 'critical',
    match: {
      signatures: ['existing config is missing gateway.mode', 'Gateway start blocked: existing config is missing gateway.mode'],
      patterns: ['missing gateway\\.mode', 'set gateway\\.mode=local \\(or pass --allow-unconfigured\\)'],
      exitCodes: [78],
      findings: ['gateway-mode-missing'],
      causes: ['config-refused'],
      keywords: ['gateway.mode', 'missing', 'blocked'],
    },
    fix: [{ type: 'set-config-key', key: 'gateway.mode', value: 'local' }, { type: 'restore-snapshot' }],
    priority: 10,
    references: ['openclaw/openclaw#126920'],
  },
  {
    id: 'config-file-missing',
    title: { en: 'Config file missing', zh: '配置文件不存在' },
    description: {
      en: 'There is no openclaw.json (deleted or moved). ClawDoc restores the newest known-good snapshot; without one, run `openclaw setup`.',
      zh: 'openclaw.json 不存在（被删除或移动）。ClawDoc 恢复最新的已知良好快照；没有快照时请运行 `openclaw setup`。',
    },
    severity: 'critical',
    match: {
      signatures: ['Missing config. Run `openclaw setup`'],
      patterns: ['Missing config\\. Run'],
      exitCodes: [78],
      findings: ['config-missing'],
      causes: ['config-refused'],
      keywords: ['missing', 'config', 'setup'],
    },
    fix: [{ type: 'restore-snapshot' }, { type: 'escalate', message: 'run `openclaw setup` to create a config' }],
  },
  {
    id: 'config-mode-remote',
    title: { en: 'gateway.mode is "remote"', zh: 'gateway.mode 为 "remote"' },
    description: {
      en: 'The config says the gateway runs on another machine (gateway.mode=remote), so a local start is blocked (exit 78). Setting gateway.mode=local changes what the user chose, so it waits for approval.',
      zh: '配置声明网关运行在另一台机器上（gateway.mode=remote），本地启动被阻止（退出码 78）。改为 gateway.mode=local 会改变用户的选择，因此需要批准。',
    },
    severity: 'high',
    match: {
      signatures: ['set gateway.mode=local (current: remote)'],
      patterns: ['gateway\\.mode[^\\n]{0,30}remote'],
      exitCodes: [78],
      findings: ['gateway-mode-remote'],
      causes: ['config-refused'],
      keywords: ['remote', 'gateway.mode'],
    },
    fix: [{ type: 'set-config-key', key: 'gateway.mode', value: 'local' }],
    approval: 'always',
  },
  {
    id: 'config-unknown-key',
    title: { en: 'Unknown key in the config', zh: '配置中有未知的键' },
    description: {
      en: "OpenClaw's config schema is strict: an unknown key (a typo, a key from another version) makes the gateway refuse to start. ClawDoc removes the key named by the error, after a backup, and records the change (undo with `clawdoc undo`).",
      zh: 'OpenClaw 的配置模式是严格的：未知的键（拼写错误、其他版本的键）会让网关拒绝启动。ClawDoc 先备份，再删除错误信息中指出的键，并记录这次修改（可用 `clawdoc undo` 撤销）。',
    },
    severity: 'high',
    match: {
      signatures: ['Unrecognized key: "', 'Unrecognized keys: "'],
      patterns: ['Unrecognized keys?:', 'Invalid config at'],
      exitCodes: [78, 1],
      causes: ['config-refused'],
      keywords: ['unrecognized', 'key', 'invalid', 'config'],
    },
    fix: [{ type: 'remove-config-key' }, { type: 'restore-snapshot' }],
    priority: 5,
  },
  {
    id: 'config-invalid-value',
    title: { en: 'Invalid value in the config', zh: '配置中有无效的值' },
    description: {
      en: 'A config value has the wrong type or is out of range (e.g. gateway.port: "abc"). ClawDoc restores the newest known-good snapshot; `openclaw doctor --fix` is the next step, with approval.',
      zh: '配置中某个值类型错误或超出范围（例如 gateway.port: "abc"）。ClawDoc 恢复最新的已知良好快照；下一步是经批准后运行 `openclaw doctor --fix`。',
    },
    severity: 'high',
    match: {
      signatures: ['Invalid input: expected'],
      patterns: ['Invalid config at', 'OpenClaw config is invalid', 'Invalid (?:enum value|option|input)', 'Too (?:big|small): expected'],
      exitCodes: [78, 1],
      findings: ['port-invalid', 'gateway-mode-invalid', 'models-invalid'],
      causes: ['config-refused'],
      keywords: ['invalid', 'expected', 'config'],
    },
    fix: [{ type: 'restore-snapshot' }, { type: 'openclaw-doctor-fix' }],
  },
  {
    id: 'port-stale-openclaw',
    title: { en: 'Port held by a stale OpenClaw gateway', zh: '端口被残留的 OpenClaw 网关占用' },
    description: {
      en: 'Another OpenClaw gateway that ClawDoc did not start holds the port but does not answer (hung, stopped, left over). ClawDoc verifies by its command line that it is OpenClaw, stops it (TERM, then KILL), and starts the gateway.',
      zh: '一个不是 ClawDoc 启动的 OpenClaw 网关占用了端口但不响应（挂起、被暂停或残留）。ClawDoc 通过命令行确认它是 OpenClaw 后将其停止（先 TERM 后 KILL），再启动网关。',
    },
    severity: 'high',
    match: {
      signatures: ['another gateway instance is already listening'],
      patterns: ['pid \\d+ [^:\\n]*: [^\\n]*openclaw'],
      exitCodes: [1],
      causes: ['port-foreign'],
      portHolder: 'openclaw',
      keywords: ['EADDRINUSE', 'already in use', 'gateway', 'port'],
    },
    fix: [{ type: 'stop-stale-gateway' }, { type: 'restart-gateway' }],
    priority: 5,
  },
  {
    id: 'port-foreign-program',
    title: { en: 'Port held by another program', zh: '端口被其他程序占用' },
    description: {
      en: 'A program that is not OpenClaw listens on the gateway port. ClawDoc never kills it: it names the program, escalates, and starts the gateway as soon as the port is free.',
      zh: '一个不是 OpenClaw 的程序占用了网关端口。ClawDoc 绝不会结束它：它会指出是哪个程序并上报，端口一空出来就启动网关。',
    },
    severity: 'high',
    match: {
      patterns: ['EADDRINUSE', 'Port \\d+ is already in use', 'address already in use'],
      exitCodes: [1],
      causes: ['port-foreign'],
      portHolder: 'foreign',
      keywords: ['EADDRINUSE', 'already in use', 'port'],
    },
    fix: [{ type: 'escalate', message: 'stop the program holding the port, or change gateway.port; ClawDoc starts the gateway once the port is free' }],
    references: ['CASE-002'],
  },
  {
    id: 'gateway-lock-held',
    title: { en: 'Gateway lock held by another instance', zh: '网关锁被另一个实例持有' },
    description: {
      en: 'The gateway lock (state/tmp/openclaw-<uid>/gateway.*.lock) belongs to a running gateway. ClawDoc never deletes a lock whose owner is alive; it stops the owner only when it is a verified OpenClaw gateway that does not answer.',
      zh: '网关锁（state/tmp/openclaw-<uid>/gateway.*.lock）属于一个正在运行的网关。ClawDoc 不会删除持有者仍存活的锁；只有确认持有者是不响应的 OpenClaw 网关时才会停止它。',
    },
    severity: 'high',
    match: {
      signatures: ['lock timeout after'],
      patterns: ['gateway already running \\(pid \\d+\\)', 'gateway\\.[^\\s]*\\.lock'],
      exitCodes: [1],
      keywords: ['lock', 'already running'],
    },
    fix: [{ type: 'stop-stale-gateway' }, { type: 'restart-gateway' }],
  },
  {
    id: 'auth-secret-missing',
    title: { en: 'Gateway auth token / password missing or placeholder', zh: '网关认证令牌/密码缺失或为占位符' },
    description: {
      en: 'gateway.auth.mode is token or password but the secret is blank or a placeholder ("changeme", "<token>"). ClawDoc restores a known-good config if one has a real secret, otherwise asks you to set one.',
      zh: 'gateway.auth.mode 为 token 或 password，但密钥为空或是占位符（"changeme"、"<token>"）。如果有包含真实密钥的良好配置，ClawDoc 会恢复它，否则请你设置一个。',
    },
    severity: 'high',
    match: {
      patterns: ['gateway\\.auth\\.(?:token|password)[^\\n]{0,60}(?:missing|required|empty|not set|placeholder)', '(?:token|password) (?:auth|mode)[^\\n]{0,60}(?:missing|required|not set|not configured)', 'no (?:gateway )?(?:auth )?(?:token|password) (?:is )?(?:configured|set)'],
      findings: ['auth-token-placeholder', 'auth-password-missing'],
      keywords: ['auth', 'token', 'password'],
    },
    fix: [{ type: 'restore-snapshot' }, { type: 'escalate', message: 'set gateway.auth.token / gateway.auth.password (openclaw config set …)' }],
    approval: 'always',
  },
  {
    id: 'heap-oom',
    title: { en: 'JavaScript heap out of memory', zh: 'JavaScript 堆内存耗尽' },
    description: {
      en: 'The gateway crashed with "Reached heap limit ... JavaScript heap out of memory". A restart clears it; if it repeats, raise the heap (NODE_OPTIONS=--max-old-space-size) or find the leak.',
      zh: '网关因 "Reached heap limit ... JavaScript heap out of memory" 崩溃。重启可以恢复；如果反复出现，请调大堆内存（NODE_OPTIONS=--max-old-space-size）或排查内存泄漏。',
    },
    severity: 'high',
    match: {
      signatures: ['JavaScript heap out of memory', 'Reached heap limit Allocation failed'],
      patterns: ['FATAL ERROR:[^\\n]*heap', 'Allocation failed - process out of memory'],
      exitCodes: [134],
      causes: ['breaker', 'crash-loop'],
      keywords: ['heap', 'memory', 'oom'],
    },
    fix: [{ type: 'restart-gateway' }],
    references: ['openclaw/openclaw#115424'],
  },
  {
    id: 'memory-pressure',
    title: { en: 'Critical memory pressure', zh: '内存压力严重' },
    description: {
      en: 'OpenClaw reported memory pressure at level critical (RSS growth). A planned restart frees the memory before the OS kills the gateway.',
      zh: 'OpenClaw 报告内存压力达到 critical（RSS 持续增长）。在系统杀掉网关之前，计划内的重启可以释放内存。',
    },
    severity: 'medium',
    match: {
      signatures: ['memory pressure: level=critical'],
      patterns: ['memory pressure[^\\n]{0,20}critical', 'Out of memory: Killed process \\d+ \\(openclaw'],
      keywords: ['memory', 'pressure', 'rss'],
    },
    fix: [{ type: 'restart-gateway' }],
    references: ['openclaw/openclaw#91588'],
  },
  {
    id: 'disk-full',
    title: { en: 'Disk full', zh: '磁盘已满' },
    description: {
      en: 'OpenClaw could not write (ENOSPC). ClawDoc prunes old OpenClaw logs (moved aside after approval, never the config) and restarts the gateway.',
      zh: 'OpenClaw 无法写入（ENOSPC）。ClawDoc 清理旧的 OpenClaw 日志（经批准，绝不动配置）并重启网关。',
    },
    severity: 'critical',
    match: {
      signatures: ['because the disk is full', 'ENOSPC'],
      patterns: ['no space left on device', 'disk (?:is )?full'],
      keywords: ['disk', 'space', 'full'],
    },
    fix: [{ type: 'prune-logs', olderThanDays: 2 }, { type: 'restart-gateway' }],
  },
  {
    id: 'provider-auth-401',
    title: { en: 'Model provider rejects the API key (401)', zh: '模型服务商拒绝 API 密钥（401）' },
    description: {
      en: 'The model provider answered HTTP 401 or there is no API key: the gateway runs but agents cannot answer. Restarting does not help; renew the key.',
      zh: '模型服务商返回 HTTP 401 或没有配置 API 密钥：网关在运行，但智能体无法回答。重启没有用，请更新密钥。',
    },
    severity: 'medium',
    match: {
      signatures: ['provider returned HTTP 401', 'No API key found for'],
      patterns: ['\\b401\\b[^\\n]{0,40}(?:unauthori[sz]ed|api key)', 'invalid[_ ]api[_ ]key', 'Incorrect API key provided', 'authentication_error'],
      findings: ['provider-auth', 'provider-key-placeholder'],
      keywords: ['401', 'api key', 'unauthorized', 'provider'],
    },
    fix: [{ type: 'escalate', message: 'renew the model provider API key (openclaw configure)' }],
  },
  {
    id: 'provider-rate-limit',
    title: { en: 'Model provider rate limit (429)', zh: '模型服务商限流（429）' },
    description: {
      en: 'The provider answered HTTP 429 / "API rate limit reached". Restarting would not help and could make it worse: ClawDoc waits the limit out.',
      zh: '服务商返回 HTTP 429 / "API rate limit reached"。重启没有帮助，反而可能更糟：ClawDoc 会等待限流结束。',
    },
    severity: 'low',
    match: {
      signatures: ['API rate limit reached'],
      patterns: ['\\b429\\b[^\\n]{0,40}(?:too many|rate)', 'Too Many Requests', 'rate[ _-]limit(?:ed| exceeded| reached)', 'quota (?:exceeded|exhausted)', 'insufficient_quota'],
      findings: ['provider-rate-limit'],
      keywords: ['429', 'rate', 'limit', 'quota'],
    },
    fix: [{ type: 'wait-rate-limit', seconds: 60 }],
    references: ['CASE-003'],
  },
  {
    id: 'node-unsupported',
    title: { en: 'Unsupported Node.js version', zh: '不支持的 Node.js 版本' },
    description: {
      en: 'OpenClaw needs Node >=24.16 <25 or >=26.1. The gateway exits immediately on an older Node. Install a supported Node (or point gateway.openclawPath at one).',
      zh: 'OpenClaw 需要 Node >=24.16 <25 或 >=26.1。在旧版本 Node 上网关会立即退出。请安装受支持的 Node（或让 gateway.openclawPath 指向它）。',
    },
    severity: 'critical',
    match: {
      signatures: ['is unsupported; OpenClaw requires', 'node:sqlite is unavailable; use'],
      patterns: ['Node (?:v?\\d+[.\\d]*) is unsupported', 'requires Node(?:\\.js)? >?=?\\s*\\d+'],
      exitCodes: [1],
      keywords: ['node', 'version', 'unsupported'],
    },
    fix: [{ type: 'escalate', message: 'install Node 24.16+ or 26.1+ for OpenClaw' }],
  },
  {
    id: 'openclaw-restart-loop',
    title: { en: "OpenClaw's restart-loop breaker tripped", zh: 'OpenClaw 的重启循环断路器已触发' },
    description: {
      en: 'OpenClaw itself counted too many unclean boots in 5 minutes and stopped. The underlying crash must be fixed first; then one clean restart resets it.',
      zh: 'OpenClaw 自己在 5 分钟内统计到过多的非正常启动并停止。必须先解决导致崩溃的问题，然后一次干净的重启即可复位。',
    },
    severity: 'high',
    match: {
      signatures: ['gateway restart-loop breaker tripped'],
      patterns: ['restart-loop breaker', 'unclean boot\\(s\\) within'],
      causes: ['breaker', 'crash-loop'],
      keywords: ['restart', 'loop', 'breaker'],
    },
    fix: [{ type: 'restart-gateway' }],
    references: ['openclaw/openclaw#33459'],
  },
  {
    id: 'startup-sidecars-stuck',
    title: { en: 'Gateway live but not ready', zh: '网关存活但未就绪' },
    description: {
      en: '/healthz answers but /readyz keeps failing (startup sidecars, the state database). A restart usually clears it.',
      zh: '/healthz 有响应，但 /readyz 一直失败（启动附属进程、状态数据库）。通常重启即可恢复。',
    },
    severity: 'medium',
    match: {
      patterns: ['state-database[^\\n]{0,40}(?:locked|failed|corrupt)', 'SQLITE_BUSY', 'database is locked'],
      failing: ['startup-sidecars', 'state-database', 'agent-database', 'internal'],
      causes: ['unhealthy-too-long'],
      keywords: ['ready', 'sqlite', 'database'],
    },
    fix: [{ type: 'restart-gateway' }],
  },
  {
    id: 'permission-denied',
    title: { en: 'Permission denied on OpenClaw files', zh: 'OpenClaw 文件权限被拒绝' },
    description: {
      en: 'EACCES / EPERM on the state dir or the config: wrong owner or mode. ClawDoc does not change permissions by itself; fix the owner (chown) and mode (chmod 600 on openclaw.json).',
      zh: '状态目录或配置文件出现 EACCES / EPERM：属主或权限不对。ClawDoc 不会自行修改权限；请修正属主（chown）和权限（openclaw.json 设为 chmod 600）。',
    },
    severity: 'medium',
    match: {
      signatures: ['EACCES: permission denied'],
      patterns: ['\\bEACCES\\b', '\\bEPERM\\b', 'permission denied'],
      findings: ['config-unreadable'],
      keywords: ['permission', 'denied', 'access'],
    },
    fix: [{ type: 'escalate', message: 'fix the owner and mode of the OpenClaw state dir' }],
    references: ['CASE-009'],
  },
  {
    id: 'provider-unreachable',
    title: { en: 'Model provider unreachable', zh: '无法连接模型服务商' },
    description: {
      en: 'Requests to the model provider time out or fail to resolve (network, proxy, wrong baseUrl, provider outage). Restarting the gateway does not help.',
      zh: '对模型服务商的请求超时或域名无法解析（网络、代理、baseUrl 错误、服务商故障）。重启网关没有帮助。',
    },
    severity: 'medium',
    match: {
      patterns: ['getaddrinfo (?:ENOTFOUND|EAI_AGAIN)', '(?:provider|model|api)[^\\n]{0,60}(?:ETIMEDOUT|ECONNRESET|fetch failed|timed out)', 'fetch failed[^\\n]{0,80}(?:api|provider|model)'],
      findings: ['provider-unreachable'],
      keywords: ['provider', 'timeout', 'network', 'connection'],
    },
    fix: [{ type: 'escalate', message: 'check the network / proxy and the provider baseUrl' }],
    references: ['CASE-006'],
  },
  {
    id: 'log-too-large',
    title: { en: 'OpenClaw logs too large', zh: 'OpenClaw 日志过大' },
    description: {
      en: 'Old OpenClaw logs fill the disk. ClawDoc moves logs older than the limit into a folder you can delete (with approval).',
      zh: '旧的 OpenClaw 日志占满磁盘。ClawDoc（经批准）把超过期限的日志移到一个你可以删除的文件夹里。',
    },
    severity: 'low',
    match: {
      patterns: ['log (?:file|dir(?:ectory)?)[^\\n]{0,40}(?:too large|exceeds)'],
      keywords: ['log', 'large', 'disk'],
    },
    fix: [{ type: 'prune-logs', olderThanDays: 7 }],
    references: ['CASE-010'],
  },
  {
    id: 'channel-error',
    title: { en: 'Channel integration failing', zh: '渠道集成失败' },
    description: {
      en: 'A channel (Feishu, DingTalk, Telegram, ...) cannot deliver: bad webhook, expired credentials. The gateway itself is fine; re-check the channel credentials (openclaw channels).',
      zh: '某个渠道（飞书、钉钉、Telegram……）无法投递：webhook 错误或凭证过期。网关本身正常；请检查渠道凭证（openclaw channels）。',
    },
    severity: 'low',
    match: {
      patterns: ['channel[^\\n]{0,40}(?:login failed|auth(?:entication)? failed|credentials? (?:expired|invalid))', 'webhook[^\\n]{0,40}(?:40[134]|failed)'],
      keywords: ['channel', 'webhook', 'dingtalk', 'feishu', 'telegram'],
    },
    fix: [{ type: 'escalate', message: 'check the channel credentials (openclaw channels)' }],
    references: ['CASE-005'],
  },
];

export const BUILTIN_CASES: readonly Case[] = RAW.map((c) => CaseSchema.parse({ ...c, origin: 'builtin' }));
const BY_ID = new Map(BUILTIN_CASES.map((c) => [c.id, c]));

/** The shipped case with this id (own lookup: any string is a safe id here). */
export function builtinCase(id: string): Case | undefined {
  return BY_ID.get(id);
}
export const BUILTIN_IDS: ReadonlySet<string> = new Set(BUILTIN_CASES.map((c) => c.id));
