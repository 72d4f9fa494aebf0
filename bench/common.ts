// What every benchmark suite shares: medians, figures with goals, the bare gateway's cold start.
import { spawn } from 'node:child_process';
import { probeGateway } from '../src/main/engine/gateway/probe.js';
import { gatewayArgs } from '../src/main/engine/manage/child.js';
import { isAlive, killGroup, OPENCLAW_BIN, sleep, type GatewaySandbox } from '../test/helpers/gateway.js';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  goal?: string;
  ok?: boolean;
  samples?: number[];
}

export function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

export function printFigures(title: string, figures: Figure[]): void {
  console.log(`\n== ${title} ==`);
  const fmt = (x: number, unit: string) => (unit === 'x' ? x.toFixed(3) : unit === 'ms' ? x.toFixed(x < 100 ? 1 : 0) : x.toFixed(2));
  for (const f of figures) {
    const goal = f.goal ? `  goal ${f.goal} ${f.ok ? 'MET' : 'MISSED'}` : '';
    const samples = f.samples ? `  (runs: ${f.samples.map((s) => fmt(s, f.unit)).join(', ')})` : '';
    console.log(`${f.name.padEnd(48)} ${fmt(f.value, f.unit).padStart(9)} ${f.unit}${goal}${samples}`);
  }
}

export function progress(line: string): void {
  process.stderr.write(`  … ${line}\n`);
}

/** Polls /healthz until OpenClaw answers live; returns that moment. */
export async function untilLive(sb: GatewaySandbox, timeoutMs = 180_000, everyMs = 25): Promise<number> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const r = await probeGateway({ host: '127.0.0.1', port: sb.port, timeoutMs: 500 });
    if (r.verdict === 'healthy' || r.verdict === 'not-ready') return Date.now();
    await sleep(everyMs);
  }
  throw new Error('gateway did not become live');
}

/** Spawn → /healthz live for the bare gateway, without ClawDoc; the gateway is stopped after. */
export async function coldStart(sb: GatewaySandbox): Promise<number> {
  const started = Date.now();
  const child = spawn(OPENCLAW_BIN, gatewayArgs(['gateway', 'run'], sb.port), { env: sb.env, stdio: 'ignore', detached: true });
  try {
    return (await untilLive(sb)) - started;
  } finally {
    killGroup(child.pid, 'SIGTERM');
    const end = Date.now() + 15_000;
    while (child.pid && isAlive(child.pid) && Date.now() < end) await sleep(50);
    killGroup(child.pid, 'SIGKILL');
    await sleep(300);
  }
}
