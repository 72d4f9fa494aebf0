// Small file helpers. Atomic, durable writes: the data goes to a temp file in the same folder, is
// flushed to disk, then renamed over the target and the folder entry flushed too, so a crash or a
// power loss leaves either the old file or the new one, never half of one.
import { randomBytes } from 'node:crypto';
import { promises as fs, closeSync, constants, fchmodSync, fchownSync, fstatSync, fsyncSync, lstatSync, mkdirSync, openSync, readFileSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';

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

/** Mode bits (permissions, setuid/setgid/sticky) and owner of a file. */
export interface FileAttrs {
  mode: number;
  uid: number;
  gid: number;
}

function attrsOf(st: Stats): FileAttrs {
  return { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/** Thrown (before anything is written) when a user's path is a directory, FIFO, socket or device. */
export class NotRegularFileError extends Error {
  readonly code = 'ENOTREGULAR';
  constructor(readonly path: string, st: Stats) {
    super(`${path} is ${kindOf(st)}, not a regular file: ClawDoc reads and writes only regular files and left it as it is`);
  }
}

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT';
}

/**
 * The file a write to `path` must land in: `path` itself, or the file its symlink(s) point to (so the
 * link stays a link), also when that file does not exist yet.
 */
export function resolveUserPath(path: string): string {
  let p = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    let st: Stats;
    try {
      st = lstatSync(p);
    } catch (err) {
      if (isMissing(err)) return p;
      throw err;
    }
    if (!st.isSymbolicLink()) return p;
    // A relative link is relative to the link's real folder, as the kernel resolves it.
    p = resolve(realpathSync(dirname(p)), readlinkSync(p));
  }
  throw new Error(`${path}: too many levels of symbolic links`);
}

/**
 * A user's file (symlinks followed): its bytes and mode/owner, or null when it does not exist. Throws
 * NotRegularFileError for anything but a regular file; a FIFO is opened non-blocking, so this never hangs.
 */
export function readUserFileSync(path: string): { data: Buffer; attrs: FileAttrs } | null {
  let fd: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new NotRegularFileError(path, st); // not even opened: opening a device can act on it
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    if (isMissing(err)) return null;
    throw err;
  }
  try {
    const st = fstatSync(fd); // again on what was opened: the path may have been swapped in between
    if (!st.isFile()) throw new NotRegularFileError(path, st);
    return { data: readFileSync(fd), attrs: attrsOf(st) };
  } finally {
    closeQuietly(fd);
  }
}

/**
 * Writes `data` as the user's file at `path`, in place of the old one. A symlink is followed and its
 * target replaced (the link stays a link). The new content goes to a temp file beside the target that
 * gets the old file's mode and owner/group (or `whenNew` for a file that does not exist yet, 0600 by
 * default), is flushed, then renamed over the target: readers see the old file or the new one, never
 * a mix, and never the content with wider permissions. Refuses, writing nothing, when the target is not
 * a regular file or its owner cannot be kept (ClawDoc runs neither as root nor as the file's owner).
 * Returns the path actually written.
 */
export function replaceUserFileSync(path: string, data: string | Uint8Array, opts: { whenNew?: Partial<FileAttrs> } = {}): string {
  const target = resolveUserPath(path);
  let st: Stats | undefined;
  try {
    st = lstatSync(target);
  } catch (err) {
    if (!isMissing(err)) throw err;
  }
  if (st && !st.isFile()) throw new NotRegularFileError(path, st);
  const want: Partial<FileAttrs> = st ? attrsOf(st) : { mode: 0o600, ...opts.whenNew };
  if (!st) mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  const tmp = tempPathFor(target);
  const fd = openSync(tmp, 'wx', 0o600); // owner-only until the old file's owner and mode are applied
  let open = true;
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    if (POSIX) {
      const uid = want.uid ?? process.getuid!();
      const gid = want.gid ?? process.getgid!();
      const mine = fstatSync(fd);
      if (uid !== mine.uid || gid !== mine.gid) {
        try {
          fchownSync(fd, uid, gid); // before chmod: a chown clears setuid/setgid bits
        } catch (err) {
          throw new Error(`cannot keep the owner ${uid}:${gid} of ${path} (ClawDoc runs as ${process.getuid!()}): left it as it is (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
        }
      }
      fchmodSync(fd, want.mode ?? 0o600);
    }
    fsyncSync(fd);
    open = false;
    closeSync(fd);
    renameSync(tmp, target);
  } catch (err) {
    if (open) closeQuietly(fd); // the write error is the one to report
    rmSync(tmp, { force: true }); // our own temp file, never the target
    throw err;
  }
  fsyncDirSync(dirname(target));
  return target;
}

/** Copies a user's regular file to `dest` (a new file beside it) with the same mode and owner. */
export function copyUserFileSync(src: string, dest: string): string | undefined {
  const file = readUserFileSync(src);
  if (!file) return undefined;
  return replaceUserFileSync(dest, file.data, { whenNew: file.attrs });
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
