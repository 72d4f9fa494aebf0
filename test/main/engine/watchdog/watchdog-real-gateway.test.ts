// The watchdog against the real OpenClaw gateway: faults injected for real (kill -9, SIGSTOP,
// a squatted port, a crash loop, a refused config, ClawDoc itself killed, a slow start).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { probeGateway } from '../../../../src/main/engine/gateway/probe.js';
import { findPortHolder } from '../../../../src/main/engine/gateway/processes.js';
import type { WatchLine } from '../../../helpers/gateway.js';
import {
  hasTestbed,
  isAlive,
  isHealthyEvent,
  killGroup,
  makeSandbox,
  minimalConfig,
  CLAWDOC_BIN,
  OPENCLAW_BIN,
  runWatch,
  sleep,
  teardown,
  waitUntil,
  type ClawdocRun,
  type GatewaySandbox,
} from '../../../helpers/gateway.js';

const skip = hasTestbed() ? false : 'the OpenClaw test bed is not installed (npm ci prepares it)';
const T = { timeout: 180_000 };

function writeSettings(sb: GatewaySandbox, settings: unknown): void {
  writeFileSync(join(sb.dataDir, 'settings.json'), JSON.stringify(settings, null, 2));
}

const starts = (e: WatchLine) => e.type === 'spawned' || e.type === 'restart';

async function live(sb: GatewaySandbox): Promise<boolean> {
  return (await probeGateway({ host: '127.0.0.1', port: sb.port, timeoutMs: 1000 })).verdict === 'healthy';
}

/** A plain HTTP server in its own process that grabs the port as soon as it is free. */
function squat(port: number): ChildProcess {
  const code = `
    const http = require('http');
    const srv = http.createServer((q, s) => { s.writeHead(200, {'content-type': 'text/plain'}); s.end('not openclaw'); });
    const tryListen = () => srv.listen(${port}, '127.0.0.1');
    srv.on('error', () => setTimeout(tryListen, 20));
    srv.on('listening', () => console.log('listening'));
    tryListen();`;
  return spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
}

