// Every secret ClawDoc knows of, so no dashboard answer can carry one: the secrets store (webhook
// signing secrets), tokens inside webhook URLs, OpenClaw's own credentials and the gateway's extra
// environment. Read at most every few seconds (answers are frequent, secrets rarely change).
import { readOpenClawConfig } from '../engine/alerts/detect.js';
import { urlSecrets } from '../engine/alerts/attach-alerts.js';
import { collectSecretValues } from '../engine/alerts/redact.js';
import { FileSecretStore } from '../engine/alerts/secrets.js';
import { currentPlatformEnv, openclawConfigPath } from '../engine/paths.js';
import type { Settings } from '../engine/settings/settings.js';

export function knownSecrets(settings: () => Settings, dataDir: string, cacheMs = 5_000): () => string[] {
  let at = -Infinity;
  let cached: string[] = [];
  return () => {
    if (Date.now() - at < cacheMs) return cached;
    const s = settings();
    const out = new Set<string>();
    try {
      for (const v of new FileSecretStore(dataDir).values()) out.add(v);
    } catch {
      // an unreadable secrets store has nothing to leak
    }
    for (const c of s.alerts.channels) for (const v of urlSecrets(c.url)) out.add(v);
    for (const [k, v] of Object.entries(s.gateway.env)) if (k !== 'OPENCLAW_PROFILE') out.add(v);
    const configPath = openclawConfigPath({ ...currentPlatformEnv(), env: { ...process.env, ...s.gateway.env } });
    collectSecretValues(readOpenClawConfig(configPath), out);
    cached = [...out].filter((v) => typeof v === 'string' && v.length >= 6);
    at = Date.now();
    return cached;
  };
}
