// Builds the headless engine from settings: the manager for the chosen --manage mode and the watchdog.
// The runtime (src/main/engine/runtime) builds it; every face runs that runtime.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileSecretStore, type SecretStore } from './alerts/secrets.js';
import { buildRedactor } from './redaction/known-secrets.js';
import { ChildManager } from './manage/child.js';
import { HandoffClient } from './manage/supervisor-contract.js';
import { probeStartup } from './gateway/probe.js';
import { GatewayLog } from './manage/gateway-log.js';
import { clawdocServiceTarget, CommandManager, detectService, NoneManager, openclawServiceTarget, ServiceManager, type ServiceTarget } from './manage/service.js';
import type { ConcreteManageMode, GatewayManager } from './manage/manager.js';
import { currentPlatformEnv, openclawConfigPath, openclawStateDir, type PlatformEnv } from './paths.js';
import type { Settings } from './settings/settings.js';
import { History } from './store/history-log.js';
import { Retention } from './store/retention.js';
import { StateFile } from './store/state-file.js';
import { UpdateGuard } from './watchdog/update-guard.js';
import { runCommand } from './util/exec.js';
import { Watchdog, type WatchdogOptions } from './watchdog/watchdog.js';

export interface Engine {
  settings: Settings;
  dataDir: string;
  mode: ConcreteManageMode;
  service?: ServiceTarget;
  manager: GatewayManager;
  watchdog: Watchdog;
  history: History;
  gatewayLog: GatewayLog;
}

/** The environment the gateway and the openclaw CLI run with: ClawDoc's own plus the configured extras. */
export function gatewayEnv(settings: Settings, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, ...settings.gateway.env };
}

/** auto → service when an OpenClaw (or ClawDoc KeepAlive) service is installed, otherwise child. */
export async function resolveManageMode(settings: Settings, p: PlatformEnv): Promise<{ mode: ConcreteManageMode; service?: ServiceTarget }> {
  const candidates = [openclawServiceTarget(p), clawdocServiceTarget(p)].filter((t): t is ServiceTarget => !!t);
  const wanted = settings.watch.manage;
  if (wanted === 'auto' || wanted === 'service') {
    const service = await detectService(p, candidates);
    if (service) return { mode: 'service', service };
    if (wanted === 'service') return { mode: 'service', service: candidates[0] };
    return { mode: 'child' };
  }
  return { mode: wanted };
}

/** Masks the gateway's output: secret patterns, plus every secret ClawDoc knows (read at each exit). */
export function outputRedactor(configPath: string, settings: Settings, env: NodeJS.ProcessEnv, secrets?: SecretStore): (lines: string[]) => string[] {
  return (lines) => {
    const r = buildRedactor(settings, secrets, configPath, env);
    return lines.map((l) => r.redact(l));
  };
}

/**
 * `channels.start` after OpenClaw's restart-loop breaker, a rare event: the CLI (`openclaw gateway call
 * channels.start --params '{"channel":"<id>"}' --port <p>`, docs: gateway/restart-recovery.md). A runtime with
 * a WebSocket RPC client replaces this through Engine.watchdog options.
 */
export function startChannelsViaCli(settings: Settings, env: NodeJS.ProcessEnv): NonNullable<WatchdogOptions['startChannels']> {
  return async (channels) => {
    for (const channel of channels) {
      const r = await runCommand(settings.gateway.openclawPath, ['gateway', 'call', 'channels.start', '--params', JSON.stringify({ channel }), '--port', String(settings.gateway.port)], { timeoutMs: 60_000, env });
      if (r.code !== 0) throw new Error(`channels.start ${channel}: ${(r.error ?? r.stderr ?? r.stdout).trim().split('\n').at(-1) ?? `exit ${r.code}`}`);
    }
  };
}

export function configFingerprint(path: string): string | null {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return existsSync(path) ? null : 'missing';
  }
}

export interface EngineOptions {
  /** The gateway is no process of this machine ClawDoc may touch (a remote target, a fleet cell's container). */
  noLocalProcess?: boolean;
}

export async function createEngine(settings: Settings, dataDir: string, p: PlatformEnv = currentPlatformEnv(), secrets: SecretStore = new FileSecretStore(dataDir), options: EngineOptions = {}): Promise<Engine> {
  const env = gatewayEnv(settings, p.env);
  const { mode, service } = await resolveManageMode(settings, p);
  const gatewayLog = new GatewayLog(join(dataDir, 'logs', 'gateway.log'));
  const killTimeoutMs = settings.watch.killTimeoutSec * 1000;
  let watchdog: Watchdog | undefined;
  let manager: GatewayManager;
  switch (mode) {
    case 'child':
      manager = new ChildManager({
        openclawPath: settings.gateway.openclawPath,
        args: settings.gateway.args,
        port: settings.gateway.port,
        stateDir: openclawStateDir({ ...p, env }),
        env,
        log: gatewayLog,
        killTimeoutMs,
        onTrack: (record) => watchdog?.trackChild(record),
        // OpenClaw's supervisor contract: its drain budget, its restart path and handoff.
        drainTimeoutMs: settings.watch.drainTimeoutSec * 1000,
        answerBudgetMs: Math.max(1000, settings.watch.probeTimeoutSec * 1000 * settings.watch.failuresBeforeAction),
        startupProbe: () => probeStartup({ host: settings.gateway.host, port: settings.gateway.port, timeoutMs: Math.round(settings.watch.probeTimeoutSec * 1000) }),
        handoff: new HandoffClient(settings.gateway.openclawPath, () => env),
        userEnv: settings.gateway.env,
      });
      break;
    case 'service':
      manager = new ServiceManager({
        openclawPath: settings.gateway.openclawPath,
        env,
        target: service,
        uid: process.getuid?.() ?? 0,
        timeoutMs: settings.watch.commandTimeoutSec * 1000,
        killTimeoutMs,
      });
      break;
    case 'command':
      if (!settings.watch.restartCommand.trim()) throw new Error('manage=command needs watch.restartCommand (the command that restarts your gateway)');
      manager = new CommandManager(settings.watch.restartCommand, settings.watch.commandTimeoutSec * 1000, env);
      break;
    default:
      manager = new NoneManager();
  }
  const history = new History(dataDir);
  const configPath = openclawConfigPath({ ...p, env });
  const retention = new Retention({ dataDir, configPath });
  const remote = !!options.noLocalProcess || !isLoopbackHost(settings.gateway.host);
  watchdog = new Watchdog({
    settings,
    manager,
    history,
    stateFile: new StateFile(dataDir),
    configFingerprint: () => configFingerprint(configPath),
    redact: outputRedactor(configPath, settings, env, secrets),
    maintenance: (now) => retention.tick(now),
    // A gateway on another host: no process on this machine is it (never adopted, sampled or signalled),
    // and this machine's OpenClaw install says nothing about its updates or channels.
    ...(remote
      ? { portHolder: async () => null }
      : {
          // Update aware: an update in progress (or a parked gateway) is not raced with a restart or repair.
          updates: new UpdateGuard(settings.gateway.openclawPath, env),
          startChannels: startChannelsViaCli(settings, env),
        }),
  });
  return { settings, dataDir, mode, service, manager, watchdog, history, gatewayLog };
}

/** 127.0.0.1, ::1, localhost: the gateway runs on this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}
