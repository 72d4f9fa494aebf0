// Update awareness and OpenClaw's own restart-loop breaker: ClawDoc holds restarts and repairs back and says
// so in status. A real update in progress cannot be produced offline, so `openclaw update status` is scripted
// here (its JSON shape from docs/cli/update/status-and-history.md); the installed CLI is asked once for real.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { formatStatus } from '../../../../src/main/cli/cli-format.js';
import { cliStrings } from '../../../../src/main/cli/messages.js';
import type { ExitInfo, GatewayManager, RestartOutcome } from '../../../../src/main/engine/manage/manager.js';
import { validateSettings } from '../../../../src/main/engine/settings/settings.js';
import { History } from '../../../../src/main/engine/store/history-log.js';
import { StateFile } from '../../../../src/main/engine/store/state-file.js';
import { parseUpdateStatus, UpdateGuard, type UpdateActivity } from '../../../../src/main/engine/watchdog/update-guard.js';
import { openClawBreakerHold, Watchdog } from '../../../../src/main/engine/watchdog/watchdog.js';
import type { ProbeResult, ProbeVerdict, WatchEvent } from '../../../../src/shared/status.js';
import { hasTestbed, makeSandbox, OPENCLAW_BIN, sleep, waitUntil } from '../../../helpers/gateway.js';

class ScriptedManager implements GatewayManager {
  readonly canRestart = true;
  restarts: string[] = [];
  private listeners: ((i: ExitInfo) => void)[] = [];
  output: string[] = [];
  constructor(readonly mode: 'child' | 'service') {}
  pid() {
    return undefined;
  }
  startedAt() {
    return undefined;
  }
  async start(reason: string): Promise<RestartOutcome> {
    return this.restart(reason);
  }
  async restart(reason: string): Promise<RestartOutcome> {
    this.restarts.push(reason);
    return { ok: true, via: 'scripted' };
  }
  async stop() {}
  async adopt() {
    return false;
  }
  onExit(l: (i: ExitInfo) => void) {
    this.listeners.push(l);
  }
  exit(code: number) {
    for (const l of this.listeners) l({ pid: 4242, code, signal: null, at: Date.now(), uptimeMs: 60_000, lastOutput: ['[gateway] stopping for update'] });
  }
  async lastOutput() {
    return this.output;
  }
  dispose() {}
}

const fast = { intervalSec: 0.2, retryIntervalSec: 0.1, probeTimeoutSec: 0.2, failuresBeforeAction: 2, statsIntervalSec: 60, osRestartGraceSec: 0.2, startupGraceSec: 1 };

function setup(mode: 'child' | 'service') {
  const dir = mkdtempSync(join(tmpdir(), 'clawdoc-hold-'));
  let verdict: ProbeVerdict = 'healthy';
  let update: UpdateActivity = { active: false };
  let checks = 0;
  const manager = new ScriptedManager(mode);
  const events: WatchEvent[] = [];
  const wd = new Watchdog({
    settings: validateSettings({ watch: fast }),
    manager,
    history: new History(dir),
    stateFile: new StateFile(dir),
    probe: async (): Promise<ProbeResult> => ({ verdict, at: Date.now(), latencyMs: 1 }),
    portHolder: async () => null,
    updates: {
      check: async () => {
        checks++;
        return update;
      },
    },
    holdCheckMs: 200,
  });
  wd.on('event', (e) => events.push(e));
  return {
    wd,
    manager,
    events,
    checks: () => checks,
    setVerdict: (v: ProbeVerdict) => (verdict = v),
    setUpdate: (u: UpdateActivity) => (update = u),
    waitFor: (pred: (e: WatchEvent) => boolean, what: string, ms = 5000) => waitUntil(() => events.find(pred), ms, what, 20),
  };
}

