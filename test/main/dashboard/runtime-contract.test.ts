// What the window added to the contract, on the real runtime (offline, a data dir of its own): history
// filtered by level, case and channel (and kept parsed while the file is unchanged), alert deliveries in
// the history, the doctor's records, a case checked without saving it, settings edited from a masked
// view (the real webhook URL kept, a masked one never saved), the OpenClaw profile shown.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ClawDocEvent } from '../../../src/shared/api.js';
import type { DoctorRecord } from '../../../src/shared/doctor.js';
import type { HistoryEvent } from '../../../src/shared/history.js';
import { ClawDocRuntime } from '../../../src/main/engine/runtime/runtime.js';
import { DoctorRecords } from '../../../src/main/engine/doctor/records.js';
import { History } from '../../../src/main/engine/store/history-log.js';
import { loadSettings } from '../../../src/main/engine/settings/settings.js';
import { seedHistory } from '../../../bench/window-bench.js';

function runtime(settingsFile?: unknown): { rt: ClawDocRuntime; dataDir: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'clawdoc-contract-'));
  if (settingsFile) writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(settingsFile), { mode: 0o600 });
  return { rt: ClawDocRuntime.offline({ dataDir, settings: loadSettings(dataDir).settings }), dataDir };
}

describe('history for the window', () => {
  it('filters by level, case and channel, newest first, paged with the total', async () => {
    const { rt, dataDir } = runtime();
    const seeded = seedHistory(dataDir, 2000, Date.now());
    const all = await rt.history({ limit: 5 });
    assert.equal(all.total, seeded.events);
    assert.ok(all.items[0]!.ts >= all.items[4]!.ts, 'newest first');
    const critical = await rt.history({ levels: ['critical'], limit: 10 });
    assert.equal(critical.total, 0, 'the seed has no critical event');
    const warnings = await rt.history({ levels: ['warning'], limit: 10, offset: 5 });
    assert.equal(warnings.total, seeded.incidents * 3, 'exit, recovering, restart per incident');
    assert.equal(warnings.offset, 5);
    const oom = await rt.history({ caseId: 'heap-oom', limit: 1000 });
    assert.ok(oom.total > 0 && oom.items.every((e) => e.type === 'doctor' && 'caseId' in e.details ? e.details.caseId === 'heap-oom' : e.type === 'doctor'));
    const oncall = await rt.history({ channel: 'oncall', limit: 1000 });
    assert.ok(oncall.total > 0 && oncall.items.every((e) => e.type === 'alert' && e.details.channel === 'oncall'));
    const one = await rt.history({ incidentId: oncall.items[0]!.incidentId!, limit: 100 });
    assert.deepEqual(one.items.map((e) => e.type).reverse(), ['exited', 'state', 'restart', 'doctor', 'doctor', 'alert', 'recovered']);
  });

  it('sees an event appended after a query (the parsed copy follows the file)', async () => {
    const { rt, dataDir } = runtime();
    seedHistory(dataDir, 100, Date.now() - 60_000);
    assert.equal((await rt.history({ limit: 1 })).total, 100);
    const e: HistoryEvent = { ts: Date.now(), type: 'info', reason: 'appended' };
    new History(dataDir).events.append(e);
    const after = await rt.history({ limit: 1 });
    assert.equal(after.total, 101);
    assert.deepEqual(after.items[0], e);
  });

  it('an alert delivery is recorded in the history and told to every face', async () => {
    const { rt, dataDir } = runtime();
    const got: ClawDocEvent[] = [];
    rt.subscribe((ev) => got.push(ev));
    (rt as unknown as { onDelivery(d: unknown): void }).onDelivery({ channel: 'ops', at: 42, ok: false, text: 'DingTalk: sign not match (310000)', alerts: 2 });
    const h = await rt.history({ types: ['alert'] });
    assert.deepEqual(h.items, [{ ts: 42, type: 'alert', reason: 'ops: not delivered — DingTalk: sign not match (310000)', details: { channel: 'ops', ok: false, text: 'DingTalk: sign not match (310000)', alerts: 2 } }]);
    assert.equal(got[0]?.kind, 'alert-delivery');
    assert.ok(readFileSync(join(dataDir, 'history.jsonl'), 'utf8').includes('"type":"alert"'));
  });
});

