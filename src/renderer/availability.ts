// Availability from incidents: an incident is downtime from when it opened until it closed (or now).
// Overlapping incidents count once. Pure; the History page draws it, the tests check it.
import type { Incident } from '../shared/status.js';

export type RangeId = '24h' | '7d' | '30d';
export const RANGES: Record<RangeId, { ms: number; buckets: number }> = {
  '24h': { ms: 24 * 3600_000, buckets: 24 }, // hours
  '7d': { ms: 7 * 24 * 3600_000, buckets: 28 }, // 6 hours
  '30d': { ms: 30 * 24 * 3600_000, buckets: 30 }, // days
};

export type Interval = [start: number, end: number];

/** Downtime intervals within [from, to], merged and sorted. */
export function downtime(incidents: Incident[], from: number, to: number): Interval[] {
  const raw: Interval[] = incidents
    .map((i): Interval => [Math.max(from, i.openedAt), Math.min(to, i.closedAt ?? to)])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const merged: Interval[] = [];
  for (const iv of raw) {
    const last = merged.at(-1);
    if (last && iv[0] <= last[1]) last[1] = Math.max(last[1], iv[1]);
    else merged.push([iv[0], iv[1]]);
  }
  return merged;
}

function downWithin(intervals: Interval[], from: number, to: number): number {
  let sum = 0;
  for (const [a, b] of intervals) sum += Math.max(0, Math.min(b, to) - Math.max(a, from));
  return sum;
}

export interface AvailabilitySummary {
  /** 0..1 */
  ratio: number;
  downMs: number;
  incidents: number;
  /** Mean time from opened to closed, over incidents that closed in the range. */
  mttrMs: number | null;
}

export function availability(incidents: Incident[], from: number, to: number): AvailabilitySummary {
  const span = Math.max(1, to - from);
  const downMs = downWithin(downtime(incidents, from, to), from, to);
  const inRange = incidents.filter((i) => (i.closedAt ?? to) > from && i.openedAt < to);
  const closed = inRange.filter((i) => i.closedAt !== undefined);
  const mttrMs = closed.length ? closed.reduce((s, i) => s + (i.closedAt! - i.openedAt), 0) / closed.length : null;
  return { ratio: 1 - downMs / span, downMs, incidents: inRange.length, mttrMs };
}

export interface AvailabilitySeries {
  /** Bucket middles (epoch seconds, as the chart wants them). */
  x: number[];
  /** The range drawn, epoch seconds. */
  from: number;
  to: number;
  /** Availability of each bucket in percent; null before anything was observed. */
  y: (number | null)[];
  bucketMs: number;
}

/** `observedFrom`: when ClawDoc's records begin; earlier buckets have no value, a partly observed one counts its observed part. */
export function availabilitySeries(incidents: Incident[], range: RangeId, now: number, observedFrom = -Infinity): AvailabilitySeries {
  const { ms, buckets } = RANGES[range];
  const bucketMs = ms / buckets;
  const from = now - ms;
  const intervals = downtime(incidents, from, now);
  const x: number[] = [];
  const y: (number | null)[] = [];
  for (let b = 0; b < buckets; b++) {
    const a = from + b * bucketMs;
    const end = Math.min(now, a + bucketMs);
    const start = Math.max(a, observedFrom);
    x.push(Math.round((a + bucketMs / 2) / 1000));
    y.push(end <= start ? null : 100 * (1 - downWithin(intervals, start, end) / (end - start)));
  }
  return { x, y, bucketMs, from: Math.round(from / 1000), to: Math.round(now / 1000) };
}
