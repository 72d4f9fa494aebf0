// Small file helpers: atomic writes (a crash never leaves half a file) and JSON-lines logs.
import { randomBytes } from 'node:crypto';
import { promises as fs, mkdirSync, renameSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';

export async function writeFileAtomic(path: string, data: string | Uint8Array, mode?: number): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await fs.writeFile(tmp, data, mode === undefined ? undefined : { mode });
  await fs.rename(tmp, path);
}

export function writeFileAtomicSync(path: string, data: string | Uint8Array, mode?: number): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, data, mode === undefined ? undefined : { mode });
  renameSync(tmp, path);
}

export function readJsonSync<T>(path: string): T | undefined {
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** A file name-safe timestamp: 2026-11-24T05-36-30-408Z. */
export function fileStamp(ts: number = Date.now()): string {
  return new Date(ts).toISOString().replace(/[:.]/g, '-');
}
