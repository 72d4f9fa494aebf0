// Which fixes may run without a person: the one rule (action-safety.ts), on OpenClaw's real keys.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { approvalReason, classifyAction, safetyLabel, securityDiff, securityReason } from '../../../../src/main/engine/doctor/action-safety.js';
import type { Action } from '../../../../src/main/engine/doctor/cases/case-schema.js';
import { BUILTIN_CASES } from '../../../../src/main/engine/doctor/cases/builtin.js';

// From OpenClaw's docs: gateway/config-gateway.md, gateway/security/audit-checks.md, config-channels/*.
const SECURITY_KEYS = [
  'gateway.auth.mode',
  'gateway.auth.token',
  'gateway.auth.password',
  'gateway.auth.trustedProxy.allowLoopback',
  'gateway.auth.rateLimit',
  'gateway.bind',
  'gateway.customBindHost',
  'gateway.tls.enabled',
  'gateway.tls.keyPath',
  'gateway.trustedProxies',
  'gateway.allowRealIpFallback',
  'gateway.controlUi.allowedOrigins',
  'gateway.controlUi.dangerouslyAllowHostHeaderOriginFallback',
  'gateway.tailscale.mode',
  'gateway.http.endpoints.chatCompletions.enabled',
  'gateway.nodes.commands.allow',
  'gateway.nodes.pairing.autoApproveLocal',
  'gateway.remote.token',
  'gateway.tools.allow',
  'channels.telegram.dmPolicy',
  'channels.telegram.allowFrom',
  'channels.discord.groupPolicy',
  'channels.whatsapp.groupAllowFrom',
  'channels.slack.accounts.work.dmPolicy',
  'channels.defaults.groupPolicy',
  'channels.telegram.botToken',
  'tools.elevated.allowFrom.telegram',
  'tools.exec.security',
  'tools.profile',
  'agents.defaults.sandbox.mode',
  'agents.entries.main.tools.exec.security',
  'hooks.token',
  'plugins.allow',
  'discovery.mdns.mode',
  'models.providers.openai.baseUrl',
  'models.providers.openai.apiKey',
  'logging.redactPatterns',
  'session.dmScope',
  'terminal.enabled',
  // replacing an ancestor replaces the whole subtree
  'gateway',
  'channels',
  'channels.telegram',
  'tools',
  'agents.defaults',
];

const set = (key: string, value: string | number | boolean | null): Action => ({ type: 'set-config-key', key, value });

test('every security-relevant key from the docs is recognised (and ancestors of them too)', () => {
  for (const key of SECURITY_KEYS) assert.ok(securityReason(key), key);
  for (const key of ['gateway.mode', 'gateway.reload.mode', 'gateway.port', 'logging.level', 'agents.defaults.model', 'gateway.bogusKey']) assert.equal(securityReason(key), undefined, key);
});

test('set-config-key: security keys always wait, whatever the case or autoHeal says', () => {
  for (const key of SECURITY_KEYS) {
    const a = set(key, 'none');
    assert.equal(classifyAction(a).risk, 'security', key);
    for (const autoHeal of ['off', 'safe', 'all'] as const) {
      const why = approvalReason({ action: a, caseId: 'evil', caseApproval: 'auto', autoHeal });
      assert.match(why ?? '', /security changes always wait/, `${key} under autoHeal=${autoHeal}`);
    }
  }
  // a harmless-looking key whose value (a JSON object) reaches into a security subtree
  assert.equal(classifyAction(set('gateway.reload', '{"mode":"off","auth":{"mode":"none"}}')).risk, 'security');
});

test('set-config-key: only the keys ClawDoc understands run by themselves; others wait under safe, run under all', () => {
  assert.equal(classifyAction(set('gateway.mode', 'local')).risk, 'safe');
  assert.equal(approvalReason({ action: set('gateway.mode', 'local'), caseId: 'c', caseApproval: 'auto', autoHeal: 'safe' }), undefined);
  for (const a of [set('gateway.port', 18790), set('agents.defaults.model', 'x'), set('gateway.mode', null), set('gateway.reload.mode', '{"a":1}')]) {
    assert.equal(classifyAction(a).risk, 'review', JSON.stringify(a));
    assert.ok(approvalReason({ action: a, caseId: 'c', caseApproval: 'auto', autoHeal: 'safe' }), JSON.stringify(a));
    assert.equal(approvalReason({ action: a, caseId: 'c', caseApproval: 'auto', autoHeal: 'all' }), undefined, JSON.stringify(a));
  }
  // replacing an object the config holds loses what was in it
  assert.equal(classifyAction(set('gateway.mode', 'local'), { current: { gateway: { mode: { nested: true } } } }).risk, 'review');
});

