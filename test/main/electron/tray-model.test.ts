// The tray as pure functions: the icon for each gateway state (shape, not colour alone), the tooltip
// (state and for how long, last incident, a channel down), the menu per state with its disabled items.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { RuntimeStatus } from '../../../src/shared/api.js';
import { GATEWAY_STATES, type GatewayHold, type GatewayState } from '../../../src/shared/status.js';
import { iconFile, iconStateFor, menuFor, TRAY_ICON_STATES, tooltipFor, type MenuModelItem, type TrayView } from '../../../src/main/electron/tray-model.js';
import { resolveTrayLanguage, trayStrings } from '../../../src/main/electron/tray-strings.js';
import { ROOT } from '../../helpers/gateway.js';
import { NOW, proposal, runtimeStatus, snapshot } from './tray-helpers.js';

const en = trayStrings('en');
const zh = trayStrings('zh');

function view(status: RuntimeStatus | null, extra: Partial<TrayView> = {}): TrayView {
  return { status, mode: 'hosted', restarting: false, diagnosing: false, proposals: [], autostart: { supported: true, enabled: false }, language: 'auto', now: NOW, ...extra };
}

function item(menu: MenuModelItem[], id: string): MenuModelItem | undefined {
  for (const i of menu) {
    if (i.id === id) return i;
    const inner = i.submenu && item(i.submenu, id);
    if (inner) return inner;
  }
  return undefined;
}

describe('tray icon', () => {
  const expected: Record<GatewayState, string> = {
    healthy: 'healthy',
    starting: 'working',
    recovering: 'working',
    degraded: 'degraded',
    down: 'down',
    escalated: 'down',
    paused: 'paused',
  };
  for (const state of GATEWAY_STATES) {
    it(`${state} → ${expected[state]}`, () => {
      assert.equal(iconStateFor(view(runtimeStatus(snapshot(state)))), expected[state]);
    });
  }

  it('unknown (no answer yet, never watched, or nobody watching) shows the paused/unknown icon', () => {
    assert.equal(iconStateFor(view(null)), 'paused');
    assert.equal(iconStateFor(view(runtimeStatus(null))), 'paused');
    assert.equal(iconStateFor(view(runtimeStatus(snapshot('healthy'), { watching: false }))), 'paused');
  });

  it('a healthy gateway with a channel down, or an alert channel failing, is degraded', () => {
    const probe = { verdict: 'healthy' as const, at: NOW, latencyMs: 3, failing: ['telegram'] };
    assert.equal(iconStateFor(view(runtimeStatus(snapshot('healthy', { lastProbe: probe })))), 'degraded');
    const failingAlerts = runtimeStatus(snapshot('healthy'), {
      alerts: { enabled: true, outboxSize: 1, channels: [{ channel: 'ops', type: 'feishu', enabled: true, last: { channel: 'ops', at: NOW, ok: false, text: 'sign not match', alerts: 1 } }] },
    });
    assert.equal(iconStateFor(view(failingAlerts)), 'degraded');
  });

  it('a restart from the menu shows the working icon until it ends', () => {
    assert.equal(iconStateFor(view(runtimeStatus(snapshot('healthy')), { restarting: true })), 'working');
  });

  it('each OS gets its kind of file, and every file exists: templates on macOS, .ico on Windows, PNG on Linux', () => {
    for (const s of TRAY_ICON_STATES) {
      assert.equal(iconFile(s, 'darwin'), `tray/${s}Template.png`);
      assert.equal(iconFile(s, 'win32'), `tray/${s}.ico`);
      assert.equal(iconFile(s, 'linux'), `tray/${s}.png`);
      for (const f of [iconFile(s, 'darwin'), iconFile(s, 'darwin').replace('.png', '@2x.png'), iconFile(s, 'win32'), iconFile(s, 'linux'), iconFile(s, 'linux').replace('.png', '@2x.png')]) {
        assert.ok(existsSync(join(ROOT, 'assets', f)), f);
      }
    }
  });

  it('the five icons differ in shape, not only in colour: their macOS templates (black + alpha) all differ', () => {
    const alpha = (s: string) => readFileSync(join(ROOT, 'assets', iconFile(s as never, 'darwin'))).toString('base64');
    assert.equal(new Set(TRAY_ICON_STATES.map(alpha)).size, TRAY_ICON_STATES.length);
  });
});

