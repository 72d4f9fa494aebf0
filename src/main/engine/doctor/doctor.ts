// The doctor (level 3). When the watchdog escalates it gathers evidence, ranks the matching cases, and
// tries their fixes one by one: apply (backup first) → restart → the gateway must be healthy within a
// timeout, or the fix is rolled back and the next one is tried. Fixes that could lose data (or all of
// them with autoHeal=off), and any that touch security whatever the settings (action-safety.ts), become
// proposals that wait for `clawdoc approve`. Every diagnosis is recorded.
import { LIVE_CONDITION_CASES } from './cases/builtin.js';
import { gatewayIsDown, planOrder } from './plan-order.js';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import type { Escalation, PortHolder, ProbeResult, StatusSnapshot, WatchEvent } from '../../../shared/status.js';
import type { DoctorEvent, DoctorPhaseDetails } from '../../../shared/doctor.js';
import { findPortHolder } from '../gateway/processes.js';
import { probeGateway } from '../gateway/probe.js';
import type { GatewayManager } from '../manage/manager.js';
import type { Settings } from '../settings/settings.js';
import type { History } from '../store/history-log.js';
import type { Runner } from '../util/exec.js';
import type { CrashReport, CrashVerdict, WatchdogHooks } from '../watchdog/watchdog.js';
import { actionFacts, applyAction, describeAction, precondition, rollbackChanges, type ActionContext } from './actions.js';
import { approvalReason } from './action-safety.js';
import { Matcher, type Candidate } from './cases/matcher.js';
import type { Action, Case } from './cases/case-schema.js';
import { CaseStore } from './cases/case-store.js';
import { ChangeLog } from './changes.js';
import { checkConfig, hashText } from './config-check.js';
import { parseConfigText } from '../openclaw/config-file.js';
import { EvidenceCollector, evidenceLines, portHolderKind, type Evidence } from './evidence.js';
import { ProposalQueue, type Proposal } from './proposals.js';
import { DoctorRecords, type AttemptRecord, type DoctorRecord, type EvidenceSummary } from './records.js';
import { SnapshotStore } from './snapshots.js';
import { getOwn } from '../util/own.js';
import type { AiPlan } from '../../../shared/ai.js';
import { AiAdvisor } from './ai/advisor.js';
import type { SecretStore } from '../alerts/secrets.js';
import { buildLearnedCase } from './ai/learn.js';

/** What the doctor needs from the watchdog (its public API plus the small hook). */
export interface WatchdogLike {
  on(event: 'event', listener: (e: WatchEvent) => void): unknown;
  off(event: 'event', listener: (e: WatchEvent) => void): unknown;
  snapshot(): StatusSnapshot;
  requestRestart(reason?: string): Promise<void>;
  hold(reason: string | undefined): void;
  setHooks(hooks: WatchdogHooks): void;
}

export interface DoctorOptions {
  settings: Settings;
  dataDir: string;
  configPath: string;
  stateDir: string;
  fileLogDir: string;
  watchdog: WatchdogLike;
  manager: Pick<GatewayManager, 'pid' | 'lastOutput' | 'mode'>;
  history?: History;
  env?: NodeJS.ProcessEnv;
  systemdUnit?: string;
  probe?: () => Promise<ProbeResult>;
  portHolder?: (port: number) => Promise<PortHolder | null>;
  runner?: Runner;
  /** How often the logs are read while nothing happens (they rotate and are pruned). */
  logPollMs?: number;
  /** The AI's HTTP client (default: fetch). */
  aiFetch?: typeof fetch;
  /** ClawDoc's secrets (the AI endpoint's key; redaction of the prompt). */
  secrets?: SecretStore;
}

/** The id under which an AI's plan runs (never stored as a case: the learned case is made after it worked). */
export const AI_PLAN_PREFIX = 'ai-plan-';

/** An AI's plan as the doctor runs it: a case of its own actions, never stored. */
export function aiPlanCase(recordId: string, plan: AiPlan): Case {
  const short = (s: string) => (s.length > 150 ? `${s.slice(0, 149)}…` : s);
  return {
    id: `${AI_PLAN_PREFIX}${recordId}`.slice(0, 64),
    title: { en: short(`AI plan: ${plan.summary}`), zh: short(`AI 方案：${plan.summary}`) },
    description: { en: plan.rootCause.slice(0, 2000) || '—', zh: plan.rootCause.slice(0, 2000) || '—' },
    severity: 'high',
    match: { signatures: [], patterns: [], exitCodes: [], failing: [], findings: [], causes: [], keywords: [] },
    fix: plan.actions as Action[],
    priority: 0,
    enabled: true,
    approval: 'auto',
    attempts: 0,
    successes: 0,
    references: [],
    origin: 'learned',
  };
}

/** Findings the gateway certainly refuses to start with (safe to fix before a start). */
const PRE_START_CERTAIN = new Set(['config-unparseable', 'config-missing', 'gateway-mode-missing', 'port-invalid']);
const PRE_START_ACTIONS = new Set(['restore-snapshot', 'set-config-key', 'remove-config-key']);

