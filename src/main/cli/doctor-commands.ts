// The doctor's commands: check-config, diagnose, cases, proposals/approve/reject, changes/undo,
// snapshots and stats: adapters of the runtime's contract (the running watcher's when one answers).
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { CaseError, MAX_IMPORT_BYTES } from '../engine/doctor/cases/case-store.js';
import { checkConfig } from '../engine/doctor/config-check.js';
import { doctorPaths } from '../engine/doctor/attach-doctor.js';
import { DoctorRecords } from '../engine/doctor/records.js';
import { findPortHolder } from '../engine/gateway/processes.js';
import { loadSettings, type Settings } from '../engine/settings/settings.js';
import { StateFile } from '../engine/store/state-file.js';
import { printAiOutcome } from './ai-command.js';
import { connect } from './connect.js';
import { cliStrings, stringsFor } from './messages.js';
import { resolveDataDir, UsageError, type CliIO } from './cli-context.js';
import { clock, duration } from './cli-format.js';
import type { Command, Flags } from './command.js';

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
  readOnly: true,
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
  usage: 'clawdoc diagnose [TEXT|-] [--ai] [--json] [--data-dir DIR]',
  options: { ...common, ai: { type: 'boolean' } },
  async run({ flags, positionals, io }) {
    const { dataDir } = setup(flags, io);
    let text = positionals.join(' ');
    if (text === '-') text = readFileSync(0, 'utf8');
    const { api } = await connect(dataDir, io);
    const out = await api.diagnose({ ...(text ? { text } : {}), ...(flags.ai ? { ai: true } : {}) });
    const t = stringsFor((await api.settings()).settings.language);
    const cases = await api.cases();
    if (flags.json) {
      io.out(JSON.stringify(out, null, 2));
      return 0;
    }
    if (out.mode === 'live') io.out(t.gatewayProbe(t.state(out.state ?? 'unknown'), out.probe ?? '?'));
    const min = out.minConfidence;
    const shown = out.candidates.filter((c) => c.confidence >= min / 2).slice(0, 5);
    if (!shown.length || shown[0]!.confidence < min) io.out(t.noConfidentMatch);
    for (const c of shown) {
      const k = cases.find((x) => x.id === c.caseId);
      io.out(`${c.confidence >= min ? '*' : ' '} ${c.confidence.toFixed(2)}  ${c.caseId} — ${(t === cliStrings('zh') ? k?.title.zh : k?.title.en) ?? ''}\n        ${t.why}: ${c.reason}`);
      if (k && c.confidence >= min) io.out(`        ${t.fix}: ${k.fix.map((a) => a.type).join(' → ')}`);
    }
    if (out.ai) printAiOutcome(io, t, out.ai);
    return out.ai && !out.ai.ok ? 1 : 0;
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
  readOnly: (args) => ['list', 'show', 'export', undefined].includes(args[0]),
  summary: 'The case library: list, show, add, edit, remove, import, export (JSON, validated)',
  usage: 'clawdoc cases list|show ID|add JSON [--replace]|edit ID JSON|accept ID|remove ID|import FILE [--replace]|export [FILE] [--user] [--file F] [--json] [--data-dir DIR]',
  options: { ...common, file: { type: 'string' }, replace: { type: 'boolean' }, user: { type: 'boolean' } },
  async run({ flags, positionals, io }) {
    const { dataDir } = setup(flags, io);
    const { api } = await connect(dataDir, io);
    const [action = 'list', ...rest] = positionals;
    try {
      switch (action) {
        case 'list': {
          const cases = await api.cases();
          if (flags.json) {
            io.out(JSON.stringify(cases.map((c) => ({ id: c.id, title: c.title, severity: c.severity, builtin: c.builtin, origin: c.origin, overridesBuiltin: c.overridesBuiltin, label: c.provenance, fixes: c.safety, enabled: c.enabled, ...c.stats })), null, 2));
            return 0;
          }
          // origin, and whether the fixes run by themselves under autoHeal=safe
          for (const c of cases) {
            const label = c.review === 'pending' ? `${c.provenance} (review)` : c.provenance;
            io.out(`${c.id.padEnd(24)} ${c.severity.padEnd(8)} ${label.padEnd(25)} ${c.safety.padEnd(15)} ${String(c.stats.successes).padStart(3)}/${String(c.stats.attempts).padEnd(3)} ${c.title.en}`);
          }
          return 0;
        }
        case 'show': {
          const c = (await api.cases()).find((x) => x.id === (rest[0] ?? ''));
          if (!c) throw new CaseError(`no case "${rest[0] ?? ''}"`);
          const { builtin: _builtin, stats, ...shown } = c;
          io.out(JSON.stringify({ ...shown, stats }, null, 2));
          return 0;
        }
        case 'add': {
          const c = await api.addCase(readJsonArg(rest, flags, 'cases add'), { replace: !!flags.replace });
          io.out(`added case ${c.id}`);
          return 0;
        }
        case 'accept': {
          // A learned case, reviewed by a person: it stays (enabled) and is no longer pending.
          const id = rest[0];
          if (!id) throw new UsageError('cases accept needs an ID');
          const c = await api.editCase(id, { enabled: true, review: 'accepted' });
          io.out(`accepted case ${c.id}`);
          return 0;
        }
        case 'edit': {
          const id = rest[0];
          if (!id) throw new UsageError('cases edit needs an ID');
          const c = await api.editCase(id, readJsonArg(rest.slice(1), flags, 'cases edit'));
          io.out(`updated case ${c.id}`);
          return 0;
        }
        case 'remove': {
          const id = rest[0];
          if (!id) throw new UsageError('cases remove needs an ID');
          await api.removeCase(id);
          io.out(`removed case ${id}`);
          return 0;
        }
        case 'import': {
          const file = rest[0] ?? (flags.file as string | undefined);
          if (!file) throw new UsageError('cases import needs a FILE');
          const ids = await api.importCases(readCaseFile(file), { replace: !!flags.replace });
          io.out(ids.length ? `imported ${ids.length} case(s): ${ids.join(', ')}` : 'nothing to import: every case in the file is already in effect as it is');
          return 0;
        }
        case 'export': {
          const text = await api.exportCases({ userOnly: !!flags.user });
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
      if (err instanceof CaseError || (err as Error).name === 'CaseError') {
        io.err(`clawdoc cases ${action}: rejected, nothing changed: ${(err as Error).message}`);
        return 1;
      }
      throw err;
    }
  },
};

export const proposalsCommand: Command = {
  name: 'proposals',
  readOnly: true,
  summary: 'Fixes waiting for approval (approve / reject them by id)',
  usage: 'clawdoc proposals [--all] [--json] [--data-dir DIR]',
  options: { ...common, all: { type: 'boolean' } },
  async run({ flags, io }) {
    const { dataDir } = setup(flags, io);
    const { api } = await connect(dataDir, io);
    const list = await api.proposals({ all: !!flags.all });
    const t = stringsFor((await api.settings()).settings.language);
    if (flags.json) {
      io.out(JSON.stringify(list, null, 2));
      return 0;
    }
    if (!list.length) io.out(t.noProposals);
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
      const { api, watching } = await connect(dataDir, io);
      const p = name === 'approve' ? await api.approve(id) : await api.reject(id);
      const t = stringsFor((await api.settings()).settings.language);
      io.out(name === 'approve' ? t.approved(p.id, p.description, watching) : t.rejected(p.id, p.description));
      return 0;
    },
  };
}

export const approveCommand = decisionCommand('approve');
export const rejectCommand = decisionCommand('reject');

export const changesCommand: Command = {
  name: 'changes',
  readOnly: true,
  summary: "Changes ClawDoc made to OpenClaw's files (each backed up; undo with `clawdoc undo ID`)",
  usage: 'clawdoc changes [--json] [--data-dir DIR]',
  options: { ...common },
  async run({ flags, io }) {
    const { dataDir } = setup(flags, io);
    const { api } = await connect(dataDir, io);
    const list = await api.changes();
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
    const { api } = await connect(dataDir, io);
    const rec = await api.undo(id);
    io.out(`undone ${rec.id}: ${rec.what} (${rec.file} restored from ${rec.backup})`);
    return 0;
  },
};

export const snapshotsCommand: Command = {
  name: 'snapshots',
  readOnly: true,
  summary: "Known-good snapshots of OpenClaw's config",
  usage: 'clawdoc snapshots [--json] [--data-dir DIR]',
  options: { ...common },
  async run({ flags, io }) {
    const { dataDir } = setup(flags, io);
    const { api } = await connect(dataDir, io);
    const list = await api.snapshots();
    if (flags.json) io.out(JSON.stringify(list, null, 2));
    else if (!list.length) io.out('No snapshots yet (one is saved when the gateway is healthy under `clawdoc watch`).');
    else for (const s of list) io.out(`${s.id}  good at ${clock(s.lastGoodAt)}  ${s.size} bytes  ${s.hash.slice(0, 12)}`);
    return 0;
  },
};

export const statsCommand: Command = {
  name: 'stats',
  readOnly: true,
  summary: "The doctor's record: auto-heal rate, per-case success rates, mean time to recovery",
  usage: 'clawdoc stats [--json] [--data-dir DIR]',
  options: { ...common },
  async run({ flags, io }) {
    const { dataDir } = setup(flags, io);
    const records = new DoctorRecords(dataDir).recent(10_000);
    const { api } = await connect(dataDir, io);
    const stats = await api.stats();
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

/** A case file to import: refused before reading when it is not there or too large. */
function readCaseFile(path: string): string {
  if (!existsSync(path)) throw new CaseError(`no file ${path}`);
  if (statSync(path).size > MAX_IMPORT_BYTES) throw new CaseError(`the file is larger than ${MAX_IMPORT_BYTES} bytes`);
  return readFileSync(path, 'utf8');
}

export const doctorCommands: Command[] = [checkConfigCommand, diagnoseCommand, casesCommand, proposalsCommand, approveCommand, rejectCommand, changesCommand, undoCommand, snapshotsCommand, statsCommand];
