// KeepAlive install/uninstall/status with a recording runner: which commands run, which files are
// written and backed up, per OS. Linux also runs for real below where systemd is not available.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { installKeepAlive, keepAliveStatus, uninstallKeepAlive, type KeepAliveContext } from '../../../../src/main/engine/keepalive/keepalive.js';
import { ServiceManager, CommandManager, openclawServiceTarget } from '../../../../src/main/engine/manage/service.js';
import type { PlatformEnv } from '../../../../src/main/engine/paths.js';
import { defaultSettings } from '../../../../src/main/engine/settings/settings.js';
import type { ExecResult, Runner } from '../../../../src/main/engine/util/exec.js';

function recorder(answers: (file: string, args: string[]) => Partial<ExecResult> = () => ({ code: 0 })) {
  const calls: string[] = [];
  const run: Runner = async (file, args) => {
    calls.push([file, ...args].join(' '));
    return { code: 0, signal: null, stdout: '', stderr: '', timedOut: false, ...answers(file, args) };
  };
  return { calls, run };
}

function ctx(platform: NodeJS.Platform, run: Runner): KeepAliveContext & { home: string } {
  const home = mkdtempSync(join(tmpdir(), 'clawdoc-ka-'));
  const p: PlatformEnv = { platform, env: { OPENCLAW_STATE_DIR: join(home, '.openclaw'), PATH: '/usr/bin' }, home };
  return { settings: defaultSettings(), platform: p, dataDir: join(home, 'data'), uid: 501, userName: 'ada', run, home };
}

const fail = { code: 1, stderr: 'error: gateway install is unavailable here' };

describe('keepalive install', () => {
  it('uses `openclaw gateway install` when it works, and writes nothing itself', async () => {
    const r = recorder();
    const c = ctx('linux', r.run);
    const result = await installKeepAlive(c);
    assert.equal(result.via, 'openclaw');
    assert.deepEqual(r.calls, ['openclaw gateway install']);
    assert.equal(existsSync(join(c.home, '.config', 'systemd', 'user', 'clawdoc-gateway.service')), false);
  });

  it('Linux: falls back to its own systemd user unit, then daemon-reload and enable --now', async () => {
    const r = recorder((file) => (file === 'openclaw' ? fail : { code: 0 }));
    const c = ctx('linux', r.run);
    const result = await installKeepAlive(c);
    assert.equal(result.via, 'clawdoc');
    assert.equal(result.ok, true);
    const unit = join(c.home, '.config', 'systemd', 'user', 'clawdoc-gateway.service');
    assert.match(readFileSync(unit, 'utf8'), /^ExecStart="openclaw" "gateway" "run" "--port" "18789"$/m);
    assert.match(readFileSync(unit, 'utf8'), new RegExp(`OPENCLAW_STATE_DIR=${c.home}/.openclaw`));
    assert.deepEqual(r.calls, ['openclaw gateway install', 'systemctl --user daemon-reload', 'systemctl --user enable --now clawdoc-gateway.service']);
  });

  it('macOS: writes a com.clawdoc.gateway plist and bootstraps it into gui/<uid>', async () => {
    const r = recorder((file) => (file === 'openclaw' ? fail : { code: 0 }));
    const c = ctx('darwin', r.run);
    const result = await installKeepAlive(c);
    const plist = join(c.home, 'Library', 'LaunchAgents', 'com.clawdoc.gateway.plist');
    assert.equal(result.path, plist);
    assert.match(readFileSync(plist, 'utf8'), /<string>com\.clawdoc\.gateway<\/string>/);
    assert.deepEqual(r.calls.slice(1), [`launchctl bootstrap gui/501 ${plist}`]);
  });

  it('Windows: registers the task from XML and runs it', async () => {
    const r = recorder((file) => (file === 'openclaw' ? fail : { code: 0 }));
    const c = ctx('win32', r.run);
    const result = await installKeepAlive(c);
    assert.match(readFileSync(result.path!, 'utf8'), /<LogonTrigger>/);
    assert.deepEqual(r.calls.slice(1), [`schtasks /Create /TN ClawDoc Gateway /XML ${result.path} /F`, 'schtasks /Run /TN ClawDoc Gateway']);
  });

  it('backs up a file it replaces and reports a failed activation without hiding it', async () => {
    const r = recorder((file) => (file === 'openclaw' ? fail : file === 'systemctl' ? { code: 1, stderr: 'Failed to connect to bus: No medium found' } : { code: 0 }));
    const c = ctx('linux', r.run);
    const unit = join(c.home, '.config', 'systemd', 'user', 'clawdoc-gateway.service');
    mkdirSync(dirname(unit), { recursive: true });
    writeFileSync(unit, '# my edits\n');
    const result = await installKeepAlive(c, { own: true });
    assert.equal(result.ok, false);
    assert.ok(!r.calls.includes('openclaw gateway install'), '--own skips OpenClaw\'s installer');
    const failed = result.steps.find((s) => !s.ok)!;
    assert.match(failed.detail, /Failed to connect to bus/);
    const backup = readdirSync(dirname(unit)).find((f) => f.startsWith('clawdoc-gateway.service.bak-'))!;
    assert.equal(readFileSync(join(dirname(unit), backup), 'utf8'), '# my edits\n');
  });

  it('uninstall removes only ClawDoc\'s own unit, never OpenClaw\'s', async () => {
    const r = recorder();
    const c = ctx('linux', r.run);
    const ours = join(c.home, '.config', 'systemd', 'user', 'clawdoc-gateway.service');
    const theirs = join(c.home, '.config', 'systemd', 'user', 'openclaw-gateway.service');
    mkdirSync(dirname(ours), { recursive: true });
    writeFileSync(ours, 'x');
    writeFileSync(theirs, 'y');
    await uninstallKeepAlive(c);
    assert.equal(existsSync(ours), false);
    assert.equal(existsSync(theirs), true);
    assert.deepEqual(r.calls, ['systemctl --user disable --now clawdoc-gateway.service', 'systemctl --user daemon-reload']);
  });

  it('status finds OpenClaw\'s unit file and asks schtasks on Windows', async () => {
    const r = recorder();
    const c = ctx('linux', r.run);
    const theirs = join(c.home, '.config', 'systemd', 'user', 'openclaw-gateway.service');
    mkdirSync(dirname(theirs), { recursive: true });
    writeFileSync(theirs, 'y');
    const list = await keepAliveStatus(c);
    assert.deepEqual(list.map((s) => [s.target.owner, s.installed]), [['openclaw', true], ['clawdoc', false]]);
    const w = recorder((_f, args) => (args.includes('OpenClaw Gateway') ? { code: 0 } : { code: 1, stderr: 'ERROR: The system cannot find the file specified.' }));
    const winList = await keepAliveStatus(ctx('win32', w.run));
    assert.deepEqual(winList.map((s) => [s.target.name, s.installed]), [['OpenClaw Gateway', true], ['ClawDoc Gateway', false]]);
    assert.deepEqual(w.calls, ['schtasks /Query /TN OpenClaw Gateway', 'schtasks /Query /TN ClawDoc Gateway']);
  });
});