function failKey(caseId: string, action: Action, hash: string | null | undefined): string {
  return `${caseId}|${JSON.stringify(action)}|${hash ?? ''}`;
}

export interface Diagnosis {
  evidence: Evidence;
  candidates: Candidate[];
  diagnoseMs: number;
}

export function summarizeEvidence(e: Evidence): EvidenceSummary {
  return {
    trigger: e.trigger,
    cause: e.cause,
    reason: e.reason,
    exitCode: e.exitCode,
    lastOutput: e.lastOutput.slice(-20),
    logLines: e.logLines.slice(-20).map((l) => l.slice(0, 500)),
    failing: e.failing,
    findings: e.config?.findings ?? [],
    portHolder: e.portHolder,
    memory: e.memory,
    disk: e.disk,
    sources: e.sources,
    gatherMs: e.durationMs,
  };
}

function matchInput(e: Evidence, textOnly: boolean) {
  return { lines: evidenceLines(e), exitCode: e.exitCode, cause: e.cause, failing: e.failing, findings: textOnly ? undefined : e.config?.findings.map((f) => f.code), portHolder: portHolderKind(e) };
}

/** Matches evidence against the cases (pure; used by the CLI and the benchmark). */
export function matchEvidence(e: Evidence, matcher: Matcher, textOnly = false): Candidate[] {
  return matcher.match(matchInput(e, textOnly));
}

/** The same, yielding to the event loop while it works (the watcher: probes and alerts keep running). */
export function matchEvidenceAsync(e: Evidence, matcher: Matcher, textOnly = false): Promise<Candidate[]> {
  return matcher.matchAsync(matchInput(e, textOnly));
}

export class Doctor extends EventEmitter<{ event: [DoctorEvent] }> {
  readonly store: CaseStore;
  readonly snapshots: SnapshotStore;
  readonly changes: ChangeLog;
  readonly proposals: ProposalQueue;
  readonly records: DoctorRecords;
  readonly evidence: EvidenceCollector;
  readonly ai: AiAdvisor;
  private readonly settings: Settings;
  private readonly probeFn: () => Promise<ProbeResult>;
  private readonly holderFn: (port: number) => Promise<PortHolder | null>;
  private busy = false;
  private captured?: string;
  private readonly givenUp = new Map<string, number>();
  private timers: NodeJS.Timeout[] = [];
  private applying?: Promise<void>;
  private readonly listener = (e: WatchEvent) => void this.onEvent(e);
  private waiters = new Set<(e: WatchEvent) => void>();
  private disposed = false;
  /** A fix made before a start, verified by that start. */
  private preStart?: { record: DoctorRecord; caseId: string; action: Action; changeIds: string[]; startedAt: number; detail: string; hashBefore: string | null };
  /** Fixes that did not help for a given broken config (case|action|config hash): not tried again. */
  private readonly failed = new Set<string>();

  constructor(private readonly options: DoctorOptions) {
    super();
    this.settings = options.settings;
    this.store = new CaseStore(options.dataDir, () => this.settings.doctor.approvedCommands);
    this.snapshots = new SnapshotStore(options.dataDir, this.settings.doctor.snapshotsKeep);
    this.changes = new ChangeLog(options.dataDir);
    this.proposals = new ProposalQueue(options.dataDir);
    this.records = new DoctorRecords(options.dataDir);
    const target = { host: this.settings.gateway.host, port: this.settings.gateway.port, timeoutMs: Math.round(this.settings.watch.probeTimeoutSec * 1000) };
    this.probeFn = options.probe ?? (() => probeGateway(target));
    this.holderFn = options.portHolder ?? findPortHolder;
    this.evidence = new EvidenceCollector({
      dataDir: options.dataDir,
      configPath: options.configPath,
      stateDir: options.stateDir,
      fileLogDir: options.fileLogDir,
      port: this.settings.gateway.port,
      extraLogFiles: this.settings.doctor.extraLogFiles,
      systemdUnit: options.systemdUnit,
      portHolder: this.holderFn,
      runner: options.runner,
    });
    this.ai = new AiAdvisor({ settings: this.settings, dataDir: options.dataDir, configPath: options.configPath, env: options.env ?? process.env, fetchImpl: options.aiFetch, secrets: options.secrets });
  }

  start(): void {
    this.options.watchdog.on('event', this.listener);
    this.options.watchdog.setHooks({ beforeStart: (reason) => this.beforeStart(reason), afterCrash: (crash) => this.afterCrash(crash) });
    const logs = setInterval(() => {
      try {
        this.evidence.pollLogs();
      } catch {
        // evidence is best effort
      }
    }, this.options.logPollMs ?? 30_000);
    logs.unref();
    this.timers.push(logs);
    try {
      this.evidence.pollLogs(); // start following from now
    } catch {
      // best effort
    }
    const snap = this.options.watchdog.snapshot();
    if (snap.state === 'escalated' && snap.escalation) void this.onEscalated(snap.escalation);
    void this.applyApproved();
  }

  dispose(): void {
    this.disposed = true;
    this.options.watchdog.off('event', this.listener);
    this.options.watchdog.setHooks({});
    this.options.watchdog.hold(undefined);
    for (const t of this.timers) clearInterval(t);
  }

