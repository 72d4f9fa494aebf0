// What a `clawdoc` command is: its name, help, flags and what it runs. The dispatcher (main.ts) lists them.
import type { ParseArgsConfig } from 'node:util';
import type { CliIO } from './cli-context.js';

export type Flags = Record<string, string | boolean | undefined>;

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run: (args: { flags: Flags; positionals: string[]; io: CliIO }) => Promise<number>;
  /** Only reads the data dir (for these arguments): damaged files are reported and left in place. */
  readOnly?: boolean | ((positionals: string[]) => boolean);
}
