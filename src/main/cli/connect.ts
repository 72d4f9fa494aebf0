// How a CLI command reaches ClawDoc: the running watcher over the control channel when one answers for
// this data dir (so commands act on the gateway it watches, with its settings), else the same runtime
// offline on the data dir.
import type { ClawDocApi } from '../../shared/api.js';
import { watcherAnswers, watcherClient } from '../engine/control/control-channel.js';
import { ClawDocRuntime } from '../engine/runtime/runtime.js';
import { loadSettings } from '../engine/settings/settings.js';
import type { CliIO } from './cli-context.js';

export interface Connection {
  api: ClawDocApi;
  /** A watcher answered: the api is its. */
  watching: boolean;
}

export async function connect(dataDir: string, io: CliIO): Promise<Connection> {
  if (await watcherAnswers(dataDir)) return { api: watcherClient(dataDir), watching: true };
  const loaded = loadSettings(dataDir);
  for (const w of loaded.warnings) io.err(`warning: ${w}`);
  return { api: ClawDocRuntime.offline({ dataDir, settings: loaded.settings }), watching: false };
}