  // ---- events -----------------------------------------------------------------------------------

  /** Each step goes to history and to the doctor's own listeners (the runtime forwards it to every face). */
  private report(reason: string, details: DoctorPhaseDetails): void {
    const snap = this.options.watchdog.snapshot();
    const e: DoctorEvent = { ts: Date.now(), type: 'doctor', reason, details };
    if (snap.incident) e.incidentId = snap.incident.id;
    this.options.history?.events.append(e);
    this.emit('event', e);
  }

  private async onEvent(e: WatchEvent): Promise<void> {
    if (this.disposed) return;
    for (const w of this.waiters) w(e);
    if (this.preStart) {
      if (e.type === 'state' && e.to === 'healthy') this.settlePreStart(true, 'healthy');
      else if (e.type === 'escalated' || (e.type === 'exited' && !/stopped by ClawDoc/.test(e.reason))) this.settlePreStart(false, e.reason);
    }
    if (e.type === 'state' && e.to === 'healthy') this.failed.clear();
    if (e.type === 'spawned' || e.type === 'restart' || e.type === 'adopted') {
      this.captured = this.readConfigText();
    } else if (e.type === 'state' && e.to === 'healthy') {
      this.takeSnapshot();
    } else if (e.type === 'escalated' && !this.busy) {
      const snap = this.options.watchdog.snapshot();
      if (snap.escalation) await this.onEscalated(snap.escalation);
    }
  }

  private readConfigText(): string | undefined {
    try {
      return readFileSync(this.options.configPath, 'utf8');
    } catch {
      return undefined;
    }
  }

  /** Healthy with the config the gateway started with: keep it as known-good. */
  private takeSnapshot(): void {
    let text = this.captured;
    if (text === undefined) {
      // Healthy without a start seen (ClawDoc found it running): the current file, if it checks out.
      const cur = this.readConfigText();
      if (cur === undefined) return;
      text = cur;
    }
    const parsed = parseConfigText(text);
    if (!parsed.ok) return;
    try {
      const { entry, created } = this.snapshots.save(text, this.options.configPath);
      if (created) this.report(`saved known-good config snapshot ${entry.id}`, { phase: 'snapshot', snapshot: entry.id, hash: entry.hash });
    } catch {
      // a snapshot failure must not disturb watching
    }
  }

  /**
   * Runs before ClawDoc starts the gateway: the config check. When it finds a fault the gateway is certain
   * to refuse (unparseable, missing, no gateway.mode, an invalid port) and a safe config fix applies, the fix
   * is made before the start (saving a doomed start); the start itself is the verification.
   */
  private async beforeStart(reason: string): Promise<void> {
    if (this.busy || /^doctor:/.test(reason)) return;
    const t0 = Date.now();
    const r = await checkConfig({ configPath: this.options.configPath });
    const errors = r.findings.filter((f) => f.severity === 'error');
    if (!errors.length) return;
    this.report(`config check before start: ${errors.map((f) => f.message).join('; ')}`, { phase: 'pre-start-check', findings: r.findings });
    if (!this.settings.doctor.enabled || this.settings.doctor.autoHeal === 'off' || !errors.some((f) => PRE_START_CERTAIN.has(f.code))) return;
    this.busy = true;
    try {
      const started = performance.now();
      const snap = this.options.watchdog.snapshot();
      const evidence = await this.evidence.gather({ trigger: 'pre-start', reason, skipPort: true, since: Date.now() });
      evidence.lastOutput = [];
      evidence.logLines = []; // before a start only the config check counts
      const candidates = (await matchEvidenceAsync(evidence, this.matcher())).filter((c) => c.confidence >= this.settings.doctor.minConfidence);
      const record: DoctorRecord = {
        id: randomUUID().slice(0, 8),
        at: Date.now(),
        faultAt: snap.incident?.openedAt ?? Date.now(),
        evidence: summarizeEvidence(evidence),
        candidates: candidates.slice(0, 5),
        attempts: [],
        outcome: 'diagnosed',
        diagnoseMs: Math.round((performance.now() - started) * 10) / 10,
        finishedAt: 0,
        summary: '',
      };
      for (const cand of candidates) {
        const c = this.store.get(cand.caseId);
        if (!c) continue;
        for (const action of c.fix) {
          if (!PRE_START_ACTIONS.has(action.type) || this.failedBefore(c.id, action, r.hash)) continue;
          const ctx = this.ctx(c.id, record.id, evidence);
          if (this.needsApproval(c, action, ctx)) continue;
          if (await precondition(action, ctx)) continue;
          this.report(`diagnosis before start: ${c.id} (confidence ${cand.confidence}: ${cand.reason})`, { phase: 'diagnosis', recordId: record.id, candidates: record.candidates, diagnoseMs: record.diagnoseMs, preStart: true });
          this.report(`fix before start: ${describeAction(action)} (case ${c.id})`, { phase: 'apply', caseId: c.id, action, recordId: record.id, auto: true, preStart: true });
          const t0 = Date.now();
          const out = await applyAction(action, ctx);
          if (!out.applied) continue;
          this.preStart = { record, caseId: c.id, action, changeIds: out.changeIds, startedAt: t0, detail: out.detail, hashBefore: r.hash };
          return;
        }
      }
    } catch (err) {
      this.report(`pre-start repair failed: ${(err as Error).message}`, { phase: 'error' });
    } finally {
      this.busy = false;
      // An escalation that arrived meanwhile was skipped (busy): take it up now rather than never.
      const snap = this.options.watchdog.snapshot();
      if (snap.state === 'escalated' && snap.escalation && snap.escalation.at >= t0) void this.onEscalated(snap.escalation);
    }
  }

