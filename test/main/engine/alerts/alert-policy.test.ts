// Which events alert, deduplication per incident, reminders, recovered, quiet hours, maintenance.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { WatchEvent } from '../../../../src/shared/status.js';
import { AlertPolicy, inQuietHours } from '../../../../src/main/engine/alerts/alert-policy.js';
import { AlertPolicySchema } from '../../../../src/main/engine/settings/alerts-schema.js';
import { AlertStateStore } from '../../../../src/main/engine/alerts/outbox.js';
import { escalationEvent, T0 } from './fixtures.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function policy(p: Record<string, unknown> = {}, dir?: string) {
  const d = dir ?? mkdtempSync(join(tmpdir(), 'clawdoc-policy-'));
  dirs.push(d);
  return { policy: new AlertPolicy(AlertPolicySchema.parse(p), new AlertStateStore(d)), dir: d };
}

const recovered = (id = 'inc-1', ts = T0 + 60_000): WatchEvent => ({ ts, type: 'recovered', reason: 'gateway healthy again after 60s (1 restart)', details: { incidentId: id, downtimeMs: 60_000, restarts: 1 } });
const restart = (ts = T0): WatchEvent => ({ ts, type: 'restart', reason: 'restarted the gateway', incidentId: 'inc-2' });
const local = (h: number, m = 0) => new Date(2026, 10, 24, h, m).getTime();

test('escalation only by default: one alert per incident, however often it escalates again', () => {
  const { policy: p } = policy();
  assert.deepEqual(p.onEvent(restart(), T0), []);
  assert.deepEqual(p.onEvent({ ts: T0, type: 'memory-warning', reason: 'memory 1200 MB' }, T0).length, 0);
  assert.equal(p.onEvent(escalationEvent(), T0)[0]?.kind, 'escalated');
  assert.deepEqual(p.onEvent(escalationEvent({ ts: T0 + 5000 }), T0 + 5000), []);
  assert.deepEqual(p.onEvent(escalationEvent({ ts: T0 + 9000 }), T0 + 9000), []);
  assert.equal(p.onEvent(recovered(), T0 + 60_000)[0]?.kind, 'recovered');
  // A new incident alerts again.
  assert.equal(p.onEvent(escalationEvent({ incidentId: 'inc-9' }), T0 + 120_000)[0]?.kind, 'escalated');
});

test('dedup survives a restart of ClawDoc (state on disk)', () => {
  const { policy: p, dir } = policy();
  assert.equal(p.onEvent(escalationEvent(), T0).length, 1);
  const again = policy({}, dir).policy;
  assert.deepEqual(again.onEvent(escalationEvent({ ts: T0 + 1000 }), T0 + 1000), []);
  assert.equal(again.onEvent(recovered(), T0 + 2000)[0]?.kind, 'recovered');
});

test('a reminder every remindEveryMin while the escalation lasts, none after it ends', () => {
  const { policy: p } = policy({ remindEveryMin: 30 });
  p.onEvent(escalationEvent(), T0);
  assert.deepEqual(p.tick(T0 + 29 * 60_000, true), []);
  assert.equal(p.tick(T0 + 30 * 60_000, true)[0]?.kind, 'reminder');
  assert.deepEqual(p.tick(T0 + 45 * 60_000, true), []);
  assert.equal(p.tick(T0 + 60 * 60_000, true)[0]?.kind, 'reminder');
  assert.deepEqual(p.tick(T0 + 95 * 60_000, false), [], 'no reminder while not escalated');
  p.onEvent(recovered(), T0 + 96 * 60_000);
  assert.deepEqual(p.tick(T0 + 200 * 60_000, true), []);
});

test('remindEveryMin 0 never reminds', () => {
  const { policy: p } = policy({ remindEveryMin: 0 });
  p.onEvent(escalationEvent(), T0);
  assert.deepEqual(p.tick(T0 + 24 * 60 * 60_000, true), []);
});

test('no "recovered" for an incident nobody was told about', () => {
  const { policy: p } = policy();
  assert.deepEqual(p.onEvent(recovered('inc-quiet'), T0), []);
});

test('optional events: every restart and memory warning, and their incident earns a "recovered"', () => {
  const { policy: p } = policy({ events: ['escalated', 'restart', 'memory-warning'] });
  assert.equal(p.onEvent(restart(), T0)[0]?.kind, 'event');
  assert.equal(p.onEvent({ ts: T0, type: 'memory-warning', reason: 'memory 1200 MB' }, T0)[0]?.kind, 'event');
  assert.equal(p.onEvent(recovered('inc-2'), T0 + 1000)[0]?.kind, 'recovered');
});

test('quiet hours (overnight) silence the escalation; it goes out when they end if it still lasts', () => {
  assert.equal(inQuietHours({ start: '22:00', end: '07:00' }, local(23, 30)), true);
  assert.equal(inQuietHours({ start: '22:00', end: '07:00' }, local(3)), true);
  assert.equal(inQuietHours({ start: '22:00', end: '07:00' }, local(7)), false);
  assert.equal(inQuietHours({ start: '12:00', end: '13:00' }, local(12, 30)), true);
  const { policy: p } = policy({ quietHours: { start: '22:00', end: '07:00' }, remindEveryMin: 0 });
  const ev = escalationEvent({ ts: local(2) });
  assert.deepEqual(p.onEvent(ev, local(2)), []);
  assert.deepEqual(p.tick(local(6, 59), true), []);
  const out = p.tick(local(7, 1), true);
  assert.equal(out[0]?.kind, 'escalated');
  assert.deepEqual(p.tick(local(7, 2), true), [], 'once');
});

test('an escalation that ends inside quiet hours is never sent, nor its "recovered"', () => {
  const { policy: p } = policy({ quietHours: { start: '22:00', end: '07:00' } });
  p.onEvent(escalationEvent({ ts: local(2) }), local(2));
  assert.deepEqual(p.onEvent(recovered('inc-1', local(3)), local(3)), []);
  assert.deepEqual(p.tick(local(8), true), []);
});

test('a maintenance window silences alerts', () => {
  const start = new Date(T0 - 3600_000).toISOString();
  const end = new Date(T0 + 3600_000).toISOString();
  const { policy: p } = policy({ maintenance: [{ start, end, reason: 'upgrading OpenClaw' }] });
  assert.deepEqual(p.silence(T0), { silenced: true, reason: 'maintenance: upgrading OpenClaw' });
  assert.deepEqual(p.onEvent(escalationEvent(), T0), []);
  assert.equal(p.tick(T0 + 3600_000 + 1, true)[0]?.kind, 'escalated');
});
