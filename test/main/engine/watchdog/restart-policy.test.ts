// Restart policy arithmetic with a fake clock: backoff, decay, stable-run reset, breaker.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RestartPolicy, policyConfigFrom, type PolicyConfig } from '../../../../src/main/engine/watchdog/restart-policy.js';
import { defaultSettings } from '../../../../src/main/engine/settings/settings.js';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;

function fakeClock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const defaults: PolicyConfig = policyConfigFrom(defaultSettings());

/** Crash, then restart after the policy's delay, `n` times; returns the delays. */
function crashLoop(policy: RestartPolicy, clock: ReturnType<typeof fakeClock>, n: number, uptimeMs: number): number[] {
  const delays: number[] = [];
  for (let i = 0; i < n; i++) {
    clock.advance(uptimeMs);
    policy.recordCrash(clock.now());
    const d = policy.decide(clock.now());
    assert.equal(d.kind, 'restart');
    if (d.kind !== 'restart') break;
    delays.push(d.delayMs);
    clock.advance(d.delayMs);
    policy.recordRestart(clock.now());
  }
  return delays;
}

describe('restart policy', () => {
  it('uses the plan defaults: 10→30→90→180→600 s, 6 h decay, 10 min stable run, 5 restarts in 10 min', () => {
    assert.deepEqual(defaults.backoffMs, [10 * S, 30 * S, 90 * S, 180 * S, 600 * S]);
    assert.equal(defaults.crashDecayMs, 6 * H);
    assert.equal(defaults.stableRunMs, 10 * MIN);
    assert.equal(defaults.breakerMaxRestarts, 5);
    assert.equal(defaults.breakerWindowMs, 10 * MIN);
  });

  it('restarts at once after a healthy run, then backs off 10 → 30 → 90 → 180 → 600 → 600 s', () => {
    const clock = fakeClock();
    const policy = new RestartPolicy(defaults);
    // Crashes 2 minutes apart never trip the 5-in-10-min breaker with these delays.
    const delays = crashLoop(policy, clock, 7, 2 * MIN);
    assert.deepEqual(delays, [0, 10 * S, 30 * S, 90 * S, 180 * S, 600 * S, 600 * S]);
  });

  it('a stable healthy run resets the backoff so the next crash restarts at once', () => {
    const clock = fakeClock();
    const policy = new RestartPolicy(defaults);
    crashLoop(policy, clock, 3, 2 * MIN);
    const healthySince = clock.now();
    clock.advance(9 * MIN);
    assert.equal(policy.noteHealthy(healthySince, clock.now()), false, '9 min is not yet stable');
    clock.advance(1 * MIN);
    assert.equal(policy.noteHealthy(healthySince, clock.now()), true, '10 min is stable');
    policy.recordCrash(clock.now());
    assert.deepEqual(policy.decide(clock.now()), { kind: 'restart', delayMs: 0, attempt: 1 });
    // Crashes still decay separately: the count in the window includes the old ones.
    assert.equal(policy.crashesInWindow(clock.now()), 4);
  });

  it('crashes older than 6 h no longer count', () => {
    const clock = fakeClock();
    const policy = new RestartPolicy(defaults);
    crashLoop(policy, clock, 4, 2 * MIN);
    assert.equal(policy.crashesInWindow(clock.now()), 4);
    clock.advance(6 * H + S);
    assert.equal(policy.crashesInWindow(clock.now()), 0);
    policy.recordCrash(clock.now());
    assert.equal(policy.backoffDelay(clock.now()), 0, 'decayed crashes do not grow the backoff');
    assert.equal(policy.consecutiveCrashes(clock.now()), 1);
  });

  it('trips the breaker instead of a sixth restart within 10 minutes', () => {
    const clock = fakeClock();
    const policy = new RestartPolicy({ ...defaults, backoffMs: [1 * S] });
    for (let i = 0; i < 5; i++) {
      clock.advance(20 * S);
      policy.recordCrash(clock.now());
      const d = policy.decide(clock.now());
      assert.equal(d.kind, 'restart', `restart ${i + 1} is allowed`);
      policy.recordRestart(clock.now());
    }
    clock.advance(20 * S);
    policy.recordCrash(clock.now());
    assert.deepEqual(policy.decide(clock.now()), { kind: 'breaker', restartsInWindow: 5 });
  });

  it('counts only restarts inside the breaker window, including the backoff delay', () => {
    const clock = fakeClock();
    const policy = new RestartPolicy({ ...defaults, backoffMs: [4 * MIN] });
    for (let i = 0; i < 5; i++) {
      policy.recordRestart(clock.now());
      clock.advance(S);
    }
    policy.recordCrash(clock.now());
    policy.recordCrash(clock.now());
    // The next restart would happen 4 min from now: all five restarts are still inside the window.
    assert.equal(policy.decide(clock.now()).kind, 'breaker');
    clock.advance(7 * MIN);
    policy.recordCrash(clock.now());
    // Now the delayed restart falls 11 min after the storm: the window has emptied.
    assert.equal(policy.decide(clock.now()).kind, 'restart');
  });

  it('survives a restart of ClawDoc: the persisted snapshot gives the same decisions', () => {
    const clock = fakeClock();
    const policy = new RestartPolicy(defaults);
    crashLoop(policy, clock, 3, 2 * MIN);
    const restored = new RestartPolicy(defaults, JSON.parse(JSON.stringify(policy.snapshot())));
    clock.advance(MIN);
    policy.recordCrash(clock.now());
    restored.recordCrash(clock.now());
    assert.deepEqual(restored.decide(clock.now()), policy.decide(clock.now()));
    assert.equal(restored.restartsInWindow(clock.now()), 3);
  });

  it('defaults: 5 crashes in a row are a crash loop, a stable run in between is not; 5 min unhealthy is too long', () => {
    assert.equal(defaults.escalateAfterCrashes, 5);
    assert.equal(defaults.escalateAfterMs, 5 * MIN);
    const clock = fakeClock();
    const policy = new RestartPolicy(defaults);
    // Dies 1 s after every start: the breaker never sees 5 restarts in 10 min, the crash count does.
    const delays = crashLoop(policy, clock, 4, S);
    assert.deepEqual(delays, [0, 10 * S, 30 * S, 90 * S]);
    assert.equal(policy.crashLoop(clock.now()), false);
    clock.advance(S);
    policy.recordCrash(clock.now());
    assert.equal(policy.decide(clock.now()).kind, 'restart', 'the breaker alone would restart again');
    assert.equal(policy.crashLoop(clock.now()), true, 'the 5th crash in a row is a crash loop');
    // A stable run resets the count; crashes older than 6 h no longer count either.
    policy.noteHealthy(clock.now(), clock.now() + 10 * MIN);
    clock.advance(11 * MIN);
    policy.recordCrash(clock.now());
    assert.equal(policy.crashLoop(clock.now()), false);
    assert.equal(policy.unhealthyTooLong(clock.now() - 5 * MIN + S, clock.now()), false);
    assert.equal(policy.unhealthyTooLong(clock.now() - 5 * MIN, clock.now()), true);
    assert.equal(policy.unhealthyTooLong(undefined, clock.now()), false);
  });

  it('reset after an escalation ends clears the breaker and the backoff', () => {
    const clock = fakeClock();
    const policy = new RestartPolicy({ ...defaults, backoffMs: [S] });
    crashLoop(policy, clock, 5, 10 * S);
    clock.advance(S);
    policy.recordCrash(clock.now());
    assert.equal(policy.decide(clock.now()).kind, 'breaker');
    policy.reset(clock.now());
    clock.advance(S);
    policy.recordCrash(clock.now());
    assert.deepEqual(policy.decide(clock.now()), { kind: 'restart', delayMs: 0, attempt: 1 });
  });
});
