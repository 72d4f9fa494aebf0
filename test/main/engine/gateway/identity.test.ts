// "Is this our gateway?" with real processes: decoys whose command lines read like OpenClaw (or that a
// log line names) must survive every path that stops or adopts a process; a process running OpenClaw's
// entrypoint that holds the port or owns the gateway lock is acted on, and only its own group is signalled.
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';
import { applyAction, precondition, type ActionContext } from '../../../../src/main/engine/doctor/actions.js';
import { ChangeLog } from '../../../../src/main/engine/doctor/changes.js';
import type { Evidence } from '../../../../src/main/engine/doctor/evidence.js';
import { SnapshotStore } from '../../../../src/main/engine/doctor/snapshots.js';
import { findPortHolder, gatewayLockDir, identifyGateway, isOpenClawGatewayProcess, processFacts, signalGateway } from '../../../../src/main/engine/gateway/processes.js';
import { ChildManager } from '../../../../src/main/engine/manage/child.js';
import { GatewayLog } from '../../../../src/main/engine/manage/gateway-log.js';
import type { ExitInfo, GatewayManager } from '../../../../src/main/engine/manage/manager.js';
import { validateSettings } from '../../../../src/main/engine/settings/settings.js';
import { History } from '../../../../src/main/engine/store/history-log.js';
import { StateFile } from '../../../../src/main/engine/store/state-file.js';
import { Watchdog } from '../../../../src/main/engine/watchdog/watchdog.js';
import type { ProbeResult, ProbeVerdict, WatchEvent } from '../../../../src/shared/status.js';
import { freePort, isAlive, killGroup, sleep, waitUntil } from '../../../helpers/gateway.js';

const skip = process.platform !== 'linux' && 'reads /proc: Linux only';
const procs: ChildProcess[] = [];
const root = mkdtempSync(join(tmpdir(), 'clawdoc-identity-'));
after(() => {
  for (const p of procs) killGroup(p.pid);
});

// A server that listens on FAKE_PORT (if set), optionally sets a process title and starts a helper.
const serverSource = `
import http from 'node:http';
import { spawn } from 'node:child_process';
if (process.env.FAKE_TITLE) process.title = process.env.FAKE_TITLE;
const port = Number(process.env.FAKE_PORT || 0);
if (port) http.createServer((q, s) => s.end('{}')).listen(port, '127.0.0.1');
if (process.env.FAKE_HELPER) {
  const h = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e6)'], { stdio: 'ignore' });
  console.log('helper ' + h.pid);
}
setInterval(() => {}, 1e6);
`;

/** A fake OpenClaw install: node_modules/openclaw/{package.json, openclaw.mjs}. */
function fakeOpenClaw(): string {
  const dir = join(mkdtempSync(join(root, 'pkg-')), 'node_modules', 'openclaw');
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'openclaw', bin: { openclaw: 'openclaw.mjs' } }));
  writeFileSync(join(dir, 'openclaw.mjs'), serverSource);
  return join(dir, 'openclaw.mjs');
}

/** Decoy: node running a script under a path with `/openclaw/` in it (no OpenClaw package there). */
function openclawPathDecoy(): string {
  const dir = join(mkdtempSync(join(root, 'decoy-')), 'opt', 'openclaw');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'openclaw.mjs'), serverSource);
  return join(dir, 'openclaw.mjs');
}

/** Decoy: an executable (node) script literally named `watch -n 5 openclaw gateway status`. */
function watchNamedDecoy(): string {
  const dir = mkdtempSync(join(root, 'watch-'));
  const file = join(dir, 'watch -n 5 openclaw gateway status');
  const cjs = "const port = Number(process.env.FAKE_PORT || 0); if (port) require('node:http').createServer((q, s) => s.end('{}')).listen(port, '127.0.0.1'); setInterval(() => {}, 1e6);";
  writeFileSync(file, `#!${process.execPath}\n${cjs}\n`);
  chmodSync(file, 0o755);
  return file;
}

function start(file: string, args: string[], env: Record<string, string> = {}, detached = true): ChildProcess {
  const p = spawn(file, args, { env: { ...process.env, ...env }, detached, stdio: ['ignore', 'pipe', 'ignore'] });
  procs.push(p);
  return p;
}

