// `clawdoc settings path|show|get|set`: read and change settings.json with validation.
import { checkChannelSecrets } from '../engine/alerts/attach-alerts.js';
import { FileSecretStore } from '../engine/alerts/secrets.js';
import { getKey, loadSettings, saveSettings, setRawKey, settingsPath, validateSettings } from '../engine/settings/settings.js';
import { resolveDataDir, UsageError } from './context.js';
import type { Command } from './main.js';

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
    const loaded = loadSettings(dataDir);
    for (const w of loaded.warnings) io.err(`warning: ${w}`);
    if (action === 'show') {
      io.out(JSON.stringify(loaded.settings, null, 2));
      return 0;
    }
    if (!key) throw new UsageError(`settings ${action} needs a KEY`);
    if (action === 'get') {
      io.out(JSON.stringify(getKey(loaded.settings, key)));
      return 0;
    }
    if (action === 'set') {
      if (value === undefined) throw new UsageError('settings set needs a VALUE');
      const next = setRawKey(loaded.raw, key, value);
      if (key === 'alerts' || key.startsWith('alerts.')) {
        // A signed channel needs its secret (kept in secrets.json, not here): refuse it now, naming the key.
        const missing = checkChannelSecrets(validateSettings(next).alerts.channels, new FileSecretStore(dataDir));
        if (missing) throw missing;
      }
      const saved = await saveSettings(dataDir, next);
      io.out(`${key} = ${JSON.stringify(getKey(saved, key))}`);
      return 0;
    }
    throw new UsageError(`unknown action "${action}"`);
  },
};
