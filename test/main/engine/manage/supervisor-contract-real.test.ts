// OpenClaw's supervisor contract against the real gateway (docs: cli/gateway/restart-and-supervision.md):
// child mode declares itself external, its restarts go through OpenClaw's restart path (drain, handoff),
// so three ClawDoc restarts in a row leave no "another supervisor" hint and never trip OpenClaw's own
// crash-loop breaker; a hung gateway is still killed (a drain needs a live process).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { probeStartup } from '../../../../src/main/engine/gateway/probe.js';
import { CLAWDOC_BIN, hasTestbed, isAlive, isHealthyEvent, makeSandbox, runWatch, teardown, waitUntil, type ClawdocRun, type GatewaySandbox } from '../../../helpers/gateway.js';

const skip = hasTestbed() ? false : 'the OpenClaw test bed is not installed (npm ci prepares it)';
const T = { timeout: 300_000 };

function environOf(pid: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')) {
    const i = kv.indexOf('=');
    if (i > 0) out[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return out;
}

function clawdoc(sb: GatewaySandbox, args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLAWDOC_BIN, ...args, '--data-dir', sb.dataDir], { env: sb.env, timeout: 120_000 }, (err, stdout) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout }),
    );
  });
}

/** Everything the gateway printed: ClawDoc's capture of its console, and OpenClaw's own file log. */
function gatewayText(sb: GatewaySandbox): string {
  return [join(sb.dataDir, 'logs', 'gateway.log'), sb.fileLog].map((f) => (existsSync(f) ? readFileSync(f, 'utf8') : '')).join('\n');
}

describe('OpenClaw supervisor contract (child mode, real gateway)', { skip: process.platform !== 'linux' ? 'reads /proc' : skip, concurrency: 1 }, () => {
  let sb: GatewaySandbox;
  let run: ClawdocRun;
  before(async () => {
    sb = await makeSandbox('contract');
    run = runWatch(sb);
  });
  after(async () => teardown(sb, [run]));

  it('declares ClawDoc the external supervisor in the gateway environment', T, async () => {
    await run.waitForEvent(isHealthyEvent, 120_000, 'first healthy');
    const env = environOf(run.gatewayPid()!);
    assert.equal(env.OPENCLAW_SUPERVISOR_MODE, 'external');
    assert.equal(env.OPENCLAW_SERVICE_REPAIR_POLICY, 'external');
    assert.equal(await probeStartup({ host: '127.0.0.1', port: sb.port, timeoutMs: 2000 }), true, 'healthy means /startupz says started');
  });

  it('three restarts in a row: OpenClaw restart path, no "another supervisor" hint, no crash-loop breaker', T, async () => {
    for (let i = 0; i < 3; i++) {
      const seen = run.events.length;
      const r = await clawdoc(sb, ['restart']);
      assert.equal(r.code, 0, r.stdout);
      const restart = await run.waitForEvent((e) => e.type === 'restart' && run.events.indexOf(e) >= seen, 120_000, `restart ${i + 1}`);
      assert.match(restart.reason, /SIGUSR2|drained/, `restart ${i + 1} went through OpenClaw's restart path: ${restart.reason}`);
      assert.doesNotMatch(restart.reason, /killed|ignored/, `restart ${i + 1} drained: ${restart.reason}`);
      await run.waitForEvent((e) => isHealthyEvent(e) && run.events.indexOf(e) >= seen, 120_000, `healthy after restart ${i + 1}`);
      assert.equal(await probeStartup({ host: '127.0.0.1', port: sb.port, timeoutMs: 2000 }), true);
    }
    const restarts = run.events.filter((e) => e.type === 'restart').map((e) => e.reason);
    // Once the handoff was negotiated, a restart is a clean exit whose handoff ClawDoc consumed for that pid.
    assert.ok(
      restarts.some((r) => /handoff accepted/.test(r)),
      `at least one restart consumed OpenClaw's handoff:\n${restarts.join('\n')}`,
    );
    assert.equal(run.count((e) => e.type === 'exited' && !/stopped by ClawDoc/.test(e.reason)), 0, 'no restart looked like a crash');
    const text = gatewayText(sb);
    assert.match(text, /received SIGUSR2; restarting/, 'the gateway saw OpenClaw restarts');
    assert.doesNotMatch(text, /another supervisor/, 'no "another supervisor" hint');
    assert.doesNotMatch(text, /restart-loop breaker tripped|crash-loop breaker/, "OpenClaw's crash-loop breaker never tripped");
  });

  it('a hung gateway (SIGSTOP) is killed after the probe budget, not after the 315 s drain', T, async () => {
    const pid = run.gatewayPid()!;
    const seen = run.events.length;
    const stoppedAt = Date.now();
    process.kill(pid, 'SIGSTOP');
    await run.waitForEvent((e) => e.type === 'hung' && run.events.indexOf(e) >= seen, 60_000, 'hung detected');
    await waitUntil(() => !isAlive(pid), 60_000, 'hung gateway gone');
    assert.ok(Date.now() - stoppedAt < 90_000, `gone after ${Date.now() - stoppedAt} ms`);
    await run.waitForEvent((e) => e.type === 'recovered' && run.events.indexOf(e) >= seen, 120_000, 'recovered');
  });
});
