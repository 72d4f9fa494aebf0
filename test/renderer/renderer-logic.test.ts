// The window's logic without a browser: words (both languages complete), formats, availability from
// incidents, an incident's steps, export, the Settings form (only what changed is sent, refusals land
// beside their fields), the case editor (round trip, problems by line), the health looks, the filters.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RuntimeStatus } from '../../src/shared/api.js';
import type { CaseView } from '../../src/shared/doctor.js';
import { HEALTH_LOOK_SPECS, HEALTH_LOOKS, lookOf, lookSvg } from '../../src/shared/health-look.js';
import type { HistoryEvent } from '../../src/shared/history.js';
import { eventCaseId, eventChannel, eventLevel, historyFilter } from '../../src/shared/history-filter.js';
import { defaultSettings } from '../../src/main/engine/settings/settings.js';
import { GATEWAY_STATES, type Incident } from '../../src/shared/status.js';
import { availability, availabilitySeries, downtime } from '../../src/renderer/availability.js';
import { awaitingReview, caseOrigin, caseToForm, duplicateForm, emptyCaseForm, filterCases, formToDefinition, groupProblems, placeCaseProblem } from '../../src/renderer/case-form.js';
import { eventsToCsv, eventsToJson, exportFileName } from '../../src/renderer/export.js';
import { fmtDuration, fmtPercent, fmtRate, fmtTime } from '../../src/renderer/format.js';
import { eventName, resolveLang, STRINGS } from '../../src/renderer/i18n.js';
import { buildChange, channelRows, fieldForKey, FIELDS, formValues, parseField, placeRefusal, QUIET } from '../../src/renderer/settings-form.js';
import { channelStates, statusLook } from '../../src/renderer/status-look.js';
import { incidentSteps, recordIds, recoveryMs } from '../../src/renderer/timeline.js';

const H = 3600_000;

/** Every leaf of a strings object with its kind, so both languages can be compared shape for shape. */
function shape(v: unknown, path = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) for (const [p, t] of shape(x, `${path}.${k}`)) out.set(p, t);
  else out.set(path, typeof v);
  return out;
}

describe('words', () => {
  it('Chinese has every English string, of the same kind, none empty', () => {
    const en = shape(STRINGS.en);
    const zh = shape(STRINGS.zh);
    assert.deepEqual([...zh.keys()].sort(), [...en.keys()].sort());
    for (const [k, kind] of en) assert.equal(zh.get(k), kind, k);
    const leaves = (o: unknown): unknown[] => (o && typeof o === 'object' ? Object.values(o).flatMap(leaves) : [o]);
    for (const s of leaves(STRINGS.zh)) if (typeof s === 'string') assert.ok(s.length > 0);
    assert.match(STRINGS.zh.tabs.history, /[\u4e00-\u9fff]/);
    assert.match(STRINGS.zh.showing(5, 10), /5.*10/);
  });

  it('the language follows the setting, else the OS', () => {
    assert.equal(resolveLang('zh', ['en-US']), 'zh');
    assert.equal(resolveLang('en', ['zh-CN']), 'en');
    assert.equal(resolveLang('auto', ['zh-CN', 'en']), 'zh');
    assert.equal(resolveLang('auto', ['zh-Hant-TW']), 'zh');
    assert.equal(resolveLang(undefined, ['de-DE']), 'en');
    assert.equal(resolveLang('auto', []), 'en');
  });

  it('events are named in both languages; transitions name both states', () => {
    const e: HistoryEvent = { ts: 1, type: 'state', from: 'healthy', to: 'down', reason: 'x' };
    assert.equal(eventName(e, 'en'), 'Healthy → Down');
    assert.equal(eventName(e, 'zh'), '健康 → 宕机');
    assert.equal(eventName({ ts: 1, type: 'doctor', reason: 'r', details: { phase: 'rollback', caseId: 'c', recordId: 'r', rolledBack: [] } }, 'zh'), '已回滚');
    assert.equal(eventName({ ts: 1, type: 'alert', reason: 'r', details: { channel: 'ops', ok: true, text: 'ok', alerts: 1 } }, 'en'), 'alert');
  });
});

