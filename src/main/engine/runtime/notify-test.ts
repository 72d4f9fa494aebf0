// "Send test": one test message to each chosen channel, with the platform's own verdict.
import type { NotifyTestResult } from '../../../shared/api.js';
import { buildRedactor, buildTestAlert, checkChannelSecrets } from '../alerts/attach-alerts.js';
import { Dispatcher } from '../alerts/dispatcher.js';
import { resolveLanguage } from '../alerts/alert-strings.js';
import { AlertStateStore, Outbox } from '../alerts/outbox.js';
import type { SecretStore } from '../alerts/secrets.js';
import { currentPlatformEnv, openclawConfigPath } from '../paths.js';
import type { Settings } from '../settings/settings.js';

export class NoChannelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoChannelError';
  }
}

export async function sendTestNotifications(settings: Settings, dataDir: string, secrets: SecretStore, channel?: string): Promise<NotifyTestResult[]> {
  const channels = settings.alerts.channels.filter((c) => (channel ? c.name === channel : c.enabled));
  if (channel && channels.length === 0) throw new NoChannelError(`no channel named "${channel}" (clawdoc notify list)`);
  if (channels.length === 0) throw new NoChannelError('No alert channels configured. Add one with `clawdoc notify add TYPE --url URL` (see `clawdoc notify detect`).');
  const missing = checkChannelSecrets(channels, secrets);
  if (missing) throw missing;
  const env = { ...process.env, ...settings.gateway.env };
  const redactor = buildRedactor(settings, secrets, openclawConfigPath({ ...currentPlatformEnv(), env }), process.env);
  const lang = resolveLanguage(settings.language);
  const dispatcher = new Dispatcher({
    dataDir,
    channels: channels.map((c) => ({ ...c, enabled: true })),
    secrets,
    outbox: new Outbox(dataDir),
    state: new AlertStateStore(dataDir),
    redactor,
    lang,
    maxAgeMs: settings.alerts.policy.maxAgeMin * 60_000,
  });
  const results: NotifyTestResult[] = [];
  for (const c of channels) {
    const verdict = await dispatcher.sendDirect(c.name, buildTestAlert({ settings, dataDir }, lang, redactor));
    results.push({ channel: c.name, ok: verdict.ok, verdict: verdict.text });
  }
  return results;
}
