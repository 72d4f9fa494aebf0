// The doctor's commands: check-config, diagnose, cases, proposals/approve/reject, changes/undo,
// snapshots, records and stats. They read and write the data dir; the watcher picks approvals up.
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaseError, CaseStore } from '../engine/doctor/cases/case-store.js';
import { Matcher } from '../engine/doctor/cases/matcher.js';
import type { Case } from '../engine/doctor/cases/case-schema.js';
import { ChangeLog } from '../engine/doctor/changes.js';
import { checkConfig } from '../engine/doctor/config-check.js';
import { matchEvidence, summarizeEvidence } from '../engine/doctor/doctor.js';
import { EvidenceCollector } from '../engine/doctor/evidence.js';
import { doctorPaths } from '../engine/doctor/attach-doctor.js';
import { ProposalQueue } from '../engine/doctor/proposals.js';
import { computeStats, DoctorRecords, type EvidenceSummary } from '../engine/doctor/records.js';
import { SnapshotStore } from '../engine/doctor/snapshots.js';
import { probeGateway } from '../engine/gateway/probe.js';
import { findPortHolder, isAlive } from '../engine/gateway/processes.js';
import { loadSettings, type Settings } from '../engine/settings/settings.js';
import { History } from '../engine/store/history.js';
import { StateFile } from '../engine/store/state-file.js';
import { resolveDataDir, UsageError, type CliIO } from './context.js';
import { clock, duration } from './format.js';
import type { Command, Flags } from './main.js';

function setup(flags: Flags, io: CliIO): { dataDir: string; settings: Settings } {
  const dataDir = resolveDataDir(flags['data-dir'] as string | undefined);
  const loaded = loadSettings(dataDir);
  for (const w of loaded.warnings) io.err(`warning: ${w}`);
  const settings = structuredClone(loaded.settings);
  if (typeof flags.port === 'string') {
    const n = Number(flags.port);
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`--port needs a port number, got "${flags.port}"`);
    settings.gateway.port = n;
  }
  return { dataDir, settings };
}

const common = { 'data-dir': { type: 'string' }, json: { type: 'boolean' } } as const;

export const checkConfigCommand: Command = {
  name: 'check-config',
  summary: "Check OpenClaw's config: parses, gateway.mode, port, auth, models, who holds the port",
  usage: 'clawdoc check-config [--json] [--probe-provider] [--port N] [--data-dir DIR]',
  options: { ...common, port: { type: 'string' }, 'probe-provider': { type: 'boolean' } },
  async run({ flags, io }) {
    const { settings, dataDir } = setup(flags, io);
    const paths = doctorPaths({ settings });
    const saved = new StateFile(dataDir).read();
    const r = await checkConfig({
      configPath: paths.configPath,
      port: settings.gateway.port,
      portHolder: findPortHolder,
      gatewayPid: saved?.child?.pid ?? saved?.status?.pid,
      probeProvider: !!flags['probe-provider'],
      providerTimeoutMs: 5000,
    });
    if (flags.json) {
      io.out(JSON.stringify(r, null, 2));
    } else {
      io.out(`${r.ok ? 'OK' : 'PROBLEMS'}: ${r.path}${r.parsed ? '' : ' (does not parse)'}`);
      for (const f of r.findings) io.out(`  ${f.severity.padEnd(7)} ${f.key}: ${f.message}${f.hint ? `\n          fix: ${f.hint}` : ''}`);
      if (!r.findings.length) io.out('  no findings');
    }
    return r.ok ? 0 : 1;
  },
};

