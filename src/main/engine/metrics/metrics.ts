// ClawDoc's supervisor view in the Prometheus text format (prom-client), for `GET /metrics` on the
// dashboard's server. Counters and histograms follow the runtime's events; gauges are read from the
// runtime's status at scrape time, so a scrape always shows the state now. Every name starts with
// `clawdoc_`; labels are bounded: targets and alert channels come from the settings, states, verdicts and
// outcomes are fixed lists, and a case label is a case id from the library. OpenClaw's own gateway
// metrics (its diagnostics-prometheus plugin) are not repeated here.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ClawDocEvent, RuntimeStatus, TargetId } from '../../../shared/api.js';
import { GATEWAY_STATES, type ProbeResult, type ProbeVerdict } from '../../../shared/status.js';

/** What the metrics read from a runtime (structural: the runtime, or several targets' runtimes). */
export interface MetricsSource {
  subscribe(listener: (event: ClawDocEvent) => void): () => void;
  onProbe(listener: (target: TargetId, probe: ProbeResult) => void): () => void;
  /** One status per target. */
  statuses(): Promise<RuntimeStatus[]>;
}

const PROBE_VERDICTS: readonly ProbeVerdict[] = ['healthy', 'not-ready', 'starting', 'foreign', 'refused', 'timeout', 'error'];
const FIX_OUTCOMES = ['verified', 'rolled_back', 'proposed', 'escalated'] as const;

export interface ClawDocMetrics {
  readonly registry: Registry;
  /** The scrape body. */
  render(): Promise<string>;
  readonly contentType: string;
  close(): void;
}

