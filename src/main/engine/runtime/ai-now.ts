// The AI adviser outside a repair: `clawdoc ai test`, `clawdoc diagnose --ai`, the API key.
import type { AiProviderStatus } from '../../../shared/ai.js';
import type { CommandResult } from '../../../shared/api.js';
import { FileSecretStore } from '../alerts/secrets.js';
import { AI_KEY_SECRET, AiAdvisor } from '../doctor/ai/advisor.js';
import { doctorPaths } from '../doctor/attach-doctor.js';
import type { Settings } from '../settings/settings.js';

export function aiAdvisorFor(settings: Settings, dataDir: string): AiAdvisor {
  const paths = doctorPaths({ settings });
  return new AiAdvisor({ settings, dataDir, configPath: paths.configPath, env: paths.env });
}

export function testAi(settings: Settings, dataDir: string): Promise<AiProviderStatus> {
  return aiAdvisorFor(settings, dataDir).test();
}

/** The OpenAI-compatible endpoint's key goes to the secrets file (0600), never to settings.json. */
export function setAiKey(dataDir: string, key: string | null): CommandResult {
  const store = new FileSecretStore(dataDir);
  if (key === null || key === '') {
    store.delete(AI_KEY_SECRET);
    return { ok: true, message: 'the AI API key was removed' };
  }
  if (typeof key !== 'string' || key.length > 4096 || /[\r\n]/.test(key)) throw new Error('the API key must be one line of at most 4096 characters');
  store.set(AI_KEY_SECRET, key.trim());
  return { ok: true, message: `the AI API key is stored in ${store.description}` };
}