export const diagnoseCommand: Command = {
  name: 'diagnose',
  summary: 'Diagnose the live gateway, or a pasted error text (`-` reads stdin): ranked cases with confidence',
  usage: 'clawdoc diagnose [TEXT|-] [--json] [--data-dir DIR]',
  options: { ...common },
  async run({ flags, positionals, io }) {
    const { settings, dataDir } = setup(flags, io);
    const store = new CaseStore(dataDir, () => settings.doctor.approvedCommands);
    const matcher = new Matcher(store.all());
    const started = performance.now();
    let text = positionals.join(' ');
    if (text === '-') text = readFileSync(0, 'utf8');
    let out: { mode: string; candidates: import('../engine/doctor/cases/matcher.js').Candidate[]; durationMs: number; state?: string; probe?: string; evidence?: unknown };
    if (text) {
      const lines = text.split(/\r?\n/);
      const candidates = matcher.match({ lines, exitCode: /exit(?:ed)?(?: with)?(?: code)? (\d+)/i.exec(text)?.[1] ? Number(/exit(?:ed)?(?: with)?(?: code)? (\d+)/i.exec(text)![1]) : undefined });
      out = { mode: 'text', candidates, durationMs: Math.round(performance.now() - started) };
    } else {
      const paths = doctorPaths({ settings });
      const saved = new StateFile(dataDir).read();
      const probe = await probeGateway({ host: settings.gateway.host, port: settings.gateway.port, timeoutMs: Math.round(settings.watch.probeTimeoutSec * 1000) });
      const status = saved?.status;
      const esc = status?.escalation;
      // The watcher's own evidence: the last exit (unless the gateway was healthy since) and, in child
      // mode, the gateway's output in logs/gateway.log (the running gateway's, or the one that exited).
      const lastExit = status?.lastExit && !(status.lastHealthyAt && status.lastHealthyAt > status.lastExit.at) ? status.lastExit : undefined;
      const gatewayLogFrom = status?.manage === 'child' ? (saved?.child?.logOffset ?? (lastExit ? 0 : undefined)) : undefined;
      const collector = new EvidenceCollector({ dataDir, configPath: paths.configPath, stateDir: paths.stateDir, fileLogDir: paths.fileLogDir, port: settings.gateway.port, extraLogFiles: settings.doctor.extraLogFiles, portHolder: findPortHolder, gatewayLog: join(dataDir, 'logs', 'gateway.log') });
      const lastOutput = esc?.evidence.lastOutput ?? lastExit?.lastOutput ?? [];
      const evidence = await collector.gather({
        trigger: 'live',
        cause: esc?.cause,
        reason: esc?.reason,
        exitCode: esc?.evidence.exitCode ?? lastExit?.code,
        lastOutput,
        probe,
        gatewayPid: saved?.child?.pid ?? saved?.status?.pid,
        since: 0,
        gatewayLogFrom,
      });
      const candidates = matchEvidence(evidence, matcher);
      out = { mode: 'live', state: saved?.status?.state ?? 'unknown', probe: probe.verdict, evidence: summarizeEvidence(evidence), candidates, durationMs: Math.round(performance.now() - started) };
    }
    // Every diagnosis is a record (those from the CLI do not count as incidents in `clawdoc stats`).
    new DoctorRecords(dataDir).append({
      id: randomUUID().slice(0, 8),
      at: Date.now(),
      faultAt: Date.now(),
      evidence: (out.evidence as EvidenceSummary | undefined) ?? { trigger: 'text', lastOutput: text.split(/\r?\n/).slice(-20), logLines: [], failing: [], findings: [], sources: ['pasted text'], gatherMs: 0 },
      candidates: out.candidates.slice(0, 5),
      attempts: [],
      outcome: 'diagnosed',
      diagnoseMs: out.durationMs,
      finishedAt: Date.now(),
      summary: out.candidates[0] ? `${out.candidates[0].caseId} (${out.candidates[0].confidence})` : 'no case matched',
    });
    if (flags.json) {
      io.out(JSON.stringify(out, null, 2));
      return 0;
    }
    if (out.mode === 'live') io.out(`Gateway: ${out.state}, probe ${out.probe}`);
    const min = settings.doctor.minConfidence;
    const shown = out.candidates.filter((c) => c.confidence >= min / 2).slice(0, 5);
    if (!shown.length || shown[0]!.confidence < min) io.out('No known case matches confidently.');
    for (const c of shown) {
      const k = store.get(c.caseId);
      io.out(`${c.confidence >= min ? '*' : ' '} ${c.confidence.toFixed(2)}  ${c.caseId} — ${k?.title.en ?? ''}\n        why: ${c.reason}`);
      if (k && c.confidence >= min) io.out(`        fix: ${k.fix.map((a) => a.type).join(' → ')}`);
    }
    return 0;
  },
};

