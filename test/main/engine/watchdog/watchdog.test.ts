// The state machine with a scripted probe and a recording manager: the paths the real-gateway
// suite cannot take on this machine (service mode with launchd/systemd, a failing restart command).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ExitInfo, GatewayManager, RestartOutcome } from '../../../../src/main/engine/manage/manager.js';
import { validateSettings } from '../../../../src/main/engine/settings/settings.js';
import { History } from '../../../../src/main/engine/store/history-log.js';
import { StateFile } from '../../../../src/main/engine/store/state-file.js';
import { Watchdog } from '../../../../src/main/engine/watchdog/watchdog.js';
import type { ProbeResult, ProbeVerdict, WatchEvent } from '../../../../src/shared/status.js';
import { waitUntil } from '../../../helpers/gateway.js';

class FakeManager implements GatewayManager {
  restarts: string[] = [];
  outcome: RestartOutcome = { ok: true, via: 'systemctl --user restart openclaw-gateway.service' };
  onRestart: () => void = () => {};
  constructor(
    readonly mode: 'service' | 'command' | 'none',
    readonly canRestart = true,
  ) {}
  pid() {
    return undefined;
  }
  startedAt() {
    return undefined;
  }
  async start(reason: string) {
    return this.restart(reason);
  }
  async restart(reason: string) {
    this.restarts.push(reason);
    this.onRestart();
    return this.outcome;
  }
  async stop() {}
  async adopt() {
    return false;
  }
  onExit(_l: (i: ExitInfo) => void) {}
  async lastOutput() {
    return [];
  }
  dispose() {}
}

function setup(mode: 'service' | 'command' | 'none', settings: unknown) {
  const dir = mkdtempSync(join(tmpdir(), 'clawdoc-wd-'));
  let verdict: ProbeVerdict = 'healthy';
  const manager = new FakeManager(mode, mode !== 'none');
  const events: WatchEvent[] = [];
  const wd = new Watchdog({
    settings: validateSettings(settings),
    manager,
    history: new History(dir),
    stateFile: new StateFile(dir),
    probe: async (): Promise<ProbeResult> => ({ verdict, at: Date.now(), latencyMs: 1 }),
    portHolder: async () => null,
  });
  wd.on('event', (e) => events.push(e));
  return {
    dir,
    wd,
    manager,
    events,
    setVerdict: (v: ProbeVerdict) => (verdict = v),
    waitFor: (pred: (e: WatchEvent) => boolean, what: string, ms = 5000) => waitUntil(() => events.find(pred), ms, what, 20),
  };
}

const fast = { intervalSec: 0.2, retryIntervalSec: 0.1, probeTimeoutSec: 0.2, failuresBeforeAction: 2, statsIntervalSec: 60 };

describe('watchdog state machine (scripted probes)', () => {
  it('service mode: gives the OS its restart grace, then restarts through the service', async () => {
    const t = setup('service', { watch: { ...fast, osRestartGraceSec: 0.5 } });
    t.manager.onRestart = () => t.setVerdict('healthy');
    await t.wd.start();
    await t.waitFor((e) => e.type === 'state' && e.to === 'healthy', 'healthy');
    t.setVerdict('refused');
    const down = await t.waitFor((e) => e.type === 'backoff', 'restart scheduled after the OS grace');
    assert.equal(down.details?.delayMs, 500);
    await t.waitFor((e) => e.type === 'recovered', 'recovered');
    assert.equal(t.manager.restarts.length, 1);
    const restart = t.events.find((e) => e.type === 'restart')!;
    assert.match(restart.reason, /systemctl --user restart openclaw-gateway\.service/);
    await t.wd.stop();
  });

  it('service mode: when the OS brings the gateway back within its grace, ClawDoc does not restart it', async () => {
    const t = setup('service', { watch: { ...fast, osRestartGraceSec: 1 } });
    await t.wd.start();
    await t.waitFor((e) => e.type === 'state' && e.to === 'healthy', 'healthy');
    t.setVerdict('refused');
    await t.waitFor((e) => e.type === 'backoff', 'down');
    setTimeout(() => t.setVerdict('healthy'), 300); // launchd / systemd restarted it
    await t.waitFor((e) => e.type === 'recovered', 'recovered');
    await new Promise((r) => setTimeout(r, 1200));
    assert.equal(t.manager.restarts.length, 0);
    await t.wd.stop();
  });

  it('a restart command that keeps failing backs off and then trips the breaker', async () => {
    const t = setup('command', { watch: fast, restart: { backoffSec: [0.1, 0.2], breakerMaxRestarts: 3 } });
    t.manager.outcome = { ok: false, via: 'pm2 restart openclaw', detail: 'exit 1 [PM2][ERROR] Process openclaw not found' };
    t.setVerdict('refused');
    await t.wd.start();
    const esc = await t.waitFor((e) => e.type === 'escalated', 'breaker');
    assert.equal(esc.details?.cause, 'breaker');
    assert.equal(t.manager.restarts.length, 3);
    assert.ok(t.events.filter((e) => e.type === 'restart-failed').every((e) => /Process openclaw not found/.test(e.reason)));
    await t.wd.stop();
  });

  it('manage=none: a down gateway escalates once and nothing is restarted', async () => {
    const t = setup('none', { watch: fast });
    t.setVerdict('refused');
    await t.wd.start();
    const esc = await t.waitFor((e) => e.type === 'escalated', 'escalation');
    assert.equal(esc.details?.cause, 'cannot-restart');
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(t.events.filter((e) => e.type === 'escalated').length, 1);
    assert.equal(t.manager.restarts.length, 0);
    await t.wd.stop();
  });

  it('not ready (failing[]) is degraded, not a restart', async () => {
    const t = setup('service', { watch: { ...fast, startupGraceSec: 1 } });
    t.setVerdict('not-ready');
    await t.wd.start();
    await t.waitFor((e) => e.type === 'state' && e.to === 'degraded', 'degraded', 4000);
    assert.equal(t.manager.restarts.length, 0);
    t.setVerdict('healthy');
    await t.waitFor((e) => e.type === 'state' && e.to === 'healthy', 'healthy');
    await t.wd.stop();
  });

  it('every transition is persisted with a timestamp and a reason, and survives a new watchdog', async () => {
    const t = setup('none', { watch: fast });
    await t.wd.start();
    await t.waitFor((e) => e.type === 'state' && e.to === 'healthy', 'healthy');
    await t.wd.stop();
    const transitions = new History(t.dir).recentEvents().filter((e) => e.type === 'state');
    assert.deepEqual(transitions.map((e) => e.to).reverse(), t.events.filter((e) => e.type === 'state').map((e) => e.to));
    assert.ok(transitions.length >= 1);
    assert.equal(new StateFile(t.dir).read()?.status?.state, 'healthy');
    for (const e of transitions) {
      assert.equal(typeof e.ts, 'number');
      assert.ok(e.reason.length > 0);
      assert.notEqual(e.from, e.to);
    }
  });
});
