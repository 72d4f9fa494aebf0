// manage=service: the gateway belongs to the OS service OpenClaw (or ClawDoc's KeepAlive) installed.
// Restarts go through `openclaw gateway restart` first, then the OS's own command.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PlatformEnv } from '../paths.js';
import { runCommand, type Runner } from '../util/exec.js';
import type { ExitInfo, GatewayManager, RestartOutcome } from './manager.js';

export type ServiceKind = 'launchd' | 'systemd' | 'schtasks';

export interface ServiceTarget {
  kind: ServiceKind;
  /** launchd label, systemd unit, or task name. */
  name: string;
  /** The file that defines it (plist / unit), when there is one. */
  file?: string;
  owner: 'openclaw' | 'clawdoc';
}

export interface Command {
  file: string;
  args: string[];
}

/** The names OpenClaw gives its service on each OS, with profiles and its own env overrides respected. */
export function openclawServiceTarget(p: PlatformEnv): ServiceTarget | undefined {
  const profile = p.env.OPENCLAW_PROFILE?.trim();
  switch (p.platform) {
    case 'darwin': {
      const name = p.env.OPENCLAW_LAUNCHD_LABEL ?? (profile ? `ai.openclaw.${profile}` : 'ai.openclaw.gateway');
      return { kind: 'launchd', name, file: join(p.home, 'Library', 'LaunchAgents', `${name}.plist`), owner: 'openclaw' };
    }
    case 'win32': {
      const name = p.env.OPENCLAW_WINDOWS_TASK_NAME ?? (profile ? `OpenClaw Gateway (${profile})` : 'OpenClaw Gateway');
      return { kind: 'schtasks', name, owner: 'openclaw' };
    }
    case 'linux': {
      const unit = p.env.OPENCLAW_SYSTEMD_UNIT ?? (profile ? `openclaw-gateway-${profile}.service` : 'openclaw-gateway.service');
      const name = unit.endsWith('.service') ? unit : `${unit}.service`;
      return { kind: 'systemd', name, file: join(p.env.XDG_CONFIG_HOME ?? join(p.home, '.config'), 'systemd', 'user', name), owner: 'openclaw' };
    }
    default:
      return undefined;
  }
}

/** ClawDoc's own KeepAlive service (level 1 where OpenClaw's installer is unavailable). Never `ai.openclaw.*`:
 * OpenClaw's doctor deletes launchd jobs with that prefix that it does not own. */
export function clawdocServiceTarget(p: PlatformEnv): ServiceTarget | undefined {
  switch (p.platform) {
    case 'darwin':
      return { kind: 'launchd', name: 'com.clawdoc.gateway', file: join(p.home, 'Library', 'LaunchAgents', 'com.clawdoc.gateway.plist'), owner: 'clawdoc' };
    case 'win32':
      return { kind: 'schtasks', name: 'ClawDoc Gateway', owner: 'clawdoc' };
    case 'linux':
      return { kind: 'systemd', name: 'clawdoc-gateway.service', file: join(p.env.XDG_CONFIG_HOME ?? join(p.home, '.config'), 'systemd', 'user', 'clawdoc-gateway.service'), owner: 'clawdoc' };
    default:
      return undefined;
  }
}

/** The command that makes the OS restart a service now. */
export function osRestartCommand(target: ServiceTarget, uid: number): Command {
  switch (target.kind) {
    case 'launchd':
      return { file: 'launchctl', args: ['kickstart', '-k', `gui/${uid}/${target.name}`] };
    case 'systemd':
      return { file: 'systemctl', args: ['--user', 'restart', target.name] };
    case 'schtasks':
      return { file: 'schtasks', args: ['/Run', '/TN', target.name] };
  }
}

/** The command that asks the OS whether the service is installed (exit 0 = yes). */
export function osQueryCommand(target: ServiceTarget): Command {
  switch (target.kind) {
    case 'launchd':
      return { file: 'launchctl', args: ['list', target.name] };
    case 'systemd':
      return { file: 'systemctl', args: ['--user', 'cat', target.name] };
    case 'schtasks':
      return { file: 'schtasks', args: ['/Query', '/TN', target.name] };
  }
}

/** Restart commands in the order they are tried. */
export function restartCommands(openclawPath: string, target: ServiceTarget | undefined, uid: number): Command[] {
  const cmds: Command[] = [];
  if (target?.owner !== 'clawdoc') cmds.push({ file: openclawPath, args: ['gateway', 'restart'] });
  if (target) cmds.push(osRestartCommand(target, uid));
  return cmds;
}

