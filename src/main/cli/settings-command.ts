// `clawdoc settings path|show|get|set`: read and change settings.json with validation.
import JSON5 from 'json5';
import { buildRedactor } from '../engine/alerts/attach-alerts.js';
import { MemorySecretStore } from '../engine/alerts/secrets.js';
import { getKey, loadSettings, refuseIfBroken, settingsPath, type Settings } from '../engine/settings/settings.js';
import { connect } from './connect.js';
import { resolveDataDir, UsageError } from './cli-context.js';
import type { Command } from './command.js';

/**
 * Webhook URLs carry their tokens: masked as `notify list` masks them. No secrets file is read for it
 * (signing secrets are not in settings), so show and get never touch secrets.json.
 */
function masked<T>(settings: Settings, value: T): T {
  return buildRedactor(settings, new MemorySecretStore(), undefined, {}).redactDeep(value);
}

export const settingsCommand: Command = {
  name: 'settings',
  readOnly: (args) => args[0] !== 'set',
  summary: 'Show or change settings (validated; a bad value is refused with the key named)',
  usage: 'clawdoc settings path|show|get KEY|set KEY VALUE [--data-dir DIR]',
  options: { 'data-dir': { type: 'string' } },
  async run({ flags, positionals, io }) {
    const dataDir = resolveDataDir(flags['data-dir'] as string | undefined);
    const [action = 'show', key, value] = positionals;
    if (action === 'path') {
      io.out(settingsPath(dataDir));
      return 0;
    }
    const loaded = loadSettings(dataDir, { readOnly: true }); // set writes through saveSettings only
    for (const w of loaded.warnings) io.err(`warning: ${w}`);
    // A broken file is an error even though the settings in effect (last good or defaults) are shown.
    const status = loaded.problem ? 1 : 0;
    if (action === 'show') {
      io.out(JSON.stringify(masked(loaded.settings, loaded.settings), null, 2));
      return status;
    }
    if (!key) throw new UsageError(`settings ${action} needs a KEY`);
    if (action === 'get') {
      io.out(JSON.stringify(masked(loaded.settings, getKey(loaded.settings, key))));
      return status;
    }
    if (action === 'set') {
      if (value === undefined) throw new UsageError('settings set needs a VALUE');
      refuseIfBroken(loaded);
      // Through the runtime: validated whole, and applied at once by a running watcher.
      const { api } = await connect(dataDir, io);
      const view = await api.updateSettings({ [key]: parseValue(value) });
      io.out(`${key} = ${JSON.stringify(masked(view.settings, getKey(view.settings, key)))}`);
      return 0;
    }
    throw new UsageError(`unknown action "${action}"`);
  },
};

/** A value as typed on the command line: JSON5 when it parses (numbers, booleans, arrays), else the text. */
function parseValue(text: string): unknown {
  try {
    return JSON5.parse(text);
  } catch {
    return text;
  }
}
