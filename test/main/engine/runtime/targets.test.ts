// Several gateways under one watcher (settings.targets): each target's settings, data dir and id; the
// worst state; and one TargetSet running a local target and remote ones against fake gateways (tiny HTTP
// servers answering OpenClaw's probe bodies): a remote that goes down is escalated, never restarted,
// the others stay healthy, and a slow target never has two probes in flight.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ClawDocEvent } from '../../../../src/shared/api.js';
import type { HistoryEvent } from '../../../../src/shared/history.js';
import { worstLook } from '../../../../src/shared/health-look.js';
import { fleetRestartCommand, planTargets, targetDataDir, targetSettings, TargetSet, worstOf } from '../../../../src/main/engine/runtime/targets.js';
import { SettingsError, validateSettings } from '../../../../src/main/engine/settings/settings.js';
import { startFakeGateway } from '../../../helpers/fake-gateway.js';
import { main } from '../../../../src/main/cli/clawdoc-cli.js';
import { createMetrics } from '../../../../src/main/engine/metrics/metrics.js';
import { overallLook, statusLook } from '../../../../src/renderer/status-look.js';
import { freePort, waitUntil } from '../../../helpers/gateway.js';

const base = () =>
  validateSettings({
    gateway: { port: 18789, env: { OPENCLAW_STATE_DIR: '/srv/main-state', TZ: 'UTC' } },
    watch: { manage: 'child', intervalSec: 5 },
    restart: { breakerMaxRestarts: 5, backoffSec: [10, 30] },
    alerts: { channels: [{ name: 'ops', type: 'feishu', url: 'https://open.feishu.cn/open-apis/bot/v2/hook/abc' }] },
  });

