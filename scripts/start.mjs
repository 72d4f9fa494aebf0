#!/usr/bin/env node
// `npm start`: launches the tray app (Electron) from the built clone. Where Electron cannot start —
// no display, or its binary is not installed — it says why in one line and runs the headless
// `clawdoc watch` instead, with the same data dir. Extra arguments go to whichever runs
// (`npm start -- --manage none`).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);

/** The Electron executable, without triggering the npm package's download on require(). */
function electronBinary(env = process.env) {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = join(env.ELECTRON_OVERRIDE_DIST_PATH, rel || 'electron');
    return existsSync(p) ? p : undefined;
  }
  if (!rel) return undefined;
  const p = join(pkg, 'dist', rel);
  return existsSync(p) ? p : undefined;
}

/** Why the tray cannot start here, or undefined when it can. */
const zh = /^zh/i.test(process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '');

function whyNoTray(env = process.env, platform = process.platform) {
  if (env.CLAWDOC_HEADLESS === '1') return 'CLAWDOC_HEADLESS=1';
  if (!existsSync(join(root, 'node_modules', 'electron'))) return zh ? '未安装 Electron（生产环境安装）' : 'Electron is not installed (a production install)';
  if (!electronBinary(env)) return zh ? '未安装 Electron 程序（`npx install-electron` 可下载）' : 'the Electron binary is not installed (`npx install-electron` downloads it)';
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return zh ? '没有显示器（DISPLAY 和 WAYLAND_DISPLAY 均未设置）' : 'no display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
  return undefined;
}

function run(cmd, argv, env = process.env) {
  const child = spawn(cmd, argv, { cwd: root, stdio: 'inherit', env });
  // The child gets Ctrl-C from the terminal itself; a TERM sent to this process is passed on.
  const forward = (signal) => child.kill(signal);
  process.on('SIGTERM', forward);
  process.on('SIGINT', () => {});
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const why = whyNoTray();
if (why) {
  console.log(zh ? `clawdoc：托盘程序无法在此启动（${why}），改为运行无界面的 \`clawdoc watch\`` : `clawdoc: the tray app cannot start here (${why}); running the headless \`clawdoc watch\` instead`);
  run(process.execPath, [join(root, 'bin', 'clawdoc.js'), 'watch', ...args]);
} else {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  run(electronBinary(), [root, ...args], env);
}
