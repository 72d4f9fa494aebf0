// The recovery lead, measured from outside with the real gateway: kill -9 under `clawdoc watch --manage child`
// against a bare restart loop (`while true; do openclaw gateway run; done`), paired in one run.
// Default settings: every ClawDoc run starts on a fresh data dir, so each kill is the first crash after
// a stable run (the immediate restart a user gets), not a shortened stable run.
// Each pair prints its breakdown: kill → exit seen → spawn → first output of the new gateway → /healthz live.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gatewayArgs } from '../src/main/engine/manage/child.js';
import { median, progress, untilLive, type Figure } from './common.js';
import { isAlive, isHealthyEvent, killGroup, OPENCLAW_BIN, runWatch, sleep, type GatewaySandbox, type WatchLine } from '../test/helpers/gateway.js';

/** After /healthz is live, the gateway keeps booting (sidecars, catalog refresh): kill at the same point of its life. */
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 12_000);

export interface RecoverySample {
  totalMs: number;
  /** Phases from the kill (ms), where known. */
  exitSeenMs?: number;
  spawnMs?: number;
  firstOutputMs?: number;
}

/** The console timestamp of each gateway line (`2026-11-25T16:20:23.591+00:00 [gateway] ...`). */
function lineTimes(text: string): { at: number; line: string }[] {
  const out: { at: number; line: string }[] = [];
  for (const line of text.replace(/\x1b\[[0-9;]*m/g, '').split('\n')) {
    const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+[+-]\d\d:\d\d)\s/.exec(line);
    if (m) out.push({ at: Date.parse(m[1]!), line });
  }
  return out;
}

/** BENCH_VERBOSE=1: every gateway line and ClawDoc event after the kill, in ms from the kill. */
function dumpPhases(who: string, file: string, t0: number, events: WatchLine[]): void {
  let lines: { at: number; line: string }[] = [];
  try {
    lines = lineTimes(readFileSync(file, 'utf8')).filter((l) => l.at > t0 - 2000);
  } catch {
    // no log
  }
  const all = [...lines.map((l) => ({ at: l.at, text: l.line.slice(30, 170) })), ...events.map((e) => ({ at: e.ts, text: `[clawdoc ${e.type}] ${e.reason.slice(0, 120)}` }))];
  progress(`${who}:`);
  for (const x of all.sort((a, b) => a.at - b.at)) progress(`  +${x.at - t0} ${x.text}`);
}

function firstOutputAfter(file: string, t0: number): number | undefined {
  try {
    return lineTimes(readFileSync(file, 'utf8')).find((l) => l.at > t0)?.at;
  } catch {
    return undefined;
  }
}

