// The doctor looks at every crash from the first one (the watchdog awaits it before deciding on a
// restart): a recognised cause whose fix is more than a restart is escalated at once; a kill or a
// cause a restart fixes anyway is left to the watchdog. Fake watchdog, real cases and evidence.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Doctor } from '../../../../src/main/engine/doctor/doctor.js';
import { validateSettings } from '../../../../src/main/engine/settings/settings.js';
import type { CrashReport, CrashVerdict } from '../../../../src/main/engine/watchdog/watchdog.js';
import { doctorOnFakeWatchdog } from './fake-watchdog.js';

const NODE_TOO_OLD = [
  'openclaw: Node 20.20.2: node:sqlite is unavailable; use 24.16+/26.1+ or a build with the fix.',
  'If you use nvm, run:',
  '  nvm install 26',
  '  nvm use 26',
];

function setup() {
  const t = doctorOnFakeWatchdog();
  const crash = (c: Partial<CrashReport>): Promise<CrashVerdict | undefined> =>
    t.wd.hooks.afterCrash!({ at: Date.now(), reason: 'gateway exited with code 1', exitCode: 1, signal: null, lastOutput: [], ...c });
  return { ...t, crash };
}

test('the doctor hooks into every crash', () => {
  const t = setup();
  assert.equal(typeof t.wd.hooks.afterCrash, 'function');
  assert.equal(typeof t.wd.hooks.beforeStart, 'function');
  t.doctor.dispose();
});

test('OpenClaw on a too-old Node: recognised at the first exit, escalated at once', async () => {
  const t = setup();
  const started = performance.now();
  const v = await t.crash({ lastOutput: NODE_TOO_OLD });
  assert.equal(v?.caseId, 'node-unsupported');
  assert.ok(performance.now() - started < 2000, 'quick: the restart waits for it');
  const e = t.events.find((x) => x.type === 'doctor' && (x.details as { phase?: string }).phase === 'exit-diagnosis');
  assert.match(e?.reason ?? '', /node-unsupported/);
  t.doctor.dispose();
});

test('a deleted config explains even a kill: escalated for the config fix', async () => {
  const t = setup();
  rmSync(t.configPath);
  const v = await t.crash({ exitCode: null, signal: 'SIGKILL', lastOutput: ['[gateway] ready'] });
  assert.equal(v?.caseId, 'config-file-missing');
  t.doctor.dispose();
});

test('a plain kill, an unknown error, or a cause a restart fixes: left to the watchdog', async () => {
  const t = setup();
  assert.equal(await t.crash({ exitCode: null, signal: 'SIGKILL', lastOutput: ['[gateway] ready', '[gateway] listening on ws://127.0.0.1:18790'] }), undefined);
  assert.equal(await t.crash({ lastOutput: ['Error: something no case knows'] }), undefined);
  // The heap OOM case's fix is a restart: what the watchdog does anyway.
  assert.equal(await t.crash({ exitCode: 134, lastOutput: ['FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory'] }), undefined);
  // A kill is not explained by what the gateway printed before it.
  assert.equal(await t.crash({ exitCode: null, signal: 'SIGKILL', lastOutput: NODE_TOO_OLD }), undefined);
  t.doctor.dispose();
});

test('with the doctor disabled nothing is escalated by it', async () => {
  const t = setup();
  t.doctor.dispose();
  const d = new Doctor({
    settings: validateSettings({ doctor: { enabled: false } }),
    dataDir: join(t.dir, 'data2'),
    configPath: t.configPath,
    stateDir: join(t.dir, 'state'),
    fileLogDir: join(t.dir, 'logs'),
    watchdog: t.wd,
    manager: { mode: 'child', pid: () => undefined, lastOutput: async () => [] },
    portHolder: async () => null,
  });
  d.start();
  assert.equal(await t.crash({ lastOutput: NODE_TOO_OLD }), undefined);
  d.dispose();
});
