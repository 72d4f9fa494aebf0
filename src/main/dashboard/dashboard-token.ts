// The dashboard's bearer token: random, kept in <dataDir>/dashboard-token (0600) so the page's URL stays
// the same across restarts of the watcher. A token file anyone else can read is replaced, never reused.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../engine/util/fsx.js';

export const TOKEN_FILE = 'dashboard-token';
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{32,128}$/;

export function tokenPath(dataDir: string): string {
  return join(dataDir, TOKEN_FILE);
}

/** The stored token, if there is a usable one (right shape, owner-only on POSIX). */
export function readDashboardToken(dataDir: string): string | undefined {
  const path = tokenPath(dataDir);
  if (!existsSync(path)) return undefined;
  try {
    if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) return undefined;
    const token = readFileSync(path, 'utf8').trim();
    return TOKEN_SHAPE.test(token) ? token : undefined;
  } catch {
    return undefined;
  }
}

/** The stored token, or a new one written 0600. */
export function dashboardToken(dataDir: string): string {
  const existing = readDashboardToken(dataDir);
  if (existing) return existing;
  const token = randomBytes(32).toString('base64url');
  writeFileAtomicSync(tokenPath(dataDir), `${token}\n`, 0o600);
  return token;
}

/** The page's address: the token travels in the fragment, which browsers never send to a server. */
export function dashboardUrl(port: number, token: string): string {
  return `http://127.0.0.1:${port}/#token=${token}`;
}
