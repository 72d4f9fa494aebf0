// Wires alerting to the engine: watchdog events → policy → alert (the plan's template with the
// watchdog's snapshot) → desktop notifier + outbox → channels. Returns a handle with a disposer.
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Alert } from '../../../shared/alerts.js';
import type { StatusSnapshot } from '../../../shared/status.js';
import type { DoctorEvent } from '../../../shared/doctor.js';
import type { HistoryEvent } from '../../../shared/history.js';
import { currentPlatformEnv, openclawConfigPath } from '../paths.js';
import { SettingsError, type Settings } from '../settings/settings.js';
import { detectOpenClawChannels, readOpenClawConfig } from './detect.js';
import { desktopNotificationFor, HeadlessNotifier, type DesktopNotifier } from './desktop-notifier.js';
import { Dispatcher, realClock, type Clock, type DispatcherOptions } from './dispatcher.js';
import { resolveLanguage, type Lang } from './alert-strings.js';
import { AlertPolicy, type Decision } from './alert-policy.js';
import { buildRedactor } from '../redaction/known-secrets.js';
import type { Redactor } from '../redaction/redactor.js';
import { FileSecretStore, type SecretStore } from './secrets.js';
import type { ChannelConfig } from '../settings/alerts-schema.js';
import { AlertStateStore, Outbox } from './outbox.js';
import { escalationAlert, eventAlert, recoveredAlert, testAlert, type AlertContext, type DoctorNote } from './alert-messages.js';
import type { Transport } from './webhook-transport.js';
import { gatewayChannelAlert } from './channel-alert.js';

/** The part of the engine alerting needs (the Watchdog satisfies it). */
export interface AlertSource {
  on(event: 'event', listener: (e: HistoryEvent) => void): unknown;
  off(event: 'event', listener: (e: HistoryEvent) => void): unknown;
  snapshot(): StatusSnapshot;
}

export interface AlertsEngine {
  watchdog: AlertSource;
  settings: Settings;
  dataDir: string;
  mode?: string;
  env?: NodeJS.ProcessEnv;
}

export interface AttachOptions {
  secrets?: SecretStore;
  desktop?: DesktopNotifier;
  log?: (line: string) => void;
  clock?: Clock;
  /** Scales ClawDoc's own durations (rate windows, backoff, reminders) for tests. */
  timeScale?: number;
  transport?: Transport;
  env?: NodeJS.ProcessEnv;
  /** OpenClaw's config, read for secrets to redact (default: the usual path for this environment). */
  openclawConfigPath?: string;
  /** The doctor's diagnosis for an incident; shown as pending until it reports. */
  diagnosis?: (incidentId: string | undefined) => DoctorNote | undefined;
  /** How often reminders and deferred alerts are checked (default 30 s). */
  tickMs?: number;
  limitsFor?: DispatcherOptions['limitsFor'];
  onDelivery?: DispatcherOptions['onDelivery'];
}

export interface AlertsHandle {
  dispatcher?: Dispatcher;
  policy?: AlertPolicy;
  /** The doctor reports: the next alert for this incident carries it. */
  setDiagnosis(incidentId: string | undefined, d: DoctorNote): void;
  /** Waits until the outbox is empty (or the time is up). */
  flush(timeoutMs: number): Promise<boolean>;
  dispose(): void;
}

export { buildRedactor, urlSecrets } from '../redaction/known-secrets.js';

/** Settings can name a signed channel whose secret is missing: refused with the key named. */
export function checkChannelSecrets(channels: ChannelConfig[], secrets: SecretStore): SettingsError | undefined {
  const bad = channels.map((c, i) => ({ c, i })).filter(({ c }) => c.signed && !secrets.get(c.name));
  if (!bad.length) return undefined;
  return new SettingsError(
    bad.map(({ c, i }) => `"alerts.channels.${i}.signed": channel "${c.name}" is signed but ${secrets.description} has no secret for it (clawdoc notify add ${c.type} --name ${c.name} --url … --secret …)`).join('; '),
    bad.map(({ i }) => `alerts.channels.${i}.signed`),
  );
}

