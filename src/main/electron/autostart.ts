// Launch at login, off until the user turns it on. One small interface, one backend per OS:
//
// - macOS and Windows: Electron's own app.setLoginItemSettings / getLoginItemSettings. It does better
//   than auto-launch there. macOS: it registers through SMAppService (13+) — no AppleScript driving
//   System Events, so no "not authorized to send Apple events" error or consent prompt, the item shows
//   in Login Items, and a `requires-approval` status says when the user still has to allow it.
//   Windows: `executableWillLaunchAtLogin` honours Explorer\StartupApproved\Run, so an entry the user
//   disabled in Task Manager reads as off (auto-launch's isEnabled() only sees the Run key and says on).
// - Linux: auto-launch's Linux backend (an XDG autostart `.desktop` file) — Electron has no login items
//   there — called so that its defects do not reach users: the file is named `clawdoc.desktop` (not
//   after the executable's file name, which changes with every AppImage version), `Exec=` is quoted as
//   the Desktop Entry spec says (auto-launch writes the path bare, so a space breaks it), it points at
//   `$APPIMAGE` when run from an AppImage (process.execPath is inside /tmp/.mount_…, gone after a
//   reboot), and an entry switched off by the desktop (`Hidden=true`, `X-GNOME-Autostart-enabled=false`)
//   reads as off.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AppLike } from './electron-deps.js';
import type { AutostartView } from './tray-model.js';

export interface Autostart {
  get(): Promise<AutostartView>;
  set(enable: boolean): Promise<AutostartView>;
}

/** The argument an autostarted ClawDoc is launched with (it then opens no window). */
export const AUTOSTART_ARG = '--autostart';

/** macOS and Windows: Electron's login items. */
export function electronLoginItems(app: Pick<AppLike, 'getLoginItemSettings' | 'setLoginItemSettings'>, platform: 'darwin' | 'win32', execPath: string): Autostart {
  // Windows compares path + args to find the Run entry; macOS ignores both.
  const which = platform === 'win32' ? { path: execPath, args: [AUTOSTART_ARG] } : {};
  const read = (): AutostartView => {
    const s = app.getLoginItemSettings(platform === 'win32' ? which : undefined);
    if (platform === 'win32') return { supported: true, enabled: s.openAtLogin && s.executableWillLaunchAtLogin !== false };
    return { supported: true, enabled: s.openAtLogin || s.status === 'requires-approval', needsApproval: s.status === 'requires-approval' };
  };
  return {
    get: async () => read(),
    set: async (enable) => {
      app.setLoginItemSettings({ openAtLogin: enable, ...which });
      return read();
    },
  };
}

/** auto-launch's Linux backend, as auto-launch 5.0.6 ships it (dist/AutoLaunchLinux.js). */
export interface AutoLaunchLinuxBackend {
  enable(options: { appName: string; appPath: string; isHiddenOnLaunch: boolean }): Promise<void>;
  disable(appName: string): Promise<void>;
  isEnabled(appName: string): Promise<boolean>;
  getDirectory(): string;
  getFilePath(appName: string): string;
}

/** auto-launch's Linux backend writing into `dir` (default: $XDG_CONFIG_HOME/autostart, as the XDG spec says). */
export function autoLaunchLinuxBackend(dir: string): AutoLaunchLinuxBackend {
  const require = createRequire(import.meta.url);
  const original = require('auto-launch/dist/AutoLaunchLinux.js') as AutoLaunchLinuxBackend;
  // Its methods call this.getDirectory(): an object inheriting from it with our directory (auto-launch
  // hardcodes ~/.config/autostart and ignores XDG_CONFIG_HOME).
  const slash = dir.endsWith('/') ? dir : `${dir}/`;
  return Object.create(original, { getDirectory: { value: () => slash } }) as AutoLaunchLinuxBackend;
}

/** One argument of a Desktop Entry `Exec=` line, quoted as the spec requires (and `%` doubled). */
export function quoteExecArg(arg: string): string {
  const escaped = arg.replaceAll('%', '%%');
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(escaped)) return escaped;
  // Inside double quotes, `"`, `` ` ``, `$` and `\` are escaped with a backslash; then, as in every
  // string value of a desktop file, each backslash is itself escaped.
  const quoted = `"${escaped.replace(/["`$\\]/g, (c) => `\\${c}`)}"`;
  return quoted.replaceAll('\\', '\\\\');
}

/** What to launch at login on Linux: the AppImage itself when running from one. */
export function linuxLaunchTarget(execPath: string, env: NodeJS.ProcessEnv): string {
  return env.APPIMAGE && env.APPIMAGE.startsWith('/') ? env.APPIMAGE : execPath;
}

const LINUX_ENTRY = 'clawdoc';

/** Whether a desktop file is switched on: present, and not hidden or disabled by the desktop. */
export function desktopEntryActive(text: string): boolean {
  return !/^\s*Hidden\s*=\s*true\s*$/im.test(text) && !/^\s*X-GNOME-Autostart-enabled\s*=\s*false\s*$/im.test(text);
}

export function linuxAutostart(o: { execPath: string; env: NodeJS.ProcessEnv; backend?: AutoLaunchLinuxBackend; home?: string }): Autostart {
  const dir = join(o.env.XDG_CONFIG_HOME || join(o.home ?? homedir(), '.config'), 'autostart');
  const backend = o.backend ?? autoLaunchLinuxBackend(dir);
  const read = async (): Promise<AutostartView> => {
    if (!(await backend.isEnabled(LINUX_ENTRY))) return { supported: true, enabled: false };
    let text = '';
    try {
      text = readFileSync(backend.getFilePath(LINUX_ENTRY), 'utf8');
    } catch {
      return { supported: true, enabled: false };
    }
    return { supported: true, enabled: desktopEntryActive(text) };
  };
  return {
    get: read,
    set: async (enable) => {
      if (enable) {
        // The name is passed as is (auto-launch's own class derives it from the path) and the path
        // already quoted: auto-launch writes `Exec=<appPath>` verbatim.
        const exec = `${quoteExecArg(linuxLaunchTarget(o.execPath, o.env))} ${AUTOSTART_ARG}`;
        await backend.enable({ appName: LINUX_ENTRY, appPath: exec, isHiddenOnLaunch: false });
      } else {
        await backend.disable(LINUX_ENTRY);
      }
      return read();
    },
  };
}

/** Where launch at login is not available (another OS): the menu hides the item. */
export const noAutostart: Autostart = {
  get: async () => ({ supported: false, enabled: false }),
  set: async () => ({ supported: false, enabled: false }),
};

export function autostartFor(app: Pick<AppLike, 'getLoginItemSettings' | 'setLoginItemSettings'>, platform: NodeJS.Platform, execPath: string, env: NodeJS.ProcessEnv): Autostart {
  if (platform === 'darwin' || platform === 'win32') return electronLoginItems(app, platform, execPath);
  if (platform === 'linux' || platform === 'freebsd') return linuxAutostart({ execPath, env });
  return noAutostart;
}
