// Where ClawDoc keeps its data and where OpenClaw keeps its own, per OS.
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PlatformEnv {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
}

export function currentPlatformEnv(): PlatformEnv {
  return { platform: process.platform, env: process.env, home: homedir() };
}

/**
 * ClawDoc's data dir. The same folder Electron uses as userData for an app named ClawDoc,
 * so the tray app and the headless `clawdoc` command share settings and history.
 */
export function defaultDataDir(p: PlatformEnv = currentPlatformEnv()): string {
  if (p.env.CLAWDOC_DATA_DIR) return p.env.CLAWDOC_DATA_DIR;
  switch (p.platform) {
    case 'darwin':
      return join(p.home, 'Library', 'Application Support', 'ClawDoc');
    case 'win32':
      return join(p.env.APPDATA ?? join(p.home, 'AppData', 'Roaming'), 'ClawDoc');
    default:
      return join(p.env.XDG_CONFIG_HOME ?? join(p.home, '.config'), 'clawdoc');
  }
}

/** OpenClaw's state dir: OPENCLAW_STATE_DIR, else ~/.openclaw or ~/.openclaw-<profile>. */
export function openclawStateDir(p: PlatformEnv = currentPlatformEnv()): string {
  if (p.env.OPENCLAW_STATE_DIR) return p.env.OPENCLAW_STATE_DIR;
  const profile = p.env.OPENCLAW_PROFILE;
  return join(p.env.OPENCLAW_HOME ?? p.home, profile ? `.openclaw-${profile}` : '.openclaw');
}

/** OpenClaw's config file: OPENCLAW_CONFIG_PATH, else <state dir>/openclaw.json. */
export function openclawConfigPath(p: PlatformEnv = currentPlatformEnv()): string {
  return p.env.OPENCLAW_CONFIG_PATH ?? join(openclawStateDir(p), 'openclaw.json');
}

/** The folder of OpenClaw's dated JSON-lines file log (`logging.file` may override it). */
export function openclawFileLogDir(p: PlatformEnv = currentPlatformEnv()): string {
  return p.platform === 'win32' ? join(p.env.TEMP ?? tmpdir(), 'openclaw') : '/tmp/openclaw';
}

/**
 * Creates the data dir owner-only (0700) and narrows one that others can read: it holds webhook
 * secrets, gateway output and backups of OpenClaw's config with its token.
 */
export function ensureDataDir(dir: string): string {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') {
    const st = statSync(dir);
    if (st.isDirectory() && st.mode & 0o077 && st.uid === process.getuid?.()) chmodSync(dir, st.mode & 0o700);
  }
  return dir;
}
