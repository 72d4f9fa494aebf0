// Delivery: every alert goes to the outbox first (on disk), then each channel drains its queue in
// order, within the platform's rate limits. What piles up while a channel waits (a burst, an outage)
// goes out merged into one digest message; alerts too old to matter are summarised. Failures retry
// with backoff, or after the platform's retry_after. Nothing is dropped while the channel exists.
import type { Alert, DeliveryRecord, DeliveryVerdict, OutboxEntry } from '../../../shared/alerts.js';
import { driverFor, type ChannelDriver } from './channels/drivers.js';
import type { RateWindow } from './channels/channel-driver.js';
import type { Lang } from './alert-strings.js';
import { RateLimiter } from './rate-limiter.js';
import type { Redactor } from '../redaction/redactor.js';
import { withKeyword } from './render.js';
import type { SecretStore } from './secrets.js';
import type { ChannelConfig } from '../settings/alerts-schema.js';
import { recordDelivery, type AlertStateStore, type Outbox } from './outbox.js';
import { digestAlert, summaryAlert } from './alert-messages.js';
import { deliver, type Transport } from './webhook-transport.js';
import { getOwn, setOwn } from '../util/own.js';

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.(); // pending retries never keep a finished CLI alive
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface DispatcherOptions {
  dataDir: string;
  channels: ChannelConfig[];
  secrets: SecretStore;
  outbox: Outbox;
  state: AlertStateStore;
  redactor: Redactor;
  lang: Lang;
  /** Pending alerts older than this go out as one summary. */
  maxAgeMs: number;
  clock?: Clock;
  /**
   * Multiplies ClawDoc's own durations (rate windows, penalties, backoff). 1 in production; tests use
   * e.g. 0.01 so a minute-long window lasts 600 ms while the limiter logic stays the real one.
   * A platform's own retry_after is honored as given.
   */
  timeScale?: number;
  transport?: Transport;
  log?: (line: string) => void;
  /** Each delivery's result, as it happens (the faces show the last one per channel). */
  onDelivery?: (record: DeliveryRecord) => void;
  /** Override the documented limits for a channel type (tests, or a self-hosted relay). */
  limitsFor?: (cfg: ChannelConfig, documented: RateWindow[]) => RateWindow[];
}

const BACKOFF_BASE_MS = 5000;
const BACKOFF_MAX_MS = 10 * 60_000;
/** Digests carry at most this many alerts (a safety bound; the size limit usually comes first). */
const MAX_BATCH = 200;

interface ChannelRuntime {
  cfg: ChannelConfig;
  driver: ChannelDriver;
  limiter: RateLimiter;
  timer?: unknown;
  busy: boolean;
}

/** A channel's recent send times from state.json (own key; anything but a list of times counts as none). */
function sendHistory(sent: Record<string, number[]>, name: string): number[] {
  const h = getOwn(sent, name);
  return Array.isArray(h) ? h.filter((t) => typeof t === 'number' && Number.isFinite(t)) : [];
}