/** Is OpenClaw's service (or ClawDoc's own KeepAlive unit) installed? Files first; schtasks is asked. */
export async function detectService(p: PlatformEnv, candidates: ServiceTarget[], run: Runner = runCommand): Promise<ServiceTarget | undefined> {
  for (const target of candidates) {
    if (target.file) {
      if (existsSync(target.file)) return target;
      continue;
    }
    if (p.platform !== 'win32') continue;
    const q = osQueryCommand(target);
    const r = await run(q.file, q.args, { timeoutMs: 10_000 });
    if (r.code === 0) return target;
  }
  return undefined;
}

export interface ServiceOptions {
  openclawPath: string;
  env: NodeJS.ProcessEnv;
  target?: ServiceTarget;
  uid: number;
  timeoutMs: number;
  killTimeoutMs: number;
  run?: Runner;
}

/**
 * The part every manager shares when the OS or the user owns the gateway process: no pid of its own
 * (the watchdog finds it through the port), no exit events, no captured output. Restart is the job.
 */
abstract class ExternalManager implements GatewayManager {
  abstract readonly mode: 'service' | 'command' | 'none';
  abstract readonly canRestart: boolean;
  abstract restart(reason?: string): Promise<RestartOutcome>;

  pid(): number | undefined {
    return undefined;
  }

  startedAt(): number | undefined {
    return undefined;
  }

  start(reason: string): Promise<RestartOutcome> {
    return this.restart(reason);
  }

  async stop(_reason?: string): Promise<void> {}

  async adopt(): Promise<boolean> {
    return false;
  }

  onExit(_listener: (info: ExitInfo) => void): void {}

  async lastOutput(): Promise<string[]> {
    return [];
  }

  dispose(): void {}
}

export class ServiceManager extends ExternalManager {
  readonly mode = 'service' as const;
  readonly canRestart = true;
  private readonly run: Runner;

  constructor(private readonly options: ServiceOptions) {
    super();
    this.run = options.run ?? runCommand;
  }

  async restart(_reason?: string): Promise<RestartOutcome> {
    const tried: string[] = [];
    for (const cmd of restartCommands(this.options.openclawPath, this.options.target, this.options.uid)) {
      const text = `${cmd.file} ${cmd.args.join(' ')}`;
      const r = await this.run(cmd.file, cmd.args, { timeoutMs: this.options.timeoutMs, env: this.options.env });
      if (r.code === 0 && !r.timedOut) return { ok: true, via: text };
      tried.push(`${text}: ${r.timedOut ? 'timed out' : (r.error ?? `exit ${r.code}`)} ${lastLine(r.stderr || r.stdout)}`.trim());
    }
    return { ok: false, via: 'service', detail: tried.join('; ') || 'no OpenClaw service found' };
  }

  override async stop(): Promise<void> {
    await this.run(this.options.openclawPath, ['gateway', 'stop'], { timeoutMs: this.options.timeoutMs, env: this.options.env });
  }
}

export function lastLine(text: string): string {
  return text.trim().split(/\r?\n/).at(-1)?.slice(0, 200) ?? '';
}

/** manage=command: the user's own restart command (pm2, docker, …), run by the shell with a timeout. */
export class CommandManager extends ExternalManager {
  readonly mode = 'command' as const;
  readonly canRestart = true;

  constructor(
    private readonly command: string,
    private readonly timeoutMs: number,
    private readonly env: NodeJS.ProcessEnv,
    private readonly run: Runner = runCommand,
  ) {
    super();
  }

  async restart(_reason?: string): Promise<RestartOutcome> {
    const r = await this.run(this.command, [], { timeoutMs: this.timeoutMs, env: this.env, shell: true });
    if (r.code === 0 && !r.timedOut) return { ok: true, via: this.command };
    return { ok: false, via: this.command, detail: r.timedOut ? 'timed out' : (r.error ?? `exit ${r.code} ${lastLine(r.stderr || r.stdout)}`) };
  }
}

/** manage=none: watch and alert only. */
export class NoneManager extends ExternalManager {
  readonly mode = 'none' as const;
  readonly canRestart = false;

  async restart(_reason?: string): Promise<RestartOutcome> {
    return { ok: false, via: 'none', detail: 'manage=none: ClawDoc does not restart the gateway' };
  }
}
