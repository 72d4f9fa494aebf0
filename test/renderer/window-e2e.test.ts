// The window end to end: headless Chromium (Debian's `chromium`, driven by playwright-core) against a real
// `clawdoc watch --dashboard` supervising the real OpenClaw gateway. One gateway and one watcher for every
// case, in order: the token is required; the status turns red when the gateway is killed and green when
// it recovers, without a reload; the incident shows in History with its recovery time; a case is added
// (its pattern checked as it is typed), edited and deleted; an invalid setting is refused and nothing is
// saved; a test notification reaches a local receiver and its verdict is shown; the same page under the
// real preload (with a fake `electron`) renders the same; screenshots of every page in both languages and
// both colour schemes are written to test-artifacts/ and checked to be rendered.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ClawDocApi } from '../../src/shared/api.js';
import { httpBridge } from '../../src/renderer/http-bridge.js';
import { hasTestbed, isHealthyEvent, makeSandbox, ROOT, runWatch, sleep, teardown, waitUntil, type ClawdocRun, type GatewaySandbox } from '../helpers/gateway.js';
import { startReceiver, type Receiver } from '../helpers/receivers.js';
import { clawdoc } from '../main/engine/doctor/doctor-helpers.js';
import { fakePreloadScript, hasChromium, launchChromium } from './browser.js';
import { pngStats } from './png.js';

// The page's globals, for the functions that run inside the browser (tests compile without the DOM lib).
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const window: any;
declare function getComputedStyle(el: unknown): any;
type HTMLInputElement = any;
type HTMLButtonElement = any;

const skip = (!hasTestbed() && 'the test bed (testbed/node_modules/openclaw) is not installed') || (!hasChromium() && 'Debian chromium is not installed (.ci/run installs it)');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const PAGES = ['status', 'history', 'cases', 'settings'] as const;

let sb: GatewaySandbox;
let run: ClawdocRun;
let receiver: Receiver;
let browser: Browser;
let url: string;
let base: string;
let token: string;
let api: ClawDocApi;
let page: Page;
let ctx: BrowserContext;
let navigations = 0;
const pageErrors: string[] = [];

before(async () => {
  if (skip) return;
  receiver = await startReceiver('feishu');
  sb = await makeSandbox('window');
  // Short backoff: a second crash soon after the first waits 3 s in "down" before its restart.
  writeFileSync(join(sb.dataDir, 'settings.json'), `${JSON.stringify({ restart: { backoffSec: [3, 6, 12] } }, null, 2)}\n`);
  run = runWatch(sb, ['--dashboard', '--dashboard-port', '0']);
  await run.waitForEvent(isHealthyEvent, 120_000, 'healthy');
  const line = await waitUntil(() => run.output.find((l) => /#token=/.test(l)), 10_000, 'the dashboard address');
  url = /http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+/.exec(line)![0];
  base = url.slice(0, url.indexOf('/#'));
  token = url.slice(url.indexOf('#token=') + 7);
  api = httpBridge(base, token);
  browser = await launchChromium();
  ctx = await browser.newContext({ viewport: { width: 1100, height: 850 }, locale: 'en-US', colorScheme: 'light' });
  page = await ctx.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) navigations++;
  });
});

after(async () => {
  if (skip) return;
  await browser?.close().catch(() => {});
  await receiver?.close().catch(() => {});
  if (sb) await teardown(sb, run ? [run] : []);
});

function rawRequest(path: string, headers: Record<string, string>, method = 'GET'): Promise<{ status: number; body: string }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

const byId = (id: string) => `[id="${id}"]`;