  /**
   * Every unexpected exit, from the first: the exit's output, the logs and the config against the cases.
   * A recognised cause whose fix is more than a restart escalates at once (the doctor then fixes it, or
   * hands it to a person) instead of waiting out the backoff; anything else is left to the restarts.
   */
  private async afterCrash(crash: CrashReport): Promise<CrashVerdict | undefined> {
    if (this.busy || this.disposed || !this.settings.doctor.enabled) return undefined;
    // An external kill (the OOM killer, a person) is not explained by the output, only by the config.
    const killed = crash.signal === 'SIGKILL' || crash.signal === 'SIGTERM' || crash.signal === 'SIGINT' || crash.signal === 'SIGHUP';
    if (killed) {
      // The restart waits for this look: read no logs (a shared OpenClaw log can have grown by many MB since
      // the last read) when only a config error could explain the exit. The logs are read at the next look.
      const quick = await checkConfig({ configPath: this.options.configPath });
      if (!quick.findings.some((f) => f.severity === 'error')) return undefined;
    }
    const evidence = await this.evidence.gather({ trigger: 'exit', reason: crash.reason, exitCode: crash.exitCode, lastOutput: crash.lastOutput, skipPort: true, since: crash.at - 60_000 });
    const configErrors = new Set((evidence.config?.findings ?? []).filter((f) => f.severity === 'error').map((f) => f.code));
    const exitLines = new Set(evidence.lastOutput);
    const hash = evidence.config?.hash ?? null;
    for (const cand of matchEvidence(evidence, this.matcher())) {
      if (cand.confidence < this.settings.doctor.minConfidence) break; // best first
      const c = this.store.get(cand.caseId);
      if (!c || LIVE_CONDITION_CASES.has(c.id)) continue; // a live gateway's condition did not make it exit
      // Grounded in this exit: its own output said so (any log line when none was captured), or the config has an error the case is about.
      const saidSo = !killed && cand.lines.some((l) => exitLines.size === 0 || exitLines.has(l));
      if (!saidSo && !c.match.findings.some((f) => configErrors.has(f))) continue;
      // A restart is what the watchdog does anyway; a fix that did not help for this very config is not one.
      if (!c.fix.some((a) => a.type !== 'restart-gateway' && !this.failedBefore(c.id, a, hash))) continue;
      this.report(`exit diagnosed: ${c.id} (confidence ${cand.confidence}: ${cand.reason}); acting now instead of waiting out the restart backoff`, { phase: 'exit-diagnosis', caseId: c.id, confidence: cand.confidence, lines: cand.lines });
      return { caseId: c.id, reason: c.title.en };
    }
    return undefined;
  }

  /** The start after a pre-start fix ended: healthy (verified) or not (rolled back). */
  private settlePreStart(ok: boolean, detail: string): void {
    const p = this.preStart;
    if (!p) return;
    this.preStart = undefined;
    const c = this.store.get(p.caseId);
    const attempt: AttemptRecord = { caseId: p.caseId, action: p.action, description: describeAction(p.action), startedAt: p.startedAt, durationMs: Date.now() - p.startedAt, outcome: ok ? 'healed' : 'not-healed', detail: `${p.detail}${ok ? '' : `; ${detail}`}`, changeIds: p.changeIds, auto: true };
    this.store.recordOutcome(p.caseId, ok);
    if (ok) {
      p.record.attempts.push(attempt);
      p.record.outcome = 'healed';
      p.record.recoveredAt = Date.now();
      p.record.timeToRecoveryMs = p.record.recoveredAt - p.record.faultAt;
      p.record.summary = `${p.caseId}: ${p.detail} (before start)`;
      this.finish(p.record);
      this.report(`healed: ${p.caseId} — ${p.detail} (fixed before the start, verified healthy in ${Math.round((Date.now() - p.startedAt) / 100) / 10}s)`, { phase: 'verified', caseId: p.caseId, recordId: p.record.id, changeIds: p.changeIds, preStart: true });
      return;
    }
    attempt.rolledBack = rollbackChanges(this.changes, p.changeIds);
    p.record.attempts.push(attempt);
    p.record.outcome = 'failed';
    p.record.summary = `${p.caseId}: ${attempt.detail}`;
    this.finish(p.record);
    this.failed.add(failKey(p.caseId, p.action, p.hashBefore));
    this.report(`fix did not help (${detail}); ${attempt.rolledBack.length ? `rolled back ${attempt.rolledBack.join(', ')}` : 'nothing to roll back'}`, { phase: 'rollback', caseId: p.caseId, recordId: p.record.id, rolledBack: attempt.rolledBack, preStart: true });
    void c;
  }

