// Escalation of gateways that never stay up, on the DEFAULT settings (backoff 10→30→90→180→600 s,
// 5 crashes in a row, 5 min unhealthy), with the real Watchdog on a fake clock: minutes pass in
// milliseconds. The gateway is a scripted child that dies a fixed time after every start.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import type { ExitInfo, GatewayManager, RestartOutcome } from '../../../../src/main/engine/manage/manager.js';
import type { ProcessSampler } from '../../../../src/main/engine/gateway/processes.js';
import { defaultSettings } from '../../../../src/main/engine/settings/settings.js';
import { History } from '../../../../src/main/engine/store/history-log.js';
import { StateFile } from '../../../../src/main/engine/store/state-file.js';
import { Watchdog } from '../../../../src/main/engine/watchdog/watchdog.js';
import type { ProbeResult, WatchEvent } from '../../../../src/shared/status.js';

const S = 1000;
const MIN = 60 * S;
const T0 = 1_700_000_000_000;

/** A child-mode gateway that dies `uptimeMs` after every start (pids that are never alive on this machine). */
class DyingChild implements GatewayManager {
  readonly mode = 'child' as const;
  readonly canRestart = true;
  starts: number[] = [];
  private cur?: { pid: number; startedAt: number };
  private listeners: ((i: ExitInfo) => void)[] = [];
  private nextPid = 4_190_000;
  constructor(
    private readonly uptimeMs: number,
    /** It answers healthy this long after a start (Infinity: never), until it dies. */
    private readonly healthyAfterMs = 5 * S,
    private readonly output = ['[gateway] starting', 'Error: something the cases do not know'],
  ) {}
  pid() {
    return this.cur?.pid;
  }
  startedAt() {
    return this.cur?.startedAt;
  }
  healthy(): boolean {
    return !!this.cur && Date.now() - this.cur.startedAt >= this.healthyAfterMs;
  }
  async start(): Promise<RestartOutcome> {
    const pid = this.nextPid++;
    this.cur = { pid, startedAt: Date.now() };
    this.starts.push(Date.now());
    setTimeout(() => this.die(pid), this.uptimeMs);
    return { ok: true, via: 'fake', pid };
  }
  async restart(): Promise<RestartOutcome> {
    return this.start();
  }
  async stop() {}
  async adopt() {
    return false;
  }
  onExit(l: (i: ExitInfo) => void) {
    this.listeners.push(l);
  }
  async lastOutput() {
    return this.output;
  }
  dispose() {}
  private die(pid: number): void {
    if (this.cur?.pid !== pid) return;
    const startedAt = this.cur.startedAt;
    this.cur = undefined;
    for (const l of this.listeners) l({ pid, code: 1, signal: null, at: Date.now(), uptimeMs: Date.now() - startedAt, lastOutput: this.output });
  }
}

const noSampler = { sample: async () => undefined } as unknown as ProcessSampler;

function setup(uptimeMs: number, healthyAfterMs?: number) {
  const dir = mkdtempSync(join(tmpdir(), 'clawdoc-esc-'));
  const manager = new DyingChild(uptimeMs, healthyAfterMs);
  const events: WatchEvent[] = [];
  const wd = new Watchdog({
    settings: defaultSettings(),
    manager,
    history: new History(dir),
    stateFile: new StateFile(dir),
    probe: async (): Promise<ProbeResult> => ({ verdict: manager.healthy() ? 'healthy' : 'refused', at: Date.now(), latencyMs: 1 }),
    portHolder: async () => null,
    sampler: noSampler,
  });
  wd.on('event', (e) => events.push(e));
  return { dir, wd, manager, events };
}

/** Lets fake time pass in 100 ms steps, letting the promises each step started settle. */
async function advance(ms: number, until?: () => boolean): Promise<void> {
  for (let t = 0; t < ms; t += 100) {
    mock.timers.tick(100);
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    if (until?.()) return;
  }
}