test('a request without the token is refused; the token is never in a response', { skip }, async () => {
  for (const path of ['/api/status', '/api/events', '/api/restart', '/api/nosuchthing']) {
    const r = await fetch(`${base}${path}`, { method: path === '/api/restart' ? 'POST' : 'GET' });
    assert.equal(r.status, 401, path);
  }
  assert.equal((await fetch(`${base}/api/status`, { headers: { authorization: 'Bearer not-the-token' } })).status, 401);
  const ok = await fetch(`${base}/api/status`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(ok.status, 200);
  const body = await ok.text();
  const reply = JSON.parse(body) as { ok: boolean; result: { gateway: { state: string }; watching: boolean } };
  assert.equal(reply.ok, true);
  assert.equal(reply.result.watching, true);
  assert.equal(reply.result.gateway.state, 'healthy', 'GET /api/status answers the status query');
  assert.ok(!body.includes(token));
  // A command from another origin, and any request under another Host name, are refused.
  assert.equal((await fetch(`${base}/api/pause`, { method: 'POST', headers: { authorization: `Bearer ${token}`, origin: 'http://evil.example' }, body: '{}' })).status, 403);
  assert.equal((await fetch(`${base}/api/pause`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'sec-fetch-site': 'cross-site' }, body: '{}' })).status, 403);
  assert.equal((await rawRequest('/api/status', { host: `evil.example:${new URL(base).port}`, authorization: `Bearer ${token}` })).status, 421);
  assert.equal((await api.status()).gateway?.state, 'healthy', 'nothing refused reached the runtime (not paused)');
  // The page carries no secret; the token file is the owner's only.
  const html = await fetch(`${base}/`);
  assert.equal(html.status, 200);
  assert.match(html.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  assert.ok(!(await html.text()).includes(token));
  assert.equal(statSync(join(sb.dataDir, 'dashboard-token')).mode & 0o777, 0o600);
  assert.equal(readFileSync(join(sb.dataDir, 'dashboard-token'), 'utf8').trim(), token);
  const printed = await clawdoc(sb, ['dashboard']);
  assert.equal(printed.code, 0, printed.stderr);
  assert.ok(printed.stdout.includes(url), '`clawdoc dashboard` prints the address');
});

test('the status turns red when the gateway is killed and green when it recovers, without a reload', { skip }, async () => {
  await page.goto(url);
  await page.waitForSelector('#status-card[data-look="healthy"]');
  const navigated = navigations;
  // First crash after a stable start: restarted at once (blue, "working"), then healthy again.
  const first = run.gatewayPid()!;
  process.kill(first, 'SIGKILL');
  await page.waitForSelector('#status-card:not([data-look="healthy"])', { timeout: 10_000 });
  await page.waitForSelector('#status-card[data-look="healthy"]', { timeout: 120_000 });
  await waitUntil(() => run.gatewayPid() !== first && run.gatewayPid(), 10_000, 'the new gateway pid');
  // A second crash soon after: the backoff holds the restart, the gateway is down: red.
  const second = run.gatewayPid()!;
  await page.waitForFunction((pid) => document.getElementById('pid')?.textContent === String(pid), second, { timeout: 15_000 });
  process.kill(second, 'SIGKILL');
  await page.waitForSelector('#status-card[data-look="down"]', { timeout: 10_000 });
  assert.equal(await page.getAttribute('#status-card', 'data-state'), 'down');
  assert.equal(await page.$eval('#state-label', (el) => getComputedStyle(el).color), 'rgb(207, 34, 46)', 'red, as the tray shows it');
  assert.equal(await page.textContent('#state-label'), 'Down');
  await page.waitForSelector('#status-card[data-look="healthy"]', { timeout: 120_000 });
  assert.equal(await page.$eval('#state-label', (el) => getComputedStyle(el).color), 'rgb(26, 127, 55)', 'green');
  assert.equal(navigations, navigated, 'the page was never reloaded');
  assert.deepEqual(pageErrors, []);
});

