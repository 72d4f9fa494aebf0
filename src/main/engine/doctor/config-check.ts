// `clawdoc check-config`: is OpenClaw's config one the gateway will start with? Each finding has a
// severity, the key path it is about and a fix hint. Cheap: no OpenClaw process is started.
import { createHash } from 'node:crypto';
import type { PortHolder } from '../../../shared/status.js';
import { getPath, readConfig, type ConfigObject } from '../openclaw/config-file.js';
import type { ConfigFinding as Finding, FindingSeverity } from '../../../shared/doctor.js';

export type { Finding, FindingSeverity };

export interface ConfigCheckOptions {
  configPath: string;
  /** The port ClawDoc watches. */
  port?: number;
  /** Look up who holds the port (omit to skip the port check). */
  portHolder?: (port: number) => Promise<PortHolder | null>;
  /** The pid of the gateway ClawDoc knows about: holding the port is fine for it. */
  gatewayPid?: number;
  /** Opt-in: ask the model provider whether it answers. */
  probeProvider?: boolean;
  providerTimeoutMs?: number;
  fetchImpl?: typeof fetch;
}

export interface ConfigCheckResult {
  path: string;
  /** No error-level finding. */
  ok: boolean;
  /** The config parsed (even if it has errors). */
  parsed: boolean;
  hash: string | null;
  findings: Finding[];
  durationMs: number;
}

const PLACEHOLDER = /^(?:|\s+|x+|changeme|change-me|change_me|your[-_ ]?(?:token|password|key|api[-_ ]?key)|token|password|placeholder|todo|tbd|secret|<[^>]*>|\$\{[^}]*\}|\.\.\.)$/i;

export function isPlaceholder(value: unknown): boolean {
  return typeof value !== 'string' || PLACEHOLDER.test(value.trim());
}

export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Findings about the content alone (no I/O). */
export function checkConfigValue(value: ConfigObject): Finding[] {
  const out: Finding[] = [];
  const mode = getPath(value, 'gateway.mode');
  if (mode === undefined || mode === null || mode === '') {
    out.push({
      code: 'gateway-mode-missing',
      severity: 'error',
      key: 'gateway.mode',
      message: 'gateway.mode is not set: the gateway refuses to start (exit 78, "existing config is missing gateway.mode")',
      hint: 'set gateway.mode to "local" (clawdoc applies it with a backup), or restore a known-good snapshot',
    });
  } else if (mode === 'remote') {
    out.push({
      code: 'gateway-mode-remote',
      severity: 'error',
      key: 'gateway.mode',
      message: 'gateway.mode is "remote": a local gateway refuses to start',
      hint: 'set gateway.mode=local to run the gateway on this machine (or stop managing it here)',
    });
  } else if (mode !== 'local') {
    out.push({ code: 'gateway-mode-invalid', severity: 'error', key: 'gateway.mode', message: `gateway.mode is ${JSON.stringify(mode)}`, hint: 'gateway.mode must be "local" or "remote"' });
  }
  const port = getPath(value, 'gateway.port');
  if (port !== undefined && !(typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535)) {
    out.push({ code: 'port-invalid', severity: 'error', key: 'gateway.port', message: `gateway.port is ${JSON.stringify(port)}, not a port number`, hint: 'use an integer between 1 and 65535 (default 18789)' });
  }
  const authMode = getPath(value, 'gateway.auth.mode');
  if (authMode === 'token') {
    const token = getPath(value, 'gateway.auth.token');
    if (isPlaceholder(token)) {
      out.push({ code: 'auth-token-placeholder', severity: 'error', key: 'gateway.auth.token', message: 'gateway.auth.mode is "token" but the token is blank or a placeholder', hint: 'set a real token (openclaw config set gateway.auth.token …) or use auth mode "none" on loopback' });
    }
  } else if (authMode === 'password') {
    const password = getPath(value, 'gateway.auth.password');
    if (isPlaceholder(password)) {
      out.push({ code: 'auth-password-missing', severity: 'error', key: 'gateway.auth.password', message: 'gateway.auth.mode is "password" but no password is set', hint: 'set gateway.auth.password, or switch gateway.auth.mode' });
    }
  }
  const models = getPath(value, 'models');
  const providers = getPath(value, 'models.providers');
  const oldDefault = getPath(value, 'models.default');
  const agentModel = getPath(value, 'agents.defaults.model');
  if (models === undefined && agentModel === undefined) {
    out.push({ code: 'models-missing', severity: 'warning', key: 'models', message: 'no model configuration (models.providers or models.default)', hint: 'the gateway runs, but agents cannot answer until a model provider is configured (openclaw configure)' });
  } else if (providers !== undefined && (typeof providers !== 'object' || providers === null || Array.isArray(providers))) {
    out.push({ code: 'models-invalid', severity: 'error', key: 'models.providers', message: 'models.providers is not an object', hint: 'models.providers maps a provider name to { baseUrl, apiKey, models }' });
  } else if (providers && typeof providers === 'object') {
    for (const [name, p] of Object.entries(providers as ConfigObject)) {
      const key = getPath(p, 'apiKey');
      if (key !== undefined && typeof key === 'string' && isPlaceholder(key)) {
        out.push({ code: 'provider-key-placeholder', severity: 'warning', key: `models.providers.${name}.apiKey`, message: `the API key of provider "${name}" is blank or a placeholder`, hint: 'set the real key (or its environment variable); requests will fail with HTTP 401' });
      }
    }
  } else if (oldDefault !== undefined && typeof oldDefault !== 'string' && (typeof oldDefault !== 'object' || oldDefault === null)) {
    out.push({ code: 'models-invalid', severity: 'error', key: 'models.default', message: 'models.default is neither a model name nor an object', hint: 'set models.default to a model id such as "provider/model"' });
  }
  return out;
}