export class Dispatcher {
  private readonly clock: Clock;
  private readonly scale: number;
  private readonly channels = new Map<string, ChannelRuntime>();
  private stopped = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: DispatcherOptions) {
    this.clock = options.clock ?? realClock;
    this.scale = options.timeScale ?? 1;
    for (const cfg of options.channels) {
      if (!cfg.enabled) continue;
      const driver = driverFor(cfg.type);
      const documented = driver.limits;
      const limits = (options.limitsFor?.(cfg, documented) ?? documented).map((w) => ({ limit: w.limit, windowMs: w.windowMs * this.scale }));
      this.channels.set(cfg.name, { cfg, driver, limiter: new RateLimiter(limits, sendHistory(options.state.state.sent, cfg.name)), busy: false });
    }
  }

  channelNames(): string[] {
    return [...this.channels.keys()];
  }

  /** Sends whatever the outbox kept from before (an outage, a restart of ClawDoc). */
  start(): void {
    // A channel the user removed can never be sent to: its queue goes (said, not silently).
    const dropped = this.options.outbox.keepOnly(new Set(this.options.channels.map((c) => c.name)));
    if (dropped.length) this.log(`alerts: ${dropped.length} pending alert(s) for removed channel(s) ${[...new Set(dropped.map((e) => e.channel))].join(', ')} discarded`);
    for (const name of this.channels.keys()) this.kick(name, 0);
  }

  stop(): void {
    this.stopped = true;
    for (const ch of this.channels.values()) if (ch.timer) this.clock.clearTimeout(ch.timer);
  }

  /** Queues an alert for every enabled channel (persisted before any attempt) and starts delivery. */
  enqueue(alert: Alert): void {
    const now = this.clock.now();
    for (const name of this.channels.keys()) {
      this.options.outbox.add(name, alert, now);
      this.kick(name, 0);
    }
  }

  /** Resolves when every queue is empty (or the time is up). */
  async idle(timeoutMs: number): Promise<boolean> {
    if (this.options.outbox.all().length === 0) return true;
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(this.options.outbox.all().length === 0), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(t);
        resolve(true);
      });
    });
  }

  /**
   * Sends one alert now to one channel, bypassing the queue (`clawdoc notify test`). The rate
   * limiter still applies: a test must not get the robot blocked.
   */
  async sendDirect(name: string, alert: Alert): Promise<DeliveryVerdict> {
    const ch = this.channels.get(name);
    if (!ch) return { ok: false, text: `no enabled channel named "${name}"` };
    const wait = ch.limiter.waitMs(this.clock.now());
    if (wait > 0) return { ok: false, rateLimited: true, text: `${ch.driver.label}: rate limit reached, try again in ${Math.ceil(wait / 1000)} s` };
    return this.post(ch, alert, 1, false);
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  private kick(name: string, delayMs: number): void {
    const ch = this.channels.get(name);
    if (!ch || this.stopped) return;
    if (ch.timer) this.clock.clearTimeout(ch.timer);
    ch.timer = this.clock.setTimeout(() => {
      ch.timer = undefined;
      void this.pump(ch);
    }, Math.max(0, delayMs));
  }

  private async pump(ch: ChannelRuntime): Promise<void> {
    if (ch.busy || this.stopped) return;
    ch.busy = true;
    try {
      for (;;) {
        if (this.stopped) return;
        const pending = this.options.outbox.pending(ch.cfg.name);
        if (pending.length === 0) break;
        const now = this.clock.now();
        const wait = Math.max(ch.limiter.waitMs(now), pending[0]!.nextAttemptAt - now);
        if (wait > 0) {
          this.kick(ch.cfg.name, wait);
          return;
        }
        const { batch, alert } = this.compose(ch, pending, now);
        const verdict = await this.post(ch, alert, batch.length);
        if (verdict.ok) {
          this.options.outbox.remove(batch.map((e) => e.seq));
          continue;
        }
        this.failed(ch, batch, verdict);
      }
    } catch (err) {
      // A disk error must not kill delivery for good: log it and try again later.
      this.log(`alerts: ${ch.cfg.name}: ${(err as Error).message}`);
      this.kick(ch.cfg.name, BACKOFF_BASE_MS * this.scale);
    } finally {
      ch.busy = false;
      if (this.options.outbox.all().length === 0) for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  /** Picks what goes into the next message: old alerts as one summary, else as many as fit one digest. */
  private compose(ch: ChannelRuntime, pending: OutboxEntry[], now: number): { batch: OutboxEntry[]; alert: Alert } {
    const firstFresh = pending.findIndex((e) => now - e.alert.createdAt <= this.options.maxAgeMs);
    const leadingOld = firstFresh === -1 ? pending.length : firstFresh;
    if (leadingOld > 1) {
      // Only the leading old ones, so the order is kept; fresh ones follow in their own message.
      const batch = pending.slice(0, leadingOld);
      return { batch, alert: summaryAlert(batch.map((e) => e.alert), this.options.lang, now) };
    }
    if (pending.length === 1) return { batch: pending, alert: pending[0]!.alert };
    let batch = pending.slice(0, 1);
    let alert = pending[0]!.alert;
    for (let n = 2; n <= Math.min(pending.length, MAX_BATCH); n++) {
      const next = pending.slice(0, n);
      const candidate = digestAlert(next.map((e) => e.alert), this.options.lang, now);
      if (!ch.driver.fits(withKeyword(candidate, ch.cfg.keywords), ch.cfg)) break; // never cut an alert out of a digest
      batch = next;
      alert = candidate;
    }
    return { batch, alert };
  }

  /** `persist` is false for direct sends from another process: state.json belongs to the watcher. */
  private async post(ch: ChannelRuntime, alert: Alert, count: number, persist = true): Promise<DeliveryVerdict> {
    const now = this.clock.now();
    const secret = ch.cfg.signed ? this.options.secrets.get(ch.cfg.name) : undefined;
    let verdict: DeliveryVerdict;
    if (ch.cfg.signed && !secret) {
      verdict = { ok: false, text: `${ch.driver.label}: channel "${ch.cfg.name}" is signed but has no secret in ${this.options.secrets.description}` };
    } else {
      const req = ch.driver.build(withKeyword(alert, ch.cfg.keywords), ch.cfg, secret, now);
      ch.limiter.record(now); // counted while in flight
      verdict = await deliver(ch.driver, req, ch.cfg.timeoutSec * 1000, this.options.redactor, this.options.transport);
      ch.limiter.settle(now, this.clock.now());
      if (persist) {
        setOwn(this.options.state.state.sent, ch.cfg.name, ch.limiter.history());
        this.options.state.save();
      }
    }
    const record: DeliveryRecord = { channel: ch.cfg.name, at: this.clock.now(), ok: verdict.ok, text: verdict.text, alerts: count };
    recordDelivery(this.options.dataDir, record);
    this.options.onDelivery?.(record);
    this.log(`alerts: ${ch.cfg.name}: ${verdict.ok ? 'delivered' : 'not delivered'}${count > 1 ? ` (${count} alerts in one message)` : ''} — ${verdict.text}`);
    return verdict;
  }

  private failed(ch: ChannelRuntime, batch: OutboxEntry[], v: DeliveryVerdict): void {
    const now = this.clock.now();
    const attempts = Math.max(...batch.map((e) => e.attempts)) + 1;
    let delay: number;
    if (v.retryAfterMs !== undefined) {
      delay = v.retryAfterMs + 50; // the platform said when; honor it as given
      ch.limiter.block(now + delay);
    } else if (v.rateLimited) {
      delay = ch.driver.rateLimitPenaltyMs * this.scale;
      ch.limiter.block(now + delay);
    } else {
      delay = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempts - 1)) * this.scale;
    }
    const next = now + delay;
    this.options.outbox.update(batch.map((e) => ({ ...e, attempts, nextAttemptAt: next, lastError: v.text })));
    this.kick(ch.cfg.name, delay);
  }
}