test('the incident appears in history with its recovery time', { skip }, async () => {
  await page.click('#tab-history');
  await page.waitForFunction(() => document.querySelectorAll('#incident-list li[data-open="false"]').length >= 2, undefined, { timeout: 15_000 });
  const recovery = await page.textContent('#incident-list li .recovery');
  assert.match(recovery ?? '', /^recovered in \d+ (s|ms)$/);
  const incidents = (await api.incidents()).items;
  assert.ok(incidents.length >= 2 && incidents.every((i) => i.closedAt));
  // Its timeline and evidence.
  await page.click('#incident-list li button');
  await page.waitForSelector('#incident-dialog tr[data-step="recovered"]');
  for (const step of ['detected', 'restarted', 'recovered']) assert.ok(await page.$(`#incident-dialog tr[data-step="${step}"]`), step);
  assert.match((await page.textContent('#incident-recovery')) ?? '', /recovered in \d+/);
  assert.match((await page.textContent('#incident-dialog')) ?? '', /SIGKILL/);
  await page.keyboard.press('Escape');
  await page.waitForSelector('#incident-dialog', { state: 'detached' });
  // The event list, filtered by level.
  await page.waitForSelector('#events-table tr[data-type="recovered"]');
  await page.selectOption('#filter-level', 'critical');
  await page.waitForFunction(() => [...document.querySelectorAll('#events-table tbody tr')].every((r) => r.getAttribute('data-level') === 'critical'));
  await page.selectOption('#filter-level', '');
  assert.match((await page.textContent('#availability-value')) ?? '', /%/);
});

test('a case is added (its pattern checked as it is typed), edited and deleted', { skip }, async () => {
  await page.click('#tab-cases');
  await page.waitForSelector('#cases-table tbody tr');
  await page.click('#case-add');
  await page.waitForSelector('#case-editor');
  await page.fill('#case-id', 'e2e-case');
  await page.fill('#case-titleEn', 'Gateway exploded');
  await page.fill('#case-titleZh', '网关爆炸');
  await page.fill('#case-descriptionEn', 'The gateway says it exploded.');
  await page.fill('#case-descriptionZh', '网关说它爆炸了。');
  await page.click('#case-patterns');
  await page.keyboard.type('gateway (exploded', { delay: 15 });
  await page.waitForSelector('#case-patterns-error');
  assert.match((await page.textContent('#case-patterns-error')) ?? '', /Line 1: .*(missing|unterminated|paren|invalid)/i);
  assert.equal(await page.isDisabled('#case-save'), true, 'an invalid case cannot be saved');
  await page.keyboard.type(') \\d+', { delay: 15 });
  await page.waitForSelector('#case-patterns-error', { state: 'detached' });
  await page.waitForFunction(() => !(document.getElementById('case-save') as HTMLButtonElement).disabled);
  await page.click('#case-save');
  await page.waitForSelector('#case-editor', { state: 'detached' });
  await page.waitForSelector('#cases-table tr[data-case="e2e-case"]');
  const added = (await api.cases()).find((c) => c.id === 'e2e-case');
  assert.deepEqual(added?.match.patterns, ['gateway (exploded) \\d+']);
  assert.equal(added?.builtin, false);

  await page.click('#cases-table tr[data-case="e2e-case"] [data-action="edit"]');
  await page.waitForSelector('#case-editor');
  assert.equal(await page.isDisabled('#case-id'), true, 'the id of a case cannot change');
  await page.fill('#case-titleEn', 'Gateway exploded (edited)');
  await page.waitForFunction(() => !(document.getElementById('case-save') as HTMLButtonElement).disabled);
  await page.click('#case-save');
  await page.waitForSelector('#case-editor', { state: 'detached' });
  await page.waitForFunction(() => document.querySelector('#cases-table tr[data-case="e2e-case"]')?.textContent?.includes('(edited)'));
  assert.equal((await api.cases()).find((c) => c.id === 'e2e-case')?.title.en, 'Gateway exploded (edited)');

  await page.click('#cases-table tr[data-case="e2e-case"] [data-action="delete"]');
  await page.click('#confirm-delete-yes');
  await page.waitForSelector('#cases-table tr[data-case="e2e-case"]', { state: 'detached' });
  assert.equal((await api.cases()).some((c) => c.id === 'e2e-case'), false);
  assert.ok(!readFileSync(join(sb.dataDir, 'cases.json'), 'utf8').includes('e2e-case'));
});

