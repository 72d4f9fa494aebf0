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
  // ---- unrelated: no confident match ----
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
