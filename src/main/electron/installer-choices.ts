// What the user chose in the installer (Windows: packaging/installer.nsh), left as a small note in the data
// folder for the app's first start: taken once, then removed. A note that cannot be read is dropped
// with a line in the log; it holds nothing else worth keeping.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const INSTALLER_CHOICES_FILE = 'installer-choices.json';

export interface InstallerChoices {
  launchAtLogin: boolean;
}

export function takeInstallerChoices(dataDir: string, log: (line: string) => void): InstallerChoices | undefined {
  const file = join(dataDir, INSTALLER_CHOICES_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined; // no installer asked (macOS, Linux, a silent install, or already taken)
  }
  rmSync(file, { force: true });
  try {
    const parsed = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    return { launchAtLogin: (parsed as { launchAtLogin?: unknown }).launchAtLogin === true };
  } catch (err) {
    log(`clawdoc: ignored ${file}: ${(err as Error).message}`);
    return undefined;
  }
}