describe('targets: settings per target', () => {
  it('no targets by default: the one default gateway, in the data dir itself', () => {
    const s = validateSettings({});
    assert.deepEqual(s.targets, []);
    const plans = planTargets('/data', s);
    assert.equal(plans.length, 1);
    assert.equal(plans[0]!.id, 'default');
    assert.equal(plans[0]!.dataDir, '/data');
  });

  it('a remote target is probed at its URL and never managed nor repaired; the rest comes from the top level', () => {
    const s = targetSettings(base(), { id: 'hk', kind: 'remote', url: 'http://10.1.2.3:18790', watch: { intervalSec: 30 } });
    assert.equal(s.gateway.host, '10.1.2.3');
    assert.equal(s.gateway.port, 18790);
    assert.equal(s.watch.manage, 'none');
    assert.equal(s.doctor.enabled, false);
    assert.equal(s.gatewayChannels.enabled, false, 'its chat channels are not checked (nor healed)');
    assert.deepEqual(s.gateway.env, {}, "the local gateway's environment is not this one's");
    assert.equal(s.watch.intervalSec, 30);
    assert.equal(s.alerts.channels[0]!.name, 'ops', 'alerted on the same channels');
    assert.deepEqual(s.targets, []);
  });

  it('a local target has its own profile, port, management mode and restart policy', () => {
    const s = targetSettings(base(), { id: 'ops', kind: 'local', profile: 'ops', port: 19789, manage: 'none', restart: { breakerMaxRestarts: 2 } });
    assert.equal(s.gateway.port, 19789);
    assert.equal(s.gateway.host, '127.0.0.1');
    assert.equal(s.watch.manage, 'none');
    assert.equal(s.gateway.env.OPENCLAW_PROFILE, 'ops');
    assert.equal(s.gateway.env.OPENCLAW_STATE_DIR, undefined, "the default gateway's state dir does not leak into the profile's");
    assert.equal(s.gateway.env.TZ, 'UTC');
    assert.equal(s.restart.breakerMaxRestarts, 2);
    assert.deepEqual(s.restart.backoffSec, [10, 30], 'the rest of the policy from the top level');
    assert.equal(s.doctor.enabled, true);
    assert.equal(base().watch.manage, 'child', 'the top-level settings are left alone');
  });

  it('a fleet cell is restarted by `openclaw fleet restart <tenant>`, never by pid, and not repaired', () => {
    const s = targetSettings(base(), { id: 'acme', kind: 'fleet', tenant: 'acme', port: 19100 });
    assert.equal(s.watch.manage, 'command');
    assert.equal(s.watch.restartCommand, 'openclaw fleet restart acme');
    assert.equal(s.gateway.port, 19100);
    assert.equal(s.doctor.enabled, false);
    assert.equal(fleetRestartCommand('/opt/my openclaw/bin/openclaw', 'acme'), "'/opt/my openclaw/bin/openclaw' fleet restart acme");
  });

  it('each other target has its own data dir under targets/', () => {
    const s = validateSettings({ targets: [{ id: 'hk', kind: 'remote', url: 'http://10.1.2.3:18789' }] });
    const plans = planTargets('/data', s);
    assert.deepEqual(
      plans.map((p) => [p.id, p.kind, p.dataDir]),
      [
        ['default', 'default', '/data'],
        ['hk', 'remote', join('/data', 'targets', 'hk')],
      ],
    );
    assert.equal(targetDataDir('/data', 'default'), '/data');
  });

  it('refuses what would mix gateways up, naming the key', () => {
    const refused = (targets: unknown[], key: RegExp) => {
      assert.throws(
        () => validateSettings({ targets }),
        (err: unknown) => err instanceof SettingsError && err.keys.some((k) => key.test(k)),
        JSON.stringify(targets),
      );
    };
    refused([{ id: 'default', kind: 'local' }], /^targets\.0\.id$/);
    refused([{ id: 'Bad_Id', kind: 'local' }], /^targets\.0\.id$/);
    refused([{ id: 'a', kind: 'remote' }], /^targets\.0\.url$/);
    refused([{ id: 'a', kind: 'remote', url: 'http://h:1', manage: 'child' }], /^targets\.0\.manage$/);
    refused([{ id: 'a', kind: 'remote', url: 'http://h:1', doctor: { enabled: true } }], /^targets\.0\.doctor$/);
    refused([{ id: 'a', kind: 'fleet', tenant: 'acme' }], /^targets\.0\.port$/);
    refused([{ id: 'a', kind: 'local', url: 'http://h:1' }], /^targets\.0\.url$/);
    refused(
      [
        { id: 'a', kind: 'local', port: 1 },
        { id: 'a', kind: 'local', port: 2 },
      ],
      /^targets\.1\.id$/,
    );
    assert.throws(() => planTargets('/d', validateSettings({ targets: [{ id: 'a', kind: 'local', port: 18789 }] })), /both point at 127\.0\.0\.1:18789/);
  });

  it('the worst state wins: down > degraded > working > unknown > healthy', () => {
    assert.equal(worstLook(['healthy', 'down', 'working']), 'down');
    assert.equal(worstLook(['healthy', 'paused']), 'paused');
    assert.equal(worstLook(['healthy', 'degraded', 'working']), 'degraded');
    assert.equal(worstLook([]), 'paused');
    const st = (state: string | null, watching = true) => ({ watching, gateway: state ? ({ state } as never) : null });
    assert.equal(worstOf([st('healthy'), st('escalated')]), 'down');
    assert.equal(worstOf([st('healthy'), st('healthy')]), 'healthy');
    assert.equal(worstOf([st('healthy'), st(null, false)]), 'paused');
  });
});

