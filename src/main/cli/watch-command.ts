// `clawdoc watch`: runs the engine in the foreground and logs one line per event.
import { attachAlerts } from '../engine/alerts/attach-alerts.js';
import { ControlServer, controlSocketPath } from '../engine/control/control-channel.js';
import { attachDoctor } from '../engine/doctor/attach-doctor.js';
import { acquireWatchLock, createEngine } from '../engine/build-engine.js';
import { resolveDataDir, settingsWithOverrides } from './context.js';
import { formatEvent } from './format.js';
import type { Command } from './main.js';

export const watchCommand: Command = {
  name: 'watch',
  summary: 'Watch the gateway in the foreground: health checks, restarts with backoff, escalation',
  usage: 'clawdoc watch [--manage auto|child|service|command|none] [--port N] [--openclaw PATH] [--data-dir DIR] [--interval S] [--json] [--stop-gateway-on-exit]',
  options: {
    manage: { type: 'string' },
    port: { type: 'string' },
    openclaw: { type: 'string' },
    interval: { type: 'string' },
    'data-dir': { type: 'string' },
    json: { type: 'boolean' },
    'stop-gateway-on-exit': { type: 'boolean' },
  },
  async run({ flags, io }) {
    const dataDir = resolveDataDir(flags['data-dir'] as string | undefined);
    const settings = settingsWithOverrides(
      dataDir,
      { manage: flags.manage as string, port: flags.port as string, openclaw: flags.openclaw as string, interval: flags.interval as string },
      io,
    );
    const lock = acquireWatchLock(dataDir);
    const engine = await createEngine(settings, dataDir);
    const { watchdog } = engine;
    watchdog.on('event', (e) => io.out(flags.json ? JSON.stringify(e) : formatEvent(e)));
    const doctor = attachDoctor(engine);
    const alerts = attachAlerts(engine, { log: (line) => io.out(line) });
    const target = engine.service ? ` (${engine.service.kind} ${engine.service.name})` : '';
    io.out(`clawdoc: watching 127.0.0.1:${settings.gateway.port}, manage=${engine.mode}${target}, data dir ${dataDir}`);
    const control = new ControlServer(controlSocketPath(dataDir));
    control.handle('restart', async () => {
      await watchdog.requestRestart('restart requested from the command line');
      return { ok: true, message: 'restarting the gateway' };
    });
    control.handle('pause', () => {
      watchdog.pause('paused from the command line');
      return { ok: true, message: 'paused: ClawDoc keeps watching but takes no action' };
    });
    control.handle('resume', async () => {
      await watchdog.resume('resumed from the command line');
      return { ok: true, message: 'resumed' };
    });
    control.handle('status', () => ({ ok: true, message: watchdog.getState(), data: watchdog.snapshot() }));
    await control.listen();
    await watchdog.start();
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        io.out(`clawdoc: ${signal}, stopping${flags['stop-gateway-on-exit'] ? ' the gateway and' : ''} the watch`);
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
        doctor.dispose();
        void watchdog.stop({ stopGateway: !!flags['stop-gateway-on-exit'] }).finally(resolve);
      };
      const onInt = () => stop('SIGINT');
      const onTerm = () => stop('SIGTERM');
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
    });
    control.close();
    alerts.dispose();
    lock.release();
    return 0;
  },
};