describe('formats', () => {
  it('durations, percentages, rates', () => {
    assert.equal(fmtDuration(450, 'en'), '450 ms');
    assert.equal(fmtDuration(12_400, 'en'), '12 s');
    assert.equal(fmtDuration(12_400, 'zh'), '12 秒');
    assert.equal(fmtDuration(5 * 60_000, 'en'), '5 min');
    assert.equal(fmtDuration(3 * H + 5 * 60_000, 'zh'), '3 小时 5 分钟');
    assert.equal(fmtDuration(50 * H, 'en'), '2 d 2 h');
    assert.equal(fmtPercent(1), '100 %');
    assert.equal(fmtPercent(0.99951), '99.95 %', 'never rounded up to look better');
    assert.equal(fmtPercent(0.999999), '99.99 %');
    assert.equal(fmtRate(4, 5), '80 % (4/5)');
    assert.equal(fmtRate(0, 0), '—');
    assert.equal(fmtTime(Date.UTC(2026, 0, 2, 3, 4, 5), 'en', 'UTC'), '02/01/2026, 03:04:05');
    assert.match(fmtTime(Date.UTC(2026, 0, 2, 3, 4, 5), 'zh', 'UTC'), /2026\/01\/02 03:04:05/);
  });
});

describe('availability from incidents', () => {
  const now = 100 * H;
  const inc = (openedAt: number, closedAt?: number): Incident => ({ id: `i${openedAt}`, openedAt, ...(closedAt !== undefined ? { closedAt } : {}), cause: 'x', restarts: 1 });

  it('merges overlaps, clips to the range, counts an open incident until now', () => {
    assert.deepEqual(downtime([inc(10 * H, 11 * H), inc(10.5 * H, 12 * H), inc(50 * H, 51 * H)], 0, now), [
      [10 * H, 12 * H],
      [50 * H, 51 * H],
    ]);
    assert.deepEqual(downtime([inc(now - H)], now - 2 * H, now), [[now - H, now]]);
    const a = availability([inc(now - 2 * H, now - H)], now - 24 * H, now);
    assert.equal(a.downMs, H);
    assert.equal(a.ratio, 23 / 24);
    assert.equal(a.incidents, 1);
    assert.equal(a.mttrMs, H);
    assert.equal(availability([], now - 24 * H, now).ratio, 1);
  });

  it('a series per bucket; nothing before ClawDoc first watched', () => {
    const s = availabilitySeries([inc(now - 90 * 60_000, now - 60 * 60_000)], '24h', now, now - 3 * H);
    assert.equal(s.x.length, 24);
    assert.equal(s.y.filter((v) => v === null).length, 21, 'the first 21 hours were never observed');
    assert.equal(s.y[22], 50, 'half of that hour was down');
    assert.equal(s.y[23], 100);
    assert.equal(availabilitySeries([], '30d', now).x.length, 30);
    assert.equal(availabilitySeries([], '7d', now).x.length, 28);
  });
});

