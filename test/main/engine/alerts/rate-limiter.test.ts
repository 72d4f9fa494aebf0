import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RateLimiter } from '../../../../src/main/engine/alerts/rate-limiter.js';

test('every window must have room: Feishu 5 per second and 100 per minute', () => {
  const l = new RateLimiter([
    { limit: 5, windowMs: 1000 },
    { limit: 100, windowMs: 60_000 },
  ]);
  let t = 0;
  for (let i = 0; i < 5; i++) {
    assert.equal(l.waitMs(t), 0);
    l.record(t);
  }
  assert.equal(l.waitMs(t), 1001, 'the sixth waits until the first leaves the 1 s window');
  // 100 in the minute (5 per second for 20 s): then the minute window rules.
  for (t = 1001; l.history().length < 100; t += 200) {
    if (l.waitMs(t) === 0) l.record(t);
  }
  const first = l.history()[0]!;
  assert.equal(l.waitMs(t), first + 60_000 + 1 - t);
});

test('a block from the platform (130101, 429) holds everything until it ends', () => {
  const l = new RateLimiter([{ limit: 20, windowMs: 60_000 }]);
  l.block(10 * 60_000);
  assert.equal(l.waitMs(0), 10 * 60_000);
  assert.equal(l.waitMs(10 * 60_000), 0);
});

test('send times survive a restart (history), and old ones are forgotten', () => {
  const l = new RateLimiter([{ limit: 2, windowMs: 1000 }], [100, 200]);
  assert.equal(l.waitMs(300), 801);
  assert.equal(l.waitMs(1200), 0);
  assert.deepEqual(l.history(), []);
});

test('settle counts a send from when its answer came back (the platform counts arrivals)', () => {
  const l = new RateLimiter([{ limit: 1, windowMs: 1000 }]);
  l.record(0);
  l.settle(0, 300);
  assert.equal(l.waitMs(1000), 301);
});