  private failedBefore(caseId: string, action: Action, hash: string | null): boolean {
    return this.failed.has(failKey(caseId, action, hash));
  }

  // ---- diagnosis --------------------------------------------------------------------------------

  matcher(): Matcher {
    return new Matcher(this.store.all());
  }

  async diagnose(input: { escalation?: Escalation; text?: string; trigger?: string }): Promise<Diagnosis> {
    const started = performance.now();
    const snap = this.options.watchdog.snapshot();
    const esc = input.escalation;
    const gatewayPid = this.options.manager.pid() ?? snap.pid;
    let lastOutput = esc?.evidence.lastOutput;
    if (!lastOutput && this.options.manager.mode === 'child') lastOutput = await this.options.manager.lastOutput(40);
    const evidence = await this.evidence.gather({
      trigger: input.trigger ?? (esc ? `escalated:${esc.cause}` : 'live'),
      cause: esc?.cause,
      reason: esc?.reason,
      exitCode: esc?.evidence.exitCode,
      lastOutput: [...(lastOutput ?? []), ...(input.text ? input.text.split(/\r?\n/) : [])],
      probe: esc?.evidence.probe ?? snap.lastProbe,
      portHolder: esc?.evidence.portHolder,
      gatewayPid,
      gatewayRssBytes: snap.stats?.rssBytes,
      since: (snap.incident?.openedAt ?? esc?.at ?? Date.now()) - 60_000,
    });
    const candidates = await matchEvidenceAsync(evidence, this.matcher());
    return { evidence, candidates, diagnoseMs: Math.round((performance.now() - started) * 10) / 10 };
  }

  private ctx(caseId: string, recordId: string, evidence: Evidence): ActionContext {
    return {
      caseId,
      recordId,
      configPath: this.options.configPath,
      port: this.settings.gateway.port,
      evidence,
      snapshots: this.snapshots,
      changes: this.changes,
      openclawPath: this.settings.gateway.openclawPath,
      env: this.options.env ?? process.env,
      fileLogDir: this.options.fileLogDir,
      stateDir: this.options.stateDir,
      portHolder: this.holderFn,
      probe: this.probeFn,
      managerPid: () => this.options.manager.pid(),
      approvedCommands: getOwn(this.settings.doctor.approvedCommands, caseId) ?? [],
      openclawDoctorTimeoutMs: this.settings.doctor.openclawDoctorTimeoutSec * 1000,
      rateLimitMaxWaitMs: this.settings.doctor.rateLimitMaxWaitSec * 1000,
      pruneOlderThanDays: this.settings.doctor.pruneLogsOlderThanDays,
      killTimeoutMs: this.settings.watch.killTimeoutSec * 1000,
      runner: this.options.runner,
    };
  }

  /** Why an action must wait for a person, or undefined when it may run now (rules: action-safety.ts). */
  private needsApproval(c: Case, a: Action, ctx: ActionContext): string | undefined {
    return approvalReason({ action: a, caseId: c.id, caseApproval: c.approval, autoHeal: this.settings.doctor.autoHeal, facts: actionFacts(a, ctx) });
  }

  private async onEscalated(esc: Escalation): Promise<void> {
    if (this.busy || this.disposed || !this.settings.doctor.enabled) return;
    this.busy = true;
    const watchdog = this.options.watchdog;
    watchdog.hold('the doctor is diagnosing');
    try {
      const found = await this.diagnose({ escalation: esc });
      const down = gatewayIsDown({ exited: esc.evidence.exitCode != null || esc.evidence.signal != null || (this.options.manager.mode === 'child' && !this.options.manager.pid()), probe: found.evidence.probe });
      // What repairs a cause is tried first; a live gateway's condition never leaves a dead gateway down.
      const diag: Diagnosis = { ...found, candidates: planOrder(found.candidates, down) };
      const conditions = found.candidates.filter((c) => !diag.candidates.includes(c));
      const key = `${esc.cause}|${diag.evidence.config?.hash ?? ''}|${diag.candidates[0]?.caseId ?? ''}`;
      const snap = watchdog.snapshot();
      const record: DoctorRecord = {
        id: randomUUID().slice(0, 8),
        at: Date.now(),
        faultAt: snap.incident?.openedAt ?? esc.at,
        evidence: summarizeEvidence(diag.evidence),
        candidates: [...diag.candidates, ...conditions].slice(0, 5),
        attempts: [],
        outcome: 'diagnosed',
        diagnoseMs: diag.diagnoseMs,
        finishedAt: 0,
        summary: '',
      };
      const top = diag.candidates[0];
      const aside = conditions.length ? `; not the cause of a gateway that is down: ${conditions.map((c) => c.caseId).join(', ')}` : '';
      this.report(top ? `diagnosis: ${top.caseId} (confidence ${top.confidence}: ${top.reason})${aside}` : `diagnosis: no known case matches (${esc.cause})${aside}`, {
        phase: 'diagnosis',
        recordId: record.id,
        candidates: record.candidates,
        diagnoseMs: diag.diagnoseMs,
        findings: record.evidence.findings.map((f) => f.code),
      });
      if (this.givenUp.has(key)) {
        record.outcome = 'escalated';
        record.summary = 'already tried every fix for this evidence; waiting for a person or a change';
        this.finish(record);
        this.report(`needs a person: ${record.summary}`, { phase: 'gave-up', recordId: record.id });
        return;
      }
      const outcome = await this.runPlan(record, diag, esc);
      if (outcome === 'failed') this.givenUp.set(key, Date.now());
    } catch (err) {
      this.report(`doctor failed: ${(err as Error).message}`, { phase: 'error' });
    } finally {
      watchdog.hold(undefined);
      this.busy = false;
    }
  }

