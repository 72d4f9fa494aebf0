// A sliding-window limiter per channel: every documented window (e.g. Feishu 5/s and 100/min) must
// have room before a message goes out. A platform's "too fast" answer blocks the channel for a while.
// Time comes from the caller, so tests can scale windows instead of waiting minutes.
import type { RateWindow } from './channels/channel-driver.js';

export class RateLimiter {
  private sent: number[] = [];
  private blockedUntil = 0;
  private readonly windows: RateWindow[];
  private readonly longest: number;

  constructor(windows: RateWindow[], history: number[] = []) {
    this.windows = windows.filter((w) => w.limit > 0 && w.windowMs > 0);
    this.longest = Math.max(0, ...this.windows.map((w) => w.windowMs));
    this.sent = [...history].sort((a, b) => a - b);
  }

  /** Milliseconds until the next message may be sent (0 = now). */
  waitMs(now: number): number {
    this.prune(now);
    let wait = Math.max(0, this.blockedUntil - now);
    for (const w of this.windows) {
      const inWindow = this.sent.filter((t) => t > now - w.windowMs);
      if (inWindow.length >= w.limit) {
        // The oldest send that must leave the window before there is room again.
        const oldest = inWindow[inWindow.length - w.limit]!;
        wait = Math.max(wait, oldest + w.windowMs - now + 1);
      }
    }
    return wait;
  }

  record(now: number): void {
    this.sent.push(now);
    this.prune(now);
  }

  /**
   * The answer came back: count the send from now rather than from when it left, because the
   * platform counts arrivals, and a slow request may arrive late (never early).
   */
  settle(sentAt: number, doneAt: number): void {
    const i = this.sent.lastIndexOf(sentAt);
    if (i >= 0) this.sent[i] = Math.max(sentAt, doneAt);
    this.sent.sort((a, b) => a - b);
  }

  /** The platform said stop (429, 130101, 11232): nothing goes out before `until`. */
  block(until: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, until);
  }

  /** Send times still inside the longest window, to persist across a restart of ClawDoc. */
  history(): number[] {
    return [...this.sent];
  }

  get blockedUntilMs(): number {
    return this.blockedUntil;
  }

  private prune(now: number): void {
    const cutoff = now - this.longest;
    while (this.sent.length && this.sent[0]! <= cutoff) this.sent.shift();
  }
}