describe('an incident\'s steps', () => {
  const incident: Incident = { id: 'inc1', openedAt: 1000, closedAt: 21_000, cause: 'gateway exited with code 78', restarts: 1, resolution: 'recovered' };
  const events: HistoryEvent[] = [
    { ts: 1000, type: 'exited', reason: 'exited 78', incidentId: 'inc1' },
    { ts: 1200, type: 'restart', reason: 'restarted', incidentId: 'inc1' },
    { ts: 1500, type: 'doctor', reason: 'diagnosed', details: { phase: 'diagnosis', recordId: 'r1', candidates: [{ caseId: 'config-missing-mode', confidence: 0.95, reason: 'sig', lines: [], exact: true }], diagnoseMs: 42 }, incidentId: 'inc1' },
    { ts: 1600, type: 'doctor', reason: 'applying', details: { phase: 'apply', caseId: 'config-missing-mode', action: { type: 'set-config-key', key: 'gateway.mode', value: 'local' }, recordId: 'r1', auto: true }, incidentId: 'inc1' },
    { ts: 9000, type: 'doctor', reason: 'verified', details: { phase: 'verified', caseId: 'config-missing-mode', recordId: 'r1', changeIds: ['c1'] }, incidentId: 'inc1' },
    { ts: 9500, type: 'alert', reason: 'ops: not delivered', details: { channel: 'ops', ok: false, text: 'DingTalk: sign not match', alerts: 1 }, incidentId: 'inc1' },
    { ts: 21_000, type: 'recovered', reason: 'healthy again', details: { incidentId: 'inc1', downtimeMs: 20_000 } },
    { ts: 30_000, type: 'restart', reason: 'another incident', incidentId: 'inc2' },
  ];

  it('detected, restarted, diagnosed, fixed, verified, alerted, recovered — each after detection', () => {
    const steps = incidentSteps(incident, events);
    assert.deepEqual(
      steps.map((s) => [s.kind, s.afterMs]),
      [
        ['detected', 0],
        ['restarted', 200],
        ['diagnosed', 500],
        ['fixed', 600],
        ['verified', 8000],
        ['alerted', 8500],
        ['recovered', 20_000],
      ],
    );
    assert.equal(steps.find((s) => s.kind === 'diagnosed')?.durationMs, 42);
    assert.equal(steps.find((s) => s.kind === 'alerted')?.ok, false);
    assert.equal(steps.at(-1)?.durationMs, 20_000);
    assert.deepEqual(recordIds(events), ['r1']);
    assert.equal(recoveryMs(incident, 99_999), 20_000);
  });

  it('an incident closed without a recovered event still ends recovered; an open one does not', () => {
    assert.equal(incidentSteps(incident, []).at(-1)?.kind, 'recovered');
    assert.equal(incidentSteps({ ...incident, closedAt: undefined }, []).length, 1);
  });
});

describe('export', () => {
  it('CSV quotes what needs it and defuses spreadsheet formulas; JSON is the events', () => {
    const events: HistoryEvent[] = [
      { ts: Date.UTC(2026, 0, 1), type: 'state', from: 'healthy', to: 'down', reason: 'said "no", then quit', incidentId: 'i1' },
      { ts: Date.UTC(2026, 0, 1), type: 'info', reason: '=HYPERLINK("http://evil")' },
      { ts: Date.UTC(2026, 0, 1), type: 'doctor', reason: 'line1\nline2', details: { phase: 'verified', caseId: 'c1', recordId: 'r', changeIds: [] } },
      { ts: Date.UTC(2026, 0, 1), type: 'alert', reason: '@ops', details: { channel: 'ops', ok: true, text: 't', alerts: 1 } },
    ];
    const lines = eventsToCsv(events).split('\r\n');
    assert.equal(lines[0], 'time,type,level,from,to,reason,incident,case,channel');
    assert.equal(lines[1], '2026-01-01T00:00:00.000Z,state,critical,healthy,down,"said ""no"", then quit",i1,,');
    assert.ok(lines[2]!.includes(`"'=HYPERLINK(""http://evil"")"`), lines[2]);
    assert.ok(lines[3]!.startsWith('2026-01-01T00:00:00.000Z,doctor:verified,ok,,,"line1\nline2",,c1,'));
    assert.ok(lines[4]!.endsWith(",'@ops,,,ops"), lines[4]);
    assert.deepEqual(JSON.parse(eventsToJson(events)), events);
    assert.match(exportFileName('csv', Date.now()), /^clawdoc-history-\d{8}-\d{4}\.csv$/);
  });
});