function readJsonArg(positionals: string[], flags: Flags, what: string): unknown {
  const text = typeof flags.file === 'string' ? readFileSync(flags.file, 'utf8') : positionals.join(' ');
  if (!text.trim()) throw new UsageError(`${what} needs a JSON case (argument or --file FILE)`);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${what}: not valid JSON: ${(err as Error).message}`);
  }
}

export const casesCommand: Command = {
  name: 'cases',
  summary: 'The case library: list, show, add, edit, remove, import, export (JSON, validated)',
  usage: 'clawdoc cases list|show ID|add JSON|edit ID JSON|remove ID|import FILE [--replace]|export [FILE] [--user] [--file F] [--json] [--data-dir DIR]',
  options: { ...common, file: { type: 'string' }, replace: { type: 'boolean' }, user: { type: 'boolean' } },
  async run({ flags, positionals, io }) {
    const { settings, dataDir } = setup(flags, io);
    const store = new CaseStore(dataDir, () => settings.doctor.approvedCommands);
    const [action = 'list', ...rest] = positionals;
    try {
      switch (action) {
        case 'list': {
          const cases = store.all();
          if (flags.json) {
            io.out(JSON.stringify(cases.map((c) => ({ id: c.id, title: c.title, severity: c.severity, builtin: store.isBuiltin(c.id), enabled: c.enabled, ...store.statsFor(c.id) })), null, 2));
            return 0;
          }
          for (const c of cases) {
            const s = store.statsFor(c.id);
            io.out(`${c.id.padEnd(24)} ${c.severity.padEnd(8)} ${store.isBuiltin(c.id) ? 'built-in' : 'user    '} ${String(s.successes).padStart(3)}/${String(s.attempts).padEnd(3)} ${c.title.en}`);
          }
          return 0;
        }
        case 'show': {
          const c = store.get(rest[0] ?? '');
          if (!c) throw new CaseError(`no case "${rest[0] ?? ''}"`);
          io.out(JSON.stringify({ ...c, stats: store.statsFor(c.id) }, null, 2));
          return 0;
        }
        case 'add': {
          const c: Case = store.add(readJsonArg(rest, flags, 'cases add'));
          io.out(`added case ${c.id}`);
          return 0;
        }
        case 'edit': {
          const id = rest[0];
          if (!id) throw new UsageError('cases edit needs an ID');
          const c = store.edit(id, readJsonArg(rest.slice(1), flags, 'cases edit'));
          io.out(`updated case ${c.id}`);
          return 0;
        }
        case 'remove': {
          const id = rest[0];
          if (!id) throw new UsageError('cases remove needs an ID');
          store.remove(id);
          io.out(`removed case ${id}`);
          return 0;
        }
        case 'import': {
          const file = rest[0] ?? (flags.file as string | undefined);
          if (!file) throw new UsageError('cases import needs a FILE');
          const ids = store.importFile(file, { replace: !!flags.replace });
          io.out(`imported ${ids.length} case(s): ${ids.join(', ')}`);
          return 0;
        }
        case 'export': {
          const text = store.exportText({ userOnly: !!flags.user });
          if (rest[0]) {
            writeFileSync(rest[0], text);
            io.out(`exported to ${rest[0]}`);
          } else io.out(text.trimEnd());
          return 0;
        }
        default:
          throw new UsageError(`unknown action "${action}"`);
      }
    } catch (err) {
      if (err instanceof CaseError) {
        io.err(`clawdoc cases ${action}: rejected, nothing changed: ${err.message}`);
        return 1;
      }
      throw err;
    }
  },
};

export const proposalsCommand: Command = {
  name: 'proposals',
  summary: 'Fixes waiting for approval (approve / reject them by id)',
  usage: 'clawdoc proposals [--all] [--json] [--data-dir DIR]',
  options: { ...common, all: { type: 'boolean' } },
  async run({ flags, io }) {
    const { dataDir } = setup(flags, io);
    const list = new ProposalQueue(dataDir).list().filter((p) => flags.all || p.status === 'pending' || p.status === 'approved' || p.status === 'applying');
    if (flags.json) {
      io.out(JSON.stringify(list, null, 2));
      return 0;
    }
    if (!list.length) io.out('No proposals waiting.');
    for (const p of list) io.out(`${p.id}  ${p.status.padEnd(8)} ${clock(p.createdAt)}  ${p.caseId}: ${p.description} (${p.why}; confidence ${p.confidence})${p.result ? ` → ${p.result}` : ''}`);
    return 0;
  },
};

function decisionCommand(name: 'approve' | 'reject'): Command {
  return {
    name,
    summary: name === 'approve' ? 'Approve a proposed fix: the watcher applies it, verifies it, rolls it back if it does not help' : 'Reject a proposed fix',
    usage: `clawdoc ${name} ID [--data-dir DIR]`,
    options: { 'data-dir': { type: 'string' } },
    async run({ flags, positionals, io }) {
      const { dataDir } = setup(flags, io);
      const id = positionals[0];
      if (!id) throw new UsageError(`${name} needs a proposal ID (clawdoc proposals)`);
      const p = new ProposalQueue(dataDir).decide(id, name === 'approve');
      const watcher = new StateFile(dataDir).read()?.status?.watcherPid;
      const watching = !!watcher && isAlive(watcher);
      io.out(`${name === 'approve' ? 'approved' : 'rejected'} ${p.id}: ${p.description}${name === 'approve' ? (watching ? ' — the watcher applies it now' : ' — it is applied when `clawdoc watch` runs') : ''}`);
      return 0;
    },
  };
}

export const approveCommand = decisionCommand('approve');
export const rejectCommand = decisionCommand('reject');

export const changesCommand: Command = {
  name: 'changes',
  summary: "Changes ClawDoc made to OpenClaw's files (each backed up; undo with `clawdoc undo ID`)",
  usage: 'clawdoc changes [--json] [--data-dir DIR]',
  options: { ...common },
  async run({ flags, io }) {
    const { dataDir } = setup(flags, io);
    const list = new ChangeLog(dataDir).list().reverse();
    if (flags.json) {
      io.out(JSON.stringify(list, null, 2));
      return 0;
    }
    if (!list.length) io.out('ClawDoc has not changed any file.');
    for (const c of list) io.out(`${c.id}  ${clock(c.at)}  ${c.what}${c.caseId ? ` [${c.caseId}]` : ''}${c.undoneAt ? ` (undone by ${c.undoneBy})` : ''}\n          ${c.file}${c.backup ? ` ← backup ${c.backup}` : ''}`);
    return 0;
  },
};

export const undoCommand: Command = {
  name: 'undo',
  summary: 'Undo a change ClawDoc made (restores its backup; the current file is backed up first)',
  usage: 'clawdoc undo ID [--data-dir DIR]',
  options: { 'data-dir': { type: 'string' } },
  async run({ flags, positionals, io }) {
    const { dataDir } = setup(flags, io);
    const id = positionals[0];
    if (!id) throw new UsageError('undo needs a change ID (clawdoc changes)');
    const rec = new ChangeLog(dataDir).undo(id, 'user');
    io.out(`undone ${rec.id}: ${rec.what} (${rec.file} restored from ${rec.backup})`);
    return 0;
  },
};

export const snapshotsCommand: Command = {
  name: 'snapshots',
  summary: "Known-good snapshots of OpenClaw's config",
  usage: 'clawdoc snapshots [--json] [--data-dir DIR]',
  options: { ...common },
  async run({ flags, io }) {
    const { dataDir, settings } = setup(flags, io);
    const list = new SnapshotStore(dataDir, settings.doctor.snapshotsKeep).list().reverse();
    if (flags.json) io.out(JSON.stringify(list, null, 2));
    else if (!list.length) io.out('No snapshots yet (one is saved when the gateway is healthy under `clawdoc watch`).');
    else for (const s of list) io.out(`${s.id}  good at ${clock(s.lastGoodAt)}  ${s.size} bytes  ${s.hash.slice(0, 12)}`);
    return 0;
  },
};

export const statsCommand: Command = {
  name: 'stats',
  summary: "The doctor's record: auto-heal rate, per-case success rates, mean time to recovery",
  usage: 'clawdoc stats [--json] [--data-dir DIR]',
  options: { ...common },
  async run({ flags, io }) {
    const { dataDir, settings } = setup(flags, io);
    const records = new DoctorRecords(dataDir).recent(10_000);
    // Incidents come from the watcher's own record: every recovery counts, by restart or by the doctor.
    const open = new StateFile(dataDir).read()?.status?.incident;
    const incidents = [...new History(dataDir).incidents.readAll(), ...(open ? [open] : [])];
    const stats = computeStats(records, new CaseStore(dataDir, () => settings.doctor.approvedCommands), incidents);
    if (flags.json) {
      io.out(JSON.stringify({ ...stats, recent: records.slice(0, 10).map((r) => ({ id: r.id, at: r.at, outcome: r.outcome, summary: r.summary, timeToRecoveryMs: r.timeToRecoveryMs })) }, null, 2));
      return 0;
    }
    const pct = (x: number | null) => (x === null ? 'n/a' : `${Math.round(x * 1000) / 10}%`);
    io.out(`Incidents: ${stats.incidents} (${stats.recovered} recovered, ${stats.open} open)`);
    io.out(`Mean time to recovery: ${stats.meanTimeToRecoveryMs === null ? 'n/a' : duration(stats.meanTimeToRecoveryMs)} (median ${stats.medianTimeToRecoveryMs === null ? 'n/a' : `${Math.round(stats.medianTimeToRecoveryMs / 100) / 10}s`}, over ${stats.recovered} recoveries)`);
    io.out(`Doctor: acted on ${stats.doctorIncidents} incident(s), healed ${stats.healed} (${stats.healedAutomatically} automatically), auto-heal rate ${pct(stats.autoHealRate)}; ${stats.diagnoses} diagnoses (${stats.manualDiagnoses} manual)`);
    for (const c of stats.cases) io.out(`  ${c.id.padEnd(24)} ${c.successes}/${c.attempts} verified (${pct(c.successRate)})`);
    for (const r of records.slice(0, 5)) io.out(`  ${clock(r.at)}  ${r.outcome.padEnd(9)} ${r.summary.slice(0, 160)}`);
    return 0;
  },
};

export const doctorCommands: Command[] = [checkConfigCommand, diagnoseCommand, casesCommand, proposalsCommand, approveCommand, rejectCommand, changesCommand, undoCommand, snapshotsCommand, statsCommand];
