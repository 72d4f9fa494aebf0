// The shape of a case and of its fix actions, validated with zod (strict: unknown keys are refused).
import { z } from 'zod';
import { unsafePatternReason } from './safe-regex.js';

export const CASE_ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const id = z.string().regex(CASE_ID_RE, 'ids are 1-64 letters, digits, . _ -');
const text = (max: number) => z.string().min(1).max(max);
const pattern = z.string().superRefine((s, ctx) => {
  const reason = unsafePatternReason(s);
  if (reason) ctx.addIssue({ code: 'custom', message: `pattern ${JSON.stringify(s.slice(0, 60))}: ${reason}` });
});
const configKey = z.string().regex(/^[A-Za-z0-9_$-]+(?:\.[A-Za-z0-9_$-]+)*$/, 'a dotted key path').refine((k) => !k.split('.').some((p) => p === '__proto__' || p === 'constructor' || p === 'prototype'), 'forbidden key');

export const ActionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('restart-gateway') }),
  z.strictObject({ type: z.literal('restore-snapshot') }),
  z.strictObject({ type: z.literal('set-config-key'), key: configKey, value: z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]) }),
  /** Without `key`, the key named by the error (`Unrecognized key: "x"`) is removed. */
  z.strictObject({ type: z.literal('remove-config-key'), key: configKey.optional() }),
  z.strictObject({ type: z.literal('stop-stale-gateway') }),
  z.strictObject({ type: z.literal('openclaw-doctor-fix'), timeoutSec: z.number().min(5).max(1800).optional() }),
  z.strictObject({ type: z.literal('wait-rate-limit'), seconds: z.number().min(1).max(3600).optional() }),
  z.strictObject({ type: z.literal('prune-logs'), olderThanDays: z.number().min(1).max(3650).optional() }),
  z.strictObject({ type: z.literal('escalate'), message: text(500).optional() }),
  /** Runs only when the user approved exactly this command for this case (settings doctor.approvedCommands). */
  z.strictObject({ type: z.literal('shell'), command: text(1000), timeoutSec: z.number().min(1).max(600).optional() }),
]);
export type Action = z.infer<typeof ActionSchema>;
export type ActionType = Action['type'];

export const CASE_ORIGINS = ['builtin', 'user', 'learned'] as const;
export type CaseOrigin = (typeof CASE_ORIGINS)[number];

export const ESCALATION_CAUSES = ['config-refused', 'breaker', 'port-foreign', 'unhealthy-too-long', 'crash-loop', 'diagnosed', 'cannot-restart'] as const;

export const MatchSchema = z.strictObject({
  /** Exact substrings (case-sensitive): the strongest evidence. */
  signatures: z.array(text(300)).max(20).default([]),
  /** Regexes (case-insensitive) on output and log lines. */
  patterns: z.array(pattern).max(20).default([]),
  exitCodes: z.array(z.number().int().min(0).max(255)).max(20).default([]),
  /** Prefixes of /readyz failing[] entries. */
  failing: z.array(text(100)).max(20).default([]),
  /** Config-check finding codes. */
  findings: z.array(text(64)).max(20).default([]),
  causes: z.array(z.enum(ESCALATION_CAUSES)).max(5).default([]),
  portHolder: z.enum(['openclaw', 'foreign']).optional(),
  keywords: z.array(text(50)).max(30).default([]),
});

export const CaseSchema = z.strictObject({
  id,
  title: z.strictObject({ en: text(200), zh: text(200) }),
  description: z.strictObject({ en: text(2000), zh: text(2000) }),
  severity: z.enum(['critical', 'high', 'medium', 'low']),
  match: MatchSchema,
  fix: z.array(ActionSchema).max(10),
  /** Higher wins a tie. */
  priority: z.number().int().min(-100).max(100).default(0),
  enabled: z.boolean().default(true),
  /** `always`: the fix waits for approval even under autoHeal=safe (it changes what the user chose). */
  approval: z.enum(['auto', 'always']).default('auto'),
  /** Seed counts (the store keeps the live ones). */
  attempts: z.number().int().min(0).default(0),
  successes: z.number().int().min(0).default(0),
  references: z.array(text(300)).max(10).default([]),
  /** Where the case comes from: shipped with ClawDoc, written by the user, or learned (proposed by an AI
   * from past incidents). A user or learned case with a built-in id is an override of that case. */
  origin: z.enum(CASE_ORIGINS).default('user'),
  /** Learned cases wait for a person's review: `pending` until accepted (they run meanwhile). */
  review: z.enum(['pending', 'accepted']).optional(),
});
export type Case = z.output<typeof CaseSchema>;
export type CaseInput = z.input<typeof CaseSchema>;

export const CaseFileSchema = z.union([z.array(CaseSchema).max(1000), z.strictObject({ version: z.number().optional(), cases: z.array(CaseSchema).max(1000) })]);

export function formatZodError(err: z.ZodError): string {
  return err.issues
    .slice(0, 10)
    .map((i) => {
      const path = i.path.join('.');
      if (i.code === 'unrecognized_keys') return `${path ? `${path}: ` : ''}unknown key ${i.keys.map((k) => `"${k}"`).join(', ')}`;
      if (i.code === 'invalid_union' && 'note' in i === false) return `${path || '(root)'}: ${i.message}`;
      return `${path || '(root)'}: ${i.message}`;
    })
    .join('; ');
}
