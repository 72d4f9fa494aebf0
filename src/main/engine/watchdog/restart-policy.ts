// The restart policy as plain arithmetic over timestamps, so it can be tested with a fake clock
// and persisted as-is: backoff that grows with repeated crashes, crashes that decay, a stable run
// that resets the backoff, and a breaker that stops a restart storm.
import type { Settings } from '../settings/settings.js';
import type { PolicyState } from '../../../shared/status.js';

export interface PolicyConfig {
  /** Delays between repeated restarts (ms). The first restart after a stable run is immediate. */
  backoffMs: number[];
  /** Crashes older than this no longer count (ms). */
  crashDecayMs: number;
  /** A healthy run this long resets the backoff (ms). */
  stableRunMs: number;
  /** More than this many restarts within the window trips the breaker. */
  breakerMaxRestarts: number;
  breakerWindowMs: number;
  /** This many crashes in a row (not decayed, no stable run between) is a crash loop: escalate. */
  escalateAfterCrashes: number;
  /** Unhealthy this long despite restarts: escalate (ms). */
  escalateAfterMs: number;
}

export function policyConfigFrom(settings: Settings): PolicyConfig {
  const r = settings.restart;
  return {
    backoffMs: r.backoffSec.map((s) => Math.round(s * 1000)),
    crashDecayMs: Math.round(r.crashDecayHours * 3_600_000),
    stableRunMs: Math.round(r.stableRunMin * 60_000),
    breakerMaxRestarts: r.breakerMaxRestarts,
    breakerWindowMs: Math.round(r.breakerWindowMin * 60_000),
    escalateAfterCrashes: r.escalateAfterCrashes,
    escalateAfterMs: Math.round(r.escalateAfterMin * 60_000),
  };
}

export type { PolicyState };

export type RestartDecision =
  | { kind: 'restart'; delayMs: number; attempt: number }
  | { kind: 'breaker'; restartsInWindow: number };

export class RestartPolicy {
  private state: PolicyState;

  constructor(
    private config: PolicyConfig,
    state?: Partial<PolicyState>,
  ) {
    this.state = { crashes: [...(state?.crashes ?? [])], restarts: [...(state?.restarts ?? [])], backoffResetAt: state?.backoffResetAt ?? 0 };
  }

  /** New settings: the counts so far are kept, the new limits apply from now. */
  reconfigure(config: PolicyConfig): void {
    this.config = config;
  }

  snapshot(): PolicyState {
    return { crashes: [...this.state.crashes], restarts: [...this.state.restarts], backoffResetAt: this.state.backoffResetAt };
  }

  recordCrash(now: number): void {
    this.state.crashes.push(now);
    this.prune(now);
  }

  recordRestart(now: number): void {
    this.state.restarts.push(now);
    this.prune(now);
  }

  /** Crashes that still count: within the decay window. */
  crashesInWindow(now: number): number {
    const since = now - this.config.crashDecayMs;
    return this.state.crashes.filter((t) => t > since && t <= now).length;
  }

  restartsInWindow(now: number): number {
    const since = now - this.config.breakerWindowMs;
    return this.state.restarts.filter((t) => t > since && t <= now).length;
  }

  /** Crashes since the last stable run that have not decayed: the backoff step. */
  consecutiveCrashes(now: number): number {
    const since = Math.max(now - this.config.crashDecayMs, this.state.backoffResetAt);
    return this.state.crashes.filter((t) => t > since && t <= now).length;
  }

  /** Delay before the next restart: 0 for the first crash after a stable run, then the backoff steps. */
  backoffDelay(now: number): number {
    const n = this.consecutiveCrashes(now);
    if (n <= 1) return 0;
    const steps = this.config.backoffMs;
    return steps[Math.min(n - 2, steps.length - 1)] ?? 0;
  }

  /** Called after a crash was recorded: restart (after a delay) or trip the breaker. */
  decide(now: number): RestartDecision {
    const delayMs = this.backoffDelay(now);
    const at = now + delayMs;
    const restartsInWindow = this.restartsInWindow(at);
    if (restartsInWindow >= this.config.breakerMaxRestarts) return { kind: 'breaker', restartsInWindow };
    return { kind: 'restart', delayMs, attempt: this.consecutiveCrashes(now) };
  }

  /** Would one more restart at `now` trip the breaker? For restarts that are not crash answers (memory, hang). */
  breakerWouldTrip(now: number): boolean {
    return this.restartsInWindow(now) >= this.config.breakerMaxRestarts;
  }

  /**
   * A crash loop: escalateAfterCrashes crashes in a row. With the default backoff the breaker (restarts
   * per 10 min) never trips for a gateway that dies on every start, because the delays thin the restarts
   * out; counting crashes since the last stable run catches it (5 crashes: ~2.2 min with the defaults).
   */
  crashLoop(now: number): boolean {
    return this.consecutiveCrashes(now) >= this.config.escalateAfterCrashes;
  }

  /** Unhealthy since `failingSince` for longer than the escalation time. */
  unhealthyTooLong(failingSince: number | undefined, now: number): boolean {
    return failingSince !== undefined && now - failingSince >= this.config.escalateAfterMs;
  }

  /** The gateway has been healthy since `healthySince`; a long enough run resets the backoff. */
  noteHealthy(healthySince: number, now: number): boolean {
    if (now - healthySince < this.config.stableRunMs) return false;
    // Every crash before the stable run began is forgiven.
    if (healthySince <= this.state.backoffResetAt) return false;
    this.state.backoffResetAt = healthySince;
    return true;
  }

  /** A human (or the cause going away) ended an escalation: start counting afresh. */
  reset(now: number): void {
    this.state.backoffResetAt = now;
    this.state.restarts = [];
  }

  private prune(now: number): void {
    const keepSince = now - Math.max(this.config.crashDecayMs, this.config.breakerWindowMs);
    this.state.crashes = this.state.crashes.filter((t) => t > keepSince);
    this.state.restarts = this.state.restarts.filter((t) => t > keepSince);
  }
}