  /** Tries the fixes of the candidates in order; when no case matches, asks the AI (if one is configured). */
  private async runPlan(record: DoctorRecord, diag: Diagnosis, esc: Escalation): Promise<DoctorRecord['outcome']> {
    const min = this.settings.doctor.minConfidence;
    const tried = new Set<string>();
    const confident = diag.candidates.filter((c) => c.confidence >= min);
    for (const cand of confident) {
      const c = this.store.get(cand.caseId);
      if (!c) continue;
      for (const action of c.fix) {
        const id = JSON.stringify(action);
        if (tried.has(id)) continue;
        tried.add(id);
        const done = await this.tryFix(record, diag, c, action, cand.confidence, cand.reason);
        if (done) return done;
      }
    }
    if (!confident.length && this.ai.configured) {
      const done = await this.runAiPlan(record, diag);
      if (done) return done;
    }
    record.outcome = 'failed';
    const learned = record.attempts.map((a) => `${a.caseId}/${a.description}: ${a.outcome} (${a.detail})`).join('; ');
    const ai = record.ai ? (record.ai.ok ? ` The AI's plan (${record.ai.plan?.summary ?? ''}) did not heal it.` : ` AI: ${record.ai.error ?? 'no plan'}.`) : '';
    record.summary = `no fix helped (${esc.cause}). ${record.candidates.length ? `Candidates: ${record.candidates.map((c) => `${c.caseId} ${c.confidence}`).join(', ')}. ` : 'No case matched. '}${learned}${ai}`;
    this.finish(record);
    this.report(`needs a person: ${record.summary}`, { phase: 'gave-up', recordId: record.id, evidence: record.evidence, candidates: record.candidates, attempts: record.attempts });
    return 'failed';
  }

  /**
   * One fix of a case (or of the AI's plan): skipped when it did not help before or cannot apply, a
   * proposal when it must wait for a person, else applied and verified. Returns the record's outcome when
   * the plan ends here, undefined to go on with the next fix.
   */
  private async tryFix(record: DoctorRecord, diag: Diagnosis, c: Case, action: Action, confidence: number, reason: string, aiPlan?: AiPlan): Promise<DoctorRecord['outcome'] | undefined> {
    if (this.failedBefore(c.id, action, diag.evidence.config?.hash ?? null)) {
      record.attempts.push(this.attemptRecord(c, action, Date.now(), 'not-applicable', 'already tried for this config, did not help', [], true));
      return undefined;
    }
    const ctx = this.ctx(c.id, record.id, diag.evidence);
    const blocked = await precondition(action, ctx);
    if (blocked) {
      record.attempts.push(this.attemptRecord(c, action, Date.now(), 'not-applicable', blocked, [], true));
      return undefined;
    }
    const wait = this.needsApproval(c, action, ctx);
    if (wait) {
      const p = this.proposals.add({
        caseId: c.id,
        caseTitle: c.title.en,
        action,
        description: describeAction(action),
        confidence,
        reason,
        recordId: record.id,
        why: wait,
        expiresAt: Date.now() + this.settings.doctor.proposalTtlHours * 3_600_000,
        ...(aiPlan ? { aiPlan } : {}),
      });
      record.attempts.push({ ...this.attemptRecord(c, action, Date.now(), 'proposed', `waiting for approval (${wait}): clawdoc approve ${p.id}`, [], false), proposalId: p.id });
      record.outcome = 'proposed';
      record.summary = `${c.id}: proposed "${describeAction(action)}" — clawdoc approve ${p.id}`;
      this.finish(record);
      this.report(`proposal ${p.id}: ${describeAction(action)} for ${c.id} (${wait}); approve with \`clawdoc approve ${p.id}\``, { phase: 'proposal', proposalId: p.id, caseId: c.id, action, recordId: record.id });
      return 'proposed';
    }
    const attempt = await this.attempt(c, action, diag.evidence, record, true);
    record.attempts.push(attempt);
    if (attempt.outcome === 'not-healed') this.failed.add(failKey(c.id, action, diag.evidence.config?.hash ?? null));
    if (attempt.outcome === 'healed') {
      record.outcome = 'healed';
      record.recoveredAt = Date.now();
      record.timeToRecoveryMs = record.recoveredAt - record.faultAt;
      record.summary = `${c.id}: ${attempt.detail}`;
      if (aiPlan) this.learn(record, aiPlan, action, [...diag.evidence.lastOutput, ...diag.evidence.logLines], diag.evidence.exitCode);
      this.finish(record);
      return 'healed';
    }
    if (attempt.outcome === 'escalated') {
      record.outcome = 'escalated';
      record.summary = `${c.id}: ${attempt.detail}`;
      this.finish(record);
      return 'escalated';
    }
    return undefined;
  }

