// The typed actions the doctor can run: what cases and AI plans are made of (a file of its own, so
// doctor.ts and ai.ts both build on it without importing each other).
/** A typed fix: the only things a case or an AI plan can ask ClawDoc to do. */
export type FixAction =
  | { type: 'restart-gateway' }
  | { type: 'restore-snapshot' }
  | { type: 'set-config-key'; key: string; value: string | number | boolean | null }
  /** Without `key`, the key named by OpenClaw's own validation error is removed. */
  | { type: 'remove-config-key'; key?: string }
  | { type: 'stop-stale-gateway' }
  | { type: 'openclaw-doctor-fix'; timeoutSec?: number }
  | { type: 'wait-rate-limit'; seconds?: number }
  | { type: 'prune-logs'; olderThanDays?: number }
  | { type: 'escalate'; message?: string }
  /** Runs only when the user approved exactly this command for this case. */
  | { type: 'shell'; command: string; timeoutSec?: number };

export type FixActionType = FixAction['type'];
