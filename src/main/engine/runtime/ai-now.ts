// The AI adviser outside a repair: `clawdoc ai test`, `clawdoc diagnose --ai`.
import type { AiProviderStatus } from '../../../shared/ai.js';
import type { SecretStore } from '../alerts/secrets.js';
import { AiAdvisor } from '../doctor/ai/advisor.js';
import { doctorPaths } from '../doctor/attach-doctor.js';
import type { Settings } from '../settings/settings.js';

export function aiAdvisorFor(settings: Settings, dataDir: string, secrets?: SecretStore): AiAdvisor {
  const paths = doctorPaths({ settings });
  return new AiAdvisor({ settings, dataDir, configPath: paths.configPath, env: paths.env, secrets });
}

export function testAi(settings: Settings, dataDir: string, secrets?: SecretStore): Promise<AiProviderStatus> {
  return aiAdvisorFor(settings, dataDir, secrets).test();
}