export function alertContext(engine: AlertsEngine, lang: Lang, redactor: Redactor, now: number, diagnosis?: DoctorNote): AlertContext {
  const s = engine.settings;
  return {
    lang,
    now,
    host: hostname(),
    redactor,
    snapshot: safeSnapshot(engine.watchdog),
    crashWindowHours: s.restart.crashDecayHours,
    breakerWindowMin: s.restart.breakerWindowMin,
    port: s.gateway.port,
    logPath: engine.mode === 'child' ? join(engine.dataDir, 'logs', 'gateway.log') : undefined,
    diagnosis,
  };
}

function safeSnapshot(w: AlertSource): StatusSnapshot | undefined {
  try {
    return w.snapshot();
  } catch {
    return undefined;
  }
}

export function attachAlerts(engine: AlertsEngine, options: AttachOptions = {}): AlertsHandle {
  const settings = engine.settings;
  const log = options.log ?? (() => {});
  const noop: AlertsHandle = { setDiagnosis: () => {}, flush: async () => true, dispose: () => {} };
  if (!settings.alerts.enabled) return noop;

  const env = options.env ?? engine.env ?? process.env;
  const clock = options.clock ?? realClock;
  const scale = options.timeScale ?? 1;
  const secrets = options.secrets ?? new FileSecretStore(engine.dataDir);
  const desktop = options.desktop ?? new HeadlessNotifier(log);
  const configPath = options.openclawConfigPath ?? openclawConfigPath({ ...currentPlatformEnv(), env: { ...env, ...settings.gateway.env } });
  const lang = resolveLanguage(settings.language, env);
  const outbox = new Outbox(engine.dataDir);
  const state = new AlertStateStore(engine.dataDir);
  secrets.values(); // reads the store once, so a damaged or too-open secrets file is reported now
  for (const w of [...outbox.warnings, ...state.warnings, ...((secrets as Partial<FileSecretStore>).warnings ?? [])]) log(`alerts: warning: ${w}`);
  const missing = checkChannelSecrets(settings.alerts.channels, secrets);
  if (missing) log(`alerts: warning: ${missing.message}`);
  if (settings.alerts.channels.length === 0) {
    // Offer what OpenClaw already uses; never send there on our own.
    const found = detectOpenClawChannels(readOpenClawConfig(configPath));
    if (found.length) log(`alerts: no alert channel set up; OpenClaw uses ${found.map((d) => d.type).join(', ')} — \`clawdoc notify detect\` shows how to get alerts there`);
  }

  const redactor = () => buildRedactor(settings, secrets, configPath, env);
  const dispatcher = new Dispatcher({
    dataDir: engine.dataDir,
    channels: settings.alerts.channels,
    secrets,
    outbox,
    state,
    redactor: redactor(),
    lang,
    maxAgeMs: settings.alerts.policy.maxAgeMin * 60_000 * scale,
    clock,
    timeScale: scale,
    transport: options.transport,
    log,
    limitsFor: options.limitsFor,
    onDelivery: options.onDelivery,
  });
  const handoverMs = settings.doctor.enabled ? settings.alerts.policy.doctorHandoverSec * 1000 * scale : 0;
  const policy = new AlertPolicy(settings.alerts.policy, state, scale, handoverMs);
  let handoverTimer: unknown;
  const diagnoses = new Map<string, DoctorNote>();

  /** What the doctor found and tried goes into the person's message. */
  const noteDoctor = (e: DoctorEvent, incidentId: string) => {
    const d = { ...diagnoses.get(incidentId) };
    const details = e.details;
    if (details.phase === 'diagnosis') {
      const top = details.candidates[0];
      d.summary = e.reason;
      if (top) d.matchedCase = `${top.caseId} (${Math.round(top.confidence * 100)}%)`;
    } else if (details.phase === 'gave-up' || details.phase === 'escalate' || details.phase === 'rollback') {
      d.summary = [d.summary, e.reason].filter(Boolean).join('; ');
    } else if (details.phase === 'proposal') {
      d.nextStep = `clawdoc approve ${details.proposalId}`;
    } else return;
    diagnoses.set(incidentId, d);
  };

  const build = (d: Decision): Alert => {
    const incidentId = d.event.incidentId ?? d.event.details?.incidentId;
    const diag = (incidentId && diagnoses.get(incidentId)) || options.diagnosis?.(incidentId);
    const ctx = alertContext(engine, lang, redactor(), clock.now(), diag || undefined);
    if (d.event.type === 'channel-needs-human' || d.event.type === 'channel-recovered') return gatewayChannelAlert(d.event, ctx);
    switch (d.kind) {
      case 'escalated':
      case 'reminder':
        return escalationAlert(d.event, ctx, d.kind);
      case 'recovered':
        return recoveredAlert(d.event, ctx, ctx.snapshot?.lastIncident);
      case 'event':
        return eventAlert(d.event, ctx);
    }
  };

  const send = (decisions: Decision[]) => {
    for (const d of decisions) {
      try {
        const alert = build(d);
        if (settings.alerts.desktop) desktop.notify(desktopNotificationFor(alert));
        dispatcher.enqueue(alert);
        log(`alerts: ${alert.kind} alert queued for ${dispatcher.channelNames().length} channel(s): ${alert.short}`);
      } catch (err) {
        log(`alerts: could not build the ${d.kind} alert: ${(err as Error).message}`);
      }
    }
  };

  // Runs inside the watchdog's emit: whatever goes wrong here must never reach the watchdog.
  const onEvent = (e: HistoryEvent) => {
    try {
      if (e.type === 'doctor' && e.incidentId) noteDoctor(e, e.incidentId);
      const decisions = policy.onEvent(e, clock.now());
      if (!decisions.length && e.type === 'escalated') {
        const s = policy.silence(clock.now());
        if (s.silenced) log(`alerts: escalation not sent now (${s.reason}); it goes out when the silence ends if it still lasts`);
      }
      send(decisions);
      // An escalation held for the doctor goes to a person at its deadline, not at the next slow tick.
      const due = policy.doctorDeadline();
      if (e.type === 'escalated' && due !== undefined) {
        clock.clearTimeout(handoverTimer);
        handoverTimer = clock.setTimeout(() => {
          const snap = safeSnapshot(engine.watchdog);
          send(policy.tick(clock.now(), snap?.state === 'escalated'));
        }, Math.max(0, due - clock.now()) + 50);
      }
    } catch (err) {
      log(`alerts: could not handle the ${e.type} event: ${(err as Error).message}`);
    }
  };
  engine.watchdog.on('event', onEvent);

  let timer: unknown;
  const tickMs = (options.tickMs ?? 30_000) * (options.tickMs === undefined ? scale : 1);
  const tick = () => {
    try {
      const snap = safeSnapshot(engine.watchdog);
      send(policy.tick(clock.now(), snap?.state === 'escalated'));
    } catch (err) {
      log(`alerts: reminder check failed: ${(err as Error).message}`);
    }
    timer = clock.setTimeout(tick, tickMs);
  };
  timer = clock.setTimeout(tick, tickMs);
  dispatcher.start();

  return {
    dispatcher,
    policy,
    setDiagnosis: (incidentId, d) => {
      if (incidentId) diagnoses.set(incidentId, d);
    },
    flush: (ms) => dispatcher.idle(ms),
    dispose: () => {
      engine.watchdog.off('event', onEvent);
      clock.clearTimeout(timer);
      clock.clearTimeout(handoverTimer);
      dispatcher.stop();
    },
  };
}

/** A test message for `clawdoc notify test`. */
export function buildTestAlert(engine: Omit<AlertsEngine, 'watchdog'>, lang: Lang, redactor: Redactor): Alert {
  return testAlert({
    lang,
    now: Date.now(),
    host: hostname(),
    redactor,
    crashWindowHours: engine.settings.restart.crashDecayHours,
    breakerWindowMin: engine.settings.restart.breakerWindowMin,
    port: engine.settings.gateway.port,
  });
}
