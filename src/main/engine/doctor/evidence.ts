// Evidence for a diagnosis, gathered incrementally and cheaply: the gateway's exit code and last output,
// OpenClaw's JSON-lines file log and service logs (only new bytes, via LogFollower), stability bundles,
// /readyz failing[], the config check, who holds the port, memory and disk.
import { existsSync, readdirSync, readFileSync, statfsSync, statSync } from 'node:fs';
import { freemem, totalmem, homedir, hostname } from 'node:os';
import { join } from 'node:path';
import type { EscalationCause, PortHolder, ProbeResult } from '../../../shared/status.js';
import { runCommand, stripAnsi, type Runner } from '../util/exec.js';
import { checkConfig, type ConfigCheckResult, type Finding } from './config-check.js';
import { getPath, readConfig } from '../openclaw/config-file.js';
import { FollowPositions, LogFollower, openclawLogFacts } from './log-follower.js';
import type { ProblemListener } from '../store/documents.js';
import { processFacts, runsOpenClawGateway } from '../gateway/processes.js';
import { GatewayLog } from '../manage/gateway-log.js';

export interface Evidence {
  at: number;
  trigger: string;
  cause?: EscalationCause;
  reason?: string;
  exitCode?: number | null;
  lastOutput: string[];
  /** New lines from OpenClaw's file log and service logs (normalized, newest last). */
  logLines: string[];
  failing: string[];
  probe?: ProbeResult;
  config?: ConfigCheckResult;
  portHolder?: PortHolder | null;
  memory?: { totalMb: number; freeMb: number; gatewayRssMb?: number };
  disk?: { path: string; freeMb: number; totalMb: number };
  stabilityBundles: string[];
  gatewayPid?: number;
  sources: string[];
  durationMs: number;
}

export interface EvidenceOptions {
  dataDir: string;
  configPath: string;
  stateDir: string;
  fileLogDir: string;
  port: number;
  platform?: NodeJS.Platform;
  home?: string;
  extraLogFiles?: string[];
  /** journalctl for the systemd user unit (Linux, service mode). */
  systemdUnit?: string;
  portHolder: (port: number) => Promise<PortHolder | null>;
  /** The openclaw ClawDoc runs (a compiled openclaw binary holding the port counts only when it is this one). */
  openclawPath?: string;
  runner?: Runner;
  /** Recent lines kept in memory between gathers. */
  keepLines?: number;
  /** Told when the saved log positions were damaged and moved aside. */
  onProblem?: ProblemListener;
  /** ClawDoc's capture of the gateway's output (child mode: <dataDir>/logs/gateway.log). */
  gatewayLog?: string;
}

export interface GatherInput {
  trigger: string;
  cause?: EscalationCause;
  reason?: string;
  exitCode?: number | null;
  lastOutput?: string[];
  probe?: ProbeResult;
  portHolder?: PortHolder | null;
  gatewayPid?: number;
  gatewayRssBytes?: number;
  /** Only log lines read after this time count (default: the last 10 minutes). */
  since?: number;
  /** Skip the port lookup (e.g. a pasted text). */
  skipPort?: boolean;
  /** Also read the tail of the gateway log from this offset (the start of the run in question). */
  gatewayLogFrom?: number;
}

interface RecentLine {
  t: number;
  line: string;
  /** The line's own timestamp. */
  lt?: number;
  host?: string;
  pid?: number;
  port?: number;
}

