// manage=child: ClawDoc starts and owns `openclaw gateway run`. The process gets its own process
// group and writes straight into ClawDoc's log file, so it outlives ClawDoc and can be adopted.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync } from 'node:fs';
import { identifyGateway, isAlive, isStopped, signalGateway } from '../gateway/processes.js';
import { killTree } from '../util/exec.js';
import type { GatewayLog } from './gateway-log.js';
import type { ExitInfo, GatewayManager, RestartOutcome, StopOptions } from './manager.js';
import { OPENCLAW_DRAIN_MS, RESTART_SIGNAL, supervisedEnv, type ConsumeResult, type HandoffClient } from './supervisor-contract.js';

export interface ChildOptions {
  openclawPath: string;
  args: string[];
  port: number;
  /** OpenClaw's state dir: a gateway that owns its lock (not yet listening) can be adopted too. */
  stateDir?: string;
  env: NodeJS.ProcessEnv;
  log: GatewayLog;
  killTimeoutMs: number;
  /** Called after every spawn or adoption, to persist what is needed to adopt after a ClawDoc restart. */
  onTrack?: (record: Tracked | undefined) => void;
  /** How often an adopted (not our child) process is checked for life. */
  adoptPollMs?: number;
  /** The gateway's drain budget when ClawDoc asks it to stop or restart (default: OpenClaw's 315 s). */
  drainTimeoutMs?: number;
  /** A gateway that gives no answer at all for this long while it should drain is hung: killed (a drain needs a live process). */
  answerBudgetMs?: number;
  /** /startupz: true started, false starting or draining (alive), undefined no OpenClaw answer. */
  startupProbe?: () => Promise<boolean | undefined>;
  /** `openclaw gateway restart-handoff` on the same openclaw; without it restarts stay in-process. */
  handoff?: HandoffClient;
  /** The user's own gateway env (settings): an OPENCLAW_NO_RESPAWN there is kept. */
  userEnv?: Record<string, string>;
  /** How long after the first healthy probe the restart handoff is negotiated (default 60 s). */
  negotiateDelayMs?: number;
}

export type Tracked = { pid: number; startedAt: number; logOffset: number; handoff?: boolean };
type DrainEnd = { how: 'exited'; info: ExitInfo } | { how: 'in-process' } | { how: 'ignored' } | { how: 'killed'; why: string };

/** `gateway run` args with the port ClawDoc watches, unless the user already gave one. */
export function gatewayArgs(args: string[], port: number): string[] {
  return args.includes('--port') || args.some((a) => a.startsWith('--port=')) ? [...args] : [...args, '--port', String(port)];
}

export class ChildManager implements GatewayManager {
  readonly mode = 'child' as const;
  readonly canRestart = true;
  private tracked?: Tracked;
  private listeners: ((info: ExitInfo) => void)[] = [];
  private pollTimer?: NodeJS.Timeout;
  private exitWaiters: ((info: ExitInfo) => void)[] = [];
  /** Whether the tracked gateway leads a process group ClawDoc created (spawned now or by an earlier ClawDoc). */
  private ownGroup = false;
  /** The log was rotated during the tracked run: its earlier output is in gateway.log.1. */
  private rotatedDuringRun = false;
  private negotiateTimer?: NodeJS.Timeout;

  constructor(private readonly options: ChildOptions) {}

  pid(): number | undefined {
    return this.tracked?.pid;
  }

  startedAt(): number | undefined {
    return this.tracked?.startedAt;
  }

  onExit(listener: (info: ExitInfo) => void): void {
    this.listeners.push(listener);
  }

  async start(_reason?: string): Promise<RestartOutcome> {
    if (this.tracked && isAlive(this.tracked.pid)) return { ok: true, via: 'already running', pid: this.tracked.pid };
    const o = this.options;
    const args = gatewayArgs(o.args, o.port);
    const { fd, offset } = o.log.openForRun();
    // OpenClaw's supervisor contract: ClawDoc declares itself; with a handoff, restarts come back as a clean exit.
    const handoff = o.handoff?.current()?.ok === true;
    let child: ChildProcess;
    try {
      child = spawn(o.openclawPath, args, {
        env: supervisedEnv(o.env, { handoff, userEnv: o.userEnv }),
        stdio: ['ignore', fd, fd],
        detached: true, // own process group: survives ClawDoc, and its helpers are signalled with it
        windowsHide: true,
        shell: process.platform === 'win32' && /\.(cmd|bat)$/i.test(o.openclawPath),
      });
    } finally {
      closeSync(fd);
    }
    const spawnError = await new Promise<Error | undefined>((resolve) => {
      child.once('error', resolve);
      child.once('spawn', () => resolve(undefined));
    });
    if (spawnError || !child.pid) {
      const code = (spawnError as NodeJS.ErrnoException | undefined)?.code;
      const fatal = code === 'ENOENT' || code === 'EACCES';
      const detail = code === 'ENOENT' ? `${o.openclawPath} was not found: install OpenClaw or set gateway.openclawPath (--openclaw)` : (spawnError?.message ?? 'no pid');
      return { ok: false, via: `${o.openclawPath} ${args.join(' ')}`, detail, fatal };
    }
    child.unref();
    const pid = child.pid;
    const startedAt = Date.now();
    this.ownGroup = true;
    this.track({ pid, startedAt, logOffset: offset, handoff });
    child.once('exit', (code, signal) => this.handleExit(pid, code, signal));
    return { ok: true, via: `${o.openclawPath} ${args.join(' ')}`, pid };
  }