test('an invalid setting is refused with its reason and nothing is saved', { skip }, async () => {
  const file = join(sb.dataDir, 'settings.json');
  const before = readFileSync(file, 'utf8');
  await page.click('#tab-settings');
  await page.waitForSelector('#settings-form');
  // Two changes, one of them invalid: refused whole.
  await page.fill(byId('set-watch.memoryWarnMb'), '2048');
  await page.fill(byId('set-watch.intervalSec'), '0');
  await page.click('#settings-save');
  await page.waitForSelector('#settings-banner[role="alert"]');
  assert.match((await page.textContent('#settings-banner')) ?? '', /Not saved/);
  assert.match((await page.textContent(byId('set-watch.intervalSec-error'))) ?? '', /0\.2/, 'the reason is shown beside the field');
  assert.equal(await page.getAttribute(byId('set-watch.intervalSec'), 'aria-invalid'), 'true');
  assert.equal(readFileSync(file, 'utf8'), before, 'settings.json untouched');
  const now = (await api.settings()).settings;
  assert.equal(now.watch.memoryWarnMb, 1024, 'the valid half was not saved either');
  assert.equal(now.watch.intervalSec, 5);
  // Not a number: the form refuses it before anything is sent.
  await page.fill(byId('set-watch.intervalSec'), 'soon');
  await page.click('#settings-save');
  await page.waitForFunction(() => /must be a number/.test(document.getElementById('set-watch.intervalSec-error')?.textContent ?? ''));
  assert.equal(readFileSync(file, 'utf8'), before);
  await page.click('text=Discard changes');
  assert.equal(await page.inputValue(byId('set-watch.intervalSec')), '5');
});

test('a test notification reaches a local receiver and its verdict is shown; the webhook token never leaves', { skip }, async () => {
  await page.click('#add-channel');
  await page.fill('#ch-0-name', 'e2e-feishu');
  await page.selectOption('#ch-0-type', 'feishu');
  await page.fill('#ch-0-url', receiver.url);
  await page.click('#settings-save');
  await page.waitForFunction(() => /Saved/.test(document.getElementById('settings-banner')?.textContent ?? ''));
  const row = '[data-channel="e2e-feishu"]';
  await page.waitForSelector(`${row} [data-action="test"]:not([disabled])`);
  await page.click(`${row} [data-action="test"]`);
  await page.waitForSelector(`${row} [data-verdict]`, { timeout: 20_000 });
  assert.equal(await page.getAttribute(`${row} [data-verdict]`, 'data-verdict'), 'ok');
  assert.match((await page.textContent(`${row} [data-verdict]`)) ?? '', /success/i, "the platform's own verdict");
  assert.ok(receiver.accepted().length >= 1, 'the receiver accepted the test message');
  // The URL is shown masked; saving other settings keeps the real one.
  assert.ok(!(await page.inputValue('#ch-0-url')).includes(receiver.token));
  await page.fill(byId('set-watch.memoryWarnMb'), '2048');
  await page.click('#settings-save');
  await page.waitForFunction(() => /Saved/.test(document.getElementById('settings-banner')?.textContent ?? ''));
  const saved = JSON.parse(readFileSync(join(sb.dataDir, 'settings.json'), 'utf8')) as { alerts: { channels: { url: string }[] }; watch: { memoryWarnMb: number } };
  assert.equal(saved.alerts.channels[0]!.url, receiver.url, 'the real URL is kept');
  assert.equal(saved.watch.memoryWarnMb, 2048);
  for (const method of ['status', 'settings', 'channels']) {
    const text = await (await fetch(`${base}/api/${method}`, { headers: { authorization: `Bearer ${token}` } })).text();
    assert.ok(!text.includes(receiver.token), `${method} does not carry the webhook token`);
  }
});