export function createMetrics(source: MetricsSource, o: { version: string; processMetrics?: boolean } = { version: '0' }): ClawDocMetrics {
  const registry = new Registry();
  if (o.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'clawdoc_' });
  const known = new Set<TargetId>();

  new Gauge({ name: 'clawdoc_info', help: 'ClawDoc version (always 1).', labelNames: ['version'], registers: [registry] }).set({ version: o.version }, 1);

  let statuses: RuntimeStatus[] = [];
  new Gauge({
    name: 'clawdoc_gateway_state',
    help: 'The gateway state as ClawDoc sees it: 1 for the current state, 0 for the others.',
    labelNames: ['target', 'state'],
    registers: [registry],
    collect() {
      for (const s of statuses) for (const st of GATEWAY_STATES) this.set({ target: s.target, state: st }, s.gateway?.state === st ? 1 : 0);
    },
  });
  new Gauge({
    name: 'clawdoc_gateway_up',
    help: 'The gateway answers as OpenClaw (healthy or degraded): 1, else 0.',
    labelNames: ['target'],
    registers: [registry],
    collect() {
      for (const s of statuses) this.set({ target: s.target }, s.gateway && (s.gateway.state === 'healthy' || s.gateway.state === 'degraded') ? 1 : 0);
    },
  });
  new Gauge({
    name: 'clawdoc_watching',
    help: 'A ClawDoc watcher runs for the target: 1, else 0.',
    labelNames: ['target'],
    registers: [registry],
    collect() {
      for (const s of statuses) this.set({ target: s.target }, s.watching ? 1 : 0);
    },
  });
  new Gauge({
    name: 'clawdoc_crashes_in_window',
    help: 'Crashes the restart policy counts now (they decay after the crash window).',
    labelNames: ['target'],
    registers: [registry],
    collect() {
      for (const s of statuses) this.set({ target: s.target }, s.gateway?.crashesInWindow ?? 0);
    },
  });
  new Gauge({
    name: 'clawdoc_restarts_in_window',
    help: 'Restarts the breaker counts now.',
    labelNames: ['target'],
    registers: [registry],
    collect() {
      for (const s of statuses) this.set({ target: s.target }, s.gateway?.restartsInWindow ?? 0);
    },
  });
  new Gauge({
    name: 'clawdoc_gateway_resident_memory_bytes',
    help: "The gateway process's resident memory (absent when ClawDoc does not know its pid).",
    labelNames: ['target'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of statuses) if (s.gateway?.stats) this.set({ target: s.target }, s.gateway.stats.rssBytes);
    },
  });
  new Gauge({
    name: 'clawdoc_alert_outbox_size',
    help: 'Alerts waiting to be delivered (kept across restarts of ClawDoc).',
    labelNames: ['target'],
    registers: [registry],
    collect() {
      for (const s of statuses) this.set({ target: s.target }, s.alerts.outboxSize);
    },
  });
  new Gauge({
    name: 'clawdoc_doctor_pending_proposals',
    help: 'Fixes waiting for approval.',
    labelNames: ['target'],
    registers: [registry],
    collect() {
      for (const s of statuses) this.set({ target: s.target }, s.doctor.pendingProposals);
    },
  });

  const probeSeconds = new Histogram({
    name: 'clawdoc_probe_duration_seconds',
    help: 'How long a health probe took, by verdict.',
    labelNames: ['target', 'verdict'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const restarts = new Counter({ name: 'clawdoc_restarts_total', help: 'Restarts ClawDoc made, by result.', labelNames: ['target', 'result'], registers: [registry] });
  const crashes = new Counter({ name: 'clawdoc_crashes_total', help: 'Times the gateway process ended or hung while watched.', labelNames: ['target', 'kind'], registers: [registry] });
  const escalations = new Counter({ name: 'clawdoc_escalations_total', help: 'Times automatic restarts stopped and a person or the doctor had to act.', labelNames: ['target'], registers: [registry] });
  const fixes = new Counter({ name: 'clawdoc_doctor_fixes_total', help: "The doctor's fixes by case and outcome.", labelNames: ['target', 'case', 'outcome'], registers: [registry] });
  const recovery = new Histogram({
    name: 'clawdoc_recovery_seconds',
    help: 'From an incident opening to the gateway healthy again.',
    labelNames: ['target'],
    buckets: [5, 10, 15, 20, 30, 45, 60, 120, 300, 600, 1800],
    registers: [registry],
  });
  const deliveries = new Counter({ name: 'clawdoc_alert_deliveries_total', help: 'Alert messages sent, by channel and result.', labelNames: ['target', 'channel', 'result'], registers: [registry] });

  /** Series that exist from the first scrape, so `increase()` and alert rules see a zero, not nothing. */
  const introduce = (target: TargetId): void => {
    if (known.has(target)) return;
    known.add(target);
    for (const result of ['ok', 'failed']) restarts.inc({ target, result }, 0);
    for (const kind of ['exited', 'hung']) crashes.inc({ target, kind }, 0);
    escalations.inc({ target }, 0);
    recovery.zero({ target });
  };

  const offEvents = source.subscribe((e) => {
    introduce(e.target);
    const target = e.target;
    if (e.kind === 'watch') {
      const w = e.event;
      if (w.type === 'restart') restarts.inc({ target, result: 'ok' });
      else if (w.type === 'restart-failed') restarts.inc({ target, result: 'failed' });
      else if (w.type === 'exited') crashes.inc({ target, kind: 'exited' });
      else if (w.type === 'hung') crashes.inc({ target, kind: 'hung' });
      else if (w.type === 'escalated') escalations.inc({ target });
      else if (w.type === 'recovered' && typeof w.details?.downtimeMs === 'number') recovery.observe({ target }, w.details.downtimeMs / 1000);
    } else if (e.kind === 'doctor') {
      const d = e.event.details;
      const outcome: (typeof FIX_OUTCOMES)[number] | undefined =
        d.phase === 'verified' ? 'verified' : d.phase === 'rollback' ? 'rolled_back' : d.phase === 'proposal' ? 'proposed' : d.phase === 'escalate' ? 'escalated' : undefined;
      // An AI plan's id is per diagnosis (ai-plan-<record>): one label for all of them keeps the series bounded.
      if (outcome && 'caseId' in d) fixes.inc({ target, case: d.caseId.startsWith('ai-plan-') ? 'ai-plan' : d.caseId, outcome });
    } else if (e.kind === 'alert-delivery') {
      deliveries.inc({ target, channel: e.delivery.channel, result: e.delivery.ok ? 'ok' : 'failed' });
    }
  });
  const offProbes = source.onProbe((target, p) => {
    introduce(target);
    probeSeconds.observe({ target, verdict: PROBE_VERDICTS.includes(p.verdict) ? p.verdict : 'error' }, p.latencyMs / 1000);
  });

  return {
    registry,
    contentType: registry.contentType,
    async render() {
      statuses = await source.statuses();
      for (const s of statuses) introduce(s.target);
      return registry.metrics();
    },
    close() {
      offEvents();
      offProbes();
      registry.clear();
    },
  };
}