describe('tray tooltip', () => {
  it('says the state and for how long', () => {
    assert.equal(tooltipFor(view(runtimeStatus(snapshot('healthy'))), en, 'linux'), 'ClawDoc — Gateway: healthy · 3 h 5 min');
    assert.equal(tooltipFor(view(runtimeStatus(snapshot('healthy'))), zh, 'linux'), 'ClawDoc — 网关：健康 · 3 小时 5 分钟');
  });

  it('names the last incident, a channel down and an attached watcher', () => {
    const last = { id: 'i1', openedAt: NOW - 7200_000, closedAt: NOW - 3600_000, cause: 'exited with code 1', restarts: 1, resolution: 'recovered' as const };
    const probe = { verdict: 'not-ready' as const, at: NOW, latencyMs: 3, failing: ['discord'] };
    const t = tooltipFor(view(runtimeStatus(snapshot('degraded', { lastIncident: last, lastProbe: probe })), { mode: 'attached' }), en, 'linux');
    assert.match(t, /Gateway: degraded/);
    assert.match(t, /Last incident 1 h 0 min ago: exited with code 1 \(recovered\)/);
    assert.match(t, /Channel down: discord/);
    assert.match(t, /Attached to `clawdoc watch` \(pid 4242\)/);
  });

  it('a gateway chat channel the channel monitor found down is named with its last error (the gateway itself is ready)', () => {
    const gatewayChannels = [
      { channel: 'irc', accountId: 'default', label: 'IRC', state: 'down' as const, since: NOW - 60_000, lastError: 'connect ECONNREFUSED 127.0.0.1:6667' },
      { channel: 'telegram', accountId: 'work', label: 'Telegram', state: 'needs-human' as const, since: NOW - 60_000, lastError: '401 Unauthorized' },
      { channel: 'feishu', accountId: 'default', label: 'Feishu', state: 'unhealthy' as const, since: NOW - 10_000 },
    ];
    const probe = { verdict: 'healthy' as const, at: NOW, latencyMs: 3, failing: [] };
    const status = runtimeStatus(snapshot('degraded', { gatewayChannels, lastProbe: probe }));
    const t = tooltipFor(view(status), en, 'linux');
    assert.match(t, /Channel down: IRC: connect ECONNREFUSED 127\.0\.0\.1:6667, Telegram \(work\): 401 Unauthorized/);
    assert.doesNotMatch(t, /Feishu/, 'still within its grace: not down yet');
    assert.match(tooltipFor(view(status), zh, 'linux'), /通道异常：IRC: connect ECONNREFUSED/);
    assert.equal(iconStateFor(view(status)), 'degraded');
  });

  it('an open incident is named instead of the last one', () => {
    const open = { id: 'i2', openedAt: NOW - 60_000, cause: 'not answering (timeout)', restarts: 2 };
    assert.match(tooltipFor(view(runtimeStatus(snapshot('escalated', { incident: open }))), en, 'darwin'), /Incident: not answering \(timeout\)/);
  });

  it('says until when monitoring is paused', () => {
    const s = runtimeStatus(snapshot('paused'), { pausedUntil: NOW + 30 * 60_000 });
    assert.match(tooltipFor(view(s), en, 'linux'), /Monitoring paused until/);
    assert.match(tooltipFor(view(runtimeStatus(snapshot('paused'))), en, 'linux'), /paused until resumed/);
  });

  it('says when ClawDoc holds off: an OpenClaw update, a parked gateway, OpenClaw\'s own breaker (until when)', () => {
    const held = (hold: GatewayHold) => runtimeStatus(snapshot('degraded', { hold }));
    assert.match(tooltipFor(view(held({ kind: 'update', since: NOW - 60_000, reason: 'update', phase: 'staging' })), en, 'linux'), /Holding off: an OpenClaw update is in progress/);
    assert.match(tooltipFor(view(held({ kind: 'parked', since: NOW, reason: 'exit 79' })), zh, 'linux'), /暂不干预：OpenClaw 更新程序已停放网关/);
    const breaker = tooltipFor(view(held({ kind: 'openclaw-breaker', since: NOW, reason: 'breaker', until: NOW + 300_000, channels: ['irc'] })), en, 'linux');
    assert.match(breaker, /Holding off: OpenClaw's breaker keeps channels down until \d{1,2}:\d{2}/);
    assert.doesNotMatch(tooltipFor(view(runtimeStatus(snapshot('degraded'))), en, 'linux'), /Holding off/);
  });

  it('fits Windows\' 127 characters with whole lines', () => {
    const last = { id: 'i1', openedAt: NOW - 7200_000, closedAt: NOW - 3600_000, cause: 'x'.repeat(100), restarts: 1 };
    const probe = { verdict: 'not-ready' as const, at: NOW, latencyMs: 3, failing: ['discord', 'telegram', 'slack'] };
    const t = tooltipFor(view(runtimeStatus(snapshot('degraded', { lastIncident: last, lastProbe: probe })), { mode: 'attached' }), en, 'win32');
    assert.ok(t.length <= 127, `${t.length}`);
    assert.ok(t.startsWith('ClawDoc — Gateway: degraded'));
    assert.ok(tooltipFor(view(runtimeStatus(snapshot('degraded', { lastIncident: last, lastProbe: probe })), { mode: 'attached' }), en, 'linux').length > 127);
  });
});

describe('tray menu', () => {
  it('healthy: status line, restart, diagnose, pause (30 min / 1 h / until resumed), open, launch at login, CLI, language, quit', () => {
    const m = menuFor(view(runtimeStatus(snapshot('healthy'))), en);
    assert.deepEqual(
      m.filter((i) => i.type !== 'separator').map((i) => i.id),
      ['status', 'restart', 'diagnose', 'pause', 'open', 'autostart', 'install-cli', 'language', 'quit'],
    );
    assert.equal(item(m, 'status')!.enabled, false);
    assert.equal(item(m, 'status')!.label, 'Gateway: healthy · 3 h 5 min');
    assert.equal(item(m, 'restart')!.enabled, true);
    assert.deepEqual(item(m, 'pause')!.submenu!.map((i) => i.action), [{ type: 'pause', minutes: 30 }, { type: 'pause', minutes: 60 }, { type: 'pause' }]);
    assert.equal(item(m, 'resume'), undefined);
  });

  it('while a restart runs, "Restart gateway" is disabled and says so', () => {
    const r = item(menuFor(view(runtimeStatus(snapshot('recovering')), { restarting: true }), en), 'restart')!;
    assert.equal(r.enabled, false);
    assert.equal(r.label, 'Restarting gateway…');
  });

  it('without a watcher, the actions that need one are disabled', () => {
    const m = menuFor(view(null, { mode: 'none' }), en);
    assert.equal(item(m, 'restart')!.enabled, false);
    assert.equal(item(m, 'pause')!.enabled, false);
    assert.equal(item(m, 'pause-30')!.enabled, false);
    assert.equal(item(m, 'open')!.enabled, undefined, 'the window still opens');
    assert.equal(item(m, 'status')!.label, 'Gateway: unknown');
  });

  it('paused: a "Resume monitoring" item replaces the pause submenu', () => {
    const m = menuFor(view(runtimeStatus(snapshot('paused'), { pausedUntil: NOW + 3600_000 })), en);
    assert.deepEqual(item(m, 'resume')!.action, { type: 'resume' });
    assert.equal(item(m, 'pause'), undefined);
    assert.match(item(m, 'paused')!.label!, /Monitoring paused until/);
  });

  it('fixes awaiting approval: one "Approve" item each, and a way to review them', () => {
    const m = menuFor(view(runtimeStatus(snapshot('escalated')), { proposals: [proposal('p1', 'Restore the last good config'), proposal('p2', 'Remove gateway.bogus')] }), en);
    assert.equal(item(m, 'proposals')!.label, 'Fixes awaiting approval (2)');
    assert.deepEqual(item(m, 'approve:p1')!.action, { type: 'approve', proposalId: 'p1' });
    assert.equal(item(m, 'approve:p2')!.label, 'Approve: Remove gateway.bogus');
    assert.deepEqual(item(m, 'review-fixes')!.action, { type: 'open', route: '#/proposals' });
    assert.equal(item(menuFor(view(runtimeStatus(snapshot('healthy'))), en), 'proposals'), undefined, 'none: no submenu');
  });

  it('"Launch at login" is a checkbox with the real state, and says when macOS still needs approval', () => {
    const off = item(menuFor(view(runtimeStatus(snapshot('healthy'))), en), 'autostart')!;
    assert.equal(off.type, 'checkbox');
    assert.equal(off.checked, false);
    assert.deepEqual(off.action, { type: 'autostart', enable: true });
    const on = item(menuFor(view(runtimeStatus(snapshot('healthy')), { autostart: { supported: true, enabled: true, needsApproval: true } }), en), 'autostart')!;
    assert.equal(on.checked, true);
    assert.deepEqual(on.action, { type: 'autostart', enable: false });
    assert.match(on.label!, /System Settings/);
    assert.equal(item(menuFor(view(runtimeStatus(snapshot('healthy')), { autostart: { supported: false, enabled: false } }), en), 'autostart'), undefined);
  });

  it('the CLI item installs, then names where the command is', () => {
    assert.deepEqual(item(menuFor(view(runtimeStatus(snapshot('healthy'))), en), 'install-cli')!.action, { type: 'install-cli' });
    const done = item(menuFor(view(runtimeStatus(snapshot('healthy')), { cliPath: '/home/u/.local/bin/clawdoc' }), en), 'install-cli')!;
    assert.equal(done.enabled, false);
    assert.match(done.label!, /\/home\/u\/\.local\/bin\/clawdoc/);
  });

  it('language: three radio items, the setting checked', () => {
    const m = menuFor(view(runtimeStatus(snapshot('healthy')), { language: 'zh' }), zh);
    const lang = item(m, 'language')!;
    assert.equal(lang.label, '语言');
    assert.deepEqual(lang.submenu!.map((i) => [i.id, i.type, i.checked]), [
      ['language:auto', 'radio', false],
      ['language:zh', 'radio', true],
      ['language:en', 'radio', false],
    ]);
    assert.equal(item(m, 'restart')!.label, '重启网关');
    assert.equal(item(m, 'quit')!.label, '退出 ClawDoc');
  });

  it('auto follows the OS locale; a setting wins over it', () => {
    assert.equal(resolveTrayLanguage('auto', 'zh-CN'), 'zh');
    assert.equal(resolveTrayLanguage('auto', 'zh-Hant-TW'), 'zh');
    assert.equal(resolveTrayLanguage('auto', 'en-US'), 'en');
    assert.equal(resolveTrayLanguage('en', 'zh-CN'), 'en');
    assert.equal(resolveTrayLanguage('zh', 'de-DE'), 'zh');
  });

  it('every English string has a Chinese one', () => {
    const keys = (o: object) => Object.keys(o).sort();
    assert.deepEqual(keys(zh), keys(en));
    for (const k of Object.keys(en) as (keyof typeof en)[]) {
      if (typeof en[k] === 'string' && k !== 'appName') assert.notEqual(zh[k], en[k], `${k} is translated`);
    }
  });
});
