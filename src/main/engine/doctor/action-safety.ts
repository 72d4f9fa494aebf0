// Which fixes may run without a person. "Safe" means the fix cannot lose data and cannot widen who can
// reach or control the gateway. This is the one place that decides it (pure functions): the doctor's
// approval decision and `clawdoc cases list/show` both use it, and what a case says cannot loosen it.
//
//   safe      runs by itself under autoHeal=safe
//   review    may lose data or has an effect ClawDoc cannot judge: waits under autoHeal=safe
//   security  touches authentication, secrets, the bind address, TLS, allowlists, proxies, origins,
//             DM/group policies, tool permissions… (OpenClaw's keys, docs/gateway/config-*.md and
//             docs/gateway/security/audit-checks.md): waits for a person under every autoHeal mode
import { parseValue } from '../openclaw/config-file.js';
import type { Action } from './cases/case-schema.js';

export type ActionRisk = 'safe' | 'review' | 'security';

export interface ActionSafety {
  risk: ActionRisk;
  /** Why it is not safe (empty when safe). */
  reasons: string[];
}

/** What the doctor knows at the moment it would run the action (all optional: unknown = cautious). */
export interface ActionFacts {
  /** The current config, parsed; undefined when it is missing or does not parse. */
  current?: unknown;
  /** restore-snapshot: the config that would be restored, parsed. */
  restoreTo?: unknown;
  /** remove-config-key without `key`: the keys the evidence names. */
  evidenceKeys?: string[];
}

/**
 * Config subtrees that decide exposure (from OpenClaw's docs); `*` is any one segment. A key inside one
 * of them, or above one (setting `gateway` or `channels.telegram` wholesale replaces it), is security.
 */
const SECURITY_PATHS: [string, string][] = [
  ['gateway.auth', 'gateway authentication (mode, token, password, trusted proxy)'],
  ['gateway.bind', 'the address the gateway listens on'],
  ['gateway.customBindHost', 'the address the gateway listens on'],
  ['gateway.tls', 'TLS'],
  ['gateway.trustedProxies', 'trusted proxies'],
  ['gateway.allowRealIpFallback', 'client-IP trust'],
  ['gateway.controlUi', 'Control UI origins and auth'],
  ['gateway.publicOrigin', 'the public origin'],
  ['gateway.tailscale', 'Tailscale serve/funnel exposure'],
  ['gateway.remote', 'remote gateway credentials'],
  ['gateway.http', 'the HTTP APIs'],
  ['gateway.tools', 'tools reachable over HTTP'],
  ['gateway.nodes', 'node pairing and node commands'],
  ['gateway.roles', 'operator roles'],
  ['channels.*.dmPolicy', 'who may DM the bot'],
  ['channels.*.allowFrom', 'who may DM the bot'],
  ['channels.*.groupPolicy', 'which groups the bot answers'],
  ['channels.*.groupAllowFrom', 'which groups the bot answers'],
  ['channels.*.accounts', 'channel accounts and their policies'],
  ['channels.defaults', 'default channel policies'],
  ['tools', 'tool permissions (exec, elevated, allow/deny)'],
  ['agents.*.sandbox', 'the agent sandbox'],
  ['agents.*.tools', 'agent tool permissions'],
  ['agents.entries.*.tools', 'agent tool permissions'],
  ['agents.entries.*.sandbox', 'the agent sandbox'],
  ['hooks', 'webhook ingress (token, allowed agents)'],
  ['plugins', 'plugins (code that runs in the gateway)'],
  ['discovery', 'network discovery (mDNS)'],
  ['terminal', 'the operator terminal'],
  ['browser', 'browser control'],
  ['secrets', 'secret providers'],
  ['session.dmScope', 'who shares a DM session'],
  ['logging.redactPatterns', 'log redaction'],
  ['models.providers', 'model providers (base URLs and API keys)'],
];

/** Key segments that name a security setting wherever they appear. */
const SECURITY_WORDS =
  /auth|token|passw|secret|credential|^key$|(?:api|private|access|signing|encrypt|master|public)_?key|cert|tls|ssl|bind|allow|deny|block|prox(?:y|ies)|origin|cors|polic|trust|dangerous|insecure|unsafe|elevated|sandbox|security|permission|scope|role|pairing|approve|owner|admin|funnel|tailscale|expose|public|baseurl|endpoint|webhook|redact/i;

/**
 * Keys a built-in or user case may set by itself under autoHeal=safe: they only decide whether and how the
 * local gateway starts and logs. Any other key may widen exposure in ways ClawDoc cannot judge.
 */
export const AUTO_SETTABLE_KEYS: ReadonlySet<string> = new Set(['gateway.mode', 'gateway.reload.mode', 'logging.level', 'logging.consoleLevel', 'logging.consoleStyle']);

function segmentsMatch(pattern: string[], key: string[]): boolean {
  return pattern.every((p, i) => p === '*' || p === key[i]);
}

/** Why a config key (dotted path) is security-relevant, or undefined. */
export function securityReason(key: string): string | undefined {
  const parts = key.split('.');
  for (const [path, what] of SECURITY_PATHS) {
    const p = path.split('.');
    // inside the subtree, or above it (replacing an ancestor replaces the subtree)
    if (parts.length >= p.length ? segmentsMatch(p, parts) : segmentsMatch(p.slice(0, parts.length), parts)) return `${key}: ${what}`;
  }
  const word = parts.find((s) => SECURITY_WORDS.test(s));
  if (word) return `${key}: "${word}" is a security setting`;
  return undefined;
}

