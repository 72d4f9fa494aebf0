// Several targets under one watcher: ClawDoc's RSS watching 1 gateway vs 20 (goal: 20 cost ≤ 2× one), and
// probe rounds that never overlap (per target, never two probes in flight, even when a gateway answers
// slower than the probe interval).
// The 20 gateways are cheap stand-ins: tiny HTTP servers in a helper process answering OpenClaw's
// /healthz and /readyz bodies (bench/fake-gateways.ts), so ClawDoc's RSS is its own. The 20 targets are
// the default gateway plus 19 `local` targets with manage=none (the doctor on, as a user's local targets
// have it): every runtime is built whole (engine, watchdog, doctor, alerts, control socket).
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printFigures, progress, type Figure } from './common.js';
import { sleep, spawnWatch, waitUntil } from '../test/helpers/gateway.js';

const SECONDS = Number(process.env.BENCH_TARGETS_SECONDS ?? 30);
const SLOW = 5;
const SLOW_DELAY_MS = 1_500;

interface Stats {
  healthz: number;
  inFlight: number;
  maxInFlight: number;
}

function rssKb(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rss: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0), hwm: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) };
}

function ask<T>(child: ChildProcess, message: string, key: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: Record<string, unknown>) => {
      if (key in m) {
        child.off('message', on);
        resolve(m[key] as T);
      }
    };
    child.on('message', on);
    if (message) child.send(message);
  });
}

/** One `clawdoc watch` over `count` targets; returns its RSS after SECONDS of watching. */
async function watchTargets(ports: number[], count: number): Promise<{ rssMb: number; hwmMb: number; healthyAll: boolean }> {
  const dataDir = mkdtempSync(join(tmpdir(), `clawdoc-bench-targets-${count}-`));
  const [first, ...rest] = ports.slice(0, count);
  const targets = rest.map((port, i) => ({ id: `t${i + 1}`, kind: 'local', port, manage: 'none', ...(i < SLOW - 1 ? { watch: { intervalSec: 0.5, probeTimeoutSec: 5 } } : {}) }));
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ alerts: { enabled: false }, targets }));
  const env: NodeJS.ProcessEnv = { ...process.env, CLAWDOC_DATA_DIR: dataDir };
  delete env.NODE_OPTIONS;
  const run = spawnWatch(['--manage', 'none', '--port', String(first), '--interval', '1'], dataDir, env);
  const healthy = () => new Set(run.events.filter((e) => e.type === 'state' && e.to === 'healthy').map((e) => (e as { target?: string }).target ?? 'default')).size;
  try {
    await waitUntil(() => healthy() >= count, 120_000, `${count} targets healthy (${healthy()} so far)`);
    progress(`${count} target(s) healthy; watching ${SECONDS} s`);
    await sleep(SECONDS * 1000);
    const { rss, hwm } = rssKb(run.proc.pid!);
    return { rssMb: rss / 1024, hwmMb: hwm / 1024, healthyAll: healthy() >= count };
  } finally {
    await run.stop('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runTargetsBench(): Promise<Figure[]> {
  // The first SLOW servers answer after 1.5 s; the targets on them probe every 0.5 s.
  const helper = fork(join(import.meta.dirname, 'fake-gateways.js'), ['20', String(SLOW), String(SLOW_DELAY_MS)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const ports = await ask<number[]>(helper, '', 'ports');
    const one = await watchTargets(ports, 1);
    progress(`1 target: RSS ${one.rssMb.toFixed(1)} MB`);
    const twenty = await watchTargets(ports, 20);
    progress(`20 targets: RSS ${twenty.rssMb.toFixed(1)} MB`);
    const stats = await ask<Stats[]>(helper, 'stats', 'stats');
    const ratio = twenty.rssMb / one.rssMb;
    const maxInFlight = Math.max(...stats.map((s) => s.maxInFlight));
    const slowProbes = stats.slice(0, SLOW).map((s) => s.healthz);
    return [
      { name: 'ClawDoc RSS watching 1 target', value: one.rssMb, unit: 'MB' },
      { name: 'ClawDoc RSS watching 20 targets', value: twenty.rssMb, unit: 'MB' },
      { name: 'ClawDoc peak RSS watching 20 targets (VmHWM)', value: twenty.hwmMb, unit: 'MB' },
      { name: 'RSS 20 targets / 1 target', value: ratio, unit: 'x', goal: '≤ 2', ok: ratio <= 2 },
      { name: 'most probes in flight for one target', value: maxInFlight, unit: 'probes', goal: '≤ 1', ok: maxInFlight <= 1 },
      { name: `probes of each slow target (${SLOW_DELAY_MS} ms answers, 0.5 s interval)`, value: Math.min(...slowProbes), unit: 'min', samples: slowProbes },
    ];
  } finally {
    helper.send('exit');
    await new Promise((r) => helper.once('exit', r));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runTargetsBench().then(
    (figures) => {
      printFigures('several targets (one watcher)', figures);
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