  /**
   * OpenClaw's restart path: SIGUSR2 makes the gateway drain (up to its budget) and then either exit cleanly
   * with a handoff (ClawDoc consumes it and starts a fresh process) or restart in-process. A gateway that
   * ignores the signal is stopped with a drain instead; one that stops answering is killed.
   */
  async restart(reason: string): Promise<RestartOutcome> {
    const tracked = this.tracked;
    if (!tracked || !isAlive(tracked.pid)) return this.start(reason);
    if (process.platform === 'win32') {
      await this.stop(reason);
      return this.start(reason);
    }
    const caps = this.options.handoff ? await this.options.handoff.negotiate() : undefined;
    if (caps?.ok && !tracked.handoff) {
      // Started before the handoff was negotiated (OpenClaw would restart in-process): once, a drained stop and
      // a fresh gateway that hands its later restarts back.
      await this.stop(reason);
      const outcome = await this.start(reason);
      return { ...outcome, via: `SIGTERM, drained (a fresh gateway with OpenClaw's restart handoff); then ${outcome.via}` };
    }
    const end = await this.drain(tracked.pid, RESTART_SIGNAL, !tracked.handoff);
    if (end.how === 'in-process') return { ok: true, via: `${RESTART_SIGNAL} (OpenClaw restarted in-process)`, pid: tracked.pid };
    if (end.how === 'ignored') await this.stop(reason);
    let consumed: ConsumeResult | undefined;
    if (end.how === 'exited' && end.info.code === 0 && tracked.handoff && this.options.handoff) consumed = await this.options.handoff.consume(tracked.pid);
    const outcome = await this.start(reason);
    const how =
      end.how === 'exited'
        ? `${RESTART_SIGNAL}, drained and exited${consumed ? ` (handoff ${consumed.status}${consumed.reason ? `: ${consumed.reason}` : ''})` : ''}`
        : end.how === 'ignored'
          ? `${RESTART_SIGNAL} ignored, stopped with a drain`
          : `killed: ${end.why}`;
    return { ...outcome, via: `${how}; then ${outcome.via}` };
  }

  /** Stop: SIGTERM lets OpenClaw drain (up to its budget); a hung gateway is killed after the answer budget. */
  async stop(_reason?: string, opts: StopOptions = {}): Promise<void> {
    const tracked = this.tracked;
    if (!tracked || !isAlive(tracked.pid)) return;
    await this.drain(tracked.pid, 'SIGTERM', false, opts.hung);
  }

  /** Consumes the handoff of a gateway that exited 0 on its own (`openclaw gateway restart` in external mode). */
  async consumeHandoff(pid: number): Promise<ConsumeResult | undefined> {
    return this.options.handoff?.current()?.ok ? this.options.handoff.consume(pid) : undefined;
  }

  /**
   * Kicks off the capability negotiation a minute after the gateway is up: the CLI's cold start costs seconds
   * of CPU, which must not compete with a boot (or a recovery right after it). A planned restart before then
   * negotiates on the spot.
   */
  settled(): void {
    if (this.negotiateTimer || !this.options.handoff || this.options.handoff.current()) return;
    this.negotiateTimer = setTimeout(() => void this.options.handoff?.negotiate(), this.options.negotiateDelayMs ?? 60_000);
    this.negotiateTimer.unref();
  }

