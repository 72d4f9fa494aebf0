// The test bed: a real OpenClaw gateway (testbed/node_modules/openclaw on the project's Node 24),
// isolated on loopback with temporary state, HOME and log file, and ClawDoc's CLI driven as a user would.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WatchEvent, WatchEventDetails } from '../../src/shared/status.js';
import type { HistoryEventType } from '../../src/shared/history.js';

/** One JSON line of `clawdoc watch --json`: a watchdog event, or a doctor event (its details carry `phase`). */
export type WatchLine = Omit<WatchEvent, 'type' | 'details'> & { type: HistoryEventType; details?: WatchEventDetails & { phase?: string; [key: string]: unknown } };

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const OPENCLAW_BIN = join(ROOT, 'testbed', 'node_modules', '.bin', process.platform === 'win32' ? 'openclaw.cmd' : 'openclaw');
export const NODE_BIN_DIR = join(ROOT, 'node_modules', '.bin');
export const CLAWDOC_BIN = join(ROOT, 'bin', 'clawdoc.js');

export function hasTestbed(): boolean {
  return existsSync(OPENCLAW_BIN);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function waitUntil<T>(fn: () => T | Promise<T>, timeoutMs: number, what: string, everyMs = 100): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last as NonNullable<T>;
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export interface GatewaySandbox {
  port: number;
  dir: string;
  stateDir: string;
  configPath: string;
  home: string;
  fileLog: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  writeConfig(text: string): void;
  cleanup(): void;
}

/** The minimal config that starts offline (docs/openclaw-gateway.md), with the file log kept inside the sandbox. */
export function minimalConfig(port: number, fileLog: string): string {
  return `{ gateway: { mode: "local", port: ${port}, bind: "loopback", auth: { mode: "none" } }, logging: { file: ${JSON.stringify(fileLog)} } }\n`;
}

export async function makeSandbox(name = 'gw'): Promise<GatewaySandbox> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), `clawdoc-${name}-`));
  const stateDir = join(dir, 'state');
  const home = join(dir, 'home');
  const dataDir = join(dir, 'clawdoc');
  for (const d of [stateDir, home, dataDir]) mkdirSync(d, { recursive: true });
  const configPath = join(stateDir, 'openclaw.json');
  const fileLog = join(dir, 'openclaw.log');
  writeFileSync(configPath, minimalConfig(port, fileLog));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${NODE_BIN_DIR}${delimiter}${process.env.PATH ?? ''}`,
    HOME: home,
    OPENCLAW_STATE_DIR: stateDir,
    OPENCLAW_SKIP_CHANNELS: '1',
    OPENCLAW_DISABLE_BONJOUR: '1',
    OPENCLAW_NO_RESPAWN: '1',
    CLAWDOC_DATA_DIR: dataDir,
  };
  delete env.NODE_TEST_CONTEXT; // the CLI and the gateway are not test files
  delete env.NODE_OPTIONS;
  return {
    port,
    dir,
    stateDir,
    configPath,
    home,
    fileLog,
    dataDir,
    env,
    writeConfig: (text) => writeFileSync(configPath, text),
    // Retries (10 s): a gateway that is still dying, or an `openclaw gateway restart-handoff` CLI ClawDoc started
    // before it was killed, may write into the dir while it is removed (ENOTEMPTY).
    cleanup: () => rmSync(dir, { recursive: true, force: true, maxRetries: 50, retryDelay: 200 }),
  };
}

/** Kills a process group (the gateway and its helpers), ignoring the already-dead. */
export function killGroup(pid: number | undefined, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (!pid) return;
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, signal);
    } catch {
      // gone
    }
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface ClawdocRun {
  proc: ChildProcess;
  events: WatchLine[];
  output: string[];
  waitForEvent(pred: (e: WatchLine) => boolean, timeoutMs: number, what: string): Promise<WatchLine>;
  count(pred: (e: WatchLine) => boolean): number;
  /** The gateway pid ClawDoc's state file names. */
  gatewayPid(): number | undefined;
  state(): { status?: { state: string; restartsInWindow: number; crashesInWindow: number; pid?: number }; policy?: { crashes: number[]; restarts: number[] }; child?: { pid: number } } | undefined;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Runs `clawdoc watch --json` on the sandbox's gateway (child mode) and collects its events. */
export function runWatch(sb: GatewaySandbox, extraArgs: string[] = [], env: NodeJS.ProcessEnv = {}): ClawdocRun {
  return spawnWatch(['--manage', 'child', '--port', String(sb.port), '--openclaw', OPENCLAW_BIN, ...extraArgs], sb.dataDir, { ...sb.env, ...env });
}

/** Runs `clawdoc watch --json <args> --data-dir <dataDir>` and collects its events (also the benchmarks' watcher). */
export function spawnWatch(watchArgs: string[], dataDir: string, env: NodeJS.ProcessEnv): ClawdocRun {
  const args = [CLAWDOC_BIN, 'watch', '--json', ...watchArgs, '--data-dir', dataDir];
  const proc = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const events: WatchLine[] = [];
  const output: string[] = [];
  let buf = '';
  proc.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      output.push(line);
      if (line.startsWith('{')) {
        try {
          events.push(JSON.parse(line) as WatchLine);
        } catch {
          // not an event
        }
      }
    }
  });
  proc.stderr!.on('data', (d: Buffer) => output.push(`[stderr] ${d.toString().trimEnd()}`));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const readState = () => {
    try {
      return JSON.parse(readFileSync(join(dataDir, 'state.json'), 'utf8'));
    } catch {
      return undefined;
    }
  };
  return {
    proc,
    events,
    output,
    async waitForEvent(pred, timeoutMs, what) {
      return waitUntil(() => events.find(pred), timeoutMs, `${what}\n--- clawdoc output ---\n${output.slice(-40).join('\n')}`);
    },
    count: (pred) => events.filter(pred).length,
    gatewayPid: () => readState()?.child?.pid ?? readState()?.status?.pid,
    state: readState,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill(signal);
        await Promise.race([exited, sleep(10_000)]);
        if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      }
    },
  };
}

/** Everything a test started must go: ClawDoc, the gateway group, the sandbox. */
export async function teardown(sb: GatewaySandbox, runs: ClawdocRun[]): Promise<void> {
  const pids = new Set<number>();
  for (const r of runs) {
    const pid = r.gatewayPid();
    if (pid) pids.add(pid);
    await r.stop('SIGKILL');
  }
  for (const pid of pids) killGroup(pid);
  // Any gateway still listening on the sandbox port (e.g. one a test started by hand).
  sb.cleanup();
}

export function isHealthyEvent(e: WatchLine): boolean {
  return e.type === 'state' && e.to === 'healthy';
}
