import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gatewayIsDown, planOrder } from '../../../../src/main/engine/doctor/plan-order.js';

const c = (caseId: string) => ({ caseId });

test('conditions of a live gateway come after the cases that repair a cause, and are left out when it is down', () => {
  const ranked = [c('openclaw-restart-loop'), c('config-missing-mode'), c('channel-gave-up'), c('port-in-use')];
  assert.deepEqual(planOrder(ranked, false).map((x) => x.caseId), ['config-missing-mode', 'port-in-use', 'openclaw-restart-loop', 'channel-gave-up']);
  assert.deepEqual(planOrder(ranked, true).map((x) => x.caseId), ['config-missing-mode', 'port-in-use']);
  assert.deepEqual(planOrder([c('oauth-wedged')], true), []);
});

test('down: an exit was seen, or nothing of the gateway answers', () => {
  assert.equal(gatewayIsDown({ exited: true }), true);
  assert.equal(gatewayIsDown({ exited: false, probe: { verdict: 'refused', at: 0, latencyMs: 0 } }), true);
  assert.equal(gatewayIsDown({ exited: false, probe: { verdict: 'not-ready', at: 0, latencyMs: 0 } }), false);
  assert.equal(gatewayIsDown({ exited: false, probe: { verdict: 'timeout', at: 0, latencyMs: 0 } }), false, 'a hung process is not down: it is there');
  assert.equal(gatewayIsDown({ exited: false }), false);
});
