// electron-store in the app, on the very files the headless engine opens with conf: settings.json with
// the engine's one set of options (schema, migrations, format version), and the tray's own tray.json.
// The app reads settings here; changes still go through the runtime's updateSettings (validated whole,
// applied live), which writes the same file.
import ElectronStore from 'electron-store';
import { BOOKKEEPING_KEY, settingsStoreOptions, validateSettings, type Settings } from '../engine/settings/settings.js';
import type { PrefsStore, TrayPrefs } from './prefs.js';

export function electronSettingsReader(dataDir: string): () => Settings {
  const store = new ElectronStore<Record<string, unknown>>(settingsStoreOptions(dataDir) as ConstructorParameters<typeof ElectronStore<Record<string, unknown>>>[0]);
  return () => {
    const { [BOOKKEEPING_KEY]: _bookkeeping, ...raw } = store.store;
    return validateSettings(raw, store.path);
  };
}

export class ElectronPrefsStore implements PrefsStore {
  private readonly store: ElectronStore<TrayPrefs>;

  constructor(dataDir: string) {
    this.store = new ElectronStore<TrayPrefs>({ cwd: dataDir, name: 'tray', defaults: { firstRunShown: false }, configFileMode: 0o600 });
  }

  get<K extends keyof TrayPrefs>(key: K): TrayPrefs[K] {
    return this.store.get(key);
  }

  set<K extends keyof TrayPrefs>(key: K, value: TrayPrefs[K]): void {
    this.store.set(key, value);
  }
}
