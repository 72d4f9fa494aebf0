// Facts about processes: who holds a port, what a pid's command line is, its memory and CPU.
// Cheap paths first (/proc on Linux, ps on macOS); systeminformation where there is nothing cheaper.
import { execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { readFile, readdir, readlink } from 'node:fs/promises';
import { basename, delimiter, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import si from 'systeminformation';
import type { PortHolder, ProcessStats } from '../../../shared/status.js';

const run = promisify(execFile);

/**
 * Text only, for display: does a command line read like OpenClaw? Never enough to act on a process
 * (anyone can put `openclaw` in a command line): acting goes through `identifyGateway`.
 */
export function looksLikeOpenClaw(name: string, command: string): boolean {
  if (/^openclaw/i.test(name.trim())) return true;
  const [program = '', script = ''] = command.trim().split(/\s+/);
  const isOpenClawPath = (token: string) => /(^|[\\/])openclaw([\\/]|(\.(mjs|js|cmd|exe))?$|-gateway$)/i.test(token);
  return isOpenClawPath(program) || (/(^|[\\/])node(\.exe)?$/i.test(program) && isOpenClawPath(script));
}

/**
 * Text only, for display: does a command line read like OpenClaw's gateway? Only the program (and, for
 * node, its script) count: `ssh prod openclaw gateway restart` or `watch -n 5 openclaw gateway status`
 * do not. Never enough to act on a process: that goes through `identifyGateway`.
 */
export function isOpenClawGatewayProcess(name: string, command: string): boolean {
  const cmd = command.trim();
  if (/^openclaw-gateway(?:\s|$)/.test(cmd) || /^openclaw-gate/.test(name)) return true; // the gateway's process title
  const [program = '', ...rest] = cmd.split(/\s+/);
  const base = (t: string) => t.split(/[\\/]/).pop()!.toLowerCase();
  if (/^openclaw(?:\.cmd|\.exe)?$/.test(base(program))) return rest[0] === 'gateway';
  if (!/^node(?:\.exe)?$/.test(base(program))) return false;
  const i = rest.findIndex((t) => !t.startsWith('-'));
  const script = rest[i] ?? '';
  const isEntry = /^openclaw(?:\.mjs)?$/.test(base(script)) || /node_modules[/\\]openclaw[/\\]dist[/\\](?:index|entry)\.js$/.test(script);
  return isEntry && rest[i + 1] === 'gateway';
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
  // It holds the port, so it is OpenClaw's gateway when its executable and entrypoint say so.
  const facts = await processFacts(pid);
  return { pid, name, command, isOpenClaw: !!facts && runsOpenClawGateway(facts) };
}

// ---- Is this process our gateway? -------------------------------------------------------------
// One answer for every place that stops or adopts a process ClawDoc may not have started (hung kill,
// adoption, stale stop). Proof, never text from a log line:
//   1. it is bound to this gateway: it listens on the configured port, or it owns OpenClaw's gateway
//      lock of this state dir (`<state>/tmp/openclaw-<uid>/gateway.*.lock`: pid + process start time);
//   2. its executable is node (or the installed openclaw binary) running OpenClaw's entrypoint: the
//      process title the gateway sets (`openclaw-gateway`), or a script that is OpenClaw's own entry
//      file (`openclaw.mjs`, `dist/index.js`, `dist/entry.js` of a package named `openclaw`) with the
//      `gateway` command.

/** What the OS says about a process: executable, argv, process group, start time. */
export interface ProcessFacts {
  pid: number;
  /** The executable image (Linux: /proc/<pid>/exe). */
  exe?: string;
  argv: string[];
  pgid?: number;
  /** Start time as OpenClaw records it in its lock (Linux: clock ticks since boot; macOS: epoch seconds). */
  startTime?: number;
}

export async function processFacts(pid: number, platform: NodeJS.Platform = process.platform): Promise<ProcessFacts | undefined> {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    if (platform === 'linux') {
      const [exe, rawArgs, stat] = await Promise.all([
        readlink(`/proc/${pid}/exe`).catch(() => undefined),
        readFile(`/proc/${pid}/cmdline`, 'utf8'),
        readFile(`/proc/${pid}/stat`, 'utf8'),
      ]);
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // [0] state, [2] pgrp, [19] starttime
      return {
        pid,
        exe: exe?.replace(/ \(deleted\)$/, ''),
        argv: splitCmdline(rawArgs),
        pgid: Number(fields[2]),
        startTime: Number(fields[19]),
      };
    }
    if (platform === 'darwin') {
      // comm= is the executable path the kernel ran (not argv[0], which a process title rewrites).
      const [{ stdout: info }, { stdout: args }, { stdout: lstart }] = await Promise.all([
        run('ps', ['-o', 'pgid=', '-o', 'comm=', '-p', String(pid)]),
        run('ps', ['-o', 'command=', '-p', String(pid)]),
        // As OpenClaw records it in its lock (dist: getDarwinProcessStartTime): epoch seconds.
        run('/bin/ps', ['-o', 'lstart=', '-p', String(pid)], { env: { ...process.env, LC_ALL: 'C', TZ: 'UTC' } }),
      ]);
      const m = /^\s*(\d+)\s+(.+)$/.exec(info.trim());
      if (!m) return undefined;
      const started = Date.parse(`${lstart.trim()} UTC`);
      return { pid, pgid: Number(m[1]), exe: m[2]!.trim(), argv: args.trim().split(/\s+/), startTime: Number.isFinite(started) ? Math.floor(started / 1000) : undefined };
    }
    const list = await si.processes();
    const p = list.list.find((x) => x.pid === pid);
    if (!p) return undefined;
    const exe = p.path ? join(p.path, p.name) : p.name;
    return { pid, exe, argv: [exe, ...(p.params ? p.params.split(/\s+/) : [])] };
  } catch {
    return undefined;
  }
}

/** /proc/<pid>/cmdline → argv. A process title leaves the rest of the old argv area as NULs: dropped. */
export function splitCmdline(raw: string): string[] {
  const parts = raw.split('\0');
  while (parts.length && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

const ENTRY_FILES = ['openclaw.mjs', 'dist/index.js', 'dist/entry.js'];

/** The root of the OpenClaw package a file belongs to (a folder whose package.json is named `openclaw`). */
function openclawPackageRoot(file: string): string | undefined {
  let dir = dirname(file);
  for (let i = 0; i < 3; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (pkg.name === 'openclaw') return dir;
    } catch {
      // no package.json here
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

function realpathOr(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** `openclaw` → the file it runs (PATH lookup), symlinks resolved. */
export function resolveProgram(program: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (isAbsolute(program) || program.includes('/') || program.includes('\\')) return realpathOr(program);
  const exts = process.platform === 'win32' ? ['', '.cmd', '.exe'] : [''];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = join(dir, program + ext);
      try {
        if (statSync(candidate).isFile()) return realpathOr(candidate);
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** Is the script an entry file of an OpenClaw package (not merely a path with `openclaw` in it)? */
function isOpenClawEntry(script: string): boolean {
  const real = realpathOr(script);
  if (!real) return false;
  const root = openclawPackageRoot(real);
  return !!root && ENTRY_FILES.includes(relative(root, real).split(sep).join('/'));
}

/**
 * Step 2 of the proof: node (or the installed openclaw binary) running OpenClaw's gateway. `openclawPath`
 * is the openclaw ClawDoc is configured with; a binary named openclaw counts only when it is that one.
 */
export function runsOpenClawGateway(facts: ProcessFacts, openclawPath?: string): boolean {
  if (!facts.exe) return false;
  const exeName = basename(facts.exe.replace(/\\/g, '/')).toLowerCase().replace(/\.exe$/, '');
  const [arg0 = '', ...rest] = facts.argv;
  if (exeName === 'node' || exeName === 'nodejs') {
    if (arg0 === 'openclaw-gateway' && rest.length === 0) return true; // the gateway's process title
    const i = rest.findIndex((a) => !a.startsWith('-'));
    return i >= 0 && isOpenClawEntry(rest[i]!) && rest.slice(i + 1).includes('gateway');
  }
  if (exeName === 'openclaw' || exeName === 'openclaw-gateway') {
    const installed = openclawPath ? resolveProgram(openclawPath) : undefined;
    if (!installed || realpathOr(facts.exe) !== installed) return false;
    return (arg0 === 'openclaw-gateway' && rest.length === 0) || rest.includes('gateway');
  }
  return false;
}

/** The socket inodes listening on a TCP port (Linux, this network namespace); undefined when unreadable. */
async function listeningInodes(port: number): Promise<Set<string> | undefined> {
  const inodes = new Set<string>();
  let readAny = false;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = await readFile(table, 'utf8');
      readAny = true;
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== '0A') continue; // 0A = LISTEN
      const local = f[1]!;
      if (parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port) inodes.add(f[9]!);
    }
  }
  return readAny ? inodes : undefined;
}

/** Does the pid itself hold a listening socket on the port? */
export async function holdsPort(pid: number, port: number, portHolder: (port: number) => Promise<PortHolder | null> = findPortHolder, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  if (platform === 'linux') {
    const inodes = await listeningInodes(port);
    if (inodes) {
      if (!inodes.size) return false;
      try {
        for (const fd of await readdir(`/proc/${pid}/fd`)) {
          const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
          const m = /^socket:\[(\d+)\]$/.exec(link);
          if (m && inodes.has(m[1]!)) return true;
        }
        return false;
      } catch {
        // not allowed to look at its fds: ask the port table instead
      }
    }
  }
  return (await portHolder(port).catch(() => null))?.pid === pid;
}

/** OpenClaw's gateway lock folder for a state dir (dist: resolveGatewayLockDir). */
export function gatewayLockDir(stateDir: string, uid: number | undefined = process.getuid?.()): string {
  return join(realpathOr(stateDir) ?? stateDir, 'tmp', uid !== undefined ? `openclaw-${uid}` : 'openclaw');
}

interface LockPayload {
  pid: number;
  startTime?: number;
  role?: string;
  port?: number;
}

/** The gateway locks of a state dir (the state lock first), parsed; unreadable ones are skipped. */
export function readGatewayLocks(stateDir: string): { path: string; payload: LockPayload }[] {
  const dir = gatewayLockDir(stateDir);
  const out: { path: string; payload: LockPayload }[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => n === 'gateway.state.lock' || /^gateway\.[0-9a-f]{8}\.lock$/.test(n));
  } catch {
    return out;
  }
  names.sort((a, b) => (a === 'gateway.state.lock' ? -1 : b === 'gateway.state.lock' ? 1 : a.localeCompare(b)));
  for (const n of names) {
    try {
      const path = join(dir, n);
      if (!statSync(path).isFile()) continue;
      const p = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockPayload>;
      if (typeof p.pid !== 'number' || !Number.isInteger(p.pid) || p.pid <= 0) continue;
      if (p.role !== undefined && p.role !== 'gateway') continue;
      out.push({ path, payload: { pid: p.pid, startTime: typeof p.startTime === 'number' ? p.startTime : undefined, role: p.role, port: typeof p.port === 'number' ? p.port : undefined } });
    } catch {
      // half-written or not a lock
    }
  }
  return out;
}

/** The live owner of this state dir's gateway lock (pid and start time as the lock records them). */
export function gatewayLockOwner(stateDir: string): number | undefined {
  for (const { payload } of readGatewayLocks(stateDir)) if (isAlive(payload.pid)) return payload.pid;
  return undefined;
}

/** Does the pid own the gateway lock of this state dir? The lock's start time must be this process's. */
export async function ownsGatewayLock(pid: number, stateDir: string, facts?: ProcessFacts): Promise<boolean> {
  for (const { path, payload } of readGatewayLocks(stateDir)) {
    if (payload.pid !== pid) continue;
    if (payload.startTime !== undefined) {
      if (facts?.startTime === undefined || facts.startTime !== payload.startTime) continue; // pid reused, or cannot tell
      return true;
    }
    // No start time recorded: on Linux the owner keeps the lock file open.
    if (process.platform === 'linux') {
      try {
        for (const fd of await readdir(`/proc/${pid}/fd`)) if ((await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')) === path) return true;
      } catch {
        // cannot tell
      }
      continue;
    }
    return true;
  }
  return false;
}

export interface GatewayIdentityOptions {
  /** The port this gateway is configured on. */
  port: number;
  /** OpenClaw's state dir (for its gateway lock). */
  stateDir?: string;
  /** The openclaw ClawDoc runs (a compiled openclaw binary counts only when it is this one). */
  openclawPath?: string;
  portHolder?: (port: number) => Promise<PortHolder | null>;
}

export type GatewayIdentity =
  | { ok: true; pid: number; via: 'port' | 'lock'; leadsGroup: boolean; startTime?: number; command: string }
  | { ok: false; pid: number; reason: string };

/** Is this pid proven to be this gateway (see above)? The one check before stopping or adopting a process. */
export async function identifyGateway(pid: number, o: GatewayIdentityOptions): Promise<GatewayIdentity> {
  const no = (reason: string): GatewayIdentity => ({ ok: false, pid, reason });
  if (!Number.isInteger(pid) || pid <= 0) return no(`${pid} is not a process id`);
  if (pid === process.pid) return no(`pid ${pid} is ClawDoc itself`);
  if (!isAlive(pid)) return no(`pid ${pid} is not running`);
  const facts = await processFacts(pid);
  if (!facts) return no(`pid ${pid}: its executable and command line cannot be read`);
  const command = facts.argv.join(' ');
  if (!runsOpenClawGateway(facts, o.openclawPath)) return no(`pid ${pid} (${facts.exe ?? '?'}: ${command.slice(0, 120)}) is not OpenClaw's gateway`);
  let via: 'port' | 'lock' | undefined;
  if (await holdsPort(pid, o.port, o.portHolder)) via = 'port';
  else if (o.stateDir && (await ownsGatewayLock(pid, o.stateDir, facts))) via = 'lock';
  if (!via) return no(`pid ${pid} is an OpenClaw gateway but neither listens on port ${o.port} nor owns the gateway lock of ${o.stateDir ?? 'this state dir'}`);
  return { ok: true, pid, via, leadsGroup: facts.pgid === pid, startTime: facts.startTime, command };
}

/** Still the same process (pid not reused) as when it was identified? */
export async function isSameProcess(pid: number, startTime: number | undefined): Promise<boolean> {
  if (!isAlive(pid)) return false;
  if (startTime === undefined) return true;
  return (await processFacts(pid))?.startTime === startTime;
}

/**
 * Signals a process ClawDoc proved to be the gateway: its whole group only when it leads that group
 * (its helpers share it), else the process alone. Windows: the process tree.
 */
export async function signalGateway(pid: number, signal: NodeJS.Signals): Promise<void> {
  if (process.platform === 'win32') {
    spawn('taskkill', ['/pid', String(pid), '/T', ...(signal === 'SIGKILL' ? ['/F'] : [])], { windowsHide: true, stdio: 'ignore' }).on('error', () => {});
    return;
  }
  const leads = (await processFacts(pid))?.pgid === pid;
  try {
    process.kill(leads ? -pid : pid, signal);
  } catch {
    // already gone
  }
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
