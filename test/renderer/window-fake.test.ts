// The window in headless Chromium against a stand-in runtime with prepared answers (no gateway): the
// paths a healthy test gateway never takes. A fix awaiting approval with its evidence, approved; an
// escalated gateway (red), a paused one (Resume), a hold (OpenClaw update, OpenClaw's breaker), failing channels; an incident's doctor record and file
// changes (Undo); learned cases to review; import refused whole; export; keyboard use; the connection
// lost and found again; a runtime without a watcher.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { ClawDocApi, ClawDocEvent, RuntimeStatus } from '../../src/shared/api.js';
import { createApiClient } from '../../src/shared/api-client.js';
import type { CaseView, ChangeRecord, DoctorRecord, Proposal } from '../../src/shared/doctor.js';
import type { HistoryEvent } from '../../src/shared/history.js';
import { historyFilter } from '../../src/shared/history-filter.js';
import type { Incident, StatusSnapshot } from '../../src/shared/status.js';
import { defaultSettings } from '../../src/main/engine/settings/settings.js';
import { CaseError } from '../../src/main/engine/doctor/cases/case-store.js';
import { startDashboard, type Dashboard } from '../../src/main/dashboard/dashboard-server.js';
import { hasChromium, launchChromium } from './browser.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare function getComputedStyle(el: unknown): any;

const skip = !hasChromium() && 'Debian chromium is not installed (.ci/run installs it)';
const NOW = Date.now();

const incident: Incident = { id: 'inc-1', openedAt: NOW - 3600_000, closedAt: NOW - 3600_000 + 42_000, cause: 'gateway exited with code 78', restarts: 1, resolution: 'recovered' };
const record: DoctorRecord = {
  id: 'rec-1',
  at: incident.openedAt + 500,
  faultAt: incident.openedAt,
  evidence: { trigger: 'exit 78', cause: 'config-refused', exitCode: 78, lastOutput: ['Gateway start blocked: existing config is missing gateway.mode.'], logLines: ['[gateway] refusing to start'], failing: [], findings: [{ code: 'gateway-mode-missing', severity: 'error', key: 'gateway.mode', message: 'gateway.mode is missing', hint: 'set it to local' }], sources: [], gatherMs: 12 },
  candidates: [{ caseId: 'config-missing-mode', confidence: 0.97, reason: 'signature matched', lines: [], exact: true }],
  attempts: [{ caseId: 'config-missing-mode', action: { type: 'set-config-key', key: 'gateway.mode', value: 'local' }, description: 'set gateway.mode = local', startedAt: incident.openedAt + 600, durationMs: 30_000, outcome: 'healed', detail: 'healthy again', changeIds: ['chg-1'], auto: true }],
  outcome: 'healed',
  diagnoseMs: 35,
  finishedAt: incident.openedAt + 40_000,
  summary: 'healed by config-missing-mode',
};
const events: HistoryEvent[] = [
  { ts: incident.openedAt, type: 'exited', reason: 'gateway exited with code 78', details: { code: 78, lastOutput: ['Gateway start blocked'] }, incidentId: 'inc-1' },
  { ts: incident.openedAt + 500, type: 'doctor', reason: 'diagnosed config-missing-mode', details: { phase: 'diagnosis', recordId: 'rec-1', candidates: record.candidates, diagnoseMs: 35 }, incidentId: 'inc-1' },
  { ts: incident.openedAt + 600, type: 'doctor', reason: 'set gateway.mode = local', details: { phase: 'apply', caseId: 'config-missing-mode', action: { type: 'set-config-key', key: 'gateway.mode', value: 'local' }, recordId: 'rec-1', auto: true }, incidentId: 'inc-1' },
  { ts: incident.openedAt + 800, type: 'alert', reason: 'ops: delivered — Feishu: success', details: { channel: 'ops', ok: true, text: 'Feishu: success', alerts: 1 }, incidentId: 'inc-1' },
  { ts: incident.openedAt + 30_600, type: 'doctor', reason: 'verified', details: { phase: 'verified', caseId: 'config-missing-mode', recordId: 'rec-1', changeIds: ['chg-1'] }, incidentId: 'inc-1' },
  { ts: incident.closedAt!, type: 'recovered', reason: 'gateway healthy again after 42s', details: { incidentId: 'inc-1', downtimeMs: 42_000 } },
].reverse() as HistoryEvent[];
const change: ChangeRecord = { id: 'chg-1', at: incident.openedAt + 600, file: '/home/u/.openclaw/openclaw.json', backup: '/data/backups/x', beforeHash: 'a', afterHash: 'b', what: 'set gateway.mode = local', caseId: 'config-missing-mode', recordId: 'rec-1' };
const proposal: Proposal = { id: 'prop-1', createdAt: NOW - 60_000, caseId: 'config-missing-mode', caseTitle: 'gateway.mode is missing', action: { type: 'set-config-key', key: 'gateway.mode', value: 'local' }, description: 'set gateway.mode = local', confidence: 0.97, reason: 'signature matched', recordId: 'rec-1', why: 'autoHeal is off', status: 'pending', expiresAt: NOW + 3600_000 };
const learned = { id: 'learned-oom', title: { en: 'Learned: OOM loop', zh: '学习：内存溢出循环' }, description: { en: 'd', zh: 'd' }, severity: 'high', match: { signatures: [], patterns: ['heap limit'], exitCodes: [], failing: [], findings: [], causes: [], keywords: [] }, fix: [{ type: 'restart-gateway' }], priority: 0, enabled: false, approval: 'always', attempts: 0, successes: 0, references: [], builtin: false, origin: 'learned', overridesBuiltin: false, provenance: 'learned', safety: 'auto', fixSafety: [{ action: 'restart-gateway', risk: 'safe', reasons: [] }], stats: { attempts: 0, successes: 0, successRate: null } } as CaseView;
const builtin = { ...learned, id: 'config-missing-mode', title: { en: 'gateway.mode is missing', zh: '缺少 gateway.mode' }, enabled: true, builtin: true, origin: 'builtin', provenance: 'built-in', stats: { attempts: 5, successes: 4, successRate: 0.8, lastUsedAt: NOW - 3600_000 } } as CaseView;

