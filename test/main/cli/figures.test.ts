// Figures that tell the truth: `clawdoc stats` counts the watcher's incidents (every recovery, with its
// duration) and not manual diagnoses; `status` shows the latest probe (written cheaply at every probe);
// `clawdoc history | head -2` ends quietly.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it, mock } from 'node:test';
import { promisify } from 'node:util';
import { formatStatus } from '../../../src/main/cli/cli-format.js';
import type { ExitInfo, GatewayManager, RestartOutcome } from '../../../src/main/engine/manage/manager.js';
import type { ProcessSampler } from '../../../src/main/engine/gateway/processes.js';
import { defaultSettings, validateSettings } from '../../../src/main/engine/settings/settings.js';
import { History } from '../../../src/main/engine/store/history-log.js';
import { StateFile, type PersistedState } from '../../../src/main/engine/store/state-file.js';
import { Watchdog } from '../../../src/main/engine/watchdog/watchdog.js';
import type { ProbeVerdict, WatchEvent } from '../../../src/shared/status.js';
import { CLAWDOC_BIN, waitUntil } from '../../helpers/gateway.js';

const exec = promisify(execFile);

async function clawdoc(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await exec(process.execPath, [CLAWDOC_BIN, ...args], { env: { ...process.env, NODE_TEST_CONTEXT: undefined } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A service-mode gateway whose health the test scripts; a restart makes it healthy again after `bootMs`. */
class ScriptedService implements GatewayManager {
  readonly mode = 'service' as const;
  readonly canRestart = true;
  verdict: ProbeVerdict = 'healthy';
  bootMs = 0;
  pid() {
    return undefined;
  }
  startedAt() {
    return undefined;
  }
  async start() {
    return this.restart();
  }
  async restart(): Promise<RestartOutcome> {
    setTimeout(() => (this.verdict = 'healthy'), this.bootMs);
    return { ok: true, via: 'systemctl --user restart openclaw-gateway.service' };
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

class CountingStateFile extends StateFile {
  writes = 0;
  probes = 0;
  override write(state: PersistedState): void {
    this.writes++;
    super.write(state);
  }
  override writeProbe(beat: Parameters<StateFile['writeProbe']>[0]): void {
    this.probes++;
    super.writeProbe(beat);
  }
}

const noSampler = { sample: async () => undefined } as unknown as ProcessSampler;

describe('figures', () => {
  afterEach(() => mock.timers.reset());

  it('stats: two watchdog recoveries give 2 incidents and their mean time to recovery; manual diagnoses are not incidents', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clawdoc-fig-'));
    const manager = new ScriptedService();
    const events: WatchEvent[] = [];
    const wd = new Watchdog({
      settings: validateSettings({ watch: { intervalSec: 0.2, retryIntervalSec: 0.1, probeTimeoutSec: 0.2, osRestartGraceSec: 0, statsIntervalSec: 60 }, restart: { backoffSec: [0.2] } }),
      manager,
      history: new History(dir),
      stateFile: new StateFile(dir),
      probe: async () => ({ verdict: manager.verdict, at: Date.now(), latencyMs: 1 }),
      portHolder: async () => null,
      sampler: noSampler,
    });
    wd.on('event', (e) => events.push(e));
    await wd.start();
    await waitUntil(() => events.find((e) => e.type === 'state' && e.to === 'healthy'), 5000, 'healthy');
    for (const bootMs of [300, 900]) {
      const before = events.filter((e) => e.type === 'recovered').length;
      manager.bootMs = bootMs;
      manager.verdict = 'refused';
      await waitUntil(() => events.filter((e) => e.type === 'recovered').length > before, 10_000, 'recovered');
    }
    await wd.stop();
    for (const args of [['diagnose', 'Error: listen EADDRINUSE: address already in use 127.0.0.1:18789'], ['diagnose']]) {
      const d = await clawdoc([...args, '--data-dir', dir]);
      assert.equal(d.code, 0, d.stderr);
    }
    const r = await clawdoc(['stats', '--json', '--data-dir', dir]);
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout) as { incidents: number; recovered: number; open: number; manualDiagnoses: number; doctorIncidents: number; meanTimeToRecoveryMs: number | null; medianTimeToRecoveryMs: number | null };
    assert.equal(s.incidents, 2, 'the two recoveries, not the two manual diagnoses');
    assert.equal(s.recovered, 2);
    assert.equal(s.open, 0);
    assert.equal(s.manualDiagnoses, 2);
    assert.equal(s.doctorIncidents, 0);
    const durations = new History(dir).incidents.readAll().map((i) => i.closedAt! - i.openedAt);
    assert.equal(durations.length, 2);
    assert.equal(s.meanTimeToRecoveryMs, Math.round((durations[0]! + durations[1]!) / 2));
    assert.ok(s.meanTimeToRecoveryMs! >= 600, `MTTR ${s.meanTimeToRecoveryMs} ms`);
    const text = await clawdoc(['stats', '--data-dir', dir]);
    assert.match(text.stdout, /Incidents: 2 \(2 recovered, 0 open\)/);
    assert.match(text.stdout, /Mean time to recovery: \d+s \(median [\d.]+s, over 2 recoveries\)/);
    assert.match(text.stdout, /2 diagnoses \(2 manual\)/);
  });

  it('status: with the default 5 s probes the last probe is at most 5 s old, while state.json is written only on changes and the 30 s heartbeat', async () => {
    mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'], now: 1_700_000_000_000 });
    const dir = mkdtempSync(join(tmpdir(), 'clawdoc-fig-'));
    const manager = new ScriptedService();
    const stateFile = new CountingStateFile(dir);
    const wd = new Watchdog({ settings: defaultSettings(), manager, history: new History(dir), stateFile, probe: async () => ({ verdict: manager.verdict, at: Date.now(), latencyMs: 3 }), portHolder: async () => null, sampler: noSampler });
    const step = async (ms: number) => {
      for (let t = 0; t < ms; t += 100) {
        mock.timers.tick(100);
        for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
      }
    };
    await wd.start();
    await step(10_000);
    assert.equal(wd.getState(), 'healthy');
    const writes = stateFile.writes;
    const probes = stateFile.probes;
    for (let k = 0; k < 12; k++) {
      await step(4_700 + k * 50); // read at odd moments between probes
      const s = new StateFile(dir).read()!.status!;
      const age = Date.now() - s.lastProbe!.at;
      assert.ok(age <= 5_000, `last probe ${age} ms old`);
      assert.match(formatStatus(s, true, Date.now()).join('\n'), /last probe healthy \(3 ms, [0-5]s ago\)/);
    }
    assert.ok(stateFile.probes - probes >= 11, `probe.json written at every probe (${stateFile.probes - probes})`);
    assert.ok(stateFile.writes - writes <= 3, `state.json written ${stateFile.writes - writes} times in a minute without changes`);
    await wd.stop();
  });

  it('`clawdoc history | head -2` ends quietly (no EPIPE stack trace)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clawdoc-fig-'));
    const h = new History(dir);
    for (let i = 0; i < 5000; i++) h.events.append({ ts: 1_700_000_000_000 + i, type: 'info', reason: `event ${i} ${'x'.repeat(60)}` });
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLAWDOC_BIN}" history --limit 5000 --data-dir "${dir}" | head -2`], { encoding: 'utf8', env: { ...process.env, NODE_TEST_CONTEXT: undefined } });
    assert.equal(r.stdout.split('\n').filter(Boolean).length, 2);
    assert.equal(r.stderr, '', 'nothing on stderr');
    assert.equal(r.status, 0, 'clawdoc exits 0 when its reader leaves');
  });
});
