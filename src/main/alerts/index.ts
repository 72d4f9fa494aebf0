// Level 4, human alerts: the public surface for the engine, the CLI and the Electron layer.
export { attachAlerts, buildRedactor, checkChannelSecrets, type AlertsEngine, type AlertsHandle, type AttachOptions } from './attach.js';
export { desktopNotificationFor, HeadlessNotifier, type DesktopNotification, type DesktopNotifier } from './desktop.js';
export { detectOpenClawChannels, type DetectedChannel } from './detect.js';
export { resolveLanguage, type Lang } from './i18n.js';
export { collectSecretValues, MASK, redact, Redactor } from './redact.js';
export { FileSecretStore, MemorySecretStore, type SecretStore } from './secrets.js';
export { AlertsSchema, CHANNEL_TYPES, type AlertsSettings, type ChannelConfig, type ChannelType } from './settings-schema.js';
export type { Diagnosis } from './templates.js';
