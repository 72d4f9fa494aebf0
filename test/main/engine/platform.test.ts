// Per-OS paths, service names, restart command lines and KeepAlive templates, for every OS path.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultDataDir, openclawConfigPath, openclawStateDir, type PlatformEnv } from '../../../src/main/engine/paths.js';
import { clawdocServiceTarget, openclawServiceTarget, osRestartCommand, restartCommands } from '../../../src/main/engine/manage/service.js';
import { gatewayArgs } from '../../../src/main/engine/manage/child.js';
import { renderLaunchdPlist, renderSystemdUnit, renderWindowsTaskXml, systemdQuote, windowsQuote, type KeepAliveSpec } from '../../../src/main/engine/keepalive/unit-files.js';

const mac: PlatformEnv = { platform: 'darwin', env: {}, home: '/Users/ada' };
const linux: PlatformEnv = { platform: 'linux', env: {}, home: '/home/ada' };
const win: PlatformEnv = { platform: 'win32', env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, home: 'C:\\Users\\ada' };

describe('paths per OS', () => {
  it('data dir follows each OS convention and CLAWDOC_DATA_DIR overrides', () => {
    assert.equal(defaultDataDir(mac), '/Users/ada/Library/Application Support/ClawDoc');
    assert.equal(defaultDataDir(linux), '/home/ada/.config/clawdoc');
    assert.equal(defaultDataDir({ ...linux, env: { XDG_CONFIG_HOME: '/xdg' } }), '/xdg/clawdoc');
    assert.match(defaultDataDir(win), /Roaming[\\/]ClawDoc$/);
    assert.equal(defaultDataDir({ ...linux, env: { CLAWDOC_DATA_DIR: '/data/cd' } }), '/data/cd');
  });

  it('OpenClaw state and config honor OPENCLAW_STATE_DIR, OPENCLAW_CONFIG_PATH and profiles', () => {
    assert.equal(openclawStateDir(linux), '/home/ada/.openclaw');
    assert.equal(openclawStateDir({ ...linux, env: { OPENCLAW_PROFILE: 'work' } }), '/home/ada/.openclaw-work');
    assert.equal(openclawConfigPath({ ...linux, env: { OPENCLAW_STATE_DIR: '/s' } }), '/s/openclaw.json');
    assert.equal(openclawConfigPath({ ...linux, env: { OPENCLAW_CONFIG_PATH: '/c.json5' } }), '/c.json5');
  });
});

describe('service restart commands per OS', () => {
  it('macOS: openclaw gateway restart, then launchctl kickstart -k gui/<uid>/ai.openclaw.gateway', () => {
    const t = openclawServiceTarget(mac)!;
    assert.equal(t.file, '/Users/ada/Library/LaunchAgents/ai.openclaw.gateway.plist');
    assert.deepEqual(restartCommands('openclaw', t, 501), [
      { file: 'openclaw', args: ['gateway', 'restart'] },
      { file: 'launchctl', args: ['kickstart', '-k', 'gui/501/ai.openclaw.gateway'] },
    ]);
  });

  it('Linux: systemctl --user restart openclaw-gateway.service', () => {
    assert.deepEqual(osRestartCommand(openclawServiceTarget(linux)!, 1000), { file: 'systemctl', args: ['--user', 'restart', 'openclaw-gateway.service'] });
  });

  it('Windows: schtasks /Run /TN "OpenClaw Gateway"', () => {
    assert.deepEqual(osRestartCommand(openclawServiceTarget(win)!, 0), { file: 'schtasks', args: ['/Run', '/TN', 'OpenClaw Gateway'] });
  });

  it('profiles get OpenClaw\'s suffixes, and OpenClaw\'s own override variables win', () => {
    const p = (x: PlatformEnv) => ({ ...x, env: { ...x.env, OPENCLAW_PROFILE: 'work' } });
    assert.equal(openclawServiceTarget(p(mac))!.name, 'ai.openclaw.work');
    assert.equal(openclawServiceTarget(p(linux))!.name, 'openclaw-gateway-work.service');
    assert.equal(openclawServiceTarget(p(win))!.name, 'OpenClaw Gateway (work)');
    assert.equal(openclawServiceTarget({ ...linux, env: { OPENCLAW_SYSTEMD_UNIT: 'my-gw' } })!.name, 'my-gw.service');
    assert.equal(openclawServiceTarget({ ...mac, env: { OPENCLAW_LAUNCHD_LABEL: 'x.y' } })!.name, 'x.y');
  });

  it('ClawDoc\'s own units never use the ai.openclaw. prefix, and skip `openclaw gateway restart`', () => {
    for (const p of [mac, linux, win]) {
      const t = clawdocServiceTarget(p)!;
      assert.ok(!t.name.startsWith('ai.openclaw.'), t.name);
      assert.equal(restartCommands('openclaw', t, 1)[0]!.file === 'openclaw', false);
    }
  });

  it('child mode passes the watched port unless the user gave one', () => {
    assert.deepEqual(gatewayArgs(['gateway', 'run'], 18790), ['gateway', 'run', '--port', '18790']);
    assert.deepEqual(gatewayArgs(['gateway', 'run', '--port=1'], 18790), ['gateway', 'run', '--port=1']);
  });
});

