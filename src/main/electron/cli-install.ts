// "Install the `clawdoc` command": a small launcher on PATH, as editors do for their shell command, so a
// user of the installer gets the CLI too. The launcher runs the app's own copy of the engine CLI
// (bin/clawdoc.js inside app.asar) with the app's executable as Node (ELECTRON_RUN_AS_NODE: no window,
// no display needed, works over SSH). An AppImage is mounted at a new path on every run, so there the
// launcher runs the AppImage itself with CLAWDOC_CLI=1 and main.ts runs the CLI instead of the tray.
import { accessSync, constants, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, posix, win32 } from 'node:path';

/** Written into every launcher: how ClawDoc recognises its own (and never overwrites anything else). */
export const SHIM_MARKER = 'clawdoc-app-shim';

export interface ShimTarget {
  platform: NodeJS.Platform;
  /** The app's executable (or $APPIMAGE). */
  exe: string;
  /** bin/clawdoc.js of the app (inside app.asar when packaged); absent for an AppImage. */
  script?: string;
}

function shQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/** The launcher's text: a POSIX shell script, or a .cmd on Windows. */
export function shimText(t: ShimTarget): string {
  if (t.platform === 'win32') {
    // setlocal: the variable does not leak into the user's console.
    return ['@echo off', `rem ${SHIM_MARKER}: the clawdoc command of the ClawDoc app`, 'setlocal', 'set ELECTRON_RUN_AS_NODE=1', `"${t.exe}" "${t.script ?? ''}" %*`, ''].join('\r\n');
  }
  const run = t.script ? `ELECTRON_RUN_AS_NODE=1 exec ${shQuote(t.exe)} ${shQuote(t.script)} "$@"` : `CLAWDOC_CLI=1 exec ${shQuote(t.exe)} "$@"`;
  return ['#!/bin/sh', `# ${SHIM_MARKER}: the clawdoc command of the ClawDoc app (installed from its menu)`, run, ''].join('\n');
}

export interface BinDirChoice {
  dir: string;
  /** The directory is on PATH: `clawdoc` works in a new terminal. */
  onPath: boolean;
}

/**
 * Where the launcher goes: the first of the usual per-user (or Homebrew-writable) folders that is on
 * PATH and writable; else ~/.local/bin (created), and the user is told to add it to PATH. Windows:
 * %LOCALAPPDATA%\Microsoft\WindowsApps, which Windows puts on every user's PATH.
 */
export function chooseBinDir(o: { platform: NodeJS.Platform; env: NodeJS.ProcessEnv; home: string; writable: (dir: string) => boolean }): BinDirChoice {
  const path = o.platform === 'win32' ? win32 : posix;
  const onPath = new Set((o.env.PATH ?? o.env.Path ?? '').split(o.platform === 'win32' ? ';' : ':').filter(Boolean).map((d) => path.normalize(d)));
  if (o.platform === 'win32') {
    const local = o.env.LOCALAPPDATA ?? path.join(o.home, 'AppData', 'Local');
    const dir = path.join(local, 'Microsoft', 'WindowsApps');
    return { dir, onPath: onPath.has(path.normalize(dir)) || [...onPath].some((d) => d.toLowerCase() === dir.toLowerCase()) };
  }
  const candidates = [
    path.join(o.home, '.local', 'bin'),
    path.join(o.home, 'bin'),
    ...(o.platform === 'darwin' ? ['/opt/homebrew/bin', '/usr/local/bin'] : []),
  ];
  for (const dir of candidates) if (onPath.has(dir) && o.writable(dir)) return { dir, onPath: true };
  return { dir: path.join(o.home, '.local', 'bin'), onPath: onPath.has(path.join(o.home, '.local', 'bin')) };
}

function writableDir(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export interface CliInstaller {
  /** Where ClawDoc's launcher is installed, if it is (one of ours, found on the chosen folder). */
  installedPath(): string | undefined;
  install(): Promise<{ path: string; onPath: boolean; dir: string }>;
}

export function cliInstaller(o: { target: ShimTarget; env: NodeJS.ProcessEnv; home: string; writable?: (dir: string) => boolean }): CliInstaller {
  const name = o.target.platform === 'win32' ? 'clawdoc.cmd' : 'clawdoc';
  const choose = () => chooseBinDir({ platform: o.target.platform, env: o.env, home: o.home, writable: o.writable ?? writableDir });
  const ours = (file: string) => {
    try {
      return readFileSync(file, 'utf8').includes(SHIM_MARKER);
    } catch {
      return false;
    }
  };
  return {
    installedPath() {
      const file = join(choose().dir, name);
      return ours(file) ? file : undefined;
    },
    async install() {
      const { dir, onPath } = choose();
      const file = join(dir, name);
      if (existsSync(file) && !ours(file)) throw new Error(`${file} exists and is not ClawDoc's: not replaced`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, shimText(o.target), { mode: 0o755 });
      return { path: file, onPath, dir };
    },
  };
}