describe('the Settings form', () => {
  const settings = defaultSettings();
  settings.alerts.channels = [{ name: 'ops', type: 'feishu', url: 'https://open.feishu.cn/open-apis/bot/v2/hook/***', enabled: true, signed: true, keywords: ['ClawDoc'], mentionAll: false, timeoutSec: 10 }];

  it('sends only what changed, typed; quiet hours as one setting; a changed channel list whole, unknown fields kept', () => {
    const initial = formValues(settings);
    assert.equal(initial['watch.intervalSec'], '5');
    assert.equal(initial['restart.backoffSec'], '10, 30, 90, 180, 600');
    assert.equal(initial[QUIET.on], false);
    const rows = channelRows(settings);
    assert.deepEqual(buildChange(initial, { ...initial }, rows, rows).change, {});
    const current = { ...initial, 'watch.intervalSec': '2.5', 'restart.backoffSec': '5，10 20', 'doctor.enabled': false, 'gateway.port': '18790', [QUIET.on]: true, [QUIET.start]: '23:00' };
    const next = [...rows.map((r) => ({ ...r, enabled: false })), { name: 'hook', type: 'webhook' as const, url: 'http://127.0.0.1:9/x', enabled: true, signed: false, secret: '' }];
    const built = buildChange(initial, current, rows, next);
    assert.deepEqual(built.problems, {});
    assert.deepEqual(built.change, {
      'gateway.port': 18790,
      'watch.intervalSec': 2.5,
      'restart.backoffSec': [5, 10, 20],
      'doctor.enabled': false,
      'alerts.policy.quietHours': { start: '23:00', end: '08:00' },
      'alerts.channels': [
        { ...settings.alerts.channels[0], enabled: false },
        { name: 'hook', type: 'webhook', url: 'http://127.0.0.1:9/x', enabled: true, signed: false },
      ],
    });
    assert.deepEqual(built.secrets, {}, 'no secret typed: none sent');
    assert.deepEqual(built.restartKeys, ['gateway.port'], 'the gateway port applies when the watcher restarts');
    assert.equal(buildChange(initial, { ...initial, [QUIET.on]: true }, rows, rows).change['alerts.policy.quietHours'] !== undefined, true);
    assert.deepEqual(buildChange({ ...initial, [QUIET.on]: true }, { ...initial, [QUIET.on]: false }, rows, rows).change, { 'alerts.policy.quietHours': null });
  });

  it('a secret typed for a signed channel is sent apart from the settings, trimmed; an unsigned row sends none', () => {
    const initial = formValues(settings);
    const rows = channelRows(settings);
    assert.equal(rows[0]!.signed, true);
    assert.equal(rows[0]!.secret, '', 'a stored secret is never loaded into the form');
    const typed = [{ ...rows[0]!, secret: '  SEC-abc  ' }, { name: 'plain', type: 'webhook' as const, url: 'http://127.0.0.1:9/y', enabled: true, signed: false, secret: 'ignored' }];
    const built = buildChange(initial, initial, rows, typed);
    assert.deepEqual(built.secrets, { ops: 'SEC-abc' });
    assert.ok(!JSON.stringify(built.change).includes('SEC-abc'), 'the secret is not part of the settings change');
    assert.deepEqual(buildChange(initial, initial, rows, [{ ...rows[0]!, secret: 'x' }]).change, {}, 'only a secret: the settings are unchanged');
  });

  it('refuses what is not a number before sending anything', () => {
    const spec = (key: string) => FIELDS.find((f) => f.key === key)!;
    assert.deepEqual(parseField(spec('watch.intervalSec'), 'soon'), { problem: 'number' });
    assert.deepEqual(parseField(spec('watch.failuresBeforeAction'), '2.5'), { problem: 'int' });
    assert.deepEqual(parseField(spec('gateway.port'), ''), { problem: 'required' });
    assert.deepEqual(parseField(spec('restart.backoffSec'), '10, x'), { problem: 'int-list' });
    assert.deepEqual(parseField(spec('watch.intervalSec'), ' .5 '), { value: 0.5 });
    const initial = formValues(settings);
    const built = buildChange(initial, { ...initial, 'watch.intervalSec': 'soon', 'watch.memoryWarnMb': '2048' }, [], []);
    assert.deepEqual(built.problems, { 'watch.intervalSec': 'number' });
  });

  it('puts each refusal beside its field', () => {
    assert.equal(fieldForKey('watch.intervalSec'), 'watch.intervalSec');
    assert.equal(fieldForKey('alerts.channels.2.url'), 'channel.2.url');
    assert.equal(fieldForKey('alerts.channels.0.signed'), 'channel.0.url');
    assert.equal(fieldForKey('alerts.policy.quietHours.end'), QUIET.end);
    assert.equal(fieldForKey('restart.backoffSec.3'), 'restart.backoffSec');
    assert.equal(fieldForKey('watch.somethingElse'), 'form');
    assert.deepEqual(
      placeRefusal('settings: "watch.intervalSec": Too small: expected number to be >=0.2; "alerts.channels.0.url": channel "ops": url is not a valid URL', ['watch.intervalSec', 'alerts.channels.0.url']),
      { 'watch.intervalSec': 'Too small: expected number to be >=0.2', 'channel.0.url': 'channel "ops": url is not a valid URL' },
    );
    assert.deepEqual(placeRefusal('unknown key "watch.bogus"', ['watch.bogus']), { form: 'unknown key "watch.bogus"' });
  });
});

