// The `clawdoc` command line. Each command parses its own flags; this file only dispatches.
import { parseArgs } from 'node:util';
import { clawdocVersion } from '../engine/version.js';
import { leaveDamagedFilesInPlace } from '../engine/store/documents.js';
import type { Command, Flags } from './command.js';
import { SettingsError } from '../engine/settings/settings.js';
import { consoleIO, UsageError, type CliIO } from './cli-context.js';
import { aiCommand } from './ai-command.js';
import { dashboardCommand } from './dashboard-command.js';
import { pauseCommand, restartCommand, resumeCommand } from './control-commands.js';
import { doctorCommands } from './doctor-commands.js';
import { keepaliveCommand } from './keepalive-command.js';
import { notifyCommand, outboxCommand } from './notify-command.js';
import { settingsCommand } from './settings-command.js';
import { historyCommand, statusCommand } from './status-command.js';
import { watchCommand } from './watch-command.js';

const commands: Command[] = [watchCommand, statusCommand, historyCommand, restartCommand, pauseCommand, resumeCommand, keepaliveCommand, settingsCommand, ...doctorCommands, aiCommand, notifyCommand, outboxCommand, dashboardCommand];


function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'clawdoc — keeps the OpenClaw gateway alive and repairs it',
    '',
    'Usage: clawdoc <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `clawdoc <command> --help` for a command\'s options.',
    'Data dir: CLAWDOC_DATA_DIR or --data-dir; OpenClaw\'s own OPENCLAW_* environment is honored.',
  ].join('\n');
}

export async function main(argv: string[], io: CliIO = consoleIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(clawdocVersion());
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`clawdoc: unknown command "${name}"\n\n${helpText()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`Usage: ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  try {
    const { values, positionals } = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    const readOnly = typeof command.readOnly === 'function' ? command.readOnly(positionals) : !!command.readOnly;
    leaveDamagedFilesInPlace(readOnly);
    try {
      return await command.run({ flags: values as Flags, positionals, io });
    } finally {
      leaveDamagedFilesInPlace(false); // main() also runs in-process (tests, the app's CLI mode)
    }
  } catch (err) {
    const e = err as Error & { code?: string };
    // A SettingsError may come from the running watcher: matched by name, not class.
    if (err instanceof SettingsError || e.name === 'SettingsError') {
      io.err(`clawdoc: invalid settings: ${e.message}`);
      return 2;
    }
    if (err instanceof UsageError || e.code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`clawdoc ${name}: ${e.message}\nUsage: ${command.usage}`);
      return 2;
    }
    io.err(`clawdoc ${name}: ${e.message}`);
    return 1;
  }
}