/** `exec -a "<title>" sleep 60`: a process whose argv reads like OpenClaw. */
function argvDecoy(title: string): ChildProcess {
  return start('bash', ['-c', `exec -a "${title}" sleep 60`]);
}

async function listening(port: number, pid: number): Promise<void> {
  await waitUntil(async () => (await findPortHolder(port))?.pid === pid, 10_000, `pid ${pid} listening on ${port}`, 50);
}

async function writeLock(stateDir: string, pid: number, startTime?: number): Promise<void> {
  const dir = gatewayLockDir(stateDir);
  mkdirSync(dir, { recursive: true });
  const st = startTime ?? (await processFacts(pid))?.startTime;
  writeFileSync(join(dir, 'gateway.state.lock'), JSON.stringify({ pid, createdAt: new Date().toISOString(), configPath: join(stateDir, 'openclaw.json'), stateDir, port: 1, startTime: st }));
}

function actionCtx(port: number, stateDir: string, lines: string[] = []): ActionContext {
  const dir = mkdtempSync(join(root, 'ctx-'));
  const evidence = { lastOutput: lines, logLines: lines, stabilityBundles: [] } as unknown as Evidence;
  return {
    caseId: 'port-stale-openclaw', recordId: 'r', configPath: join(dir, 'openclaw.json'), port, evidence,
    snapshots: new SnapshotStore(dir), changes: new ChangeLog(dir), openclawPath: 'openclaw', env: {}, fileLogDir: dir, stateDir,
    portHolder: findPortHolder, probe: async () => ({ verdict: 'timeout', at: 0, latencyMs: 0 }), managerPid: () => undefined,
    approvedCommands: [], openclawDoctorTimeoutMs: 1000, rateLimitMaxWaitMs: 10, pruneOlderThanDays: 7, killTimeoutMs: 2000,
  };
}