describe('targets: one watcher, several gateways (fake gateways)', () => {
  it('each target probed under its own id; a remote going down is escalated and alerted but never restarted; a slow one never has two probes in flight', async () => {
    const local = await startFakeGateway();
    const remote = await startFakeGateway();
    const slow = await startFakeGateway({ delayMs: 900 });
    const hook = await startFakeWebhook();
    const dataDir = mkdtempSync(join(tmpdir(), 'clawdoc-targets-'));
    const settings = validateSettings({
      gateway: { port: local.port },
      watch: { manage: 'none', intervalSec: 0.3, retryIntervalSec: 0.2, probeTimeoutSec: 5 },
      doctor: { enabled: false },
      alerts: { channels: [{ name: 'hook', type: 'webhook', url: hook.url }], policy: { remindEveryMin: 0 } },
      targets: [
        { id: 'hk', kind: 'remote', url: remote.url, watch: { failuresBeforeAction: 1 } },
        { id: 'slow', kind: 'remote', url: slow.url, watch: { intervalSec: 0.2 } },
      ],
    });
    const events: ClawDocEvent[] = [];
    const lines: { target: string; e: HistoryEvent }[] = [];
    const set = await TargetSet.watch({ dataDir, settings, onEvent: (e) => events.push(e), onHistoryEvent: (e, target) => lines.push({ target, e }) });
    try {
      assert.deepEqual(
        set.runtimes.map((r) => r.target),
        ['default', 'hk', 'slow'],
      );
      const healthy = async (id: string) => (await set.get(id)!.status()).gateway?.state === 'healthy';
      await waitUntil(async () => (await healthy('default')) && (await healthy('hk')) && (await healthy('slow')), 15_000, 'every target healthy');
      assert.ok(existsSync(join(dataDir, 'targets', 'hk', 'state.json')), "the remote target's own state file");
      assert.ok(existsSync(join(dataDir, 'state.json')), "the default target's state in the data dir itself");

      await remote.close();
      await waitUntil(async () => (await set.get('hk')!.status()).gateway?.state === 'escalated', 15_000, 'the remote target escalated');
      await waitUntil(() => hook.bodies.some((b) => b.includes('manage=none')), 15_000, 'the escalation alert delivered');
      assert.ok(hook.bodies.some((b) => b.includes(`hk (127.0.0.1:${remote.port})`)), `the alert names its target: ${hook.bodies.join('\n').slice(0, 500)}`);
      const hkEvents = lines.filter((l) => l.target === 'hk').map((l) => l.e.type);
      assert.ok(!hkEvents.includes('restart' as never) && !hkEvents.includes('spawned' as never), `never restarted: ${hkEvents.join(', ')}`);
      assert.ok(events.some((e) => e.kind === 'incident-opened' && e.target === 'hk'), 'the incident names its target');
      assert.ok(!events.some((e) => e.kind === 'incident-opened' && e.target !== 'hk'), 'no other target had an incident');
      assert.equal((await set.get('default')!.status()).gateway?.state, 'healthy', 'the local target stayed healthy');
      assert.equal(worstOf(await set.statuses()), 'down');

      // Probe rounds per target never overlap: the slow gateway never had two /healthz in flight.
      await waitUntil(() => slow.stats.healthz >= 3, 15_000, 'a few probes of the slow target');
      assert.equal(slow.stats.maxInFlight, 1, `at most one probe in flight (saw ${slow.stats.maxInFlight})`);
      // Prometheus: the watcher's metrics source is every target; each series carries its target.
      const metrics = createMetrics(set, { version: 'test', processMetrics: false });
      try {
        const text = await metrics.render();
        assert.match(text, /^clawdoc_gateway_up\{target="default"\} 1$/m);
        assert.match(text, /^clawdoc_gateway_up\{target="hk"\} 0$/m);
        assert.match(text, /^clawdoc_gateway_up\{target="slow"\} 1$/m);
      } finally {
        metrics.close();
      }
      // The window's status (the default target's) lists the others; its header shows the worst.
      const primary = await set.primary.status();
      assert.deepEqual(
        primary.targets?.map((x) => [x.target, x.kind, x.port, x.state]),
        [
          ['hk', 'remote', remote.port, 'escalated'],
          ['slow', 'remote', slow.port, 'healthy'],
        ],
      );
      assert.equal(statusLook(primary), 'healthy');
      assert.equal(overallLook(primary), 'down');
      assert.equal((await set.get('hk')!.status()).targets, undefined, "only the default target's status lists them");
      const statuses = await set.statuses();
      assert.deepEqual(
        statuses.map((s) => s.target),
        ['default', 'hk', 'slow'],
      );
    } finally {
      await set.stop();
      await Promise.all([local.close(), slow.close(), hook.close()]);
    }
  });
});

describe('targets: live settings changes', () => {
  it('a change made on the data dir (window, `settings set`) reaches every target: shared keys and its own entry', async () => {
    const local = await startFakeGateway();
    const remote = await startFakeGateway();
    const dataDir = mkdtempSync(join(tmpdir(), 'clawdoc-targets-live-'));
    const settings = { gateway: { port: local.port }, watch: { manage: 'none' }, targets: [{ id: 'hk', kind: 'remote', url: remote.url }] };
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(settings));
    const lines: string[] = [];
    const set = await TargetSet.watch({ dataDir, settings: validateSettings(settings), log: (l) => lines.push(l) });
    try {
      const hk = set.get('hk')!;
      assert.equal(hk.settingsInUse.alerts.policy.remindEveryMin, 60);
      await set.primary.updateSettings({ 'alerts.policy.remindEveryMin': 15, 'targets.0.watch': { intervalSec: 2 } });
      assert.equal(hk.settingsInUse.alerts.policy.remindEveryMin, 15, 'a shared key');
      assert.equal(hk.settingsInUse.watch.intervalSec, 2, "the target's own entry");
      assert.equal(hk.settingsInUse.watch.manage, 'none', 'still never managed');
      assert.equal(set.primary.settingsInUse.watch.intervalSec, 5, 'the default target keeps its own');
      await set.primary.updateSettings({ targets: [{ id: 'hk', kind: 'remote', url: remote.url }, { id: 'new', kind: 'remote', url: 'http://10.9.9.9:1' }] });
      assert.ok(lines.some((l) => /new targets new are watched when the watcher restarts/.test(l)), lines.join('\n'));
    } finally {
      await set.stop();
      await Promise.all([local.close(), remote.close()]);
    }
  });
});

