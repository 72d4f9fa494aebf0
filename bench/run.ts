// `npm run bench`: figures from the real gateway, as medians over several runs.
//   cold start (spawn → /healthz live), recovery after kill -9 under ClawDoc against a bare restart loop
//   (paired, every pair printed), detection after kill -9 and after SIGSTOP, the ratio recovery / cold start,
//   and ClawDoc's own RSS and CPU while it watches a healthy gateway for 60 s.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { coldStart, median, printFigures, progress, type Figure } from './common.js';
import { runDoctorBench } from './doctor-bench.js';
import { runWindowBench } from './window-bench.js';
import { runTargetsBench } from './targets-bench.js';
import { runChannelBench } from './channel-bench.js';
import { hasTestbed, isHealthyEvent, makeSandbox, runWatch, sleep, teardown } from '../test/helpers/gateway.js';
import { benchRecoveryPairs } from './recovery-pairs.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** kill -9 pairs (ClawDoc, bare loop): at least 5. */
const PAIRS = Math.max(5, Number(process.env.BENCH_PAIRS ?? 5));
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 60);
/** Stable run 3 s (settings below) + one probe interval (5 s, the default) + margin: each kill meets a reset backoff. */
const STABLE_WAIT_MS = 9_000;

function procStat(pid: number): { cpuMs: number; rssKb: number; hwmKb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return {
    cpuMs: (Number(f[11]) + Number(f[12])) * 10,
    rssKb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0),
    hwmKb: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0),
  };
}

export async function benchWatchdog(): Promise<Figure[]> {
  const sb = await makeSandbox('bench');
  const figures: Figure[] = [];
  try {
    // Warm the caches once (the very first start of a state dir is slower), then measure.
    await coldStart(sb);
    const cold: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      cold.push(await coldStart(sb));
      progress(`cold start ${i + 1}/${RUNS}: ${cold.at(-1)} ms`);
    }
    const coldMs = median(cold);
    figures.push({ name: 'gateway cold start (spawn → /healthz live)', value: coldMs, unit: 'ms', samples: cold });

    if (process.env.BENCH_ONLY === 'pairs') {
      const only = await benchRecoveryPairs(sb, PAIRS);
      for (const line of only.lines) console.log(`  ${line}`);
      return [...figures, ...only.figures];
    }
    // The recovery lead: ClawDoc (defaults, fresh data dir per kill) against a bare restart loop, paired.
    const pairs = await benchRecoveryPairs(sb, PAIRS);
    for (const line of pairs.lines) console.log(`  ${line}`);
    figures.push(...pairs.figures);
    const ratio = pairs.figures[0]!.value / coldMs;
    figures.push({ name: 'recovery / cold start', value: ratio, unit: 'x', goal: '≤ 1.15', ok: ratio <= 1.15 });

    // Footprint and hang detection: one long watch (a short stable run so each SIGSTOP meets a reset backoff).
    writeFileSync(join(sb.dataDir, 'settings.json'), JSON.stringify({ restart: { stableRunMin: 0.05, breakerMaxRestarts: 100 } }));
    const run = runWatch(sb);
    try {
      await run.waitForEvent(isHealthyEvent, 120_000, 'healthy');
      // ClawDoc's own footprint while watching a healthy gateway at the default interval.
      await sleep(3_000);
      const watcher = run.proc.pid!;
      const a = procStat(watcher);
      const t0 = Date.now();
      await sleep(IDLE_SECONDS * 1000);
      const b = procStat(watcher);
      const cpuPct = ((b.cpuMs - a.cpuMs) / (Date.now() - t0)) * 100;
      figures.push({ name: `ClawDoc RSS while watching (${IDLE_SECONDS} s)`, value: b.rssKb / 1024, unit: 'MB', goal: '≤ 80 MB', ok: b.rssKb / 1024 <= 80 });
      figures.push({ name: 'ClawDoc peak RSS (VmHWM)', value: b.hwmKb / 1024, unit: 'MB' });
      figures.push({ name: `ClawDoc CPU while watching (${IDLE_SECONDS} s)`, value: cpuPct, unit: '% of one core', goal: '≤ 1 %', ok: cpuPct <= 1 });

      // SIGSTOP: detection at the default interval, probe timeout and failure count.
      const detectStop: number[] = [];
      const stopRuns = Math.min(RUNS, 3);
      for (let i = 0; i < stopRuns; i++) {
        await sleep(STABLE_WAIT_MS);
        const pid = run.gatewayPid()!;
        const seen = run.events.length;
        const t0 = Date.now();
        process.kill(pid, 'SIGSTOP');
        const hung = await run.waitForEvent((e) => e.type === 'hung' && run.events.indexOf(e) >= seen, 60_000, 'hung');
        detectStop.push(hung.ts - t0);
        progress(`SIGSTOP ${i + 1}/${stopRuns}: hang detected after ${hung.ts - t0} ms`);
        await run.waitForEvent((e) => e.type === 'recovered' && run.events.indexOf(e) >= seen, 90_000, 'recovered');
      }
      figures.push({ name: 'hang detection after SIGSTOP (defaults)', value: median(detectStop), unit: 'ms', goal: '≤ 30000 ms', ok: median(detectStop) <= 30_000, samples: detectStop });
    } catch (err) {
      console.error(`--- clawdoc output ---\n${run.output.slice(-30).join('\n')}`);
      throw err;
    } finally {
      await teardown(sb, [run]);
    }
  } finally {
    sb.cleanup();
  }
  return figures;
}

async function main(): Promise<void> {
  if (!hasTestbed()) {
    console.error('bench: the OpenClaw test bed is missing; run `npm ci` first');
    process.exit(1);
  }
  console.log(`ClawDoc benchmark: real openclaw gateway, ${RUNS} runs per figure (BENCH_RUNS), medians`);
  printFigures('watchdog (level 2)', await benchWatchdog());
  if (process.env.BENCH_ONLY === 'pairs') return;
  await runDoctorBench(); // prints its own figures
  await runWindowBench(); // prints its own figures
  printFigures('several targets (one watcher)', await runTargetsBench());
  printFigures('gateway chat channels', await runChannelBench());
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
