// `clawdoc settings path|show|get|set`: read and change settings.json with validation.
import { buildRedactor, checkChannelSecrets } from '../engine/alerts/attach-alerts.js';
import { FileSecretStore, MemorySecretStore } from '../engine/alerts/secrets.js';
import { getKey, loadSettings, refuseIfBroken, saveSettings, setRawKey, settingsPath, validateSettings, type Settings } from '../engine/settings/settings.js';
import { resolveDataDir, UsageError } from './context.js';
import type { Command } from './main.js';

/**
 * Webhook URLs carry their tokens: masked as `notify list` masks them. No secrets file is read for it
 * (signing secrets are not in settings), so show and get never touch secrets.json.
 */
function masked<T>(settings: Settings, value: T): T {
  return buildRedactor(settings, new MemorySecretStore(), undefined, {}).redactDeep(value);
}

export const settingsCommand: Command = {
  name: 'settings',
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
      const next = setRawKey(loaded.raw, key, value);
      if (key === 'alerts' || key.startsWith('alerts.')) {
        // A signed channel needs its secret (kept in secrets.json, not here): refuse it now, naming the key.
        const missing = checkChannelSecrets(validateSettings(next).alerts.channels, new FileSecretStore(dataDir));
        if (missing) throw missing;
      }
      const saved = await saveSettings(dataDir, next);
      io.out(`${key} = ${JSON.stringify(masked(saved, getKey(saved, key)))}`);
      return 0;
    }
    throw new UsageError(`unknown action "${action}"`);
  },
};
