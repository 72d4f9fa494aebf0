// `clawdoc restart|pause|resume`: ask the running watcher to act (there is nothing to do without one).
import type { CommandResult } from '../../shared/api.js';
import { NoWatcherError, watcherAnswers, watcherClient } from '../engine/control/control-channel.js';
import { planTargets } from '../engine/runtime/targets.js';
import { loadSettings } from '../engine/settings/settings.js';
import { resolveDataDir, UsageError } from './cli-context.js';
import type { Command } from './command.js';

function controlCommand(name: 'restart' | 'pause' | 'resume', summary: string, usage = ''): Command {
  return {
    name,
    summary,
    usage: `clawdoc ${name}${usage} [--target ID] [--data-dir DIR]`,
    options: { 'data-dir': { type: 'string' }, target: { type: 'string' }, ...(name === 'pause' ? { for: { type: 'string' } } : {}) },
    async run({ flags, io }) {
      let dataDir = resolveDataDir(flags['data-dir'] as string | undefined);
      if (typeof flags.target === 'string' && flags.target !== 'default') {
        // Another watched gateway (settings.targets): its own watcher socket under targets/<id>/.
        const plan = planTargets(dataDir, loadSettings(dataDir, { readOnly: true }).settings).find((p) => p.id === flags.target);
        if (!plan) throw new UsageError(`no target "${flags.target}" in settings.targets (clawdoc targets lists them)`);
        if (name === 'restart' && plan.kind === 'remote') throw new UsageError(`"${plan.id}" is a remote gateway: ClawDoc watches and alerts, it never restarts it`);
        dataDir = plan.dataDir;
      }
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
