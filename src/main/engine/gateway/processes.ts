// Facts about processes: who holds a port, what a pid's command line is, its memory and CPU.
// Cheap paths first (/proc on Linux, ps on macOS); systeminformation where there is nothing cheaper.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import si from 'systeminformation';
import type { PortHolder, ProcessStats } from '../../../shared/status.js';

const run = promisify(execFile);

/**
 * Is this OpenClaw? The gateway sets its process title to `openclaw-gateway`; the CLI and its helpers
 * run from an `openclaw` executable or package path. Only the program and its script are checked, not
 * the other arguments: `node -e "… openclaw …"` is not OpenClaw.
 */
export function looksLikeOpenClaw(name: string, command: string): boolean {
  if (/^openclaw/i.test(name.trim())) return true;
  const [program = '', script = ''] = command.trim().split(/\s+/);
  const isOpenClawPath = (token: string) => /(^|[\\/])openclaw([\\/]|(\.(mjs|js|cmd|exe))?$|-gateway$)/i.test(token);
  return isOpenClawPath(program) || (/(^|[\\/])node(\.exe)?$/i.test(program) && isOpenClawPath(script));
}

/**
 * Stricter: is this OpenClaw's gateway itself (not a helper, not the CLI doing something else)?
 * Required before ClawDoc stops a process it did not start.
 */
export function isOpenClawGatewayProcess(name: string, command: string): boolean {
  const cmd = command.trim();
  if (/^openclaw-gateway(?:\s|$)/.test(cmd) || /^openclaw-gate/.test(name)) return true; // the gateway's process title
  // `openclaw gateway …`, `/path/bin/openclaw gateway run`, `node …/node_modules/openclaw/openclaw.mjs gateway`
  if (/(?:^|[\s/\\])openclaw(?:\.m?js|\.cmd)?\s+gateway(?:\s|$)/.test(cmd)) return true;
  if (/node_modules[/\\]openclaw[/\\](?:dist[/\\][^\s]*|openclaw\.mjs)\s+gateway(?:\s|$)/.test(cmd)) return true;
  return false;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process whose parent is gone lingers as a zombie until init reaps it: it is dead.
  if (process.platform === 'linux') {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat[stat.lastIndexOf(')') + 2] !== 'Z';
    } catch {
      return false;
    }
  }
  return true;
}

/** The command line of a pid, or undefined when it is gone. */
export async function commandLine(pid: number): Promise<string | undefined> {
  try {
    if (process.platform === 'linux') {
      const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
      return raw.replace(/\0+$/, '').replace(/\0/g, ' ').trim() || (await readFile(`/proc/${pid}/comm`, 'utf8')).trim();
    }
    if (process.platform === 'darwin') {
      const { stdout } = await run('ps', ['-o', 'command=', '-p', String(pid)]);
      return stdout.trim() || undefined;
    }
    const list = await si.processes();
    const p = list.list.find((x) => x.pid === pid);
    return p ? `${p.path ? `${p.path}\\` : ''}${p.command} ${p.params}`.trim() : undefined;
  } catch {
    return undefined;
  }
}

/** Linux only: is the process stopped (SIGSTOP / traced)? */
export async function isStopped(pid: number): Promise<boolean> {
  if (process.platform !== 'linux') return false;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'T' || state === 't';
  } catch {
    return false;
  }
}

/**
 * Who listens on a TCP port, or null when nobody does (or the OS will not say). Several processes can
 * listen on one port (127.0.0.1 and [::1] separately): the one on the probed IPv4 address comes first.
 */
export async function findPortHolder(port: number, host = '127.0.0.1'): Promise<PortHolder | null> {
  let conns: si.Systeminformation.NetworkConnectionsData[] = [];
  try {
    conns = await si.networkConnections();
  } catch {
    conns = [];
  }
  const listeners = conns.filter((c) => Number(c.localPort) === port && /LISTEN/i.test(c.state) && c.pid);
  const rank = (addr: string) => (addr === host ? 0 : addr === '0.0.0.0' || addr === '*' ? 1 : 2);
  listeners.sort((a, b) => rank(a.localAddress) - rank(b.localAddress));
  const listener = listeners[0];
  if (!listener) return null;
  const pid = listener.pid;
  const command = (await commandLine(pid)) ?? listener.process ?? '';
  const name = listener.process ?? command.split(/\s+/)[0] ?? '';
  return { pid, name, command, isOpenClaw: looksLikeOpenClaw(name, command) };
}

/** Samples memory and CPU of a pid; pass the previous sample to get CPU over the interval. */
export class ProcessSampler {
  private last = new Map<number, { cpuMs: number; at: number }>();

  async sample(pid: number): Promise<ProcessStats | undefined> {
    const raw = await readUsage(pid);
    if (!raw) {
      this.last.delete(pid);
      return undefined;
    }
    if (raw.cpuMs === undefined) return { pid, rssBytes: raw.rssBytes, cpuPercent: raw.cpuPercent ?? 0 };
    const now = Date.now();
    const prev = this.last.get(pid);
    this.last.set(pid, { cpuMs: raw.cpuMs, at: now });
    const cpuPercent = prev && now > prev.at ? Math.max(0, ((raw.cpuMs - prev.cpuMs) / (now - prev.at)) * 100) : 0;
    return { pid, rssBytes: raw.rssBytes, cpuPercent: Math.round(cpuPercent * 10) / 10 };
  }
}

async function readUsage(pid: number): Promise<{ rssBytes: number; cpuMs?: number; cpuPercent?: number } | undefined> {
  try {
    if (process.platform === 'linux') {
      const [stat, status] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8'), readFile(`/proc/${pid}/status`, 'utf8')]);
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (100 Hz)
      const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return { rssBytes: rssKb * 1024, cpuMs: ticks * 10 };
    }
    if (process.platform === 'darwin') {
      const { stdout } = await run('ps', ['-o', 'rss=,time=', '-p', String(pid)]);
      const [rss, time] = stdout.trim().split(/\s+/);
      if (!rss || !time) return undefined;
      return { rssBytes: Number(rss) * 1024, cpuMs: parseCpuTime(time) };
    }
    const list = await si.processes();
    const p = list.list.find((x) => x.pid === pid);
    return p ? { rssBytes: p.memRss * 1024, cpuPercent: p.cpu } : undefined; // Windows: no cheap per-pid CPU time
  } catch {
    return undefined;
  }
}

/** `ps` time: [[dd-]hh:]mm:ss.cc → ms. */
export function parseCpuTime(text: string): number {
  const [days, rest] = text.includes('-') ? text.split('-') : ['0', text];
  const parts = (rest ?? '').split(':').map(Number);
  let secs = 0;
  for (const p of parts) secs = secs * 60 + p;
  return (Number(days) * 86400 + secs) * 1000;
}