describe('service and command managers', () => {
  it('service restart tries `openclaw gateway restart` first, then the OS command', async () => {
    const r = recorder((file) => (file === 'openclaw' ? { code: null, timedOut: true } : { code: 0 }));
    const p: PlatformEnv = { platform: 'darwin', env: {}, home: '/Users/ada' };
    const m = new ServiceManager({ openclawPath: 'openclaw', env: {}, target: openclawServiceTarget(p), uid: 501, timeoutMs: 1000, killTimeoutMs: 1000, run: r.run });
    const out = await m.restart();
    assert.equal(out.ok, true);
    assert.equal(out.via, 'launchctl kickstart -k gui/501/ai.openclaw.gateway');
    assert.deepEqual(r.calls, ['openclaw gateway restart', 'launchctl kickstart -k gui/501/ai.openclaw.gateway']);
  });

  it('service restart reports every failure when nothing works', async () => {
    const r = recorder(() => ({ code: 1, stderr: 'Unit openclaw-gateway.service not found.' }));
    const p: PlatformEnv = { platform: 'linux', env: {}, home: '/home/ada' };
    const m = new ServiceManager({ openclawPath: 'openclaw', env: {}, target: openclawServiceTarget(p), uid: 1000, timeoutMs: 1000, killTimeoutMs: 1000, run: r.run });
    const out = await m.restart();
    assert.equal(out.ok, false);
    assert.match(out.detail ?? '', /openclaw gateway restart: exit 1.*systemctl --user restart openclaw-gateway\.service: exit 1 Unit openclaw-gateway\.service not found\./);
  });

  it('command mode runs the user\'s command through the shell, for real', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clawdoc-cmd-'));
    const marker = join(dir, 'restarted');
    const ok = await new CommandManager(`echo restarted > "${marker}"`, 5000, process.env).restart();
    assert.equal(ok.ok, true);
    assert.equal(readFileSync(marker, 'utf8').trim(), 'restarted');
    const bad = await new CommandManager('exit 3', 5000, process.env).restart();
    assert.equal(bad.ok, false);
    assert.match(bad.detail ?? '', /exit 3/);
  });
});
