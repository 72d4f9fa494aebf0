// OpenClaw's contract for an external supervisor (docs: cli/gateway/restart-and-supervision.md), as child
// mode follows it: the gateway is told another process manager owns it, planned restarts go through
// OpenClaw's own restart path (SIGUSR2: drain, then a clean exit with a handoff, or an in-process restart),
// and the handoff is negotiated with the hidden machine contract `openclaw gateway restart-handoff`.
import { runCommand, type Runner } from '../util/exec.js';

/** Declares that another process manager (ClawDoc) owns the gateway's lifecycle. */
export const SUPERVISOR_MODE_ENV = 'OPENCLAW_SUPERVISOR_MODE';
/** The separate doctor repair policy: OpenClaw's doctor leaves service repair to the supervisor. */
export const SERVICE_REPAIR_POLICY_ENV = 'OPENCLAW_SERVICE_REPAIR_POLICY';
/** Keeps OpenClaw's restarts in-process (no fresh process, no handoff). */
export const NO_RESPAWN_ENV = 'OPENCLAW_NO_RESPAWN';
/** OpenClaw's manual restart signal (SIGUSR1 starts the inspector). */
export const RESTART_SIGNAL: NodeJS.Signals = 'SIGUSR2';

/**
 * OpenClaw's drain budget for a gateway outside launchd/systemd, from its own constants: its log says
 * `shutdown budget at startup: drain=315000ms shutdown=325000ms reserve=10000ms exitMargin=5000ms`.
 */
export const OPENCLAW_DRAIN_MS = 315_000;

/** The protocol ClawDoc speaks: version 1 with the `consume` operation. */
const PROTOCOL = 'openclaw.gateway.restart-handoff';

/** The environment child mode gives the gateway. `handoff`: the installed OpenClaw can hand a restart back. */
export function supervisedEnv(base: NodeJS.ProcessEnv, o: { handoff: boolean; userEnv?: Record<string, string> }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, [SUPERVISOR_MODE_ENV]: 'external', [SERVICE_REPAIR_POLICY_ENV]: 'external' };
  if (o.handoff && o.userEnv?.[NO_RESPAWN_ENV] === undefined) {
    // A restart becomes: drain, write the handoff, exit 0; ClawDoc consumes it and starts a fresh process.
    delete env[NO_RESPAWN_ENV];
  } else {
    env[NO_RESPAWN_ENV] ??= '1'; // without a handoff, OpenClaw restarts in-process
  }
  return env;
}

export interface HandoffCapabilities {
  ok: boolean;
  protocolVersion?: number;
  operations: string[];
  /** Why negotiation failed (timeout, unknown command …). */
  detail?: string;
}

export interface ConsumeResult {
  /** `accepted`: the restart was OpenClaw's handoff for exactly this pid. */
  status: string;
  reason?: string;
  detail?: string;
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  try {
    const v: unknown = JSON.parse(text.slice(start));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Parses `restart-handoff capabilities --json`: usable only for protocol version 1 with `consume`. */
export function parseCapabilities(stdout: string): HandoffCapabilities {
  const json = parseJsonObject(stdout);
  if (!json || json.ok !== true || json.protocol !== PROTOCOL) return { ok: false, operations: [], detail: 'no restart-handoff capabilities in the answer' };
  const operations = Array.isArray(json.operations) ? json.operations.map(String) : [];
  const protocolVersion = typeof json.protocolVersion === 'number' ? json.protocolVersion : undefined;
  return { ok: protocolVersion === 1 && operations.includes('consume'), protocolVersion, operations };
}

/** Parses `restart-handoff consume --expected-pid <pid> --json`. */
export function parseConsume(stdout: string, code: number | null): ConsumeResult {
  const json = parseJsonObject(stdout);
  if (!json) return { status: 'unknown', detail: `no JSON answer (exit ${code})` };
  return { status: typeof json.status === 'string' ? json.status : json.ok === false ? 'refused' : 'unknown', reason: typeof json.reason === 'string' ? json.reason : undefined };
}

/**
 * The hidden machine contract, run on the exact `openclaw` ClawDoc starts the gateway with. The CLI's cold
 * start is slow on a busy machine (seen: 6–15 s on 2 cores), so the timeout is generous; capabilities are
 * asked once and kept.
 */
export class HandoffClient {
  private capabilities?: Promise<HandoffCapabilities>;
  private known?: HandoffCapabilities;

  constructor(
    private readonly openclawPath: string,
    private readonly env: () => NodeJS.ProcessEnv,
    private readonly timeoutMs = 60_000,
    private readonly runner: Runner = runCommand,
  ) {}

  /** What was learned so far (undefined until capabilities answered). */
  current(): HandoffCapabilities | undefined {
    return this.known;
  }

  negotiate(): Promise<HandoffCapabilities> {
    this.capabilities ??= this.runner(this.openclawPath, ['gateway', 'restart-handoff', 'capabilities', '--json'], { timeoutMs: this.timeoutMs, env: this.env() }).then(
      (r) => {
        const caps: HandoffCapabilities = r.error
          ? { ok: false, operations: [], detail: r.error }
          : r.timedOut
            ? { ok: false, operations: [], detail: `no answer within ${Math.round(this.timeoutMs / 1000)}s` }
            : parseCapabilities(r.stdout);
        if (!caps.ok && !caps.detail) caps.detail = `exit ${r.code}`;
        this.known = caps;
        return caps;
      },
    );
    return this.capabilities;
  }

  async consume(expectedPid: number): Promise<ConsumeResult> {
    const r = await this.runner(this.openclawPath, ['gateway', 'restart-handoff', 'consume', '--expected-pid', String(expectedPid), '--json'], { timeoutMs: this.timeoutMs, env: this.env() });
    if (r.error) return { status: 'unavailable', detail: r.error };
    if (r.timedOut) return { status: 'unavailable', detail: 'timed out' };
    return parseConsume(r.stdout, r.code);
  }
}
