// How ClawDoc restarts the gateway: one interface, one implementation per --manage mode.
export type ConcreteManageMode = 'child' | 'service' | 'command' | 'none';

export interface ExitInfo {
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  at: number;
  /** How long the process ran (ms). */
  uptimeMs: number;
  /** Its last lines of output (ANSI stripped), when ClawDoc captured them. */
  lastOutput: string[];
}

export interface RestartOutcome {
  ok: boolean;
  /** What was run, for the event log. */
  via: string;
  detail?: string;
  pid?: number;
  /** Retrying cannot help (the program does not exist or may not be run): escalate instead. */
  fatal?: boolean;
}

export interface StopOptions {
  /** The gateway stopped answering: it cannot drain, so it is killed after the probe budget. */
  hung?: boolean;
}

export interface GatewayManager {
  readonly mode: ConcreteManageMode;
  /** Whether ClawDoc can bring the gateway back at all in this mode. */
  readonly canRestart: boolean;
  /** The gateway pid ClawDoc knows about (its child, or an adopted one). */
  pid(): number | undefined;
  /** When the known process was started. */
  startedAt(): number | undefined;
  /** Start a gateway that is not running. */
  start(reason: string): Promise<RestartOutcome>;
  /** Stop (if running) and start again. */
  restart(reason: string): Promise<RestartOutcome>;
  /** Stop the gateway: TERM, then KILL after the timeout. Only processes ClawDoc verified as OpenClaw's. */
  stop(reason: string, opts?: StopOptions): Promise<void>;
  /** Child mode: the handoff of a gateway that exited 0 by itself (OpenClaw's restart in external mode). */
  consumeHandoff?(pid: number): Promise<{ status: string; reason?: string; detail?: string } | undefined>;
  /** Called when the gateway is healthy (child mode negotiates OpenClaw's restart handoff then). */
  settled?(): void;
  /** Take over a running gateway ClawDoc did not start in this run (child mode). */
  adopt(pid: number, startedAt?: number, logOffset?: number, ownGroup?: boolean, handoff?: boolean): Promise<boolean>;
  /** Called with every exit of the known process. */
  onExit(listener: (info: ExitInfo) => void): void;
  /** The last lines the gateway printed (child mode). */
  lastOutput(lines?: number): Promise<string[]>;
  /** Periodic upkeep while watching (child mode: rotate the gateway's log by size). */
  maintain?(): void;
  dispose(): void;
}