  /** No case matched: the AI's plan, each action through the same executor (approvals, verification, rollback). */
  private async runAiPlan(record: DoctorRecord, diag: Diagnosis): Promise<DoctorRecord['outcome'] | undefined> {
    const outcome = await this.ai.diagnose({
      evidence: record.evidence,
      candidates: diag.candidates.slice(0, 5).map((candidate) => ({ candidate, title: this.store.get(candidate.caseId)?.title.en ?? candidate.caseId })),
    });
    record.ai = outcome;
    const plan = outcome.plan;
    this.report(
      plan ? `AI diagnosis (${outcome.provider}): ${plan.summary}; plan: ${plan.actions.map((a) => describeAction(a as Action)).join(' → ') || 'no action (advice only)'}${plan.rejected.length ? `; rejected: ${plan.rejected.map((r) => r.reason).join('; ')}` : ''}` : `AI diagnosis (${outcome.provider}) failed: ${outcome.error}`,
      { phase: 'ai', recordId: record.id, ok: outcome.ok, provider: outcome.provider, ...(plan ? { summary: plan.summary, actions: plan.actions } : {}), ...(outcome.error ? { error: outcome.error } : {}) },
    );
    if (!plan?.actions.length) return undefined;
    const c = aiPlanCase(record.id, plan);
    for (const action of c.fix) {
      const done = await this.tryFix(record, diag, c, action, plan.confidence, `AI (${plan.provider}): ${plan.rootCause.slice(0, 200)}`, plan);
      if (done) return done;
    }
    return undefined;
  }

  /** The AI's fix worked: a learned case (pending review) fixes the next occurrence without the AI. */
  private learn(record: DoctorRecord, plan: AiPlan, action: Action, lines: string[], exitCode: number | null | undefined): void {
    try {
      const built = buildLearnedCase({ plan, actions: [action], lines, exitCode, recordId: record.id, redactor: this.ai.redactor() });
      if (!built.ok) {
        record.summary += ` (not learned: ${built.reason})`;
        return;
      }
      if (!this.store.get(built.case.id)) this.store.add(built.case);
      record.learnedCaseId = built.case.id;
      this.report(`learned case ${built.case.id} from the AI's verified fix (pending your review: clawdoc cases show ${built.case.id})`, { phase: 'learned', caseId: built.case.id, recordId: record.id });
    } catch (err) {
      record.summary += ` (not learned: ${(err as Error).message})`;
    }
  }

  private attemptRecord(c: Case, action: Action, startedAt: number, outcome: AttemptRecord['outcome'], detail: string, changeIds: string[], auto: boolean): AttemptRecord {
    return { caseId: c.id, action, description: describeAction(action), startedAt, durationMs: Date.now() - startedAt, outcome, detail, changeIds, auto };
  }

  /** Apply → restart → verify → (rollback). */
  private async attempt(c: Case, action: Action, evidence: Evidence, record: DoctorRecord, auto: boolean): Promise<AttemptRecord> {
    const started = Date.now();
    this.report(`fix: ${describeAction(action)} (case ${c.id})`, { phase: 'apply', caseId: c.id, action, recordId: record.id, auto });
    let out;
    try {
      out = await applyAction(action, this.ctx(c.id, record.id, evidence));
    } catch (err) {
      return this.attemptRecord(c, action, started, 'error', (err as Error).message, [], auto);
    }
    if (!out.applied) return this.attemptRecord(c, action, started, 'not-applicable', out.detail, out.changeIds, auto);
    if (out.escalate) {
      this.report(`needs a person: ${out.detail}`, { phase: 'escalate', caseId: c.id, recordId: record.id });
      return this.attemptRecord(c, action, started, 'escalated', out.detail, [], auto);
    }
    const verdict = await this.verify(out.needsRestart, `doctor: ${c.id}: ${describeAction(action)}`);
    const counted = !c.id.startsWith(AI_PLAN_PREFIX); // an AI plan is not a case of the library
    if (verdict.ok) {
      if (counted) this.store.recordOutcome(c.id, true);
      this.report(`healed: ${c.id} — ${out.detail} (verified healthy in ${Math.round((Date.now() - started) / 100) / 10}s)`, { phase: 'verified', caseId: c.id, recordId: record.id, changeIds: out.changeIds });
      return this.attemptRecord(c, action, started, 'healed', out.detail, out.changeIds, auto);
    }
    if (counted) this.store.recordOutcome(c.id, false);
    const rolledBack = rollbackChanges(this.changes, out.changeIds);
    this.report(`fix did not help (${verdict.detail}); ${rolledBack.length ? `rolled back ${rolledBack.join(', ')}` : 'nothing to roll back'}`, { phase: 'rollback', caseId: c.id, recordId: record.id, rolledBack });
    return { ...this.attemptRecord(c, action, started, 'not-healed', `${out.detail}; ${verdict.detail}`, out.changeIds, auto), rolledBack };
  }