describe('watchdog on the real gateway', { skip, concurrency: 1 }, () => {
  describe('kill -9', () => {
    let sb: GatewaySandbox;
    let run: ClawdocRun;
    before(async () => {
      sb = await makeSandbox('kill9');
      run = runWatch(sb);
    });
    after(async () => teardown(sb, [run]));

    it('restarts at once and is healthy again', T, async () => {
      await run.waitForEvent(isHealthyEvent, 60_000, 'first healthy');
      const pid = run.gatewayPid()!;
      assert.ok(pid && isAlive(pid));
      const killedAt = Date.now();
      process.kill(pid, 'SIGKILL');
      const exited = await run.waitForEvent((e) => e.type === 'exited', 10_000, 'exit seen');
      assert.equal(exited.details?.signal, 'SIGKILL');
      assert.ok(exited.ts - killedAt < 1000, `crash seen in ${exited.ts - killedAt} ms`);
      const restart = await run.waitForEvent((e) => e.type === 'restart', 5_000, 'restart');
      assert.ok(restart.ts - exited.ts < 1000, 'the first restart after a healthy run is immediate');
      await run.waitForEvent((e) => e.type === 'recovered', 60_000, 'recovered');
      const newPid = run.gatewayPid();
      assert.notEqual(newPid, pid);
      assert.ok(await live(sb));
      assert.equal(run.state()?.status?.restartsInWindow, 1);
      assert.equal(run.state()?.status?.crashesInWindow, 1);
    });
  });

  describe('SIGSTOP', () => {
    let sb: GatewaySandbox;
    let run: ClawdocRun;
    before(async () => {
      sb = await makeSandbox('sigstop');
      run = runWatch(sb); // default interval, timeout and failures: detection must fit in 30 s
    });
    after(async () => teardown(sb, [run]));

    it('detects the hung gateway within 30 s, kills it and restarts it', T, async () => {
      await run.waitForEvent(isHealthyEvent, 60_000, 'first healthy');
      const pid = run.gatewayPid()!;
      const stoppedAt = Date.now();
      process.kill(pid, 'SIGSTOP');
      const hung = await run.waitForEvent((e) => e.type === 'hung', 40_000, 'hung detected');
      assert.ok(hung.ts - stoppedAt <= 30_000, `hang detected in ${hung.ts - stoppedAt} ms`);
      await run.waitForEvent((e) => e.type === 'exited' && e.details?.pid === pid, 30_000, 'hung gateway killed');
      assert.equal(isAlive(pid), false);
      await run.waitForEvent((e) => e.type === 'recovered', 60_000, 'recovered');
      assert.notEqual(run.gatewayPid(), pid);
      assert.ok(await live(sb));
    });
  });

  describe('a squatted port', () => {
    let sb: GatewaySandbox;
    let run: ClawdocRun;
    let squatter: ChildProcess | undefined;
    before(async () => {
      sb = await makeSandbox('squat');
      run = runWatch(sb);
    });
    after(async () => {
      squatter?.kill('SIGKILL');
      await teardown(sb, [run]);
    });

    it('is not healthy, names the holder, kills nothing, and recovers once the squatter leaves', T, async () => {
      await run.waitForEvent(isHealthyEvent, 60_000, 'first healthy');
      const pid = run.gatewayPid()!;
      squatter = squat(sb.port);
      killGroup(pid);
      const esc = await run.waitForEvent((e) => e.type === 'escalated', 60_000, 'escalation');
      const evidence = esc.details?.evidence as { portHolder?: { pid: number; isOpenClaw: boolean } };
      assert.equal(esc.details?.cause, 'port-foreign');
      assert.equal(evidence.portHolder?.pid, squatter.pid, 'the escalation names the squatter');
      assert.equal(evidence.portHolder?.isOpenClaw, false);
      assert.match(esc.reason, new RegExp(`pid ${squatter.pid}`));
      const probe = await probeGateway({ host: '127.0.0.1', port: sb.port, timeoutMs: 1000 });
      assert.equal(probe.verdict, 'foreign', 'a 200 from another program is not healthy');
      await sleep(6_000);
      assert.ok(isAlive(squatter.pid!), 'the squatter was not killed');
      assert.equal(run.count((e) => e.type === 'escalated'), 1, 'one escalation');
      squatter.kill('SIGTERM');
      const leftAt = Date.now();
      await run.waitForEvent((e) => e.type === 'recovered', 60_000, 'recovered after the squatter left');
      assert.ok(Date.now() - leftAt < 40_000);
      assert.ok(await live(sb));
      // The gateway on the port is the one ClawDoc runs (started again, or its own start that waited for the port).
      const holder = await findPortHolder(sb.port);
      assert.equal(holder?.isOpenClaw, true);
      assert.equal(holder?.pid, run.gatewayPid());
    });
  });

  describe('a gateway that keeps dying', () => {
    let sb: GatewaySandbox;
    let run: ClawdocRun;
    let killer: NodeJS.Timeout | undefined;
    before(async () => {
      sb = await makeSandbox('loop');
      writeSettings(sb, { restart: { backoffSec: [1, 2, 3], breakerMaxRestarts: 3, breakerWindowMin: 10 }, doctor: { enabled: false } }); // level 2 alone
      run = runWatch(sb);
    });
    after(async () => {
      clearInterval(killer);
      await teardown(sb, [run]);
    });

    it('backs off, trips the breaker once, and stops restarting', T, async () => {
      await run.waitForEvent((e) => e.type === 'spawned', 20_000, 'first spawn');
      // Kill every gateway as soon as it appears.
      killer = setInterval(() => {
        const pid = run.gatewayPid();
        if (pid && isAlive(pid)) killGroup(pid);
      }, 50);
      const esc = await run.waitForEvent((e) => e.type === 'escalated', 60_000, 'breaker');
      assert.equal(esc.details?.cause, 'breaker');
      const backoffs = run.events.filter((e) => e.type === 'backoff').map((e) => e.details?.delayMs);
      assert.deepEqual(backoffs, [1000, 2000], 'repeated crashes back off');
      assert.equal(run.count((e) => e.type === 'restart'), 3, 'three restarts, then the breaker');
      const startsAtEscalation = run.count(starts);
      await sleep(8_000);
      assert.equal(run.count(starts), startsAtEscalation, 'no more restarts after the breaker tripped');
      assert.equal(run.count((e) => e.type === 'escalated'), 1, 'exactly one escalation');
      assert.equal(run.state()?.status?.state, 'escalated');
    });
  });

  describe('exit 78 (config refused)', () => {
    let sb: GatewaySandbox;
    let run: ClawdocRun;
    before(async () => {
      sb = await makeSandbox('exit78');
      sb.writeConfig(`{ gateway: { port: ${sb.port}, bind: "loopback", auth: { mode: "none" } } }\n`); // no gateway.mode
      writeSettings(sb, { doctor: { enabled: false } }); // level 2 alone: the doctor (level 3) would repair this config
      run = runWatch(sb);
    });
    after(async () => teardown(sb, [run]));

    it('escalates at once with the last output, never loops, and starts again when the config is fixed', T, async () => {
      const esc = await run.waitForEvent((e) => e.type === 'escalated', 30_000, 'escalation');
      assert.equal(esc.details?.cause, 'config-refused');
      const evidence = esc.details?.evidence as { exitCode: number; lastOutput: string[] };
      assert.equal(evidence.exitCode, 78);
      assert.ok(evidence.lastOutput.some((l) => /missing gateway\.mode/.test(l)), evidence.lastOutput.join('\n'));
      await sleep(6_000);
      assert.equal(run.count(starts), 1, 'no blind restart');
      assert.equal(run.count((e) => e.type === 'escalated'), 1);
      // A human fixes the config: ClawDoc notices and starts the gateway again.
      sb.writeConfig(minimalConfig(sb.port, sb.fileLog));
      await run.waitForEvent((e) => e.type === 'recovered', 60_000, 'recovered after the config was fixed');
      assert.ok(await live(sb));
    });
  });

  describe('ClawDoc killed and started again', () => {
    let sb: GatewaySandbox;
    const runs: ClawdocRun[] = [];
    before(async () => {
      sb = await makeSandbox('adopt');
    });
    after(async () => teardown(sb, runs));

    it('adopts the running gateway instead of starting a second one, counters intact', T, async () => {
      const first = runWatch(sb);
      runs.push(first);
      await first.waitForEvent(isHealthyEvent, 60_000, 'first healthy');
      process.kill(first.gatewayPid()!, 'SIGKILL');
      await first.waitForEvent((e) => e.type === 'recovered', 60_000, 'recovered');
      const pid = first.gatewayPid()!;
      const before = first.state()!.status!;
      assert.equal(before.restartsInWindow, 1);
      await first.stop('SIGKILL');
      assert.ok(isAlive(pid), 'the gateway outlives ClawDoc');

      const second = runWatch(sb);
      runs.push(second);
      const adopted = await second.waitForEvent((e) => e.type === 'adopted', 20_000, 'adoption');
      assert.equal(adopted.details?.pid, pid);
      await second.waitForEvent(isHealthyEvent, 20_000, 'healthy after adoption');
      assert.equal(second.count(starts), 0, 'no second gateway was started');
      assert.equal(second.gatewayPid(), pid);
      const after = second.state()!.status!;
      assert.equal(after.restartsInWindow, 1, 'restart counter restored');
      assert.equal(after.crashesInWindow, 1, 'crash counter restored');
      // The adopted gateway is still watched: its death is seen and answered.
      const killedAt = Date.now();
      process.kill(pid, 'SIGKILL');
      const exited = await second.waitForEvent((e) => e.type === 'exited', 10_000, 'exit of the adopted gateway');
      assert.ok(exited.ts - killedAt < 1500, `adopted exit seen in ${exited.ts - killedAt} ms`);
      await second.waitForEvent((e) => e.type === 'recovered', 60_000, 'recovered');
    });
  });

  describe('memory thresholds', () => {
    let sb: GatewaySandbox;
    let run: ClawdocRun;
    before(async () => {
      sb = await makeSandbox('memory');
      // The gateway uses several hundred MB: a 64 MB warning and a 200 MB restart threshold both trip.
      writeSettings(sb, { watch: { memoryWarnMb: 64, memoryRestartMb: 200, statsIntervalSec: 1 }, restart: { breakerMaxRestarts: 1 }, doctor: { enabled: false } }); // level 2 alone
      run = runWatch(sb);
    });
    after(async () => teardown(sb, [run]));

    it('warns above the warning, restarts above the restart threshold, and escalates when that repeats', T, async () => {
      const warn = await run.waitForEvent((e) => e.type === 'memory-warning', 60_000, 'memory warning');
      assert.match(warn.reason, /memory \d+ MB is above the 64 MB warning/);
      assert.ok(Number(warn.details?.rssBytes) > 64 * 1048576);
      const restart = await run.waitForEvent((e) => e.type === 'restart', 60_000, 'memory restart');
      assert.match(restart.reason, /above the 200 MB restart threshold/);
      const esc = await run.waitForEvent((e) => e.type === 'escalated', 90_000, 'escalation');
      assert.equal(esc.details?.cause, 'breaker');
      assert.ok(run.events.some((e) => e.type === 'state' && e.to === 'degraded' && /memory/.test(e.reason)), 'over the warning the gateway is degraded');
    });
  });

  describe('manage=none', () => {
    let sb: GatewaySandbox;
    let run: ClawdocRun;
    let gateway: ChildProcess | undefined;
    before(async () => {
      sb = await makeSandbox('none');
      run = runWatch(sb, ['--manage', 'none']);
    });
    after(async () => {
      killGroup(gateway?.pid);
      await teardown(sb, [run]);
    });

    it('escalates a down gateway at once, restarts nothing, and records the recovery when a human starts it', T, async () => {
      const esc = await run.waitForEvent((e) => e.type === 'escalated', 20_000, 'escalation');
      assert.equal(esc.details?.cause, 'cannot-restart');
      assert.equal(run.count(starts), 0);
      gateway = spawn(OPENCLAW_BIN, ['gateway', 'run', '--port', String(sb.port)], { env: sb.env, stdio: 'ignore', detached: true });
      await run.waitForEvent((e) => e.type === 'recovered', 60_000, 'recovered');
      assert.equal(run.count(starts), 0, 'ClawDoc never starts a gateway in none mode');
      assert.equal(run.state()?.status?.state, 'healthy');
    });
  });

  describe('clawdoc restart | pause | resume', () => {
    let sb: GatewaySandbox;
    let run: ClawdocRun;
    before(async () => {
      sb = await makeSandbox('control');
      run = runWatch(sb);
    });
    after(async () => teardown(sb, [run]));

    const cli = (cmd: string) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const p = spawn(process.execPath, [CLAWDOC_BIN, cmd, '--data-dir', sb.dataDir], { env: sb.env });
        let out = '';
        p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
        p.stderr!.on('data', (d: Buffer) => (out += d.toString()));
        p.on('exit', (code) => resolve({ code, out }));
      });

    it('pauses (no action on a crash), resumes (starts it again) and restarts on request', T, async () => {
      await run.waitForEvent(isHealthyEvent, 60_000, 'first healthy');
      const paused = await cli('pause');
      assert.equal(paused.code, 0, paused.out);
      await run.waitForEvent((e) => e.type === 'state' && e.to === 'paused', 5_000, 'paused');
      const pid = run.gatewayPid()!;
      const startsBefore = run.count(starts);
      process.kill(pid, 'SIGKILL');
      await run.waitForEvent((e) => e.type === 'exited', 5_000, 'exit seen while paused');
      await sleep(3_000);
      assert.equal(run.count(starts), startsBefore, 'paused: no restart');
      assert.equal(run.state()?.status?.state, 'paused');
      assert.equal((await cli('resume')).code, 0);
      await run.waitForEvent((e) => isHealthyEvent(e) && run.events.indexOf(e) > run.events.findIndex((x) => x.type === 'resumed'), 60_000, 'healthy after resume');
      const before = run.gatewayPid();
      const restarted = await cli('restart');
      assert.equal(restarted.code, 0, restarted.out);
      await run.waitForEvent((e) => e.type === 'restart' && /requested/.test(e.reason), 20_000, 'restart on request');
      await waitUntil(async () => run.gatewayPid() !== before && (await live(sb)), 60_000, 'healthy after the requested restart');
    });

    it('says clearly when no watcher is running', async () => {
      const other = await makeSandbox('nowatch');
      const p = spawn(process.execPath, [CLAWDOC_BIN, 'pause', '--data-dir', other.dataDir], { env: other.env });
      let err = '';
      p.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      const code = await new Promise((r) => p.on('exit', r));
      other.cleanup();
      assert.equal(code, 1);
      assert.match(err, /no `clawdoc watch` is running/);
    });
  });

  describe('a slow start', () => {
    let sb: GatewaySandbox;
    let run: ClawdocRun;
    before(async () => {
      sb = await makeSandbox('slow');
      // The real gateway behind a 14 s delay: slower than any probe timeout, inside the startup grace.
      const wrapper = join(sb.dir, 'slow-openclaw.sh');
      writeFileSync(wrapper, `#!/bin/sh\nsleep 14\nexec "${OPENCLAW_BIN}" "$@"\n`);
      chmodSync(wrapper, 0o755);
      run = runWatch(sb, ['--openclaw', wrapper]);
    });
    after(async () => teardown(sb, [run]));

    it('is not killed or restarted while it starts', T, async () => {
      const spawned = await run.waitForEvent((e) => e.type === 'spawned', 20_000, 'spawn');
      const healthy = await run.waitForEvent(isHealthyEvent, 90_000, 'healthy');
      assert.ok(healthy.ts - spawned.ts >= 14_000, `healthy after ${healthy.ts - spawned.ts} ms`);
      assert.equal(run.count((e) => e.type === 'hung' || e.type === 'restart' || e.type === 'exited'), 0);
      assert.equal(run.count(starts), 1);
    });
  });
});