  /**
   * Sends `signal` and waits for the gateway to finish: its exit, or (inPlace) an in-process restart seen on
   * /startupz. Killed when it gives no answer for the answer budget, or past the drain budget plus OpenClaw's
   * own shutdown reserve.
   */
  private async drain(pid: number, signal: NodeJS.Signals, inPlace: boolean, hung = false): Promise<DrainEnd> {
    const o = this.options;
    const gone = new Promise<ExitInfo>((resolve) => this.exitWaiters.push(resolve));
    let exited: ExitInfo | undefined;
    void gone.then((info) => (exited = info));
    const sentAt = Date.now();
    try {
      process.kill(pid, signal); // the gateway alone: its helpers are its to stop while it drains
    } catch {
      // already gone
    }
    if (await isStopped(pid)) await signalGateway(pid, 'SIGCONT'); // a stopped process cannot act on the signal
    const answerBudget = o.answerBudgetMs ?? 10_000;
    const deadline = sentAt + (o.drainTimeoutMs ?? OPENCLAW_DRAIN_MS) + Math.max(o.killTimeoutMs, 1000);
    let lastAnswer = hung ? sentAt : Date.now();
    let left = false; // /startupz stopped saying started (the restart began)
    let killWhy: string | undefined;
    while (!exited) {
      const now = Date.now();
      if (now >= deadline) killWhy = `still running ${Math.round((now - sentAt) / 1000)}s after ${signal} (drain budget ${Math.round((o.drainTimeoutMs ?? OPENCLAW_DRAIN_MS) / 1000)}s)`;
      else if (now - lastAnswer >= answerBudget) killWhy = `no answer for ${Math.round((now - lastAnswer) / 1000)}s after ${signal}: a drain needs a live process`;
      if (killWhy) break;
      const started = o.startupProbe ? await Promise.race([o.startupProbe(), gone.then(() => undefined)]) : true;
      if (exited) break;
      if (started !== undefined) lastAnswer = Date.now();
      if (started !== true) left = true;
      if (inPlace && started === true && left) return { how: 'in-process' };
      if (started === true && !left && Date.now() - sentAt > 5_000 && signal === RESTART_SIGNAL) return { how: 'ignored' }; // e.g. commands.restart=false
      if (!o.startupProbe && Date.now() - sentAt > o.killTimeoutMs) killWhy = `still running ${o.killTimeoutMs} ms after ${signal}`;
      await Promise.race([sleep(250), gone]);
    }
    if (exited) return { how: 'exited', info: exited };
    if (isAlive(pid)) await signalGateway(pid, 'SIGKILL');
    await Promise.race([gone, sleep(5000)]);
    return { how: 'killed', why: killWhy ?? 'gone' };
  }

  /** `ownGroup`: the pid was spawned by an earlier ClawDoc (from its state file), so it leads its own group. */
  async adopt(pid: number, startedAt = Date.now(), logOffset = this.options.log.size(), ownGroup = false, handoff = false): Promise<boolean> {
    if (!isAlive(pid)) return false;
    // Never adopt (and later kill) a process not proven to be this gateway (its port or its lock).
    const id = await identifyGateway(pid, { port: this.options.port, stateDir: this.options.stateDir, openclawPath: this.options.openclawPath });
    if (!id.ok) return false;
    this.ownGroup = ownGroup && id.leadsGroup;
    this.track({ pid, startedAt, logOffset, handoff });
    // Not our child: no exit event, so poll for its end (cheap: a signal-0 check).
    this.pollTimer = setInterval(() => {
      if (!isAlive(pid)) this.handleExit(pid, null, null);
    }, this.options.adoptPollMs ?? 250);
    this.pollTimer.unref();
    return true;
  }

  /** Rotates the gateway's log when it grew too large; the run's output now starts at offset 0. */
  maintain(): void {
    let rotated = false;
    try {
      rotated = this.options.log.rotateIfLarge();
    } catch {
      return; // e.g. the disk is full: try again next time
    }
    if (rotated && this.tracked) {
      this.tracked = { ...this.tracked, logOffset: 0 };
      this.rotatedDuringRun = true;
      this.options.onTrack?.(this.tracked);
    }
  }

  async lastOutput(lines = 40): Promise<string[]> {
    return this.options.log.tail(this.tracked?.logOffset ?? 0, lines, this.rotatedDuringRun);
  }

  dispose(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.negotiateTimer) clearTimeout(this.negotiateTimer);
    this.listeners = [];
  }

  private track(record: Tracked | undefined): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = undefined;
    this.tracked = record;
    this.rotatedDuringRun = false;
    this.options.onTrack?.(record);
  }

  private handleExit(pid: number, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.tracked?.pid !== pid) return;
    const tracked = this.tracked;
    const info: ExitInfo = {
      pid,
      code,
      signal,
      at: Date.now(),
      uptimeMs: Date.now() - tracked.startedAt,
      lastOutput: this.options.log.tail(tracked.logOffset, 40, this.rotatedDuringRun),
    };
    // The gateway's helpers (spawn broker, sqlite workers) share its process group, which ClawDoc
    // created: clear out any straggler so it cannot hold locks or CPU while the next gateway starts.
    if (this.ownGroup) killTree(pid, 'SIGKILL');
    this.track(undefined);
    for (const resolve of this.exitWaiters.splice(0)) resolve(info);
    for (const listener of this.listeners) listener(info);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
