// A labelled corpus of real error texts (OpenClaw 2026.9.6 output observed here, signatures from its
// source and upstream issues, Node and OS errors) with the case that should rank first; `null` = no case
// may match confidently. Several entries accept two ids where OpenClaw prints one message for both.
export interface CorpusEntry {
  text: string;
  expect: string | string[] | null;
  note?: string;
}

export const CORPUS: CorpusEntry[] = [
  // ---- config: truncated / clobbered / missing mode (observed) ----
  { text: '2026-11-24T05:06:24.608+00:00 Gateway start blocked: existing config is missing gateway.mode. Treat this as suspicious or clobbered config. Run "openclaw doctor" to inspect it.', expect: ['config-missing-mode', 'config-truncated'], note: 'same message for both (observed)' },
  { text: 'Failed to read config at /home/u/.openclaw/openclaw.json: JSON5: invalid end of input at 1:26', expect: 'config-truncated' },
  { text: 'SyntaxError: JSON5: invalid character \'\\u0000\' at 3:1 while loading /root/.openclaw/openclaw.json', expect: 'config-truncated' },
  { text: 'OpenClaw could not load its config: Unexpected end of JSON input', expect: 'config-truncated' },
  { text: '[config] parse error in openclaw.json: the file looks truncated (12 bytes)', expect: 'config-truncated' },
  { text: 'Missing config. Run `openclaw setup` or set gateway.mode=local (or pass --allow-unconfigured).', expect: 'config-file-missing' },
  { text: 'Gateway start blocked: set gateway.mode=local (current: remote) or pass --allow-unconfigured.', expect: 'config-mode-remote' },
  // ---- config: schema (observed) ----
  { text: 'Gateway failed to start: Invalid config at /tmp/x/state/openclaw.json:\nopenclaw.json:1 — gateway: Unrecognized key: "bogusKey"\nRun "openclaw doctor --fix" to repair, or fix the keys above manually.', expect: 'config-unknown-key' },
  { text: 'OpenClaw config is invalid: ~/openclaw.json\n  × <root>: Unrecognized key: "foo"', expect: 'config-unknown-key' },
  { text: '× openclaw.json:4 — agents.defaults: Unrecognized keys: "modle", "temprature"', expect: 'config-unknown-key' },
  { text: 'OpenClaw config is invalid: ~/openclaw.json\n  × openclaw.json:1 — gateway.port: Invalid input: expected number, received string', expect: 'config-invalid-value' },
  { text: 'Invalid config at /root/.openclaw/openclaw.json:\n- gateway.bind: Invalid option: expected one of "loopback"|"lan"|"tailnet"|"auto"|"custom"', expect: 'config-invalid-value' },
  // ---- port / lock ----
  { text: 'Gateway failed to start: another gateway instance is already listening on ws://127.0.0.1:18790 | listen EADDRINUSE: address already in use 127.0.0.1:18790\nPort 18790 is already in use.\n- pid 4242 root: openclaw-gateway', expect: 'port-stale-openclaw' },
  { text: 'Error: listen EADDRINUSE: address already in use 127.0.0.1:18789', expect: 'port-foreign-program' },
  { text: 'Port 18789 is already in use.\n- pid 777 www-data: nginx: master process /usr/sbin/nginx', expect: 'port-foreign-program' },
  { text: 'gateway already running (pid 31337); lock timeout after 5000ms', expect: 'gateway-lock-held' },
  { text: 'failed to acquire /root/.openclaw/tmp/openclaw-0/gateway.18789.lock: lock timeout after 5000ms', expect: 'gateway-lock-held' },
  // ---- auth ----
  { text: 'gateway.auth.token is missing: auth mode token requires a token', expect: 'auth-secret-missing' },
  { text: 'Refusing to start: password auth mode but no password is configured (gateway.auth.password not set)', expect: 'auth-secret-missing' },
  // ---- memory ----
  { text: '<--- Last few GCs --->\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n 1: 0xb090e0 node::Abort() [openclaw-gateway]', expect: 'heap-oom' },
  { text: 'FATAL ERROR: Ineffective mark-compacts near heap limit Allocation failed - JavaScript heap out of memory', expect: 'heap-oom' },
  { text: '[diagnostics] memory pressure: level=critical rss=6120MB heapUsed=3900MB', expect: 'memory-pressure' },
  { text: 'kernel: Out of memory: Killed process 2231 (openclaw-gateway) total-vm:9823412kB', expect: 'memory-pressure' },
  // ---- disk ----
  { text: 'OpenClaw could not write local session data because the disk is full.', expect: 'disk-full' },
  { text: "Error: ENOSPC: no space left on device, write '/root/.openclaw/state/sessions.sqlite-wal'", expect: 'disk-full' },
  // ---- providers ----
  { text: 'Authentication failed (provider returned HTTP 401). Check your API key for "openai".', expect: 'provider-auth-401' },
  { text: 'No API key found for "anthropic". Set ANTHROPIC_API_KEY or run openclaw configure.', expect: 'provider-auth-401' },
  { text: '{"error":{"message":"Incorrect API key provided: sk-abc***","type":"invalid_request_error","code":"invalid_api_key"}}', expect: 'provider-auth-401' },
  { text: 'API rate limit reached. Please try again later.', expect: 'provider-rate-limit' },
  { text: 'provider deepseek: HTTP 429 Too Many Requests (retry-after: 20)', expect: 'provider-rate-limit' },
  { text: '{"error":{"code":"insufficient_quota","message":"You exceeded your current quota"}}', expect: 'provider-rate-limit' },
  { text: 'model request failed: getaddrinfo ENOTFOUND api.deepseek.com', expect: 'provider-unreachable' },
  { text: '[agent] provider qwen request timed out after 60000ms (ETIMEDOUT)', expect: 'provider-unreachable' },
  // ---- node ----
  { text: 'openclaw: Node 20.20.2: node:sqlite is unavailable; use 24.16+/26.1+ or a build with the fix.', expect: 'node-unsupported', note: 'observed' },
  { text: 'Node 22.3.0 is unsupported; OpenClaw requires >=24.16 <25 || >=26.1', expect: 'node-unsupported' },
  // ---- OpenClaw breaker, readiness ----
  { text: 'gateway restart-loop breaker tripped: 6 unclean boot(s) within 300000ms', expect: 'openclaw-restart-loop' },
  { text: '[state] state-database open failed: SQLITE_BUSY: database is locked', expect: 'startup-sidecars-stuck' },
  // ---- permissions, logs, channels (plan cases) ----
  { text: "Error: EACCES: permission denied, open '/root/.openclaw/openclaw.json'", expect: 'permission-denied' },
  { text: 'log directory /root/.openclaw/logs is too large (12 GB)', expect: 'log-too-large' },
  { text: '[channels] feishu: authentication failed: credentials expired (code 99991663)', expect: 'channel-error' },
  { text: '[channels] dingtalk webhook returned 403 Forbidden', expect: 'channel-error' },
  // ---- channels: stalls and give-ups (signatures from dist/: channel manager, health monitor, telegram polling) ----
  { text: '2026-11-25T09:12:44.101+00:00 [gateway/channels] [telegram] giving up after 10 restart attempts', expect: 'channel-gave-up' },
  { text: '[gateway/channels] [feishu] giving up after 10 restart attempts', expect: 'channel-gave-up' },
  { text: '[gateway/health-monitor] [whatsapp:default] health-monitor: restarting (reason: gave-up)', expect: 'channel-gave-up' },
  { text: '[gateway/health-monitor] [telegram:default] health-monitor: hit 10 restarts/hour limit, skipping', expect: 'channel-gave-up' },
  { text: '2026-11-25T09:14:02.551+00:00 [gateway/health-monitor] [telegram:default] health-monitor: restarting (reason: stale-socket)', expect: 'channel-stalled' },
  { text: '[gateway/health-monitor] [feishu:main] health-monitor: restarting (reason: stuck)', expect: 'channel-stalled' },
  { text: '[gateway/health-monitor] [irc:default] health-monitor: restarting (reason: disconnected)', expect: 'channel-stalled' },
  { text: '[telegram][diag] isolated polling ingress finished reason=polling stall detected error="getUpdates timed out"', expect: 'channel-stalled' },
  { text: '[gateway/channels] [dingtalk] channel stop exceeded 5000ms after abort; continuing shutdown', expect: 'channel-stalled' },
  // ---- OpenClaw's crash-loop breaker and its safe mode (dist/: gateway-boot-lifecycle, channel startup; observed in the bench) ----
  { text: '2026-11-25T16:28:59.037+00:00 [gateway] gateway restart-loop breaker tripped: 5 unclean boot(s) within 300000ms; suppressing channel/provider account auto-start. Inspect the stability bundle', expect: 'openclaw-restart-loop', note: 'observed' },
  { text: `[gateway/channels] channel autostart suppressed by crash-loop breaker; refusing automatic start for telegram. Start a channel manually with: openclaw gateway call channels.start --params '{"channel":"telegram"}'`, expect: 'openclaw-safe-mode' },
  { text: '[telegram:default] health-monitor: channel autostart suppressed; treating as expected stopped', expect: 'openclaw-safe-mode' },
  // ---- version skew (dist/: config version guard): not a broken config, .bak is the wrong advice ----
  { text: 'Refusing to start because this OpenClaw binary (2026.9.6) is older than the config last written by OpenClaw 2026.10.2.', expect: 'version-skew' },
  { text: 'Gateway failed to start: Refusing to write because this OpenClaw binary (2026.8.30) is older than the config last written by OpenClaw 2026.9.6.\nRun the newer openclaw binary on PATH, or reinstall the intended gateway service from the newer install.', expect: 'version-skew' },
  // ---- poison session: resumed into the same heap OOM (dist/: main-session restart recovery; V8 OOM) ----
  { text: '[main-session-restart-recovery] marked 1 interrupted main session(s) for restart recovery\n[main-session-restart-recovery] main-session restart recovery startup complete: started=1 settled=0 failed=0 skipped=0\n<--- Last few GCs --->\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory', expect: 'poison-session' },
  { text: '[main-session-restart-recovery] tombstoned main-session restart recovery: agent:main:telegram:42 (main-session restart recovery blocked after 3 automatic attempts without a started runtime turn; inspect the failed main session and use /new or reset to start a replacement session)', expect: 'poison-session' },
  { text: 'marked 2 startup-orphaned main session(s) for restart recovery\nmarked 1 interrupted main session(s) for restart recovery\nFATAL ERROR: Ineffective mark-compacts near heap limit Allocation failed - JavaScript heap out of memory', expect: 'poison-session' },
  // ---- OAuth wedges (dist/: auth refresh messages) ----
  { text: 'OAuth token refresh failed for openai-codex: refresh_token_reused. Please try again or re-authenticate.', expect: 'oauth-wedged' },
  { text: 'Embedded agent: OAuth token refresh failed (anthropic)\nOAuth token refresh failed for anthropic: token_expired', expect: 'oauth-wedged' },
  { text: 'Authentication refresh timed out before the provider completed. Retry in a moment; re-authenticate only if it keeps failing.', expect: 'oauth-wedged' },
  { text: '{"error":"invalid_grant","error_description":"Your refresh token has already been used to generate a new access token. Please try signing in again."}', expect: 'oauth-wedged' },
  // ---- service managers (real OS tool output) ----
  { text: 'Bootstrap failed: 5: Input/output error\nTry re-running the command as root for richer errors.', expect: 'launchagent-unloaded' },
  { text: '$ launchctl bootstrap gui/501 ~/Library/LaunchAgents/ai.openclaw.gateway.plist\nBootstrap failed: 5: Input/output error', expect: 'launchagent-unloaded' },
  { text: 'openclaw-gateway.service: Main process exited, code=exited, status=203/EXEC\nopenclaw-gateway.service: Failed with result \'exit-code\'.', expect: 'systemd-exec-missing' },
  { text: 'openclaw-gateway.service: Failed to locate executable /home/u/.nvm/versions/node/v24.16.0/bin/node: No such file or directory\nopenclaw-gateway.service: Failed at step EXEC spawning /home/u/.nvm/versions/node/v24.16.0/bin/node: No such file or directory', expect: 'systemd-exec-missing' },
  // ---- unrelated: no confident match ----
  { text: '2026-11-25T16:23:17.490+00:00 [gateway] shutdown budget at shutdown: drain=315000ms shutdown=325000ms reserve=10000ms exitMargin=5000ms; source=Gateway stop policy=330000ms', expect: null, note: 'observed, a clean restart' },
  { text: '2026-11-25T16:23:17.487+00:00 [gateway] received SIGUSR2; restarting', expect: null, note: 'observed' },
  { text: '2026-11-25T16:24:05.013+00:00 [gateway] restart mode: full process restart (supervisor restart)', expect: null, note: 'observed' },
  { text: '[main-session-restart-recovery] main-session restart recovery startup complete: started=0 settled=0 failed=0 skipped=0', expect: null },
  { text: '2026-11-25T16:23:20.714+00:00 [gateway] http server listening (14 plugins: anthropic, browser, canvas, memory-core, ollama, openai; 1.6s)', expect: null, note: 'observed' },
  { text: '[shutdown] completed cleanly in 83ms', expect: null, note: 'observed' },
  { text: '2026-11-25T16:23:19.201+00:00 [gateway] spawn broker ready pid=14726', expect: null, note: 'observed' },
  { text: '2026-11-24T05:06:24.608+00:00 [gateway] ready', expect: null },
  { text: '2026-11-24T05:06:30.001+00:00 [gateway] listening on ws://127.0.0.1:18789', expect: null },
  { text: 'npm WARN deprecated inflight@1.0.6: This module is not supported, and leaks memory.', expect: null },
  { text: 'Compiled successfully in 2.3s', expect: null },
  { text: 'git: fatal: not a git repository (or any of the parent directories): .git', expect: null },
  { text: 'The quick brown fox jumps over the lazy dog', expect: null },
  { text: 'user asked: how do I configure the weather plugin for my agent?', expect: null },
  { text: 'Traceback (most recent call last):\n  File "app.py", line 3, in <module>\nZeroDivisionError: division by zero', expect: null },
  { text: '[agent] session s-12 completed in 812ms (tokens in=1200 out=300)', expect: null },
  { text: 'WARN [plugins] plugin "calendar" has no description', expect: null },
];
