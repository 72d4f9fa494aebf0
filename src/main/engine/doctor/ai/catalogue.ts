// The actions an AI may propose: ClawDoc's typed catalogue (cases/case-schema.ts) without `shell`.
// A command is never run from an AI answer: it is kept as advice for a person.
import { ActionSchema, type Action } from '../cases/case-schema.js';

/** What each action does, for the prompt (the AI chooses among these and nothing else). */
export const AI_CATALOGUE: { type: Action['type']; params: string; what: string }[] = [
  { type: 'restart-gateway', params: '{}', what: 'restart the OpenClaw gateway' },
  { type: 'restore-snapshot', params: '{}', what: "restore the newest known-good copy of OpenClaw's config (the current file is kept beside it)" },
  { type: 'set-config-key', params: '{"key": "dotted.path", "value": string|number|boolean|null}', what: "set one key of OpenClaw's config (backup first)" },
  { type: 'remove-config-key', params: '{"key": "dotted.path"}', what: "remove one key from OpenClaw's config (backup first)" },
  { type: 'stop-stale-gateway', params: '{}', what: 'stop an unresponsive OpenClaw gateway that holds the port (verified to be OpenClaw)' },
  { type: 'openclaw-doctor-fix', params: '{"timeoutSec"?: number}', what: 'run `openclaw doctor --fix`' },
  { type: 'wait-rate-limit', params: '{"seconds"?: number}', what: "wait for a model provider's rate limit to reset" },
  { type: 'prune-logs', params: '{"olderThanDays"?: number}', what: "delete OpenClaw's dated log files older than N days" },
  { type: 'escalate', params: '{"message"?: string}', what: 'hand over to a person with a message' },
];

const ALLOWED = new Set<string>(AI_CATALOGUE.map((a) => a.type));

export type CatalogueCheck = { ok: true; action: Action } | { ok: false; reason: string; advice?: string };

/** One action of an AI answer: a catalogue action, or why not (a shell command becomes advice). */
export function checkAiAction(raw: unknown): CatalogueCheck {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, reason: 'not an object' };
  const type = (raw as { type?: unknown }).type;
  if (type === 'shell' || type === 'command' || type === 'run' || type === 'exec') {
    const cmd = (raw as { command?: unknown; cmd?: unknown }).command ?? (raw as { cmd?: unknown }).cmd;
    return { ok: false, reason: 'a shell command is never run from an AI answer; shown as advice only', advice: typeof cmd === 'string' ? cmd.slice(0, 1000) : undefined };
  }
  if (typeof type !== 'string' || !ALLOWED.has(type)) return { ok: false, reason: `action type ${JSON.stringify(type)} is not in ClawDoc's catalogue` };
  if (/\*\*\*|\[redacted/.test(JSON.stringify(raw))) return { ok: false, reason: 'it holds a value that was redacted from the prompt' };
  const r = ActionSchema.safeParse(raw);
  if (!r.success) return { ok: false, reason: `invalid ${type}: ${r.error.issues.map((i) => `${i.path.join('.') || '(action)'}: ${i.message}`).join('; ')}` };
  return { ok: true, action: r.data };
}