function localDate(ts = Date.now()): string {
  const d = new Date(ts);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export class EvidenceCollector {
  private readonly followers: LogFollower[] = [];
  /** Lines read, with when they were read (`t`) and what they say about their origin (time, host, pid, port). */
  private recent: RecentLine[] = [];
  private readonly keep: number;
  private seenBundles = new Set<string>();
  private journalSince?: number;
  /** logging.file from the last config that parsed (null: none set). */
  private customLog?: string | null;

  constructor(private readonly options: EvidenceOptions) {
    this.keep = options.keepLines ?? 2000;
    const opts = { positions: new FollowPositions(options.dataDir, options.onProblem) };
    this.followers.push(new LogFollower('openclaw-file-log', () => this.fileLogPath(), opts));
    const platform = options.platform ?? process.platform;
    const home = options.home ?? homedir();
    const service: string[] = [join(options.stateDir, 'logs', 'gateway.log'), join(options.stateDir, 'logs', 'gateway-restart.log')];
    if (platform === 'darwin') service.push(join(home, 'Library', 'Logs', 'openclaw', 'gateway.log'), join(home, 'Library', 'Logs', 'openclaw', 'gateway.err.log'));
    for (const f of [...service, ...(options.extraLogFiles ?? [])]) this.followers.push(new LogFollower(`file:${f}`, () => f, opts));
  }

  /** OpenClaw's file log: `logging.file`, else /tmp/openclaw/openclaw-<local date>.log. */
  fileLogPath(): string {
    const cfg = readConfig(this.options.configPath);
    if (cfg.ok) {
      const custom = getPath(cfg.value, 'logging.file');
      this.customLog = typeof custom === 'string' && custom.trim() ? custom : null;
    }
    // While the config is broken, keep following the file it named last (not the shared default log).
    if (this.customLog) return this.customLog;
    return join(this.options.fileLogDir, `openclaw-${localDate()}.log`);
  }

  /** Reads whatever the logs gained since the last call into the recent-lines ring. */
  pollLogs(): { lines: string[]; sources: string[] } {
    const lines: string[] = [];
    const sources: string[] = [];
    const t = Date.now();
    for (const f of this.followers) {
      const r = f.read();
      if (r.path && (r.lines.length || existsSync(r.path))) sources.push(r.path);
      // A line without its own timestamp continues the stamped line before it (a multi-line message).
      let last: Omit<RecentLine, 'line' | 't'> = {};
      for (const raw of r.lines) {
        const facts = openclawLogFacts(stripAnsi(raw));
        const origin = facts.time !== undefined ? { lt: facts.time, host: facts.hostname, pid: facts.pid, port: facts.port } : { ...last, port: facts.port ?? last.port };
        if (facts.time !== undefined) last = origin;
        const line = stripAnsi(facts.text);
        lines.push(line);
        this.recent.push({ t, line, ...origin });
      }
    }
    if (this.recent.length > this.keep) this.recent = this.recent.slice(-this.keep);
    return { lines, sources };
  }

  /**
   * Lines of this gateway since `since` (default: the last 10 minutes), oldest first. The default file
   * log (/tmp/openclaw) is shared by every gateway on the machine: a line stamped before `since`, or that
   * names another host, gateway pid or gateway port, is not this incident's evidence.
   */
  recentLines(since = Date.now() - 10 * 60_000, gatewayPid?: number): string[] {
    const host = hostname();
    return this.recent
      .filter((r) => r.t >= since && (r.lt === undefined || r.lt >= since))
      .filter((r) => (r.host === undefined || r.host === host) && (r.port === undefined || r.port === this.options.port) && (r.pid === undefined || gatewayPid === undefined || r.pid === gatewayPid))
      .map((r) => r.line);
  }

  async gather(input: GatherInput): Promise<Evidence> {
    const started = performance.now();
    const { sources } = this.pollLogs();
    let lastOutput = (input.lastOutput ?? []).map(stripAnsi);
    if (this.options.gatewayLog && input.gatewayLogFrom !== undefined) {
      const tail = new GatewayLog(this.options.gatewayLog).tail(input.gatewayLogFrom, 40);
      if (tail.length) {
        sources.push(this.options.gatewayLog);
        const have = new Set(lastOutput);
        lastOutput = [...lastOutput, ...tail.filter((l) => !have.has(l))];
      }
    }
    const journal = await this.readJournal();
    if (journal.length) sources.push(`journalctl --user -u ${this.options.systemdUnit}`);
    const bundles = this.newStabilityBundles();
    if (bundles.length) sources.push(join(this.options.stateDir, 'logs', 'stability'));
    let portHolder = input.portHolder !== undefined ? input.portHolder : input.skipPort ? undefined : await this.options.portHolder(this.options.port).catch(() => null);
    // Classify by what the process is (executable + entrypoint), never by its command-line text.
    if (portHolder) {
      const facts = await processFacts(portHolder.pid);
      portHolder = { ...portHolder, isOpenClaw: !!facts && runsOpenClawGateway(facts, this.options.openclawPath) };
    }
    const holderNow = portHolder;
    const config = await checkConfig({
      configPath: this.options.configPath,
      port: this.options.port,
      portHolder: input.skipPort ? undefined : async () => holderNow ?? null,
      gatewayPid: input.gatewayPid,
    });
    const memory = { totalMb: Math.round(totalmem() / 1048576), freeMb: Math.round(freemem() / 1048576), gatewayRssMb: input.gatewayRssBytes ? Math.round(input.gatewayRssBytes / 1048576) : undefined };
    let disk: Evidence['disk'];
    try {
      const target = existsSync(this.options.stateDir) ? this.options.stateDir : this.options.dataDir;
      const st = statfsSync(target);
      disk = { path: target, freeMb: Math.round((st.bavail * st.bsize) / 1048576), totalMb: Math.round((st.blocks * st.bsize) / 1048576) };
    } catch {
      disk = undefined;
    }
    const extra: Finding[] = [];
    if (disk && disk.freeMb < 100) extra.push({ code: 'disk-low', severity: 'error', key: '(disk)', message: `only ${disk.freeMb} MB free on ${disk.path}`, hint: 'free disk space' });
    if (memory.freeMb < 128) extra.push({ code: 'memory-low', severity: 'warning', key: '(memory)', message: `only ${memory.freeMb} MB of memory free`, hint: 'close other programs or restart the gateway' });
    config.findings.push(...extra);
    return {
      at: Date.now(),
      trigger: input.trigger,
      cause: input.cause,
      reason: input.reason,
      exitCode: input.exitCode,
      lastOutput,
      logLines: [...this.recentLines(input.since, input.gatewayPid).slice(-1000), ...journal],
      gatewayPid: input.gatewayPid,
      failing: input.probe?.failing ?? [],
      probe: input.probe,
      config,
      portHolder,
      memory,
      disk,
      stabilityBundles: bundles,
      sources,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    };
  }

  private async readJournal(): Promise<string[]> {
    if (!this.options.systemdUnit || (this.options.platform ?? process.platform) !== 'linux') return [];
    const since = this.journalSince ?? Date.now() - 10 * 60_000;
    this.journalSince = Date.now();
    const r = await (this.options.runner ?? runCommand)('journalctl', ['--user', '-u', this.options.systemdUnit, '--no-pager', '-o', 'cat', '--since', `@${Math.floor(since / 1000)}`, '-n', '500'], { timeoutMs: 3000 });
    if (r.code !== 0) return [];
    return stripAnsi(r.stdout).split('\n').filter((l) => l.trim());
  }

  /** Crash bundles OpenClaw writes (stability/openclaw-stability-*.json): the new ones, as short lines. */
  private newStabilityBundles(): string[] {
    const dirs = [join(this.options.stateDir, 'logs', 'stability')];
    const out: string[] = [];
    for (const dir of dirs) {
      let names: string[] = [];
      try {
        names = readdirSync(dir).filter((n) => n.startsWith('openclaw-stability-') && n.endsWith('.json'));
      } catch {
        continue;
      }
      for (const n of names.sort().slice(-5)) {
        const full = join(dir, n);
        if (this.seenBundles.has(full)) continue;
        this.seenBundles.add(full);
        try {
          const st = statSync(full);
          if (!st.isFile() || st.size > 2 * 1024 * 1024) continue; // a FIFO here would block the read
          const text = readFileSync(full, 'utf8').slice(0, 4000);
          out.push(`${n}: ${text.replace(/\s+/g, ' ').slice(0, 1000)}`);
        } catch {
          // vanished
        }
      }
    }
    return out;
  }
}

/** The text lines a matcher looks at. */
export function evidenceLines(e: Evidence): string[] {
  return [...e.logLines, ...e.stabilityBundles, ...e.lastOutput, ...(e.reason ? [e.reason] : [])];
}

export function portHolderKind(e: Evidence): 'openclaw' | 'foreign' | null | undefined {
  if (e.portHolder === undefined) return undefined;
  if (e.portHolder === null || (e.gatewayPid !== undefined && e.portHolder.pid === e.gatewayPid)) return null;
  return e.portHolder.isOpenClaw ? 'openclaw' : 'foreign';
}