function snapshot(state: StatusSnapshot['state'], extra: Partial<StatusSnapshot> = {}): StatusSnapshot {
  return { state, since: NOW - 120_000, reason: `gateway is ${state}`, manage: 'child', port: 18789, pid: 4242, updatedAt: NOW, restartsInWindow: 0, crashesInWindow: 0, lastIncident: incident, ...extra };
}

class Fake {
  calls: [string, unknown[]][] = [];
  listeners = new Set<(e: ClawDocEvent) => void>();
  gateway: StatusSnapshot = snapshot('escalated', { escalation: { at: NOW, cause: 'config-refused', reason: 'exit 78', evidence: {} } });
  watching = true;
  proposals = [proposal];
  cases = [builtin, learned];
  changes = [change];
  api: ClawDocApi = createApiClient(async (method, args) => {
    this.calls.push([method, args]);
    return this.answer(method, args);
  });
  emit(e: ClawDocEvent): void {
    for (const l of this.listeners) l(e);
  }
  private answer(method: string, args: unknown[]): unknown {
    switch (method) {
      case 'status':
        return {
          target: 'default',
          watching: this.watching,
          gateway: this.gateway,
          ...(this.watching ? {} : { liveProbe: { verdict: 'refused', at: NOW, latencyMs: 1 } }),
          doctor: { enabled: true, autoHeal: 'off', busy: false, pendingProposals: this.proposals.filter((p) => p.status === 'pending').length },
          alerts: { enabled: true, outboxSize: 1, channels: [{ channel: 'ops', type: 'feishu', enabled: true, last: { channel: 'ops', at: NOW - 5000, ok: false, text: 'Feishu: sign match fail (19021)', alerts: 1 } }] },
          problems: [],
          dataDir: '/data',
        } satisfies RuntimeStatus;
      case 'settings':
        return { settings: defaultSettings(), path: '/data/settings.json', secrets: { storage: 'file', where: '/data/secrets.json (mode 0600)', stored: [], sealedOnly: [] } };
      case 'proposals':
        return this.proposals;
      case 'approve':
      case 'reject':
        this.proposals = this.proposals.map((p) => (p.id === args[0] ? { ...p, status: method === 'approve' ? 'approved' : 'rejected' } : p));
        return this.proposals.find((p) => p.id === args[0]);
      case 'records':
        return [record].filter((r) => !(args[0] as { ids?: string[] })?.ids || (args[0] as { ids: string[] }).ids.includes(r.id));
      case 'history': {
        const q = (args[0] ?? {}) as { limit?: number; offset?: number };
        const all = events.filter(historyFilter(q));
        const from = q.offset ?? 0;
        return { items: all.slice(from, from + (q.limit ?? 100)), total: all.length, offset: from };
      }
      case 'incidents':
        return { items: [incident], total: 1, offset: 0 };
      case 'cases':
        return this.cases;
      case 'editCase':
        this.cases = this.cases.map((c) => (c.id === args[0] ? { ...c, ...(args[1] as object) } : c));
        return this.cases.find((c) => c.id === args[0]);
      case 'changes':
        return this.changes;
      case 'undo':
        this.changes = this.changes.map((c) => (c.id === args[0] ? { ...c, undoneAt: Date.now(), undoneBy: 'user' } : c));
        return this.changes[0];
      case 'importCases':
        throw new CaseError('case #1 "x": match.patterns.0: pattern "(": invalid regex');
      case 'exportCases':
        return '{"version":1,"cases":[]}\n';
      case 'checkCase':
        return [];
      case 'aiTest':
        return { provider: 'openai', ok: true, message: 'openai answers with a valid plan (model qwen2.5:7b) in 0.4s', target: 'http://127.0.0.1:11434/v1/chat/completions', callsLastHour: 1, maxCallsPerHour: 6, durationMs: 400 };
      case 'resume':
        this.gateway = snapshot('healthy');
        return { ok: true, message: 'resumed' };
      default:
        return { ok: true, message: method };
    }
  }
}