test('a signed channel: the secret typed in the window signs the test message, and is never shown or answered back', { skip }, async () => {
  const secret = 'SEC-window-e2e-5b1f';
  const signed = await startReceiver('dingtalk', { secret });
  try {
    await page.click('#add-channel');
    const i = (await page.$$('.channel-row')).length - 1;
    await page.fill(`#ch-${i}-name`, 'e2e-ding');
    // Another face changes a setting meanwhile: the form takes it for the untouched field, keeps the typing.
    const warnBefore = await page.inputValue(byId('set-watch.memoryWarnMb'));
    await api.updateSettings({ 'watch.memoryWarnMb': 1536 });
    await page.waitForFunction((id) => (document.getElementById(id) as HTMLInputElement | null)?.value === '1536', 'set-watch.memoryWarnMb');
    assert.notEqual(warnBefore, '1536');
    assert.equal(await page.inputValue(`#ch-${i}-name`), 'e2e-ding', 'the unsaved row is kept');
    await page.selectOption(`#ch-${i}-type`, 'dingtalk');
    await page.fill(`#ch-${i}-url`, signed.url);
    await page.check(`#ch-${i}-signed`);
    await page.fill(`#ch-${i}-secret`, secret);
    // A signed row keeps its buttons on the row's first line; the secret sits under the URL.
    const rowEl = (await page.$$('.channel-row'))[i]!;
    const box = async (sel: string) => (await (await rowEl.$(sel))!.boundingBox())!;
    const [name, url, sendTest, remove, secretBox] = await Promise.all([`#ch-${i}-name`, `#ch-${i}-url`, '[data-action="test"]', '[data-action="remove"]', `#ch-${i}-secret`].map(box));
    for (const b of [sendTest!, remove!]) assert.ok(Math.abs(b.y - name!.y) < name!.height, 'Send test and Remove stay on the first line of a signed row');
    assert.ok(secretBox!.y >= url!.y + url!.height && Math.abs(secretBox!.x - url!.x) < 2, 'the secret is under the URL');
    await page.click('#settings-save');
    await page.waitForFunction(() => /Saved|Not saved/.test(document.getElementById('settings-banner')?.textContent ?? ''));
    assert.match((await page.textContent('#settings-banner')) ?? '', /Saved/);
    assert.equal((await api.settings()).settings.watch.memoryWarnMb, 1536, "saving the channel did not send back the other face's old value");
    const row = '[data-channel="e2e-ding"]';
    await page.waitForSelector(`${row} [data-action="test"]:not([disabled])`);
    assert.equal(await page.inputValue(`#ch-${i}-secret`), '', 'the stored secret is not loaded back into the form');
    assert.match((await page.getAttribute(`#ch-${i}-secret`, 'placeholder')) ?? '', /stored/);
    await page.click(`${row} [data-action="test"]`);
    await page.waitForSelector(`${row} [data-verdict]`, { timeout: 20_000 });
    assert.equal(await page.getAttribute(`${row} [data-verdict]`, 'data-verdict'), 'ok', 'DingTalk checked the signature made with the typed secret');
    assert.ok(signed.accepted().length >= 1);
    assert.deepEqual((await api.settings()).secrets.stored.includes('e2e-ding'), true);
    assert.ok(!readFileSync(join(sb.dataDir, 'settings.json'), 'utf8').includes(secret), 'not in settings.json');
    for (const method of ['status', 'settings', 'channels']) {
      const text = await (await fetch(`${base}/api/${method}`, { headers: { authorization: `Bearer ${token}` } })).text();
      assert.ok(!text.includes(secret), `${method} does not carry the secret`);
    }
    assert.ok(!(await page.content()).includes(secret));
  } finally {
    await signed.close().catch(() => {});
  }
});

