// The plan's template filled with real data, in Chinese and English.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveLanguage } from '../../../../src/main/engine/alerts/alert-strings.js';
import { toMarkdown, toText } from '../../../../src/main/engine/alerts/render.js';
import { digestAlert, escalationAlert, formatDuration, recoveredAlert } from '../../../../src/main/engine/alerts/alert-messages.js';
import { context, escalationEvent, snapshot, T0 } from './fixtures.js';

const md = (a: Parameters<typeof toMarkdown>[0]) => toMarkdown(a, { headings: true, bold: '**', paragraphBreak: false, title: true });

test('language: settings win; auto follows LC_ALL, then LC_MESSAGES, then LANG', () => {
  assert.equal(resolveLanguage('zh', { LANG: 'en_US.UTF-8' }), 'zh');
  assert.equal(resolveLanguage('en', { LANG: 'zh_CN.UTF-8' }), 'en');
  assert.equal(resolveLanguage('auto', { LANG: 'zh_CN.UTF-8' }), 'zh');
  assert.equal(resolveLanguage('auto', { LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' }), 'en');
  assert.equal(resolveLanguage('auto', { LC_MESSAGES: 'zh_TW.UTF-8' }), 'zh');
  assert.equal(resolveLanguage('auto', {}), 'en');
});

test('Chinese escalation: time, level, failing duration, crashes in the window, last healthy, actions, diagnosis, case, next step', () => {
  const text = md(escalationAlert(escalationEvent(), context('zh')));
  assert.match(text, /^## 🚨 OpenClaw Gateway 需要人工处理/);
  assert.match(text, /\*\*时间\*\*: 2026-11-24 \d\d:30:00 \(UTC[+-]\d\d:\d\d\)/);
  assert.match(text, /\*\*级别\*\*: CRITICAL/);
  assert.match(text, /\*\*原因\*\*: 端口被其他程序占用 — port 18789 is held by pid 4242/);
  assert.match(text, /\*\*连续故障时间\*\*: 35\.2 分钟/); // opened 35 min 12 s before
  assert.match(text, /崩溃次数：7 次（6 小时内）/);
  assert.match(text, /最后成功检查：2026-11-24 \d\d:54:48/);
  assert.match(text, /已尝试重启 Gateway 3 次/);
  assert.match(text, /AI 诊断：等待 AI 诊断修复/);
  assert.match(text, /\*\*匹配案例\*\*:\n无/);
  assert.match(text, /端口 18789 被其他程序占用/);
  assert.match(text, /占用端口的进程：pid 4242 \(python3 -m http\.server 18789\)/);
  assert.match(text, /```\n\[gateway\] listen EADDRINUSE/);
  assert.match(text, /OpenClaw Self-Healing System/);
});

test("English escalation with the doctor's diagnosis and matched case when it has reported", () => {
  const a = escalationAlert(escalationEvent(), context('en', { diagnosis: { summary: 'a python http.server holds the port', matchedCase: 'CASE-004 Port conflict', nextStep: 'kill pid 4242' } }));
  const text = toText(a);
  assert.match(text, /Failing for: 35\.2 min/);
  assert.match(text, /Crashes: 7 \(within 6 h\)/);
  assert.match(text, /Doctor diagnosis: a python http\.server holds the port/);
  assert.match(text, /Matched case:\nCASE-004 Port conflict/);
  assert.match(text, /Next step:\nkill pid 4242/);
});

test('last healthy check "never" when there was none; failing duration from the incident', () => {
  const a = escalationAlert(escalationEvent(), context('en', { snapshot: snapshot({ lastHealthyAt: undefined, incident: { id: 'inc-1', openedAt: T0 - 3 * 3600_000 - 60_000, cause: 'x', restarts: 0 } }) }));
  const text = toText(a);
  assert.match(text, /Last healthy check: never/);
  assert.match(text, /Failing for: 3 h 1 min/);
  assert.match(text, /Did not restart/);
});

test('recovered message and digest', () => {
  const r = recoveredAlert({ ts: T0, type: 'recovered', reason: 'gateway healthy again after 40.2s (1 restart)', details: { incidentId: 'inc-1', downtimeMs: 40_200, restarts: 1 } }, context('zh'));
  assert.equal(r.kind, 'recovered');
  assert.match(md(r), /已恢复[\s\S]*故障时长\*\*: 40 秒/);
  const d = digestAlert([escalationAlert(escalationEvent(), context('en')), r], 'en', T0);
  assert.equal(d.title, '📋 ClawDoc: 2 alerts');
  assert.equal(d.level, 'critical');
  assert.equal(d.sections[0]!.lines.length, 2);
});

test('durations', () => {
  assert.equal(formatDuration(42_000, 'en'), '42 s');
  assert.equal(formatDuration(35.2 * 60_000, 'zh'), '35.2 分钟');
  assert.equal(formatDuration(125 * 60_000, 'en'), '2 h 5 min');
});