describe('records and cases', () => {
  it('the doctor\'s records by id', async () => {
    const { rt, dataDir } = runtime();
    const rec = (id: string, at: number) =>
      ({ id, at, faultAt: at, evidence: { trigger: 't', lastOutput: [], logLines: [], failing: [], findings: [], sources: [], gatherMs: 1 }, candidates: [], attempts: [], outcome: 'healed', diagnoseMs: 5, finishedAt: at, summary: id }) as DoctorRecord;
    const store = new DoctorRecords(dataDir);
    store.append(rec('r1', 1) as never);
    store.append(rec('r2', 2) as never);
    assert.deepEqual((await rt.records({ ids: ['r1'] })).map((r) => r.id), ['r1']);
    assert.deepEqual((await rt.records()).map((r) => r.id), ['r2', 'r1']);
    assert.deepEqual(await rt.records({ ids: ['nope'] }), []);
  });

  it('checkCase says what is wrong where, and saves nothing', async () => {
    const { rt, dataDir } = runtime();
    const good = { id: 'x-case', title: { en: 'X', zh: '叉' }, description: { en: 'd', zh: 'd' }, severity: 'low', match: { patterns: ['gateway (exploded)'] }, fix: [{ type: 'restart-gateway' }] };
    assert.deepEqual(await rt.checkCase(good), []);
    const bad = await rt.checkCase({ ...good, match: { patterns: ['ok', 'gateway (exploded'] } });
    assert.equal(bad.length, 1);
    assert.equal(bad[0]!.key, 'match.patterns.1');
    assert.match(bad[0]!.message, /invalid regex|parenthes/i);
    assert.deepEqual((await rt.checkCase({ ...good, colour: 'red' })).map((p) => p.key), ['(root)']);
    assert.deepEqual((await rt.checkCase({ ...good, fix: [{ type: 'shell', command: 'rm -rf /' }] })).map((p) => p.key), ['fix']);
    assert.deepEqual((await rt.checkCase({ ...good, title: { en: '' } })).map((p) => p.key).sort(), ['title.en', 'title.zh']);
    assert.equal((await rt.cases()).some((c) => c.id === 'x-case'), false);
    assert.throws(() => readFileSync(join(dataDir, 'cases.json')), /ENOENT/);
  });
});

describe('settings edited from the masked view', () => {
  const url = 'https://open.feishu.cn/open-apis/bot/v2/hook/0123456789abcdef0123';
  const file = { gateway: { env: { OPENCLAW_PROFILE: 'work', OPENAI_API_KEY: 'sk-verysecretvalue' } }, alerts: { channels: [{ name: 'ops', type: 'feishu', url }] } };

  it('shows the profile, hides the rest of the environment and the webhook token', async () => {
    const { rt } = runtime(file);
    const view = (await rt.settings()).settings;
    assert.equal(view.gateway.env.OPENCLAW_PROFILE, 'work');
    assert.equal(view.gateway.env.OPENAI_API_KEY, '***');
    assert.ok(!view.alerts.channels[0]!.url.includes('0123456789abcdef0123'));
  });

  it('a channel sent back with its masked URL keeps the real one; another masked URL is refused, nothing saved', async () => {
    const { rt, dataDir } = runtime(file);
    const shown = (await rt.settings()).settings.alerts.channels;
    await rt.updateSettings({ 'alerts.channels': [{ ...shown[0], enabled: false }] });
    const saved = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as typeof file & { alerts: { channels: { enabled: boolean }[] } };
    assert.equal(saved.alerts.channels[0]!.url, url);
    assert.equal(saved.alerts.channels[0]!.enabled, false);
    const before = readFileSync(join(dataDir, 'settings.json'), 'utf8');
    await assert.rejects(
      rt.updateSettings({ 'watch.memoryWarnMb': 2048, 'alerts.channels': [shown[0], { ...shown[0], name: 'copy' }] }),
      (err: Error & { keys?: string[] }) => err.name === 'SettingsError' && err.keys?.[0] === 'alerts.channels.1.url' && /masked/.test(err.message),
    );
    assert.equal(readFileSync(join(dataDir, 'settings.json'), 'utf8'), before, 'nothing saved half-way');
  });
});
