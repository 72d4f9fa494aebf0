// The doctor's hooks are awaited, not raced against a short deadline: a slow pre-start repair (a busy
// machine) still comes before the start; only a hook that never answers is given up on, after a
// generous safety net, with a note. A crash the doctor recognises is escalated without a restart.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ProcessSampler } from '../../../../src/main/engine/gateway/processes.js';
import type { ExitInfo, GatewayManager, RestartOutcome } from '../../../../src/main/engine/manage/manager.js';
import { defaultSettings } from '../../../../src/main/engine/settings/settings.js';
import { History } from '../../../../src/main/engine/store/history-log.js';
import { StateFile } from '../../../../src/main/engine/store/state-file.js';
import { Watchdog } from '../../../../src/main/engine/watchdog/watchdog.js';
import type { WatchEvent } from '../../../../src/shared/status.js';
import { waitUntil } from '../../../helpers/gateway.js';

class Child implements GatewayManager {
  readonly mode = 'child' as const;
  readonly canRestart = true;
  starts: number[] = [];
  private cur?: number;
  private listeners: ((i: ExitInfo) => void)[] = [];
  pid() {
    return this.cur;
  }
  startedAt() {
    return undefined;
  }
  async start(): Promise<RestartOutcome> {
    this.cur = 4_190_000 + this.starts.length;
    this.starts.push(Date.now());
    return { ok: true, via: 'fake', pid: this.cur };
  }
  async restart() {
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
    return [];
  }
  dispose() {}
  die(lastOutput: string[]): void {
    const pid = this.cur!;
    this.cur = undefined;
    for (const l of this.listeners) l({ pid, code: 1, signal: null, at: Date.now(), uptimeMs: 1000, lastOutput });
  }
}

function setup(hookSafetyNetMs?: number) {
  const dir = mkdtempSync(join(tmpdir(), 'clawdoc-hooks-'));
  const manager = new Child();
  const events: WatchEvent[] = [];
  const wd = new Watchdog({
    settings: defaultSettings(),
    manager,
    history: new History(dir),
    stateFile: new StateFile(dir),
    probe: async () => ({ verdict: 'refused', at: Date.now(), latencyMs: 1 }),
    portHolder: async () => null,
    sampler: { sample: async () => undefined } as unknown as ProcessSampler,
    hookSafetyNetMs,
  });
  wd.on('event', (e) => events.push(e));
  return { dir, wd, manager, events };
}

describe('doctor hooks', () => {
  it('a pre-start repair that takes 3 s (longer than the old 2 s deadline) still comes before the start', async () => {
    const t = setup();
    let repairedAt = 0;
    t.wd.setHooks({
      beforeStart: async () => {
        await new Promise((r) => setTimeout(r, 3000));
        repairedAt = Date.now();
      },
    });
    await t.wd.start();
    assert.equal(t.manager.starts.length, 1);
    assert.ok(repairedAt > 0 && t.manager.starts[0]! >= repairedAt, 'started after the repair finished');
    await t.wd.stop();
  });

  it('a hook that never answers is given up on after the safety net, with a note, and the start goes ahead', async () => {
    const t = setup(300);
    t.wd.setHooks({ beforeStart: () => new Promise(() => {}) });
    await t.wd.start();
    assert.equal(t.manager.starts.length, 1);
    assert.ok(t.events.some((e) => e.type === 'info' && /pre-start check has not finished after 300 ms; going on without it/.test(e.reason)));
    await t.wd.stop();
  });

  it('with the defaults a 5 s hook is simply waited for (the safety net is 2 min)', async () => {
    const t = setup();
    t.wd.setHooks({ beforeStart: () => new Promise((r) => setTimeout(r, 5000)) });
    await t.wd.start();
    assert.equal(t.events.filter((e) => /going on without it/.test(e.reason)).length, 0);
    await t.wd.stop();
  });

  it('a crash the doctor recognises is escalated at once (no restart); the exit keeps its output, redacted', async () => {
    const t = setup();
    const seen: string[][] = [];
    t.wd.setHooks({
      afterCrash: async (c) => {
        seen.push(c.lastOutput);
        return /unsupported/.test(c.lastOutput.join('\n')) ? { caseId: 'node-unsupported', reason: 'Unsupported Node.js version' } : undefined;
      },
    });
    await t.wd.start();
    // First crash: not recognised → restarted at once. Second: recognised → escalated, no restart.
    t.manager.die(['Error: boom', 'Authorization: Bearer abcdefghijklmnop']);
    await waitUntil(() => t.manager.starts.length === 2, 5000, 'restart after the unknown crash');
    t.manager.die(['Node 20.1.0 is unsupported; OpenClaw requires >=24.16 <25 || >=26.1.']);
    const esc = await waitUntil(() => t.events.find((e) => e.type === 'escalated'), 5000, 'escalation');
    assert.equal(esc.details?.cause, 'diagnosed');
    assert.match(esc.reason, /node-unsupported/);
    assert.equal(t.manager.starts.length, 2);
    assert.ok(!seen[0]!.join('\n').includes('abcdefghijklmnop'), 'the hook sees masked output');
    const exited = t.events.filter((e) => e.type === 'exited');
    assert.match(exited[0]!.reason, /exited with code 1 after 1s: Error: boom/);
    assert.ok(!JSON.stringify(exited).includes('abcdefghijklmnop'), 'no secret in the events');
    const state = new StateFile(t.dir).read()!;
    assert.match(state.status!.lastExit!.lastOutput.join('\n'), /is unsupported/);
    await t.wd.stop();
  });
});