describe('update awareness and holds', () => {
  it('parses `openclaw update status --json`: no run, a running run, an abandoned one', () => {
    // The installed 2026.9.6 without any run (observed): no activeRun.
    assert.equal(parseUpdateStatus('{"update":{"installKind":"package"},"channel":{"value":"stable"},"availability":{"available":false}}').active, false);
    const running = parseUpdateStatus(JSON.stringify({ activeRun: { runId: 'r1', phase: 'activating', status: 'running', updatedAtMs: 1 } }));
    assert.deepEqual(running, { active: true, runId: 'r1', phase: 'activating' });
    assert.equal(parseUpdateStatus(JSON.stringify({ activeRun: { runId: 'r1', phase: 'staging', status: 'running' }, abandonedRun: { runId: 'r1', rule: 'driver-dead' } })).active, false);
    assert.equal(parseUpdateStatus(JSON.stringify({ activeRun: { runId: 'r2', phase: 'finished', status: 'succeeded' } })).active, false);
    assert.equal(parseUpdateStatus('not json').active, false, 'unknown is not active: ClawDoc is never stuck on a broken CLI');
  });

  it('the installed OpenClaw reports no update in progress', { skip: hasTestbed() ? false : 'no test bed', timeout: 120_000 }, async () => {
    const sb = await makeSandbox('update-status');
    try {
      const guard = new UpdateGuard(OPENCLAW_BIN, sb.env);
      const a = await guard.check();
      assert.equal(a.active, false, JSON.stringify(a));
      assert.equal(a.detail, undefined, `the real CLI answered: ${a.detail}`);
    } finally {
      sb.cleanup();
    }
  });

  it('service mode: an update in progress is not raced; status says so (zh/en); the restart comes when it ends', async () => {
    const t = setup('service');
    await t.wd.start();
    await t.waitFor((e) => e.type === 'state' && e.to === 'healthy', 'healthy');
    t.setUpdate({ active: true, runId: 'r1', phase: 'restarting' });
    t.setVerdict('refused'); // the updater stopped the gateway
    await t.waitFor((e) => e.type === 'info' && /held: an OpenClaw update is in progress \(phase restarting\)/.test(e.reason), 'held for the update');
    await sleep(1500);
    assert.equal(t.manager.restarts.length, 0, 'no restart while the update runs');
    const snap = t.wd.snapshot();
    assert.equal(snap.hold?.kind, 'update');
    assert.equal(snap.hold?.phase, 'restarting');
    assert.equal(snap.state, 'down');
    assert.match(snap.reason, /update is in progress/);
    const en = formatStatus(snap, true, Date.now(), cliStrings('en')).join('\n');
    const zh = formatStatus(snap, true, Date.now(), cliStrings('zh')).join('\n');
    assert.match(en, /an OpenClaw update is in progress \(phase restarting\); ClawDoc does not restart or repair/);
    assert.match(zh, /OpenClaw 正在更新（阶段 restarting）；更新完成前 ClawDoc 不会重启或修复网关/);
    assert.ok(t.checks() >= 2, 'the hold is re-checked');
    t.setUpdate({ active: false });
    await t.waitFor((e) => e.type === 'info' && /hold ended \(update\)/.test(e.reason), 'hold ended');
    await waitUntil(() => t.manager.restarts.length > 0, 5000, 'restart after the update');
    assert.equal(t.wd.snapshot().hold, undefined);
    await t.wd.stop();
  });

  it('a gateway parked by the updater (exit 79) is not restarted; a healthy gateway ends the hold', async () => {
    const t = setup('child');
    t.setVerdict('healthy');
    await t.wd.start();
    await t.waitFor((e) => e.type === 'state' && e.to === 'healthy', 'healthy');
    t.setVerdict('refused');
    t.manager.exit(79);
    await t.waitFor((e) => e.type === 'info' && /held: the gateway exited 79/.test(e.reason), 'parked');
    await sleep(1000);
    assert.equal(t.manager.restarts.length, 0, 'parked: no restart');
    const snap = t.wd.snapshot();
    assert.equal(snap.hold?.kind, 'parked');
    assert.match(formatStatus(snap, true, Date.now(), cliStrings('en')).join('\n'), /parked the gateway \(exit 79\)/);
    assert.match(formatStatus(snap, true, Date.now(), cliStrings('zh')).join('\n'), /停驻（退出码 79）/);
    t.setVerdict('healthy'); // the updater brought it back
    await t.waitFor((e) => e.type === 'info' && /hold ended \(parked\)/.test(e.reason), 'hold ended by a healthy gateway', 8000);
    assert.equal(t.manager.restarts.length, 0);
    await t.wd.stop();
  });

  it("a plain crash in child mode does not wait for `openclaw update status` (the recovery lead)", async () => {
    const t = setup('child');
    await t.wd.start();
    await t.waitFor((e) => e.type === 'state' && e.to === 'healthy', 'healthy');
    t.setVerdict('refused');
    t.manager.exit(1);
    await waitUntil(() => t.manager.restarts.length > 0, 3000, 'restart');
    assert.equal(t.checks(), 0, 'no update check for an ordinary crash');
    await t.wd.stop();
  });

  it("recognises OpenClaw's restart-loop breaker from its log lines (observed) and the channels it holds back", () => {
    const lines = [
      '2026-11-25T16:28:59.002+00:00 [gateway] shutdown budget at startup: drain=315000ms shutdown=325000ms reserve=10000ms exitMargin=5000ms; source=Gateway stop policy=330000ms',
      '2026-11-25T16:28:59.037+00:00 [gateway] gateway restart-loop breaker tripped: 5 unclean boot(s) within 300000ms; suppressing channel/provider account auto-start. Inspect the stability bundle',
      `[gateway/channels] channel autostart suppressed by crash-loop breaker; refusing automatic start for telegram. Start a channel manually with: openclaw gateway call channels.start --params '{"channel":"telegram"}'`,
      '[gateway/channels] channel auto-start suppressed by crash-loop breaker for channels: irc, feishu',
    ];
    const hold = openClawBreakerHold(lines, 1000);
    assert.equal(hold?.kind, 'openclaw-breaker');
    assert.equal(hold?.until, 1000 + 300_000);
    assert.deepEqual(hold?.channels?.sort(), ['feishu', 'irc', 'telegram']);
    assert.equal(openClawBreakerHold([...lines, '[gateway] gateway restart-loop breaker recovered; channel auto-start restored'], 1000), undefined);
    assert.equal(openClawBreakerHold(['[gateway] ready'], 1000), undefined);
    const en = cliStrings('en').hold(hold!, '3s', 'later');
    assert.match(en, /does not restart the gateway and waits until later, then starts the channels/);
    assert.match(cliStrings('zh').hold(hold!, '3s', 'later'), /ClawDoc 不会重启网关/);
  });

  it("while OpenClaw's breaker holds channels back: no restart; after its window, channels.start for the named channels", async () => {
    const t = setup('child');
    const started: string[][] = [];
    t.wd.setChannelStarter(async (channels) => {
      started.push(channels);
    });
    t.manager.output = [
      '[gateway] gateway restart-loop breaker tripped: 3 unclean boot(s) within 600ms; suppressing channel/provider account auto-start.',
      "[gateway/channels] channel autostart suppressed by crash-loop breaker; refusing automatic start for irc. Start a channel manually with: openclaw gateway call channels.start --params '{\"channel\":\"irc\"}'",
    ];
    await t.wd.start();
    await t.waitFor((e) => e.type === 'info' && /held: OpenClaw's restart-loop breaker tripped/.test(e.reason), 'breaker hold');
    assert.equal(t.wd.snapshot().hold?.kind, 'openclaw-breaker');
    await t.waitFor((e) => e.type === 'info' && /channels started after OpenClaw's breaker: irc/.test(e.reason), 'channels.start', 5000);
    assert.deepEqual(started, [['irc']]);
    assert.equal(t.manager.restarts.length, 0, 'never restarted into the breaker');
    await t.wd.stop();
  });
});
