// Every secret ClawDoc knows of, in one place: the secrets store (webhook signing secrets), tokens inside
// webhook URLs, OpenClaw's own credentials (gateway token, provider keys, channel secrets), and values
// under secret-looking names in the gateway's extra environment and ClawDoc's own. One redactor built
// from them serves every boundary where text is stored or leaves the process: history, incidents,
// doctor records, state, CLI output, alerts, the dashboard, the AI prompt.
import type { Settings } from '../../../shared/settings.js';
/** Where stored secrets come from (the secrets store, or safeStorage in the app). */
export interface SecretValues {
  values(): Iterable<string>;
}
import { readConfig } from '../openclaw/config-file.js';
import { collectSecretValues, Redactor } from './redactor.js';

/** Tokens inside webhook URLs (DingTalk access_token, WeCom key, Feishu/Discord/Telegram/Slack paths). */
export function urlSecrets(url: string): string[] {
  try {
    const u = new URL(url);
    const out = [...u.searchParams.values()].filter((v) => v.length >= 6);
    for (const seg of u.pathname.split('/')) {
      const s = seg.replace(/^bot/, '');
      if (s.length >= 16 || (s.length >= 8 && /\d/.test(s) && /[A-Za-z]/.test(s))) out.push(s, seg);
    }
    return out;
  } catch {
    return [];
  }
}

/** Names in the gateway's extra environment that are paths or choices, never credentials. */
const PLAIN_ENV = new Set(['OPENCLAW_PROFILE', 'OPENCLAW_STATE_DIR', 'OPENCLAW_CONFIG_PATH', 'NODE_OPTIONS', 'PATH', 'HOME']);

export function knownSecretValues(settings: Settings, secrets: SecretValues | undefined, configPath: string | undefined, env: NodeJS.ProcessEnv): Set<string> {
  const literals = new Set<string>();
  try {
    for (const v of secrets?.values() ?? []) literals.add(v);
  } catch {
    // an unreadable secrets store has nothing to leak
  }
  if (configPath) {
    const cfg = readConfig(configPath); // read each time: the config changes, tokens rotate
    if (cfg.ok) collectSecretValues(cfg.value, literals);
  }
  // The user put these in the gateway's environment on purpose: treat every value as a secret.
  for (const [k, v] of Object.entries(settings.gateway.env)) if (!PLAIN_ENV.has(k)) literals.add(v);
  collectSecretValues(env, literals);
  for (const c of settings.alerts.channels) for (const s of urlSecrets(c.url)) literals.add(s);
  if (settings.ai?.baseUrl) for (const s of urlSecrets(settings.ai.baseUrl)) literals.add(s); // a key in the AI endpoint's URL
  return literals;
}

/** Everything that must never be stored or leave in a message, as one redactor (patterns + literals). */
export function buildRedactor(settings: Settings, secrets: SecretValues | undefined, configPath: string | undefined, env: NodeJS.ProcessEnv): Redactor {
  return new Redactor(knownSecretValues(settings, secrets, configPath, env));
}

/** A redactor rebuilt at most every `cacheMs` (secrets change rarely; text is redacted often). */
export function cachedRedactor(build: () => Redactor, cacheMs = 5_000): () => Redactor {
  let at = -Infinity;
  let current = new Redactor();
  return () => {
    if (Date.now() - at >= cacheMs) {
      try {
        current = build();
      } catch {
        // keep the previous one: the patterns still apply
      }
      at = Date.now();
    }
    return current;
  };
}