describe('escalation with the default settings (fake clock)', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'], now: T0 }));
  afterEach(() => mock.timers.reset());

  it('upkeep (log rotation, retention) runs when watching starts and every 10 s after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clawdoc-esc-'));
    const manager = new DyingChild(60 * MIN);
    let maintained = 0;
    const swept: number[] = [];
    (manager as GatewayManager).maintain = () => void maintained++;
    const wd = new Watchdog({
      settings: defaultSettings(),
      manager,
      history: new History(dir),
      stateFile: new StateFile(dir),
      probe: async (): Promise<ProbeResult> => ({ verdict: manager.healthy() ? 'healthy' : 'refused', at: Date.now(), latencyMs: 1 }),
      portHolder: async () => null,
      sampler: noSampler,
      maintenance: (now) => void swept.push(now),
    });
    await wd.start();
    await advance(100);
    assert.equal(maintained, 1);
    assert.equal(swept.length, 1);
    await advance(60 * S);
    assert.equal(maintained, 7, 'every LOG_CHECK_MS (10 s)');
    assert.equal(swept.length, 7);
    await wd.stop();
  });

  it('the defaults: 5 crashes in a row, 5 min unhealthy', () => {
    const r = defaultSettings().restart;
    assert.equal(r.escalateAfterCrashes, 5);
    assert.equal(r.escalateAfterMin, 5);
    assert.deepEqual(r.backoffSec, [10, 30, 90, 180, 600]);
  });

  it('a gateway that dies 1 s after every start escalates as a crash loop within 2.5 min, after 5 starts', async () => {
    const t = setup(1 * S);
    await t.wd.start();
    const escalated = () => t.events.find((e) => e.type === 'escalated');
    await advance(10 * MIN, () => !!escalated());
    const esc = escalated();
    assert.ok(esc, `escalated; events: ${t.events.map((e) => e.type).join(' ')}`);
    assert.equal(esc.details?.cause, 'crash-loop');
    const firstExit = t.events.find((e) => e.type === 'exited')!;
    assert.ok(esc.ts - firstExit.ts <= 150 * S, `escalated ${(esc.ts - firstExit.ts) / 1000} s after the first exit`);
    assert.equal(t.manager.starts.length, 5, 'the initial start and 4 restarts (0, 10, 30, 90 s)');
    assert.deepEqual(t.events.filter((e) => e.type === 'backoff').map((e) => e.details?.delayMs), [10 * S, 30 * S, 90 * S]);
    // No restart after the escalation: the doctor and the alerts have it now.
    await advance(20 * MIN);
    assert.equal(t.manager.starts.length, 5);
    assert.equal(t.wd.getState(), 'escalated');
    assert.ok(((esc.details?.evidence as { lastOutput?: string[] }).lastOutput ?? []).some((l) => /something the cases do not know/.test(l)), 'the escalation carries the last output');
    await t.wd.stop();
  });

  it('a gateway that never answers and dies 60 s after every start escalates after 5 min unhealthy, while waiting out a backoff', async () => {
    const t = setup(60 * S, Infinity);
    await t.wd.start();
    const escalated = () => t.events.find((e) => e.type === 'escalated');
    await advance(15 * MIN, () => !!escalated());
    const esc = escalated();
    assert.ok(esc, 'escalated');
    assert.equal(esc.details?.cause, 'unhealthy-too-long');
    const exits = t.events.filter((e) => e.type === 'exited');
    const firstExit = exits[0]!;
    const late = esc.ts - firstExit.ts;
    assert.ok(late >= 5 * MIN && late <= 5 * MIN + 5 * S, `escalated ${late / 1000} s after the first exit (5 min + at most one probe interval)`);
    assert.ok(exits.every((e) => e.ts !== esc.ts), 'not at a crash: during the wait');
    assert.ok(t.events.some((e) => e.type === 'backoff' && e.ts < esc.ts && e.details?.delayMs === 90 * S), 'a 90 s backoff was pending');
    assert.equal(t.manager.starts.length, 4, 'the restart the backoff waited for never happened');
    await advance(20 * MIN);
    assert.equal(t.manager.starts.length, 4);
    await t.wd.stop();
  });

  it('a gateway that runs 3 min and dies, again and again, escalates at the 5th crash in a row (healthy in between)', async () => {
    const t = setup(3 * MIN);
    await t.wd.start();
    const escalated = () => t.events.find((e) => e.type === 'escalated');
    await advance(60 * MIN, () => !!escalated());
    const esc = escalated();
    assert.ok(esc, 'escalated');
    assert.equal(esc.details?.cause, 'crash-loop');
    assert.equal(t.events.filter((e) => e.type === 'exited').length, 5);
    assert.equal(t.events.filter((e) => e.type === 'recovered').length, 4, 'it was healthy between the crashes');
    await t.wd.stop();
  });

  it('a gateway that runs 15 min between crashes (longer than the stable run) is restarted at once every time and never escalated', async () => {
    const t = setup(15 * MIN);
    await t.wd.start();
    await advance(2 * 60 * MIN);
    assert.equal(t.events.filter((e) => e.type === 'escalated').length, 0);
    assert.equal(t.events.filter((e) => e.type === 'backoff').length, 0, 'each crash follows a stable run: immediate restart');
    assert.ok(t.events.filter((e) => e.type === 'exited').length >= 7);
    await t.wd.stop();
  });
});
