// A diagnosis a person asked for (`clawdoc diagnose`, "Diagnose now"): of the live gateway this
// runtime watches, or of pasted text. Every diagnosis is a record (not counted as an incident).
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { DiagnosisReport } from '../../../shared/doctor.js';
import { CaseStore } from '../doctor/cases/case-store.js';
import { Matcher } from '../doctor/cases/matcher.js';
import { doctorPaths } from '../doctor/attach-doctor.js';
import { matchEvidence, summarizeEvidence } from '../doctor/doctor.js';
import { EvidenceCollector } from '../doctor/evidence.js';
import { DoctorRecords } from '../doctor/records.js';
import { probeGateway } from '../gateway/probe.js';
import { findPortHolder } from '../gateway/processes.js';
import type { Settings } from '../settings/settings.js';
import { StateFile } from '../store/state-file.js';
import { aiAdvisorFor } from './ai-now.js';
import type { SecretStore } from '../alerts/secrets.js';

const EXIT_CODE = /exit(?:ed)?(?: with)?(?: code)? (\d+)/i;

export async function diagnoseNow(settings: Settings, dataDir: string, text?: string, options: { ai?: boolean; secrets?: SecretStore } = {}): Promise<DiagnosisReport> {
  const store = new CaseStore(dataDir, () => settings.doctor.approvedCommands);
  const matcher = new Matcher(store.all());
  const started = performance.now();
  let report: DiagnosisReport;
  if (text) {
    const code = EXIT_CODE.exec(text)?.[1];
    const candidates = matcher.match({ lines: text.split(/\r?\n/), exitCode: code === undefined ? undefined : Number(code) });
    report = { mode: 'text', candidates, durationMs: Math.round(performance.now() - started), minConfidence: settings.doctor.minConfidence };
  } else {
    const paths = doctorPaths({ settings });
    const saved = new StateFile(dataDir).read({ readOnly: true });
    const probe = await probeGateway({ host: settings.gateway.host, port: settings.gateway.port, timeoutMs: Math.round(settings.watch.probeTimeoutSec * 1000) });
    const status = saved?.status;
    const esc = status?.escalation;
    // The watcher's own evidence: the last exit (unless the gateway was healthy since) and, in child
    // mode, the gateway's output in logs/gateway.log (the running gateway's, or the one that exited).
    const lastExit = status?.lastExit && !(status.lastHealthyAt && status.lastHealthyAt > status.lastExit.at) ? status.lastExit : undefined;
    const gatewayLogFrom = status?.manage === 'child' ? (saved?.child?.logOffset ?? (lastExit ? 0 : undefined)) : undefined;
    const collector = new EvidenceCollector({
      dataDir,
      configPath: paths.configPath,
      stateDir: paths.stateDir,
      fileLogDir: paths.fileLogDir,
      port: settings.gateway.port,
      extraLogFiles: settings.doctor.extraLogFiles,
      portHolder: findPortHolder,
      gatewayLog: join(dataDir, 'logs', 'gateway.log'),
    });
    const evidence = await collector.gather({
      trigger: 'live',
      cause: esc?.cause,
      reason: esc?.reason,
      exitCode: esc?.evidence.exitCode ?? lastExit?.code,
      lastOutput: esc?.evidence.lastOutput ?? lastExit?.lastOutput ?? [],
      probe,
      gatewayPid: saved?.child?.pid ?? status?.pid,
      since: 0,
      gatewayLogFrom,
    });
    report = {
      mode: 'live',
      state: saved?.status?.state ?? 'unknown',
      probe: probe.verdict,
      evidence: summarizeEvidence(evidence),
      candidates: matchEvidence(evidence, matcher),
      durationMs: Math.round(performance.now() - started),
      minConfidence: settings.doctor.minConfidence,
    };
  }
  const now = Date.now();
  const evidence = report.evidence ?? { trigger: 'text', lastOutput: (text ?? '').split(/\r?\n/).slice(-20), logLines: [], failing: [], findings: [], sources: ['pasted text'], gatherMs: 0 };
  if (options.ai) {
    // Asked for: the AI is called even when a case matches (the watcher calls it only when none does).
    report.ai = await aiAdvisorFor(settings, dataDir, options.secrets).diagnose({ evidence, triage: !text, candidates: report.candidates.slice(0, 5).map((candidate) => ({ candidate, title: store.get(candidate.caseId)?.title.en ?? candidate.caseId })) });
  }
  new DoctorRecords(dataDir).append({
    id: randomUUID().slice(0, 8),
    at: now,
    faultAt: now,
    evidence,
    candidates: report.candidates.slice(0, 5),
    attempts: [],
    outcome: 'diagnosed',
    diagnoseMs: report.durationMs,
    finishedAt: now,
    summary: report.candidates[0] ? `${report.candidates[0].caseId} (${report.candidates[0].confidence})` : 'no case matched',
    ...(report.ai ? { ai: report.ai } : {}),
  });
  return report;
}
