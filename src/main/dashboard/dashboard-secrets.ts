// The dashboard's list of secrets to keep out of every answer: the engine's one list (known-secrets.ts),
// read at most every few seconds (answers are frequent, secrets rarely change).
import { FileSecretStore } from '../engine/alerts/secrets.js';
import { currentPlatformEnv, openclawConfigPath } from '../engine/paths.js';
import { knownSecretValues } from '../engine/redaction/known-secrets.js';
import type { Settings } from '../engine/settings/settings.js';

export function knownSecrets(settings: () => Settings, dataDir: string, cacheMs = 5_000): () => string[] {
  let at = -Infinity;
  let cached: string[] = [];
  return () => {
    if (Date.now() - at < cacheMs) return cached;
    const s = settings();
    const configPath = openclawConfigPath({ ...currentPlatformEnv(), env: { ...process.env, ...s.gateway.env } });
    cached = [...knownSecretValues(s, new FileSecretStore(dataDir), configPath, process.env)].filter((v) => typeof v === 'string' && v.length >= 6);
    at = Date.now();
    return cached;
  };
}
