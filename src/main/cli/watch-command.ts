// `clawdoc watch`: runs the runtime in the foreground and prints one line per event.
import { ClawDocRuntime } from '../engine/runtime/runtime.js';
import { resolveLanguage } from '../engine/alerts/alert-strings.js';
import { startDashboard, type Dashboard } from '../dashboard/dashboard-server.js';
import { dashboardStrings } from '../dashboard/dashboard-messages.js';
import { knownSecrets } from '../dashboard/dashboard-secrets.js';
import { resolveDataDir, settingsWithOverrides, UsageError } from './cli-context.js';
import { formatEvent } from './cli-format.js';
import type { Command } from './command.js';

export const watchCommand: Command = {
  name: 'watch',
  summary: 'Watch the gateway in the foreground: health checks, restarts with backoff, escalation',
  usage: 'clawdoc watch [--manage auto|child|service|command|none] [--port N] [--openclaw PATH] [--data-dir DIR] [--interval S] [--json] [--stop-gateway-on-exit] [--dashboard [--dashboard-port N]]',
  options: {
    manage: { type: 'string' },
    port: { type: 'string' },
    openclaw: { type: 'string' },
    interval: { type: 'string' },
    'data-dir': { type: 'string' },
    json: { type: 'boolean' },
    'stop-gateway-on-exit': { type: 'boolean' },
    dashboard: { type: 'boolean' },
    'dashboard-port': { type: 'string' },
  },
  async run({ flags, io }) {
    const dataDir = resolveDataDir(flags['data-dir'] as string | undefined);
    let dashboardPort: number | undefined;
    if (flags['dashboard-port'] !== undefined) {
      dashboardPort = Number(flags['dashboard-port']);
      if (!Number.isInteger(dashboardPort) || dashboardPort < 0 || dashboardPort > 65535) throw new UsageError(`--dashboard-port needs a port number (0: any free port), got "${flags['dashboard-port']}"`);
      if (!flags.dashboard) throw new UsageError('--dashboard-port goes with --dashboard');
    }
    const { settings, overrides, problem } = settingsWithOverrides(
      dataDir,
      { manage: flags.manage as string, port: flags.port as string, openclaw: flags.openclaw as string, interval: flags.interval as string },
      io,
    );
    const runtime = await ClawDocRuntime.watch({
      dataDir,
      settings,
      overrides,
      settingsProblem: problem,
      log: (line) => io.out(line),
      onHistoryEvent: (e) => io.out(flags.json ? JSON.stringify(e) : formatEvent(e)),
      onEvent: (e) => {
        if (e.kind === 'settings-changed') io.out(`clawdoc: settings changed: ${e.keys.join(', ')}`);
      },
      beforeStart: (rt) => io.out(`clawdoc: ${rt.describe()}`),
    });
    let dashboard: Dashboard | undefined;
    if (flags.dashboard) {
      const t = dashboardStrings(resolveLanguage(runtime.settingsInUse.language));
      try {
        dashboard = await startDashboard({ api: runtime, events: runtime, dataDir, port: dashboardPort, secrets: knownSecrets(() => runtime.settingsInUse, dataDir) });
      } catch (err) {
        await runtime.stop();
        if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UsageError(t.portBusy(dashboardPort ?? 0));
        throw err;
      }
      io.out(t.serving(dashboard.url));
    }
    const stopGateway = !!flags['stop-gateway-on-exit'];
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        io.out(`clawdoc: ${signal}, stopping${stopGateway ? ' the gateway and' : ''} the watch`);
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
        void (dashboard?.close() ?? Promise.resolve()).finally(() => void runtime.stop({ stopGateway }).finally(resolve));
      };
      const onInt = () => stop('SIGINT');
      const onTerm = () => stop('SIGTERM');
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
    });
    return 0;
  },
};
