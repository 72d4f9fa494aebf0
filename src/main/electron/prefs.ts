// The tray's own few preferences (not ClawDoc's settings: those are settings.json, changed through the
// contract's updateSettings so the CLI and the app share them). Kept as tray.json in the data dir,
// owner-only. The app uses electron-store for it (electron-settings.ts); FilePrefsStore reads and writes
// the same file without Electron (tests, and a Node without the app).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../engine/util/fsx.js';

export interface TrayPrefs {
  /** The first-run window was shown (it opens once). */
  firstRunShown: boolean;
}

export interface PrefsStore {
  get<K extends keyof TrayPrefs>(key: K): TrayPrefs[K];
  set<K extends keyof TrayPrefs>(key: K, value: TrayPrefs[K]): void;
}

const DEFAULTS: TrayPrefs = { firstRunShown: false };

export class FilePrefsStore implements PrefsStore {
  readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'tray.json');
  }

  private read(): TrayPrefs {
    try {
      const v = JSON.parse(readFileSync(this.path, 'utf8')) as Partial<TrayPrefs>;
      return { ...DEFAULTS, ...(v && typeof v === 'object' ? v : {}) };
    } catch {
      return { ...DEFAULTS };
    }
  }

  get<K extends keyof TrayPrefs>(key: K): TrayPrefs[K] {
    return this.read()[key];
  }

  set<K extends keyof TrayPrefs>(key: K, value: TrayPrefs[K]): void {
    writeFileAtomicSync(this.path, `${JSON.stringify({ ...this.read(), [key]: value }, null, 2)}\n`, 0o600);
  }
}