  /** The gateway must be healthy within fixVerifyTimeoutSec (plus the startup grace while it is still starting). */
  private async verify(restart: boolean, reason: string): Promise<{ ok: boolean; detail: string }> {
    const timeoutMs = this.settings.doctor.fixVerifyTimeoutSec * 1000;
    if (!restart) {
      const r = await this.probeFn();
      return r.verdict === 'healthy' ? { ok: true, detail: 'healthy' } : { ok: false, detail: `probe ${r.verdict}` };
    }
    const result = new Promise<{ ok: boolean; detail: string }>((resolve) => {
      const done = (ok: boolean, detail: string) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve({ ok, detail });
      };
      const waiter = (e: WatchEvent) => {
        if (e.type === 'state' && e.to === 'healthy') done(true, 'healthy');
        else if (e.type === 'escalated') done(false, `escalated again: ${e.reason}`);
        else if (e.type === 'exited' && !/stopped by ClawDoc/.test(e.reason)) {
          const lines = (e.details?.lastOutput as string[] | undefined) ?? [];
          done(false, `${e.reason}${lines.length ? `: ${lines.slice(-2).join(' | ').slice(0, 300)}` : ''}`);
        }
      };
      // A gateway still starting when the time is up (a busy machine starts slowly) gets the watchdog's
      // startup grace on top: a correct fix is not rolled back for being slow.
      let extended = false;
      const expire = () => {
        const state = this.options.watchdog.snapshot().state;
        if (!extended && (state === 'starting' || state === 'recovering')) {
          extended = true;
          timer = setTimeout(expire, this.settings.watch.startupGraceSec * 1000);
          return;
        }
        done(false, `not healthy within ${Math.round((Date.now() - t0) / 1000)}s`);
      };
      const t0 = Date.now();
      let timer = setTimeout(expire, timeoutMs);
      this.waiters.add(waiter);
    });
    await this.options.watchdog.requestRestart(reason);
    return result;
  }

  private finish(record: DoctorRecord): void {
    record.finishedAt = Date.now();
    this.records.append(record);
  }

  // ---- proposals ----------------------------------------------------------------------------------

  /** Diagnosing or applying a fix right now. */
  isBusy(): boolean {
    return this.busy;
  }

  /**
   * Applies every approved proposal, one at a time. Called at start (approvals given while no watcher
   * ran) and by the runtime as soon as a person approves; waits while another repair runs.
   */
  async applyApproved(): Promise<void> {
    if (this.applying) return this.applying;
    const run = async () => {
      while (!this.disposed) {
        while (this.busy && !this.disposed) await new Promise((r) => setTimeout(r, 100));
        const next = this.proposals.claimApproved();
        if (!next.length || this.disposed) return;
        for (const p of next) await this.applyProposal(p);
      }
    };
    this.applying = run().finally(() => (this.applying = undefined));
    return this.applying;
  }

  async applyProposal(p: Proposal): Promise<void> {
    const c = this.store.get(p.caseId) ?? (p.aiPlan && p.caseId.startsWith(AI_PLAN_PREFIX) ? aiPlanCase(p.recordId, p.aiPlan) : undefined);
    const record = this.records.recent(500).find((r) => r.id === p.recordId);
    if (!c || !record) {
      this.proposals.update(p.id, { status: 'failed', finishedAt: Date.now(), result: 'its case or record no longer exists' });
      return;
    }
    if (p.aiPlan && p.action.type === 'shell') {
      this.proposals.update(p.id, { status: 'failed', finishedAt: Date.now(), result: 'a shell command from an AI answer is never run' });
      return;
    }
    this.busy = true;
    this.options.watchdog.hold('the doctor applies an approved fix');
    try {
      this.report(`approved proposal ${p.id}: ${p.description}`, { phase: 'approved', proposalId: p.id, caseId: c.id });
      const diag = await this.diagnose({ escalation: this.options.watchdog.snapshot().escalation, trigger: `approved:${p.id}` });
      const attempt = await this.attempt(c, p.action, diag.evidence, record, false);
      attempt.proposalId = p.id;
      record.attempts.push(attempt);
      if (attempt.outcome === 'healed') {
        record.outcome = 'healed';
        record.recoveredAt = Date.now();
        record.timeToRecoveryMs = record.recoveredAt - record.faultAt;
        if (p.aiPlan) this.learn(record, p.aiPlan, p.action as Action, [...record.evidence.lastOutput, ...record.evidence.logLines], record.evidence.exitCode);
      } else {
        record.outcome = attempt.outcome === 'escalated' ? 'escalated' : 'failed';
      }
      record.summary = `${c.id}: ${attempt.detail} (approved ${p.id})`;
      this.finish(record);
      this.proposals.update(p.id, { status: attempt.outcome === 'healed' ? 'applied' : 'failed', finishedAt: Date.now(), result: attempt.detail });
    } finally {
      this.options.watchdog.hold(undefined);
      this.busy = false;
    }
  }
}

export { hashText };
