// `clawdoc restart|pause|resume`: ask the running watcher to act.
import { sendControl } from '../engine/control/control-channel.js';
import { resolveDataDir } from './context.js';
import type { Command } from './main.js';

function controlCommand(name: string, summary: string): Command {
  return {
    name,
    summary,
    usage: `clawdoc ${name} [--data-dir DIR]`,
    options: { 'data-dir': { type: 'string' } },
    async run({ flags, io }) {
      const dataDir = resolveDataDir(flags['data-dir'] as string | undefined);
      const reply = await sendControl(dataDir, { cmd: name });
      (reply.ok ? io.out : io.err)(reply.message);
      return reply.ok ? 0 : 1;
    },
  };
}

export const restartCommand = controlCommand('restart', 'Restart the gateway now (also ends an escalation)');
export const pauseCommand = controlCommand('pause', 'Pause: keep watching but take no action');
export const resumeCommand = controlCommand('resume', 'Resume acting after a pause');
