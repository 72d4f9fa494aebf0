// Small file helpers. Atomic, durable writes: the data goes to a temp file in the same folder, is
// flushed to disk, then renamed over the target and the folder entry flushed too, so a crash or a
// power loss leaves either the old file or the new one, never half of one.
import { randomBytes } from 'node:crypto';
import { promises as fs, closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

const POSIX = process.platform !== 'win32';

function tempPathFor(path: string): string {
  return `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

/** Flushes a folder's entries (the rename) to disk. Windows cannot open a folder for this: skipped. */
function fsyncDirSync(dir: string): void {
  if (!POSIX) return;
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // some file systems refuse fsync on a folder; the rename itself is still atomic
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // nothing more to do with it
  }
}

/** `mode`, when given, is exact (not narrowed by the umask). Missing folders are created owner-only (0700). */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, mode?: number): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = tempPathFor(path);
  const fd = openSync(tmp, 'wx', mode ?? 0o666);
  let open = true;
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    if (mode !== undefined && POSIX) fchmodSync(fd, mode);
    fsyncSync(fd);
    open = false;
    closeSync(fd);
    renameSync(tmp, path);
  } catch (err) {
    if (open) closeQuietly(fd); // the write error is the one to report
    rmSync(tmp, { force: true }); // our own half-written temp file, never the target
    throw err;
  }
  fsyncDirSync(dirname(path));
}

/** As writeFileAtomicSync. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode?: number): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = tempPathFor(path);
  const fh = await fs.open(tmp, 'wx', mode ?? 0o666);
  let open = true;
  try {
    await fh.writeFile(data);
    if (mode !== undefined && POSIX) await fh.chmod(mode);
    await fh.sync();
    open = false;
    await fh.close();
    await fs.rename(tmp, path);
  } catch (err) {
    if (open) await fh.close().catch(() => {}); // the write error is the one to report
    await fs.rm(tmp, { force: true });
    throw err;
  }
  fsyncDirSync(dirname(path));
}

/** A file name-safe timestamp: 2026-11-24T05-36-30-408Z. */
export function fileStamp(ts: number = Date.now()): string {
  return new Date(ts).toISOString().replace(/[:.]/g, '-');
}
