// The AI's answer: JSON with a schema, found inside whatever text surrounds it (prose, ``` fences),
// validated, and reduced to catalogue actions. Anything else is refused with the reason recorded.
import { z } from 'zod';
import type { AiPlan, AiProviderName, AiRejection } from '../../../../shared/ai.js';
import type { Action } from '../cases/case-schema.js';
import { checkAiAction } from './catalogue.js';

/** Longest answer looked at; the rest is cut (a huge answer is refused, not parsed for minutes). */
export const MAX_ANSWER_CHARS = 200_000;

export const AnswerSchema = z.object({
  summary: z.string().min(1).max(2000),
  rootCause: z.string().min(1).max(4000),
  confidence: z.number().min(0).max(1),
  actions: z.array(z.unknown()).max(10).default([]),
  advice: z.array(z.string().max(2000)).max(20).default([]),
});

export class AnswerError extends Error {
  override name = 'AnswerError';
}

/** Every balanced top-level `{…}` in the text (strings and escapes respected), in order. */
export function jsonObjectsIn(text: string, limit = 20): string[] {
  const out: string[] = [];
  let budget = 4 * MAX_ANSWER_CHARS; // characters scanned in all: unbalanced braces cannot make it quadratic
  for (let i = text.indexOf('{'); i >= 0 && out.length < limit && budget > 0; i = text.indexOf('{', i + 1)) {
    let depth = 0;
    let inString = false;
    let end = -1;
    for (let j = i; j < text.length && budget-- > 0; j++) {
      const ch = text[j];
      if (inString) {
        if (ch === '\\') j++;
        else if (ch === '"') inString = false;
      } else if (ch === '"') inString = true;
      else if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) {
        end = j;
        break;
      }
    }
    if (end < 0) continue;
    out.push(text.slice(i, end + 1));
    i = end; // the next object starts after this one
  }
  return out;
}

/** The plan in an answer: the first JSON object that validates; AnswerError says why none does. */
export function parseAnswer(text: string, meta: { provider: AiProviderName; model?: string; at: number; durationMs: number }): AiPlan {
  if (text.length > MAX_ANSWER_CHARS) throw new AnswerError(`the answer is ${text.length} characters, more than ${MAX_ANSWER_CHARS}`);
  const objects = jsonObjectsIn(text);
  if (!objects.length) throw new AnswerError('the answer holds no JSON object');
  let lastReason = '';
  for (const candidate of objects) {
    let value: unknown;
    try {
      value = JSON.parse(candidate);
    } catch (err) {
      lastReason = `invalid JSON: ${(err as Error).message}`;
      continue;
    }
    const r = AnswerSchema.safeParse(value);
    if (!r.success) {
      lastReason = `the JSON does not match the schema: ${r.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`;
      continue;
    }
    const actions: Action[] = [];
    const advice = [...r.data.advice];
    const rejected: AiRejection[] = [];
    for (const raw of r.data.actions) {
      const c = checkAiAction(raw);
      if (c.ok) {
        if (!actions.some((a) => JSON.stringify(a) === JSON.stringify(c.action))) actions.push(c.action);
      } else {
        rejected.push({ item: JSON.stringify(raw)?.slice(0, 300) ?? String(raw), reason: c.reason });
        if (c.advice) advice.push(c.advice);
      }
    }
    return { provider: meta.provider, ...(meta.model ? { model: meta.model } : {}), at: meta.at, durationMs: meta.durationMs, summary: r.data.summary, rootCause: r.data.rootCause, confidence: r.data.confidence, actions, advice, rejected };
  }
  throw new AnswerError(lastReason);
}
