// The Windows installer's own page (packaging/installer.nsh), compiled by the real NSIS (Debian's
// makensis, warnings as errors) in both of electron-builder's passes: the installer, with the page
// between the folder and the install, and the uninstaller. What it leaves behind must be what the app
// reads: the note's place and contents, and the login entry's name.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { INSTALLER_CHOICES_FILE, takeInstallerChoices } from '../../src/main/electron/installer-choices.js';
import { defaultDataDir } from '../../src/main/engine/paths.js';
import { ROOT } from '../helpers/gateway.js';

const NSH = join(ROOT, 'packaging', 'installer.nsh');
const makensis = spawnSync('makensis', ['-VERSION'], { encoding: 'utf8' });
const skip = makensis.status === 0 ? false : 'makensis (Debian package nsis) is not installed';

function compile(uninstaller: boolean): { status: number | null; output: string; exe: string } {
  const dir = mkdtempSync(join(tmpdir(), 'clawdoc-nsis-'));
  const exe = join(dir, 'ClawDoc-Setup.exe');
  const script = [
    'Unicode true',
    uninstaller ? '!define BUILD_UNINSTALLER' : '',
    '!include MUI2.nsh',
    'Name "ClawDoc"',
    `OutFile "${exe}"`,
    'RequestExecutionLevel user',
    'InstallDir "$LOCALAPPDATA\\Programs\\ClawDoc"',
    `!include "${NSH}"`,
    ...(uninstaller
      ? ['!insertmacro MUI_UNPAGE_INSTFILES']
      : ['!insertmacro MUI_PAGE_DIRECTORY', '!insertmacro customPageAfterChangeDir', '!insertmacro MUI_PAGE_INSTFILES']),
    '!insertmacro MUI_LANGUAGE "English"',
    '!insertmacro MUI_LANGUAGE "SimpChinese"',
    ...(uninstaller
      ? ['Section "install"', '  WriteUninstaller "$INSTDIR\\Uninstall.exe"', 'SectionEnd', 'Section "Uninstall"', '  !insertmacro customUnInstall', 'SectionEnd']
      : ['Section "install"', '  !insertmacro customInstall', 'SectionEnd']),
  ].join('\n');
  const file = join(dir, 'wrapper.nsi');
  writeFileSync(file, script);
  const r = spawnSync('makensis', ['-V2', '-WX', file], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}`, exe };
}

describe('the installer page "start ClawDoc when I sign in"', () => {
  it('electron-builder includes it', () => {
    assert.match(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8'), /^\s+include: packaging\/installer\.nsh$/m);
  });

  it('compiles with makensis, warnings as errors, in the installer pass and the uninstaller pass', { skip }, () => {
    for (const uninstaller of [false, true]) {
      const r = compile(uninstaller);
      assert.equal(r.status, 0, r.output);
      assert.equal(readFileSync(r.exe).subarray(0, 2).toString('latin1'), 'MZ', 'a Windows executable');
    }
  });

  it('the box is unticked unless the user ticks it; a silent install writes nothing', () => {
    const text = readFileSync(NSH, 'utf8');
    const checks = [...text.matchAll(/^(.*)\n\s*\$\{NSD_Check\} \$ClawDocLoginBox$/gm)];
    assert.equal(checks.length, 1, 'one place ticks the box');
    assert.match(checks[0]![1]!, /\$\{If\} \$ClawDocLoginChoice == \$\{BST_CHECKED\}/, 'only to show a choice already made (back, then next)');
    const install = /!macro customInstall([\s\S]*?)!macroend/.exec(text)![1]!;
    assert.match(install, /\$\{If\} \$ClawDocLoginChoice == \$\{BST_CHECKED\}/, 'the note is written only for a ticked box');
  });

  it('the note it writes is where the app looks and says what the app reads; the login entry it removes is the app\'s', () => {
    const text = readFileSync(NSH, 'utf8');
    const path = /FileOpen \$0 "\$APPDATA\\ClawDoc\\([^"]+)" w/.exec(text);
    assert.ok(path, 'written under %APPDATA%\\ClawDoc');
    assert.equal(path[1], INSTALLER_CHOICES_FILE);
    assert.equal(defaultDataDir({ platform: 'win32', home: 'C:\\Users\\u', env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' } } as never).replace(/\//g, '\\'), 'C:\\Users\\u\\AppData\\Roaming\\ClawDoc');
    const written = /FileWrite \$0 '([^']+)'/.exec(text)![1]!;
    const dir = mkdtempSync(join(tmpdir(), 'clawdoc-note-'));
    writeFileSync(join(dir, INSTALLER_CHOICES_FILE), written);
    assert.deepEqual(takeInstallerChoices(dir, () => {}), { launchAtLogin: true });
    const appId = /setAppUserModelId\('([^']+)'\)/.exec(readFileSync(join(ROOT, 'src', 'main', 'electron', 'tray-app.ts'), 'utf8'))![1]!;
    const removed = [...text.matchAll(/DeleteRegValue HKCU "([^"]+)" "([^"]+)"/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(removed, [
      ['Software\\Microsoft\\Windows\\CurrentVersion\\Run', appId],
      ['Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\StartupApproved\\Run', appId],
    ]);
  });
});
