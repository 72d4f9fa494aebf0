// The control channel: how the CLI (and a tray app attached to a headless watcher) reach a running
// `clawdoc watch`. A Unix socket in a directory only the user can write (a named pipe on Windows).
// One JSON request per line, one JSON answer per line: a typed call of the contract in src/shared/api.ts,
// or a subscription that streams the runtime's events as JSON lines until the client hangs up.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiMethod, ApiReply, ApiRequest, ClawDocApi, ClawDocEvent } from '../../../shared/api.js';
import { isApiMethod } from '../../../shared/api-methods.js';
import { ApiError, createApiClient } from '../../../shared/api-client.js';

/** What a client sends: one call, or `subscribe` to receive events. */
export type ControlMessage = ApiRequest | { subscribe: true };

const MAX_REQUEST_BYTES = 1024 * 1024;

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

/** Something answers on the socket: a live watcher owns it. */
function answers(path: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(path);
    const done = (v: boolean) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => done(true), timeoutMs); // connected but slow: still somebody's
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

export interface ControlServerOptions {
  api: ClawDocApi;
  subscribe: (listener: (event: ClawDocEvent) => void) => () => void;
}

export class ControlServer {
  private server?: net.Server;
  private readonly unsubscribers = new Set<() => void>();

  constructor(
    readonly path: string,
    private readonly options: ControlServerOptions,
  ) {}

  async listen(): Promise<void> {
    if (process.platform !== 'win32' && existsSync(this.path)) {
      // Taken over only when nobody answers: a live watcher's socket is never deleted.
      if (await answers(this.path)) throw new Error(`another ClawDoc answers on ${this.path}`);
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
    for (const off of this.unsubscribers) off();
    this.unsubscribers.clear();
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
    sock.on('error', () => {});
    sock.on('data', (chunk: string) => {
      buf += chunk;
      if (buf.length > MAX_REQUEST_BYTES) return sock.destroy();
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      const line = buf.slice(0, nl);
      buf = '';
      let msg: unknown;
      try {
        msg = JSON.parse(line);
      } catch {
        return void sock.end(`${JSON.stringify({ ok: false, error: 'bad request: not JSON' } satisfies ApiReply)}\n`);
      }
      if (msg && typeof msg === 'object' && (msg as { subscribe?: unknown }).subscribe === true) return this.stream(sock);
      void answer(this.options.api, msg).then((reply) => sock.end(`${JSON.stringify(reply)}\n`));
    });
  }

  private stream(sock: net.Socket): void {
    const off = this.options.subscribe((event) => {
      if (!sock.destroyed) sock.write(`${JSON.stringify(event)}\n`);
    });
    this.unsubscribers.add(off);
    sock.write(`${JSON.stringify({ ok: true, result: 'subscribed' })}\n`);
    sock.once('close', () => {
      off();
      this.unsubscribers.delete(off);
    });
  }
}

/** Runs one typed call against the API: the same dispatch serves the control socket, IPC and HTTP. */
export async function answer(api: ClawDocApi, msg: unknown): Promise<ApiReply> {
  if (!msg || typeof msg !== 'object') return { ok: false, error: 'bad request' };
  const { method, args } = msg as { method?: unknown; args?: unknown };
  if (!isApiMethod(method)) return { ok: false, error: `unknown method "${String(method)}"` };
  if (args !== undefined && !Array.isArray(args)) return { ok: false, error: 'bad request: args must be an array' };
  try {
    const fn = api[method] as (...a: unknown[]) => Promise<unknown>;
    const result = await fn.apply(api, (args ?? []) as unknown[]);
    return { ok: true, result } as ApiReply;
  } catch (err) {
    const e = err as Error & { code?: string; keys?: string[] };
    return { ok: false, error: e.message, ...(e.name && e.name !== 'Error' ? { code: e.name } : {}), ...(Array.isArray(e.keys) && e.keys.length ? { keys: e.keys.map(String) } : {}) };
  }
}

export class NoWatcherError extends Error {
  constructor(dataDir: string) {
    super(`no \`clawdoc watch\` is running with data dir ${dataDir}`);
    this.name = 'NoWatcherError';
  }
}

/** Sends one call to the running watcher. Rejects with NoWatcherError when none listens. */
export function callWatcher<M extends ApiMethod>(dataDir: string, method: M, args: unknown[], timeoutMs = 30_000): Promise<ApiReply<M>> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(controlSocketPath(dataDir));
    let buf = '';
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error('the watcher did not answer in time'));
    }, timeoutMs);
    sock.setEncoding('utf8');
    sock.on('connect', () => sock.write(`${JSON.stringify({ method, args })}\n`));
    sock.on('data', (d: string) => (buf += d));
    sock.on('end', () => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(buf) as ApiReply<M>);
      } catch {
        reject(new Error('the watcher sent a malformed answer'));
      }
    });
    sock.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(err.code === 'ENOENT' || err.code === 'ECONNREFUSED' || err.code === 'ENOTSOCK' ? new NoWatcherError(dataDir) : err);
    });
  });
}

/** Whether a watcher answers for this data dir right now. */
export async function watcherAnswers(dataDir: string): Promise<boolean> {
  if (process.platform !== 'win32' && !existsSync(controlSocketPath(dataDir))) return false;
  return answers(controlSocketPath(dataDir), 2000);
}

/** The contract, implemented by calls to the running watcher. */
export function watcherClient(dataDir: string): ClawDocApi {
  return createApiClient(async (method, args) => {
    const reply = await callWatcher(dataDir, method, args);
    if (reply.ok) return reply.result;
    throw new ApiError(reply.error, reply.code, reply.keys);
  });
}

/** Streams the watcher's events until `close()` is called. */
export function subscribeWatcher(dataDir: string, listener: (event: ClawDocEvent) => void): { ready: Promise<void>; close: () => void } {
  const sock = net.connect(controlSocketPath(dataDir));
  let buf = '';
  let subscribed = false;
  const ready = new Promise<void>((resolve, reject) => {
    sock.setEncoding('utf8');
    sock.on('connect', () => sock.write(`${JSON.stringify({ subscribe: true })}\n`));
    sock.on('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ENOENT' || err.code === 'ECONNREFUSED' ? new NoWatcherError(dataDir) : err));
    sock.on('data', (d: string) => {
      buf += d;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!subscribed) {
          subscribed = true;
          resolve();
          continue;
        }
        try {
          listener(JSON.parse(line) as ClawDocEvent);
        } catch {
          // a listener's error stays on this side
        }
      }
    });
  });
  return { ready, close: () => sock.destroy() };
}