describe('targets: a damaged file is told by its own target', () => {
  it('proposals.json damaged in the data dir and in targets/hk/: each problem names its target and its file', async () => {
    const local = await startFakeGateway();
    const remote = await startFakeGateway();
    const dataDir = mkdtempSync(join(tmpdir(), 'clawdoc-targets-problems-'));
    const settings = validateSettings({
      gateway: { port: local.port },
      watch: { manage: 'none' },
      alerts: { enabled: false },
      targets: [{ id: 'hk', kind: 'remote', url: remote.url }],
    });
    const events: ClawDocEvent[] = [];
    const set = await TargetSet.watch({ dataDir, settings, onEvent: (e) => events.push(e) });
    try {
      writeFileSync(join(dataDir, 'proposals.json'), '[{"id": "half');
      writeFileSync(join(dataDir, 'targets', 'hk', 'proposals.json'), '{broken');
      await set.primary.proposals({ all: true });
      await set.get('hk')!.proposals({ all: true });
      const problems = events.flatMap((e) => (e.kind === 'problem' ? [[e.target, e.problem.file]] : []));
      assert.deepEqual(problems, [
        ['default', 'proposals.json'],
        ['hk', 'proposals.json'],
      ]);
    } finally {
      await set.stop();
      await Promise.all([local.close(), remote.close()]);
    }
  });
});

describe('targets: the command line', () => {
  it('`clawdoc status` lists every target with the worst state; `restart --target` refuses a remote one, pauses reach their own target', async () => {
    const local = await startFakeGateway();
    const remote = await startFakeGateway();
    const dataDir = mkdtempSync(join(tmpdir(), 'clawdoc-targets-cli-'));
    const settings = {
      gateway: { port: local.port },
      watch: { manage: 'none', intervalSec: 0.3 },
      alerts: { enabled: false },
      targets: [{ id: 'hk', kind: 'remote', url: remote.url }],
    };
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(settings));
    const set = await TargetSet.watch({ dataDir, settings: validateSettings(settings) });
    const cli = async (...args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main([...args, '--data-dir', dataDir], { out: (l) => out.push(l), err: (l) => err.push(l) });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    try {
      await waitUntil(async () => (await set.statuses()).every((s) => s.gateway?.state === 'healthy'), 15_000, 'both healthy');
      const json = JSON.parse((await cli('status', '--json')).out) as { worst: string; targets: { target: string; kind: string; state: string; watching: boolean }[] };
      assert.equal(json.worst, 'healthy');
      assert.deepEqual(
        json.targets.map((t) => [t.target, t.kind, t.state, t.watching]),
        [
          ['default', 'default', 'healthy', true],
          ['hk', 'remote', 'healthy', true],
        ],
      );
      await remote.close();
      await waitUntil(async () => (await set.get('hk')!.status()).gateway?.state === 'escalated', 15_000, 'hk escalated');
      const text = (await cli('status')).out;
      assert.match(text, /^Targets: 2, worst: down$/m);
      assert.match(text, /^Gateway: healthy/m, "then the default target's details, as without targets");
      assert.match(text, new RegExp(`^  hk +remote +127\\.0\\.0\\.1:${remote.port} +escalated`, 'm'));
      const refused = await cli('restart', '--target', 'hk');
      assert.equal(refused.code, 2);
      assert.match(refused.err, /remote gateway: ClawDoc watches and alerts, it never restarts it/);
      assert.equal((await cli('pause', '--target', 'nope')).code, 2);
      const paused = await cli('pause', '--target', 'hk');
      assert.equal(paused.code, 0, paused.err);
      assert.equal((await set.get('hk')!.status()).gateway?.state, 'paused', 'the pause reached hk');
      assert.equal((await set.primary.status()).gateway?.state, 'healthy', 'and not the default target');
    } finally {
      await set.stop();
      await local.close();
    }
  });
});

async function startFakeWebhook(): Promise<{ url: string; bodies: string[]; close: () => Promise<void> }> {
  const http = await import('node:http');
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      bodies.push(body);
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${port}/hook`,
    bodies,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}
