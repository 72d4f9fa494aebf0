// Several gateways under ONE `clawdoc watch` (settings.targets), against the real OpenClaw gateway:
// two local gateways (two state dirs, two ports, both managed as children): one is killed and recovers
// while the other stays healthy; and a remote target that goes down is alerted (a real webhook delivery)
// but never restarted: no restart, no spawn, no process touched.
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startFakeGateway, type FakeGateway } from '../../helpers/fake-gateway.js';
import { freePort, hasTestbed, isAlive, killGroup, makeSandbox, runWatch, teardown, waitUntil, type ClawdocRun, type GatewaySandbox, type WatchLine } from '../../helpers/gateway.js';

type Line = WatchLine & { target?: string };

function statePid(dataDir: string): number | undefined {
  try {
    const s = JSON.parse(readFileSync(join(dataDir, 'state.json'), 'utf8')) as { child?: { pid: number }; status?: { pid?: number } };
    return s.child?.pid ?? s.status?.pid;
  } catch {
    return undefined;
  }
}

describe('one watch, several targets (real gateways)', { skip: !hasTestbed() }, () => {
  let a: GatewaySandbox | undefined;
  let b: GatewaySandbox | undefined;
  let run: ClawdocRun | undefined;
  let remote: FakeGateway | undefined;
  let hook: http.Server | undefined;
  const pids = new Set<number>();

  after(async () => {
    if (a && b) {
      for (const dir of [a.dataDir, join(a.dataDir, 'targets', 'b')]) {
        const pid = statePid(dir);
        if (pid) pids.add(pid);
      }
    }
    await run?.stop('SIGKILL');
    for (const pid of pids) killGroup(pid);
    await waitUntil(() => ![...pids].some(isAlive), 15_000, 'both gateways gone').catch(() => undefined);
    if (a) await teardown(a, []);
    // A gateway that is still dying may write into its dir while it is removed: try again a little later.
    await waitUntil(
      () => {
        try {
          b?.cleanup();
          return true;
        } catch {
          return false;
        }
      },
      15_000,
      "gateway b's sandbox removed",
      500,
    );
    await remote?.close();
    hook?.closeAllConnections();
    hook?.close();
  });

  it('kills one local gateway: it recovers, the other stays healthy; a remote going down is alerted, never restarted', async () => {
    a = await makeSandbox('tgt-a');
    b = await makeSandbox('tgt-b');
    remote = await startFakeGateway();
    const deliveries: string[] = [];
    hook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        deliveries.push(body);
        res.setHeader('content-type', 'application/json');
        res.end('{"ok":true}');
      });
    });
    const hookPort = await freePort();
    await new Promise<void>((r) => hook!.listen(hookPort, '127.0.0.1', r));
    writeFileSync(
      join(a.dataDir, 'settings.json'),
      JSON.stringify({
        doctor: { enabled: false },
        restart: { backoffSec: [0, 1] },
        alerts: { channels: [{ name: 'ops', type: 'webhook', url: `http://127.0.0.1:${hookPort}/hook` }], policy: { remindEveryMin: 0 } },
        targets: [
          // Its own state dir and home: a second, independent OpenClaw gateway on its own port.
          { id: 'b', kind: 'local', port: b.port, manage: 'child', env: { HOME: b.home, OPENCLAW_STATE_DIR: b.stateDir } },
          { id: 'far', kind: 'remote', url: remote.url, watch: { failuresBeforeAction: 1, intervalSec: 0.5 } },
        ],
      }),
    );
    run = runWatch(a, ['--interval', '0.5']);
    const r = run;
    const of = (target: string) => (e: Line) => (e.target ?? 'default') === target;
    const healthy = (target: string) => (e: Line) => of(target)(e) && e.type === 'state' && e.to === 'healthy';
    await r.waitForEvent((e) => healthy('default')(e as Line), 120_000, 'the default gateway healthy');
    await r.waitForEvent((e) => healthy('b')(e as Line), 120_000, 'gateway b healthy');
    await r.waitForEvent((e) => healthy('far')(e as Line), 30_000, 'the remote target healthy');
    assert.ok(r.output.some((l) => l.includes('b: watching 127.0.0.1:' + b!.port)), 'the watch names each target it watches');

    // Kill gateway b for real.
    const bDir = join(a.dataDir, 'targets', 'b');
    const bPid = await waitUntil(() => statePid(bDir), 10_000, "gateway b's pid in its own state file");
    const aPid = statePid(a.dataDir);
    assert.ok(aPid && bPid !== aPid, 'two gateway processes');
    pids.add(bPid);
    if (aPid) pids.add(aPid);
    const killedAt = r.events.length;
    killGroup(bPid, 'SIGKILL');
    await r.waitForEvent((e) => r.events.indexOf(e) >= killedAt && of('b')(e as Line) && e.type === 'exited', 30_000, 'b seen exiting');
    await r.waitForEvent((e) => r.events.indexOf(e) >= killedAt && healthy('b')(e as Line), 120_000, 'b healthy again');
    const newB = statePid(bDir);
    assert.ok(newB && newB !== bPid && isAlive(newB), 'b runs again as a new process');
    if (newB) pids.add(newB);
    const defaultAfterKill = r.events.slice(killedAt).filter((e) => of('default')(e as Line) && ['exited', 'restart', 'hung', 'spawned'].includes(e.type));
    assert.deepEqual(defaultAfterKill, [], 'the default gateway was left alone');
    assert.ok(aPid && isAlive(aPid) && statePid(a.dataDir) === aPid, 'the same default gateway process still runs');

    // The remote target goes down: escalated and alerted, never restarted.
    await remote.close();
    await r.waitForEvent((e) => of('far')(e as Line) && e.type === 'escalated', 30_000, 'the remote target escalated');
    await waitUntil(() => deliveries.some((d) => d.includes('manage=none')), 30_000, 'the alert delivered to the webhook');
    assert.ok(
      deliveries.some((d) => d.includes(`far (127.0.0.1:${remote!.port})`)),
      `the alert names the target and its address: ${deliveries.join('\n').slice(0, 600)}`,
    );
    const farActions = r.events.filter((e) => of('far')(e as Line) && ['restart', 'restart-failed', 'spawned', 'adopted', 'backoff'].includes(e.type));
    assert.deepEqual(farActions, [], 'no restart of any kind for the remote target');
    const stateB = JSON.parse(readFileSync(join(a.dataDir, 'targets', 'far', 'state.json'), 'utf8')) as { status?: { state: string; pid?: number } };
    assert.equal(stateB.status?.state, 'escalated');
    assert.equal(stateB.status?.pid, undefined, 'no local process was ever attributed to the remote target');
    // And the two local gateways are still healthy.
    const st = JSON.parse(readFileSync(join(a.dataDir, 'state.json'), 'utf8')) as { status?: { state: string } };
    assert.equal(st.status?.state, 'healthy');
  });
});