let browser: Browser;
let dash: Dashboard;
let fake: Fake;
let page: Page;
const errors: string[] = [];

before(async () => {
  if (skip) return;
  fake = new Fake();
  dash = await startDashboard({ api: fake.api, events: { subscribe: (l) => (fake.listeners.add(l), () => fake.listeners.delete(l)) }, dataDir: mkdtempSync(join(tmpdir(), 'clawdoc-fake-window-')), port: 0 });
  browser = await launchChromium();
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 850 }, locale: 'en-US', acceptDownloads: true });
  page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(dash.url);
});

after(async () => {
  if (skip) return;
  await browser?.close();
  await dash?.close();
});

describe('the window on prepared answers', { skip }, () => {
  it('an escalated gateway is red with its open proposal, evidence shown; Approve reaches the runtime', async () => {
    await page.waitForSelector('#status-card[data-look="down"]');
    assert.equal(await page.textContent('#state-label'), 'Needs attention');
    assert.equal(await page.$eval('#status-card .badge-look', (el: any) => el.getAttribute('data-look')), 'down');
    await page.waitForSelector('#proposals [data-proposal="prop-1"] [data-record="rec-1"]');
    const text = await page.textContent('#proposals');
    for (const s of ['gateway.mode is missing', 'set gateway.mode = local', '97 %', 'autoHeal is off', 'Gateway start blocked', 'gateway-mode-missing']) assert.ok(text?.includes(s), s);
    assert.match((await page.textContent('#svc-title ~ dl')) ?? '', /not delivered .* Feishu: sign match fail/);
    await page.click('#proposals button.primary');
    await page.waitForSelector('#proposals', { state: 'detached' });
    assert.deepEqual(fake.calls.find(([m]) => m === 'approve'), ['approve', ['prop-1']]);
  });

  it('paused: says so, offers Resume; failing channels are named', async () => {
    fake.gateway = snapshot('paused', { lastProbe: { verdict: 'not-ready', at: NOW, latencyMs: 3, failing: ['telegram', 'startup-sidecars'] } });
    fake.emit({ kind: 'status', target: 'default', at: Date.now(), state: 'paused', status: fake.gateway });
    await page.waitForSelector('#status-card[data-look="paused"]');
    assert.match((await page.textContent('#status-card')) ?? '', /Paused until resumed/);
    assert.match((await page.textContent('#channels')) ?? '', /telegram: failing/);
    assert.match((await page.textContent('#readiness')) ?? '', /Not ready: telegram, startup-sidecars/);
    await page.click('#btn-resume');
    await page.waitForSelector('#status-card[data-look="healthy"]');
  });

  it('a chat channel the monitor found down is named with its last error, though /readyz is ready', async () => {
    const gatewayChannels = [
      { channel: 'irc', accountId: 'default', label: 'IRC', state: 'needs-human' as const, since: NOW - 60_000, lastError: 'connect ECONNREFUSED 127.0.0.1:6667' },
      { channel: 'telegram', accountId: 'default', label: 'Telegram', state: 'healthy' as const, since: NOW - 600_000 },
    ];
    fake.gateway = snapshot('degraded', { reason: 'IRC channel needs a person: connect ECONNREFUSED 127.0.0.1:6667', gatewayChannels, lastProbe: { verdict: 'healthy', at: NOW, latencyMs: 3, failing: [] } });
    fake.emit({ kind: 'status', target: 'default', at: Date.now(), state: 'degraded', status: fake.gateway });
    await page.waitForSelector('#channels [data-channel="irc"][data-channel-state="needs-human"]');
    const text = (await page.textContent('#channels')) ?? '';
    assert.match(text, /IRC: needs a person — connect ECONNREFUSED 127\.0\.0\.1:6667/);
    assert.match(text, /Telegram: working/);
    assert.doesNotMatch(text, /All channels ready/);
    fake.gateway = snapshot('healthy');
    fake.emit({ kind: 'status', target: 'default', at: Date.now(), state: 'healthy', status: fake.gateway });
    await page.waitForSelector('#status-card[data-look="healthy"]');
  });

  it("says when ClawDoc holds off: an OpenClaw update in progress, then OpenClaw's own breaker with the channels it keeps down", async () => {
    fake.gateway = snapshot('down', { reason: 'gateway stopped during an OpenClaw update', hold: { kind: 'update', since: NOW - 30_000, reason: 'update', phase: 'staging' } });
    fake.emit({ kind: 'status', target: 'default', at: Date.now(), state: 'down', status: fake.gateway });
    await page.waitForSelector('#hold-banner[data-hold="update"]');
    assert.match((await page.textContent('#hold-banner')) ?? '', /An OpenClaw update is in progress \(phase staging\): ClawDoc does not restart or repair the gateway until it finishes/);
    fake.gateway = snapshot('degraded', { hold: { kind: 'openclaw-breaker', since: NOW, reason: 'breaker', until: NOW + 300_000, channels: ['irc', 'feishu'] } });
    fake.emit({ kind: 'status', target: 'default', at: Date.now(), state: 'degraded', status: fake.gateway });
    await page.waitForSelector('#hold-banner[data-hold="openclaw-breaker"]');
    assert.match((await page.textContent('#hold-banner')) ?? '', /breaker keeps channels down \(irc, feishu\): ClawDoc does not restart the gateway and waits until \d{1,2}:\d{2}/);
    fake.gateway = snapshot('healthy');
    fake.emit({ kind: 'status', target: 'default', at: Date.now(), state: 'healthy', status: fake.gateway });
    await page.waitForSelector('#status-card[data-look="healthy"]');
    assert.equal(await page.$('#hold-banner'), null, 'gone once the hold ends');
  });

  it('an incident: its steps, the doctor\'s evidence and fix record, a change undone', async () => {
    await page.click('#tab-history');
    await page.click('#incident-list li button');
    await page.waitForSelector('#incident-dialog [data-record="rec-1"]');
    const steps = await page.$$eval('#incident-dialog tr[data-step]', (trs: any[]) => trs.map((tr) => tr.getAttribute('data-step')));
    assert.deepEqual(steps, ['detected', 'diagnosed', 'fixed', 'alerted', 'verified', 'recovered']);
    const dialog = (await page.textContent('#incident-dialog')) ?? '';
    for (const s of ['recovered in 42 s', 'set gateway.mode = local', 'healed', 'refusing to start', 'config-missing-mode']) assert.ok(dialog.includes(s), s);
    await page.click('#incident-changes button');
    await page.waitForFunction(() => /undone/.test(document.getElementById('incident-changes')?.textContent ?? ''));
    assert.deepEqual(fake.calls.find(([m]) => m === 'undo'), ['undo', ['chg-1']]);
    await page.keyboard.press('Escape');
    await page.waitForSelector('#incident-dialog', { state: 'detached' });
  });

  it('filters send the level, case and channel; export writes JSON and CSV', async () => {
    await page.selectOption('#filter-case', 'config-missing-mode');
    await page.waitForFunction(() => document.querySelectorAll('#events-table tbody tr').length === 3);
    const q = fake.calls.filter(([m]) => m === 'history').at(-1)![1][0] as Record<string, unknown>;
    assert.equal(q.caseId, 'config-missing-mode');
    await page.selectOption('#filter-case', '');
    await page.selectOption('#filter-channel', 'ops');
    await page.waitForFunction(() => document.querySelectorAll('#events-table tbody tr').length === 1);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    assert.match(csv.suggestedFilename(), /^clawdoc-history-\d{8}-\d{4}\.csv$/);
    const text = readFileSync((await csv.path())!, 'utf8');
    assert.match(text, /^time,type,level,from,to,reason,incident,case,channel\r\n.*,alert,info,,,ops: delivered — Feishu: success,inc-1,,ops\r\n$/);
    const [json] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
    assert.equal((JSON.parse(readFileSync((await json.path())!, 'utf8')) as unknown[]).length, 1);
    await page.selectOption('#filter-channel', '');
  });

  it('learned cases wait for review; an import is refused whole with the reason', async () => {
    await page.click('#tab-cases');
    await page.waitForSelector('#learned');
    assert.match((await page.textContent('#learned')) ?? '', /Learned: OOM loop/);
    assert.equal(await page.$('#cases-table tr[data-case="learned-oom"]'), null, 'not in the library until accepted');
    assert.match((await page.textContent('#cases-table tr[data-case="config-missing-mode"]')) ?? '', /built-in.*80 % \(4\/5\)/);
    assert.equal(await page.$('#cases-table tr[data-case="config-missing-mode"] [data-action="edit"]'), null, 'a built-in case is duplicated, not edited');
    await page.click('#learned button.primary');
    await page.waitForSelector('#cases-table tr[data-case="learned-oom"]');
    assert.deepEqual(fake.calls.find(([m]) => m === 'editCase'), ['editCase', ['learned-oom', { enabled: true, review: 'accepted' }]]);
    await page.click('#case-import');
    await page.fill('#import-text', '[{"id":"x"}]');
    await page.click('#import-run');
    await page.waitForSelector('#import-text-error');
    assert.match((await page.textContent('#import-text-error')) ?? '', /invalid regex/);
    await page.keyboard.press('Escape');
    await page.waitForSelector('#import-dialog', { state: 'detached' });
  });

  it("the AI: the provider set in settings, the key stored apart, a test call; the AI's plan shown with its proposal", async () => {
    await page.click('#tab-settings');
    await page.waitForSelector('#section-ai #ai-intro');
    await page.selectOption('[id="set-ai.provider"]', 'openai');
    await page.fill('[id="set-ai.baseUrl"]', 'http://127.0.0.1:11434/v1');
    await page.fill('[id="set-ai.model"]', 'qwen2.5:7b');
    await page.click('#settings-save');
    await page.waitForSelector('#settings-banner');
    assert.deepEqual(fake.calls.find(([m]) => m === 'updateSettings'), ['updateSettings', [{ 'ai.provider': 'openai', 'ai.baseUrl': 'http://127.0.0.1:11434/v1', 'ai.model': 'qwen2.5:7b' }]]);
    await page.fill('#ai-key', 'sk-local-key-123');
    await page.click('#ai-key-save');
    await page.waitForFunction(() => !document.getElementById('ai-key').value);
    assert.deepEqual(fake.calls.find(([m]) => m === 'setSecret'), ['setSecret', ['ai:apiKey', 'sk-local-key-123']]);
    assert.ok(!JSON.stringify(fake.calls.filter(([m]) => m === 'updateSettings')).includes('sk-local-key-123'), 'the key is not a setting');
    await page.click('#ai-test');
    await page.waitForSelector('#ai-test-result');
    assert.match((await page.textContent('#ai-test-result')) ?? '', /OK: openai answers .* 1 of 6/);

    const aiPlan = { provider: 'openai', model: 'qwen2.5:7b', at: NOW, durationMs: 400, summary: 'The workspace path is a file', rootCause: 'agents.defaults.workspace points below a regular file', confidence: 0.7, actions: [{ type: 'set-config-key', key: 'agents.defaults.workspace', value: '/srv/ws' }], advice: ['openclaw doctor --fix'], rejected: [{ item: '{"type":"shell"}', reason: 'a shell command is never run from an AI answer; shown as advice only' }] } as const;
    fake.proposals = [{ ...proposal, id: 'prop-ai', caseId: 'ai-plan-rec-1', caseTitle: 'AI plan: The workspace path is a file', status: 'pending', aiPlan: structuredClone(aiPlan) as unknown as Proposal['aiPlan'] }];
    await page.click('#tab-status');
    fake.emit({ kind: 'proposal', target: 'default', at: NOW, proposal: fake.proposals[0]! });
    await page.waitForSelector('#proposals [data-proposal="prop-ai"] [data-ai-plan="openai"]');
    const text = (await page.textContent('#proposals [data-proposal="prop-ai"]')) ?? '';
    for (const s of ["The AI's plan (openai, qwen2.5:7b)", 'The workspace path is a file', 'points below a regular file', 'openclaw doctor --fix', 'never run from an AI answer']) assert.ok(text.includes(s), s);
    fake.proposals = [];
    fake.emit({ kind: 'proposal', target: 'default', at: NOW, proposal: { ...proposal, status: 'rejected' } });
    await page.waitForSelector('#proposals', { state: 'detached' });
    await page.click('#tab-cases'); // where the next test starts
  });

  it('is usable by keyboard: tabs with the arrow keys, focus visible', async () => {
    await page.focus('#tab-cases');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getAttribute('#tab-settings', 'aria-selected'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'tab-settings');
    await page.keyboard.press('Home');
    assert.equal(await page.getAttribute('#tab-status', 'aria-selected'), 'true');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.getAttribute('#tab-settings', 'aria-selected'), 'true');
    await page.keyboard.press('End');
    await page.keyboard.press('Home');
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.equal(outline, 'solid', 'the focused control is outlined');
  });

  it('says when the connection to ClawDoc is lost, and catches up when it is back', async () => {
    await page.waitForSelector('.conn[data-connected="true"]');
    dash.api.close(); // the event streams end, as when the watcher restarts
    await page.waitForSelector('.conn[data-connected="false"]', { timeout: 5000 }).catch(() => {});
    await page.waitForSelector('.conn[data-connected="true"]', { timeout: 10_000 });
    fake.gateway = snapshot('degraded');
    fake.emit({ kind: 'status', target: 'default', at: Date.now(), state: 'degraded', status: fake.gateway });
    await page.waitForSelector('#status-card[data-look="degraded"]');
  });

  it('without a watcher: says so, with a fresh probe', async () => {
    fake.watching = false;
    const p = await page.context().newPage();
    await p.goto(dash.url);
    await p.waitForSelector('#status-card[data-look="down"]');
    assert.match((await p.textContent('#status-card')) ?? '', /A fresh probe says: nothing listens.*not watching/s);
    assert.equal(await p.isDisabled('#btn-restart'), true);
    await p.close();
    fake.watching = true;
    assert.deepEqual(errors, []);
  });
});