describe('gateway identity: decoys survive', { skip }, () => {
  it('command-line text alone never reads as the gateway', () => {
    assert.equal(isOpenClawGatewayProcess('ssh', 'ssh prod openclaw gateway restart'), false);
    assert.equal(isOpenClawGatewayProcess('watch', 'watch -n 5 openclaw gateway status'), false);
    assert.equal(isOpenClawGatewayProcess('bash', 'bash -c openclaw gateway run'), false);
  });

  it('a pid named by a log line (`gateway already running (pid N)`) is never stopped', async () => {
    const decoy = argvDecoy('ssh prod openclaw gateway restart');
    await sleep(200);
    const stateDir = mkdtempSync(join(root, 'state-'));
    const ctx = actionCtx(await freePort(), stateDir, [`gateway already running (pid ${decoy.pid}); lock timeout after 5000ms`, `Port 1 is already in use.`, `- pid ${decoy.pid} root: ssh prod openclaw gateway restart`]);
    assert.ok(await precondition({ type: 'stop-stale-gateway' }, ctx), 'no precondition met');
    const out = await applyAction({ type: 'stop-stale-gateway' }, ctx);
    assert.equal(out.applied, false, out.detail);
    await sleep(300);
    assert.ok(isAlive(decoy.pid!), 'the ssh decoy survives');
  });

  it('a process that claims the title openclaw-gateway and owns the lock, but is `sleep`, is not the gateway', async () => {
    const decoy = argvDecoy('openclaw-gateway');
    await sleep(200);
    const stateDir = mkdtempSync(join(root, 'state-'));
    await writeLock(stateDir, decoy.pid!);
    const id = await identifyGateway(decoy.pid!, { port: await freePort(), stateDir });
    assert.equal(id.ok, false);
    const out = await applyAction({ type: 'stop-stale-gateway' }, actionCtx(await freePort(), stateDir));
    assert.equal(out.applied, false, out.detail);
    assert.ok(isAlive(decoy.pid!));
  });

  const portDecoys: [string, (port: number) => ChildProcess][] = [
    ['a script named `watch -n 5 openclaw gateway status`', (port) => start(watchNamedDecoy(), [], { FAKE_PORT: String(port) })],
    ['node running openclaw.mjs under a path containing /openclaw/', (port) => start(process.execPath, [openclawPathDecoy(), 'gateway', 'run'], { FAKE_PORT: String(port) })],
  ];
  for (const [label, make] of portDecoys) {
    it(`holding the port: ${label} is neither stopped, adopted nor killed as hung`, async () => {
      const port = await freePort();
      const decoy = make(port);
      await listening(port, decoy.pid!);
      const stateDir = mkdtempSync(join(root, 'state-'));
      await writeLock(stateDir, decoy.pid!); // even owning the lock does not make it OpenClaw
      const id = await identifyGateway(decoy.pid!, { port, stateDir });
      assert.equal(id.ok, false);
      assert.match((id as { reason: string }).reason, /is not OpenClaw's gateway/);
      assert.equal((await findPortHolder(port))?.isOpenClaw, false, 'the port holder is not classified as OpenClaw');
      // stale stop
      const out = await applyAction({ type: 'stop-stale-gateway' }, actionCtx(port, stateDir, [`gateway already running (pid ${decoy.pid})`]));
      assert.equal(out.applied, false, out.detail);
      // adoption
      const log = new GatewayLog(join(mkdtempSync(join(root, 'log-')), 'gateway.log'));
      const child = new ChildManager({ openclawPath: 'openclaw', args: [], port, stateDir, env: {}, log, killTimeoutMs: 1000 });
      assert.equal(await child.adopt(decoy.pid!, Date.now(), 0, true), false, 'not adopted');
      child.dispose();
      // hung kill, even when the port table (wrongly) calls it OpenClaw
      await hungKillAttempt(port, decoy.pid!);
      await sleep(300);
      assert.ok(isAlive(decoy.pid!), `${label} survives`);
    });
  }
});

class ServiceFake implements GatewayManager {
  readonly mode = 'service' as const;
  readonly canRestart = true;
  restarts = 0;
  pid() {
    return undefined;
  }
  startedAt() {
    return undefined;
  }
  async start() {
    return this.restart();
  }
  async restart() {
    this.restarts++;
    return { ok: true, via: 'fake' };
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

/** Runs the watchdog until it declares the gateway hung, with a port table that says "OpenClaw, pid N". */
async function hungKillAttempt(port: number, pid: number): Promise<void> {
  const dir = mkdtempSync(join(root, 'wd-'));
  let verdict: ProbeVerdict = 'healthy';
  const events: WatchEvent[] = [];
  const wd = new Watchdog({
    settings: validateSettings({ gateway: { port }, watch: { intervalSec: 0.2, retryIntervalSec: 0.1, probeTimeoutSec: 0.2, failuresBeforeAction: 2, statsIntervalSec: 60, startupGraceSec: 1, killTimeoutSec: 1, osRestartGraceSec: 0.2 } }),
    manager: new ServiceFake(),
    history: new History(dir),
    stateFile: new StateFile(dir),
    probe: async (): Promise<ProbeResult> => ({ verdict, at: Date.now(), latencyMs: 1 }),
    portHolder: async () => ({ pid, name: 'openclaw-gateway', command: 'openclaw-gateway', isOpenClaw: true }),
  });
  wd.on('event', (e: WatchEvent) => events.push(e));
  await wd.start();
  await waitUntil(() => events.find((e) => e.type === 'state' && e.to === 'healthy'), 5000, 'healthy', 20);
  verdict = 'timeout';
  const hung = await waitUntil(() => events.find((e) => e.type === 'hung'), 5000, 'hung', 20);
  assert.equal(hung.details?.pid, pid, 'the watchdog took the lying holder as its gateway');
  await sleep(500);
  await wd.stop();
}

describe('gateway identity: the gateway itself', { skip }, () => {
  it('node running OpenClaw\'s entrypoint on the port is proven by the port, and stopped as stale with its group', async () => {
    const port = await freePort();
    const gw = start(process.execPath, [fakeOpenClaw(), 'gateway', 'run', '--port', String(port)], { FAKE_PORT: String(port), FAKE_HELPER: '1', FAKE_TITLE: 'openclaw-gateway' });
    const helperPid = await new Promise<number>((resolve) => gw.stdout!.once('data', (d: Buffer) => resolve(Number(/helper (\d+)/.exec(d.toString())?.[1]))));
    await listening(port, gw.pid!);
    assert.equal((await findPortHolder(port))?.isOpenClaw, true);
    const id = await identifyGateway(gw.pid!, { port });
    assert.ok(id.ok, JSON.stringify(id));
    assert.equal(id.via, 'port');
    assert.equal(id.leadsGroup, true);
    const out = await applyAction({ type: 'stop-stale-gateway' }, actionCtx(port, mkdtempSync(join(root, 'state-'))));
    assert.equal(out.applied, true, out.detail);
    await waitUntil(() => !isAlive(gw.pid!) && !isAlive(helperPid), 5000, 'the gateway and its helper gone');
  });

  it('owning the gateway lock proves it (no port yet); a lock whose start time is another process\'s does not', async () => {
    const gw = start(process.execPath, [fakeOpenClaw(), 'gateway', 'run']);
    await sleep(300);
    const stateDir = mkdtempSync(join(root, 'state-'));
    const port = await freePort();
    assert.equal((await identifyGateway(gw.pid!, { port, stateDir })).ok, false, 'no port, no lock: not proven');
    await writeLock(stateDir, gw.pid!, 12345); // as if the pid had been reused since the lock was written
    assert.equal((await identifyGateway(gw.pid!, { port, stateDir })).ok, false, 'a stale lock proves nothing');
    await writeLock(stateDir, gw.pid!);
    const id = await identifyGateway(gw.pid!, { port, stateDir });
    assert.ok(id.ok && id.via === 'lock', JSON.stringify(id));
    const out = await applyAction({ type: 'stop-stale-gateway' }, actionCtx(port, stateDir));
    assert.equal(out.applied, true, out.detail);
    assert.match(out.detail, /gateway lock/);
    await waitUntil(() => !isAlive(gw.pid!), 5000, 'the lock owner gone');
  });

  it('a gateway that does not lead its process group is signalled alone: the group leader and its siblings survive', async () => {
    const port = await freePort();
    const entry = fakeOpenClaw();
    // bash leads the group; the gateway and a sibling `sleep` are its children in the same group.
    const leader = start('bash', ['-c', `FAKE_PORT=${port} "${process.execPath}" "${entry}" gateway run & sleep 60 & wait`]);
    const holder = await waitUntil(async () => findPortHolder(port), 10_000, 'the gateway listening', 50);
    const gwPid = holder.pid;
    assert.notEqual(gwPid, leader.pid);
    const id = await identifyGateway(gwPid, { port });
    assert.ok(id.ok, JSON.stringify(id));
    assert.equal(id.leadsGroup, false);
    await signalGateway(gwPid, 'SIGTERM');
    await waitUntil(() => !isAlive(gwPid), 5000, 'the gateway gone');
    await sleep(200);
    assert.ok(isAlive(leader.pid!), 'the group leader survives');
    const { stdout } = await promisify(execFile)('ps', ['-o', 'pid=,comm=', '-g', String(leader.pid)]);
    assert.match(stdout, /\bsleep\b/, 'the sibling in the group survives');
    const out = await applyAction({ type: 'stop-stale-gateway' }, actionCtx(port, mkdtempSync(join(root, 'state-'))));
    assert.equal(out.applied, false, 'nothing left to stop');
    assert.ok(isAlive(leader.pid!));
  });

  it('adopts a proven gateway', async () => {
    const port = await freePort();
    const gw = start(process.execPath, [fakeOpenClaw(), 'gateway', 'run'], { FAKE_PORT: String(port), FAKE_TITLE: 'openclaw-gateway' });
    await listening(port, gw.pid!);
    const log = new GatewayLog(join(mkdtempSync(join(root, 'log-')), 'gateway.log'));
    const child = new ChildManager({ openclawPath: 'openclaw', args: [], port, env: {}, log, killTimeoutMs: 1000 });
    assert.equal(await child.adopt(gw.pid!), true);
    await child.stop();
    assert.equal(isAlive(gw.pid!), false);
    child.dispose();
  });
});
