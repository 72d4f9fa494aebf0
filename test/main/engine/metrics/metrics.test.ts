// The metrics follow the runtime's events and read its status at scrape time: names under clawdoc_,
// bounded labels, series present at zero before anything happened.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import type { ClawDocEvent, RuntimeStatus, TargetId } from '../../../../src/shared/api.js';
import { GATEWAY_STATES, type ProbeResult, type StatusSnapshot } from '../../../../src/shared/status.js';
import { createMetrics, type MetricsSource } from '../../../../src/main/engine/metrics/metrics.js';

function source() {
  const bus = new EventEmitter();
  let status: RuntimeStatus = runtimeStatus('healthy');
  const src: MetricsSource = {
    subscribe: (l) => (bus.on('e', l), () => bus.off('e', l)),
    onProbe: (l) => (bus.on('p', l), () => bus.off('p', l)),
    statuses: async () => [status],
  };
  return {
    src,
    emit: (e: ClawDocEvent) => bus.emit('e', e),
    probe: (target: TargetId, p: ProbeResult) => bus.emit('p', target, p),
    setStatus: (s: RuntimeStatus) => (status = s),
  };
}

function runtimeStatus(state: StatusSnapshot['state'], extra: Partial<StatusSnapshot> = {}): RuntimeStatus {
  return {
    target: 'default',
    watching: true,
    gateway: { state, since: 1, reason: 'r', manage: 'child', port: 18789, updatedAt: 2, restartsInWindow: 2, crashesInWindow: 1, stats: { pid: 5, rssBytes: 750_000_000, cpuPercent: 3 }, ...extra },
    doctor: { enabled: true, autoHeal: 'safe', busy: false, pendingProposals: 1 },
    alerts: { enabled: true, outboxSize: 3, channels: [] },
    problems: [],
    dataDir: '/x',
  };
}

function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : undefined;
}

test('gauges read the status at scrape time; counters start at zero and follow the events', async () => {
  const s = source();
  const m = createMetrics(s.src, { version: '9.9.9', processMetrics: false });
  let text = await m.render();
  assert.equal(value(text, 'clawdoc_gateway_state{target="default",state="healthy"}'), 1);
  for (const st of GATEWAY_STATES.filter((x) => x !== 'healthy')) assert.equal(value(text, `clawdoc_gateway_state{target="default",state="${st}"}`), 0);
  assert.equal(value(text, 'clawdoc_gateway_up{target="default"}'), 1);
  assert.equal(value(text, 'clawdoc_gateway_resident_memory_bytes{target="default"}'), 750_000_000);
  assert.equal(value(text, 'clawdoc_crashes_in_window{target="default"}'), 1);
  assert.equal(value(text, 'clawdoc_alert_outbox_size{target="default"}'), 3);
  assert.equal(value(text, 'clawdoc_doctor_pending_proposals{target="default"}'), 1);
  assert.equal(value(text, 'clawdoc_restarts_total{target="default",result="ok"}'), 0, 'present at zero: increase() and the rules see it');
  assert.equal(value(text, 'clawdoc_escalations_total{target="default"}'), 0);
  assert.equal(value(text, 'clawdoc_info{version="9.9.9"}'), 1);

  s.emit({ kind: 'watch', target: 'default', at: 1, event: { ts: 1, type: 'exited', reason: 'exit -9' } });
  s.emit({ kind: 'watch', target: 'default', at: 2, event: { ts: 2, type: 'restart', reason: 'crash' } });
  s.emit({ kind: 'watch', target: 'default', at: 3, event: { ts: 3, type: 'recovered', reason: 'ok', details: { downtimeMs: 11_500 } } });
  s.emit({ kind: 'watch', target: 'default', at: 4, event: { ts: 4, type: 'escalated', reason: 'breaker' } });
  s.emit({ kind: 'doctor', target: 'default', at: 5, event: { ts: 5, type: 'doctor', reason: 'fixed', details: { phase: 'verified', caseId: 'port-in-use', recordId: 'r', changeIds: [] } } as never });
  // AI plans (one id per diagnosis) share one label
  for (const r of ['r1', 'r2']) s.emit({ kind: 'doctor', target: 'default', at: 5, event: { ts: 5, type: 'doctor', reason: 'fixed', details: { phase: 'verified', caseId: `ai-plan-${r}`, recordId: r, changeIds: [] } } as never });
  s.emit({ kind: 'alert-delivery', target: 'default', at: 6, delivery: { channel: 'ops', at: 6, ok: false, text: 'HTTP 500', alerts: 1 } });
  s.probe('default', { verdict: 'healthy', at: 7, latencyMs: 12 });
  s.probe('default', { verdict: 'timeout', at: 8, latencyMs: 3000 });
  s.setStatus(runtimeStatus('escalated', { stats: undefined }));
  text = await m.render();
  assert.equal(value(text, 'clawdoc_restarts_total{target="default",result="ok"}'), 1);
  assert.equal(value(text, 'clawdoc_crashes_total{target="default",kind="exited"}'), 1);
  assert.equal(value(text, 'clawdoc_escalations_total{target="default"}'), 1);
  assert.equal(value(text, 'clawdoc_recovery_seconds_sum{target="default"}'), 11.5);
  assert.equal(value(text, 'clawdoc_recovery_seconds_bucket{le="15",target="default"}'), 1);
  assert.equal(value(text, 'clawdoc_recovery_seconds_bucket{le="10",target="default"}'), 0);
  assert.equal(value(text, 'clawdoc_doctor_fixes_total{target="default",case="port-in-use",outcome="verified"}'), 1);
  assert.equal(value(text, 'clawdoc_doctor_fixes_total{target="default",case="ai-plan",outcome="verified"}'), 2);
  assert.ok(!text.includes('ai-plan-r1'), 'no label per AI plan');
  assert.equal(value(text, 'clawdoc_alert_deliveries_total{target="default",channel="ops",result="failed"}'), 1);
  assert.equal(value(text, 'clawdoc_probe_duration_seconds_count{target="default",verdict="healthy"}'), 1);
  assert.equal(value(text, 'clawdoc_probe_duration_seconds_bucket{le="5",target="default",verdict="timeout"}'), 1);
  assert.equal(value(text, 'clawdoc_gateway_state{target="default",state="escalated"}'), 1);
  assert.equal(value(text, 'clawdoc_gateway_up{target="default"}'), 0);
  assert.equal(value(text, 'clawdoc_gateway_resident_memory_bytes{target="default"}'), undefined, 'no pid, no figure (not a stale one)');
  m.close();
});

test('every name is under clawdoc_ and the labels are bounded', async () => {
  const s = source();
  const m = createMetrics(s.src, { version: '1' });
  for (let i = 0; i < 500; i++) s.probe('default', { verdict: 'refused', at: i, latencyMs: i, detail: `connect ECONNREFUSED 127.0.0.1:${i}` });
  const text = await m.render();
  const names = new Set(text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => /^[a-zA-Z_:][\w:]*/.exec(l)![0]));
  for (const n of names) assert.match(n, /^clawdoc_/, n);
  assert.ok(names.has('clawdoc_process_resident_memory_bytes'), "ClawDoc's own memory");
  const probeSeries = text.split('\n').filter((l) => l.startsWith('clawdoc_probe_duration_seconds_count'));
  assert.equal(probeSeries.length, 1, 'a probe detail never becomes a label');
  m.close();
});
