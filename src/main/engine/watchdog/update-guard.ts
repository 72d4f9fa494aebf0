// Update awareness (docs: cli/update.md, cli/update/status-and-history.md, gateway/restart-recovery.md):
// while `openclaw update status --json` reports an active run, or the updater parked the gateway (exit 79),
// ClawDoc must not race it with a restart or a repair.
import { runCommand, type Runner } from '../util/exec.js';

/** The updater's exit code that keeps the gateway parked (restart-recovery.md: "Updater exit code 79"). */
export const PARKED_EXIT_CODE = 79;

export interface UpdateActivity {
  active: boolean;
  runId?: string;
  /** requested, staging, validating, activating, restarting, verifying, finished */
  phase?: string;
  /** Why the state is unknown (the CLI failed): unknown counts as not active, so ClawDoc is never stuck. */
  detail?: string;
}

/** `activeRun` with status running is an update in progress; abandoned or stale rows are not. */
export function parseUpdateStatus(stdout: string): UpdateActivity {
  const start = stdout.indexOf('{');
  let json: Record<string, unknown> | undefined;
  try {
    json = start >= 0 ? (JSON.parse(stdout.slice(start)) as Record<string, unknown>) : undefined;
  } catch {
    json = undefined;
  }
  if (!json || typeof json !== 'object') return { active: false, detail: 'no JSON from openclaw update status' };
  const run = json.activeRun as Record<string, unknown> | undefined;
  if (!run || typeof run !== 'object') return { active: false };
  const abandoned = json.abandonedRun as { runId?: unknown } | undefined;
  const stale = json.staleRun as { runId?: unknown } | undefined;
  const runId = typeof run.runId === 'string' ? run.runId : undefined;
  if (runId && (abandoned?.runId === runId || stale?.runId === runId)) return { active: false, runId, detail: 'the recorded update run is abandoned' };
  const status = typeof run.status === 'string' ? run.status : 'running';
  const phase = typeof run.phase === 'string' ? run.phase : undefined;
  return { active: status === 'running' && phase !== 'finished', runId, phase };
}

/** Asks the installed OpenClaw, with a cache: the CLI's cold start costs seconds of CPU. */
export class UpdateGuard {
  private last?: { at: number; value: UpdateActivity };
  private pending?: Promise<UpdateActivity>;

  constructor(
    private readonly openclawPath: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly runner: Runner = runCommand,
    private readonly timeoutMs = 60_000,
    private readonly cacheMs = 10_000,
  ) {}

  async check(now = Date.now()): Promise<UpdateActivity> {
    if (this.last && now - this.last.at < this.cacheMs) return this.last.value;
    this.pending ??= this.runner(this.openclawPath, ['update', 'status', '--json'], { timeoutMs: this.timeoutMs, env: this.env })
      .then((r) => {
        const value: UpdateActivity = r.error || r.timedOut ? { active: false, detail: r.error ?? 'openclaw update status timed out' } : parseUpdateStatus(r.stdout);
        this.last = { at: Date.now(), value };
        return value;
      })
      .finally(() => (this.pending = undefined));
    return this.pending;
  }
}
