// Helpers for the doctor's real-gateway tests.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WatchLine } from '../../../helpers/gateway.js';
import { CLAWDOC_BIN, type ClawdocRun, type GatewaySandbox } from '../../../helpers/gateway.js';

export function writeSettings(sb: GatewaySandbox, settings: Record<string, unknown>): void {
  mkdirSync(sb.dataDir, { recursive: true });
  writeFileSync(join(sb.dataDir, 'settings.json'), JSON.stringify(settings, null, 2));
}

export function doctorPhase(phase: string): (e: WatchLine) => boolean {
  return (e) => e.type === 'doctor' && (e.details as { phase?: string } | undefined)?.phase === phase;
}

/** Waits for an event matching `pred` that arrives after index `from`. */
export async function waitAfter(run: ClawdocRun, from: number, pred: (e: WatchLine) => boolean, timeoutMs: number, what: string): Promise<WatchLine> {
  let idx = -1;
  await run.waitForEvent((e) => {
    const i = run.events.indexOf(e);
    if (i >= from && pred(e)) {
      idx = i;
      return true;
    }
    return false;
  }, timeoutMs, what);
  return run.events[idx]!;
}

export function clawdoc(sb: GatewaySandbox, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLAWDOC_BIN, ...args, '--data-dir', sb.dataDir], { env: sb.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** teardown() that tolerates a gateway still writing into the sandbox while it is removed. */
export async function safeTeardown(sb: GatewaySandbox, runs: ClawdocRun[]): Promise<void> {
  const { teardown, sleep } = await import('../../../helpers/gateway.js');
  try {
    await teardown(sb, runs);
  } catch {
    await sleep(1000);
    try {
      sb.cleanup();
    } catch {
      // a temp dir left behind is not a test failure
    }
  }
}
