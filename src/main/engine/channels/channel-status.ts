// Reads the gateway's `channels.status` answer (docs/gateway/protocol/rpc-system-and-channels.md,
// cli/channels.md) into one observation per channel account, and says what a failing channel needs
// from its last error. Observed with OpenClaw's IRC plugin: with the IRC server gone, `running` and
// `connected` stay true and the lifecycle says `recovering`; only the active probe says `ok: false`.
import type { GatewayChannelHealth, GatewayChannelNeed } from '../../../shared/status.js';

/** One channel account as the gateway reports it: the contract's fields, plus ClawDoc's verdict on them. */
export interface ChannelObservation extends Pick<GatewayChannelHealth, 'channel' | 'accountId' | 'label' | 'lifecycle' | 'running' | 'connected' | 'probeOk' | 'lastProbeAt' | 'lastError'> {
  healthy: boolean;
  /** Why it is not healthy, in a few words (the probe's error, the lifecycle, …). */
  problem?: string;
}

/** Lifecycles that mean the account is not serving (anything else, e.g. `ready`, counts as fine). */
const BAD_LIFECYCLE = new Set(['recovering', 'blocked', 'stopped', 'failed', 'error', 'disconnected', 'backoff', 'crashed', 'exited']);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * One observation per enabled, configured account. `failing` is /readyz's `failing[]`: a channel id
 * listed there is not healthy whatever its account says.
 */
export function observationsFrom(payload: unknown, failing: readonly string[] = []): ChannelObservation[] {
  if (!isObj(payload)) return [];
  const accounts = isObj(payload.channelAccounts) ? payload.channelAccounts : {};
  const labels = isObj(payload.channelLabels) ? payload.channelLabels : {};
  const issues = Array.isArray(payload.statusIssues) ? payload.statusIssues.filter(isObj) : [];
  const out: ChannelObservation[] = [];
  for (const [channel, list] of Object.entries(accounts)) {
    if (!Array.isArray(list)) continue;
    for (const a of list.filter(isObj)) {
      if (a.enabled === false || a.configured === false) continue;
      const accountId = str(a.accountId) ?? 'default';
      const probe = isObj(a.probe) ? a.probe : undefined;
      const o: ChannelObservation = { channel, accountId, healthy: true };
      const label = str(labels[channel]);
      if (label) o.label = label;
      const lifecycle = str(a.lifecycle);
      if (lifecycle) o.lifecycle = lifecycle;
      const running = bool(a.running);
      if (running !== undefined) o.running = running;
      const connected = bool(a.connected);
      if (connected !== undefined) o.connected = connected;
      const probeOk = probe ? bool(probe.ok) : undefined;
      if (probeOk !== undefined) o.probeOk = probeOk;
      const lastProbeAt = num(a.lastProbeAt);
      if (lastProbeAt !== undefined) o.lastProbeAt = lastProbeAt;
      const issue = issues.find((i) => i.channel === channel && (i.accountId === undefined || i.accountId === accountId));
      const lastError = str(probe?.error) ?? str(a.lastError) ?? str(issue?.message);
      if (lastError) o.lastError = lastError;
      const problems: string[] = [];
      if (probeOk === false) problems.push(`probe failed${str(probe?.error) ? `: ${str(probe?.error)}` : ''}`);
      if (running === false) problems.push('not running');
      if (connected === false) problems.push('not connected');
      if (lifecycle && BAD_LIFECYCLE.has(lifecycle)) problems.push(`lifecycle ${lifecycle}`);
      if (failing.includes(channel)) problems.push('listed as failing by /readyz');
      if (problems.length) {
        o.healthy = false;
        o.problem = problems.join(', ');
        if (!o.lastError && (running === false || (lifecycle && BAD_LIFECYCLE.has(lifecycle)))) o.lastError = o.problem;
      }
      out.push(o);
    }
  }
  return out;
}

const NEEDS: Array<[GatewayChannelNeed, RegExp]> = [
  ['plugin', /PLUGIN_TRUST_REFUSED|plugin\b.*\b(?:missing|not installed|unavailable|not trusted|untrusted)|trusted plugins/i],
  ['relink', /logged out|log ?out|re-?link|scan .*qr|qr code|not linked|unlinked|device removed|session (?:was )?(?:closed|replaced|invalid)|conflict: replaced|stream errored out.*401/i],
  ['token', /\btoken\b|bot.*(?:revoked|deactivated|invalid|blocked)|invalid bot|\b401\b|unauthori[sz]ed/i],
  ['auth', /auth|password|credential|forbidden|\b403\b|sasl|login (?:failed|refused)|access denied|app ?secret/i],
  ['config', /not configured|missing (?:host|nick|config|account)|invalid config|config(?:uration)? (?:error|invalid)/i],
  ['unreachable', /ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|ECONNRESET|EAI_AGAIN|EPIPE|timed? ?out|socket hang up|getaddrinfo|network|\b50[234]\b|unreachable|connection (?:closed|lost|refused)/i],
];

/** What a failing channel needs, from its last error: a person (relink, token, auth, plugin, config) or time/a restart. */
export function classifyNeed(lastError: string | undefined): GatewayChannelNeed {
  if (!lastError) return 'unknown';
  for (const [need, re] of NEEDS) if (re.test(lastError)) return need;
  return 'unknown';
}

/** Needs only a person can meet: restarting the gateway for them would only be a restart loop. */
export function needsPerson(need: GatewayChannelNeed): boolean {
  return need === 'relink' || need === 'token' || need === 'auth' || need === 'plugin' || need === 'config';
}
