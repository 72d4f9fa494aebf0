// Plugs the doctor into a running engine: `attachDoctor(engine)` after `createEngine`, dispose on stop.
import type { Engine } from '../build-engine.js';
import { gatewayEnv } from '../build-engine.js';
import { currentPlatformEnv, openclawConfigPath, openclawFileLogDir, openclawStateDir, type PlatformEnv } from '../paths.js';
import { Doctor, type DoctorOptions } from './doctor.js';

export interface AttachOptions extends Partial<Pick<DoctorOptions, 'probe' | 'portHolder' | 'runner' | 'logPollMs' | 'secrets'>> {
  platform?: PlatformEnv;
}

export function doctorPaths(engine: Pick<Engine, 'settings'>, p: PlatformEnv = currentPlatformEnv()): { env: NodeJS.ProcessEnv; configPath: string; stateDir: string; fileLogDir: string } {
  const env = gatewayEnv(engine.settings, p.env);
  const pe = { ...p, env };
  return { env, configPath: openclawConfigPath(pe), stateDir: openclawStateDir(pe), fileLogDir: openclawFileLogDir(pe) };
}

/** Starts the doctor on the engine's watchdog; returns a disposer. Does nothing when doctor.enabled is false. */
export function attachDoctor(engine: Engine, options: AttachOptions = {}): { doctor?: Doctor; dispose: () => void } {
  if (!engine.settings.doctor.enabled) return { dispose: () => undefined };
  const paths = doctorPaths(engine, options.platform);
  const doctor = new Doctor({
    settings: engine.settings,
    dataDir: engine.dataDir,
    configPath: paths.configPath,
    stateDir: paths.stateDir,
    fileLogDir: paths.fileLogDir,
    env: paths.env,
    watchdog: engine.watchdog,
    manager: engine.manager,
    history: engine.history,
    systemdUnit: engine.service?.kind === 'systemd' ? engine.service.name : undefined,
    ...options,
  });
  doctor.start();
  return { doctor, dispose: () => doctor.dispose() };
}