test('the same page under the preload\'s IPC bridge (a fake electron) renders the same', { skip }, async () => {
  const script = await fakePreloadScript();
  const ipcCtx = await browser.newContext({ viewport: { width: 1100, height: 850 }, locale: 'en-US' });
  try {
    await ipcCtx.addInitScript((t: string) => {
      (globalThis as unknown as { __FAKE_IPC__: unknown }).__FAKE_IPC__ = { token: t, calls: [] };
    }, token);
    await ipcCtx.addInitScript(script);
    const ipc = await ipcCtx.newPage();
    const errors: string[] = [];
    ipc.on('pageerror', (e) => errors.push(e.message));
    await ipc.goto(`${base}/`); // no token in this address: only the bridge can answer
    await page.goto(`${url}&page=status`);
    const text = (p: Page, sel: string) => p.textContent(sel).then((s) => s?.trim());
    for (const p of [ipc, page]) await p.waitForSelector('#status-card[data-look="healthy"]');
    for (const sel of ['#state-label', '#pid', '#readiness', '#channels']) assert.equal(await text(ipc, sel), await text(page, sel), sel);
    const calls = await ipc.evaluate(() => (globalThis as unknown as { __FAKE_IPC__: { calls: string[] } }).__FAKE_IPC__.calls);
    assert.ok(calls.includes('status') && calls.includes('settings'), 'the calls went through ipcRenderer.invoke');
    assert.ok(await ipc.evaluate(() => Object.isFrozen(window.clawdoc) && typeof window.clawdoc?.subscribe === 'function'));
    // Every page renders the same data.
    await ipc.click('#tab-cases');
    await page.click('#tab-cases');
    for (const p of [ipc, page]) await p.waitForSelector('#cases-table tbody tr');
    const rows = (p: Page) => p.$$eval('#cases-table tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-case')));
    assert.deepEqual(await rows(ipc), await rows(page));
    await ipc.click('#tab-settings');
    await page.click('#tab-settings');
    const values = (p: Page) => p.$$eval('#settings-form input, #settings-form select', (els) => els.map((el) => `${el.id}=${(el as HTMLInputElement).type === 'checkbox' ? (el as HTMLInputElement).checked : (el as HTMLInputElement).value}`));
    for (const p of [ipc, page]) await p.waitForSelector('#settings-form');
    assert.deepEqual(await values(ipc), await values(page));
    // Live: a change made elsewhere reaches the page through the bridge's events.
    await api.updateSettings({ 'watch.memoryWarnMb': 1536 });
    await ipc.waitForFunction(() => (document.getElementById('set-watch.memoryWarnMb') as HTMLInputElement | null)?.value === '1536', undefined, { timeout: 10_000 });
    await ipc.click('#tab-history');
    await page.click('#tab-history');
    for (const p of [ipc, page]) await p.waitForSelector('#incident-list li');
    const incidents = (p: Page) => p.$$eval('#incident-list li', (lis) => lis.map((li) => li.getAttribute('data-incident')));
    assert.deepEqual(await incidents(ipc), await incidents(page));
    assert.deepEqual(errors, []);
  } finally {
    await ipcCtx.close();
  }
});

test('screenshots of every page in both languages and both colour schemes are rendered', { skip }, async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const ready: Record<(typeof PAGES)[number], string> = {
    status: '#status-card[data-look="healthy"]',
    history: '#events-table tbody tr',
    cases: '#cases-table tbody tr',
    settings: '#settings-form',
  };
  try {
    for (const lang of ['en', 'zh'] as const) {
      await api.updateSettings({ language: lang });
      for (const scheme of ['light', 'dark'] as const) {
        const c = await browser.newContext({ viewport: { width: 1100, height: 850 }, colorScheme: scheme, locale: lang === 'zh' ? 'zh-CN' : 'en-US' });
        try {
          const p = await c.newPage();
          await p.goto(url);
          await p.waitForFunction((l) => document.documentElement.lang.startsWith(l), lang);
          for (const name of PAGES) {
            await p.click(`#tab-${name}`);
            await p.waitForSelector(ready[name]);
            await sleep(name === 'history' ? 700 : 250);
            assert.equal((await p.textContent(`#tab-${name}`))?.trim(), lang === 'zh' ? { status: '状态', history: '历史', cases: '案例', settings: '设置' }[name] : name[0]!.toUpperCase() + name.slice(1));
            const file = join(ARTIFACTS, `window-${name}-${lang}-${scheme}.png`);
            const png = await p.screenshot({ path: file, fullPage: true });
            const s = pngStats(png);
            assert.ok(s.colours >= 12 && s.inked >= 0.03, `${file} is rendered (${s.colours} colours, ${(s.inked * 100).toFixed(1)} % inked)`);
            const bg = await p.evaluate(() => getComputedStyle(document.body).backgroundColor);
            assert.equal(bg, scheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)', `${scheme} scheme`);
          }
        } finally {
          await c.close();
        }
      }
    }
  } finally {
    await api.updateSettings({ language: 'auto' });
  }
});