test('remove-config-key: always waits under safe; a security key or an unknown one waits always', () => {
  const named = { type: 'remove-config-key', key: 'gateway.bogusKey' } as const;
  assert.equal(classifyAction(named).risk, 'review');
  assert.ok(approvalReason({ action: named, caseId: 'c', caseApproval: 'auto', autoHeal: 'safe' }));
  assert.equal(approvalReason({ action: named, caseId: 'c', caseApproval: 'auto', autoHeal: 'all' }), undefined);
  assert.equal(classifyAction({ type: 'remove-config-key', key: 'gateway.auth' }).risk, 'security');
  const fromLog = { type: 'remove-config-key' } as const;
  assert.equal(classifyAction(fromLog).risk, 'security', 'log text could name any key');
  assert.equal(classifyAction(fromLog, { evidenceKeys: ['gateway.auth.token'] }).risk, 'security');
  assert.equal(classifyAction(fromLog, { evidenceKeys: ['gateway.bogusKey'] }).risk, 'review');
});

test('restore-snapshot: safe unless the snapshot would change a security setting', () => {
  const r = { type: 'restore-snapshot' } as const;
  const current = { gateway: { mode: 'local', port: 1, auth: { mode: 'token', token: 'long-secret-token' } } };
  assert.equal(classifyAction(r, { current, restoreTo: { ...current, gateway: { ...current.gateway, port: 2 } } }).risk, 'safe');
  const weaker = classifyAction(r, { current, restoreTo: { gateway: { mode: 'local', port: 1, auth: { mode: 'none' } } } });
  assert.equal(weaker.risk, 'security');
  assert.match(weaker.reasons[0]!, /gateway\.auth\.mode/);
  assert.equal(classifyAction(r, { current: undefined, restoreTo: current }).risk, 'safe', 'an unreadable config: nothing to compare');
  assert.deepEqual(securityDiff({ channels: { telegram: { dmPolicy: 'pairing' } } }, { channels: { telegram: { dmPolicy: 'open', allowFrom: ['*'] } } }), ['channels.telegram.allowFrom', 'channels.telegram.dmPolicy']);
});

test('data-losing or opaque actions wait under autoHeal=safe; escalate never waits; a case can tighten, never loosen', () => {
  for (const a of [{ type: 'openclaw-doctor-fix' }, { type: 'prune-logs' }, { type: 'shell', command: 'true' }] as Action[]) assert.equal(classifyAction(a).risk, 'review');
  for (const a of [{ type: 'restart-gateway' }, { type: 'stop-stale-gateway' }, { type: 'wait-rate-limit' }] as Action[]) {
    assert.equal(approvalReason({ action: a, caseId: 'c', caseApproval: 'auto', autoHeal: 'safe' }), undefined);
    assert.match(approvalReason({ action: a, caseId: 'c', caseApproval: 'always', autoHeal: 'safe' }) ?? '', /always asks/);
    assert.equal(approvalReason({ action: a, caseId: 'c', caseApproval: 'auto', autoHeal: 'off' }), 'autoHeal is off');
  }
  assert.equal(approvalReason({ action: { type: 'escalate' }, caseId: 'c', caseApproval: 'always', autoHeal: 'off' }), undefined);
});

test('labels for `clawdoc cases`: the built-ins that must keep healing by themselves still do', () => {
  const label = (id: string) => {
    const c = BUILTIN_CASES.find((x) => x.id === id)!;
    return safetyLabel(c.fix, c.approval);
  };
  assert.equal(label('config-missing-mode'), 'auto');
  assert.equal(label('heap-oom'), 'auto');
  assert.equal(label('config-truncated'), 'partly asks');
  assert.equal(label('config-mode-remote'), 'asks');
  assert.equal(safetyLabel([set('gateway.auth.mode', 'none')], 'auto'), 'asks (security)');
});
