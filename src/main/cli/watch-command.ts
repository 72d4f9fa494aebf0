// `clawdoc watch`: runs the runtime in the foreground and prints one line per event.
import { TargetSet } from '../engine/runtime/targets.js';
import { resolveLanguage } from '../engine/alerts/alert-strings.js';
import { startDashboard, type Dashboard } from '../dashboard/dashboard-server.js';
import { dashboardStrings } from '../dashboard/dashboard-messages.js';
import { knownSecrets } from '../dashboard/dashboard-secrets.js';
import { dashboardToken, tokenPath } from '../dashboard/dashboard-token.js';
import { startMetricsListener, type MetricsListener } from '../dashboard/metrics-route.js';
import type { ClawDocMetrics } from '../engine/metrics/metrics.js';
import { clawdocVersion } from '../engine/version.js';
import { resolveDataDir, settingsWithOverrides, UsageError } from './cli-context.js';
import { formatEvent } from './cli-format.js';
import type { Command } from './command.js';

export const watchCommand: Command = {
  name: 'watch',
  summary: 'Watch the gateway in the foreground: health checks, restarts with backoff, escalation',
  usage: 'clawdoc watch [--manage auto|child|service|command|none] [--host H] [--port N] [--openclaw PATH] [--data-dir DIR] [--interval S] [--json] [--stop-gateway-on-exit] [--dashboard [--dashboard-port N]] [--metrics-listen HOST:PORT]',
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
    host: { type: 'string' },
    'metrics-listen': { type: 'string' },
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
      { manage: flags.manage as string, port: flags.port as string, openclaw: flags.openclaw as string, interval: flags.interval as string, host: flags.host as string, metricsListen: flags['metrics-listen'] as string },
      io,
    );
    // Signals are caught from the start: a TERM during start-up (a service manager, `npm start` stopped at once)
    // still stops the watch cleanly, once it is up, instead of killing it half-started.
    let received: string | undefined;
    let onSignal: ((signal: string) => void) | undefined;
    const onInt = () => (onSignal ? onSignal('SIGINT') : (received ??= 'SIGINT'));
    const onTerm = () => (onSignal ? onSignal('SIGTERM') : (received ??= 'SIGTERM'));
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    try {
      return await watchUntilSignal();
    } finally {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    }

    async function watchUntilSignal(): Promise<number> {
      // Every target (the default gateway and settings.targets) in this one process.
      const several = settings.targets.length > 0;
      const targets = await TargetSet.watch({
        dataDir,
        settings,
        overrides,
        settingsProblem: problem,
        log: (line) => io.out(line),
        // With several targets each line names its target (JSON: a "target" key; text: a [target] prefix).
        onHistoryEvent: (e, target) => io.out(flags.json ? JSON.stringify(several ? { ...e, target } : e) : `${several ? `[${target}] ` : ''}${formatEvent(e)}`),
        onEvent: (e) => {
          if (e.kind === 'settings-changed') io.out(`clawdoc: settings changed: ${e.keys.join(', ')}`);
        },
        beforeStart: (rt) => io.out(`clawdoc: ${rt.describe()}`),
      });
      const runtime = targets.primary;
      let dashboard: Dashboard | undefined;
      let metricsListener: MetricsListener | undefined;
      const listen = runtime.settingsInUse.metrics.listen;
      const t = dashboardStrings(resolveLanguage(runtime.settingsInUse.language));
      // prom-client is loaded only when something serves /metrics: the plain watcher stays small.
      const metrics = flags.dashboard || listen ? await runtimeMetrics(targets) : undefined;
      if (flags.dashboard) {
        try {
          dashboard = await startDashboard({ api: runtime, events: runtime, dataDir, port: dashboardPort, secrets: knownSecrets(() => runtime.settingsInUse, dataDir), metrics });
        } catch (err) {
          await targets.stop();
          if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UsageError(t.portBusy(dashboardPort ?? 0));
          throw err;
        }
        io.out(t.serving(dashboard.url));
      }
      if (listen && metrics) {
        try {
          metricsListener = await startMetricsListener(metrics, dashboardToken(dataDir), listen);
          io.out(t.metricsAt(`http://${metricsListener.host.includes(':') ? `[${metricsListener.host}]` : metricsListener.host}:${metricsListener.port}/metrics`, tokenPath(dataDir)));
        } catch (err) {
          await dashboard?.close();
          await targets.stop();
          throw new UsageError(`metrics.listen ${listen}: ${(err as Error).message}`);
        }
      }
      const stopGateway = !!flags['stop-gateway-on-exit'];
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          // One stop; a second Ctrl-C during it (a long drain) ends the process the default way.
          process.off('SIGINT', onInt);
          process.off('SIGTERM', onTerm);
          io.out(`clawdoc: ${signal}, stopping${stopGateway ? ' the gateway and' : ''} the watch`);
          void Promise.all([dashboard?.close(), metricsListener?.close()]).finally(() => metrics?.close()).finally(() => void targets.stop({ stopGateway }).finally(resolve));
        };
        if (received) stop(received);
        else onSignal = stop;
      });
      return 0;
    }
  },
};

async function runtimeMetrics(targets: TargetSet): Promise<ClawDocMetrics> {
  const { createMetrics } = await import('../engine/metrics/metrics.js');
  return createMetrics(
    { subscribe: (l) => targets.subscribe(l), onProbe: (l) => targets.onProbe(l), statuses: () => targets.statuses() },
    { version: clawdocVersion() },
  );
}
