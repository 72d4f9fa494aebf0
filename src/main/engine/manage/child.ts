// manage=child: ClawDoc starts and owns `openclaw gateway run`. The process gets its own process
// group and writes straight into ClawDoc's log file, so it outlives ClawDoc and can be adopted.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync } from 'node:fs';
import { identifyGateway, isAlive, isStopped, signalGateway } from '../gateway/processes.js';
import { killTree } from '../util/exec.js';
import type { GatewayLog } from './gateway-log.js';
import type { ExitInfo, GatewayManager, RestartOutcome } from './manager.js';

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
  onTrack?: (record: { pid: number; startedAt: number; logOffset: number } | undefined) => void;
  /** How often an adopted (not our child) process is checked for life. */
  adoptPollMs?: number;
}

/** `gateway run` args with the port ClawDoc watches, unless the user already gave one. */
export function gatewayArgs(args: string[], port: number): string[] {
  return args.includes('--port') || args.some((a) => a.startsWith('--port=')) ? [...args] : [...args, '--port', String(port)];
}

export class ChildManager implements GatewayManager {
  readonly mode = 'child' as const;
  readonly canRestart = true;
  private tracked?: { pid: number; startedAt: number; logOffset: number };
  private listeners: ((info: ExitInfo) => void)[] = [];
  private pollTimer?: NodeJS.Timeout;
  private exitWaiters: (() => void)[] = [];
  /** Whether the tracked gateway leads a process group ClawDoc created (spawned now or by an earlier ClawDoc). */
  private ownGroup = false;
  /** The log was rotated during the tracked run: its earlier output is in gateway.log.1. */
  private rotatedDuringRun = false;

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
    let child: ChildProcess;
    try {
      child = spawn(o.openclawPath, args, {
        env: { OPENCLAW_NO_RESPAWN: '1', ...o.env },
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
    this.track({ pid, startedAt, logOffset: offset });
    child.once('exit', (code, signal) => this.handleExit(pid, code, signal));
    return { ok: true, via: `${o.openclawPath} ${args.join(' ')}`, pid };
  }

  async restart(reason: string): Promise<RestartOutcome> {
    await this.stop(reason);
    return this.start();
  }

  async stop(_reason?: string): Promise<void> {
    const tracked = this.tracked;
    if (!tracked || !isAlive(tracked.pid)) return;
    const gone = new Promise<void>((resolve) => this.exitWaiters.push(resolve));
    // Its group only when it leads one (a gateway ClawDoc spawned does); an adopted one may not.
    await signalGateway(tracked.pid, 'SIGTERM');
    if (await isStopped(tracked.pid)) await signalGateway(tracked.pid, 'SIGCONT'); // a stopped process cannot act on TERM
    const timedOut = await Promise.race([gone.then(() => false), sleep(this.options.killTimeoutMs).then(() => true)]);
    if (timedOut && isAlive(tracked.pid)) {
      await signalGateway(tracked.pid, 'SIGKILL');
      await Promise.race([gone, sleep(5000)]);
    }
  }

  /** `ownGroup`: the pid was spawned by an earlier ClawDoc (from its state file), so it leads its own group. */
  async adopt(pid: number, startedAt = Date.now(), logOffset = this.options.log.size(), ownGroup = false): Promise<boolean> {
    if (!isAlive(pid)) return false;
    // Never adopt (and later kill) a process not proven to be this gateway (its port or its lock).
    const id = await identifyGateway(pid, { port: this.options.port, stateDir: this.options.stateDir, openclawPath: this.options.openclawPath });
    if (!id.ok) return false;
    this.ownGroup = ownGroup && id.leadsGroup;
    this.track({ pid, startedAt, logOffset });
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
    this.listeners = [];
  }

  private track(record: { pid: number; startedAt: number; logOffset: number } | undefined): void {
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
    for (const resolve of this.exitWaiters.splice(0)) resolve();
    for (const listener of this.listeners) listener(info);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