describe('the case editor', () => {
  const view: CaseView = {
    id: 'my-case',
    title: { en: 'Mine', zh: '我的' },
    description: { en: 'd', zh: 'd' },
    severity: 'high',
    match: { signatures: ['boom'], patterns: ['gateway (exploded|melted)', 'code \\d+'], exitCodes: [1, 78], failing: [], findings: [], causes: ['breaker'], keywords: ['oom'] },
    fix: [{ type: 'restart-gateway' }],
    priority: 5,
    enabled: true,
    approval: 'auto',
    attempts: 0,
    successes: 0,
    references: [],
    origin: 'user',
    builtin: false,
    overridesBuiltin: false,
    provenance: 'user',
    safety: 'auto',
    fixSafety: [{ action: 'restart-gateway', risk: 'safe', reasons: [] }],
    stats: { attempts: 4, successes: 3, successRate: 0.75 },
  };

  it('a case survives the form; a duplicate gets a free id', () => {
    const { definition, problems } = formToDefinition(caseToForm(view));
    assert.deepEqual(problems, []);
    assert.deepEqual(definition, { id: view.id, title: view.title, description: view.description, severity: 'high', priority: 5, enabled: true, approval: 'auto', match: view.match, fix: view.fix });
    assert.equal(duplicateForm(view, new Set(['my-case', 'my-case-copy'])).id, 'my-case-copy2');
    assert.equal(emptyCaseForm().severity, 'medium');
  });

  it('its own problems (fix JSON, exit codes) and the runtime\'s land on their fields, patterns by line', () => {
    const { problems } = formToDefinition({ ...caseToForm(view), fix: '[{', exitCodes: '1, x' });
    assert.deepEqual(problems.map((p) => p.key).sort(), ['fix', 'match.exitCodes']);
    assert.deepEqual(placeCaseProblem({ key: 'match.patterns.1', message: 'bad' }), { field: 'patterns', line: 1 });
    assert.deepEqual(placeCaseProblem({ key: 'title.zh', message: 'x' }), { field: 'titleZh' });
    assert.deepEqual(placeCaseProblem({ key: 'fix.0.key', message: 'x' }), { field: 'fix' });
    assert.deepEqual(placeCaseProblem({ key: '(root)', message: 'x' }), { field: 'form' });
    const g = groupProblems([
      { key: 'match.patterns.2', message: 'invalid regex' },
      { key: 'id', message: 'ids are …' },
    ]);
    assert.equal(g.patternLines.get(2), 'invalid regex');
    assert.deepEqual(g.byField.id, ['ids are …']);
    // An empty line between patterns keeps the numbering, so the problem lands on the right line.
    assert.deepEqual((formToDefinition({ ...caseToForm(view), patterns: 'a\n\nb\n' }).definition.match as { patterns: string[] }).patterns, ['a', '', 'b']);
  });

  it('search in both languages; origin and review', () => {
    const other = { ...view, id: 'disk', title: { en: 'Disk full', zh: '磁盘已满' }, match: { ...view.match, keywords: ['ENOSPC'] } };
    assert.deepEqual(filterCases([view, other], '磁盘').map((c) => c.id), ['disk']);
    assert.deepEqual(filterCases([view, other], 'enospc DISK').map((c) => c.id), ['disk']);
    assert.equal(filterCases([view, other], '  ').length, 2);
    assert.equal(caseOrigin({ ...view, builtin: true, origin: 'builtin' }), 'builtin');
    assert.equal(caseOrigin({ ...view, origin: 'learned' } as CaseView), 'learned');
    assert.equal(awaitingReview({ ...view, enabled: false, origin: 'learned' } as CaseView), true);
    assert.equal(awaitingReview({ ...view, origin: 'learned' } as CaseView), false);
  });
});

