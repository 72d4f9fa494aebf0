// A damaged file under a running watcher: kept aside by the store, told once to every face (an event,
// the status, the watch's own output), and the rest of the data dir is untouched.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ClawDocEvent } from '../../../../src/shared/api.js';
import { ClawDocRuntime } from '../../../../src/main/engine/runtime/runtime.js';
import { validateSettings } from '../../../../src/main/engine/settings/settings.js';
import { freePort } from '../../../helpers/gateway.js';

test('a damaged proposals.json under a running watcher: kept aside, one problem event, in status, nothing else lost', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'clawdoc-problems-'));
  writeFileSync(join(dataDir, 'proposals.json'), '[{"id": "half');
  const changes = JSON.stringify([{ id: 'c1', at: 1, file: '/x/openclaw.json', beforeHash: null, afterHash: 'h', what: 'set a' }]);
  writeFileSync(join(dataDir, 'changes.json'), changes);
  const events: ClawDocEvent[] = [];
  const lines: string[] = [];
  const settings = validateSettings({ watch: { manage: 'none' }, gateway: { port: await freePort() }, alerts: { enabled: false } });
  const rt = await ClawDocRuntime.watch({ dataDir, settings, onEvent: (e) => events.push(e), log: (l) => lines.push(l) });
  try {
    assert.deepEqual(await rt.proposals({ all: true }), [], 'the damaged list reads as empty');
    assert.deepEqual(await rt.proposals({ all: true }), [], 'and again, without a second report');
    const problems = events.filter((e) => e.kind === 'problem');
    assert.equal(problems.length, 1, 'told once');
    const p = problems[0]!.kind === 'problem' ? problems[0]!.problem : undefined;
    assert.equal(p?.file, 'proposals.json');
    assert.ok(p?.keptAs && existsSync(p.keptAs), 'kept aside');
    assert.equal(readFileSync(p!.keptAs!, 'utf8'), '[{"id": "half', 'with its original bytes');
    assert.equal(lines.filter((l) => l.includes('proposals.json could not be read')).length, 1, 'the watch says so once');
    assert.deepEqual((await rt.status()).problems.map((x) => x.file), ['proposals.json'], 'status shows it');
    assert.equal(readFileSync(join(dataDir, 'changes.json'), 'utf8'), changes, 'nothing else touched');
    assert.equal((await rt.changes()).length, 1);
    assert.equal(readdirSync(dataDir).filter((f) => f.startsWith('proposals.json.corrupt-')).length, 1);
  } finally {
    await rt.stop();
  }
});

test('a broken settings.json at start: the watcher runs on the last good settings and says so to every face', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'clawdoc-problems-'));
  const events: ClawDocEvent[] = [];
  const settings = validateSettings({ watch: { manage: 'none' }, gateway: { port: await freePort() }, alerts: { enabled: false } });
  const message = `${join(dataDir, 'settings.json')}: line 3, column 7: unexpected character; using the last good settings`;
  const rt = await ClawDocRuntime.watch({ dataDir, settings, settingsProblem: message, onEvent: (e) => events.push(e) });
  try {
    const told = events.filter((e) => e.kind === 'problem');
    assert.equal(told.length, 1);
    assert.match(told[0]!.kind === 'problem' ? told[0]!.problem.message : '', /line 3, column 7/);
    assert.deepEqual((await rt.status()).problems.map((p) => p.file), ['settings.json']);
  } finally {
    await rt.stop();
  }
});
