// The tray with several targets (settings.targets): the icon shows the worst state of all, the menu and
// the tooltip list each target with its state, in English and Chinese; one target alone: as before.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RuntimeStatus } from '../../../src/shared/api.js';
import { iconStateFor, menuFor, tooltipFor, type TrayView } from '../../../src/main/electron/tray-model.js';
import { trayStrings } from '../../../src/main/electron/tray-strings.js';
import { NOW, runtimeStatus, snapshot } from './tray-helpers.js';

const en = trayStrings('en');
const zh = trayStrings('zh');

function view(status: RuntimeStatus | null, targets?: TrayView['targets']): TrayView {
  return { status, mode: 'hosted', restarting: false, diagnosing: false, proposals: [], autostart: { supported: false, enabled: false }, language: 'auto', now: NOW, ...(targets ? { targets } : {}) };
}

const at = (state: Parameters<typeof snapshot>[0], target: string) => runtimeStatus(snapshot(state, { since: NOW - 120_000 }), { target });

describe('tray with several targets', () => {
  it('the icon is the worst state of every target', () => {
    const healthy = at('healthy', 'default');
    assert.equal(iconStateFor(view(healthy, [{ id: 'ops', status: at('healthy', 'ops') }])), 'healthy');
    assert.equal(iconStateFor(view(healthy, [{ id: 'ops', status: at('escalated', 'ops') }, { id: 'hk', status: at('degraded', 'hk') }])), 'down');
    assert.equal(iconStateFor(view(healthy, [{ id: 'hk', status: at('starting', 'hk') }])), 'working');
    assert.equal(iconStateFor(view(at('down', 'default'), [{ id: 'hk', status: at('healthy', 'hk') }])), 'down', 'the default one counts too');
    assert.equal(iconStateFor(view(healthy, [{ id: 'hk', status: null }])), 'paused', 'a target nobody answers for is unknown, worse than healthy');
    assert.equal(iconStateFor(view(healthy)), 'healthy', 'no other target: as before');
  });

  it('the menu and the tooltip list each target with its state', () => {
    const v = view(at('healthy', 'default'), [
      { id: 'ops', status: at('recovering', 'ops') },
      { id: 'hk', status: null },
    ]);
    const menu = menuFor(v, en);
    assert.equal(menu[0]!.id, 'status');
    assert.deepEqual(
      menu.slice(1, 3).map((i) => [i.id, i.label, i.submenu?.map((x) => [x.id, x.enabled, x.action])]),
      [
        [
          'target:ops',
          'ops: recovering · 2 min',
          [
            ['target-restart:ops', true, { type: 'restart', target: 'ops' }],
            ['target-pause:ops', true, { type: 'pause', minutes: 30, target: 'ops' }],
          ],
        ],
        [
          'target:hk',
          'hk: unknown',
          [
            ['target-restart:hk', false, { type: 'restart', target: 'hk' }],
            ['target-pause:hk', false, { type: 'pause', minutes: 30, target: 'hk' }],
          ],
        ],
      ],
      'each target acts on its own; one nobody watches cannot be acted on',
    );
    const tip = tooltipFor(v, en, 'linux').split('\n');
    assert.equal(tip[0], `ClawDoc — ${en.icon.working}`, 'the worst look first');
    assert.ok(tip.includes('ops: recovering · 2 min') && tip.includes('hk: unknown'), tip.join(' | '));
    const zhMenu = menuFor(v, zh);
    assert.match(zhMenu[1]!.label!, /^ops：/);
    assert.equal(menuFor(view(at('healthy', 'default')), en).filter((i) => i.id?.startsWith('target:')).length, 0);
  });
});