const spec: KeepAliveSpec = {
  name: 'com.clawdoc.gateway',
  program: '/opt/open claw/bin/openclaw',
  args: ['gateway', 'run', '--port', '18789'],
  env: { OPENCLAW_STATE_DIR: '/home/ada/.openclaw', WEIRD: 'a&b<c>"d" $HOME 100%' },
  logDir: '/home/ada/.config/clawdoc/logs',
  workingDir: '/home/ada',
};

describe('KeepAlive templates', () => {
  it('launchd plist: label, arguments, KeepAlive on crash, escaped values', () => {
    const xml = renderLaunchdPlist(spec);
    assert.match(xml, /<key>Label<\/key>\s*<string>com\.clawdoc\.gateway<\/string>/);
    assert.match(xml, /<string>\/opt\/open claw\/bin\/openclaw<\/string>\s*<string>gateway<\/string>\s*<string>run<\/string>/);
    assert.match(xml, /<key>SuccessfulExit<\/key>\s*<false\/>/);
    assert.match(xml, /<key>RunAtLoad<\/key>\s*<true\/>/);
    assert.match(xml, /a&amp;b&lt;c&gt;&quot;d&quot;/);
    assert.doesNotMatch(xml, /a&b</);
  });

  it('systemd unit: restarts always but not on exit 78, quoted ExecStart and Environment', () => {
    const unit = renderSystemdUnit({ ...spec, name: 'clawdoc-gateway.service' });
    assert.match(unit, /^Restart=always$/m);
    assert.match(unit, /^RestartPreventExitStatus=78$/m);
    assert.match(unit, /^ExecStart="\/opt\/open claw\/bin\/openclaw" "gateway" "run" "--port" "18789"$/m);
    // Environment= does no $ substitution (systemd.exec(5)): a doubled $ would reach the gateway as "$$".
    assert.match(unit, /^Environment="WEIRD=a&b<c>\\"d\\" \$HOME 100%%"$/m);
    assert.match(unit, /^WantedBy=default\.target$/m);
    assert.equal(systemdQuote('a"b'), '"a\\"b"');
  });

  it('Windows task XML: logon trigger, restart on failure, quoted arguments', () => {
    const xml = renderWindowsTaskXml({ ...spec, name: 'ClawDoc Gateway', program: 'C:\\Program Files\\nodejs\\openclaw.cmd' }, 'PC\\ada');
    assert.match(xml, /<LogonTrigger>[\s\S]*<UserId>PC\\ada<\/UserId>/);
    assert.match(xml, /<RestartOnFailure>\s*<Interval>PT1M<\/Interval>/);
    assert.match(xml, /<Command>C:\\Program Files\\nodejs\\openclaw\.cmd<\/Command>/);
    assert.match(xml, /<Arguments>gateway run --port 18789<\/Arguments>/);
    assert.equal(windowsQuote('a b'), '"a b"');
    assert.equal(windowsQuote('say "hi"'), '"say \\"hi\\""');
    assert.equal(windowsQuote('C:\\dir\\'), 'C:\\dir\\');
    assert.equal(windowsQuote('C:\\my dir\\'), '"C:\\my dir\\\\"');
  });
});
