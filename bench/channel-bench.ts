// Channel health figures on a real chat channel (OpenClaw's IRC plugin against ngircd on loopback):
//   what one check costs (the gateway's CPU and ClawDoc's for a channels.status round with the active
//   probe, against one `openclaw channels status --probe --json` CLI run), and how long after the IRC
//   server goes away ClawDoc reports the channel down on DEFAULT settings (goal: grace + two probes).
// Standalone: `npm run build && node dist/bench/channel-bench.js`; `npm run bench` runs it too.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { median, printFigures, progress, type Figure } from './common.js';
import { gatewayCall } from '../src/main/engine/gateway/gateway-rpc.js';
import { defaultSettings } from '../src/main/engine/settings/settings.js';
import { hasTestbed, isHealthyEvent, makeSandbox, OPENCLAW_BIN, runWatch, sleep, teardown, waitUntil } from '../test/helpers/gateway.js';
import { hasIrcBed, installIrcChannel, startIrcServer } from '../test/helpers/irc.js';

const ROUNDS = Number(process.env.BENCH_CHANNEL_ROUNDS ?? 10);

function cpuMs(pid: number | 'self'): { own: number; children: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { own: (Number(f[11]) + Number(f[12])) * 10, children: (Number(f[13]) + Number(f[14])) * 10 };
}

export async function runChannelBench(): Promise<Figure[]> {
  const figures: Figure[] = [];
  if (!hasIrcBed()) {
    progress('channel bench skipped: ngircd or the pinned @openclaw/irc is missing');
    return figures;
  }
  const sb = await makeSandbox('chbench');
  const ircd = await startIrcServer();
  installIrcChannel(sb, ircd);
  const run = runWatch(sb);
  try {
    await run.waitForEvent(isHealthyEvent, 120_000, 'healthy');
    const state = () => run.state() as { status?: { gatewayChannels?: Array<{ channel: string; state: string }> } } | undefined;
    const irc = () => state()?.status?.gatewayChannels?.find((c) => c.channel === 'irc');
    await waitUntil(() => irc()?.state === 'healthy', 90_000, 'IRC healthy');
    const gw = run.gatewayPid()!;

    // One check: the gateway's CPU over ROUNDS rounds, less its idle CPU over the same time.
    let a = cpuMs(gw).own;
    let t0 = Date.now();
    await sleep(15_000);
    const idlePerMs = (cpuMs(gw).own - a) / (Date.now() - t0);
    const target = { host: '127.0.0.1', port: sb.port, timeoutMs: 20_000 };
    const perRound: number[] = [];
    const client: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      a = cpuMs(gw).own;
      t0 = Date.now();
      const me = process.cpuUsage();
      await gatewayCall(target, 'channels.status', { probe: true });
      const used = process.cpuUsage(me);
      client.push((used.user + used.system) / 1000);
      perRound.push(Math.max(0, cpuMs(gw).own - a - idlePerMs * (Date.now() - t0)));
      await sleep(500);
    }
    figures.push({ name: 'gateway CPU per channel check (channels.status + probe, RPC)', value: median(perRound), unit: 'ms', samples: perRound });
    figures.push({ name: "ClawDoc's CPU per channel check (RPC)", value: median(client), unit: 'ms', samples: client });
    const interval = defaultSettings().gatewayChannels.probeIntervalSec;
    figures.push({ name: `channel checks at the default ${interval} s interval`, value: ((median(perRound) + median(client)) / (interval * 1000)) * 100, unit: '% of one core', goal: '≤ 0.5 %', ok: ((median(perRound) + median(client)) / (interval * 1000)) * 100 <= 0.5 });
    const before = cpuMs('self').children;
    const cli = spawnSync(OPENCLAW_BIN, ['channels', 'status', '--probe', '--json'], { env: sb.env, encoding: 'utf8', timeout: 120_000 });
    const cliMs = cpuMs('self').children - before;
    progress(`openclaw channels status --probe --json: exit ${cli.status}, ${cliMs} ms CPU`);
    figures.push({ name: 'one `openclaw channels status --probe --json` (for comparison)', value: cliMs, unit: 'ms CPU' });

    // Detection on default settings: the IRC server goes away, ClawDoc reports the channel down.
    const d = defaultSettings().gatewayChannels;
    const seen = run.events.length;
    const stoppedAt = Date.now();
    await ircd.stop();
    const down = await run.waitForEvent((e) => e.type === 'channel-down' && run.events.indexOf(e) >= seen, (d.graceSec + 3 * d.probeIntervalSec) * 1000, 'channel-down');
    const took = down.ts - stoppedAt;
    const bound = (d.graceSec + 2 * d.probeIntervalSec) * 1000;
    figures.push({ name: 'IRC server gone → channel reported down (defaults)', value: took, unit: 'ms', goal: `≤ ${bound} ms (grace + two probes)`, ok: took <= bound });
    await ircd.start();
    await run.waitForEvent((e) => e.type === 'channel-recovered' && run.events.indexOf(e) >= seen, 180_000, 'channel-recovered');
  } catch (err) {
    console.error(`--- clawdoc output ---\n${run.output.slice(-30).join('\n')}`);
    throw err;
  } finally {
    await teardown(sb, [run]);
    await ircd.close();
  }
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!hasTestbed()) {
    console.error('bench: the OpenClaw test bed is missing; run `npm ci` first');
    process.exit(1);
  }
  runChannelBench().then(
    (f) => {
      printFigures('gateway chat channels', f);
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
