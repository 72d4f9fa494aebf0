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
      en: "OpenClaw counted 3 or more unclean boots in 5 minutes: its control plane stays up but channel auto-start is suppressed. Restarting again only adds an unclean boot. Fix the cause of the crashes, then start the channels (openclaw gateway call channels.start --params '{\"channel\":\"<id>\"}') or wait: a stable gateway resumes them once the 5-minute window drains.",
      zh: "OpenClaw 在 5 分钟内统计到 3 次及以上非正常启动：控制面仍在运行，但渠道自动启动被抑制。再次重启只会再增加一次非正常启动。请先解决崩溃原因，然后启动渠道（openclaw gateway call channels.start --params '{\"channel\":\"<id>\"}'），或者等待：网关稳定运行满 5 分钟窗口后会自动恢复渠道。",
    },
    severity: 'high',
    match: {
      signatures: ['gateway restart-loop breaker tripped'],
      patterns: ['restart-loop breaker', 'unclean boot\\(s\\) within'],
      causes: ['breaker', 'crash-loop'],
      keywords: ['restart', 'loop', 'breaker'],
    },
    fix: [{ type: 'escalate', message: "do not restart: fix the crash cause, then openclaw gateway call channels.start --params '{\"channel\":\"<id>\"}' (or wait 5 min)" }],
    references: ['openclaw/openclaw#33459', 'docs: gateway/restart-recovery.md (crash-loop breaker)'],
  },
  {
    id: 'openclaw-safe-mode',
    title: { en: 'Channels held back by the crash-loop breaker (safe mode)', zh: '崩溃循环断路器使渠道停用（安全模式）' },
    description: {
      en: "The gateway runs in safe mode after OpenClaw's crash-loop breaker: channels are not started automatically. A restart does not help (it is one more unclean boot). Fix what crashed, then start each channel with openclaw gateway call channels.start --params '{\"channel\":\"<id>\"}', or leave the gateway running 5 minutes and OpenClaw resumes them itself.",
      zh: "OpenClaw 的崩溃循环断路器触发后，网关以安全模式运行：渠道不会自动启动。重启没有帮助（只会再多一次非正常启动）。请先修复崩溃原因，再用 openclaw gateway call channels.start --params '{\"channel\":\"<id>\"}' 逐个启动渠道，或者让网关稳定运行 5 分钟，OpenClaw 会自行恢复渠道。",
    },
    severity: 'medium',
    match: {
      signatures: ['channel autostart suppressed by crash-loop breaker', 'health-monitor: channel autostart suppressed'],
      patterns: ['autostart suppressed by crash-loop breaker', 'refusing automatic start for \\S+'],
      keywords: ['crash-loop', 'breaker', 'channel', 'suppressed', 'safe mode'],
    },
    fix: [{ type: 'escalate', message: "fix the crash cause, then openclaw gateway call channels.start --params '{\"channel\":\"<id>\"}' (or wait 5 min)" }],
    priority: 5,
    references: ['docs: gateway/restart-recovery.md (operator recovery SOP)'],
  },
  {
    id: 'channel-gave-up',
    title: { en: 'A channel gave up restarting', zh: '渠道已放弃重连' },
    description: {
      en: 'A channel account stopped after its restart attempts ran out ("giving up after N restart attempts") while the gateway itself stays live: /healthz is fine, messages are not delivered. Restarting the whole gateway is not needed; check the channel (openclaw channels status --probe), fix its credentials or network, then start it again with openclaw gateway call channels.start.',
      zh: '某个渠道账号在重试次数用完后停止（"giving up after N restart attempts"），而网关本身仍然存活：/healthz 正常，但消息不再投递。不需要重启整个网关；请检查渠道（openclaw channels status --probe），修复其凭证或网络后，用 openclaw gateway call channels.start 重新启动它。',
    },
    severity: 'high',
    match: {
      signatures: ['giving up after'],
      patterns: ['giving up after \\d+ restart attempts', 'health-monitor: restarting \\(reason: gave-up\\)', 'health-monitor: hit \\d+ restarts/hour limit'],
      keywords: ['channel', 'giving up', 'restart attempts'],
    },
    fix: [{ type: 'escalate', message: "check the channel (openclaw channels status --probe), then openclaw gateway call channels.start --params '{\"channel\":\"<id>\"}'" }],
    priority: 4,
    references: ['openclaw/openclaw#59753', 'openclaw/openclaw#109634', 'openclaw/openclaw#62258'],
  },
  {
    id: 'channel-stalled',
    title: { en: 'A channel stalls (health monitor restarting it)', zh: '渠道卡住（健康监测正在重启它）' },
    description: {
      en: "OpenClaw's channel health monitor restarts a channel that stalled (stale socket, stuck, disconnected, polling stall) or whose stop hung. The gateway is live; OpenClaw retries by itself. If it repeats, check the channel's network and credentials (openclaw channels status --probe) rather than restarting the gateway.",
      zh: 'OpenClaw 的渠道健康监测正在重启一个卡住的渠道（socket 过期、卡死、断开、轮询停滞），或渠道停止超时。网关仍然存活，OpenClaw 会自行重试。如果反复出现，请检查该渠道的网络和凭证（openclaw channels status --probe），而不是重启网关。',
    },
    severity: 'low',
    match: {
      signatures: ['polling stall detected', 'channel stop exceeded'],
      patterns: ['health-monitor: restarting \\(reason: (?:stale-socket|stuck|disconnected|stopped|ingress-unavailable)\\)', 'channel stop exceeded \\d+ms after abort', 'health-monitor: restart failed'],
      keywords: ['channel', 'health-monitor', 'stall', 'polling'],
    },
    fix: [{ type: 'escalate', message: 'check the channel: openclaw channels status --probe' }],
    references: ['openclaw/openclaw#72828', 'openclaw/openclaw#110802', 'openclaw/openclaw#75519'],
  },
  {
    id: 'version-skew',
    title: { en: 'OpenClaw binary older than its config (version skew)', zh: 'OpenClaw 程序比配置旧（版本不一致）' },
    description: {
      en: 'A newer OpenClaw wrote the config, and an older binary (an old install on PATH, or a service still pointing at the old install) refuses to run with it. The config is not broken: do not roll it back to an older backup. Run the newer openclaw binary, or reinstall the gateway service from the newer install (openclaw gateway install --force), or point gateway.openclawPath at it.',
      zh: '配置由较新的 OpenClaw 写入，而较旧的程序（PATH 上的旧安装，或仍指向旧安装的服务）拒绝使用它。配置本身没有坏：不要把它回滚到旧的备份。请运行较新的 openclaw 程序，或从新安装重新安装网关服务（openclaw gateway install --force），或把 gateway.openclawPath 指向它。',
    },
    severity: 'critical',
    match: {
      signatures: ['is older than the config last written by OpenClaw'],
      patterns: ['OpenClaw binary \\([^)]*\\) is older than the config', 'older than the config last written'],
      exitCodes: [78, 1],
      keywords: ['older', 'version', 'config', 'binary'],
    },
    fix: [{ type: 'escalate', message: 'run the newer openclaw (or openclaw gateway install --force from it); keep the current config' }],
    priority: 20,
    references: ['openclaw/openclaw#119515'],
  },
  {
    id: 'poison-session',
    title: { en: 'A resumed session crashes the gateway (heap OOM after each restart)', zh: '恢复的会话导致网关崩溃（每次重启后堆内存耗尽）' },
    description: {
      en: 'After a restart OpenClaw resumes interrupted main sessions; one of them runs the gateway into the same JavaScript heap OOM every time, so restarting loops. Abort that session (in the channel or WebChat: /new or /reset; OpenClaw tombstones it after 3 attempts) and, if the work is legitimate, give the gateway a larger heap (NODE_OPTIONS=--max-old-space-size=4096 in gateway.env).',
      zh: '重启后 OpenClaw 会恢复被中断的主会话；其中一个会话每次都让网关陷入同样的 JavaScript 堆内存耗尽，于是重启陷入循环。请中止该会话（在渠道或 WebChat 中使用 /new 或 /reset；OpenClaw 在 3 次尝试后会将其标记为终止），如果任务本身合理，请为网关分配更大的堆内存（在 gateway.env 中设置 NODE_OPTIONS=--max-old-space-size=4096）。',
    },
    severity: 'high',
    match: {
      signatures: ['interrupted main session(s) for restart recovery', 'tombstoned main-session restart recovery', 'main-session restart recovery blocked after'],
      // Not the OOM line itself (that alone is heap-oom, a restart): the resumed session next to it decides.
      patterns: ['marked \\d+ interrupted main session\\(s\\) for restart recovery', 'main-session restart recovery startup complete: started=[1-9]', 'startup-orphaned main session\\(s\\) for restart recovery'],
      exitCodes: [134],
      causes: ['crash-loop', 'breaker'],
      keywords: ['session', 'recovery', 'heap', 'resumed'],
    },
    fix: [{ type: 'escalate', message: 'abort the resumed session (/new or /reset), then raise the heap: NODE_OPTIONS=--max-old-space-size=4096' }],
    priority: 6,
    references: ['openclaw/openclaw#115424', 'openclaw/openclaw#96203', 'openclaw/openclaw#71127', 'openclaw/openclaw#100213'],
  },
  {
    id: 'oauth-wedged',
    title: { en: 'Model login (OAuth) wedged: sign in again', zh: '模型登录（OAuth）失效：请重新登录' },
    description: {
      en: 'The OAuth refresh token expired, was already used (refresh_token_reused) or its refresh timed out. The gateway keeps running but cannot call the model; a restart does not renew the login. Sign in again: openclaw models auth login --provider <id>.',
      zh: 'OAuth 刷新令牌已过期、已被使用过（refresh_token_reused）或刷新超时。网关仍在运行但无法调用模型；重启不会更新登录状态。请重新登录：openclaw models auth login --provider <id>。',
    },
    severity: 'medium',
    match: {
      signatures: ['OAuth token refresh failed for', 'refresh_token_reused', 'Authentication refresh timed out before the provider completed'],
      patterns: ['\\btoken_expired\\b', 'refresh token has already been used', 'refresh_token_expired', 'invalid_grant'],
      keywords: ['oauth', 'token', 'refresh', 're-authenticate', 'login'],
    },
    fix: [{ type: 'escalate', message: 'sign in again: openclaw models auth login --provider <id>' }],
    priority: 3,
    references: ['openclaw/openclaw#81944', 'openclaw/openclaw#90649'],
  },
  {
    id: 'launchagent-unloaded',
    title: { en: 'macOS LaunchAgent unloaded (Bootstrap failed: 5)', zh: 'macOS LaunchAgent 已被卸载（Bootstrap failed: 5）' },
    description: {
      en: 'launchctl could not load the gateway LaunchAgent ("Bootstrap failed: 5: Input/output error"), typically after an update replaced or unloaded it: KeepAlive no longer restarts the gateway. Reinstall it with openclaw gateway install --force (or launchctl bootout, then bootstrap gui/$UID ~/Library/LaunchAgents/ai.openclaw.gateway.plist).',
      zh: 'launchctl 无法加载网关的 LaunchAgent（"Bootstrap failed: 5: Input/output error"），通常是更新替换或卸载了它：KeepAlive 不再重启网关。请用 openclaw gateway install --force 重新安装（或先 launchctl bootout，再 bootstrap gui/$UID ~/Library/LaunchAgents/ai.openclaw.gateway.plist）。',
    },
    severity: 'high',
    match: {
      signatures: ['Bootstrap failed: 5: Input/output error'],
      patterns: ['Bootstrap failed: \\d+', 'Could not find service "ai\\.openclaw\\.'],
      keywords: ['launchctl', 'launchagent', 'bootstrap', 'macos'],
    },
    fix: [{ type: 'escalate', message: 'reinstall the LaunchAgent: openclaw gateway install --force' }],
    references: ['openclaw/openclaw#46012', 'openclaw/openclaw#85133'],
  },
  {
    id: 'systemd-exec-missing',
    title: { en: "systemd unit's Node path vanished (203/EXEC)", zh: 'systemd 单元中的 Node 路径已失效（203/EXEC）' },
    description: {
      en: 'systemd cannot execute the unit\'s ExecStart ("status=203/EXEC"): the Node binary it names was removed or moved (Node upgraded, nvm switched). The unit restarts into the same failure. Rewrite the unit from the current install: openclaw gateway install --force, then systemctl --user daemon-reload.',
      zh: 'systemd 无法执行单元的 ExecStart（"status=203/EXEC"）：其中写的 Node 程序已被删除或移动（Node 升级、nvm 切换）。单元会反复以同样的失败重启。请从当前安装重写单元：openclaw gateway install --force，然后 systemctl --user daemon-reload。',
    },
    severity: 'critical',
    match: {
      signatures: ['status=203/EXEC'],
      patterns: ['203/EXEC', 'Failed at step EXEC spawning', 'Failed to locate executable'],
      keywords: ['systemd', 'exec', 'node', 'unit'],
    },
    fix: [{ type: 'escalate', message: 'rewrite the unit: openclaw gateway install --force && systemctl --user daemon-reload' }],
    references: ['openclaw/openclaw#148866'],
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

/**
 * Conditions of a running gateway (channels, logins, OpenClaw's own breaker): never why it exited. After an
 * exit the gateway must be started again whatever they say, so the doctor does not escalate an exit on them.
 */
export const LIVE_CONDITION_CASES: ReadonlySet<string> = new Set(['channel-gave-up', 'channel-stalled', 'openclaw-safe-mode', 'openclaw-restart-loop', 'oauth-wedged']);

export const BUILTIN_CASES: readonly Case[] = RAW.map((c) => CaseSchema.parse({ ...c, origin: 'builtin' }));
const BY_ID = new Map(BUILTIN_CASES.map((c) => [c.id, c]));

/** The shipped case with this id (own lookup: any string is a safe id here). */
export function builtinCase(id: string): Case | undefined {
  return BY_ID.get(id);
}
export const BUILTIN_IDS: ReadonlySet<string> = new Set(BUILTIN_CASES.map((c) => c.id));
