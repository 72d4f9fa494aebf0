// Runs an AI CLI without a shell (argv array), in its own process group: on timeout the whole group is
// killed; output beyond a cap stops the call (a runaway answer is refused, not buffered without end).
import { spawn } from 'node:child_process';
import { killTree } from '../../util/exec.js';

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** More than maxBytes of output: the process was killed. */
  tooLarge: boolean;
  /** Could not start (ENOENT, EACCES …). */
  error?: { code?: string; message: string };
}

export interface CliRunOptions {
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  /** Written to stdin, then stdin is closed; absent: stdin is /dev/null (a CLI never waits on it). */
  stdin?: string;
  maxBytes?: number;
  cwd?: string;
}

export function runCli(file: string, args: string[], o: CliRunOptions): Promise<CliRun> {
  const maxBytes = o.maxBytes ?? 1024 * 1024;
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let bytes = 0;
    let timedOut = false;
    let tooLarge = false;
    let settled = false;
    const child = spawn(file, args, {
      env: o.env ?? process.env,
      cwd: o.cwd,
      shell: false,
      windowsHide: true,
      detached: process.platform !== 'win32',
      stdio: [o.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const finish = (r: Omit<CliRun, 'stdout' | 'stderr' | 'timedOut' | 'tooLarge'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...r, stdout, stderr, timedOut, tooLarge });
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child.pid, 'SIGKILL');
    }, o.timeoutMs);
    const take = (which: 'out' | 'err') => (d: Buffer) => {
      bytes += d.length;
      if (bytes > maxBytes) {
        if (!tooLarge) {
          tooLarge = true;
          killTree(child.pid, 'SIGKILL');
        }
        return;
      }
      if (which === 'out') stdout += d.toString('utf8');
      else stderr += d.toString('utf8');
    };
    child.stdout?.on('data', take('out'));
    child.stderr?.on('data', take('err'));
    if (o.stdin !== undefined && child.stdin) {
      child.stdin.on('error', () => {}); // a CLI that exits without reading its input
      child.stdin.end(o.stdin);
    }
    child.on('error', (err: NodeJS.ErrnoException) => finish({ code: null, signal: null, error: { code: err.code, message: err.message } }));
    child.on('close', (code, signal) => {
      // A timed-out CLI may leave helpers in its group: they go too.
      if (timedOut || tooLarge) killTree(child.pid, 'SIGKILL');
      finish({ code, signal });
    });
  });
}
