// `clawdoc keepalive status|install|uninstall`: does the gateway have an OS service that restarts it?
// Install prefers OpenClaw's own `openclaw gateway install`; where that fails, ClawDoc writes its own
// definition (backing up any file it replaces) and asks the OS to load it.
import { existsSync, promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { gatewayArgs } from '../manage/child.js';
import { clawdocServiceTarget, lastLine, openclawServiceTarget, osQueryCommand, type ServiceTarget } from '../manage/service.js';
import type { PlatformEnv } from '../paths.js';
import type { Settings } from '../settings/settings.js';
import { fileStamp, writeFileAtomic } from '../util/fsx.js';
import { runCommand, type Runner } from '../util/exec.js';
import { renderLaunchdPlist, renderSystemdUnit, renderWindowsTaskXml, UnitValueError, type KeepAliveSpec } from './unit-files.js';

export interface KeepAliveContext {
  settings: Settings;
  platform: PlatformEnv;
  dataDir: string;
  uid: number;
  userName: string;
  run?: Runner;
}

export interface ServiceStatus {
  target: ServiceTarget;
  installed: boolean;
  detail: string;
}

const ENV_TO_KEEP = ['OPENCLAW_STATE_DIR', 'OPENCLAW_CONFIG_PATH', 'OPENCLAW_PROFILE', 'OPENCLAW_HOME', 'OPENCLAW_GATEWAY_PORT', 'PATH', 'HOME'];

export function keepAliveSpec(ctx: KeepAliveContext): KeepAliveSpec {
  const target = clawdocServiceTarget(ctx.platform);
  const env: Record<string, string> = { OPENCLAW_NO_RESPAWN: '1' };
  for (const key of ENV_TO_KEEP) {
    const v = ctx.platform.env[key];
    if (v) env[key] = v;
  }
  Object.assign(env, ctx.settings.gateway.env);
  return {
    name: target?.name ?? 'clawdoc-gateway',
    program: ctx.settings.gateway.openclawPath,
    args: gatewayArgs(ctx.settings.gateway.args, ctx.settings.gateway.port),
    env,
    logDir: join(ctx.dataDir, 'logs'),
    workingDir: ctx.platform.home,
  };
}

/** Where ClawDoc's own KeepAlive definition lives on this OS. */
export function keepAlivePath(ctx: KeepAliveContext): { target: ServiceTarget; path: string } {
  const target = clawdocServiceTarget(ctx.platform);
  if (!target) throw new Error(`KeepAlive is not supported on ${ctx.platform.platform}`);
  return { target, path: target.kind === 'schtasks' ? join(ctx.dataDir, 'keepalive', 'clawdoc-gateway-task.xml') : target.file! };
}

/** The file ClawDoc would write for this OS, and its text. Throws (naming the value) when a value cannot be expressed. */
export function renderKeepAlive(ctx: KeepAliveContext): { target: ServiceTarget; path: string; text: string } {
  const { target, path } = keepAlivePath(ctx);
  const spec = keepAliveSpec(ctx);
  switch (target.kind) {
    case 'launchd':
      return { target, path, text: renderLaunchdPlist(spec) };
    case 'systemd':
      return { target, path, text: renderSystemdUnit(spec) };
    case 'schtasks':
      return { target, path, text: renderWindowsTaskXml(spec, ctx.userName) };
  }
}

/** The definition carries the gateway's environment (tokens, keys): owner-only, like its backups. */
const PRIVATE_FILE = 0o600;

function activateCommands(target: ServiceTarget, path: string, uid: number): { file: string; args: string[] }[] {
  switch (target.kind) {
    case 'launchd':
      return [{ file: 'launchctl', args: ['bootstrap', `gui/${uid}`, path] }];
    case 'systemd':
      return [
        { file: 'systemctl', args: ['--user', 'daemon-reload'] },
        { file: 'systemctl', args: ['--user', 'enable', '--now', target.name] },
      ];
    case 'schtasks':
      return [
        { file: 'schtasks', args: ['/Create', '/TN', target.name, '/XML', path, '/F'] },
        { file: 'schtasks', args: ['/Run', '/TN', target.name] },
      ];
  }
}

function deactivateCommands(target: ServiceTarget, uid: number): { file: string; args: string[] }[] {
  switch (target.kind) {
    case 'launchd':
      return [{ file: 'launchctl', args: ['bootout', `gui/${uid}/${target.name}`] }];
    case 'systemd':
      return [
        { file: 'systemctl', args: ['--user', 'disable', '--now', target.name] },
        { file: 'systemctl', args: ['--user', 'daemon-reload'] },
      ];
    case 'schtasks':
      return [{ file: 'schtasks', args: ['/Delete', '/TN', target.name, '/F'] }];
  }
}

export { activateCommands, deactivateCommands };

export async function keepAliveStatus(ctx: KeepAliveContext): Promise<ServiceStatus[]> {
  const run = ctx.run ?? runCommand;
  const out: ServiceStatus[] = [];
  for (const target of [openclawServiceTarget(ctx.platform), clawdocServiceTarget(ctx.platform)]) {
    if (!target) continue;
    if (target.file) {
      const installed = existsSync(target.file);
      out.push({ target, installed, detail: installed ? target.file : `no ${target.file}` });
      continue;
    }
    const q = osQueryCommand(target);
    const r = await run(q.file, q.args, { timeoutMs: 10_000 });
    out.push({ target, installed: r.code === 0, detail: r.code === 0 ? 'task registered' : (r.error ?? lastLine(r.stderr || r.stdout) ?? 'not registered') });
  }
  return out;
}

export interface StepResult {
  step: string;
  ok: boolean;
  detail: string;
}

export async function installKeepAlive(ctx: KeepAliveContext, options: { own?: boolean } = {}): Promise<{ via: 'openclaw' | 'clawdoc'; steps: StepResult[]; ok: boolean; path?: string }> {
  const run = ctx.run ?? runCommand;
  const env = { ...ctx.platform.env, ...ctx.settings.gateway.env };
  const steps: StepResult[] = [];
  if (!options.own) {
    const r = await run(ctx.settings.gateway.openclawPath, ['gateway', 'install'], { timeoutMs: 120_000, env });
    const ok = r.code === 0 && !r.timedOut;
    steps.push({ step: `${ctx.settings.gateway.openclawPath} gateway install`, ok, detail: ok ? 'done' : r.timedOut ? 'timed out' : (r.error ?? `exit ${r.code}: ${lastLine(r.stderr || r.stdout)}`) });
    if (ok) return { via: 'openclaw', steps, ok: true };
  }
  let rendered: ReturnType<typeof renderKeepAlive>;
  try {
    rendered = renderKeepAlive(ctx);
  } catch (err) {
    if (!(err instanceof UnitValueError)) throw err;
    steps.push({ step: 'render', ok: false, detail: err.message });
    return { via: 'clawdoc', steps, ok: false };
  }
  const { target, path, text } = rendered;
  if (existsSync(path)) {
    const backup = `${path}.bak-${fileStamp()}`;
    await fs.copyFile(path, backup);
    await fs.chmod(backup, PRIVATE_FILE);
    steps.push({ step: 'backup', ok: true, detail: `kept the previous file as ${backup}` });
  }
  await fs.mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, text, PRIVATE_FILE);
  await fs.chmod(path, PRIVATE_FILE); // whatever the umask
  steps.push({ step: 'write', ok: true, detail: path });
  let ok = true;
  for (const cmd of activateCommands(target, path, ctx.uid)) {
    const r = await run(cmd.file, cmd.args, { timeoutMs: 30_000, env });
    const stepOk = r.code === 0 && !r.timedOut;
    steps.push({ step: `${cmd.file} ${cmd.args.join(' ')}`, ok: stepOk, detail: stepOk ? 'done' : r.timedOut ? 'timed out' : (r.error ?? `exit ${r.code}: ${lastLine(r.stderr || r.stdout)}`) });
    if (!stepOk) {
      ok = false;
      break;
    }
  }
  return { via: 'clawdoc', steps, ok, path };
}

/** Removes only ClawDoc's own KeepAlive; OpenClaw's service is OpenClaw's to remove. */
export async function uninstallKeepAlive(ctx: KeepAliveContext): Promise<{ steps: StepResult[]; ok: boolean }> {
  const run = ctx.run ?? runCommand;
  const { target, path } = keepAlivePath(ctx); // removable even when today's settings could not be rendered
  const steps: StepResult[] = [];
  for (const cmd of deactivateCommands(target, ctx.uid)) {
    const r = await run(cmd.file, cmd.args, { timeoutMs: 30_000 });
    steps.push({ step: `${cmd.file} ${cmd.args.join(' ')}`, ok: r.code === 0, detail: r.code === 0 ? 'done' : (r.error ?? `exit ${r.code}: ${lastLine(r.stderr || r.stdout)}`) });
  }
  if (existsSync(path)) {
    await fs.rm(path);
    steps.push({ step: 'remove', ok: true, detail: path });
  } else {
    steps.push({ step: 'remove', ok: true, detail: `${path} was not there` });
  }
  return { steps, ok: true };
}
