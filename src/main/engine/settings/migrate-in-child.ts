// conf (with its ajv schema validator) stays resident in any process that loads it, about 7 MB; a watcher
// runs for months. So a settings.json in an older format is migrated by conf in a short child process,
// and the long-running process reads the result with the plain reader.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);

export function migrateInChild(dataDir: string): void {
  const r = spawnSync(process.execPath, [SELF, dataDir], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`settings.json could not be migrated: ${(r.stderr || r.error?.message || `exit ${r.status}`).trim()}`);
}

if (process.argv[1] === SELF && process.argv[2]) {
  // Opening the file with conf is the migration (the same options as every other writer).
  const { settingsStoreOptions } = await import('./settings-store.js');
  const { default: Conf } = await import('conf');
  new Conf(settingsStoreOptions(process.argv[2]));
}