export async function checkConfig(o: ConfigCheckOptions): Promise<ConfigCheckResult> {
  const started = performance.now();
  const findings: Finding[] = [];
  const read = readConfig(o.configPath);
  const hash = read.text === null ? null : hashText(read.text);
  if (!read.ok) {
    if (read.missing) {
      findings.push({ code: 'config-missing', severity: 'error', key: '(file)', message: `no config at ${o.configPath}`, hint: 'restore a known-good snapshot, or run `openclaw setup`' });
    } else if (read.text === null) {
      findings.push({ code: 'config-unreadable', severity: 'error', key: '(file)', message: `cannot read ${o.configPath}: ${read.error}`, hint: 'check the file permissions' });
    } else {
      const empty = read.text.trim() === '';
      findings.push({
        code: 'config-unparseable',
        severity: 'error',
        key: '(file)',
        message: empty ? `${o.configPath} is empty` : `${o.configPath} is not valid JSON5 (${read.error}); it looks truncated or clobbered`,
        hint: 'restore the newest known-good snapshot (the broken file is kept beside it)',
      });
    }
  } else {
    findings.push(...checkConfigValue(read.value));
  }
  if (o.portHolder && o.port) {
    const holder = await o.portHolder(o.port).catch(() => null);
    if (holder && holder.pid !== o.gatewayPid) {
      if (holder.isOpenClaw) {
        findings.push({ code: 'port-openclaw-other', severity: 'warning', key: 'gateway.port', message: `port ${o.port} is held by another OpenClaw gateway (pid ${holder.pid}: ${holder.command})`, hint: 'if it does not answer, stop that stale gateway (clawdoc verifies it is OpenClaw first)' });
      } else {
        findings.push({ code: 'port-foreign', severity: 'error', key: 'gateway.port', message: `port ${o.port} is held by pid ${holder.pid} (${holder.command || holder.name}), which is not OpenClaw`, hint: 'stop that program or choose another port; clawdoc never kills it' });
      }
    }
  }
  if (o.probeProvider && read.ok) findings.push(...(await probeProviders(read.value, o.providerTimeoutMs ?? 5000, o.fetchImpl ?? fetch)));
  const ok = !findings.some((f) => f.severity === 'error');
  return { path: o.configPath, ok, parsed: read.ok, hash, findings, durationMs: Math.round((performance.now() - started) * 10) / 10 };
}

/** Opt-in: each provider's baseUrl must answer (any HTTP status); 401/403 means the key is refused. */
async function probeProviders(value: ConfigObject, timeoutMs: number, fetchImpl: typeof fetch): Promise<Finding[]> {
  const providers = getPath(value, 'models.providers');
  if (!providers || typeof providers !== 'object') return [];
  const out: Finding[] = [];
  for (const [name, p] of Object.entries(providers as ConfigObject)) {
    const baseUrl = getPath(p, 'baseUrl');
    if (typeof baseUrl !== 'string' || !/^https?:\/\//.test(baseUrl)) continue;
    const apiKey = getPath(p, 'apiKey');
    const key = `models.providers.${name}.baseUrl`;
    try {
      const res = await fetchImpl(`${baseUrl.replace(/\/+$/, '')}/models`, {
        headers: typeof apiKey === 'string' && !isPlaceholder(apiKey) ? { authorization: `Bearer ${apiKey}` } : {},
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (res.status === 401 || res.status === 403) {
        out.push({ code: 'provider-auth', severity: 'error', key: `models.providers.${name}.apiKey`, message: `provider "${name}" refused the API key (HTTP ${res.status})`, hint: 'renew the API key' });
      } else if (res.status === 429) {
        out.push({ code: 'provider-rate-limit', severity: 'warning', key, message: `provider "${name}" is rate limiting (HTTP 429)`, hint: 'wait for the limit to reset' });
      } else {
        out.push({ code: 'provider-ok', severity: 'info', key, message: `provider "${name}" answers (HTTP ${res.status})`, hint: '' });
      }
    } catch (err) {
      out.push({ code: 'provider-unreachable', severity: 'error', key, message: `provider "${name}" at ${baseUrl} does not answer: ${(err as Error).message}`, hint: 'check the network, the proxy and the baseUrl' });
    }
  }
  return out;
}
