// The supervisor contract's pieces that need no gateway: the environment child mode gives the gateway, and
// the restart-handoff answers (shapes observed from the installed OpenClaw 2026.9.6, see the real-gateway test).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateSettings } from '../../../../src/main/engine/settings/settings.js';
import { HandoffClient, OPENCLAW_DRAIN_MS, parseCapabilities, parseConsume, supervisedEnv } from '../../../../src/main/engine/manage/supervisor-contract.js';
import type { Runner } from '../../../../src/main/engine/util/exec.js';

describe('OpenClaw supervisor contract (no gateway)', () => {
  it('child mode declares itself: external supervisor and repair policy; NO_RESPAWN only without a handoff', () => {
    const base = { PATH: '/bin', OPENCLAW_NO_RESPAWN: '1' };
    const withHandoff = supervisedEnv(base, { handoff: true });
    assert.equal(withHandoff.OPENCLAW_SUPERVISOR_MODE, 'external');
    assert.equal(withHandoff.OPENCLAW_SERVICE_REPAIR_POLICY, 'external');
    assert.equal(withHandoff.OPENCLAW_NO_RESPAWN, undefined, 'a restart must come back as a clean exit with a handoff');
    const without = supervisedEnv({ PATH: '/bin' }, { handoff: false });
    assert.equal(without.OPENCLAW_SUPERVISOR_MODE, 'external');
    assert.equal(without.OPENCLAW_NO_RESPAWN, '1', 'without a handoff OpenClaw restarts in-process');
    const userSaid = supervisedEnv(base, { handoff: true, userEnv: { OPENCLAW_NO_RESPAWN: '1' } });
    assert.equal(userSaid.OPENCLAW_NO_RESPAWN, '1', "the user's own setting is kept");
    assert.equal(base.OPENCLAW_NO_RESPAWN, '1', 'the base env is not modified');
  });

  it("the drain budget defaults to OpenClaw's own (315 s, its log: drain=315000ms)", () => {
    assert.equal(OPENCLAW_DRAIN_MS, 315_000);
    assert.equal(validateSettings({}).watch.drainTimeoutSec * 1000, OPENCLAW_DRAIN_MS);
  });

  it('parses restart-handoff capabilities and consume answers', () => {
    const caps = '{\n  "ok": true,\n  "protocol": "openclaw.gateway.restart-handoff",\n  "protocolVersion": 1,\n  "operations": [\n    "consume"\n  ]\n}\n';
    assert.deepEqual(parseCapabilities(caps), { ok: true, protocolVersion: 1, operations: ['consume'] });
    assert.equal(parseCapabilities(caps.replace('"protocolVersion": 1', '"protocolVersion": 2')).ok, false, 'only protocol 1 is spoken');
    assert.equal(parseCapabilities("error: unknown command 'restart-handoff'").ok, false);
    assert.equal(parseConsume('{"ok":true,"protocol":"openclaw.gateway.restart-handoff","protocolVersion":1,"status":"accepted","handoff":{"pid":15859}}', 0).status, 'accepted');
    assert.deepEqual(parseConsume('{"ok":false,"reason":"invalid-expected-pid"}', 2), { status: 'refused', reason: 'invalid-expected-pid' });
    assert.equal(parseConsume('', 1).status, 'unknown');
  });

  it('negotiates once and keeps the answer; a missing CLI is no handoff', async () => {
    let calls = 0;
    const runner: Runner = async (_f, args) => {
      calls++;
      assert.deepEqual(args, ['gateway', 'restart-handoff', 'capabilities', '--json']);
      return { code: 0, signal: null, stdout: '{"ok":true,"protocol":"openclaw.gateway.restart-handoff","protocolVersion":1,"operations":["consume"]}', stderr: '', timedOut: false };
    };
    const client = new HandoffClient('openclaw', () => ({}), 1000, runner);
    assert.equal(client.current(), undefined);
    const [a, b] = await Promise.all([client.negotiate(), client.negotiate()]);
    assert.equal(a.ok && b.ok, true);
    assert.equal(calls, 1);
    const missing = new HandoffClient('/nonexistent/openclaw', () => ({}), 1000, async () => ({ code: null, signal: null, stdout: '', stderr: '', timedOut: false, error: 'spawn ENOENT' }));
    assert.equal((await missing.negotiate()).ok, false);
  });
});