describe('health looks (shared with the tray)', () => {
  it('every state has a look; five looks, each its own shape and colour', () => {
    for (const s of GATEWAY_STATES) assert.ok(HEALTH_LOOKS.includes(lookOf(s)), s);
    assert.deepEqual(
      GATEWAY_STATES.map((s) => [s, lookOf(s)]),
      [
        ['starting', 'working'],
        ['healthy', 'healthy'],
        ['degraded', 'degraded'],
        ['down', 'down'],
        ['recovering', 'working'],
        ['escalated', 'down'],
        ['paused', 'paused'],
      ],
    );
    assert.equal(lookOf(undefined), 'paused');
    assert.equal(lookOf(null), 'paused');
    const specs = HEALTH_LOOKS.map((l) => HEALTH_LOOK_SPECS[l]);
    assert.equal(new Set(specs.map((s) => s.shape)).size, 5);
    assert.equal(new Set(specs.map((s) => s.colour.light)).size, 5);
    assert.equal(new Set(specs.map((s) => s.svg)).size, 5);
    for (const s of specs) {
      assert.match(s.colour.light, /^#[0-9a-f]{6}$/);
      assert.ok(s.label.en && /[\u4e00-\u9fff]/.test(s.label.zh));
      assert.match(lookSvg(s.look), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg".*<\/svg>$/);
    }
  });

  it('the Status page\'s look: the watcher\'s state, else a fresh probe; channels from /readyz', () => {
    const base = { target: 'default', watching: true, gateway: { state: 'escalated' }, doctor: {}, alerts: { channels: [] }, problems: [], dataDir: '/x' } as unknown as RuntimeStatus;
    assert.equal(statusLook(base), 'down');
    assert.equal(statusLook({ ...base, watching: false, liveProbe: { verdict: 'healthy', at: 0, latencyMs: 1 } }), 'healthy');
    assert.equal(statusLook({ ...base, watching: false, liveProbe: { verdict: 'refused', at: 0, latencyMs: 1 } }), 'down');
    assert.equal(statusLook(null), 'paused');
    assert.deepEqual(channelStates(['telegram', 'agent-database:main', 'startup-sidecars', 'feishu']), { failingChannels: ['telegram', 'feishu'], other: ['agent-database:main', 'startup-sidecars'] });
  });
});

describe('history filters (shared by the runtime and the window)', () => {
  const events: HistoryEvent[] = [
    { ts: 1, type: 'state', from: 'healthy', to: 'down', reason: '' },
    { ts: 2, type: 'restart', reason: '', incidentId: 'i1' },
    { ts: 3, type: 'doctor', reason: '', details: { phase: 'diagnosis', recordId: 'r', candidates: [{ caseId: 'heap-oom', confidence: 1, reason: '', lines: [], exact: true }], diagnoseMs: 1 }, incidentId: 'i1' },
    { ts: 4, type: 'doctor', reason: '', details: { phase: 'gave-up', recordId: 'r' } },
    { ts: 5, type: 'alert', reason: '', details: { channel: 'ops', ok: false, text: '', alerts: 1 }, incidentId: 'i1' },
    { ts: 6, type: 'recovered', reason: '', details: { incidentId: 'i1' } },
  ];
  it('levels, case, channel, incident, time', () => {
    assert.deepEqual(events.map(eventLevel), ['critical', 'warning', 'info', 'critical', 'warning', 'ok']);
    assert.equal(eventCaseId(events[2]!), 'heap-oom');
    assert.equal(eventChannel(events[4]!), 'ops');
    const pick = (q: Parameters<typeof historyFilter>[0]) => events.filter(historyFilter(q)).map((e) => e.ts);
    assert.deepEqual(pick({ levels: ['critical'] }), [1, 4]);
    assert.deepEqual(pick({ caseId: 'heap-oom' }), [3]);
    assert.deepEqual(pick({ channel: 'ops' }), [5]);
    assert.deepEqual(pick({ incidentId: 'i1' }), [2, 3, 5, 6], 'a recovery names its incident in its details');
    assert.deepEqual(pick({ since: 2, until: 4, types: ['doctor'] }), [3, 4]);
    assert.deepEqual(pick({}), [1, 2, 3, 4, 5, 6]);
  });
});
