// `clawdoc watch`: runs the runtime in the foreground and prints one line per event.
import { ClawDocRuntime } from '../engine/runtime/runtime.js';
import { resolveDataDir, settingsWithOverrides } from './context.js';
import { formatEvent } from './format.js';
import type { Command } from './command.js';

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
    const { settings, overrides } = settingsWithOverrides(
      dataDir,
      { manage: flags.manage as string, port: flags.port as string, openclaw: flags.openclaw as string, interval: flags.interval as string },
      io,
    );
    const runtime = await ClawDocRuntime.watch({
      dataDir,
      settings,
      overrides,
      log: (line) => io.out(line),
      onHistoryEvent: (e) => io.out(flags.json ? JSON.stringify(e) : formatEvent(e)),
      onEvent: (e) => {
        if (e.kind === 'settings-changed') io.out(`clawdoc: settings changed: ${e.keys.join(', ')}`);
      },
      beforeStart: (rt) => io.out(`clawdoc: ${rt.describe()}`),
    });
    const stopGateway = !!flags['stop-gateway-on-exit'];
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        io.out(`clawdoc: ${signal}, stopping${stopGateway ? ' the gateway and' : ''} the watch`);
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
        void runtime.stop({ stopGateway }).finally(resolve);
      };
      const onInt = () => stop('SIGINT');
      const onTerm = () => stop('SIGTERM');
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
    });
    return 0;
  },
};
