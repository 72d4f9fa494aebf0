// A local control channel to a running `clawdoc watch`: `clawdoc restart|pause|resume` (and later
// commands) reach the watcher through a Unix socket in the data dir (a named pipe on Windows).
// One JSON request per line, one JSON answer per line. Only the user's own account can connect.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ControlRequest {
  cmd: string;
  args?: Record<string, unknown>;
}

export interface ControlReply {
  ok: boolean;
  message: string;
  data?: unknown;
}

export type ControlHandler = (args: Record<string, unknown>) => Promise<ControlReply> | ControlReply;

/**
 * Where the control socket lives: always in a directory only this user can write, so nobody else can
 * create it first. The data dir when the path fits (Unix socket paths are limited to ~104 bytes); else
 * `$XDG_RUNTIME_DIR/clawdoc/`, else `<tmp>/clawdoc-<uid>/` — created 0700, and refused (with an error
 * saying why) when it is a symlink, owned by someone else, or group/world-writable.
 */
export function controlSocketPath(
  dataDir: string,
  platform: NodeJS.Platform = process.platform,
  o: { env?: NodeJS.ProcessEnv; uid?: number; tmp?: string } = {},
): string {
  const hash = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  if (platform === 'win32') return `\\\\.\\pipe\\clawdoc-${hash}`;
  const inDir = join(dataDir, 'clawdoc.sock');
  if (Buffer.byteLength(inDir) < 100) return inDir;
  const uid = o.uid ?? process.getuid?.() ?? 0;
  const runtime = (o.env ?? process.env).XDG_RUNTIME_DIR;
  const dir = runtime && runtime.startsWith('/') && existsSync(runtime) ? join(runtime, 'clawdoc') : join(o.tmp ?? tmpdir(), `clawdoc-${uid}`);
  privateDir(dir, uid);
  const sock = join(dir, `${hash}.sock`);
  if (Buffer.byteLength(sock) >= 100) throw new Error(`the control socket path ${sock} is too long for a Unix socket; set CLAWDOC_DATA_DIR to a shorter data dir`);
  return sock;
}

/** Creates `dir` 0700, or checks that the existing one is a real directory of this user that others cannot write. */
function privateDir(dir: string, uid: number): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`cannot create ${dir} for the control socket: ${(err as Error).message}`);
  }
  const st = lstatSync(dir); // not stat: a symlink planted by someone else must not be followed
  const refuse = (why: string) => new Error(`refusing to put the control socket in ${dir}: ${why}; remove it or set CLAWDOC_DATA_DIR to a shorter data dir`);
  if (st.isSymbolicLink() || !st.isDirectory()) throw refuse('it is not a plain directory');
  if (st.uid !== uid) throw refuse(`it is owned by uid ${st.uid}, not by you (uid ${uid})`);
  if (st.mode & 0o022) throw refuse(`it is writable by others (mode ${(st.mode & 0o777).toString(8)})`);
}

export class ControlServer {
  private server?: net.Server;
  private readonly handlers = new Map<string, ControlHandler>();

  constructor(readonly path: string) {}

  handle(cmd: string, handler: ControlHandler): void {
    this.handlers.set(cmd, handler);
  }

  async listen(): Promise<void> {
    if (process.platform !== 'win32' && existsSync(this.path)) {
      // A socket file left by a ClawDoc that died; the watch lock already made sure none is running.
      unlinkSync(this.path);
    }
    this.server = net.createServer((sock) => this.serve(sock));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      const previous = process.umask(0o177); // the socket file: owner read/write only
      this.server!.listen(this.path, () => {
        process.umask(previous);
        resolve();
      });
    });
    this.server.unref();
  }

  close(): void {
    this.server?.close();
    if (process.platform !== 'win32' && existsSync(this.path)) {
      try {
        unlinkSync(this.path);
      } catch {
        // gone
      }
    }
  }

  private serve(sock: net.Socket): void {
    let buf = '';
    sock.setEncoding('utf8');
    sock.on('data', (chunk: string) => {
      buf += chunk;
      if (buf.length > 64 * 1024) return sock.destroy();
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      const line = buf.slice(0, nl);
      buf = '';
      void this.answer(line).then((reply) => sock.end(`${JSON.stringify(reply)}\n`));
    });
    sock.on('error', () => {});
  }

  private async answer(line: string): Promise<ControlReply> {
    let req: ControlRequest;
    try {
      req = JSON.parse(line) as ControlRequest;
    } catch {
      return { ok: false, message: 'bad request' };
    }
    const handler = typeof req.cmd === 'string' ? this.handlers.get(req.cmd) : undefined;
    if (!handler) return { ok: false, message: `unknown command "${String(req.cmd)}"` };
    try {
      return await handler(req.args && typeof req.args === 'object' ? req.args : {});
    } catch (err) {
      return { ok: false, message: (err as Error).message };
    }
  }
}

/** Sends one request to the running watcher. Rejects when no watcher listens. */
export function sendControl(dataDir: string, req: ControlRequest, timeoutMs = 10_000): Promise<ControlReply> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(controlSocketPath(dataDir));
    let buf = '';
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error('the watcher did not answer in time'));
    }, timeoutMs);
    sock.setEncoding('utf8');
    sock.on('connect', () => sock.write(`${JSON.stringify(req)}\n`));
    sock.on('data', (d: string) => (buf += d));
    sock.on('end', () => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(buf) as ControlReply);
      } catch {
        reject(new Error('the watcher sent a malformed answer'));
      }
    });
    sock.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new Error(err.code === 'ENOENT' || err.code === 'ECONNREFUSED' ? 'no `clawdoc watch` is running with this data dir' : err.message));
    });
  });
}