/** One kill -9 under ClawDoc (fresh data dir, default settings). */
async function clawdocOnce(sb: GatewaySandbox, n: number): Promise<RecoverySample> {
  const dataDir = join(sb.dir, `clawdoc-pair-${n}`);
  mkdirSync(dataDir, { recursive: true });
  const run = runWatch({ ...sb, dataDir }, [], { CLAWDOC_DATA_DIR: dataDir });
  let gw: number | undefined;
  try {
    await run.waitForEvent(isHealthyEvent, 180_000, 'healthy');
    await sleep(SETTLE_MS);
    gw = run.gatewayPid();
    if (!gw) throw new Error('no gateway pid in ClawDoc state');
    const seen = run.events.length;
    const t0 = Date.now();
    process.kill(gw, 'SIGKILL');
    const live = await untilLive(sb);
    const after = (pred: (e: WatchLine) => boolean) => run.events.slice(seen).find(pred)?.ts;
    const exitSeen = after((e) => e.type === 'exited');
    const spawned = after((e) => e.type === 'restart' || e.type === 'spawned');
    const first = firstOutputAfter(join(dataDir, 'logs', 'gateway.log'), t0);
    if (process.env.BENCH_VERBOSE) dumpPhases('ClawDoc', join(dataDir, 'logs', 'gateway.log'), t0, run.events.slice(seen));
    return { totalMs: live - t0, exitSeenMs: exitSeen && exitSeen - t0, spawnMs: spawned && spawned - t0, firstOutputMs: first && first - t0 };
  } finally {
    const pid = run.gatewayPid();
    await run.stop('SIGKILL');
    for (const p of [gw, pid]) if (p) killGroup(p);
    await untilFree(sb);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** One kill -9 under `while true; do openclaw gateway run; done`. */
async function bareLoopOnce(sb: GatewaySandbox): Promise<RecoverySample> {
  const logFile = join(sb.dir, 'bare-loop.log');
  writeFileSync(logFile, '');
  const args = gatewayArgs(['gateway', 'run'], sb.port).map((a) => `'${a}'`).join(' ');
  const loop: ChildProcess = spawn('bash', ['-c', `while true; do '${OPENCLAW_BIN}' ${args} >> '${logFile}' 2>&1; done`], { env: sb.env, stdio: 'ignore', detached: true });
  try {
    await untilLive(sb);
    await sleep(SETTLE_MS);
    const gw = childOf(loop.pid!);
    if (!gw) throw new Error('bare loop: no gateway child');
    const t0 = Date.now();
    process.kill(gw, 'SIGKILL');
    const live = await untilLive(sb);
    const first = firstOutputAfter(logFile, t0);
    if (process.env.BENCH_VERBOSE) dumpPhases('bare loop', logFile, t0, []);
    return { totalMs: live - t0, firstOutputMs: first && first - t0 };
  } finally {
    killGroup(loop.pid, 'SIGKILL');
    await untilFree(sb);
  }
}

function childOf(ppid: number): number | undefined {
  try {
    const kids = readFileSync(`/proc/${ppid}/task/${ppid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return kids[0];
  } catch {
    return undefined;
  }
}

/** Between runs: no gateway of the sandbox left (its group was killed), the port answers nothing. */
async function untilFree(sb: GatewaySandbox): Promise<void> {
  const end = Date.now() + 20_000;
  while (Date.now() < end) {
    const busy = readProcPids().some((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').includes(`OPENCLAW_STATE_DIR=${sb.stateDir}\0`);
      } catch {
        return false;
      }
    });
    if (!busy) break;
    await sleep(100);
  }
  await sleep(500);
}

function readProcPids(): number[] {
  try {
    return readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map(Number).filter((p) => p !== process.pid && isAlive(p));
  } catch {
    return [];
  }
}

export async function benchRecoveryPairs(sb: GatewaySandbox, pairs: number): Promise<{ figures: Figure[]; lines: string[] }> {
  const clawdoc: RecoverySample[] = [];
  const bare: RecoverySample[] = [];
  const lines: string[] = [];
  const fmt = (s: RecoverySample) =>
    `${s.totalMs} ms` + (s.spawnMs !== undefined || s.firstOutputMs !== undefined ? ` (exit seen ${s.exitSeenMs ?? '-'}, spawn ${s.spawnMs ?? '-'}, first output ${s.firstOutputMs ?? '-'})` : '');
  for (let i = 0; i < pairs; i++) {
    // Alternate which goes first, so a machine that slows down over the run does not favour one side.
    if (i % 2 === 0) {
      clawdoc.push(await clawdocOnce(sb, i));
      bare.push(await bareLoopOnce(sb));
    } else {
      bare.push(await bareLoopOnce(sb));
      clawdoc.push(await clawdocOnce(sb, i));
    }
    const line = `pair ${i + 1}/${pairs}: ClawDoc ${fmt(clawdoc.at(-1)!)}  |  bare loop ${fmt(bare.at(-1)!)}`;
    lines.push(line);
    progress(line);
  }
  const c = median(clawdoc.map((s) => s.totalMs));
  const b = median(bare.map((s) => s.totalMs));
  const ratio = c / b;
  return {
    lines,
    figures: [
      { name: 'kill -9 → live, ClawDoc child (defaults)', value: c, unit: 'ms', samples: clawdoc.map((s) => s.totalMs) },
      { name: 'kill -9 → live, bare restart loop', value: b, unit: 'ms', samples: bare.map((s) => s.totalMs) },
      { name: 'ClawDoc / bare loop (medians)', value: ratio, unit: 'x', goal: '≤ 1.0', ok: ratio <= 1.0 },
      { name: 'crash detection after kill -9 (child mode)', value: median(clawdoc.map((s) => s.exitSeenMs ?? NaN)), unit: 'ms', goal: '≤ 1000 ms', ok: median(clawdoc.map((s) => s.exitSeenMs ?? Infinity)) <= 1000, samples: clawdoc.map((s) => s.exitSeenMs ?? NaN) },
    ],
  };
}
