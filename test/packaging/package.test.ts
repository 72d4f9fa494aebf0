// Packaging, offline: `electron-builder --dir` with a stand-in Electron distribution (no Electron binary
// can be downloaded here), then what app.asar holds — the main entry, the bundled preload, the
// renderer, the tray icons and the production dependencies with everything they need, and nothing from
// test/, bench/, testbed/ or the sources — and a .deb built from that output with
// electron-installer-debian (Debian's dpkg-deb + fakeroot), inspected with dpkg-deb.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { ROOT } from '../helpers/gateway.js';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
const ELECTRON_VERSION = (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;

function tryRequire<T>(name: string): T | undefined {
  try {
    return require(name) as T;
  } catch {
    return undefined;
  }
}

const asar = tryRequire<{ listPackage(archive: string, options: object): string[]; extractFile(archive: string, file: string): Buffer }>('@electron/asar');
const yaml = tryRequire<{ load(text: string): unknown }>('js-yaml');
const debian = tryRequire<(options: Record<string, unknown>) => Promise<{ packagePaths: string[] }>>('electron-installer-debian');
const hasDpkg = spawnSync('dpkg-deb', ['--version']).status === 0 && spawnSync('fakeroot', ['-v']).status === 0;

const skip = !asar ? '@electron/asar is not installed' : false;
let work = '';
let unpacked = '';
let files: string[] = [];

interface BuilderConfig {
  productName: string;
  linux: { executableName: string; maintainer: string; description: string; synopsis: string; category: string };
  deb: { depends: string[] };
}
const config = yaml?.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig | undefined;

before(() => {
  if (skip) return;
  work = mkdtempSync(join(tmpdir(), 'clawdoc-pack-'));
  // The stand-in Electron: an executable named `electron`, a version file, a licence.
  const dist = join(work, 'electron-dist');
  mkdirSync(dist);
  writeFileSync(join(dist, 'electron'), '#!/bin/sh\necho "stand-in Electron: $*"\n');
  chmodSync(join(dist, 'electron'), 0o755);
  writeFileSync(join(dist, 'version'), ELECTRON_VERSION);
  writeFileSync(join(dist, 'LICENSE'), 'The stand-in Electron distribution of the packaging test.\n');
  const out = join(work, 'release');
  const r = spawnSync(
    join(ROOT, 'node_modules', '.bin', 'electron-builder'),
    ['--linux', 'dir', '--publish', 'never', `-c.electronDist=${dist}`, `-c.electronVersion=${ELECTRON_VERSION}`, `-c.directories.output=${out}`],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' }, timeout: 240_000 },
  );
  assert.equal(r.status, 0, `electron-builder --dir failed:\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout + r.stderr, /using custom unpacked Electron distribution/);
  unpacked = join(out, 'linux-unpacked');
  files = asar!.listPackage(join(unpacked, 'resources', 'app.asar'), {}).map((f) => f.replaceAll('\\', '/'));
});

describe('electron-builder --dir', { skip }, () => {
  it('writes the app under its executable name with app.asar', () => {
    assert.ok(existsSync(join(unpacked, config?.linux.executableName ?? 'clawdoc-app')));
    assert.ok(existsSync(join(unpacked, 'resources', 'app.asar')));
  });

  it('app.asar holds the main entry (as package.json main), the CJS preload, the renderer, the CLI and the tray icons', () => {
    const packed = JSON.parse(asar!.extractFile(join(unpacked, 'resources', 'app.asar'), 'package.json').toString('utf8')) as { main: string };
    assert.equal(packed.main, 'dist/src/main/electron/main.js');
    for (const f of ['/dist/src/main/electron/main.js', '/dist/src/main/electron/tray-app.js', '/dist/src/main/engine/runtime/runtime.js', '/dist/src/main/cli/clawdoc-cli.js', '/dist/preload/preload.cjs', '/dist/renderer/index.html', '/dist/renderer/app.js', '/bin/clawdoc.js', '/assets/icon.png']) {
      assert.ok(files.includes(f), `${f} is packed`);
    }
    for (const state of ['healthy', 'working', 'degraded', 'down', 'paused']) {
      for (const f of [`${state}Template.png`, `${state}Template@2x.png`, `${state}.ico`, `${state}.png`, `${state}@2x.png`]) assert.ok(files.includes(`/assets/tray/${f}`), f);
    }
  });

  it('nothing from test/, bench/, testbed/, no sources, maps or build leftovers', () => {
    const bad = files.filter((f) => /^\/(test|bench|testbed|release|scripts)(\/|$)|^\/dist\/(test|bench)(\/|$)|\.(ts|map)$|^\/assets\/icon-src|\/\.tsbuildinfo|^\/src\/(main|shared|preload)/.test(f) && !f.startsWith('/node_modules/'));
    assert.deepEqual(bad, []);
    assert.ok(!files.some((f) => /^\/node_modules\/(electron|electron-builder|typescript|esbuild|playwright-core|node|@resvg|png-to-ico|fast-check)\//.test(f)), 'no dev dependency');
  });

  it('every production dependency is there with everything it needs', () => {
    const packed = new Set(files.filter((f) => /^\/node_modules\/(@[^/]+\/)?[^/]+\/package\.json$/.test(f)).map((f) => f.slice('/node_modules/'.length, -'/package.json'.length)));
    const missing: string[] = [];
    const seen = new Set<string>();
    const visit = (name: string, from: string) => {
      if (seen.has(name)) return;
      seen.add(name);
      if (!packed.has(name)) return void missing.push(`${name} (needed by ${from})`);
      const meta = JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
      for (const dep of Object.keys(meta.dependencies ?? {})) visit(dep, name);
    };
    for (const dep of Object.keys(pkg.dependencies)) visit(dep, 'clawdoc');
    assert.deepEqual(missing, []);
  });
});

describe('a .deb from the --dir output', { skip: skip || (!debian ? 'electron-installer-debian is not installed' : !hasDpkg ? 'dpkg-deb / fakeroot are not installed' : !config ? 'js-yaml is not installed' : false) }, () => {
  let deb = '';
  before(async () => {
    const c = config!;
    const dest = join(work, 'deb');
    // electron-installer-debian makes the package's copyright file from <src>/LICENSE (electron-builder
    // renamed Electron's to LICENSE.electron.txt): the project's own licence when it has one.
    const own = join(ROOT, 'LICENSE');
    writeFileSync(join(unpacked, 'LICENSE'), existsSync(own) ? readFileSync(own) : 'ClawDoc. See the project\'s repository for its licence.\n');
    const result = await debian!({
      src: unpacked,
      dest,
      arch: 'amd64',
      name: 'clawdoc',
      productName: c.productName,
      genericName: 'OpenClaw gateway doctor',
      bin: c.linux.executableName,
      maintainer: c.linux.maintainer,
      description: c.linux.synopsis,
      productDescription: c.linux.description,
      categories: [c.linux.category],
      depends: c.deb.depends,
      icon: Object.fromEntries(readdirSync(join(ROOT, 'assets', 'icons')).map((f) => [f.replace('.png', ''), join(ROOT, 'assets', 'icons', f)])),
      logger: () => {},
    });
    deb = result.packagePaths[0]!;
  });

  it('its control file names the package, the version and the AppIndicator dependency', () => {
    const control = execFileSync('dpkg-deb', ['-f', deb], { encoding: 'utf8' });
    assert.match(control, /^Package: clawdoc$/m);
    assert.match(control, new RegExp(`^Version: ${pkg.version.replaceAll('.', '\\.')}$`, 'm'));
    assert.match(control, /^Architecture: amd64$/m);
    const depends = control.match(/^Depends: (.*)$/m)![1]!;
    assert.match(depends, /libayatana-appindicator3-1 \| libappindicator3-1/);
    for (const d of ['libgtk-3-0', 'libnss3', 'libnotify4']) assert.match(depends, new RegExp(d));
    assert.match(control, /^Maintainer: .+<.+@.+>$/m);
  });

  it('it installs the app, a .desktop entry that launches it, and its icons', () => {
    const list = execFileSync('dpkg-deb', ['-c', deb], { encoding: 'utf8' });
    assert.match(list, /\.\/usr\/lib\/clawdoc\/resources\/app\.asar/);
    assert.match(list, /\.\/usr\/share\/applications\/clawdoc\.desktop/);
    for (const size of ['16x16', '256x256', '512x512']) assert.match(list, new RegExp(`\\./usr/share/icons/hicolor/${size}/apps/clawdoc\\.png`));
    const x = join(work, 'deb-x');
    execFileSync('dpkg-deb', ['-x', deb, x]);
    const desktop = readFileSync(join(x, 'usr', 'share', 'applications', 'clawdoc.desktop'), 'utf8');
    assert.match(desktop, /^Name=ClawDoc$/m);
    assert.match(desktop, /^Exec=clawdoc %U$/m);
    assert.match(desktop, /^Icon=clawdoc$/m);
    assert.match(desktop, /^Categories=Utility;?$/m);
    assert.deepEqual(readFileSync(join(x, 'usr', 'share', 'icons', 'hicolor', '256x256', 'apps', 'clawdoc.png')), readFileSync(join(ROOT, 'assets', 'icons', '256x256.png')));
    // The launcher the .desktop entry runs: the packaged executable.
    assert.match(list, /\.\/usr\/lib\/clawdoc\/clawdoc-app$/m);
    assert.match(list, /\.\/usr\/bin\/clawdoc -> \.\.\/lib\/clawdoc\/clawdoc-app/);
  });
});
