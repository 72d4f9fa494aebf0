// `clawdoc restart|pause|resume`: ask the running watcher to act (there is nothing to do without one).
import type { CommandResult } from '../../shared/api.js';
import { NoWatcherError, watcherAnswers, watcherClient } from '../engine/control/control-channel.js';
import { resolveDataDir, UsageError } from './cli-context.js';
import type { Command } from './command.js';

function controlCommand(name: 'restart' | 'pause' | 'resume', summary: string, usage = ''): Command {
  return {
    name,
    summary,
    usage: `clawdoc ${name}${usage} [--data-dir DIR]`,
    options: { 'data-dir': { type: 'string' }, ...(name === 'pause' ? { for: { type: 'string' } } : {}) },
    async run({ flags, io }) {
      const dataDir = resolveDataDir(flags['data-dir'] as string | undefined);
      let durationMin: number | undefined;
      if (typeof flags.for === 'string') {
        durationMin = Number(flags.for);
        if (!Number.isFinite(durationMin) || durationMin <= 0) throw new UsageError(`--for needs a number of minutes, got "${flags.for}"`);
      }
      if (!(await watcherAnswers(dataDir))) throw new NoWatcherError(dataDir);
      const api = watcherClient(dataDir);
      const reply: CommandResult = name === 'restart' ? await api.restart('restart requested from the command line') : name === 'pause' ? await api.pause({ durationMin }) : await api.resume();
      io.out(reply.message);
      return 0;
    },
  };
}

export const restartCommand = controlCommand('restart', 'Restart the gateway now (also ends an escalation)');
export const pauseCommand = controlCommand('pause', 'Pause: keep watching but take no action (for N minutes, or until resumed)', ' [--for MINUTES]');
export const resumeCommand = controlCommand('resume', 'Resume acting after a pause');
