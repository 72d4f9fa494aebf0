// Shared test data: a realistic escalation (what the watchdog emits for a squatted port) and helpers.
import { EventEmitter } from 'node:events';
import type { StatusSnapshot, WatchEvent } from '../../../../src/shared/status.js';
import { Redactor } from '../../../../src/main/engine/redaction/redactor.js';
import { ChannelSchema, type ChannelConfig } from '../../../../src/main/engine/settings/alerts-schema.js';
import type { AlertContext } from '../../../../src/main/engine/alerts/alert-messages.js';
import type { Lang } from '../../../../src/main/engine/alerts/alert-strings.js';

export function channel(c: Record<string, unknown>): ChannelConfig {
  return ChannelSchema.parse(c);
}

export const T0 = Date.parse('2026-11-24T03:30:00Z');

export function escalationEvent(overrides: Partial<WatchEvent> = {}, lastOutput: string[] = ['[gateway] listen EADDRINUSE 127.0.0.1:18789']): WatchEvent {
  return {
    ts: T0,
    type: 'escalated',
    reason: 'port 18789 is held by pid 4242 (python3 -m http.server 18789), which is not OpenClaw\'s gateway',
    incidentId: 'inc-1',
    details: {
      cause: 'port-foreign',
      evidence: {
        portHolder: { pid: 4242, name: 'python3', command: 'python3 -m http.server 18789', isOpenClaw: false },
        restartsInWindow: 2,
        crashesInWindow: 7,
        lastOutput,
      },
    },
    ...overrides,
  };
}

export function snapshot(over: Partial<StatusSnapshot> = {}): StatusSnapshot {
  return {
    state: 'escalated',
    since: T0,
    reason: 'escalated',
    manage: 'child',
    port: 18789,
    updatedAt: T0,
    lastHealthyAt: T0 - 35 * 60_000 - 12_000,
    restartsInWindow: 2,
    crashesInWindow: 7,
    incident: { id: 'inc-1', openedAt: T0 - 35 * 60_000 - 12_000, cause: 'gateway exited with signal SIGKILL', restarts: 3 },
    ...over,
  };
}

export function context(lang: Lang = 'en', over: Partial<AlertContext> = {}): AlertContext {
  return {
    lang,
    now: T0,
    host: 'testhost',
    redactor: new Redactor(),
    snapshot: snapshot(),
    crashWindowHours: 6,
    breakerWindowMin: 10,
    port: 18789,
    logPath: '/data/logs/gateway.log',
    ...over,
  };
}

/** A stand-in for the Watchdog: emits events, answers snapshot(). */
export class FakeWatchdog extends EventEmitter<{ event: [WatchEvent] }> {
  snap: StatusSnapshot = snapshot({ state: 'healthy', incident: undefined });
  snapshot(): StatusSnapshot {
    return this.snap;
  }
  fire(e: WatchEvent): void {
    this.emit('event', e);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function until<T>(fn: () => T, timeoutMs: number, what: string): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