/** Every dotted path inside a value (objects only; arrays count as leaves). */
function leafPaths(value: unknown, prefix: string, out: string[] = []): string[] {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (!keys.length) out.push(prefix);
    for (const k of keys) leafPaths((value as Record<string, unknown>)[k], prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) out.push(prefix);
  return out;
}

function valueAt(obj: unknown, path: string): unknown {
  let node = obj;
  for (const part of path.split('.')) {
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Security-relevant paths whose value differs between two configs. */
export function securityDiff(before: unknown, after: unknown): string[] {
  const paths = new Set([...leafPaths(before, ''), ...leafPaths(after, '')]);
  return [...paths].filter((p) => securityReason(p) && JSON.stringify(valueAt(before, p)) !== JSON.stringify(valueAt(after, p))).sort();
}


const safe = (): ActionSafety => ({ risk: 'safe', reasons: [] });
const review = (...reasons: string[]): ActionSafety => ({ risk: 'review', reasons });
const security = (...reasons: string[]): ActionSafety => ({ risk: 'security', reasons });

/**
 * Classifies one fix action. Without facts the answer is what can be said from the case alone (shown by
 * `clawdoc cases`); the doctor passes facts so restores and key removals are judged on the real files.
 */
export function classifyAction(a: Action, facts: ActionFacts = {}): ActionSafety {
  switch (a.type) {
    case 'restart-gateway':
    case 'stop-stale-gateway': // only an unresponsive OpenClaw gateway, verified by its command line
    case 'wait-rate-limit':
    case 'escalate':
      return safe();
    case 'restore-snapshot': {
      if (facts.current === undefined || facts.restoreTo === undefined) return safe(); // nothing readable to compare: the snapshot is the last config that ran healthy
      const changed = securityDiff(facts.current, facts.restoreTo);
      return changed.length ? security(`the snapshot would change security settings: ${changed.slice(0, 5).join(', ')}${changed.length > 5 ? ', …' : ''}`) : safe();
    }
    case 'set-config-key': {
      const value = typeof a.value === 'string' ? parseValue(a.value) : a.value; // as set-config-key writes it
      const touched = [a.key, ...(value && typeof value === 'object' && !Array.isArray(value) ? leafPaths(value, a.key) : [])];
      const sec = touched.map(securityReason).find((r) => r !== undefined);
      if (sec) return security(`sets ${sec}`);
      if (value === null) return review(`setting ${a.key} to null removes its value`);
      const current = valueAt(facts.current, a.key);
      if (current !== null && typeof current === 'object') return review(`${a.key} holds ${Array.isArray(current) ? 'a list' : 'an object'} that would be replaced`);
      if (value !== null && typeof value === 'object') return review(`sets ${a.key} to ${Array.isArray(value) ? 'a list' : 'an object'}`);
      if (!AUTO_SETTABLE_KEYS.has(a.key)) return review(`ClawDoc cannot tell that setting ${a.key} is harmless (it sets only ${[...AUTO_SETTABLE_KEYS].join(', ')} by itself)`);
      return safe();
    }
    case 'remove-config-key': {
      const keys = a.key ? [a.key] : facts.evidenceKeys;
      if (!keys) return security('removes a key named by log text, which could be any key (gateway.auth included)');
      const sec = keys.map(securityReason).find((r) => r !== undefined);
      if (sec) return security(`removes ${sec}`);
      return review(`removes ${keys.length ? keys.join(', ') : 'a key'} from the config (its value is lost from the file; ClawDoc keeps a backup)`);
    }
    case 'openclaw-doctor-fix':
      return review('`openclaw doctor --fix` may rewrite or drop any config key');
    case 'prune-logs':
      return review('deletes log files');
    case 'shell':
      return review('runs a command ClawDoc cannot inspect');
  }
}

export type AutoHeal = 'off' | 'safe' | 'all';

/** Why the action must wait for a person, or undefined when it may run now. */
export function approvalReason(o: { action: Action; caseId: string; caseApproval: 'auto' | 'always'; autoHeal: AutoHeal; facts?: ActionFacts }): string | undefined {
  if (o.action.type === 'escalate') return undefined;
  const s = classifyAction(o.action, o.facts);
  if (s.risk === 'security') return `${s.reasons.join('; ')} — security changes always wait for approval`;
  if (o.autoHeal === 'off') return 'autoHeal is off';
  if (o.autoHeal === 'all') return undefined;
  if (o.caseApproval === 'always') return `case ${o.caseId} always asks first`;
  if (s.risk === 'review') return s.reasons.join('; ');
  return undefined;
}

/** One word for `clawdoc cases list`: what its fixes do under autoHeal=safe. */
export function safetyLabel(actions: Action[], caseApproval: 'auto' | 'always'): 'auto' | 'partly asks' | 'asks' | 'asks (security)' {
  const risks = actions.filter((a) => a.type !== 'escalate').map((a) => classifyAction(a).risk);
  if (risks.includes('security')) return 'asks (security)';
  if (caseApproval === 'always' || (risks.length && risks.every((r) => r === 'review'))) return 'asks';
  return risks.includes('review') ? 'partly asks' : 'auto';
}
